MATCH (p:Project)-[:LOCATED_IN]->(:Country {id: 'US'})
WHERE NOT EXISTS { MATCH (p)<-[:FINANCES]-(o:Organization) WHERE o.kind = 'COMPANY' }
WITH DISTINCT p ORDER BY p.name
WITH collect(p) AS ps
RETURN size(ps) AS totalCount, [p IN ps[0..10] | {id: p.id, name: p.name}] AS edges
