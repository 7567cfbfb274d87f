package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/model"
)

// DependencyArgs selects a country's net import reliance figures.
type DependencyArgs struct {
	Country     string
	Year        *int
	Edition     *string
	MinReliance *float64
	MoreThan    *float64
	Partnership *string
	AsOf        *string
	// AgreementLimit is the most agreements listed of each import source.
	AgreementLimit int
	Props          DependencyProps
}

// DependencyMaxAgreements is the most agreements one import source lists;
// DependencyDefaultAgreements is how many it lists when the limit is null (the schema's
// default is the same). Two countries share hundreds of agreements in the benchmark's
// scale-100 graph, and every import source from one of them listed them all.
const (
	DependencyMaxAgreements     = 1000
	DependencyDefaultAgreements = 10
)

// DependencyProps names the properties Dependency returns of its nodes, nil meaning all
// (the id always): an answer holds hundreds of import-source figures, and reading and
// sending every property of each cost more than the rest of the statement.
type DependencyProps struct {
	Home, Partnership, Mineral, Reliance, Source, Country, Agreement []string
}

// ImportSourceFigure is one source of a country's imports of a mineral.
type ImportSourceFigure struct {
	Measurement map[string]any
	Country     map[string]any // nil for "Other countries"
	Partner     bool
	Agreements  []map[string]any
	// AgreementCount is how many agreements there are; Agreements lists the first.
	AgreementCount int
}

// MineralDependency is a country's net import reliance on one mineral (one form), with
// the import sources of the mineral.
type MineralDependency struct {
	Mineral       map[string]any
	Measurement   map[string]any
	ImportSources []ImportSourceFigure
}

// Dependency is Query.dependency's answer.
type Dependency struct {
	Country, Partnership map[string]any
	Edition              string
	Year                 int
	AsOf                 string
	Minerals             []MineralDependency
}

// Dependency answers Query.dependency in one statement: the country's net import reliance
// figures of one edition and year (the latest where not given), most reliant first, each
// with the mineral's import sources of the same edition, whether each source is a partner
// of the partnership as of the date and the agreements it and the country are parties to
// (the first AgreementLimit by name, and their number).
func (s *Store) Dependency(ctx context.Context, a DependencyArgs) (*Dependency, error) {
	return s.dependency(ctx, a, summarisedSources)
}

// dependencySourcePart is the part of Dependency's statement that reads the import
// sources: a CALL (home, edition, reliant) returning sources and srcs (the source
// countries, each once), and the reading of sources.
type dependencySourcePart struct {
	cypher func(props []string) string
	decode func(sources any) ([]importSource, error)
}

// importSource is one import source as the statement returns it, before sorting.
type importSource struct {
	mineral any
	figure  map[string]any
	country any // the source country's id; nil or "" for "Other countries"
}

func (s *Store) dependency(ctx context.Context, a DependencyArgs, part dependencySourcePart) (*Dependency, error) {
	if a.Year != nil && (*a.Year < 1900 || *a.Year > 2100) {
		return nil, apperr.Errorf(apperr.BadUserInput, "year must be between 1900 and 2100, not %d", *a.Year)
	}
	for name, v := range map[string]*float64{"minReliance": a.MinReliance, "moreThan": a.MoreThan} {
		if v != nil && (*v < 0 || *v > 100) {
			return nil, apperr.Errorf(apperr.BadUserInput, "%s is a percentage, 0 to 100, not %v", name, *v)
		}
	}
	if a.AgreementLimit < 0 || a.AgreementLimit > DependencyMaxAgreements {
		return nil, apperr.Errorf(apperr.BadUserInput, "agreementLimit must be between 0 and %d, not %d", DependencyMaxAgreements, a.AgreementLimit)
	}
	if a.AsOf != nil {
		if a.Partnership == nil {
			return nil, apperr.Errorf(apperr.BadUserInput, "`asOf` applies to a partnership's membership only")
		}
		if _, err := model.ParsePartialDate(*a.AsOf); err != nil {
			return nil, apperr.Errorf(apperr.BadUserInput, "`asOf` must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not %q", *a.AsOf)
		}
	}
	pr := struct{ Home, Partnership, Mineral, Reliance, Country, Agreement Projection }{
		Projection{Node: a.Props.Home}, Projection{Node: a.Props.Partnership}, Projection{Node: a.Props.Mineral},
		Projection{Node: a.Props.Reliance}, Projection{Node: a.Props.Country}, Projection{Node: a.Props.Agreement}}
	known := "m.qualifier IN ['EXACT', 'APPROXIMATE', 'OVER', 'RANGE']"
	q := `MATCH (home:Country {id: $country})
OPTIONAL MATCH (p:Partnership {id: $opt.partnership})
CALL (home) {
  // The latest edition and year from the index: the first figure about the country.
  ` + latestFigure("'NET_IMPORT_RELIANCE'", editionYearFilter(a.Edition, a.Year)+" AND EXISTS { (m)-[:ABOUT]->(home) }") + `  RETURN collect(m) AS latest
}
WITH home, p, latest[0].edition AS edition, latest[0].year AS year
WITH home, p, edition, year, coalesce($opt.asOf, toString(year)) AS asOf
// The figures come from the index, the edition's (and year's) only, each checked for the
// country: the country's own measurements are those of every edition, many more.
CALL (home, edition, year) {
  MATCH (m:Measurement) ` + figuresIndex + `
  WHERE m.metric = 'NET_IMPORT_RELIANCE' AND m.edition = edition AND m.year = year AND m.name IS NOT NULL
    AND ($opt.minReliance IS NULL OR (m.value >= $opt.minReliance AND ` + known + `))
    AND ($opt.moreThan IS NULL OR (m.value > $opt.moreThan AND ` + known + `) OR (m.value >= $opt.moreThan AND m.qualifier = 'OVER'))
  MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral) WHERE ` + aboutAfter("x") + `
  WITH x, m ORDER BY CASE m.qualifier WHEN 'NET_EXPORTER' THEN -1.0 ELSE coalesce(m.value, -2.0) END DESC,
           CASE m.qualifier WHEN 'OVER' THEN 1 WHEN 'UNDER' THEN -1 ELSE 0 END DESC, x.name, m.stageDetail
  RETURN collect({x: ` + pr.Mineral.nodes("x") + `, m: ` + pr.Reliance.nodes("m") + `}) AS minerals, collect(DISTINCT x) AS reliant
}
// The import sources of those minerals only, unsorted (the caller sorts them,
// dependencySources: here the sort would read each country's name once per row).
` + part.cypher(a.Props.Source) + `
// Each source country once (a country is the source of many minerals), with its name (the
// sources' order): whether it is a partner as of the date, and the agreements it and the
// country are parties to, counted whole and listed up to the limit (two countries share
// hundreds in a large graph). Both are read once from the other side: the country's
// agreements and the partnership's members, not each source's, a country being party
// to many more.
CALL (home, p, asOf, srcs) {
  CALL (home, srcs) {
    OPTIONAL MATCH (home)-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(c) WHERE c IN srcs
    WITH DISTINCT c, a ORDER BY a.name, a.id
    RETURN collect({c: c, a: a}) AS parties
  }
  WITH srcs, parties, CASE WHEN p IS NULL THEN [] ELSE [(c)-[r:MEMBER_OF]->(p) WHERE r.role <> 'OBSERVER'
    AND (r.validFrom IS NULL OR r.validFrom <= asOf) AND (r.validTo IS NULL OR asOf < r.validTo)
    AND ` + partnershipHolds("p", "asOf") + ` | c] END AS partners
  UNWIND srcs AS src
  WITH src, partners, [e IN parties WHERE e.c = src | e.a] AS shared
  RETURN collect({c: ` + pr.Country.nodes("src") + `, name: src.name, agreementCount: size(shared),
    agreements: [a IN shared[..$agreementLimit] | ` + pr.Agreement.nodes("a") + `], partner: src IN partners}) AS countries
}
RETURN ` + pr.Home.nodes("home") + ` AS country, ` + pr.Partnership.nodes("p") + ` AS partnership, edition, year, asOf, minerals, sources, countries`
	opt := optParams(nil, nil, a.Year, a.Edition)
	opt["partnership"], opt["asOf"], opt["minReliance"], opt["moreThan"] = deref(a.Partnership), deref(a.AsOf), deref(a.MinReliance), deref(a.MoreThan)
	params := map[string]any{"country": a.Country, "opt": opt, "agreementLimit": a.AgreementLimit}
	res, err := s.read(ctx, q, params)
	if err != nil {
		return nil, err
	}
	if len(res.Records) == 0 {
		return nil, apperr.Errorf(apperr.NotFound, "there is no country %q", a.Country)
	}
	row := res.Records[0].AsMap()
	if a.Partnership != nil && row["partnership"] == nil {
		return nil, apperr.Errorf(apperr.NotFound, "there is no partnership %q", *a.Partnership)
	}
	if row["edition"] == nil {
		return nil, apperr.Errorf(apperr.NotFound, "there are no net import reliance figures for %q%s", a.Country, selectionWords(SupplyArgs{Year: a.Year, Edition: a.Edition}))
	}
	out := &Dependency{}
	out.Country, _ = row["country"].(map[string]any)
	out.Partnership, _ = row["partnership"].(map[string]any)
	out.Edition, _ = row["edition"].(string)
	if y, ok := row["year"].(int64); ok {
		out.Year = int(y)
	}
	if a.Partnership != nil {
		out.AsOf, _ = row["asOf"].(string)
	}
	list, err := part.decode(row["sources"])
	if err != nil {
		return nil, apperr.Internalf("dependency of %q: %w", a.Country, err)
	}
	sources := dependencySources(row, list)
	minerals, _ := row["minerals"].([]any)
	out.Minerals = make([]MineralDependency, 0, len(minerals))
	for _, item := range minerals {
		e, _ := item.(map[string]any)
		x := returnedProps(e["x"])
		out.Minerals = append(out.Minerals, MineralDependency{Mineral: x, Measurement: returnedProps(e["m"]), ImportSources: sources[x["id"]]})
	}
	return out, nil
}

// aboutAfter is the check that figure m is about home, written to name v, bound by the
// match before it, so that the planner runs it after that match and its cheaper filters
// instead of on every figure the index gives.
func aboutAfter(v string) string {
	return "EXISTS { MATCH (m)-[:ABOUT]->(home) WHERE " + v + " IS NOT NULL }"
}

// dependencySources files the statement's import sources under their minerals' ids, each
// with its country's partnership and agreements (the countries come once each, the
// sources name them by id), in the order of Cypher's `ORDER BY m.stageDetail,
// coalesce(m.value, -1.0) DESC, src.name`: the statement returns them unsorted.
func dependencySources(row map[string]any, list []importSource) map[any][]ImportSourceFigure {
	type country struct {
		props      map[string]any
		name       any
		partner    bool
		agreements []map[string]any
		count      int
	}
	returned, _ := row["countries"].([]any)
	countries := make(map[any]*country, len(returned))
	for _, item := range returned {
		e, _ := item.(map[string]any)
		props := returnedProps(e["c"])
		if props == nil {
			continue
		}
		c := &country{props: props, name: e["name"], agreements: nodeList(e["agreements"]), count: int(num(e["agreementCount"]))}
		c.partner, _ = e["partner"].(bool)
		countries[props["id"]] = c
	}
	// Each source with its sort keys, read once: the sort compares each many times, and
	// moves pointers, not the sources.
	type source struct {
		mineral      any
		figure       map[string]any
		country      *country // nil: "Other countries"
		detail, name cypherString
		value        float64
	}
	sources := make([]source, 0, len(list))
	for _, e := range list {
		s := source{mineral: e.mineral, figure: e.figure, country: countries[e.country]}
		s.detail, s.value = newCypherString(s.figure["stageDetail"]), numOr(s.figure["value"], -1)
		if s.country != nil {
			s.name = newCypherString(s.country.name)
		}
		sources = append(sources, s)
	}
	sorted := make([]*source, len(sources))
	for i := range sources {
		sorted[i] = &sources[i]
	}
	slices.SortStableFunc(sorted, func(a, b *source) int {
		return cmp.Or(a.detail.compare(b.detail), cmp.Compare(b.value, a.value), a.name.compare(b.name))
	})
	out := map[any][]ImportSourceFigure{}
	for _, s := range sorted {
		f := ImportSourceFigure{Measurement: s.figure, Agreements: []map[string]any{}}
		if c := s.country; c != nil {
			f.Country, f.Partner, f.Agreements, f.AgreementCount = c.props, c.partner, c.agreements, c.count
		}
		out[s.mineral] = append(out[s.mineral], f)
	}
	return out
}

// cypherString is a returned string or null, ordered as Cypher's ORDER BY orders them:
// by code point (Go compares the UTF-8 bytes, the same order), null last.
type cypherString struct {
	s     string
	valid bool // false: null (or not a string)
}

func newCypherString(v any) cypherString {
	s, ok := v.(string)
	return cypherString{s, ok}
}

func (a cypherString) compare(b cypherString) int {
	switch {
	case a.valid && b.valid:
		return strings.Compare(a.s, b.s)
	case a.valid:
		return -1
	case b.valid:
		return 1
	}
	return 0
}

// numOr is a returned number, or or for null.
func numOr(v any, or float64) float64 {
	if p := numPtr(v); p != nil {
		return *p
	}
	return or
}

// sourceProps are the properties of an import-source figure every answer reads: its
// fields and sort keys (stageDetail, value) are read from them. The summaries hold them
// (summary_imports.go).
var sourceProps = []string{"id", "stageDetail", "period", "value", "qualifier"}

// moreSourceProps is whether props (nil: all) asks for properties the summaries do not
// hold.
func moreSourceProps(props []string) bool {
	more := props == nil
	for _, name := range props {
		more = more || !slices.Contains(sourceProps, name)
	}
	return more
}

// summarisedSources reads the import sources of the minerals kept from their summaries
// (summary_imports.go): one index seek per mineral instead of every import-source figure
// of the edition; the figures themselves only where the selection asks for properties
// the summaries do not hold, looked up by id. Each mineral's row is its summary's lists
// (summaryRow), read whole: the driver decodes lists of numbers and strings, not a map
// per source. The source countries are looked up once each.
var summarisedSources = dependencySourcePart{
	cypher: func(props []string) string {
		more, row := "", "[x.id, s.figures, s.sourceCountries, s.details, s.periods, s.values, s.qualifiers, s.nulls"
		if moreSourceProps(props) {
			more = `
  CALL (s) {
    UNWIND s.figures AS id
    OPTIONAL MATCH (m:Measurement {id: id}) ` + figureByID + `
    RETURN collect([` + Projection{Node: props}.nodes("m") + `]) AS more
  }`
			row += ", more"
		}
		return `CALL (home, edition, reliant) {
  UNWIND reliant AS x
  MATCH (s:` + ImportSummaryLabel + ` {country: home.id, edition: edition, mineral: x.id}) ` + importSummaryIndex + more + `
  WITH collect(` + row + `]) AS sources, collect(s.sourceCountries) AS countries
  CALL (countries) {
    UNWIND countries AS ids
    UNWIND ids AS id
    WITH DISTINCT id WHERE id <> ''
    MATCH (src:Country {id: id})
    RETURN collect(src) AS srcs
  }
  RETURN sources, srcs
}`
	},
	decode: func(v any) ([]importSource, error) {
		rows, _ := v.([]any)
		var out []importSource
		for _, item := range rows {
			var err error
			if out, err = appendSummaryRow(out, item); err != nil {
				return nil, err
			}
		}
		return out, nil
	},
}

// appendSummaryRow appends the import sources of one summary row: [mineral id, then the
// summary's parallel lists, then, where asked, the figures' other properties].
func appendSummaryRow(out []importSource, item any) ([]importSource, error) {
	e, _ := item.([]any)
	if len(e) < 8 {
		return nil, fmt.Errorf("an import-source summary row of %d items", len(e))
	}
	list := func(i int) []any { l, _ := e[i].([]any); return l }
	ids, countries, details, periods, values, qualifiers, nulls := list(1), list(2), list(3), list(4), list(5), list(6), list(7)
	var more []any
	if len(e) > 8 {
		more = list(8)
	}
	n := len(ids)
	if len(countries) != n || len(details) != n || len(periods) != n || len(values) != n || len(qualifiers) != n || len(nulls) != n {
		return nil, fmt.Errorf("the import-source summary of %v has lists of different lengths", e[0])
	}
	for i, id := range ids {
		flags, _ := nulls[i].(int64)
		or := func(v any, flag int64) any {
			if flags&flag != 0 {
				return nil
			}
			return v
		}
		var figure map[string]any
		if i < len(more) {
			if m, _ := more[i].([]any); len(m) == 1 {
				figure = returnedProps(m[0])
			}
		}
		if figure == nil {
			figure = make(map[string]any, len(sourceProps))
		}
		set := func(name string, v any) {
			if _, ok := figure[name]; !ok {
				figure[name] = v
			}
		}
		set("id", id)
		set("stageDetail", or(details[i], nullDetail))
		set("period", or(periods[i], nullPeriod))
		set("value", or(values[i], nullValue))
		set("qualifier", or(qualifiers[i], nullQualifier))
		out = append(out, importSource{mineral: e[0], figure: figure, country: countries[i]})
	}
	return out, nil
}
