MATCH (o:Organization {id: $financier})
CALL (o) {
  MATCH (o)-[f:FINANCES]->(p:Project)
  WHERE f.instrument = 'LOAN' AND f.amount >= $minAmount
  RETURN count(*) AS totalCount
}
CALL (o) {
  MATCH (o)-[f:FINANCES]->(p:Project)
  WHERE f.instrument = 'LOAN' AND f.amount >= $minAmount
  WITH f, p ORDER BY f.amount DESC, p.id LIMIT 10
  RETURN collect({
    properties: {instrument: f.instrument, amount: f.amount, currency: f.currency, status: f.status, validFrom: f.validFrom},
    node: {id: p.id, name: p.name, stage: p.stage,
      country: COLLECT { MATCH (p)-[:LOCATED_IN]->(c:Country) RETURN {id: c.id, name: c.name} LIMIT 5 },
      minerals: COLLECT { MATCH (p)-[:INVOLVES_MINERAL]->(m:Mineral)
        RETURN {id: m.id, name: m.name, partOf: COLLECT { MATCH (m)-[:PART_OF]->(g:Mineral) RETURN {id: g.id, name: g.name} LIMIT 5 }} LIMIT 5 }}
  }) AS edges
}
RETURN o.id AS id, o.name AS name, {totalCount: totalCount, edges: edges} AS financesProjectsConnection
