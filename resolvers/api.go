package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// The helpers the generated resolver bodies call (see graph/gen/implement.go).

func list[T any](ctx context.Context, st *store.Store, typeName string, where map[string]any, sort []map[string]any, limit, offset *int, asOf *model.PartialDate) ([]*T, error) {
	nodes, err := listNodes(ctx, st, typeName, store.ListArgs{Where: where, Sort: sort, Limit: limit, Offset: offset, AsOf: dateArg(asOf)})
	if err != nil {
		return nil, err
	}
	return store.DecodeAll[T](nodes)
}

// lookup resolves a root lookup by id as a list of at most one: the same one statement
// for the node and what its selection nests, with no batching wait.
func lookup[T any](ctx context.Context, st *store.Store, typeName, id string) (*T, error) {
	one := 1
	nodes, err := listNodes(ctx, st, typeName, store.ListArgs{Where: map[string]any{"id": map[string]any{"eq": id}}, Limit: &one})
	if err != nil || len(nodes) == 0 {
		return nil, err
	}
	return store.Decode[T](nodes[0].Props)
}

func listNodes(ctx context.Context, st *store.Store, typeName string, a store.ListArgs) ([]store.Node, error) {
	plans, props, rootSources := rootPlan(ctx, typeName)
	nodes, fetched, err := st.ListTree(ctx, typeName, a, props, fetches(plans))
	if err != nil {
		return nil, err
	}
	primeRoot(ctx, nodes, plans, fetched, rootSources)
	return nodes, nil
}

func rootPage(ctx context.Context, st *store.Store, typeName string, where map[string]any, first *int, after *string, sort []map[string]any, asOf *model.PartialDate) (store.Page, error) {
	plans, props, rootSources := rootPlan(ctx, typeName, "edges", "node")
	a := store.PageArgs{Where: where, Sort: sort, First: first, After: after, AsOf: dateArg(asOf), Aggregate: aggregateSelectionCtx(ctx)}
	p, fetched, err := st.PageTree(ctx, typeName, a, wantsTotal(ctx), props, fetches(plans))
	if err != nil {
		return p, err
	}
	nodes := make([]store.Node, len(p.Edges))
	for i, e := range p.Edges {
		nodes[i] = e.Node
	}
	primeRoot(ctx, nodes, plans, fetched, rootSources)
	return p, nil
}

func relatedList[T any](ctx context.Context, typeName, field, id string, where map[string]any, sort []map[string]any, limit, offset *int, asOf *model.PartialDate) ([]*T, error) {
	l := loader.For(ctx)
	if nodes, ok := loader.Primed[[]store.Node](l, occurrence(ctx), id); ok {
		return store.DecodeAll[T](nodes)
	}
	nodes, err := l.RelatedList(ctx, typeName, field, store.ListArgs{Where: where, Sort: sort, Limit: limit, Offset: offset, AsOf: dateArg(asOf)}, id)
	if err != nil {
		return nil, err
	}
	return store.DecodeAll[T](nodes)
}

func relatedPage(ctx context.Context, typeName, field, id string, where map[string]any, first *int, after *string, sort []map[string]any, asOf *model.PartialDate) (store.Page, error) {
	l := loader.For(ctx)
	if p, ok := loader.Primed[store.Page](l, occurrence(ctx), id); ok {
		return p, nil
	}
	args := store.PageArgs{Where: where, Sort: sort, First: first, After: after, AsOf: dateArg(asOf), Aggregate: aggregateSelectionCtx(ctx)}
	return l.RelatedPage(ctx, typeName, field, args, wantsTotal(ctx), id)
}

// occurrence is the field being resolved as it occurs in the query document: the key
// under which prime filed what the root statement read for it.
func occurrence(ctx context.Context) *ast.Field {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return fc.Field.Field
	}
	return nil
}

// wantsTotal reports whether the connection's selection needs counting: the count is a
// second query, paid only when asked for.
func wantsTotal(ctx context.Context) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == "totalCount" || f.Name == "aggregate" {
			return true
		}
	}
	return false
}

func edgesOf[N, P, E any](p store.Page, edge func(cursor string, node *N, props *P) *E) ([]*E, error) {
	out := make([]*E, 0, len(p.Edges))
	for _, e := range p.Edges {
		node, err := store.Decode[N](e.Node.Props)
		if err != nil {
			return nil, err
		}
		props, err := store.Decode[P](e.Props)
		if err != nil {
			return nil, err
		}
		out = append(out, edge(e.Cursor, node, props))
	}
	return out, nil
}

func nodeEdgesOf[N, E any](p store.Page, edge func(cursor string, node *N) *E) ([]*E, error) {
	out := make([]*E, 0, len(p.Edges))
	for _, e := range p.Edges {
		node, err := store.Decode[N](e.Node.Props)
		if err != nil {
			return nil, err
		}
		out = append(out, edge(e.Cursor, node))
	}
	return out, nil
}

func pageInfo(p store.Page) *model.PageInfo {
	return &model.PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage, StartCursor: p.StartCursor, EndCursor: p.EndCursor}
}

func count(p store.Page) *model.Count {
	return &model.Count{Nodes: p.NodeCount, Edges: p.TotalCount}
}

func dateArg(d *model.PartialDate) *string {
	if d == nil {
		return nil
	}
	s := string(*d)
	return &s
}

// aggregateOf builds a connection's aggregate: its count and the property aggregates
// the page read (an absent one reads as all nulls, which the selection never asks for).
func aggregateOf[T any](p store.Page, count any) (*T, error) {
	m := map[string]any{"count": count}
	for _, k := range []string{"node", "edge"} {
		if v, ok := p.Aggregate[k].(map[string]any); ok {
			m[k] = v
		} else {
			m[k] = map[string]any{}
		}
	}
	return store.Decode[T](m)
}

// aggregateSelectionCtx is what the `aggregate` of the connection being resolved asks.
func aggregateSelectionCtx(ctx context.Context) *store.AggregateSelection {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return nil
	}
	return aggregateSelection(graphql.GetOperationContext(ctx), fc.Field.Selections)
}

// aggregateSelection lists the properties whose aggregates a connection's selection
// asks for under aggregate.node and aggregate.edge; nil when it asks for none.
func aggregateSelection(op *graphql.OperationContext, sel ast.SelectionSet) *store.AggregateSelection {
	var a store.AggregateSelection
	for _, agg := range below(op, []ast.SelectionSet{sel}, "aggregate") {
		for _, f := range graphql.CollectFields(op, agg, nil) {
			for _, p := range graphql.CollectFields(op, f.Selections, nil) {
				switch f.Name {
				case "node":
					a.Node = appendNew(a.Node, p.Name)
				case "edge":
					a.Edge = appendNew(a.Edge, p.Name)
				}
			}
		}
	}
	if len(a.Node) == 0 && len(a.Edge) == 0 {
		return nil
	}
	slices.Sort(a.Node)
	slices.Sort(a.Edge)
	return &a
}

func appendNew(list []string, s string) []string {
	if s == "__typename" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
