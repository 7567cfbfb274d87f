// Package inorder marshals the lists of a GraphQL answer one element after another, in
// the goroutine of the field that holds the list, instead of gqlgen's goroutine per
// element (graphql.MarshalSliceConcurrently). Below a root field that reads everything
// its selection nests before it returns (graph/loader: a node type's list, connection or
// lookup, node, nodes, search, neighborhood, paths), an element's fields only find what
// that read filed: a goroutine per element buys nothing and costs a quarter of the
// server's CPU. Below any other root field (the analytics, mutations, a root added
// later), an element's fields may wait on the batching loaders, which gather the keys
// of concurrent callers: those lists keep gqlgen's goroutines.
//
// graph/gen makes the generated executor call Roots.MarshalSlice where gqlgen's
// templates call graphql.MarshalSliceConcurrently (see graph/gen/order.go).
package inorder

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// Roots are the root fields, by name, below which lists are marshalled in order.
type Roots map[string]bool

// MarshalSlice has the contract of graphql.MarshalSliceConcurrently: every element is
// set, each marshalled with a FieldContext whose Index is its position (so errors have
// their path), and an element whose marshalElement panics is reported as an error on its
// path and null, unless omitPanicHandler. Below a root field of r it marshals the
// elements in order in the calling goroutine; below any other it is
// MarshalSliceConcurrently.
func (r Roots) MarshalSlice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	if length < 2 || !r.holds(ctx) {
		// One element or none: gqlgen's own code starts no goroutine either.
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	ret := make(graphql.Array, length)
	// The elements' indexes and field contexts in one allocation each, not two per element.
	indexes := make([]int, length)
	fcs := make([]graphql.FieldContext, length)
	for i := range length {
		indexes[i] = i
		fcs[i].Index = &indexes[i]
		ret[i] = element(graphql.WithFieldContext(ctx, &fcs[i]), i, omitPanicHandler, marshalElement)
	}
	return ret
}

// holds reports whether the field being marshalled is below a root field of r.
func (r Roots) holds(ctx context.Context) bool {
	rc := graphql.GetRootFieldContext(ctx)
	return rc != nil && r[rc.Field.Name]
}

// element marshals element i; a panic becomes an error on the element's path and null.
func element(ctx context.Context, i int, omitPanicHandler bool, marshalElement func(context.Context, int) graphql.Marshaler) (m graphql.Marshaler) {
	if !omitPanicHandler {
		defer func() {
			if p := recover(); p != nil {
				graphql.AddError(ctx, graphql.Recover(ctx, p))
				m = graphql.Null
			}
		}()
	}
	return marshalElement(ctx, i)
}
