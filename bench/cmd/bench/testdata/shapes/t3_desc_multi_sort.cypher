MATCH (p:Project)
WHERE p.stage IN ['MINING', 'REFINING'] AND p.status = 'OPERATING'
RETURN p.id AS id, p.name AS name, p.stage AS stage ORDER BY p.stage DESC, p.name SKIP 30 LIMIT 15
