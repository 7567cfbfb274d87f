MATCH (o:Organization {id: $financier})
RETURN o.id AS id, {edges: COLLECT {
  MATCH (o)-[f:FINANCES]->(p:Project)
  WITH f, p ORDER BY f.validFrom DESC, p.name LIMIT 10
  RETURN {properties: {validFrom: f.validFrom, instrument: f.instrument, amount: f.amount}, node: {id: p.id, name: p.name}}
}} AS financesProjectsConnection
