MATCH (o:Organization)
WHERE o.kind = 'FINANCIER' AND NOT EXISTS { MATCH (o)-[f:FINANCES]->(:Project) WHERE NOT f.amount > 1 OR f.amount IS NULL }
RETURN o.id AS id, o.name AS name ORDER BY o.name LIMIT 10
