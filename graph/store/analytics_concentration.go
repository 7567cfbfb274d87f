package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

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
// given), one entry per table where a mineral has several; in one statement, which
// ranks the tables' summaries (summary.go) and computes the entries returned.
func (s *Store) Concentration(ctx context.Context, a ConcentrationArgs) (edition string, year int, ranked []Ranked, err error) {
	if err := checkSupplyArgs(SupplyArgs{Metric: a.Metric, Year: a.Year}); err != nil {
		return "", 0, nil, err
	}
	if a.Limit < 1 || a.Limit > ConcentrationMaxLimit {
		return "", 0, nil, apperr.Errorf(apperr.BadUserInput, "limit must be between 1 and %d, not %d", ConcentrationMaxLimit, a.Limit)
	}
	// rank is the order of the entries by the HHI and CR1 named with prefix v.
	rank := func(v string) string { return v + "hhi DESC, " + v + "cr1 DESC" }
	if a.Sort == "TOP_SHARE" {
		rank = func(v string) string { return v + "cr1 DESC, " + v + "hhi DESC" }
	} else if a.Sort != "HHI" {
		return "", 0, nil, apperr.Errorf(apperr.BadUserInput, "sort must be HHI or TOP_SHARE, not %q", a.Sort)
	}
	// The latest edition and year are read by the index of the figures (see figuresIndex):
	// from the latest down to the first that satisfies the selection, not all of them; at
	// a stage, by the index of the stage's figures.
	filter, index, order := " AND m.yearFrom IS NULL", figuresIndex, figuresOrder
	if a.Stage != nil {
		filter += " AND m.stage = $opt.stage"
		index, order = stagedFiguresIndex, stagedFiguresOrder
	}
	keep := "edition, year, x"
	q := `CALL () {
  ` + latestFigureBy(index, order, "$metric", filter+editionYearFilter(a.Edition, a.Year)) + `  RETURN m.edition AS edition, m.year AS year
}
// The ranking reads the summaries of the edition's and year's tables (summary.go, kept
// by every write), one per mineral, not their figures.
MATCH (s:` + SummaryLabel + `) ` + summaryIndex + `
WHERE s.metric = $metric AND s.edition = edition AND s.year = year AND s.mineral IS NOT NULL
UNWIND [i IN range(0, size(s.scopes) - 1) WHERE s.scopes[i] = $scope] AS i
MATCH (x:Mineral {id: s.mineral})
WHERE NOT $criticalOnly OR x.usCritical2025 = true
WITH edition, year, x, s, s.series[i] AS pick, s.hhi[i] AS hhi, s.cr1[i] AS cr1
ORDER BY ` + rank("") + `, x.name, pick
LIMIT $limit
// Only the entries returned are computed, from their figures, as supply computes them.
CALL (edition, year, x, s, pick) {
  UNWIND [j IN range(0, size(s.figures) - 1) WHERE $opt.stage IS NULL OR s.stages[j] = $opt.stage | s.figures[j]] AS id
  MATCH (m:Measurement {id: id}) ` + figureByID + `
  ` + figureRow(keep+", pick") + `WITH ` + keep + `, pick, collect(r) AS rows
  ` + supplySeries(keep+", pick") + supplyChoice(keep, "pick") + supplyFigures(keep) + `RETURN supply
}
// The order kept: the same keys sort the entries again.
RETURN edition, year, ` + a.Props.mineral("x") + ` AS mineral, ` + a.Props.supply("supply") + ` AS supply
ORDER BY ` + rank("supply.") + `, x.name, supply.series`
	params := SupplyArgs{Stage: a.Stage, Metric: a.Metric, Year: a.Year, Edition: a.Edition}.params()
	params["criticalOnly"], params["limit"], params["scope"] = a.CriticalOnly, int64(a.Limit), "*"
	if a.Stage != nil {
		params["scope"] = *a.Stage
	}
	res, err := s.read(ctx, q, params)
	if err != nil {
		return "", 0, nil, err
	}
	return decodeRanked(res.Records, a)
}

// decodeRanked reads the rows of a ranking (edition, year, mineral, supply).
func decodeRanked(records []*neo4j.Record, a ConcentrationArgs) (edition string, year int, ranked []Ranked, err error) {
	if len(records) == 0 {
		return "", 0, nil, apperr.Errorf(apperr.NotFound, "there are no %s figures%s", lower(a.Metric), selectionWords(SupplyArgs{Stage: a.Stage, Year: a.Year, Edition: a.Edition}))
	}
	for _, rec := range records {
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
		out += " AND m.year = $opt.year"
	}
	if edition != nil {
		out += " AND m.edition = $opt.edition"
	}
	return out
}
