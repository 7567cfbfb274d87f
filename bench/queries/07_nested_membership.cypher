MATCH (p:Partnership {id: $partnership})
CALL (p) {
  MATCH (p)<-[m:MEMBER_OF]-(c:Country)
  WHERE m.role = 'FOUNDING_PARTNER'
  WITH m, c ORDER BY c.name
  WITH collect([m, c]) AS members
  UNWIND members[0..20] AS mc
  WITH members, mc[0] AS m, mc[1] AS c
  RETURN size(members) AS totalCount, collect({
    properties: {role: m.role, validFrom: m.validFrom, validTo: m.validTo},
    node: {id: c.id, name: c.name, organizations: COLLECT {
      MATCH (c)<-[:BASED_IN]-(o:Organization) WHERE o.kind = 'FINANCIER'
      WITH o ORDER BY o.name LIMIT 5
      RETURN {id: o.id, name: o.name, financesProjects: COLLECT {
        MATCH (o)-[:FINANCES]->(x:Project) WHERE x.stage = 'MINING'
        WITH DISTINCT x ORDER BY x.name LIMIT 3
        RETURN {id: x.id, name: x.name} }} }}
  }) AS edges
}
RETURN p.id AS id, p.name AS name, {totalCount: totalCount, edges: edges} AS memberCountriesConnection
