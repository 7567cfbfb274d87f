package e2e

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// The root statement reads the nested relationship fields of a selection with only the
// properties each occurrence asks for. Whatever the shape of the selection (aliases of
// one field, fragments spread in several places, inline fragments), the answer must be
// what the parts of the query answer when sent alone, merged.
func TestSelectionShapesAnswerLikeTheirParts(t *testing.T) {
	e := testenv.Seeded(t)
	const ps = `partnerships(sort: [{ name: ASC }], limit: 6)`
	const mc = `memberCountries(sort: [{ name: ASC }])`
	tests := []struct {
		name  string
		query string
		parts []string
	}{
		{
			name:  "aliases of one field with other selections",
			query: `{ ` + ps + ` { id a: ` + mc + ` { id } b: ` + mc + ` { name aliases } } }`,
			parts: []string{`{ ` + ps + ` { id a: ` + mc + ` { id } } }`, `{ ` + ps + ` { id b: ` + mc + ` { name aliases } } }`},
		},
		{
			name: "a fragment spread where it merges with more and where it does not",
			query: `fragment F on Partnership { ` + mc + ` { id } }
				{ x: ` + ps + ` { ...F ` + mc + ` { name } } y: ` + ps + ` { ...F } }`,
			parts: []string{`{ x: ` + ps + ` { ` + mc + ` { id name } } }`, `{ y: ` + ps + ` { ` + mc + ` { id } } }`},
		},
		{
			name: "inline fragments on the interface and the type, two levels down",
			query: `{ organizations(where: { kind: { eq: FINANCIER } }, sort: [{ name: ASC }]) { ... on Entity { id }
				financesProjects(sort: [{ name: ASC }]) { ... on Project { stage } ... on Entity { name }
					minerals(sort: [{ name: ASC }]) { ... on Mineral { symbol } id } } } }`,
			parts: []string{
				`{ organizations(where: { kind: { eq: FINANCIER } }, sort: [{ name: ASC }]) { id financesProjects(sort: [{ name: ASC }]) { stage name } } }`,
				`{ organizations(where: { kind: { eq: FINANCIER } }, sort: [{ name: ASC }]) { id financesProjects(sort: [{ name: ASC }]) { minerals(sort: [{ name: ASC }]) { symbol id } } } }`,
			},
		},
		{
			name: "provenance and edge properties in a nested connection",
			query: `{ ` + ps + ` { id memberCountriesConnection(sort: [{ node: { name: ASC } }]) { totalCount
				edges { properties { role provenance { quote } } node { name provenance { quote source { id } } } } } } }`,
			parts: []string{
				`{ ` + ps + ` { id memberCountriesConnection(sort: [{ node: { name: ASC } }]) { totalCount edges { properties { role provenance { quote } } } } } }`,
				`{ ` + ps + ` { id memberCountriesConnection(sort: [{ node: { name: ASC } }]) { edges { node { name provenance { quote source { id } } } } } } }`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := apiAnswer(t, e, tt.query)
			var want any
			for _, part := range tt.parts {
				want = merge(want, apiAnswer(t, e, part))
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("answer\n%.2000s\nwant the parts merged\n%.2000s", g, w)
			}
			if n := countLeaves(got); n < 20 {
				t.Errorf("only %d values in the answer; the case shows nothing", n)
			}
		})
	}
}

func apiAnswer(t *testing.T, e *testenv.Server, query string) any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	r := apiSend(t, e, body)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	var out any
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// merge merges JSON values: objects key by key, lists item by item.
func merge(a, b any) any {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return b
		}
		out := map[string]any{}
		for k, v := range x {
			out[k] = v
		}
		for k, v := range y {
			out[k] = merge(out[k], v)
		}
		return out
	case []any:
		y, ok := b.([]any)
		if !ok || len(y) != len(x) {
			return b
		}
		out := make([]any, len(x))
		for i := range x {
			out[i] = merge(x[i], y[i])
		}
		return out
	}
	return b
}

func countLeaves(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 0
		for _, e := range x {
			n += countLeaves(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range x {
			n += countLeaves(e)
		}
		return n
	}
	return 1
}

// Explorations read their entities with only what the selection asks for too: each
// entity they return must answer what the lookup by id (which reads every property)
// answers for the same selection.
func TestExploredEntitiesAnswerLikeLookups(t *testing.T) {
	e := testenv.Seeded(t)
	const entity = `fragment E on Entity { __typename id name aliases ... on Project { stage status location }
		... on Mineral { symbol mineralKind: kind } ... on Organization { kind } provenance { quote source { id } } }`
	tests := []struct {
		name, query string
		entities    func(data any) []any
	}{
		{"neighborhood", `{ x: neighborhood(id: "lynas", depth: 2, limit: 40) { nodes { ...E } } } ` + entity,
			func(d any) []any { return at(d, "x", "nodes").([]any) }},
		{"paths", `{ x: paths(from: "lynas", to: "msp", limit: 3) { nodes { ...E } } } ` + entity,
			func(d any) []any {
				var out []any
				for _, p := range at(d, "x").([]any) {
					out = append(out, at(p, "nodes").([]any)...)
				}
				return out
			}},
		{"search", `{ x: search(text: "graphite", first: 10) { entity { ...E } } } ` + entity,
			func(d any) []any {
				var out []any
				for _, hit := range at(d, "x").([]any) {
					out = append(out, at(hit, "entity"))
				}
				return out
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.entities(apiAnswer(t, e, tt.query))
			if len(got) < 3 {
				t.Fatalf("only %d entities; the case shows nothing", len(got))
			}
			ids := make([]string, len(got))
			for i, n := range got {
				ids[i] = at(n, "id").(string)
			}
			quoted, _ := json.Marshal(ids)
			want := at(apiAnswer(t, e, `{ x: nodes(ids: `+string(quoted)+`) { ...E } } `+entity), "x")
			if !reflect.DeepEqual(any(got), want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("explored\n%.1500s\nlooked up\n%.1500s", g, w)
			}
		})
	}
}

// at walks JSON objects by key.
func at(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}
