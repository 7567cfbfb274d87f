MATCH (c:Country {id: $country})
RETURN c.id AS id, c.name AS name, c.aliases AS aliases,
  COLLECT { MATCH (c)-[:MEMBER_OF]->(p:Partnership) RETURN {id: p.id, name: p.name, kind: p.kind} ORDER BY p.name LIMIT 50 } AS memberOf,
  COLLECT { MATCH (c)-[:PARTY_TO]->(a:Agreement) RETURN {id: a.id, name: a.name, status: a.status} ORDER BY a.name LIMIT 10 } AS agreements
