package httpapi_test

import (
	"bytes"
	"context"
	"net/http"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

const (
	flightDoc  = `{ project(id: "p1") { name } }`
	flightWant = `{"project":{"name":"Graphite refinery"}}`
	waitingNow = "mineralgraph_response_cache_waiting"
)

// coalescing is the API over the tiny graph through a proxy the test holds to keep a
// query executing. The data version is read once (a lag of an hour), so a hold stalls
// the queries only; one client may run many requests at once.
func coalescing(t *testing.T, opts ...testenv.Option) (*testenv.Server, *storetest.Proxy) {
	t.Helper()
	storetest.Tiny(t, storetest.New(t))
	proxy := storetest.NewProxy(t)
	tune := testenv.Tune(func(o *httpapi.Options) { o.Cache.VersionLag = time.Hour; o.Limits.ClientRequests = 64 })
	env := testenv.Over(t, proxy.Store(t), nil, append([]testenv.Option{tune}, opts...)...)
	t.Cleanup(func() { proxy.Release(); noneInFlight(t) })
	return env, proxy
}

// send serves req in the background.
func send(t *testing.T, env *testenv.Server, req *http.Request) <-chan *testenv.Response {
	ch := make(chan *testenv.Response, 1)
	go func() { ch <- env.Do(t, req) }()
	return ch
}

// answer is the response of a request sent, failing the test after within.
func answer(t *testing.T, ch <-chan *testenv.Response, within time.Duration) *testenv.Response {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(within):
		t.Fatalf("no answer within %v", within)
		return nil
	}
}

// until polls cond, failing the test after 10 s.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not within 10 s: %s", what)
		}
	}
}

// atNeo4j waits until one more store call than calls runs: the request sent is the
// flight's leader, held at the proxy.
func atNeo4j(t *testing.T, calls float64) {
	t.Helper()
	until(t, "the first request calls Neo4j", func() bool { return testutil.ToFloat64(store.CallsInFlight) > calls })
}

// noneInFlight fails the test if a goroutine is left inside the cache's flights once
// every answer is in (the cache starts none; a waiter or leader must not stay).
func noneInFlight(t *testing.T) {
	t.Helper()
	var dump bytes.Buffer
	until(t, "no goroutine left in the cache's flights", func() bool {
		dump.Reset()
		_ = pprof.Lookup("goroutine").WriteTo(&dump, 2)
		return !strings.Contains(dump.String(), "httpapi.(*responseCache)")
	})
}

// statuses checks that every request answered flightWant in full and counts their
// X-Cache values.
func statuses(t *testing.T, answers []<-chan *testenv.Response) map[string]int {
	t.Helper()
	status := map[string]int{}
	for _, ch := range answers {
		r := answer(t, ch, 30*time.Second)
		if len(r.Errors) > 0 || string(r.Data) != flightWant {
			t.Errorf("%s %+v", r.Data, r.Errors)
		}
		status[r.Header.Get(httpapi.CacheHeader)]++
	}
	return status
}

func roundTrips() float64 { return testutil.ToFloat64(store.RoundTripsTotal) }

// N identical queries arriving while the first executes send its statements once: the
// others wait and are answered with its answer (X-Cache: coalesced), counted apart from
// hits and misses; the cached answer then serves the next one.
func TestCacheCoalescesIdenticalMisses(t *testing.T) {
	env, proxy := coalescing(t)
	post := func() *http.Request { return testenv.Post(testenv.Body(flightDoc, nil)) }
	// One execution's statements, the cache bypassed (no-store keeps nothing).
	before := roundTrips()
	if r := env.Do(t, testenv.WithHeader(post(), "Cache-Control", "no-store")); string(r.Data) != flightWant {
		t.Fatalf("%s %+v", r.Data, r.Errors)
	}
	once := roundTrips() - before
	if once < 1 {
		t.Fatalf("one execution sent %v statements", once)
	}

	const n = 8
	m0 := metrics(t, env)
	before = roundTrips()
	proxy.Hold()
	answers := make([]<-chan *testenv.Response, n)
	for i := range answers {
		answers[i] = send(t, env, post())
	}
	until(t, "n-1 requests wait", func() bool { return metrics(t, env)[waitingNow] == n-1 })
	proxy.Release()
	status := statuses(t, answers)
	if status["miss"] != 1 || status["coalesced"] != n-1 {
		t.Errorf("%s of %d identical requests: %v, want 1 miss and %d coalesced", httpapi.CacheHeader, n, status, n-1)
	}
	if got := roundTrips() - before; got != once {
		t.Errorf("%d identical requests sent %v statements; one sends %v", n, got, once)
	}
	m := metrics(t, env)
	for name, want := range map[string]float64{"coalesced_total": n - 1, "misses_total": 1, "hits_total": 0} {
		if got := m["mineralgraph_response_cache_"+name] - m0["mineralgraph_response_cache_"+name]; got != want {
			t.Errorf("%s grew by %v, want %v", name, got, want)
		}
	}
	if m[waitingNow] != 0 {
		t.Errorf("%s %v after every answer", waitingNow, m[waitingNow])
	}
	cached(t, env, flightDoc, nil, flightWant, "hit")
}

// Requests of different callers never share an answer, though the query is the same:
// each caller's first request executes.
func TestCacheCoalescesPerCaller(t *testing.T) {
	secret, entry, err := auth.NewKey("reader-b")
	if err != nil {
		t.Fatal(err)
	}
	keyB, err := auth.ParseKeys(strings.NewReader(entry))
	if err != nil {
		t.Fatal(err)
	}
	env, proxy := coalescing(t, testenv.WithKey("reader-a"), testenv.Tune(func(o *httpapi.Options) { o.APIKeys = append(o.APIKeys, keyB...) }))
	post := func(key string) *http.Request {
		return testenv.WithHeader(testenv.Post(testenv.Body(flightDoc, nil)), "Authorization", "Bearer "+key)
	}
	before := roundTrips()
	if r := env.Do(t, testenv.WithHeader(post(env.Key), "Cache-Control", "no-store")); string(r.Data) != flightWant {
		t.Fatalf("%s %+v", r.Data, r.Errors)
	}
	once := roundTrips() - before

	const n = 3 // per caller
	before = roundTrips()
	proxy.Hold()
	var answers []<-chan *testenv.Response
	for range n {
		answers = append(answers, send(t, env, post(env.Key)), send(t, env, post(secret)))
	}
	until(t, "2n-2 requests wait", func() bool { return metrics(t, env)[waitingNow] == 2*n-2 })
	proxy.Release()
	status := statuses(t, answers)
	if status["miss"] != 2 || status["coalesced"] != 2*n-2 {
		t.Errorf("%s of %d requests of each of two callers: %v, want 2 misses", httpapi.CacheHeader, n, status)
	}
	if got := roundTrips() - before; got != 2*once {
		t.Errorf("two callers' requests sent %v statements; one execution sends %v", got, once)
	}
}

// A leader whose client goes away fails alone: the requests waiting for it execute
// the query themselves and answer in full.
func TestCacheCancelledLeaderDoesNotFailWaiters(t *testing.T) {
	env, proxy := coalescing(t)
	post := func() *http.Request { return testenv.Post(testenv.Body(flightDoc, nil)) }
	proxy.Hold()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := testutil.ToFloat64(store.CallsInFlight)
	leader := send(t, env, post().WithContext(ctx))
	atNeo4j(t, calls)
	const n = 3
	var waiters []<-chan *testenv.Response
	for range n {
		waiters = append(waiters, send(t, env, post()))
	}
	until(t, "the others wait", func() bool { return metrics(t, env)[waitingNow] == n })
	cancel()
	if r := answer(t, leader, 10*time.Second); len(r.Errors) == 0 {
		t.Fatalf("the cancelled leader answered %s", r.Body)
	}
	// Released without an answer, they execute (and are held at the proxy in turn).
	until(t, "the waiters stop waiting", func() bool { return metrics(t, env)[waitingNow] == 0 })
	proxy.Release()
	for _, ch := range waiters {
		r := answer(t, ch, 30*time.Second)
		if len(r.Errors) > 0 || string(r.Data) != flightWant {
			t.Errorf("a waiter of the cancelled leader: %s %+v", r.Data, r.Errors)
		}
		if got := r.Header.Get(httpapi.CacheHeader); got != "miss" {
			t.Errorf("a waiter that executed: %s %q, want miss", httpapi.CacheHeader, got)
		}
	}
}

// A waiter's own deadline bounds its wait: it fails with TIMEOUT when that passes,
// while the leader still executes, and the leader's answer is unaffected.
func TestCacheWaiterDeadline(t *testing.T) {
	env, proxy := coalescing(t)
	post := func() *http.Request { return testenv.Post(testenv.Body(flightDoc, nil)) }
	proxy.Hold()
	calls := testutil.ToFloat64(store.CallsInFlight)
	leader := send(t, env, post())
	atNeo4j(t, calls)
	const deadline = 300 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	r := answer(t, send(t, env, post().WithContext(ctx)), 10*time.Second)
	if elapsed := time.Since(start); elapsed > deadline+2*time.Second {
		t.Errorf("the waiter answered after %v, its deadline %v", elapsed, deadline)
	}
	if r.Code() != string(apperr.Timeout) || len(r.Data) > 0 && string(r.Data) != "null" {
		t.Errorf("the waiter past its deadline: %s", r.Body)
	}
	select {
	case l := <-leader:
		t.Fatalf("the leader answered while held: %s", l.Body)
	default:
	}
	proxy.Release()
	l := answer(t, leader, 30*time.Second)
	if len(l.Errors) > 0 || string(l.Data) != flightWant || l.Header.Get(httpapi.CacheHeader) != "miss" {
		t.Errorf("the leader: %s %s %q", l.Body, httpapi.CacheHeader, l.Header.Get(httpapi.CacheHeader))
	}
}
