MATCH (p:Project)
WHERE p.name STARTS WITH $prefix AND p.stage = 'REFINING' AND p.status = 'OPERATING'
RETURN p.id AS id, p.name AS name, p.stage AS stage, p.status AS status
ORDER BY p.name
LIMIT 20
