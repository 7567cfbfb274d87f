MATCH (c:Country)
WHERE (c.name STARTS WITH 'S' OR NOT EXISTS { MATCH (c)-[:MEMBER_OF]->(:Partnership {id: 'msp'}) })
  AND COUNT { MATCH (c)<-[:LOCATED_IN]-(p:Project) WHERE p.stage = 'REFINING' } = 1
RETURN c.id AS id, c.name AS name ORDER BY c.name LIMIT 10
