MATCH (pa:Partnership {id: 'msp'})
CALL (pa) {
  MATCH (pa)<-[:MEMBER_OF]-(c:Country) WITH DISTINCT c ORDER BY c.name LIMIT 5
  CALL (c) {
    MATCH (c)<-[:BASED_IN]-(o:Organization) WHERE o.kind = 'FINANCIER'
    WITH DISTINCT o ORDER BY o.name LIMIT 5
    CALL (o) {
      MATCH (o)-[:FINANCES]->(p:Project)
      WITH p ORDER BY p.name
      WITH collect(p) AS ps
      RETURN size(ps) AS totalCount, [p IN ps[0..3] | {name: p.name, minerals: COLLECT { MATCH (p)-[:INVOLVES_MINERAL]->(m:Mineral) WITH DISTINCT m ORDER BY m.name LIMIT 2 RETURN m.name }}] AS edges
    }
    RETURN collect({id: o.id, totalCount: totalCount, edges: edges}) AS organizations
  }
  RETURN collect({id: c.id, organizations: organizations}) AS memberCountries
}
RETURN pa.id AS id, memberCountries
