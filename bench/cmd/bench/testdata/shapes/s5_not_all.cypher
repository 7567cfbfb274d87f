MATCH (p:Project)
WHERE p.stage = 'REFINING'
  AND (NOT EXISTS { MATCH (p)-[:INVOLVES_MINERAL]->(:Mineral) }
       OR EXISTS { MATCH (p)-[:INVOLVES_MINERAL]->(m:Mineral) WHERE NOT m.kind = 'ELEMENT' })
RETURN p.id AS id, p.name AS name ORDER BY p.name DESC LIMIT 20
