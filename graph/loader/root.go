package loader

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// List answers the root list field being resolved: the nodes of typeName that args
// select, read in one statement with every relationship field the field's selection
// nests, whose answers are filed for their resolvers; then the provenance all levels
// ask for, in one more.
func (l *Loaders) List(ctx context.Context, typeName string, args store.ListArgs) ([]store.Node, error) {
	r := rootOf(ctx, typeName)
	nodes, fetched, err := l.store.ListTree(ctx, typeName, args, r.props, fetches(r.plans))
	if err != nil {
		return nil, err
	}
	l.fileRoot(ctx, r, nodes, fetched)
	return nodes, nil
}

// Page is List for a root connection: one page of it, counted when its selection asks
// for counts (see connection).
func (l *Loaders) Page(ctx context.Context, typeName string, args store.PageArgs) (store.Page, error) {
	r := rootOf(ctx, typeName, "edges", "node")
	args = selected(args, r.conn)
	p, fetched, err := l.store.PageTree(ctx, typeName, args, r.withTotal, r.props, fetches(r.plans))
	if err != nil {
		return p, err
	}
	nodes := make([]store.Node, len(p.Edges))
	for i, e := range p.Edges {
		nodes[i] = e.Node
	}
	l.fileRoot(ctx, r, nodes, fetched)
	return p, nil
}

// rootSelection is what the selection of a root field asks of its nodes.
type rootSelection struct {
	plans   []planned // the relationship fields below them
	props   []string  // the properties read of them; nil (all) outside an operation
	sources bool      // their provenance
	// A root connection's: the aggregates and cursors its selection asks for, and
	// whether it counts (see connection).
	conn      store.PageArgs
	withTotal bool
}

// rootOf is the rootSelection of the field being resolved, for the nodes of typeName
// at path below it ("edges", "node": a connection's): planned once per document
// (rootPlans), its arguments bound from the request's variables.
func rootOf(ctx context.Context, typeName string, path ...string) rootSelection {
	if !graphql.HasOperationContext(ctx) {
		return rootSelection{}
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return rootSelection{}
	}
	op := graphql.GetOperationContext(ctx)
	key := rootPlanKey{fc.Field.Field, typeName, len(path) > 0}
	if r, ok := rootPlans.Get(key); ok {
		return r.bind(op.Variables)
	}
	sels := below(op, []ast.SelectionSet{fc.Field.Selections}, path...)
	r := rootSelection{plans: plan(op, sels, typeName, 0), props: storedProps(op, sels, typeName), sources: selectsAny(op, sels, "provenance")}
	if len(path) > 0 {
		r.conn, r.withTotal = connection(op, fc.Field.Selections, store.PageArgs{})
	}
	if !takesVariables(fc.Field.Selections, map[string]bool{}) {
		rootPlans.Add(key, r.clipped())
	}
	return r
}

// fileRoot files what a root statement read below nodes and reads the sources asked for.
func (l *Loaders) fileRoot(ctx context.Context, r rootSelection, nodes []store.Node, fetched []store.Fetched) {
	ids := map[string]bool{}
	addSources(ids, r.sources, nodes...)
	l.prime(r.plans, level{nodes: nodes}, fetched, ids)
	l.readSources(ctx, ids)
}
