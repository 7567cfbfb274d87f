// The country's net import reliance figures of the latest edition and year that are known
// to be at least $minReliance (a value or a lower bound); for each mineral, its import
// sources of that edition, whether each source is a member of the partnership on the
// figures' year, and the agreements the source and the country are both parties to (the
// first 10 by name, as the GraphQL field lists them without a limit).
// The country's figures are read in one pass; each source country is looked at once.
MATCH (home:Country {id: $country}), (p:Partnership {id: $partnership})
MATCH (home)<-[:ABOUT]-(m:Measurement)
WHERE m.metric IN ['NET_IMPORT_RELIANCE', 'IMPORT_SOURCE_SHARE'] AND m.edition IS NOT NULL AND m.year IS NOT NULL
WITH home, p, m ORDER BY m.edition DESC, m.year DESC
WITH home, p, collect(m) AS figures
WITH home, p, figures, [f IN figures WHERE f.metric = 'NET_IMPORT_RELIANCE'][0] AS latest
WITH home, p, latest.edition AS edition, latest.year AS year, toString(latest.year) AS asOf,
     [f IN figures WHERE f.metric = 'NET_IMPORT_RELIANCE' AND f.edition = latest.edition AND f.year = latest.year
        AND f.value >= $minReliance AND NOT f.qualifier IN ['UNDER', 'UP_TO', 'NET_EXPORTER']] AS reliance,
     [f IN figures WHERE f.metric = 'IMPORT_SOURCE_SHARE' AND f.edition = latest.edition] AS imports
CALL (home, p, asOf, imports) {
  UNWIND imports AS s
  MATCH (s)-[:RELATIVE_TO]->(src:Country)
  WITH DISTINCT src
  RETURN collect({src: src,
    partner: EXISTS { (src)-[r:MEMBER_OF]->(p) WHERE coalesce(r.role, '') <> 'OBSERVER'
      AND (r.validFrom IS NULL OR r.validFrom <= asOf) AND (r.validTo IS NULL OR asOf < r.validTo) },
    agreements: COLLECT { MATCH (src)-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(home)
      WITH DISTINCT a ORDER BY a.name, a.id LIMIT 10 RETURN {id: a.id} AS a }}) AS sources
}
CALL (imports, sources) {
  UNWIND imports AS s
  MATCH (s)-[:INVOLVES_MINERAL]->(x:Mineral)
  OPTIONAL MATCH (s)-[:RELATIVE_TO]->(src:Country)
  WITH x, s, src, [e IN sources WHERE e.src = src][0] AS e
  RETURN collect({x: x, source: {country: CASE WHEN src IS NULL THEN null ELSE {id: src.id} END, form: s.stageDetail,
    share: s.value, partner: coalesce(e.partner, false), agreements: coalesce(e.agreements, [])}}) AS bySource
}
UNWIND reliance AS m
MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral)
WITH edition, year, collect({mineral: {id: x.id, name: x.name}, detail: m.stageDetail, reliance: m.value, qualifier: m.qualifier,
  estimated: m.estimated, importSources: [b IN bySource WHERE b.x = x | b.source]}) AS minerals
RETURN {dependency: {edition: edition, year: year, minerals: minerals}} AS data
