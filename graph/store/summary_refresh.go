package store

// refreshSummary recomputes the summary of each key in $tables ({metric, edition, year,
// mineral, add: figure ids}): its figures are those among its summary's and the ids
// added that are, in the transaction, the key's (concentration's selection of a metric,
// edition and year: a name, no period), in the order concentration reads them (by the
// index on name); its entries are those concentration would rank, for each stage of its
// figures and for all of them ("*"), by the same fragments: a table of one stage and
// one unit whose world total is published and which lists a country. A key without
// figures loses its summary. The key is locked (the documented idiom: a property set
// before anything is read) so that concurrent refreshes of it run one after the other.
// $opt.stage and $opt.series are null: supplySeries reads them, and no series is named. The
// plan is kept (bulkPrefix): a bulk load changes the counts all along, and the plan of
// lookups by id does not depend on them.
var refreshSummary = bulkPrefix + `UNWIND $tables AS t
MERGE (s:` + SummaryLabel + ` {metric: t.metric, edition: t.edition, year: t.year, mineral: t.mineral})
SET s._lock = true
WITH s, t
CALL (s, t) {
  UNWIND coalesce(s.figures, []) + t.add AS id
  MATCH (m:Measurement {id: id})-[:INVOLVES_MINERAL]->(:Mineral {id: t.mineral}) ` + figureByID + `
  WHERE m.metric = t.metric AND m.edition = t.edition AND m.year = t.year AND m.name IS NOT NULL AND m.yearFrom IS NULL
  WITH DISTINCT m ORDER BY m.name, m.id
  RETURN collect(m) AS figures
}
CALL (t, figures) {
  UNWIND ['*'] + reduce(st = [], m IN figures | CASE WHEN m.stage IS NULL OR m.stage IN st THEN st ELSE st + m.stage END) AS scope
  UNWIND [m IN figures WHERE scope = '*' OR m.stage = scope] AS m
  WITH scope, t.edition AS edition, t.year AS year, m
  ` + figureRow("scope, edition, year") + `WITH scope, collect(r) AS rows
  ` + supplySeries("scope") + `UNWIND CASE WHEN split THEN options ELSE [null] END AS pick
  ` + supplyChoice("scope", "pick") + `WITH scope, found, stages, split, options, series, units, chosen
  WHERE size(chosen) > 0 AND size(units) = 1 AND size(stages) = 1
  ` + supplyFigures("scope") + `WITH scope, supply
  WHERE size(supply.shares) > 0 AND supply.worldPublished
  RETURN collect(scope) AS scopes, collect(supply.series) AS series, collect(supply.hhi) AS hhi, collect(supply.cr1) AS cr1
}
FOREACH (_ IN CASE WHEN size(figures) = 0 THEN [1] ELSE [] END | DELETE s)
FOREACH (_ IN CASE WHEN size(figures) > 0 THEN [1] ELSE [] END |
  SET s.format = $format, s.figures = [m IN figures | m.id], s.stages = [m IN figures | coalesce(m.stage, '')],
    s.scopes = scopes, s.series = series, s.hhi = hhi, s.cr1 = cr1
  REMOVE s._lock)`
