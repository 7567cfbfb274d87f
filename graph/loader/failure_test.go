package loader_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/generated"
	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/resolvers"
)

// A statement of a request that fails after the root statement answered (the sources
// of the provenance asked for, or the fields below nodes looked up by id) fails the
// fields it was to answer, with the store's code, and is not sent again: one request,
// one attempt. The store that fails is cut before the request and restored before the
// first affected field resolves, so a field that sent its read again would get an
// answer and no error.
func TestFailedStatementsReachTheFieldsTheyWereToAnswer(t *testing.T) {
	tests := []struct {
		name       string
		query      string
		cutSources bool   // cut the store of the lookups by id (nodes, sources), else that of the tree reads
		restoreAt  string // the field before whose first resolution the cut store comes back
		wantPaths  []string
		wantTrips  int64 // the statements sent, the failed one included
	}{
		{
			name:       "the sources of every level",
			query:      `{ organization(id: "org-0") { name provenance { quote } financesProjects(sort: [{ name: ASC }]) { name provenance { quote } } } }`,
			cutSources: true,
			restoreAt:  "provenance",
			wantPaths:  []string{"organization.financesProjects[0].provenance", "organization.financesProjects[1].provenance", "organization.provenance"},
			wantTrips:  2, // the tree, the sources
		},
		{
			name:      "the fields below a node looked up by id",
			query:     `{ node(id: "org-0") { ... on Organization { name financesProjects { name } } } }`,
			restoreAt: "financesProjects",
			wantPaths: []string{"node.financesProjects"},
			wantTrips: 2, // the lookup, the tree below it
		},
	}
	st := storetest.New(t)
	if _, err := st.Apply(context.Background(), financed(), store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := storetest.NewProxy(t)
			cut := proxy.Store(t)
			proxy.Cut()
			l := loader.NewSplit(cut, st)
			if tt.cutSources {
				l = loader.NewSplit(st, cut)
			}
			var once sync.Once
			restore := func() {
				proxy.Restore(t)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				for cut.Ping(ctx) != nil && ctx.Err() == nil {
					time.Sleep(100 * time.Millisecond)
				}
			}
			errs, trips := run(t, st, l, tt.query, func(field string) {
				if field == tt.restoreAt {
					once.Do(restore)
				}
			})
			var paths []string
			for _, e := range errs {
				paths = append(paths, e.Path.String())
				if e.Extensions["code"] != string(apperr.ServiceUnavailable) {
					t.Errorf("error at %s: %q, code %v; want %s", e.Path, e.Message, e.Extensions["code"], string(apperr.ServiceUnavailable))
				}
			}
			slices.Sort(paths)
			if !slices.Equal(paths, tt.wantPaths) {
				t.Errorf("errors at %q, want at %q", paths, tt.wantPaths)
			}
			if trips != tt.wantTrips {
				t.Errorf("%d statements, want %d", trips, tt.wantTrips)
			}
		})
	}
}

// financed is one financier of two projects, each fact with its provenance.
func financed() store.Batch {
	prov := func(m map[string]any) map[string]any {
		m["sources"], m["quotes"] = []string{"src"}, []string{"synthetic"}
		return m
	}
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: prov(map[string]any{"id": "src", "title": "synthetic", "evidence": "COMPILED", "url": "https://example.org/synthetic"})},
		{Type: "Organization", ID: "org-0", Props: prov(map[string]any{"id": "org-0", "name": "org-0", "kind": "FINANCIER"})},
	}}
	for _, p := range []string{"project-0", "project-1"} {
		b.Nodes = append(b.Nodes, store.NodeInput{Type: "Project", ID: p, Props: prov(map[string]any{"id": p, "name": p, "stage": "MINING"})})
		b.Relations = append(b.Relations, store.RelationInput{Type: "FINANCES", FromType: "Organization", From: "org-0", ToType: "Project", To: p, Props: prov(map[string]any{"instrument": "LOAN"})})
	}
	return b
}

// run executes query with the loaders l, calling before(name) before each field
// resolves, and returns the errors, each with its store code, and the statements sent.
func run(t *testing.T, st *store.Store, l *loader.Loaders, query string, before func(field string)) (gqlerror.List, int64) {
	t.Helper()
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: resolvers.New(st, nil)}))
	srv.AddTransport(transport.POST{})
	srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		before(graphql.GetFieldContext(ctx).Field.Name)
		return next(ctx)
	})
	srv.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error {
		e := graphql.DefaultErrorPresenter(ctx, err)
		e.Extensions = map[string]any{"code": apperr.CodeOf(err)}
		return e
	})
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	ctx, trips := store.WithRoundTrips(loader.With(req.Context(), l))
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req.WithContext(ctx))
	var resp struct {
		Data   json.RawMessage
		Errors gqlerror.List
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	t.Logf("data %s", resp.Data)
	return resp.Errors, trips.Load()
}
