package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// When Neo4j goes away the API answers SERVICE_UNAVAILABLE quickly and /readyz 503;
// when it comes back the same server answers again, with no restart.
func TestOutageAndRecovery(t *testing.T) {
	storetest.Tiny(t, storetest.New(t))
	proxy := storetest.NewProxy(t)
	// The database path's outage; TestCacheInOutage is the cache's.
	h := testenv.Over(t, proxy.Store(t), nil, testenv.Debug(), testenv.Tune(func(o *httpapi.Options) { o.Cache.Bytes = 0 }))
	ready := func() int {
		return h.Do(t, httptest.NewRequest(http.MethodGet, "/readyz", nil)).Status
	}
	query := func() (*testenv.Response, time.Duration) {
		start := time.Now()
		resp := h.Post(t, `{ project(id: "p1") { name financiers { name } } }`, nil)
		return resp, time.Since(start)
	}
	if resp, _ := query(); len(resp.Errors) > 0 || ready() != http.StatusOK {
		t.Fatalf("before the outage: %+v", resp.Errors)
	}

	proxy.Cut()
	// Not a TIMEOUT: it did not wait out its deadline.
	if resp, took := query(); resp.Code() != string(apperr.ServiceUnavailable) {
		t.Fatalf("first query in the outage: %+v after %s, want SERVICE_UNAVAILABLE", resp.Errors, took)
	}
	// At once: refused before any statement is sent (a bound on time would fail on a busy machine).
	if resp, took := query(); resp.Code() != string(apperr.ServiceUnavailable) || resp.Extensions["cypherRoundTrips"] != float64(0) {
		t.Errorf("later queries in the outage: %+v after %s, %v statements sent; want SERVICE_UNAVAILABLE and none", resp.Errors, took, resp.Extensions["cypherRoundTrips"])
	}
	if code := ready(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d, want 503", code)
	}

	restored := time.Now()
	proxy.Restore(t)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, _ := query()
		if len(resp.Errors) == 0 {
			t.Logf("answering again %s after Neo4j came back", time.Since(restored))
			if string(resp.Data) != `{"project":{"name":"Graphite refinery","financiers":[{"name":"JOGMEC"}]}}` {
				t.Errorf("after recovery: %s", resp.Data)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery 30s after Neo4j came back: %+v", resp.Errors)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code := ready(); code != http.StatusOK {
		t.Errorf("/readyz after recovery: %d", code)
	}
}

// A Neo4j that shakes hands but answers nothing more within /readyz's time (a starved
// JVM) is load, not an outage: /readyz stays 200 and says so, and queries are not
// refused: one sent meanwhile answers once Neo4j does.
func TestReadyWhileNeo4jIsSlow(t *testing.T) {
	storetest.Tiny(t, storetest.New(t))
	proxy := storetest.NewProxy(t)
	h := testenv.Over(t, proxy.Store(t), nil, testenv.Tune(func(o *httpapi.Options) { o.Cache.Bytes = 0; o.Limits.RequestTimeout = time.Minute }))
	proxy.Cut() // drops the pooled connection: the probe opens one
	proxy.Restore(t)
	proxy.HoldAfterHandshake()
	res := h.Do(t, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"neo4j":"slow"`) {
		t.Errorf("/readyz while Neo4j is slow: %d %s, want 200 and neo4j slow", res.Status, res.Body)
	}
	answered := make(chan *testenv.Response, 1)
	go func() { answered <- h.Post(t, `{ project(id: "p1") { name } }`, nil) }()
	proxy.Release()
	if resp := <-answered; len(resp.Errors) > 0 || string(resp.Data) != `{"project":{"name":"Graphite refinery"}}` {
		t.Errorf("a query after the slow probe: %s %+v", resp.Data, resp.Errors)
	}
	if res := h.Do(t, httptest.NewRequest(http.MethodGet, "/readyz", nil)); res.Status != http.StatusOK || strings.Contains(string(res.Body), "slow") {
		t.Errorf("/readyz once Neo4j answers: %d %s", res.Status, res.Body)
	}
}
