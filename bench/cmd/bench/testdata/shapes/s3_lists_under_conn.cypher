MATCH (c:Country {id: 'CN'})
CALL (c) {
  MATCH (c)<-[:LOCATED_IN]-(p:Project)
  WITH p ORDER BY p.name
  WITH collect(p) AS ps
  RETURN size(ps) AS totalCount, [p IN ps[0..5] | {id: p.id, name: p.name, financiers: COLLECT {
    MATCH (p)<-[:FINANCES]-(o:Organization) WITH DISTINCT o ORDER BY o.name LIMIT 3
    RETURN {id: o.id, name: o.name, basedIn: COLLECT { MATCH (o)-[:BASED_IN]->(b:Country) WITH DISTINCT b ORDER BY b.id LIMIT 2 RETURN {id: b.id} }}
  }}] AS edges
}
RETURN c.id AS id, totalCount, edges
