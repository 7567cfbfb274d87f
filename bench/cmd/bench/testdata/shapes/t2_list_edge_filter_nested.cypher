MATCH (p:Project)
WHERE EXISTS { MATCH (p)<-[f:FINANCES]-(o:Organization) WHERE f.amount > 500 AND o.kind = 'FINANCIER' }
WITH p ORDER BY p.name LIMIT 10
RETURN p.id AS id, p.name AS name, COLLECT { MATCH (p)<-[:FINANCES]-(o:Organization) WITH DISTINCT o ORDER BY o.name LIMIT 3 RETURN o.id } AS financiers
