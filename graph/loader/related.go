package loader

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vikstrous/dataloadgen"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// RelatedList answers the relationship list field being resolved below the node id:
// what the root statement read for this occurrence of the field, or else a batched read
// of the nodes reached through field of typeName, filtered, sorted and limited by args.
// Parents asking with equal args share one query.
func (l *Loaders) RelatedList(ctx context.Context, typeName, field string, args store.ListArgs, id string) ([]store.Node, error) {
	if nodes, ok, err := primed[[]store.Node](l, occurrence(ctx), id); ok {
		return nodes, err
	}
	key := relationKey{typeName, field, argsKey(args, false)}
	ld := loaderFor(l, l.lists, key, func(ctx context.Context, ids []string) (map[string][]store.Node, error) {
		return l.store.RelatedList(ctx, typeName, field, ids, args)
	})
	for _, sibling := range l.siblings(occurrence(ctx), id) {
		ld.LoadThunk(ctx, sibling)
	}
	return ld.Load(ctx, id)
}

// RelatedPage is RelatedList for a relationship connection: one page of it below the
// node id, counted when its selection asks for counts (see connection).
func (l *Loaders) RelatedPage(ctx context.Context, typeName, field string, args store.PageArgs, id string) (store.Page, error) {
	if p, ok, err := primed[store.Page](l, occurrence(ctx), id); ok {
		return p, err
	}
	args, withTotal := connectionAt(ctx, args)
	key := relationKey{typeName, field, argsKey(args, withTotal)}
	ld := loaderFor(l, l.pages, key, func(ctx context.Context, ids []string) (map[string]store.Page, error) {
		return l.store.RelatedPage(ctx, typeName, field, ids, args, withTotal)
	})
	for _, sibling := range l.siblings(occurrence(ctx), id) {
		ld.LoadThunk(ctx, sibling)
	}
	return ld.Load(ctx, id)
}

type relationKey struct{ typeName, field, args string }

// loaderFor returns the loader for key, creating it on first use. A parent absent from
// the batch result has no related nodes: it gets the zero value, not an error.
func loaderFor[V any](l *Loaders, loaders map[relationKey]any, key relationKey, fetch func(context.Context, []string) (map[string]V, error)) *dataloadgen.Loader[string, V] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := loaders[key]; ok {
		return ld.(*dataloadgen.Loader[string, V])
	}
	ld := dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]V, []error) {
		byID, err := fetch(ctx, ids)
		out := make([]V, len(ids))
		errs := make([]error, len(ids))
		for i, id := range ids {
			out[i], errs[i] = byID[id], err
		}
		return out, errs
	}, dataloadgen.WithWait(wait))
	loaders[key] = ld
	return ld
}

// argsKey is a canonical form of field arguments (json sorts map keys).
func argsKey(args any, withTotal bool) string {
	b, err := json.Marshal(args)
	if err != nil {
		// Cannot happen for decoded JSON or GraphQL literals; if it did, the field
		// would simply get a loader of its own.
		return fmt.Sprintf("%t|%p", withTotal, &args)
	}
	return fmt.Sprintf("%t|%s", withTotal, b)
}
