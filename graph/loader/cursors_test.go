package loader

import (
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/generated"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// A connection asks the store for cursors only when its selection shows one: edges.cursor,
// pageInfo.startCursor or endCursor, through fragments and directives as gqlgen collects
// them.
func TestConnectionAsksForCursorsWhenSelected(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	tests := []struct {
		doc     string
		vars    map[string]any
		cursors bool
	}{
		{`{ projectsConnection { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { id } } } }`, nil, false},
		{`{ projectsConnection { edges { cursor } } }`, nil, true},
		{`{ projectsConnection { pageInfo { endCursor } } }`, nil, true},
		{`{ projectsConnection { pageInfo { startCursor } } }`, nil, true},
		{`{ projectsConnection { ...F } } fragment F on ProjectsConnection { edges { ... on ProjectEdge { cursor } } }`, nil, true},
		{`query($s: Boolean!) { projectsConnection { edges { cursor @skip(if: $s) node { id } } } }`, map[string]any{"s": true}, false},
		{`query($s: Boolean!) { projectsConnection { edges { cursor @skip(if: $s) node { id } } } }`, map[string]any{"s": false}, true},
	}
	for _, tt := range tests {
		a := connectionIn(t, schema, tt.doc, tt.vars, 0)
		if a.NoCursors == tt.cursors {
			t.Errorf("%s %v: NoCursors %v, want %v", tt.doc, tt.vars, a.NoCursors, !tt.cursors)
		}
	}
}

// A relationship connection asks the store for its distinct nodes' count only when its
// selection shows aggregate.count.nodes (through fragments, aliases and directives), the
// one field that reads it; totalCount and count.edges count relationships.
func TestConnectionCountsNodesWhenSelected(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	tests := []struct {
		doc        string
		vars       map[string]any
		countNodes bool
	}{
		{`{ projects { financiersConnection { totalCount edges { node { id } } } } }`, nil, false},
		{`{ projects { financiersConnection { aggregate { count { edges } edge { amount { sum } } node { name { shortest } } } } } }`, nil, false},
		{`{ projects { financiersConnection { aggregate { count { nodes } } } } }`, nil, true},
		{`{ projects { financiersConnection { aggregate { c: count { n: nodes } } } } }`, nil, true},
		{`{ projects { financiersConnection { ...F } } } fragment F on ProjectFinanciersConnection { aggregate { count { ... on Count { nodes } } } }`, nil, true},
		{`query($s: Boolean!) { projects { financiersConnection { aggregate { count { edges nodes @skip(if: $s) } } } } }`, map[string]any{"s": true}, false},
		{`query($s: Boolean!) { projects { financiersConnection { aggregate { count { edges nodes @skip(if: $s) } } } } }`, map[string]any{"s": false}, true},
	}
	for _, tt := range tests {
		a := connectionIn(t, schema, tt.doc, tt.vars, 1)
		if a.NoNodeCount == tt.countNodes {
			t.Errorf("%s %v: NoNodeCount %v, want %v", tt.doc, tt.vars, a.NoNodeCount, !tt.countNodes)
		}
	}
}

// connectionIn is what connection completes for the connection that doc's first field
// is (depth 0) or, depth levels down, first selects.
func connectionIn(t *testing.T, schema *ast.Schema, src string, vars map[string]any, depth int) store.PageArgs {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(schema, src)
	if errs != nil {
		t.Fatalf("%s: %v", src, errs)
	}
	op := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: vars}
	f := graphql.CollectFields(op, doc.Operations[0].SelectionSet, nil)[0]
	for range depth {
		f = graphql.CollectFields(op, f.Selections, nil)[0]
	}
	a, _ := connection(op, f.Selections, store.PageArgs{})
	return a
}
