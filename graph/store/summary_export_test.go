package store

import "context"

// ConcentrationFromFigures is concentration computed without the summaries: from every
// figure of the edition, year and stage, in one statement (as it was before them). The
// tests compare Concentration with it.
var ConcentrationFromFigures = (*Store).concentrationFromFigures

func (s *Store) concentrationFromFigures(ctx context.Context, a ConcentrationArgs) (string, int, []Ranked, error) {
	// The sort a parameter, so that the tests comparing many selections plan one text
	// fewer per selection (each took Neo4j about a second to plan).
	rank := "CASE WHEN $topShare THEN supply.cr1 ELSE supply.hhi END DESC, CASE WHEN $topShare THEN supply.hhi ELSE supply.cr1 END DESC"
	filter, index, order := " AND m.yearFrom IS NULL", figuresIndex, figuresOrder
	if a.Stage != nil {
		filter += " AND m.stage = $opt.stage"
		index, order = stagedFiguresIndex, stagedFiguresOrder
	}
	q := `CALL () {
  ` + latestFigureBy(index, order, "$metric", filter+editionYearFilter(a.Edition, a.Year)) + `  RETURN m.edition AS edition, m.year AS year
}
MATCH (m:Measurement) ` + index + `
WHERE m.metric = $metric AND m.edition = edition AND m.year = year AND m.name IS NOT NULL` + filter + `
MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral)
WHERE NOT $criticalOnly OR x.usCritical2025 = true
` + figureRow("edition, year, x") + `WITH edition, year, x, collect(r) AS rows
` + supplySeries("edition, year, x") + `UNWIND CASE WHEN split THEN options ELSE [null] END AS pick
` + supplyChoice("edition, year, x", "pick") + `WITH edition, year, x, found, stages, split, options, series, units, chosen
WHERE size(chosen) > 0 AND size(units) = 1 AND size(stages) = 1
` + supplyFigures("edition, year, x") + `WHERE size(supply.shares) > 0 AND supply.worldPublished
WITH edition, year, x, supply
ORDER BY ` + rank + `, x.name, supply.series
LIMIT $limit
RETURN edition, year, ` + a.Props.mineral("x") + ` AS mineral, ` + a.Props.supply("supply") + ` AS supply
ORDER BY ` + rank + `, x.name, supply.series`
	params := SupplyArgs{Stage: a.Stage, Metric: a.Metric, Year: a.Year, Edition: a.Edition}.params()
	params["criticalOnly"], params["limit"], params["topShare"] = a.CriticalOnly, int64(a.Limit), a.Sort == "TOP_SHARE"
	res, err := s.read(ctx, q, params)
	if err != nil {
		return "", 0, nil, err
	}
	return decodeRanked(res.Records, a)
}
