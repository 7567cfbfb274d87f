MATCH (c:Country {id: 'US'})
RETURN c.id AS id,
  COLLECT { MATCH (c)<-[:LOCATED_IN]-(p:Project) WITH DISTINCT p ORDER BY p.id LIMIT 10 RETURN {id: p.id, name: p.name} } AS projects,
  COLLECT { MATCH (c)<-[:BASED_IN]-(o:Organization) WHERE o.name STARTS WITH 'A' WITH DISTINCT o ORDER BY o.id LIMIT 5 RETURN o.id } AS organizations
