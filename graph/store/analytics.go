package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Supply analytics: each is one statement. The Cypher fragments below are shared by the
// statements; they compute in Neo4j and return the measurements (and countries) the
// numbers come from, so the API can show their provenance without another read.

// SupplyMetrics are the metrics the analytics accept (an allowlist: they reach Cypher as
// parameters anyway).
var SupplyMetrics = []string{"PRODUCTION", "RESERVES", "CAPACITY"}

// SupplyArgs selects the figures of one mineral; nil pointers are left to the defaults.
type SupplyArgs struct {
	Mineral string
	Stage   *string
	Metric  string
	Series  *string
	Year    *int
	Edition *string
	Props   *SupplyProps // what the answer returns of its nodes; nil: all
}

func (a SupplyArgs) params() map[string]any {
	return map[string]any{"mineral": a.Mineral, "metric": a.Metric, "opt": optParams(a.Stage, a.Series, a.Year, a.Edition)}
}

// optParams is $opt, the optional arguments of an analytics statement in one map (a
// caller adds its own: coverage's partnership, dependency's thresholds): Neo4j keeps a
// plan per statement and kinds of its parameters, a null being a kind apart from a
// value, so that four optional parameters of their own made up to 16 plans of one
// statement, each 0.3-1.5 s of Neo4j's time to make (e2e's TestAnalytics on a fresh
// Neo4j: 97 s planning and 24 s running; with $opt 64 s and 38 s, the test 101 → 86 s).
// A map is one kind whatever it holds, and an index still seeks on `m.stage = $opt.stage`.
func optParams(stage, series *string, year *int, edition *string) map[string]any {
	return map[string]any{"stage": deref(stage), "series": deref(series), "year": deref(year), "edition": deref(edition)}
}

// deref is *p, or nil (a Cypher null) for a nil p.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// seriesOf is the Cypher expression of a measurement's series, from its aggregate `agg`
// and its stageDetail `detail` (” for none): the detail in lower case (USGS capitalises
// a world total's wording differently) without the `, estimated` marker, a world total's
// rounding mark and a country's qualifier (`; …`); an aggregate's qualifier that joins
// several series (`; ilmenite and rutile`) stays: that total is a series of its own.
const seriesOf = `toLower(replace(replace(replace(CASE
  WHEN agg IS NOT NULL AND split(detail, '; ')[1] CONTAINS ' and ' THEN detail
  ELSE split(detail, '; ')[0] END, ', estimated', ''), ': rounded', ''), ', rounded', ''))`

// tableSeries is the Cypher list of the tables among `rows` (leaving out the rows a
// condition on r holds for): the series of world total and "Other countries" rows,
// except a series that extends another's with ": " (talc's "Other countries" row, "mine
// production: includes crude", belongs to the table "mine production").
const tableSeries = `reduce(s = [], r IN rows | CASE WHEN %s OR r.agg IS NULL OR r.series IN s
         OR any(a IN rows WHERE a.agg IS NOT NULL AND r.series STARTS WITH a.series + ': ') THEN s ELSE s + r.series END)`

// figureRow binds r, the map of the figure m that the fragments below work on (null for
// null): each property they use, read once, where m is a row's node (a node in a list is
// read from the store at each use); c is the country of a country's row. keep holds
// `edition` and `year`, the figure's.
func figureRow(keep string) string {
	return `WITH ` + keep + `, m, m.aggregate AS agg, coalesce(m.stageDetail, '') AS detail
WITH ` + keep + `, CASE WHEN m IS NULL THEN null ELSE {m: m, edition: edition, year: year, agg: agg,
  stage: coalesce(m.stage, ''), series: ` + seriesOf + `,
  unit: coalesce(m.canonicalUnit, m.unit), value: m.canonicalValue, qualifier: m.qualifier,
  c: CASE WHEN agg IS NULL THEN [(m)-[:ABOUT]->(c:Country) | c][0] END} END AS r
`
}

// supplyRows matches the figures of mineral x for $metric and $opt.stage in the edition and
// year given by the Cypher expressions edition and year (null: the latest with figures),
// with the stages, series and tables present (`split`: a series must be picked, one of
// `options`; `stages`: each stage with the series to name it by); it expects `x` bound and
// keeps the variables named in `keep`. Without $opt.stage, a $opt.series names the stage of its
// rows: how a series without a stage beside staged ones (mica scrap and flake production
// beside sheet mica's mine production) is asked for, since `stage` cannot name "none".
func supplyRows(keep, edition, year string) string {
	return `OPTIONAL MATCH (x)<-[:INVOLVES_MINERAL]-(m:Measurement {metric: $metric})
WHERE ($opt.stage IS NULL OR m.stage = $opt.stage) AND (` + year + ` IS NULL OR m.year = ` + year + `)
  AND (` + edition + ` IS NULL OR m.edition = ` + edition + `) AND m.yearFrom IS NULL
  AND m.edition IS NOT NULL AND m.year IS NOT NULL
WITH ` + keep + `, m, m.edition AS edition, m.year AS year ORDER BY edition DESC, year DESC
WITH ` + keep + `, collect({m: m, edition: edition, year: year}) AS found
// Only the latest edition's and year's figures are read further (null: none, to keep the row).
UNWIND coalesce(nullIf([f IN found WHERE f.edition = found[0].edition AND f.year = found[0].year], []), [null]) AS f
WITH ` + keep + `, f.m AS m, f.edition AS edition, f.year AS year
` + figureRow(keep+", edition, year") + `WITH ` + keep + `, collect(r) AS rows
` + supplySeries(keep)
}

// supplySeries is supplyRows after the match: from `rows` (figureRow maps of one edition
// and year), those of the series' stage (only the stage of a series named without a
// stage), and the stages, series and tables present. The series and tables of all rows
// are those of the stage where there is one stage (always, where the stage is given):
// each stage's are computed only where there are several.
func supplySeries(keep string) string {
	return `WITH ` + keep + `, rows, reduce(s = [], r IN rows | CASE WHEN r.stage IN s THEN s ELSE s + r.stage END) AS stageNames
WITH ` + keep + `, rows, stageNames, CASE WHEN $opt.stage IS NULL AND $opt.series IS NOT NULL
       THEN reduce(s = [], r IN rows | CASE WHEN r.series <> $opt.series OR r.stage IN s THEN s ELSE s + r.stage END) ELSE [] END AS named
WITH ` + keep + `, CASE WHEN size(named) = 1 THEN [r IN rows WHERE r.stage = named[0]] ELSE rows END AS rows,
     CASE WHEN size(named) = 1 THEN named ELSE stageNames END AS stageNames
WITH ` + keep + `, rows, stageNames,
     reduce(s = [], r IN rows | CASE WHEN r.series IN s THEN s ELSE s + r.series END) AS allSeries,
     ` + fmt.Sprintf(tableSeries, "false") + ` AS tables
WITH ` + keep + `, rows, allSeries, tables,
     CASE WHEN size(stageNames) = 1 THEN [{stage: stageNames[0], tables: tables, series: allSeries}]
     ELSE [st IN stageNames | {stage: st,
       tables: ` + fmt.Sprintf(tableSeries, "r.stage <> st") + `,
       series: reduce(s = [], r IN rows | CASE WHEN r.stage <> st OR r.series IN s THEN s ELSE s + r.series END)}] END AS perStage
WITH ` + keep + `, rows, allSeries, tables,
     [p IN perStage | {stage: p.stage, options: CASE WHEN size(p.tables) > 0 THEN p.tables ELSE p.series END}] AS stages,
     size(tables) > 1 OR (size(tables) = 0 AND size(allSeries) > 1) AS split
WITH ` + keep + `, rows, stages, split, CASE WHEN size(tables) > 0 THEN tables ELSE allSeries END AS options,
     coalesce(tables[0], allSeries[0]) AS only
`
}

// supplyChoice keeps the rows of the series pick (a Cypher expression) where a series must
// be picked (and those of a series extending it with ": "), all rows otherwise, in
// `chosen` (figureRow maps), with their units.
func supplyChoice(keep, pick string) string {
	return `WITH ` + keep + `, rows, stages, split, options, CASE WHEN split THEN ` + pick + ` ELSE only END AS series
WITH ` + keep + `, size(rows) AS found, stages, split, options, series, [r IN rows WHERE NOT split OR r.series = series OR r.series STARTS WITH series + ': '] AS chosen
WITH ` + keep + `, found, stages, split, options, series, chosen,
     reduce(s = [], r IN chosen | CASE WHEN r.unit IN s THEN s ELSE s + r.unit END) AS units
`
}

// supplyFigures computes, from `chosen`, the world total, the shares of the countries with
// a figure (largest first), the withheld countries and "Other countries", HHI and CR1/3/5;
// the result is the map `supply`.
func supplyFigures(keep string) string {
	return `WITH ` + keep + `, found, stages, split, options, series, units, chosen,
     [r IN chosen WHERE r.agg IS NOT NULL] AS aggregates, [r IN chosen WHERE r.agg IS NULL AND r.c IS NOT NULL] AS countries
WITH ` + keep + `, found, stages, split, options, series, units, chosen, countries,
     [r IN aggregates WHERE r.agg = 'WORLD'][0] AS worldRow, [r IN aggregates WHERE r.agg = 'OTHER_COUNTRIES'][0] AS otherRow
WITH ` + keep + `, found, stages, split, options, series, units, chosen, worldRow.m AS world, otherRow.m AS other,
     worldRow.value AS worldValue, otherRow.value AS otherValue,
     [r IN countries WHERE r.value IS NOT NULL] AS valued,
     [r IN countries WHERE r.qualifier = 'WITHHELD' | {ms: [r.m], c: r.c}] AS withheld
WITH ` + keep + `, found, stages, split, options, series, units, chosen, world, other, worldValue, otherValue, valued, withheld,
     coalesce(worldValue, reduce(s = 0.0, r IN valued | s + r.value) + coalesce(otherValue, 0.0)) AS total
CALL (valued, total) {
  UNWIND valued AS r
  WITH r.c AS c, sum(r.value) AS value, collect(r.m) AS ms
  ORDER BY value DESC, c.name
  RETURN collect({ms: ms, c: c, value: value, share: CASE WHEN total > 0 THEN 100.0 * value / total END}) AS shares
}
WITH ` + keep + `, {
  found: found, stages: stages, split: split, options: options, series: series, units: units, count: size(chosen),
  edition: chosen[0].edition, year: chosen[0].year, stage: chosen[0].m.stage,
  world: world, worldTotal: total, worldPublished: worldValue IS NOT NULL,
  other: other, otherValue: otherValue, otherShare: CASE WHEN total > 0 THEN 100.0 * otherValue / total END,
  shares: shares, withheld: withheld,
  hhi: reduce(h = 0.0, e IN shares | h + coalesce(e.share, 0.0) ^ 2),
  cr1: reduce(s = 0.0, e IN shares[0..1] | s + coalesce(e.share, 0.0)),
  cr3: reduce(s = 0.0, e IN shares[0..3] | s + coalesce(e.share, 0.0)),
  cr5: reduce(s = 0.0, e IN shares[0..5] | s + coalesce(e.share, 0.0))
} AS supply
`
}

// CountryFigure is one country's figure: its country, its value and share, and the
// measurements they come from (several where the source gives a country several rows).
type CountryFigure struct {
	Measurements []map[string]any
	Country      map[string]any
	Value, Share *float64
}

// Supply is a mineral's supply by country (see the schema's Supply).
type Supply struct {
	Mineral             map[string]any
	Stage               *string
	Series              string
	Edition             string
	Year                int
	Unit                string
	WorldTotal          *float64
	WorldTotalPublished bool
	World, Other        map[string]any
	OtherShare          *float64
	HHI, CR1, CR3, CR5  float64
	Shares, Withheld    []CountryFigure
}

// Supply answers Query.supply in one statement.
func (s *Store) Supply(ctx context.Context, a SupplyArgs) (*Supply, error) {
	if err := checkSupplyArgs(a); err != nil {
		return nil, err
	}
	q := `MATCH (x:Mineral {id: $mineral})
` + supplyRows("x", "$opt.edition", "$opt.year") + supplyChoice("x", "$opt.series") + supplyFigures("x") + `RETURN ` + a.Props.mineral("x") + ` AS mineral, ` + a.Props.supply("supply") + ` AS supply`
	row, err := s.readMineralRow(ctx, q, a.Mineral, a.params())
	if err != nil {
		return nil, err
	}
	return s.supplyOf(ctx, row, a)
}

// readMineralRow runs a statement that answers one row about mineral, or none when there
// is no such mineral.
func (s *Store) readMineralRow(ctx context.Context, q, mineral string, params map[string]any) (map[string]any, error) {
	res, err := s.read(ctx, q, params)
	if err != nil {
		return nil, err
	}
	if len(res.Records) == 0 {
		return nil, apperr.Errorf(apperr.NotFound, "there is no mineral %q", mineral)
	}
	return res.Records[0].AsMap(), nil
}

// supplyOf is rowSupply for the queries about one mineral. Where the mineral has no
// figures of its own, its NOT_FOUND names the parts that have some (USGS publishes
// graphite's production as natural graphite's), so that a client can ask for one of them
// instead of concluding that nothing is published. The extra read runs on that error only.
func (s *Store) supplyOf(ctx context.Context, row map[string]any, a SupplyArgs) (*Supply, error) {
	sup, err := rowSupply(row, a)
	var none *apperr.Error
	if !errors.As(err, &none) || none.Code != apperr.NotFound {
		return sup, err
	}
	res, perr := s.read(ctx, partsWithFigures, a.params())
	if perr != nil || len(res.Records) == 0 {
		return nil, err // the answer without the hint: the hint is not worth a failure
	}
	ids := make([]any, len(res.Records))
	for i, r := range res.Records {
		ids[i], _ = r.Get("id")
	}
	return nil, apperr.Errorf(apperr.NotFound, "%s; its parts with such figures: %s (ask for one with `mineral`)", none.Message, quoteList(ids))
}

// partsWithFigures finds the minerals that are part of $mineral (two levels down at
// most) and have figures that supplyRows would read.
const partsWithFigures = `MATCH (:Mineral {id: $mineral})<-[:PART_OF*1..2]-(p:Mineral)
WHERE EXISTS { MATCH (p)<-[:INVOLVES_MINERAL]-(m:Measurement {metric: $metric})
  WHERE ($opt.stage IS NULL OR m.stage = $opt.stage) AND ($opt.year IS NULL OR m.year = $opt.year)
    AND ($opt.edition IS NULL OR m.edition = $opt.edition) AND m.yearFrom IS NULL
    AND m.edition IS NOT NULL AND m.year IS NOT NULL }
RETURN DISTINCT p.id AS id ORDER BY id LIMIT 10`

// rowSupply reads the `mineral` and `supply` columns of a row.
func rowSupply(row map[string]any, a SupplyArgs) (*Supply, error) {
	mineral, _ := row["mineral"].(map[string]any)
	raw, _ := row["supply"].(map[string]any)
	out, err := decodeSupply(raw, a, mineralLabel(mineral, a.Mineral))
	if err != nil {
		return nil, err
	}
	out.Mineral = mineral
	return out, nil
}

func mineralLabel(props map[string]any, id string) string {
	if name, ok := props["name"].(string); ok {
		return name
	}
	return id
}

func checkSupplyArgs(a SupplyArgs) error {
	if !slices.Contains(SupplyMetrics, a.Metric) {
		return apperr.Errorf(apperr.BadUserInput, "metric must be one of %s, not %q", strings.Join(SupplyMetrics, ", "), a.Metric)
	}
	if a.Year != nil && (*a.Year < 1900 || *a.Year > 2100) {
		return apperr.Errorf(apperr.BadUserInput, "year must be between 1900 and 2100, not %d", *a.Year)
	}
	return nil
}

// decodeSupply checks what the statement found (one stage, one series, one unit) and
// reads its figures; what names the selection in errors is `what`.
func decodeSupply(raw map[string]any, a SupplyArgs, what string) (*Supply, error) {
	if n, _ := raw["found"].(int64); n == 0 {
		return nil, apperr.Errorf(apperr.NotFound, "there are no %s figures for %s%s", lower(a.Metric), what, selectionWords(a))
	}
	if stages, _ := raw["stages"].([]any); len(stages) > 1 {
		return nil, apperr.Errorf(apperr.BadUserInput, "the %s figures for %s%s are of several stages: choose one with `stage` (%s), or name a series with `series`: %s",
			lower(a.Metric), what, selectionWords(a), stageList(stages), seriesByStage(stages))
	}
	series, _ := raw["series"].(string)
	split, _ := raw["split"].(bool)
	switch {
	case split && a.Series == nil:
		return nil, apperr.Errorf(apperr.BadUserInput, "the figures for %s%s are of several series: choose one with `series`: %s", what, selectionWords(a), quoteList(raw["options"]))
	case split && raw["count"] == int64(0):
		return nil, apperr.Errorf(apperr.BadUserInput, "%s has no series %q%s; its series are: %s", what, *a.Series, selectionWords(a), quoteList(raw["options"]))
	}
	if a.Series != nil && *a.Series != series {
		return nil, apperr.Errorf(apperr.BadUserInput, "%s has no series %q%s; its series is %q", what, *a.Series, selectionWords(a), series)
	}
	units := strs(raw["units"])
	if len(units) != 1 {
		return nil, apperr.Errorf(apperr.BadUserInput, "the figures for %s%s, series %q, are in units that do not convert to one another (%s): they cannot be added up", what, selectionWords(a), series, strings.Join(units, ", "))
	}
	out := &Supply{Series: series, Unit: units[0], HHI: num(raw["hhi"]), CR1: num(raw["cr1"]), CR3: num(raw["cr3"]), CR5: num(raw["cr5"])}
	out.Edition, _ = raw["edition"].(string)
	if y, ok := raw["year"].(int64); ok {
		out.Year = int(y)
	}
	if st, ok := raw["stage"].(string); ok {
		out.Stage = &st
	}
	out.WorldTotal, out.OtherShare = numPtr(raw["worldTotal"]), numPtr(raw["otherShare"])
	out.WorldTotalPublished, _ = raw["worldPublished"].(bool)
	out.World = returnedProps(raw["world"])
	out.Other = returnedProps(raw["other"])
	out.Shares, out.Withheld = countryFigures(raw["shares"]), countryFigures(raw["withheld"])
	return out, nil
}

// stageList names the stages of a selection's rows (`stages`: {stage, options}); the
// entry of rows without a stage has an empty name and is left out.
func stageList(stages []any) string {
	var names []string
	for _, st := range stages {
		if name, _ := st.(map[string]any)["stage"].(string); name != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// seriesByStage lists the series to name, each with its stage (or "no stage"), by stage
// and series: the statement collects them in no set order.
func seriesByStage(stages []any) string {
	type entry struct {
		stage  string
		series []string
	}
	var entries []entry
	for _, st := range stages {
		m, _ := st.(map[string]any)
		e := entry{series: strs(m["options"])}
		e.stage, _ = m["stage"].(string)
		slices.Sort(e.series)
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.stage, b.stage) })
	var parts []string
	for _, e := range entries {
		for _, series := range e.series {
			parts = append(parts, fmt.Sprintf("%q (%s)", series, cmp.Or(e.stage, "no stage")))
		}
	}
	return strings.Join(parts, ", ")
}

func selectionWords(a SupplyArgs) string {
	var parts []string
	if a.Stage != nil {
		parts = append(parts, "stage "+*a.Stage)
	}
	if a.Edition != nil {
		parts = append(parts, "edition "+*a.Edition)
	}
	if a.Year != nil {
		parts = append(parts, "year "+strconv.Itoa(*a.Year))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func countryFigures(v any) []CountryFigure {
	list, _ := v.([]any)
	out := make([]CountryFigure, 0, len(list))
	for _, item := range list {
		e, _ := item.(map[string]any)
		f := CountryFigure{Country: returnedProps(e["c"]), Value: numPtr(e["value"]), Share: numPtr(e["share"])}
		ms, _ := e["ms"].([]any)
		for _, m := range ms {
			f.Measurements = append(f.Measurements, returnedProps(m))
		}
		out = append(out, f)
	}
	return out
}

// returnedProps is the properties of a node a statement returned, whole or projected
// (nil for null).
func returnedProps(v any) map[string]any {
	switch n := v.(type) {
	case neo4j.Node:
		return n.Props
	case map[string]any:
		return n
	}
	return nil
}

func num(v any) float64 {
	if p := numPtr(v); p != nil {
		return *p
	}
	return 0
}

func numPtr(v any) *float64 {
	switch x := v.(type) {
	case float64:
		return &x
	case int64:
		f := float64(x)
		return &f
	}
	return nil
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, s := range list {
		if str, ok := s.(string); ok {
			out = append(out, str)
		}
	}
	return out
}

// quoteList quotes a list of texts, sorted: the statement collects them in no set order.
func quoteList(v any) string {
	var parts []string
	list := strs(v)
	slices.Sort(list)
	for _, s := range list {
		parts = append(parts, `"`+s+`"`)
	}
	return strings.Join(parts, ", ")
}

// partnershipHolds is the Cypher condition that partnership p itself holds as of the date
// asOf, by the as-of rule of memberships: a membership that outlasts its partnership (the
// MSP's, succeeded by FORGE in February 2026, have no end of their own) is not one.
func partnershipHolds(p, asOf string) string {
	return "(" + p + ".validFrom IS NULL OR " + p + ".validFrom <= " + asOf + ") AND (" + p + ".validTo IS NULL OR " + asOf + " < " + p + ".validTo)"
}
