MATCH (:Organization {id: $financier})-[:FINANCES]->(p:Project)
WHERE p.stage = 'REFINING'
  AND EXISTS { (p)<-[:SUPPORTS]-(:Partnership {id: $partnership}) }
  AND EXISTS { (p)-[:INVOLVES_MINERAL]->(m:Mineral) WHERE m.id = $mineral OR EXISTS { (m)-[:PART_OF]->(:Mineral {id: $mineral}) } }
WITH DISTINCT p
RETURN p.id AS id, p.name AS name
ORDER BY p.name
