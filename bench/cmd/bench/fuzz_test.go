package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The generator against this API's served schema alone (no Neo4j, no library): every
// query it generates is valid, the same seed gives the same query, and the queries use
// the shapes the fuzzer is meant to cover.
func TestFuzzGeneratorValidDeterministic(t *testing.T) {
	raw, err := os.ReadFile("../../../graph/generated/schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(raw)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	model := modelOf(schema)
	samples := fuzzSamples{"Project": {"name": {"Kolwezi Mine 7"}, "id": {"project-1"}}, "edge": {"amount": {500.0}}}
	seen := map[string]int{}
	shapes := []string{"some:", "all:", "none:", "single:", "OR:", "AND:", "NOT:", "eq: null", "edge:", "totalCount", "properties {", "aggregate {", "offset:", "$after", "Connection(", "sort:", "startsWith:", "in: [",
		"{}", "some: null", "where: $w", "sort: $w", "@include(if: ", "@skip(if: $", "... on ", "fragment F", "a1: ", "], edge: {"}
	nested := 0
	for seed := uint64(1); seed <= 400; seed++ {
		q := generate(model, samples, seed, nil)
		doc, vars := q.document(nil)
		if again, _ := generate(model, samples, seed, nil).document(nil); again != doc {
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
			t.Errorf("only %d of 400 queries use %q", seen[shape], shape)
		}
	}
	if nested < 5 {
		t.Errorf("only %d of 400 queries page a nested connection", nested)
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
