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
	Props       DependencyProps
}

// DependencyProps names the properties Dependency returns of its nodes, nil meaning all
// (the id always): an answer holds hundreds of import-source figures, and reading and
// sending every property of each cost more than the rest of the statement.
type DependencyProps struct {
	Mineral, Reliance, Source, Country, Agreement []string
}

// ImportSourceFigure is one source of a country's imports of a mineral.
type ImportSourceFigure struct {
	Measurement map[string]any
	Country     map[string]any // nil for "Other countries"
	Partner     bool
	Agreements  []map[string]any
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
// of the partnership as of the date and the agreements it and the country are parties to.
func (s *Store) Dependency(ctx context.Context, a DependencyArgs) (*Dependency, error) {
	if a.Year != nil && (*a.Year < 1900 || *a.Year > 2100) {
		return nil, apperr.Errorf(apperr.BadUserInput, "year must be between 1900 and 2100, not %d", *a.Year)
	}
	for name, v := range map[string]*float64{"minReliance": a.MinReliance, "moreThan": a.MoreThan} {
		if v != nil && (*v < 0 || *v > 100) {
			return nil, apperr.Errorf(apperr.BadUserInput, "%s is a percentage, 0 to 100, not %v", name, *v)
		}
	}
	if a.AsOf != nil {
		if a.Partnership == nil {
			return nil, apperr.Errorf(apperr.BadUserInput, "`asOf` applies to a partnership's membership only")
		}
		if _, err := model.ParsePartialDate(*a.AsOf); err != nil {
			return nil, apperr.Errorf(apperr.BadUserInput, "`asOf` must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not %q", *a.AsOf)
		}
	}
	pr := struct{ Mineral, Reliance, Source, Country, Agreement Projection }{
		Projection{Node: a.Props.Mineral}, Projection{Node: a.Props.Reliance}, Projection{Node: a.Props.Source},
		Projection{Node: a.Props.Country}, Projection{Node: a.Props.Agreement}}
	q := `MATCH (home:Country {id: $country})
OPTIONAL MATCH (p:Partnership {id: $partnership})
CALL (home) {
  // The latest edition and year from the index: the first figure about the country.
  ` + latestFigure("'NET_IMPORT_RELIANCE'", editionYearFilter(a.Edition, a.Year)+" AND EXISTS { (m)-[:ABOUT]->(home) }") + `  RETURN collect(m) AS latest
}
WITH home, p, latest[0].edition AS edition, latest[0].year AS year
WITH home, p, edition, year, coalesce($asOf, toString(year)) AS asOf
// The edition's import sources about the country, read once (not once per mineral: the
// country's measurements are many, and each pass over them costs as much), in the
// answer's order and grouped by mineral, so that each mineral picks its group, not its
// rows out of all of them.
CALL (home, edition) {
  MATCH (home)<-[:ABOUT]-(s:Measurement {metric: 'IMPORT_SOURCE_SHARE', edition: edition})-[:INVOLVES_MINERAL]->(sx:Mineral)
  OPTIONAL MATCH (s)-[:RELATIVE_TO]->(src:Country)
  WITH sx, s, src ORDER BY s.stageDetail, coalesce(s.value, -1.0) DESC, src.name
  WITH sx, collect({m: ` + pr.Source.nodes("s") + `, c: src.id}) AS sources, collect(src) AS srcs
  RETURN collect({x: sx, sources: sources}) AS imports, collect(srcs) AS srcLists
}
// Each source country once: whether it is a partner as of the date, and the agreements it
// and the country are parties to (a country is the source of many minerals).
CALL (home, p, asOf, srcLists) {
  UNWIND srcLists AS srcs
  UNWIND srcs AS src
  WITH DISTINCT src
  RETURN collect({c: ` + pr.Country.nodes("src") + `,
    partner: EXISTS { (src)-[r:MEMBER_OF]->(p) WHERE r.role <> 'OBSERVER'
             AND (r.validFrom IS NULL OR r.validFrom <= asOf) AND (r.validTo IS NULL OR asOf < r.validTo) },
    agreements: [(src)-[:PARTY_TO]->(a:Agreement)<-[:PARTY_TO]-(home) | ` + pr.Agreement.nodes("a") + `]}) AS countries
}
CALL (home, edition, year, imports) {
  MATCH (home)<-[:ABOUT]-(m:Measurement {metric: 'NET_IMPORT_RELIANCE', edition: edition, year: year})-[:INVOLVES_MINERAL]->(x:Mineral)
  WHERE ($minReliance IS NULL OR (m.value >= $minReliance AND m.qualifier IN ['EXACT', 'APPROXIMATE', 'OVER', 'RANGE']))
    AND ($moreThan IS NULL OR (m.value > $moreThan AND m.qualifier IN ['EXACT', 'APPROXIMATE', 'OVER', 'RANGE'])
         OR (m.value >= $moreThan AND m.qualifier = 'OVER'))
  WITH x, m, coalesce([i IN imports WHERE i.x = x][0].sources, []) AS sources
  ORDER BY CASE m.qualifier WHEN 'NET_EXPORTER' THEN -1.0 ELSE coalesce(m.value, -2.0) END DESC,
           CASE m.qualifier WHEN 'OVER' THEN 1 WHEN 'UNDER' THEN -1 ELSE 0 END DESC, x.name, m.stageDetail
  RETURN collect({x: ` + pr.Mineral.nodes("x") + `, m: ` + pr.Reliance.nodes("m") + `, sources: sources}) AS minerals
}
RETURN properties(home) AS country, properties(p) AS partnership, edition, year, asOf, minerals, countries`
	params := map[string]any{"country": a.Country, "year": derefInt(a.Year), "edition": deref(a.Edition),
		"partnership": deref(a.Partnership), "asOf": deref(a.AsOf), "minReliance": nil, "moreThan": nil}
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
	// The source countries come once each (see the statement), the sources name them by id.
	countries := map[any]map[string]any{}
	list, _ := row["countries"].([]any)
	for _, item := range list {
		if c, ok := item.(map[string]any); ok {
			if props := returnedProps(c["c"]); props != nil {
				countries[props["id"]] = c
			}
		}
	}
	minerals, _ := row["minerals"].([]any)
	for _, item := range minerals {
		e, _ := item.(map[string]any)
		d := MineralDependency{Mineral: returnedProps(e["x"]), Measurement: returnedProps(e["m"])}
		sources, _ := e["sources"].([]any)
		for _, si := range sources {
			src, _ := si.(map[string]any)
			if src["m"] == nil {
				continue
			}
			f := ImportSourceFigure{Measurement: returnedProps(src["m"])}
			c := countries[src["c"]]
			if c == nil { // "Other countries"
				d.ImportSources = append(d.ImportSources, f)
				continue
			}
			f.Country = returnedProps(c["c"])
			f.Partner, _ = c["partner"].(bool)
			agreements, _ := c["agreements"].([]any)
			for _, ag := range agreements {
				f.Agreements = append(f.Agreements, returnedProps(ag))
			}
			d.ImportSources = append(d.ImportSources, f)
		}
		out.Minerals = append(out.Minerals, d)
	}
	return out, nil
}
