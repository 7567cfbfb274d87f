MATCH (c:Country {id: 'AU'})
RETURN c.id AS id, COLLECT {
  MATCH (c)<-[:LOCATED_IN]-(p:Project) WITH DISTINCT p ORDER BY p.name LIMIT 10
  CALL (p) {
    MATCH (p)<-[f:FINANCES]-(o:Organization)
    WITH f, o ORDER BY f.amount DESC
    WITH collect({amount: f.amount, id: o.id, name: o.name}) AS rows
    RETURN size(rows) AS totalCount, rows[0..3] AS edges
  }
  RETURN {id: p.id, name: p.name, totalCount: totalCount, edges: edges}
} AS projects
