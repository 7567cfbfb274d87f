package store

import (
	"context"
)

// DependencyFromFigures is Dependency computed without the import-source summaries: the
// import sources read from every import-source figure of the edition, each checked for
// its mineral and country, in the statement Dependency sent before the summaries. The
// tests compare Dependency with it.
func DependencyFromFigures(s *Store, ctx context.Context, a DependencyArgs) (*Dependency, error) {
	return s.dependency(ctx, a, scannedSources)
}

var scannedSources = dependencySourcePart{
	cypher: func(props []string) string {
		return `CALL (home, edition, reliant) {
  MATCH (m:Measurement) ` + figuresIndex + `
  WHERE m.metric = 'IMPORT_SOURCE_SHARE' AND m.edition = edition AND m.year IS NOT NULL AND m.name IS NOT NULL
  MATCH (m)-[:INVOLVES_MINERAL]->(x) WHERE x IN reliant AND ` + aboutAfter("x") + `
  OPTIONAL MATCH (m)-[:RELATIVE_TO]->(src:Country)
  ` + sourceRow(props) + ` AS sources, collect(DISTINCT src) AS srcs
}`
	},
	decode: func(v any) ([]importSource, error) {
		rows, _ := v.([]any)
		out := make([]importSource, 0, len(rows))
		for _, item := range rows {
			if e, _ := item.([]any); len(e) >= 2+len(sourceProps) {
				out = append(out, importSource{mineral: e[0], figure: sourceFigure(e), country: e[1]})
			}
		}
		return out, nil
	},
}

// sourceRow collects the import sources as lists: [mineral id, country id, then the
// figure's sourceProps], and a map of the other properties asked for (props: nil for
// all) where there are any.
func sourceRow(props []string) string {
	with, row := "WITH x, src, m {", "[x.id, src.id"
	for i, name := range sourceProps {
		if i > 0 {
			with += ", "
		}
		with += "." + quoteName(name)
		row += ", f." + quoteName(name)
	}
	with += "} AS f"
	if moreSourceProps(props) {
		with += ", " + Projection{Node: props}.nodes("m") + " AS more"
		row += ", more"
	}
	return with + "\n  RETURN collect(" + row + "])"
}

// sourceFigure is the figure's properties of a row of sourceRow.
func sourceFigure(row []any) map[string]any {
	var figure map[string]any
	if len(row) > 2+len(sourceProps) {
		figure = returnedProps(row[2+len(sourceProps)])
	}
	if figure == nil {
		figure = make(map[string]any, len(sourceProps))
	}
	for i, name := range sourceProps {
		if _, ok := figure[name]; !ok {
			figure[name] = row[2+i]
		}
	}
	return figure
}
