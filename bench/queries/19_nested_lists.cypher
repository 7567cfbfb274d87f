MATCH (pa:Partnership {id: $partnership})
RETURN pa.id AS id, pa.name AS name,
  COLLECT {
    MATCH (pa)<-[:MEMBER_OF]-(c:Country)
    WITH DISTINCT c ORDER BY c.name LIMIT 10
    RETURN {id: c.id, name: c.name, projects: COLLECT {
      MATCH (c)<-[:LOCATED_IN]-(p:Project) WHERE p.stage = 'MINING'
      WITH p ORDER BY p.name LIMIT 5
      RETURN {id: p.id, name: p.name, minerals: COLLECT {
        MATCH (p)-[:INVOLVES_MINERAL]->(m:Mineral)
        WITH m ORDER BY m.name LIMIT 3
        RETURN {id: m.id, name: m.name}
      }}
    }}
  } AS memberCountries
