MATCH (c:Country {id: 'AU'})
CALL (c) {
  MATCH (c)<-[:BASED_IN]-(o:Organization) WHERE o.kind = 'COMPANY'
  WITH o ORDER BY o.name
  WITH collect(o) AS os
  UNWIND os[0..5] AS o
  CALL (o) {
    MATCH (o)-[f:FINANCES]->(p:Project)
    WITH f, p ORDER BY p.id
    WITH collect({amount: f.amount, id: p.id}) AS rows
    RETURN size(rows) AS t2, rows[0..2] AS e2
  }
  RETURN size(os) AS total, collect({id: o.id, totalCount: t2, edges: e2}) AS edges
}
RETURN total, edges
