package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// The helpers the generated resolver bodies call (see graph/gen/implement.go).

func list[T any](ctx context.Context, st *store.Store, typeName string, where map[string]any, sort []map[string]any, limit, offset *int) ([]*T, error) {
	plans, props, rootSources := rootPlan(ctx, typeName)
	nodes, fetched, err := st.ListTree(ctx, typeName, store.ListArgs{Where: where, Sort: sort, Limit: limit, Offset: offset}, props, fetches(plans))
	if err != nil {
		return nil, err
	}
	primeRoot(ctx, nodes, plans, fetched, rootSources)
	return store.DecodeAll[T](nodes)
}

func lookup[T any](ctx context.Context, typeName, id string) (*T, error) {
	l := loader.For(ctx)
	var n store.Node
	var ok bool
	var err error
	if typeName == "Source" {
		n, ok, err = l.Source(ctx, id)
	} else {
		n, ok, err = l.Node(ctx, id)
	}
	if err != nil || !ok || n.Type != typeName {
		return nil, err
	}
	prefetch(ctx, []store.Node{n})
	return store.Decode[T](n.Props)
}

func rootPage(ctx context.Context, st *store.Store, typeName string, where map[string]any, first *int, after *string, sort []map[string]any) (store.Page, error) {
	plans, props, rootSources := rootPlan(ctx, typeName, "edges", "node")
	p, fetched, err := st.PageTree(ctx, typeName, store.PageArgs{Where: where, Sort: sort, First: first, After: after}, wantsTotal(ctx), props, fetches(plans))
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

func relatedList[T any](ctx context.Context, typeName, field, id string, where map[string]any, sort []map[string]any, limit, offset *int) ([]*T, error) {
	l := loader.For(ctx)
	if nodes, ok := loader.Primed[[]store.Node](l, occurrence(ctx), id); ok {
		return store.DecodeAll[T](nodes)
	}
	nodes, err := l.RelatedList(ctx, typeName, field, store.ListArgs{Where: where, Sort: sort, Limit: limit, Offset: offset}, id)
	if err != nil {
		return nil, err
	}
	return store.DecodeAll[T](nodes)
}

func relatedPage(ctx context.Context, typeName, field, id string, where map[string]any, first *int, after *string, sort []map[string]any) (store.Page, error) {
	l := loader.For(ctx)
	if p, ok := loader.Primed[store.Page](l, occurrence(ctx), id); ok {
		return p, nil
	}
	args := store.PageArgs{Where: where, Sort: sort, First: first, After: after}
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
