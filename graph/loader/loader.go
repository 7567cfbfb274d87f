// Package loader holds the reads of one GraphQL request. A root field reads its nodes and
// every relationship field its selection nests in one statement (List, Page, Below: the
// plan of plan.go, the store's tree reads); the answers are filed under each field's
// occurrence in the document, and the field resolvers find them there (RelatedList,
// RelatedPage). Fields a statement left out read through batching loaders, one query per
// field per level whatever the result size. The provenance a selection asks for is one
// more statement for all levels at once. Loaders are built fresh for each request, so no
// answer is kept across requests; only a document's plan is (plan_cache.go).
package loader

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Loaders holds the per-request loaders.
type Loaders struct {
	store   *store.Store // relationship fields, root reads
	byID    *store.Store // nodes and sources by id: store, but in tests that cut one of them
	nodes   *dataloadgen.Loader[string, store.Node]
	sources *dataloadgen.Loader[string, store.Node]

	mu            sync.Mutex
	lists         map[relationKey]any // *dataloadgen.Loader[string, []store.Node]
	pages         map[relationKey]any // *dataloadgen.Loader[string, store.Page]
	primed        map[primedKey]primedValue
	failedSources map[string]error       // sources whose read failed: their provenance reports it
	levels        map[*ast.Field][]level // the nodes each planned occurrence was read below
	asked         map[*ast.Field]bool    // occurrences whose parents were queued in a loader
}

const wait = time.Millisecond

// New returns empty loaders for one request.
func New(st *store.Store) *Loaders { return newLoaders(st, st) }

func newLoaders(st, byID *store.Store) *Loaders {
	return &Loaders{
		store:         st,
		byID:          byID,
		nodes:         dataloadgen.NewMappedLoader(byID.NodesByID, dataloadgen.WithWait(wait)),
		sources:       dataloadgen.NewMappedLoader(byID.SourcesByID, dataloadgen.WithWait(wait)),
		lists:         map[relationKey]any{},
		pages:         map[relationKey]any{},
		primed:        map[primedKey]primedValue{},
		failedSources: map[string]error{},
		levels:        map[*ast.Field][]level{},
		asked:         map[*ast.Field]bool{},
	}
}

type ctxKey struct{}

// With returns ctx carrying the loaders l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// Middleware puts fresh loaders into each request's context.
func Middleware(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(With(r.Context(), New(st))))
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

func found(n store.Node, err error) (store.Node, bool, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return store.Node{}, false, nil
	}
	return n, err == nil, err
}
