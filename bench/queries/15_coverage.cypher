// The mineral's latest production figures at the stage; the partnership's member countries
// on the figures' year (observers are not members; validFrom ≤ year < validTo); the share of
// the world total the members produce, and the largest producer outside them.
MATCH (x:Mineral {id: $mineral}), (p:Partnership {id: $partnership})
MATCH (x)<-[:INVOLVES_MINERAL]-(m:Measurement {metric: 'PRODUCTION', stage: $stage})
WHERE m.edition IS NOT NULL AND m.year IS NOT NULL AND m.yearFrom IS NULL
WITH p, m ORDER BY m.edition DESC, m.year DESC
WITH p, collect(m) AS figures
WITH p, figures[0].edition AS edition, figures[0].year AS year, toString(figures[0].year) AS asOf,
     [m IN figures WHERE m.edition = figures[0].edition AND m.year = figures[0].year] AS ms
WITH p, edition, year, asOf, ms, [m IN ms WHERE m.aggregate = 'WORLD'][0] AS world
CALL (p, asOf) {
  MATCH (c:Country)-[r:MEMBER_OF]->(p)
  WHERE coalesce(r.role, '') <> 'OBSERVER'
    AND (r.validFrom IS NULL OR r.validFrom <= asOf) AND (r.validTo IS NULL OR asOf < r.validTo)
  WITH DISTINCT c ORDER BY c.name
  RETURN collect(c) AS members
}
CALL (ms, world) {
  UNWIND ms AS m
  MATCH (m)-[:ABOUT]->(c:Country)
  WHERE m.aggregate IS NULL AND m.canonicalValue IS NOT NULL
  WITH c, sum(m.canonicalValue) AS value
  ORDER BY value DESC, c.name
  RETURN collect({c: c, value: value, share: 100.0 * value / world.canonicalValue}) AS shares
}
WITH edition, year, asOf, world, members, [s IN shares WHERE s.c IN members] AS inside, [s IN shares WHERE NOT s.c IN members] AS outside
RETURN {coverage: {
  asOf: asOf,
  share: reduce(t = 0.0, s IN inside | t + s.share),
  members: [c IN members | {id: c.id, name: c.name}],
  contributing: [s IN inside | {country: {id: s.c.id}, value: s.value, share: s.share}],
  largestNonMember: CASE WHEN size(outside) = 0 THEN null ELSE {country: {id: outside[0].c.id}, share: outside[0].share} END,
  supply: {edition: edition, year: year, worldTotal: world.canonicalValue}
}} AS data
