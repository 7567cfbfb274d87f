MATCH (o:Organization {id: 'dfc'})
CALL (o) {
  MATCH (o)-[f:FINANCES]->(p:Project)
  WHERE f.amount > 100 OR p.status = 'OPERATING'
  WITH f, p ORDER BY f.amount DESC
  WITH collect({amount: f.amount, id: p.id, name: p.name}) AS rows
  RETURN size(rows) AS totalCount, rows[0..5] AS edges
}
RETURN o.id AS id, totalCount, edges
