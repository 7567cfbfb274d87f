// Package loader holds the reads of one GraphQL request: what a root statement read for
// each relationship field of the selection (Prime, Primed), and batching loaders for the
// fields it left out, which send one query per field per level, whatever the result
// size. Loaders are built fresh for each request, so nothing is cached across requests.
package loader

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Loaders holds the per-request loaders.
type Loaders struct {
	store   *store.Store
	nodes   *dataloadgen.Loader[string, store.Node]
	sources *dataloadgen.Loader[string, store.Node]

	mu     sync.Mutex
	lists  map[relationKey]any // *dataloadgen.Loader[string, []store.Node]
	pages  map[relationKey]any // *dataloadgen.Loader[string, store.Page]
	primed map[primedKey]primedValue
}

type relationKey struct{ typeName, field, args string }

const wait = time.Millisecond

// New returns empty loaders for one request.
func New(st *store.Store) *Loaders {
	return &Loaders{
		store:   st,
		nodes:   dataloadgen.NewMappedLoader(st.NodesByID, dataloadgen.WithWait(wait)),
		sources: dataloadgen.NewMappedLoader(st.SourcesByID, dataloadgen.WithWait(wait)),
		lists:   map[relationKey]any{},
		pages:   map[relationKey]any{},
		primed:  map[primedKey]primedValue{},
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

// Store is the store the loaders read from.
func (l *Loaders) Store() *store.Store { return l.store }

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

// RelatedList returns the nodes reached from the node id through a relationship field,
// filtered, sorted and limited by args. Parents asking with equal args share one query.
func (l *Loaders) RelatedList(ctx context.Context, typeName, field string, args store.ListArgs, id string) ([]store.Node, error) {
	key := relationKey{typeName, field, argsKey(args, false)}
	ld := loaderFor(l, l.lists, key, func(ctx context.Context, ids []string) (map[string][]store.Node, error) {
		return l.store.RelatedList(ctx, typeName, field, ids, args)
	})
	return ld.Load(ctx, id)
}

// RelatedPage returns one page of a relationship connection of the node id.
func (l *Loaders) RelatedPage(ctx context.Context, typeName, field string, args store.PageArgs, withTotal bool, id string) (store.Page, error) {
	key := relationKey{typeName, field, argsKey(args, withTotal)}
	ld := loaderFor(l, l.pages, key, func(ctx context.Context, ids []string) (map[string]store.Page, error) {
		return l.store.RelatedPage(ctx, typeName, field, ids, args, withTotal)
	})
	return ld.Load(ctx, id)
}

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

func found(n store.Node, err error) (store.Node, bool, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return store.Node{}, false, nil
	}
	return n, err == nil, err
}

// Prime files what a root statement read for a relationship field of the query: byID
// (parent id to []store.Node, or to store.Page for a connection) for the field's occurrence in the query
// document, read with the properties props. The field's resolvers then find it with
// Primed. An occurrence primed twice with other properties (a fragment spread in two
// places) is dropped, and its resolvers read through the batched loaders.
func Prime[V any](l *Loaders, field *ast.Field, props string, byID map[string]V) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, v := range byID {
		key := primedKey{field, id}
		if old, ok := l.primed[key]; ok {
			if old.props != props {
				l.primed[key] = primedValue{conflict: true}
			}
			continue
		}
		l.primed[key] = primedValue{props: props, value: v}
	}
}

// Primed returns what Prime filed for this occurrence of a field below the node id.
func Primed[V any](l *Loaders, field *ast.Field, id string) (V, bool) {
	l.mu.Lock()
	p, ok := l.primed[primedKey{field, id}]
	l.mu.Unlock()
	v, isV := p.value.(V)
	return v, ok && !p.conflict && isV
}

type primedKey struct {
	field *ast.Field
	id    string
}

type primedValue struct {
	props    string
	value    any
	conflict bool
}

// PrefetchSources loads these sources in one query and primes the source loader.
func (l *Loaders) PrefetchSources(ctx context.Context, ids []string) error {
	byID, err := l.store.SourcesByID(ctx, ids)
	if err != nil {
		return err
	}
	for id, n := range byID {
		l.sources.Prime(id, n)
	}
	return nil
}
