MATCH (p:Project {id: $id})
RETURN p.id AS id, p.name AS name, p.stage AS stage, p.status AS status, p.location AS location,
  COLLECT { MATCH (p)-[:LOCATED_IN]->(c:Country) RETURN {id: c.id, name: c.name} LIMIT 5 } AS country,
  COLLECT { MATCH (p)<-[:OPERATES]-(o:Organization) RETURN {id: o.id, name: o.name, kind: o.kind} LIMIT 10 } AS operators,
  COLLECT { MATCH (p)-[:INVOLVES_MINERAL]->(m:Mineral) RETURN {id: m.id, name: m.name, symbol: m.symbol} LIMIT 10 } AS minerals
