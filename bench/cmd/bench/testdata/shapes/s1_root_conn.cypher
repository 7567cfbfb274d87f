MATCH (p:Project)-[:LOCATED_IN]->(:Country {id: 'CN'})
WHERE p.stage = 'MINING'
WITH DISTINCT p ORDER BY p.name DESC
WITH collect(p) AS ps
RETURN size(ps) AS totalCount, [p IN ps[0..10] | {id: p.id, name: p.name, status: p.status}] AS edges
