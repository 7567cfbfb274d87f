package store

import (
	"context"

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
	pr := struct{ Home, Partnership, Mineral, Reliance, Source, Country, Agreement Projection }{
		Projection{Node: a.Props.Home}, Projection{Node: a.Props.Partnership}, Projection{Node: a.Props.Mineral},
		Projection{Node: a.Props.Reliance}, Projection{Node: a.Props.Source}, Projection{Node: a.Props.Country},
		Projection{Node: a.Props.Agreement}}
	known := "m.qualifier IN ['EXACT', 'APPROXIMATE', 'OVER', 'RANGE']"
	q := `MATCH (home:Country {id: $country})
OPTIONAL MATCH (p:Partnership {id: $partnership})
CALL (home) {
  // The latest edition and year from the index: the first figure about the country.
  ` + latestFigure("'NET_IMPORT_RELIANCE'", editionYearFilter(a.Edition, a.Year)+" AND EXISTS { (m)-[:ABOUT]->(home) }") + `  RETURN collect(m) AS latest
}
WITH home, p, latest[0].edition AS edition, latest[0].year AS year
WITH home, p, edition, year, coalesce($asOf, toString(year)) AS asOf
// The figures come from the index, the edition's (and year's) only, each checked for the
// country: the country's own measurements are those of every edition, many more.
CALL (home, edition, year) {
  MATCH (m:Measurement) ` + figuresIndex + `
  WHERE m.metric = 'NET_IMPORT_RELIANCE' AND m.edition = edition AND m.year = year AND m.name IS NOT NULL
    AND ($minReliance IS NULL OR (m.value >= $minReliance AND ` + known + `))
    AND ($moreThan IS NULL OR (m.value > $moreThan AND ` + known + `) OR (m.value >= $moreThan AND m.qualifier = 'OVER'))
    AND EXISTS { (m)-[:ABOUT]->(home) }
  MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral)
  WITH x, m ORDER BY CASE m.qualifier WHEN 'NET_EXPORTER' THEN -1.0 ELSE coalesce(m.value, -2.0) END DESC,
           CASE m.qualifier WHEN 'OVER' THEN 1 WHEN 'UNDER' THEN -1 ELSE 0 END DESC, x.name, m.stageDetail
  RETURN collect({x: ` + pr.Mineral.nodes("x") + `, m: ` + pr.Reliance.nodes("m") + `}) AS minerals, collect(DISTINCT x) AS reliant
}
// The import sources of those minerals only, in the answer's order; each names its
// mineral and country by id (the caller files them under the minerals).
CALL (home, edition, reliant) {
  MATCH (m:Measurement) ` + figuresIndex + `
  WHERE m.metric = 'IMPORT_SOURCE_SHARE' AND m.edition = edition AND m.year IS NOT NULL AND m.name IS NOT NULL
    AND EXISTS { (m)-[:ABOUT]->(home) }
  MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral) WHERE x IN reliant
  OPTIONAL MATCH (m)-[:RELATIVE_TO]->(src:Country)
  WITH x, m, src ORDER BY m.stageDetail, coalesce(m.value, -1.0) DESC, src.name
  RETURN collect({x: x.id, m: ` + pr.Source.nodes("m") + `, c: src.id}) AS sources, collect(DISTINCT src) AS srcs
}
// Each source country once (a country is the source of many minerals): whether it is a
// partner as of the date, and the agreements it and the country are parties to, counted
// whole and listed up to the limit: two countries share hundreds in a large graph.
CALL (home, p, asOf, srcs) {
  UNWIND srcs AS src
  CALL (home, src) {
    OPTIONAL MATCH (src)-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(home)
    WITH DISTINCT a ORDER BY a.name, a.id
    WITH collect(a) AS shared
    RETURN size(shared) AS agreementCount, [a IN shared[..$agreementLimit] | ` + pr.Agreement.nodes("a") + `] AS agreements
  }
  RETURN collect({c: ` + pr.Country.nodes("src") + `, agreementCount: agreementCount, agreements: agreements,
    partner: EXISTS { (src)-[r:MEMBER_OF]->(p) WHERE r.role <> 'OBSERVER'
             AND (r.validFrom IS NULL OR r.validFrom <= asOf) AND (r.validTo IS NULL OR asOf < r.validTo) }}) AS countries
}
RETURN ` + pr.Home.nodes("home") + ` AS country, ` + pr.Partnership.nodes("p") + ` AS partnership, edition, year, asOf, minerals, sources, countries`
	params := map[string]any{"country": a.Country, "year": derefInt(a.Year), "edition": deref(a.Edition),
		"partnership": deref(a.Partnership), "asOf": deref(a.AsOf), "minReliance": nil, "moreThan": nil,
		"agreementLimit": a.AgreementLimit}
	if a.MinReliance != nil {
		params["minReliance"] = *a.MinReliance
	}
	if a.MoreThan != nil {
		params["moreThan"] = *a.MoreThan
	}
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
	sources := dependencySources(row)
	minerals, _ := row["minerals"].([]any)
	out.Minerals = make([]MineralDependency, 0, len(minerals))
	for _, item := range minerals {
		e, _ := item.(map[string]any)
		x := returnedProps(e["x"])
		out.Minerals = append(out.Minerals, MineralDependency{Mineral: x, Measurement: returnedProps(e["m"]), ImportSources: sources[x["id"]]})
	}
	return out, nil
}

// dependencySources files the statement's import sources under their minerals' ids, in
// the statement's order, each with its country's partnership and agreements (the
// countries come once each, the sources name them by id).
func dependencySources(row map[string]any) map[any][]ImportSourceFigure {
	type country struct {
		props      map[string]any
		partner    bool
		agreements []map[string]any
		count      int
	}
	list, _ := row["countries"].([]any)
	countries := make(map[any]*country, len(list))
	for _, item := range list {
		e, _ := item.(map[string]any)
		props := returnedProps(e["c"])
		if props == nil {
			continue
		}
		c := &country{props: props, agreements: nodeList(e["agreements"]), count: int(num(e["agreementCount"]))}
		c.partner, _ = e["partner"].(bool)
		countries[props["id"]] = c
	}
	list, _ = row["sources"].([]any)
	out := map[any][]ImportSourceFigure{}
	for _, item := range list {
		e, _ := item.(map[string]any)
		f := ImportSourceFigure{Measurement: returnedProps(e["m"]), Agreements: []map[string]any{}}
		if c := countries[e["c"]]; c != nil { // nil: "Other countries"
			f.Country, f.Partner, f.Agreements, f.AgreementCount = c.props, c.partner, c.agreements, c.count
		}
		out[e["x"]] = append(out[e["x"]], f)
	}
	return out
}
