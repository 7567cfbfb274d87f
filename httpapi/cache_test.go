package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

const projectsDoc = `{ projects(sort: [{id: ASC}]) { id name } }`

// cached posts query and checks the answer's data and cache status.
func cached(t *testing.T, env *testenv.Server, query string, vars map[string]any, wantData, wantStatus string) {
	t.Helper()
	resp := env.Post(t, query, vars)
	if len(resp.Errors) > 0 {
		t.Fatalf("%s: %+v", query, resp.Errors)
	}
	if string(resp.Data) != wantData {
		t.Errorf("%s: data\n got %s\nwant %s", query, resp.Data, wantData)
	}
	if got := resp.Header.Get(httpapi.CacheHeader); got != wantStatus {
		t.Errorf("%s: %s %q, want %q", query, httpapi.CacheHeader, got, wantStatus)
	}
}

// A read after an acknowledged write of this instance never returns the answer from
// before it: through a mutation, a delete, and the store's write path that seed and
// import use (Apply) and the one of bulk loads (CreateNew).
func TestCacheReadAfterWrite(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader-1"))
	cached(t, env, projectsDoc, nil, `{"projects":[]}`, "miss")
	cached(t, env, projectsDoc, nil, `{"projects":[]}`, "hit")
	// The parsed document is the key: spacing, commas and comments do not matter.
	cached(t, env, "# the same\n{projects(sort:[{id:ASC}]){ id, name }}", nil, `{"projects":[]}`, "hit")

	if resp := env.PostKey(t, upsertDoc, map[string]any{"input": upsertInput(150)}); len(resp.Errors) > 0 {
		t.Fatalf("upsert: %+v", resp.Errors)
	}
	balama := `{"projects":[{"id":"balama","name":"Balama"}]}`
	cached(t, env, projectsDoc, nil, balama, "miss")
	cached(t, env, projectsDoc, nil, balama, "hit")

	ctx := context.Background()
	prov := map[string]any{"sources": []string{"src-dfc"}, "quotes": []string{"DFC approves a loan"}, "locators": []string{""}}
	project := func(id, name string) store.NodeInput {
		props := map[string]any{"name": name, "stage": "MINING"}
		for k, v := range prov {
			props[k] = v
		}
		return store.NodeInput{Type: "Project", ID: id, Props: props}
	}
	if _, err := env.Store.Apply(ctx, store.Batch{Nodes: []store.NodeInput{project("balama", "Balama II")}}, store.ApplyOptions{Writer: "seed"}); err != nil {
		t.Fatal(err)
	}
	cached(t, env, projectsDoc, nil, `{"projects":[{"id":"balama","name":"Balama II"}]}`, "miss")
	if _, err := env.Store.CreateNew(ctx, store.Batch{Nodes: []store.NodeInput{project("cauchari", "Cauchari")}}, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	both := `{"projects":[{"id":"balama","name":"Balama II"},{"id":"cauchari","name":"Cauchari"}]}`
	cached(t, env, projectsDoc, nil, both, "miss")
	cached(t, env, projectsDoc, nil, both, "hit")

	del := `mutation($ids: [ID!]) { delete(input: {ids: $ids}) { nodesDeleted } }`
	if resp := env.PostKey(t, del, map[string]any{"ids": []string{"cauchari"}}); len(resp.Errors) > 0 {
		t.Fatalf("delete: %+v", resp.Errors)
	}
	cached(t, env, projectsDoc, nil, `{"projects":[{"id":"balama","name":"Balama II"}]}`, "miss")

	// Variables are part of the key, in canonical form.
	byID := `query($w: ProjectWhere) { projects(where: $w) { id } }`
	cached(t, env, byID, map[string]any{"w": map[string]any{"id": map[string]any{"eq": "balama"}}}, `{"projects":[{"id":"balama"}]}`, "miss")
	cached(t, env, byID, map[string]any{"w": map[string]any{"id": map[string]any{"eq": "nowhere"}}}, `{"projects":[]}`, "miss")
	cached(t, env, byID, map[string]any{"w": map[string]any{"id": map[string]any{"eq": "balama"}}}, `{"projects":[{"id":"balama"}]}`, "hit")
}

// Another instance on the same database (a store of its own, as another process has)
// sees a write within the data version's lag, though its cache held the old answer.
func TestCacheOtherInstanceSeesWriteWithinLag(t *testing.T) {
	const lag = 500 * time.Millisecond
	tune := testenv.Tune(func(o *httpapi.Options) { o.Cache.VersionLag = lag; o.Cache.MaxAge = time.Hour })
	a := testenv.Empty(t, testenv.WithKey("loader-1"), tune)
	b := testenv.Over(t, store.New(a.Driver, storetest.Database), a.Driver, tune)

	cached(t, b, projectsDoc, nil, `{"projects":[]}`, "miss")
	cached(t, b, projectsDoc, nil, `{"projects":[]}`, "hit")
	if resp := a.PostKey(t, upsertDoc, map[string]any{"input": upsertInput(150)}); len(resp.Errors) > 0 {
		t.Fatalf("upsert: %+v", resp.Errors)
	}
	acked := time.Now()
	for {
		resp := b.Post(t, projectsDoc, nil)
		if strings.Contains(string(resp.Data), "balama") {
			break
		}
		// The bound, plus a poll's round trip on this loaded machine.
		if time.Since(acked) > lag+time.Second {
			t.Fatalf("the other instance still answers %s (%s) %v after the write", resp.Data, resp.Header.Get(httpapi.CacheHeader), time.Since(acked))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("seen by the other instance after %v (lag %v)", time.Since(acked), lag)
}

// A request refused without the cache is refused with the answer cached: the body
// limit and the media type are checked before the cache is asked, although the padded
// document is the cached one once parsed; a refused query is never cached.
func TestCacheKeepsRefusals(t *testing.T) {
	env := testenv.Seeded(t, testenv.Tune(func(o *httpapi.Options) { o.Limits.MaxBodyBytes = 4096; o.Limits.MaxDepth = 3 }))
	doc := `{ projects(limit: 1, sort: [{id: ASC}]) { id } }`
	first := env.Post(t, doc, nil)
	cached(t, env, doc, nil, string(first.Data), "hit")

	padded := env.Do(t, testenv.Post(testenv.Body(doc+strings.Repeat(" ", 5000), nil)))
	if padded.Status != http.StatusRequestEntityTooLarge || padded.Code() != "REQUEST_TOO_LARGE" {
		t.Errorf("a padded body over the limit: HTTP %d %v", padded.Status, padded.Codes())
	}
	plain := env.Do(t, testenv.Request(http.MethodPost, "/graphql", "text/plain", testenv.Body(doc, nil)))
	if plain.Status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: HTTP %d %s", plain.Status, plain.Body)
	}
	deep := `{ projects(limit: 1) { financiers { financesProjects { financiers { id } } } } }`
	for i := range 2 {
		if resp := env.Post(t, deep, nil); resp.Code() != "QUERY_TOO_DEEP" || resp.Header.Get(httpapi.CacheHeader) != "" {
			t.Errorf("too deep, try %d: %v, %s %q", i, resp.Codes(), httpapi.CacheHeader, resp.Header.Get(httpapi.CacheHeader))
		}
	}
}

// The cache keeps within its bytes however many answers it is given.
func TestCacheMemoryBound(t *testing.T) {
	const limit = 64 << 10
	env := testenv.Seeded(t, testenv.Tune(func(o *httpapi.Options) { o.Cache.Bytes = limit }))
	doc := `query($n: Int, $o: Int) { projects(limit: $n, offset: $o, sort: [{id: ASC}]) { id name stage } }`
	total := 0
	post := func(i int) {
		resp := env.Post(t, doc, map[string]any{"n": 1 + i%100, "o": i % 3}) // 300 different answers
		if len(resp.Errors) > 0 {
			t.Fatal(resp.Errors)
		}
		total += len(resp.Data)
	}
	for i := range 300 {
		post(i)
	}
	post(299) // the latest is still there
	m := metrics(t, env)
	if m["mineralgraph_response_cache_bytes"] > limit || m["mineralgraph_response_cache_bytes"] == 0 {
		t.Errorf("cache holds %v bytes, limit %d", m["mineralgraph_response_cache_bytes"], limit)
	}
	if m["mineralgraph_response_cache_evictions_total"] == 0 || m["mineralgraph_response_cache_hits_total"] == 0 {
		t.Errorf("after %d bytes of answers: %v", total, m)
	}
	t.Logf("answers %d bytes; cache %v", total, m)
}

var metricLine = regexp.MustCompile(`(?m)^(mineralgraph_response_cache_\w+) (\S+)$`)

func metrics(t *testing.T, env *testenv.Server) map[string]float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	env.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	out := map[string]float64{}
	for _, m := range metricLine.FindAllStringSubmatch(string(body), -1) {
		out[m[1]], _ = strconv.ParseFloat(m[2], 64)
	}
	if len(out) == 0 {
		t.Fatalf("no cache metrics in\n%.2000s", body)
	}
	return out
}

// When Neo4j goes away, cached answers stop within the data version's lag: the version
// cannot be read again, and a failed read marks Neo4j away at once.
func TestCacheInOutage(t *testing.T) {
	const lag = 500 * time.Millisecond
	storetest.Tiny(t, storetest.New(t))
	proxy := storetest.NewProxy(t)
	h := testenv.Over(t, proxy.Store(t), nil, testenv.Tune(func(o *httpapi.Options) { o.Cache.VersionLag = lag }))
	doc := `{ project(id: "p1") { name } }`
	want := `{"project":{"name":"Graphite refinery"}}`
	cached(t, h, doc, nil, want, "miss")
	cached(t, h, doc, nil, want, "hit")
	proxy.Cut()
	cut := time.Now()
	for {
		resp := h.Post(t, doc, nil)
		if resp.Code() == "SERVICE_UNAVAILABLE" {
			t.Logf("refused %v after the cut", time.Since(cut))
			break
		}
		if string(resp.Data) != want || time.Since(cut) > lag+time.Second {
			t.Fatalf("%v after the cut: %s (%s)", time.Since(cut), resp.Body, resp.Header.Get(httpapi.CacheHeader))
		}
		time.Sleep(20 * time.Millisecond)
	}
	proxy.Restore(t)
}

// A request whose Cache-Control says no-cache is answered from Neo4j, not the cache, and
// its answer serves the next request; no-store keeps it out of the cache as well.
func TestCacheControlFromTheClient(t *testing.T) {
	env := testenv.Empty(t)
	send := func(cacheControl string) string {
		t.Helper()
		resp := env.Do(t, testenv.WithHeader(testenv.Post(testenv.Body(projectsDoc, nil)), "Cache-Control", cacheControl))
		if len(resp.Errors) > 0 || string(resp.Data) != `{"projects":[]}` {
			t.Fatalf("Cache-Control %q: %s %+v", cacheControl, resp.Data, resp.Errors)
		}
		return resp.Header.Get(httpapi.CacheHeader)
	}
	for i, c := range []struct{ cacheControl, want string }{
		{"no-store", "bypass"},
		{"", "miss"}, // no-store kept nothing
		{"", "hit"},
		{"no-cache", "bypass"},
		{"No-Cache, max-age=0", "bypass"},
		{"max-age=60", "hit"},
	} {
		if got := send(c.cacheControl); got != c.want {
			t.Errorf("request %d, Cache-Control %q: %s %q, want %q", i+1, c.cacheControl, httpapi.CacheHeader, got, c.want)
		}
	}
}
