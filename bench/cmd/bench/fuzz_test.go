package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// servedSchema is this API's served schema and the generator's model of it.
func servedSchema(t *testing.T) (*ast.Schema, *schemaModel) {
	t.Helper()
	raw, err := os.ReadFile("../../../graph/generated/schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(raw)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	return schema, modelOf(schema)
}

// unbounded lets the generator nest and fan out as it likes.
var unbounded = fuzzBounds{maxDepth: 100, maxCost: math.Inf(1)}

// The generator against this API's served schema alone (no Neo4j, no library): every
// query it generates is valid, the same seed gives the same query, and the queries use
// the shapes the fuzzer is meant to cover.
func TestFuzzGeneratorValidDeterministic(t *testing.T) {
	schema, model := servedSchema(t)
	samples := fuzzSamples{"Project": {"name": {"Kolwezi Mine 7"}, "id": {"project-1"}}, "edge": {"amount": {500.0}}}
	bounds := fuzzBounds{maxDepth: httpapi.Defaults().Limits.MaxDepth, maxCost: math.Inf(1)}
	seen := map[string]int{}
	shapes := []string{"some:", "all:", "none:", "single:", "OR:", "AND:", "NOT:", "eq: null", "edge:", "totalCount", "properties {", "aggregate {", "offset:", "$after", "Connection(", "sort:", "startsWith:", "in: [",
		"{}", "some: null", "where: $w", "sort: $w", "@include(if: ", "@skip(if: $", "... on ", "fragment F", "a1: ", "], edge: {",
		"in: []", "offset: 1000", "hasPreviousPage", "startCursor", "average", "cursor\n", "count {", "__typename"}
	nested, edgeCursor, third := 0, 0, 0
	const seeds = 600
	for seed := uint64(1); seed <= seeds; seed++ {
		q := generate(model, samples, seed, nil, bounds)
		doc, vars := q.document(nil)
		if again, _ := generate(model, samples, seed, nil, bounds).document(nil); again != doc {
			t.Fatalf("seed %d: two generations differ:\n%s\n%s", seed, doc, again)
		}
		if _, errs := gqlparser.LoadQuery(schema, doc); errs != nil {
			t.Fatalf("seed %d: invalid query: %v\n%s", seed, errs, doc)
		}
		for name := range vars {
			if !strings.Contains(doc, "$"+name+": ") {
				t.Fatalf("seed %d: variable %s not declared\n%s", seed, name, doc)
			}
		}
		if len(q.PagePath) > 1 {
			nested++
		}
		if q.PageFrom > 0 {
			edgeCursor++
		}
		if q.Pages == 3 {
			third++
		}
		if _, determined := q.orderedPaths(); !determined {
			t.Fatalf("seed %d: a cut list without a total order\n%s", seed, doc)
		}
		for _, shape := range shapes {
			if strings.Contains(doc, shape) {
				seen[shape]++
			}
		}
		for i := 0; ; i++ {
			c, ok := withRemoval(q, i)
			if !ok {
				break
			}
			if d, v := c.document(nil); d == doc && reflect.DeepEqual(v, vars) {
				t.Fatalf("seed %d: removal %d changed nothing", seed, i)
			}
		}
	}
	for _, shape := range shapes {
		if seen[shape] < 5 {
			t.Errorf("only %d of %d queries use %q", seen[shape], seeds, shape)
		}
	}
	if nested < 5 || edgeCursor < 5 || third < 5 {
		t.Errorf("of %d queries, %d page a nested connection, %d page from an edge's cursor, %d ask a third page", seeds, nested, edgeCursor, third)
	}
}

// Generated queries nest no deeper than the bound, as the server counts depth (every
// field a level, fragments none: httpapi/cost_bounds.go), and keep within the server's
// other limits on a document's shape; without the bound some would nest deeper.
func TestFuzzGeneratorWithinTheDepthLimit(t *testing.T) {
	schema, model := servedSchema(t)
	samples := fuzzSamples{"Project": {"id": {"project-1"}}}
	limits := httpapi.Defaults().Limits
	for _, maxDepth := range []int{limits.MaxDepth, 6} {
		deeper := 0
		for seed := uint64(1); seed <= 2000; seed++ {
			doc, _ := generate(model, samples, seed, nil, fuzzBounds{maxDepth: maxDepth, maxCost: math.Inf(1)}).document(nil)
			if d := documentDepth(t, schema, doc); d > maxDepth {
				t.Fatalf("seed %d: depth %d over %d\n%s", seed, d, maxDepth, doc)
			}
			parsed, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: doc}, limits.MaxTokens)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if n := len(parsed.Operations[0].SelectionSet); n > limits.MaxRootFields {
				t.Fatalf("seed %d: %d root fields", seed, n)
			}
			free, _ := generate(model, samples, seed, nil, unbounded).document(nil)
			if documentDepth(t, schema, free) > maxDepth {
				deeper++
			}
		}
		if deeper == 0 {
			t.Errorf("no unbounded query of 2000 nests deeper than %d: the bound is not shown to work", maxDepth)
		}
	}
}

// documentDepth is the depth of a document's operation as the server counts it.
func documentDepth(t *testing.T, schema *ast.Schema, doc string) int {
	t.Helper()
	parsed, errs := gqlparser.LoadQuery(schema, doc)
	if errs != nil {
		t.Fatalf("invalid query: %v\n%s", errs, doc)
	}
	var walk func(set ast.SelectionSet) int
	walk = func(set ast.SelectionSet) int {
		d := 0
		for _, s := range set {
			switch s := s.(type) {
			case *ast.Field:
				d = max(d, 1+walk(s.SelectionSet))
			case *ast.InlineFragment:
				d = max(d, walk(s.SelectionSet))
			case *ast.FragmentSpread:
				d = max(d, walk(s.Definition.SelectionSet))
			}
		}
		return d
	}
	return walk(parsed.Operations[0].SelectionSet)
}

// This API on the seeded graph, with a cost limit low enough for the seeded graph's
// degrees to matter, refuses none of the queries generated within its limits and its
// statistics, and some of those generated without.
func TestFuzzQueriesWithinTheServersLimits(t *testing.T) {
	e := testenv.Seeded(t, testenv.Tune(func(o *httpapi.Options) { o.Limits.MaxComplexity = 3000 }))
	_, model := servedSchema(t)
	ctx := context.Background()
	samples, err := fuzzSampleGraph(ctx, e.Driver, model)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := e.Store.ReadStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bounds := fuzzBounds{maxDepth: e.Options.Limits.MaxDepth, maxCost: float64(e.Options.Limits.MaxComplexity), stats: stats}
	refused := map[string]int{}
	const seeds = 80
	for seed := uint64(1); seed <= seeds; seed++ {
		doc, vars := generate(model, samples, seed, nil, bounds).document(nil)
		if code := e.Post(t, doc, vars).Code(); limitCodes[code] {
			t.Fatalf("seed %d: refused with %s\n%s", seed, code, doc)
		}
		doc, vars = generate(model, samples, seed, nil, unbounded).document(nil)
		if code := e.Post(t, doc, vars).Code(); limitCodes[code] {
			refused[code]++
		}
	}
	t.Logf("of %d queries generated without bounds, the server refused %v", seeds, refused)
	if refused[string(apperr.QueryTooDeep)] == 0 || refused[string(apperr.QueryTooComplex)] == 0 {
		t.Errorf("of %d queries generated without bounds, the server refused %v: the bounds are not shown to work", seeds, refused)
	}
}

// modelOf is the schema as introspection describes it.
func modelOf(s *ast.Schema) *schemaModel {
	m := &schemaModel{Query: s.Query.Name, Types: map[string]*schemaType{}}
	var ref func(t *ast.Type) *typeRef
	ref = func(t *ast.Type) *typeRef {
		var r *typeRef
		if t.Elem != nil {
			r = &typeRef{Kind: "LIST", OfType: ref(t.Elem)}
		} else {
			r = &typeRef{Kind: string(s.Types[t.NamedType].Kind), Name: t.NamedType}
		}
		if t.NonNull {
			r = &typeRef{Kind: "NON_NULL", OfType: r}
		}
		return r
	}
	for name, d := range s.Types {
		t := &schemaType{Kind: string(d.Kind), Name: name}
		for _, f := range d.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			sf := schemaField{Name: f.Name, Type: ref(f.Type)}
			for _, a := range f.Arguments {
				sf.Args = append(sf.Args, schemaInput{Name: a.Name, Type: ref(a.Type)})
			}
			if d.Kind == ast.InputObject {
				t.InputFields = append(t.InputFields, schemaInput{Name: f.Name, Type: ref(f.Type)})
			} else {
				t.Fields = append(t.Fields, sf)
			}
		}
		for _, e := range d.EnumValues {
			t.EnumValues = append(t.EnumValues, struct {
				Name string `json:"name"`
			}{e.Name})
		}
		m.Types[name] = t
	}
	// As the runner does: sorted, through the intersection (with itself).
	m, _ = intersect(m, m)
	return m
}

// The intersection compares the object types the same fields reach, whatever their
// names (the library's aggregate types; its Count is this API's NodeCount), and a type
// reached as several keeps what all of them have.
func TestIntersectComparesObjectsByShape(t *testing.T) {
	load := func(sdl string) *schemaModel {
		s, err := gqlparser.LoadSchema(&ast.Source{Name: "s.graphqls", Input: sdl})
		if err != nil {
			t.Fatal(err)
		}
		return modelOf(s)
	}
	ours := load(`
type Query { projects(limit: Int): [Project!]!, projectsAggregate: ProjectAggregate!, orgAggregate: OrgAggregateNode! }
type Project { id: ID!, financiersConnection(first: Int): ProjectFinanciersConnection! }
type ProjectFinanciersConnection { totalCount: Int!, aggregate: ProjectFinanciersAggregate! }
type ProjectFinanciersAggregate { count: Count!, node: OrgAggregateNode! }
type Count { nodes: Int!, edges: Int! }
type ProjectAggregate { count: NodeCount! }
type NodeCount { nodes: Int! }
type OrgAggregateNode { name: StringAggregate!, description: StringAggregate! }
type StringAggregate { shortest: String, longest: String }`)
	library := load(`
type Query { projects(limit: Int, offset: Int): [Project!]!, projectsAggregate: ProjectAggregate!, orgAggregate: OrgAggregateNode! }
type Project { id: ID!, financiersConnection(first: Int, after: String): ProjectFinanciersConnection! }
type ProjectFinanciersConnection { totalCount: Int!, aggregate: ProjectOrgFinanciersAggregateSelection! }
type ProjectOrgFinanciersAggregateSelection { count: CountConnection!, node: ProjectOrgFinanciersNodeAggregateSelection! }
type CountConnection { nodes: Int!, edges: Int! }
type ProjectAggregate { count: Count! }
type Count { nodes: Int! }
type ProjectOrgFinanciersNodeAggregateSelection { name: StringAggregate! }
type OrgAggregateNode { name: StringAggregate!, description: StringAggregate! }
type StringAggregate { shortest: String, longest: String }`)
	m, dropped := intersect(ours, library)
	fields := func(typeName string) string {
		var names []string
		for _, f := range m.Types[typeName].Fields {
			names = append(names, f.Name)
		}
		return strings.Join(names, " ")
	}
	for typeName, want := range map[string]string{
		"ProjectFinanciersConnection": "aggregate totalCount",
		"ProjectFinanciersAggregate":  "count node",
		"Count":                       "edges nodes", // the library's CountConnection, not its Count
		"NodeCount":                   "nodes",
		"OrgAggregateNode":            "name", // also the root's, where the library has description too
		"StringAggregate":             "longest shortest",
	} {
		if m.Types[typeName] == nil {
			t.Errorf("%s left out", typeName)
		} else if got := fields(typeName); got != want {
			t.Errorf("%s: fields %q, want %q", typeName, got, want)
		}
	}
	if args := m.field("Project", "financiersConnection").Args; len(args) != 1 || args[0].Name != "first" {
		t.Errorf("financiersConnection's arguments: %v", args)
	}
	if !slices.Contains(dropped, "OrgAggregateNode.description") {
		t.Errorf("OrgAggregateNode.description not listed as left out: %v", dropped)
	}
}

// Below an aggregate, a connection where's AND, OR and NOT operands lose an empty node
// filter (the library fails on it); elsewhere it stays.
func TestWithoutEmptyNodes(t *testing.T) {
	w := map[string]any{"node": map[string]any{}, "OR": []any{
		map[string]any{"node": map[string]any{}, "edge": map[string]any{"amount": map[string]any{"gt": 1}}},
		map[string]any{"node": map[string]any{"id": map[string]any{}}},
	}, "NOT": &varRef{Name: "w1", Value: map[string]any{"node": map[string]any{}}}}
	withoutEmptyNodes(w, false)
	want := map[string]any{"node": map[string]any{}, "OR": []any{
		map[string]any{"edge": map[string]any{"amount": map[string]any{"gt": 1}}},
		map[string]any{"node": map[string]any{"id": map[string]any{}}},
	}, "NOT": &varRef{Name: "w1", Value: map[string]any{}}}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("got %v, want %v", w, want)
	}
}

// Below an aggregate, an AND, OR or NOT of a connection where holding node and edge
// conditions keeps the node ones (the library takes them apart); one of edge conditions
// alone stays.
func TestOneSidedLogic(t *testing.T) {
	edge := map[string]any{"amount": map[string]any{"gt": 1}}
	node := map[string]any{"id": map[string]any{"eq": "x"}}
	w := map[string]any{"edge": edge, "node": node,
		"OR":  []any{map[string]any{"edge": edge}, map[string]any{"node": node}},
		"NOT": map[string]any{"edge": edge},
		"AND": []any{map[string]any{"NOT": map[string]any{"edge": edge, "node": node}}}}
	oneSidedLogic(w)
	want := map[string]any{"edge": edge, "node": node,
		"OR":  []any{map[string]any{}, map[string]any{"node": node}},
		"NOT": map[string]any{"edge": edge},
		"AND": []any{map[string]any{"NOT": map[string]any{"node": node}}}}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("got %v, want %v", w, want)
	}
}

// A nested list without a limit is cut at this API's cap, the library's is whole: equal
// when each of the capped elements is one of the library's, a mismatch otherwise, and
// no list is cut below the cap.
func TestWithinCapComparesCappedListsAsSubsets(t *testing.T) {
	list := func(n int, name func(int) string) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = map[string]any{"location": name(i)}
		}
		return out
	}
	byIndex := func(i int) string { return fmt.Sprintf("place %04d", i) }
	answer := func(projects []any) any {
		return map[string]any{"minerals": map[string]any{"edges": []any{map[string]any{"node": map[string]any{"projects": projects}}}}}
	}
	ordered := map[string]bool{"minerals.edges": true}
	equal := func(ours, lib any, ordered map[string]bool) bool {
		return canonicalAt(ours, "", ordered) == canonicalAt(withinCap(ours, lib, "", ordered), "", ordered)
	}
	whole := answer(list(1500, byIndex))
	if !equal(answer(list(store.MaxPageSize, byIndex)), whole, ordered) {
		t.Error("the capped list of the library's first 1000 differs")
	}
	foreign := list(store.MaxPageSize, byIndex)
	foreign[7] = map[string]any{"location": "nowhere"}
	if equal(answer(foreign), whole, ordered) {
		t.Error("a capped list with an element the library lacks is equal")
	}
	if equal(answer(list(999, byIndex)), whole, ordered) {
		t.Error("a list shorter than the cap is equal to a longer one")
	}
	// Below an unordered parent (seed 2121), each system's parents in its own order: paired
	// by what they hold.
	other := func(i int) string { return fmt.Sprintf("site %04d", i) }
	two := func(first, second []any) any {
		return map[string]any{"minerals": map[string]any{"edges": []any{
			map[string]any{"node": map[string]any{"projects": first}},
			map[string]any{"node": map[string]any{"projects": second}}}}}
	}
	unordered := map[string]bool{}
	libTwo := two(list(1500, other), list(1200, byIndex))
	if !equal(two(list(store.MaxPageSize, byIndex), list(store.MaxPageSize, other)), libTwo, unordered) {
		t.Error("capped lists below an unordered parent, the parents in the other order, differ")
	}
	if equal(two(list(store.MaxPageSize, byIndex), foreign), libTwo, unordered) {
		t.Error("below an unordered parent, a capped list with an element the library lacks is equal")
	}
	if equal(two(list(store.MaxPageSize, byIndex), list(store.MaxPageSize, byIndex)), libTwo, unordered) {
		t.Error("below an unordered parent, one of the library's lists paired twice")
	}
}

// A connection sorted by its nodes' ids orders nodes: parallel relationships to one node may
// come in either order, edges to different nodes may not.
func TestParallelEdgesTieOnTheNode(t *testing.T) {
	edge := func(node, role string) any {
		return map[string]any{"role": role, "node": map[string]any{"id": node}}
	}
	answer := func(edges ...any) any {
		return map[string]any{"partnerships": map[string]any{"edges": edges}}
	}
	ordered := map[string]bool{"partnerships.edges": true}
	same := func(a, b any) bool { return canonicalAt(a, "", ordered) == canonicalAt(b, "", ordered) }
	if !same(answer(edge("m1", "a"), edge("m2", "x"), edge("m2", "y")), answer(edge("m1", "a"), edge("m2", "y"), edge("m2", "x"))) {
		t.Error("two relationships to one node in the other order differ")
	}
	if same(answer(edge("m1", "a"), edge("m2", "x")), answer(edge("m2", "x"), edge("m1", "a"))) {
		t.Error("edges to two nodes in the other order are equal")
	}
	if same(answer(edge("m1", "a"), edge("m2", "x"), edge("m1", "b")), answer(edge("m1", "b"), edge("m2", "x"), edge("m1", "a"))) {
		t.Error("edges to one node apart from each other are equal in another order")
	}
}
