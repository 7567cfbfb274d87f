MATCH (o:Organization {id: 'dfc'})
CALL (o) {
  MATCH (o)-[f:FINANCES]->(p:Project) WHERE f.amount >= 10
  WITH f, p ORDER BY p.name
  WITH collect(p) AS ps, count(f) AS edges, count(DISTINCT p) AS nodes, min(f.amount) AS mn, max(f.amount) AS mx, sum(f.amount) AS sm
  RETURN edges, nodes, mn, mx, sm, [p IN ps[0..5] | {id: p.id, name: p.name}] AS page
}
RETURN o.id AS id, edges, nodes, mn, mx, sm, page
