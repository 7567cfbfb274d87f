package httpapi_test

import (
	"net/http"
	"net/http/httptest"
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
	h := testenv.Over(t, proxy.Store(t), nil, testenv.Tune(func(o *httpapi.Options) { o.Cache.Bytes = 0 }))
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
	resp, took := query()
	if resp.Code() != string(apperr.ServiceUnavailable) || took > 5*time.Second {
		t.Fatalf("first query in the outage: %+v after %s, want SERVICE_UNAVAILABLE within 5s", resp.Errors, took)
	}
	if resp, took := query(); resp.Code() != string(apperr.ServiceUnavailable) || took > 200*time.Millisecond {
		t.Errorf("later queries in the outage: %+v after %s, want SERVICE_UNAVAILABLE at once", resp.Errors, took)
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
