// The latest edition and year with production figures at the stage; every mineral with a
// published world total then, its countries' shares of it, ranked by HHI, then by the top
// share, then by name.
CALL () {
  MATCH (m:Measurement {metric: 'PRODUCTION', stage: $stage})
  WHERE m.edition IS NOT NULL AND m.year IS NOT NULL AND m.yearFrom IS NULL
  RETURN m.edition AS edition, m.year AS year ORDER BY edition DESC, year DESC LIMIT 1
}
MATCH (w:Measurement {metric: 'PRODUCTION', stage: $stage, edition: edition, year: year, aggregate: 'WORLD'})-[:INVOLVES_MINERAL]->(x:Mineral)
CALL (x, w, edition, year) {
  MATCH (x)<-[:INVOLVES_MINERAL]-(m:Measurement {metric: 'PRODUCTION', stage: $stage, edition: edition, year: year})-[:ABOUT]->(c:Country)
  WHERE m.aggregate IS NULL AND m.canonicalValue IS NOT NULL
  WITH c, sum(m.canonicalValue) AS value
  ORDER BY value DESC, c.name
  WITH collect({country: {id: c.id, name: c.name}, share: 100.0 * value / w.canonicalValue}) AS shares
  RETURN shares, reduce(h = 0.0, s IN shares | h + s.share * s.share) AS hhi
}
WITH edition, year, x, w, shares, hhi
WHERE size(shares) > 0
ORDER BY hhi DESC, shares[0].share DESC, x.name
LIMIT $limit
WITH edition, year, collect({mineral: {id: x.id, name: x.name}, series: toLower(replace(w.stageDetail, ': rounded', '')),
  worldTotal: w.canonicalValue, hhi: hhi, cr1: shares[0].share, top: shares[0]}) AS minerals
RETURN {concentration: {edition: edition, year: year, minerals: minerals}} AS data
