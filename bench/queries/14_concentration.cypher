// The latest edition and year with production figures at the stage; each published world
// total then is a table (a mineral with several, e.g. clays, has one per series: the
// total's wording without its rounding mark, matched by the country rows' wording without
// their qualifier); the countries' shares of it, summed per country, of tables whose rows
// share one unit; ranked by HHI, then by the top share, then by name.
CALL () {
  MATCH (m:Measurement {metric: 'PRODUCTION', stage: $stage})
  WHERE m.edition IS NOT NULL AND m.year IS NOT NULL AND m.yearFrom IS NULL
  RETURN m.edition AS edition, m.year AS year ORDER BY edition DESC, year DESC LIMIT 1
}
MATCH (w:Measurement {metric: 'PRODUCTION', stage: $stage, edition: edition, year: year, aggregate: 'WORLD'})-[:INVOLVES_MINERAL]->(x:Mineral)
WITH edition, year, x, collect(w) AS worlds
UNWIND worlds AS w
WITH edition, year, x, w, size(worlds) AS tables,
     toLower(replace(replace(replace(w.stageDetail, ': rounded', ''), ', rounded', ''), ', estimated', '')) AS series
CALL (x, w, edition, year, tables, series) {
  MATCH (x)<-[:INVOLVES_MINERAL]-(m:Measurement {metric: 'PRODUCTION', stage: $stage, edition: edition, year: year})
  WHERE (m.aggregate IS NULL OR m.aggregate = 'OTHER_COUNTRIES')
    AND (tables = 1 OR toLower(replace(split(m.stageDetail, '; ')[0], ', estimated', '')) = series)
  OPTIONAL MATCH (m)-[:ABOUT]->(c:Country)
  WITH w, c, m
  WITH w, collect(DISTINCT coalesce(m.canonicalUnit, m.unit)) + [coalesce(w.canonicalUnit, w.unit)] AS units,
       collect(CASE WHEN m.aggregate IS NULL AND c IS NOT NULL AND m.canonicalValue IS NOT NULL THEN {c: c, v: m.canonicalValue} END) AS rows
  CALL (w, rows) {
    UNWIND rows AS r
    WITH r.c AS c, sum(r.v) AS value
    ORDER BY value DESC, c.name
    RETURN collect({country: {id: c.id, name: c.name}, share: 100.0 * value / w.canonicalValue}) AS shares
  }
  RETURN shares, reduce(h = 0.0, s IN shares | h + s.share * s.share) AS hhi,
         all(u IN units WHERE u = units[0]) AS oneUnit
}
WITH edition, year, x, w, series, shares, hhi
WHERE size(shares) > 0 AND oneUnit AND w.canonicalValue IS NOT NULL
ORDER BY hhi DESC, shares[0].share DESC, x.name, series
LIMIT $limit
WITH edition, year, collect({mineral: {id: x.id, name: x.name}, series: series,
  worldTotal: w.canonicalValue, hhi: hhi, cr1: shares[0].share, top: shares[0]}) AS minerals
RETURN {concentration: {edition: edition, year: year, minerals: minerals}} AS data
