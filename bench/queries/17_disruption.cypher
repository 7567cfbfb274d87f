// The mineral's latest production figures at the stage without the supplier: its share
// of the world total, what remains (the world total less its figure, or the other rows
// with "Other countries" where that is larger) and the others' shares of it; the
// importers whose latest import sources of the mineral include the supplier; projects at
// the stage about the mineral or its parts (at any depth: a part's part is a part)
// outside the supplier, their financings, and the agreements and policies on them the
// supplier is no party to or issuer of: the first 100 of each by name (the API's default
// limit; financings by project, then financier).
MATCH (x:Mineral {id: $mineral}), (sup:Country {id: $supplier})
MATCH (x)<-[:INVOLVES_MINERAL]-(m:Measurement {metric: 'PRODUCTION', stage: $stage})
WHERE m.edition IS NOT NULL AND m.year IS NOT NULL AND m.yearFrom IS NULL
WITH x, sup, m ORDER BY m.edition DESC, m.year DESC
WITH x, sup, collect(m) AS figures
WITH x, sup, [m IN figures WHERE m.edition = figures[0].edition AND m.year = figures[0].year] AS ms
WITH x, sup, ms, [m IN ms WHERE m.aggregate = 'WORLD'][0].canonicalValue AS world,
     coalesce([m IN ms WHERE m.aggregate = 'OTHER_COUNTRIES'][0].canonicalValue, 0.0) AS other
CALL (ms) {
  UNWIND ms AS m
  MATCH (m)-[:ABOUT]->(c:Country)
  WHERE m.aggregate IS NULL AND m.canonicalValue IS NOT NULL
  WITH c, sum(m.canonicalValue) AS value
  ORDER BY value DESC, c.name
  RETURN collect({c: c, value: value}) AS rows
}
WITH x, sup, world, other, [r IN rows WHERE r.c = sup][0] AS lost, [r IN rows WHERE r.c <> sup] AS rest
WITH x, sup, world, lost, rest, world - coalesce(lost.value, 0.0) AS less, reduce(t = other, r IN rest | t + r.value) AS summed
WITH x, sup, world, lost, CASE WHEN summed > less THEN summed ELSE less END AS remainingTotal, rest
WITH x, sup, world, lost, remainingTotal, [r IN rest | {country: {id: r.c.id}, share: 100.0 * r.value / remainingTotal}] AS remaining
CALL (x, sup) {
  OPTIONAL MATCH (x)<-[:INVOLVES_MINERAL]-(s:Measurement {metric: 'IMPORT_SOURCE_SHARE'})
  WITH x, sup, max(s.edition) AS latest
  OPTIONAL MATCH (x)<-[:INVOLVES_MINERAL]-(s:Measurement {metric: 'IMPORT_SOURCE_SHARE', edition: latest})-[:RELATIVE_TO]->(sup)
  OPTIONAL MATCH (s)-[:ABOUT]->(importer:Country)
  RETURN collect(CASE WHEN importer IS NOT NULL THEN {country: {id: importer.id}, form: s.stageDetail, share: s.value} END) AS importers
}
CALL (x) {
  MATCH (y:Mineral)-[:PART_OF*0..]->(x)
  RETURN collect(DISTINCT y) AS family
}
CALL (family, sup) {
  UNWIND family AS y
  MATCH (y)<-[:INVOLVES_MINERAL]-(pr:Project {stage: $stage})
  WHERE NOT EXISTS { (pr)-[:LOCATED_IN]->(sup) }
  WITH DISTINCT pr ORDER BY pr.name, pr.id
  RETURN collect(pr) AS projects
}
CALL (family, sup) {
  UNWIND family AS y
  MATCH (y)<-[:INVOLVES_MINERAL]-(ag:Agreement)
  WHERE NOT EXISTS { (sup)-[:PARTY_TO]->(ag) }
  WITH DISTINCT ag ORDER BY ag.name, ag.id
  RETURN collect({id: ag.id})[..100] AS agreements
}
CALL (family, sup) {
  UNWIND family AS y
  MATCH (y)<-[:INVOLVES_MINERAL]-(pol:Policy)
  WHERE NOT EXISTS { (sup)-[:ISSUES]->(pol) }
  WITH DISTINCT pol ORDER BY pol.name, pol.id
  RETURN collect({id: pol.id})[..100] AS policies
}
RETURN {disruption: {
  lost: CASE WHEN lost IS NULL THEN null ELSE {value: lost.value, share: 100.0 * lost.value / world} END,
  remainingTotal: remainingTotal,
  remainingHhi: reduce(h = 0.0, r IN remaining | h + r.share * r.share),
  remainingTop: remaining[0],
  importersAtStake: importers,
  projects: [pr IN projects[..100] | {id: pr.id}],
  financings: COLLECT {
    UNWIND projects AS pr
    MATCH (o:Organization)-[f:FINANCES]->(pr)
    WITH o, f, pr ORDER BY pr.name, pr.id, o.name, o.id, elementId(f)
    RETURN {financier: {id: o.id}, project: {id: pr.id}, financing: {amount: f.amount, currency: f.currency}} AS f
  }[..100],
  agreements: agreements,
  policies: policies
}} AS data
