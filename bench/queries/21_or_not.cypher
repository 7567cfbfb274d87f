MATCH (p:Project)
WHERE p.name STARTS WITH $prefix
  AND (p.status = 'OPERATING' OR p.stage = 'REFINING')
  AND NOT EXISTS { (p)-[:LOCATED_IN]->(:Country)-[:MEMBER_OF]->(:Partnership {id: $partnership}) }
RETURN p.id AS id, p.name AS name, p.stage AS stage, p.status AS status
ORDER BY p.name
LIMIT 20
