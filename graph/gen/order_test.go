package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The committed executor resolves root fields concurrently and everything below them
// in order: no object field is dispatched to a goroutine, and every list goes through
// inOrder, which decides by the root field.
func TestCommittedExecutorResolvesBelowRootsInOrder(t *testing.T) {
	exec, err := os.ReadFile("../../graph/generated/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		".ResolveConcurrently(":     false, // a non-root object field in a goroutine
		concurrentList:              false, // a list marshalled without inOrder
		orderedList:                 true,
		".ResolveRootConcurrently(": true, // root fields keep their own goroutines
	} {
		if got := bytes.Contains(exec, []byte(text)); got != want {
			t.Errorf("generated.go contains %q: %t, want %t", text, got, want)
		}
	}
}

// The roots whose lists are marshalled in order are exactly those whose generated
// resolver reads the selection's nested fields before it returns: a node type's list,
// connection or lookup (loader.List, Page), node, nodes, the explorations and dependency
// (loader.Below). The other analytics are not among them; a root field this test does
// not know fails it until it is classified.
func TestInOrderRootsAreTheRootsThatReadBelow(t *testing.T) {
	files, m, err := render("../../" + schemaGlob)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: apiFile, Input: string(files[apiFile])})
	if err != nil {
		t.Fatal(err)
	}
	roots := inOrderRoots(m, schema)
	reading := []string{"return list[", "return lookup[", "p, err := rootPage(", "return nodeByID(", "return nodesByIDs(",
		"return search(", "return neighborhood(", "return paths(", "return dependency("}
	batching := []string{"supply", "concentration", "coverage", "disruption"}
	for _, f := range schema.Query.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		body := implementer{model: m}.rootBody(f.Name)
		reads := slices.ContainsFunc(reading, func(p string) bool { return strings.HasPrefix(body, p) })
		if !reads && !slices.Contains(batching, f.Name) {
			t.Errorf("Query.%s (%.40q) is neither a root that reads below nor a known analytics field: classify it", f.Name, body)
		}
		if in := slices.Contains(roots, f.Name); in != reads {
			t.Errorf("Query.%s: lists in order %t, but its resolver reads below: %t", f.Name, in, reads)
		}
	}
	for _, want := range []string{"projects", "projectsConnection", "project", "node", "search", "__schema"} {
		if !slices.Contains(roots, want) {
			t.Errorf("%s not in %v", want, roots)
		}
	}
}

// orderLists refuses an executor it does not recognise, rather than leave lists or
// fields concurrent unnoticed, and a mutation named like an in-order root.
func TestOrderListsRefusesAnUnexpectedExecutor(t *testing.T) {
	good := "x := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, f)\ny := graphql.MarshalSliceConcurrently(ctx, 2, 0, false, g)\n"
	exec, declared, err := orderLists([]byte(good), "generated", []string{"projects"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(exec), orderedList) != 2 || strings.Contains(string(exec), concurrentList) {
		t.Errorf("rewritten:\n%s", exec)
	}
	if !strings.Contains(string(declared), "var inOrder = inorder.Roots{\n\t\"projects\": true,\n}") {
		t.Errorf("declared:\n%s", declared)
	}
	mutation := &ast.Definition{Name: "Mutation", Fields: ast.FieldList{{Name: "projects"}}}
	for name, tc := range map[string]struct {
		exec     string
		mutation *ast.Definition
	}{
		"no concurrent list":           {"ret := make(graphql.Array, len(v))\n", nil},
		"a field still concurrent":     {good + "out.ResolveConcurrently(ec.OperationContext, &deferred, i, true, true, f)\n", nil},
		"a mutation named like a root": {good, mutation},
	} {
		if _, _, err := orderLists([]byte(tc.exec), "generated", []string{"projects"}, tc.mutation); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
