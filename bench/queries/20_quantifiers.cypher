MATCH (:Country {id: $country})<-[:LOCATED_IN]-(p:Project)
WHERE p.stage = 'MINING'
  AND EXISTS { (p)-[:INVOLVES_MINERAL]->(m:Mineral) WHERE m.kind = 'ELEMENT' }
  AND NOT EXISTS { (p)-[:INVOLVES_MINERAL]->(m:Mineral) WHERE m.kind <> 'ELEMENT' }
  AND NOT EXISTS { (p)<-[:FINANCES]-(o:Organization) WHERE o.kind = 'COMPANY' }
  AND COUNT { (p)<-[:SUPPORTS]-(s:Partnership) WHERE s.kind = 'INITIATIVE' } = 1
RETURN DISTINCT p.id AS id, p.name AS name
ORDER BY name
LIMIT 20
