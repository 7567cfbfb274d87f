package resolvers

import (
	"context"

	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// The reads the generated resolver bodies call (see graph/gen/implement.go): each turns
// a field's GraphQL arguments into the store's and asks the request's loaders, which
// read the field's nested selection with it (root fields) or find what was read for it
// (relationship fields).

func list[T any](ctx context.Context, typeName string, where map[string]any, sort []map[string]any, limit, offset *int, asOf *model.PartialDate) ([]*T, error) {
	nodes, err := loader.For(ctx).List(ctx, typeName, store.ListArgs{Where: where, Sort: sort, Limit: limit, Offset: offset, AsOf: dateArg(asOf)})
	if err != nil {
		return nil, err
	}
	return store.DecodeAll[T](nodes)
}

// lookup resolves a root lookup by id as a list of at most one: the same one statement
// for the node and what its selection nests, with no batching wait.
func lookup[T any](ctx context.Context, typeName, id string) (*T, error) {
	one := 1
	nodes, err := loader.For(ctx).List(ctx, typeName, store.ListArgs{Where: map[string]any{"id": map[string]any{"eq": id}}, Limit: &one})
	if err != nil || len(nodes) == 0 {
		return nil, err
	}
	return store.Decode[T](nodes[0].Props)
}

func rootPage(ctx context.Context, typeName string, where map[string]any, first *int, after *string, sort []map[string]any, asOf *model.PartialDate) (store.Page, error) {
	return loader.For(ctx).Page(ctx, typeName, store.PageArgs{Where: where, Sort: sort, First: first, After: after, AsOf: dateArg(asOf)})
}

func relatedList[T any](ctx context.Context, typeName, field, id string, where map[string]any, sort []map[string]any, limit, offset *int, asOf *model.PartialDate) ([]*T, error) {
	nodes, err := loader.For(ctx).RelatedList(ctx, typeName, field, store.ListArgs{Where: where, Sort: sort, Limit: limit, Offset: offset, AsOf: dateArg(asOf)}, id)
	if err != nil {
		return nil, err
	}
	return store.DecodeAll[T](nodes)
}

func relatedPage(ctx context.Context, typeName, field, id string, where map[string]any, first *int, after *string, sort []map[string]any, asOf *model.PartialDate) (store.Page, error) {
	return loader.For(ctx).RelatedPage(ctx, typeName, field, store.PageArgs{Where: where, Sort: sort, First: first, After: after, AsOf: dateArg(asOf)}, id)
}

func dateArg(d *model.PartialDate) *string {
	if d == nil {
		return nil
	}
	s := string(*d)
	return &s
}
