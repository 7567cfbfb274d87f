// The latest edition and year of the mineral's production figures at the stage, then each
// country's figure (its rows summed) as a percentage of the published world total.
MATCH (:Mineral {id: $mineral})<-[:INVOLVES_MINERAL]-(m:Measurement {metric: 'PRODUCTION', stage: $stage})
WHERE m.edition IS NOT NULL AND m.year IS NOT NULL AND m.yearFrom IS NULL
WITH m ORDER BY m.edition DESC, m.year DESC
WITH collect(m) AS figures
WITH figures[0].edition AS edition, figures[0].year AS year, [m IN figures WHERE m.edition = figures[0].edition AND m.year = figures[0].year] AS ms
WHERE size(ms) > 0
WITH edition, year, ms, [m IN ms WHERE m.aggregate = 'WORLD'][0] AS world, [m IN ms WHERE m.aggregate = 'OTHER_COUNTRIES'][0] AS other
CALL (ms, world) {
  UNWIND ms AS m
  MATCH (m)-[:ABOUT]->(c:Country)
  WHERE m.aggregate IS NULL AND m.canonicalValue IS NOT NULL
  WITH c, sum(m.canonicalValue) AS value, collect(m) AS rows
  ORDER BY value DESC, c.name
  RETURN collect({country: {id: c.id, name: c.name}, value: value, share: 100.0 * value / world.canonicalValue,
    qualifier: coalesce([r IN rows WHERE r.qualifier <> 'EXACT' | r.qualifier][0], 'EXACT'),
    estimated: any(r IN rows WHERE r.estimated)}) AS shares
}
CALL (ms) {
  UNWIND ms AS m
  MATCH (m)-[:ABOUT]->(c:Country)
  WHERE m.qualifier = 'WITHHELD'
  RETURN collect({country: {id: c.id}}) AS withheld
}
RETURN {supply: {
  edition: edition, year: year, unit: ms[0].canonicalUnit,
  worldTotal: world.canonicalValue, worldTotalPublished: world IS NOT NULL,
  hhi: reduce(h = 0.0, s IN shares | h + s.share * s.share),
  cr1: reduce(t = 0.0, s IN shares[..1] | t + s.share),
  cr3: reduce(t = 0.0, s IN shares[..3] | t + s.share),
  cr5: reduce(t = 0.0, s IN shares[..5] | t + s.share),
  otherShare: 100.0 * other.canonicalValue / world.canonicalValue,
  shares: shares, withheld: withheld
}} AS data
