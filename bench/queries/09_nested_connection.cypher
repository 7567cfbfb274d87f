MATCH (m:Mineral {id: $mineral})
CALL (m) {
  MATCH (m)<-[:INVOLVES_MINERAL]-(p:Project)
  WHERE p.status = 'OPERATING'
  WITH p ORDER BY p.name
  RETURN count(*) AS totalCount, collect(p)[0..5] AS page
}
RETURN m.id AS id, m.name AS name,
  COLLECT { MATCH (m)<-[:PART_OF]-(x:Mineral) RETURN {id: x.id, name: x.name} LIMIT 20 } AS parts,
  {totalCount: totalCount, edges: [p IN page | {node: {id: p.id, name: p.name,
    country: COLLECT { MATCH (p)-[:LOCATED_IN]->(c:Country) RETURN {id: c.id} LIMIT 5 }}}]} AS projectsConnection
