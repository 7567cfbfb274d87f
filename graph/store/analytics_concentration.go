package store

import (
	"context"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// ConcentrationArgs selects the figures ranked by Concentration.
type ConcentrationArgs struct {
	Stage        *string
	Metric       string
	Year         *int
	Edition      *string
	CriticalOnly bool
	Sort         string // HHI or TOP_SHARE
	Limit        int
	Props        *SupplyProps // what the answer returns of its nodes; nil: all
}

// ConcentrationMaxLimit is the most minerals one answer ranks.
const ConcentrationMaxLimit = 100

// Ranked is one mineral's supply in a ranking.
type Ranked struct {
	Mineral map[string]any
	Supply  *Supply
}

// Concentration ranks the minerals by the HHI or the top country's share of their
// figures in one edition and year (the latest with figures at the stage where not
// given), one entry per table where a mineral has several; in one statement.
func (s *Store) Concentration(ctx context.Context, a ConcentrationArgs) (edition string, year int, ranked []Ranked, err error) {
	if err := checkSupplyArgs(SupplyArgs{Metric: a.Metric, Year: a.Year}); err != nil {
		return "", 0, nil, err
	}
	if a.Limit < 1 || a.Limit > ConcentrationMaxLimit {
		return "", 0, nil, apperr.Errorf(apperr.BadUserInput, "limit must be between 1 and %d, not %d", ConcentrationMaxLimit, a.Limit)
	}
	rank := "supply.hhi DESC, supply.cr1 DESC"
	if a.Sort == "TOP_SHARE" {
		rank = "supply.cr1 DESC, supply.hhi DESC"
	} else if a.Sort != "HHI" {
		return "", 0, nil, apperr.Errorf(apperr.BadUserInput, "sort must be HHI or TOP_SHARE, not %q", a.Sort)
	}
	// The figures are read by the index (see figuresIndex): the latest edition and year
	// first, then only that edition's and year's rows, not every figure of every mineral;
	// at a stage, by the index of the stage's figures, not the other stages' too.
	filter, index, order := " AND m.yearFrom IS NULL", figuresIndex, figuresOrder
	if a.Stage != nil {
		filter += " AND m.stage = $stage"
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
// Only the entries returned are projected (the order kept: the same keys sort them again).
RETURN edition, year, ` + a.Props.mineral("x") + ` AS mineral, ` + a.Props.supply("supply") + ` AS supply
ORDER BY ` + rank + `, x.name, supply.series`
	params := SupplyArgs{Stage: a.Stage, Metric: a.Metric, Year: a.Year, Edition: a.Edition}.params()
	params["criticalOnly"], params["limit"] = a.CriticalOnly, int64(a.Limit)
	res, err := s.read(ctx, q, params)
	if err != nil {
		return "", 0, nil, err
	}
	if len(res.Records) == 0 {
		return "", 0, nil, apperr.Errorf(apperr.NotFound, "there are no %s figures%s", lower(a.Metric), selectionWords(SupplyArgs{Stage: a.Stage, Year: a.Year, Edition: a.Edition}))
	}
	for _, rec := range res.Records {
		row := rec.AsMap()
		mineral, _ := row["mineral"].(map[string]any)
		raw, _ := row["supply"].(map[string]any)
		series, _ := raw["series"].(string) // the table this entry ranks
		sup, err := decodeSupply(raw, SupplyArgs{Metric: a.Metric, Series: &series}, mineralLabel(mineral, ""))
		if err != nil {
			return "", 0, nil, err
		}
		sup.Mineral = mineral
		ranked = append(ranked, Ranked{Mineral: mineral, Supply: sup})
		edition, year = sup.Edition, sup.Year
	}
	return edition, year, ranked, nil
}

// figuresIndex is the hint to the index on Measurement (metric, edition, year, name) that
// Migrate creates. Its name is there so that only a statement asking for it (`m.name IS
// NOT NULL`: every node has one) uses it: on (metric, edition, year) alone, the planner
// took it for any match of a metric's figures, such as a mineral's supply, and read every
// figure of the metric when the index statistics were stale (right after a load).
const figuresIndex = "USING INDEX m:Measurement(metric, edition, year, name)"

// latestFigure matches m, the figure of the metric (a Cypher expression) of the latest
// edition and year that satisfies where (` AND …`), in the index's order: it reads the
// figures from the latest down to the first that satisfies where, not all of them.
func latestFigure(metric, where string) string {
	return latestFigureBy(figuresIndex, figuresOrder, metric, where)
}

// latestFigureBy is latestFigure by the index hinted, in its order (its keys, descending).
func latestFigureBy(index, order, metric, where string) string {
	return `MATCH (m:Measurement) ` + index + `
  WHERE m.metric = ` + metric + ` AND m.edition IS NOT NULL AND m.year IS NOT NULL AND m.name IS NOT NULL` + where + `
  WITH m ORDER BY ` + order + ` LIMIT 1
`
}

// The keys of figuresIndex and stagedFiguresIndex, descending: the latest first.
const (
	figuresOrder       = "m.metric DESC, m.edition DESC, m.year DESC, m.name DESC"
	stagedFiguresOrder = "m.metric DESC, m.stage DESC, m.edition DESC, m.year DESC, m.name DESC"
)

// stagedFiguresIndex is the hint to the index on Measurement (metric, stage, edition,
// year, name), for the figures of one stage: figuresIndex holds every stage's, and a
// figure without a stage is not in this one.
const stagedFiguresIndex = "USING INDEX m:Measurement(metric, stage, edition, year, name)"

// editionYearFilter is the condition on m of the edition and year asked for, if any.
func editionYearFilter(edition *string, year *int) string {
	out := ""
	if year != nil {
		out += " AND m.year = $year"
	}
	if edition != nil {
		out += " AND m.edition = $edition"
	}
	return out
}
