MATCH (o:Organization {id: $financier})
CALL (o) {
  MATCH (o)-[f:FINANCES]->(p:Project)
  WHERE p.stage IN ['MINING', 'REFINING'] AND f.instrument IN ['LOAN', 'EQUITY']
  WITH f, p ORDER BY p.name
  RETURN count(*) AS totalCount, collect([f, p])[0..11] AS page
}
RETURN o.id AS id, {
  totalCount: totalCount,
  pageInfo: {hasNextPage: size(page) > 10},
  edges: [x IN page[0..10] | {properties: {instrument: x[0].instrument}, node: {id: x[1].id, name: x[1].name, stage: x[1].stage}}]
} AS financesProjectsConnection
