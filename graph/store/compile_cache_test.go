package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// Unit tests of the compile cache: no database. Every check compares what the cache
// answers with what the compiler makes of the same input alone.

// sameAsCompiler fails unless the cache's answer for in is the compiler's: the text, the
// parameters, the plans, the error.
func sameAsCompiler(t *testing.T, cc *compileCache, in *compileInput) {
	t.Helper()
	got, gotParams, gotErr := cc.get(in)
	c := newCypherBuilder()
	want, wantErr := c.compile(in)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("error: cached %v, compiled %v", gotErr, wantErr)
	}
	if wantErr != nil {
		return
	}
	if got.text != want.text {
		t.Fatalf("text differs:\ncached\n%s\ncompiled\n%s", got.text, want.text)
	}
	if !reflect.DeepEqual(gotParams, c.params) {
		t.Fatalf("params differ:\ncached   %#v\ncompiled %#v\n%s", gotParams, c.params, want.text)
	}
	if !reflect.DeepEqual(got.plans, want.plans) {
		t.Fatalf("plans differ:\ncached   %#v\ncompiled %#v", got.plans, want.plans)
	}
	if (got.page == nil) != (want.page == nil) {
		t.Fatalf("page plan: cached %v, compiled %v", got.page, want.page)
	}
	if got.page != nil {
		g, w := *got.page, *want.page
		g.text, g.params, w.text, w.params = "", nil, "", nil
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("page plan differs:\ncached   %#v\ncompiled %#v", g, w)
		}
	}
}

func intp(n int) *int { return &n }

func TestCompileCacheBindsWhatTheCompilerWould(t *testing.T) {
	date := func(s string) *string { return &s }
	list := func(typeName string, a ListArgs, fetches ...Fetch) *compileInput {
		return &compileInput{kind: inputList, typeName: typeName, list: a, props: []string{"id", "name"}, fetches: fetches}
	}
	page := func(typeName string, a PageArgs, fetches ...Fetch) *compileInput {
		return &compileInput{kind: inputPage, typeName: typeName, page: a, withTotal: true, fetches: fetches}
	}
	// Pairs of inputs of one shape: the second is bound into the first's statement.
	pairs := []struct {
		name        string
		first, then *compileInput
	}{
		{"lookup by id", list("Project", ListArgs{Where: obj{"id": obj{"eq": "a"}}}),
			list("Project", ListArgs{Where: obj{"id": obj{"eq": "b"}}})},
		{"anchored on a related id", list("Project", ListArgs{Where: obj{"country": obj{"some": obj{"id": obj{"eq": "AU"}}}, "stage": obj{"eq": "MINING"}}}),
			list("Project", ListArgs{Where: obj{"country": obj{"some": obj{"id": obj{"eq": "CD"}}}, "stage": obj{"eq": "REFINING"}}})},
		{"in lists of other lengths", list("Project", ListArgs{Where: obj{"id": obj{"in": []any{"a", "b"}}}}),
			list("Project", ListArgs{Where: obj{"id": obj{"in": []any{"c", json.Number("7"), "d"}}}})},
		{"numbers coerced", list("Measurement", ListArgs{Where: obj{"year": obj{"gte": json.Number("2020")}, "value": obj{"gt": int64(3)}}}),
			list("Measurement", ListArgs{Where: obj{"year": obj{"gte": json.Number("1999")}, "value": obj{"gt": int64(-1)}}})},
		{"logic and quantifiers", list("Project", ListArgs{Where: obj{"OR": []any{obj{"name": obj{"contains": "x"}}, obj{"NOT": obj{"financiers": obj{"some": obj{"id": obj{"eq": "j"}}}}}}}}),
			list("Project", ListArgs{Where: obj{"OR": []any{obj{"name": obj{"contains": "y"}}, obj{"NOT": obj{"financiers": obj{"some": obj{"id": obj{"eq": "k"}}}}}}}})},
		{"asOf and nested fetches", list("Partnership", ListArgs{AsOf: date("2020")},
			Fetch{Field: "memberCountries", List: &ListArgs{AsOf: date("2021-01"), Where: obj{"name": obj{"startsWith": "A"}}}, Props: []string{"id"}}),
			list("Partnership", ListArgs{AsOf: date("2024-05-06")},
				Fetch{Field: "memberCountries", List: &ListArgs{AsOf: date("1990"), Where: obj{"name": obj{"startsWith": "B"}}}, Props: []string{"id"}})},
		{"connection with edge filter and sort", page("Organization", PageArgs{First: intp(3)},
			Fetch{Field: "financesProjectsConnection", Page: &PageArgs{Where: obj{"edge": obj{"amount": obj{"gte": 5.0}}}, Sort: []map[string]any{{"edge": obj{"amount": "DESC"}}}}, WithTotal: true}),
			page("Organization", PageArgs{First: intp(3)},
				Fetch{Field: "financesProjectsConnection", Page: &PageArgs{Where: obj{"edge": obj{"amount": obj{"gte": 7.5}}}, Sort: []map[string]any{{"edge": obj{"amount": "DESC"}}}}, WithTotal: true})},
		{"below ids", &compileInput{kind: inputTree, typeName: "Country", fetches: []Fetch{{Field: "projects", List: &ListArgs{Where: obj{"stage": obj{"eq": "MINING"}}}}}},
			&compileInput{kind: inputTree, typeName: "Country", fetches: []Fetch{{Field: "projects", List: &ListArgs{Where: obj{"stage": obj{"eq": "REFINING"}}}}}}},
		{"one fetch", &compileInput{kind: inputOne, typeName: "Country", fetches: []Fetch{{Field: "projectsConnection", Page: &PageArgs{Where: obj{"node": obj{"name": obj{"eq": "p"}}}}}}},
			&compileInput{kind: inputOne, typeName: "Country", fetches: []Fetch{{Field: "projectsConnection", Page: &PageArgs{Where: obj{"node": obj{"name": obj{"eq": "q"}}}}}}}},
	}
	for _, tt := range pairs {
		t.Run(tt.name, func(t *testing.T) {
			cc := newCompileCache(1 << 20)
			sameAsCompiler(t, cc, tt.first)
			if s := cc.stats(); s != (CompileCacheStats{Misses: 1}) {
				t.Fatalf("the first input: %+v, want one miss", s)
			}
			sameAsCompiler(t, cc, tt.then)
			if s := cc.stats(); s.Hits != 1 {
				t.Fatalf("the second input, of the same shape: %+v, want a hit", s)
			}
		})
	}
}

func TestCompileCacheKeepsShapesApart(t *testing.T) {
	asc, desc := []map[string]any{{"name": "ASC"}}, []map[string]any{{"name": "DESC"}}
	inputs := []*compileInput{
		// What changes the text: sorts, windows, nulls, the filter's fields and operators,
		// fields and properties read, counting, aggregates.
		{kind: inputList, typeName: "Project", list: ListArgs{Sort: asc}},
		{kind: inputList, typeName: "Project", list: ListArgs{Sort: desc}},
		{kind: inputList, typeName: "Project", list: ListArgs{Sort: asc, Limit: intp(2)}},
		{kind: inputList, typeName: "Project", list: ListArgs{Sort: asc, Limit: intp(3)}},
		{kind: inputList, typeName: "Project", list: ListArgs{Sort: asc, Offset: intp(3)}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"status": obj{"eq": nil}}}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"status": obj{"eq": "OPERATING"}}}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"status": obj{"in": []any{"OPERATING"}}}}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"status": obj{"in": []any{}}}}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"name": obj{"eq": "OPERATING"}}}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"country": obj{"some": obj{"id": obj{"eq": "AU"}}}}}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"country": obj{"all": obj{"id": obj{"eq": "AU"}}}}}},
		{kind: inputList, typeName: "Project", props: []string{"id"}},
		{kind: inputList, typeName: "Project", props: []string{"id", "name"}},
		{kind: inputList, typeName: "Project", fetches: []Fetch{{Field: "country", List: &ListArgs{Limit: intp(1)}}}},
		{kind: inputList, typeName: "Project", fetches: []Fetch{{Field: "country", List: &ListArgs{Limit: intp(5)}}}},
		{kind: inputList, typeName: "Project", fetches: []Fetch{{Field: "country", List: &ListArgs{}}, {Field: "country", List: &ListArgs{Limit: intp(5)}}}},
		{kind: inputList, typeName: "Country", list: ListArgs{Sort: asc}},
		{kind: inputPage, typeName: "Project", page: PageArgs{First: intp(2)}},
		{kind: inputPage, typeName: "Project", page: PageArgs{First: intp(2)}, withTotal: true},
		{kind: inputPage, typeName: "Project", page: PageArgs{First: intp(2), NoCursors: true}, withTotal: true},
		{kind: inputOne, typeName: "Project", fetches: []Fetch{{Field: "financiersConnection", Page: &PageArgs{}, WithTotal: true}}},
		{kind: inputOne, typeName: "Project", fetches: []Fetch{{Field: "financiersConnection", Page: &PageArgs{NoNodeCount: true}, WithTotal: true}}},
		{kind: inputPage, typeName: "Project", page: PageArgs{First: intp(2), Aggregate: &AggregateSelection{Node: []string{"name"}}}, withTotal: true},
	}
	cc := newCompileCache(1 << 20)
	for _, in := range inputs {
		sameAsCompiler(t, cc, in)
	}
	if s := cc.stats(); s.Hits != 0 || s.Misses != int64(len(inputs)) {
		t.Fatalf("%+v: want every input compiled and kept", s)
	}
	for _, in := range inputs { // again: each its own entry
		sameAsCompiler(t, cc, in)
	}
	if s := cc.stats(); s.Hits != int64(len(inputs)) {
		t.Fatalf("%+v: want every input bound the second time", s)
	}
}

func TestCompileCacheCompilesWhatItCannotBind(t *testing.T) {
	after := "x"
	cc := newCompileCache(1 << 20)
	ok := &compileInput{kind: inputList, typeName: "Measurement", list: ListArgs{Where: obj{"year": obj{"gte": json.Number("2020")}}}}
	sameAsCompiler(t, cc, ok)
	// Another value of the same shape that does not coerce: the compiler's error.
	bad := &compileInput{kind: inputList, typeName: "Measurement", list: ListArgs{Where: obj{"year": obj{"gte": "soon"}}}}
	sameAsCompiler(t, cc, bad)
	// An in list over the bound, and an element that does not coerce.
	long := make([]any, maxInValues+1)
	for i := range long {
		long[i] = "x"
	}
	for _, l := range [][]any{{"a"}, long, {"a", map[string]any{}}, {"a", true}} {
		sameAsCompiler(t, cc, &compileInput{kind: inputList, typeName: "Country", list: ListArgs{Where: obj{"id": obj{"in": l}}}})
	}
	// Not kept: an after cursor, an input the compiler refuses, an input of Go types the
	// shape does not know.
	before := cc.stats()
	for _, in := range []*compileInput{
		{kind: inputPage, typeName: "Project", page: PageArgs{After: &after}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"nope": obj{"eq": "x"}}}},
		{kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"OR": []map[string]any{{"id": obj{"eq": "a"}}}}}},
	} {
		sameAsCompiler(t, cc, in)
		sameAsCompiler(t, cc, in)
	}
	if s := cc.stats(); s.Bypasses-before.Bypasses != 6 || s.Misses != before.Misses {
		t.Fatalf("before %+v, after %+v: want six bypasses", before, s)
	}
	// A nested field whose arguments do not compile is left out of the statement; an
	// entry made without it stands for another input that leaves it out too.
	bad1 := &compileInput{kind: inputList, typeName: "Project", fetches: []Fetch{{Field: "country", List: &ListArgs{Where: obj{"name": obj{"eq": "a"}}, Limit: intp(-1)}}}}
	bad2 := &compileInput{kind: inputList, typeName: "Project", fetches: []Fetch{{Field: "country", List: &ListArgs{Where: obj{"name": obj{"eq": "b"}}, Limit: intp(-1)}}}}
	sameAsCompiler(t, cc, bad1)
	sameAsCompiler(t, cc, bad2)
}

func TestCompileCacheStaysWithinItsBound(t *testing.T) {
	cc := newCompileCache(64 << 10)
	for i := range 500 {
		sameAsCompiler(t, cc, &compileInput{kind: inputList, typeName: "Project", list: ListArgs{Limit: intp(i)}})
	}
	cc.mu.Lock()
	used, n := cc.used, len(cc.entries)
	cc.mu.Unlock()
	if used > cc.max || n == 0 || n >= 500 {
		t.Fatalf("%d entries of %d bytes, bound %d", n, used, cc.max)
	}
	if newCompileCache(0) != nil {
		t.Fatal("a bound of 0 must turn the cache off")
	}
	sameAsCompiler(t, nil, &compileInput{kind: inputList, typeName: "Project"})
}

// The shape writes out every field of the compiler's inputs: a field added to one of
// them must be added to the shape (compile_shape.go) and counted here.
func TestCompileShapeCoversTheInputs(t *testing.T) {
	for _, tt := range []struct {
		v      any
		fields int
	}{{ListArgs{}, 5}, {PageArgs{}, 9}, {Fetch{}, 7}, {AggregateSelection{}, 2}, {compileInput{}, 9}} {
		if n := reflect.TypeOf(tt.v).NumField(); n != tt.fields {
			t.Errorf("%T has %d fields, the shape writes %d: write the new ones in compile_shape.go", tt.v, n, tt.fields)
		}
	}
}

// A page read for a selection that asks for no cursor has none; otherwise every edge
// and the page have theirs, the same as always.
func TestPageCursorsOnlyWhenAsked(t *testing.T) {
	rows := []any{
		map[string]any{"node": map[string]any{"id": "a"}, "keys": []any{"a"}},
		map[string]any{"node": map[string]any{"id": "b"}, "keys": []any{"b"}},
	}
	keys := []sortKey{idKey("n", "id")}
	with := &pageQuery{keys: keys, sig: signature("Project", keys), first: 5, target: "Project"}
	without := *with
	without.noCursors = true
	p, _, err := with.pageOf(rows, 0, 0, false)
	if err != nil || p.Edges[0].Cursor == "" || p.StartCursor == nil || *p.EndCursor != p.Edges[1].Cursor {
		t.Fatalf("cursors asked for: %+v, %v", p, err)
	}
	q, _, err := without.pageOf(rows, 0, 0, false)
	if err != nil || q.Edges[0].Cursor != "" || q.Edges[1].Cursor != "" || q.StartCursor != nil || q.EndCursor != nil {
		t.Fatalf("no cursor asked for: %+v, %v", q, err)
	}
	for i := range p.Edges {
		p.Edges[i].Cursor = ""
	}
	p.StartCursor, p.EndCursor = nil, nil
	if !reflect.DeepEqual(p, q) {
		t.Fatalf("the pages differ but for the cursors:\n%+v\n%+v", p, q)
	}
}

// BenchmarkCompileCache compares compiling the statement of the bench's lookup
// (bench/queries/01_lookup_project) and of its nested membership query (07) with binding
// new values into the cached one.
func BenchmarkCompileCache(b *testing.B) {
	props := []string{"id", "name"}
	inputs := map[string]*compileInput{
		"lookup": {kind: inputList, typeName: "Project", list: ListArgs{Where: obj{"id": obj{"eq": "p-1"}}}, props: []string{"id", "location", "name", "stage", "status"},
			fetches: []Fetch{{Field: "country", List: &ListArgs{Limit: intp(5)}, Props: props}, {Field: "operators", List: &ListArgs{Limit: intp(10)}, Props: []string{"id", "kind", "name"}},
				{Field: "minerals", List: &ListArgs{Limit: intp(10)}, Props: []string{"id", "name", "symbol"}}}},
		"nested": {kind: inputList, typeName: "Partnership", list: ListArgs{Where: obj{"id": obj{"eq": "msp"}}}, props: props,
			fetches: []Fetch{{Field: "memberCountries", Page: &PageArgs{Where: obj{"edge": obj{"role": obj{"eq": "FOUNDING_PARTNER"}}}, Sort: []map[string]any{{"node": obj{"name": "ASC"}}}, First: intp(20), NoCursors: true},
				WithTotal: true, Props: props, EdgeProps: []string{"id", "role", "validFrom", "validTo"},
				Children: []Fetch{{Field: "organizations", List: &ListArgs{Where: obj{"kind": obj{"eq": "FINANCIER"}}, Sort: []map[string]any{{"name": "ASC"}}, Limit: intp(5)}, Props: props,
					Children: []Fetch{{Field: "financesProjects", List: &ListArgs{Where: obj{"stage": obj{"eq": "MINING"}}, Sort: []map[string]any{{"name": "ASC"}}, Limit: intp(3)}, Props: props}}}}}}},
	}
	for _, name := range []string{"lookup", "nested"} {
		in := inputs[name]
		b.Run(name+"/compile", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := newCypherBuilder().compile(in); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/cached", func(b *testing.B) {
			cc := newCompileCache(1 << 20)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := cc.get(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
