package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
)

func TestStartWithoutNeo4jFailsWithOneLine(t *testing.T) {
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	t.Setenv("NEO4J_CONNECT_TIMEOUT", "1s")
	err := run(context.Background(), []string{"serve"})
	if err == nil {
		t.Fatal("serve started without Neo4j")
	}
	msg := err.Error()
	if !strings.Contains(msg, "bolt://127.0.0.1:1") || strings.Contains(msg, "\n") {
		t.Errorf("want one line naming the URI, got %q", msg)
	}
}

// startServe runs `serve` on the test database until stop, which signals it (a cancelled
// context, as SIGINT gives) and returns serve's error once it has ended.
func startServe(t *testing.T) (addr string, stop func() error) {
	t.Helper()
	storetest.New(t) // holds the test database
	addr = freeAddr(t)
	t.Setenv("NEO4J_URI", storetest.URI(t))
	t.Setenv("HTTP_ADDR", addr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}) }()
	waitFor(t, "http://"+addr+"/readyz")
	return addr, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			return fmt.Errorf("serve did not stop")
		}
	}
}

func TestServeShutsDownOnSignal(t *testing.T) {
	ln, stop := startServe(t)
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if _, err := http.Get("http://" + ln + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// serve's reads go over the store's own Bolt client on a bolt:// URI: a run of queries
// hands none of its reads to the driver (a background read without a deadline may).
func TestServeReadsOverItsBoltClient(t *testing.T) {
	ln, stop := startServe(t)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	const n = 10
	viaDriver, statements := testutil.ToFloat64(store.ReadsViaDriverTotal), testutil.ToFloat64(store.RoundTripsTotal)
	for i := range n {
		body := fmt.Sprintf(`{"query":"{ countries(limit: %d) { id } }"}`, i+1)
		resp, err := http.Post("http://"+ln+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("HTTP %d", resp.StatusCode)
		}
	}
	if got := testutil.ToFloat64(store.RoundTripsTotal) - statements; got < n {
		t.Fatalf("%v statements for %d queries", got, n)
	}
	if got := testutil.ToFloat64(store.ReadsViaDriverTotal) - viaDriver; got > 2 {
		t.Errorf("%v of %d reads went through the driver", got, n)
	}
}

// serve collects garbage at GOGC=400 and under a soft memory limit of its caches plus
// headroom, unless the environment sets GOGC or GOMEMLIMIT, as the README's
// configuration table says.
func TestServerGCDefault(t *testing.T) {
	prevGC, prevLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	defer func() { debug.SetGCPercent(prevGC); debug.SetMemoryLimit(prevLimit) }()
	cache := httpapi.Defaults().Cache
	serverGC(func(string) string { return "" }, cache)
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Errorf("without GOGC: GC percent %d, want %d", got, serveGCPercent)
	}
	if got, want := debug.SetMemoryLimit(math.MaxInt64), cache.Bytes+cache.APQBytes+serveHeadroom; got != want {
		t.Errorf("without GOMEMLIMIT: memory limit %d, want %d", got, want)
	}
	serverGC(func(name string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[name] }, cache)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set: GC percent changed to %d; Go's reading of GOGC must stand", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set: memory limit changed to %d; Go's reading must stand", got)
	}
	for _, v := range envVars {
		if v.Name == "GOGC" && v.Default != strconv.Itoa(serveGCPercent) {
			t.Errorf("envVars documents GOGC default %s, serve uses %d", v.Default, serveGCPercent)
		}
		if v.Name == "GOMEMLIMIT" && !strings.Contains(v.Default, strconv.Itoa(serveHeadroom>>20)) {
			t.Errorf("envVars documents GOMEMLIMIT default %q, serve adds %d MiB to the caches", v.Default, serveHeadroom>>20)
		}
	}
}

// The server's write timeout outlasts a request's wait in its client's queue and its
// deadline, however long REQUEST_TIMEOUT is: otherwise the client of a request that runs
// out gets a closed connection instead of the timeout's error.
func TestWriteTimeoutOutlastsTheRequest(t *testing.T) {
	for _, d := range []time.Duration{time.Second, 10 * time.Second, time.Minute, 5 * time.Minute} {
		var cfg Config
		cfg.Limits.RequestTimeout = d
		srv := newHTTPServer(cfg, http.NotFoundHandler(), slog.New(slog.DiscardHandler))
		if srv.WriteTimeout <= d+d/4 {
			t.Errorf("REQUEST_TIMEOUT %v: write timeout %v, not beyond the queue's wait and the deadline (%v)", d, srv.WriteTimeout, d+d/4)
		}
	}
}
