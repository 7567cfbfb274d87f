// Package loader batches the reads of one GraphQL request: every field resolver asks a
// loader, and the loader sends one query per field per level, whatever the result size.
// Loaders are built fresh for each request, so nothing is cached across requests.
package loader

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Loaders holds the per-request loaders.
type Loaders struct {
	store   *store.Store
	nodes   *dataloadgen.Loader[string, store.Node]
	sources *dataloadgen.Loader[string, store.Node]

	mu      sync.Mutex
	related map[relationKey]*dataloadgen.Loader[string, []store.Node]
}

type relationKey struct{ typeName, field string }

const wait = time.Millisecond

// New returns empty loaders for one request.
func New(st *store.Store) *Loaders {
	return &Loaders{
		store:   st,
		nodes:   dataloadgen.NewMappedLoader(st.NodesByID, dataloadgen.WithWait(wait)),
		sources: dataloadgen.NewMappedLoader(st.SourcesByID, dataloadgen.WithWait(wait)),
		related: map[relationKey]*dataloadgen.Loader[string, []store.Node]{},
	}
}

type ctxKey struct{}

// Middleware puts fresh loaders into each request's context.
func Middleware(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, New(st))))
	})
}

// For returns the loaders of the request in ctx.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loader: no loaders in context; wrap the handler with loader.Middleware")
	}
	return l
}

// Node returns the entity with this id, or ok=false when there is none.
func (l *Loaders) Node(ctx context.Context, id string) (store.Node, bool, error) {
	return found(l.nodes.Load(ctx, id))
}

// Nodes returns the entities with these ids in order; absent ids give ok=false.
func (l *Loaders) Nodes(ctx context.Context, ids []string) ([]store.Node, []bool, error) {
	thunks := make([]func() (store.Node, error), len(ids))
	for i, id := range ids {
		thunks[i] = l.nodes.LoadThunk(ctx, id)
	}
	nodes := make([]store.Node, len(ids))
	oks := make([]bool, len(ids))
	for i, thunk := range thunks {
		n, ok, err := found(thunk())
		if err != nil {
			return nil, nil, err
		}
		nodes[i], oks[i] = n, ok
	}
	return nodes, oks, nil
}

// Source returns the source with this id, or ok=false when there is none.
func (l *Loaders) Source(ctx context.Context, id string) (store.Node, bool, error) {
	return found(l.sources.Load(ctx, id))
}

// SourceThunk queues a source lookup so several can share one batch.
func (l *Loaders) SourceThunk(ctx context.Context, id string) func() (store.Node, bool, error) {
	thunk := l.sources.LoadThunk(ctx, id)
	return func() (store.Node, bool, error) { return found(thunk()) }
}

// Related returns the nodes reached from the node id through a relationship field.
func (l *Loaders) Related(ctx context.Context, typeName, field, id string) ([]store.Node, error) {
	return l.relatedLoader(typeName, field).Load(ctx, id)
}

func (l *Loaders) relatedLoader(typeName, field string) *dataloadgen.Loader[string, []store.Node] {
	key := relationKey{typeName, field}
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.related[key]; ok {
		return ld
	}
	ld := dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([][]store.Node, []error) {
		byID, err := l.store.Related(ctx, typeName, field, ids)
		out := make([][]store.Node, len(ids))
		errs := make([]error, len(ids))
		for i, id := range ids {
			out[i], errs[i] = byID[id], err
		}
		return out, errs
	}, dataloadgen.WithWait(wait))
	l.related[key] = ld
	return ld
}

func found(n store.Node, err error) (store.Node, bool, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return store.Node{}, false, nil
	}
	return n, err == nil, err
}
