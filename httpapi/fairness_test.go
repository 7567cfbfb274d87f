package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// aliasedSearches is a document of n root searches, the fan-out of issue 16.
func aliasedSearches(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, ` a%d: search(text: "lithium graphite", first: 100) { score entity { id name } }`, i)
	}
	b.WriteString(" }")
	return b.String()
}

// smallPoolStore is a store over the seeded test database whose driver has a pool of
// size connections, already open, and gives up waiting for one after 20 ms.
func smallPoolStore(t *testing.T, size int) *store.Store {
	t.Helper()
	driver, err := neo4j.NewDriverWithContext(storetest.URI(t), neo4j.NoAuth(), func(c *neo4j.Config) {
		c.MaxConnectionPoolSize = size
		c.ConnectionAcquisitionTimeout = 20 * time.Millisecond
		c.MaxTransactionRetryTime = 0
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = driver.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := driver.VerifyConnectivity(ctx); err != nil { // opens a pooled connection
		t.Fatal(err)
	}
	return store.New(driver, storetest.Database)
}

// TestPoolExhaustionIsBusyNotUnavailable: root fields resolved concurrently over a
// pool too small for them fail as DATABASE_BUSY, not as the database being away, and
// the store is not marked down; with the bounds no larger than the pool, the same
// document waits its turn and answers in full.
func TestPoolExhaustionIsBusyNotUnavailable(t *testing.T) {
	testenv.Seeded(t) // seeds the test database
	doc := aliasedSearches(20)

	calls := func(n int) testenv.Option {
		return testenv.Tune(func(o *httpapi.Options) { o.Limits.CallsPerRequest, o.Limits.CallsTotal = n, n })
	}
	st := smallPoolStore(t, 1)
	resp := testenv.Over(t, st, nil, calls(1000)).Post(t, doc, nil)
	codes := map[string]int{}
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		codes[code]++
	}
	if codes[string(apperr.DatabaseBusy)] == 0 || codes[string(apperr.ServiceUnavailable)] > 0 {
		t.Fatalf("20 concurrent calls over a pool of 1: want DATABASE_BUSY errors and no SERVICE_UNAVAILABLE, got %v", codes)
	}
	if err := st.Ping(context.Background()); err != nil {
		t.Fatalf("a busy pool marked the database as away: %v", err)
	}

	resp = testenv.Over(t, smallPoolStore(t, 1), nil, calls(1)).Post(t, doc, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("with at most 1 call at once over a pool of 1: %d errors, first %q", len(resp.Errors), resp.Errors[0].Message)
	}
	var data map[string][]struct{ Score float64 }
	if err := json.Unmarshal(resp.Data, &data); err != nil || len(data) != 20 || len(data["a0"]) == 0 {
		t.Fatalf("want 20 non-empty searches, got %d (%v)", len(data), err)
	}
}

// loopbackClient sends its requests from a loopback address of its own, so that the
// server sees distinct clients (Linux routes all of 127.0.0.0/8 to lo).
func loopbackClient(ip string) *http.Client {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 64}}
}

// victimStats is what the ordinary clients saw in one phase.
type victimStats struct {
	mu        sync.Mutex
	latencies []time.Duration
	failures  []string
}

func (v *victimStats) p(q float64) time.Duration {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.latencies) == 0 {
		return 0
	}
	s := slices.Clone(v.latencies)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// victims run clients from their own addresses, each looping an ordinary read, for d.
func victims(t *testing.T, url string, clients int, d time.Duration) *victimStats {
	t.Helper()
	stats := &victimStats{}
	body, _ := json.Marshal(map[string]any{"query": `{ search(text: "graphite", first: 5) { score entity { id name } } countries(limit: 5) { id name } }`})
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func(c *http.Client) {
			defer wg.Done()
			for first := true; first || time.Now().Before(stop); first = false {
				start := time.Now()
				status, errs, err := postRaw(c, url, body)
				took := time.Since(start)
				stats.mu.Lock()
				stats.latencies = append(stats.latencies, took)
				if err != nil || status != http.StatusOK || len(errs) > 0 {
					stats.failures = append(stats.failures, fmt.Sprintf("HTTP %d %v %v", status, errs, err))
				}
				stats.mu.Unlock()
			}
		}(loopbackClient(fmt.Sprintf("127.0.0.%d", 10+i)))
	}
	wg.Wait()
	return stats
}

func postRaw(c *http.Client, url string, body []byte) (int, []string, error) {
	resp, err := c.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return resp.StatusCode, nil, err
	}
	var codes []string
	for _, e := range out.Errors {
		codes = append(codes, e.Extensions.Code)
	}
	return resp.StatusCode, codes, nil
}

// TestOneClientCannotStarveOthers is the bounded loopback load test of issue 16: one
// client loops the costliest fan-out the limits let through (the most root fields,
// each a search of the largest page) over 32 connections at once; four other clients
// loop an ordinary read.
// The attacker opens more connections than its running and waiting share together, so
// that some of its requests are refused. None of theirs may fail. Their p99 latency, quiet and under
// attack, is logged, not asserted (the machine is shared).
func TestOneClientCannotStarveOthers(t *testing.T) {
	e := testenv.Seeded(t)
	srv := httptest.NewServer(e.Handler)
	defer srv.Close()
	url := srv.URL + "/graphql"

	victims(t, url, 4, 0) // one request each: a freshly seeded database plans its queries
	quiet := victims(t, url, 4, 1500*time.Millisecond)

	attack, _ := json.Marshal(map[string]any{"query": aliasedSearches(e.Options.Limits.MaxRootFields)})
	var answered, refused, other atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	attacker := loopbackClient("127.0.0.2")
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				switch status, errs, err := postRaw(attacker, url, attack); {
				case err == nil && status == http.StatusOK && len(errs) == 0:
					answered.Add(1)
				case status == http.StatusTooManyRequests:
					refused.Add(1)
					time.Sleep(10 * time.Millisecond)
				default:
					other.Add(1)
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond) // let the attack fill its share
	loud := victims(t, url, 4, 3*time.Second)
	cancel()
	wg.Wait()

	t.Logf("ordinary clients: quiet %d requests, p50 %v, p99 %v; under attack %d requests, p50 %v, p99 %v, %d failed",
		len(quiet.latencies), quiet.p(0.5), quiet.p(0.99), len(loud.latencies), loud.p(0.5), loud.p(0.99), len(loud.failures))
	t.Logf("attacker: %d answered in full, %d refused with 429, %d admitted but failed (its own deadline)", answered.Load(), refused.Load(), other.Load())
	if len(quiet.failures) > 0 {
		t.Errorf("%d ordinary requests failed with no attack, first: %s", len(quiet.failures), quiet.failures[0])
	}
	if len(loud.failures) > 0 {
		t.Errorf("%d of %d ordinary requests failed while one client looped the fan-out, first: %s", len(loud.failures), len(loud.latencies), loud.failures[0])
	}
	if got := testutil.ToFloat64(httpapi.ClientRequestsRefused); got < float64(refused.Load()) {
		t.Errorf("mineralgraph_client_requests_refused_total = %v, want at least the %d refusals seen", got, refused.Load())
	}
	if answered.Load()+other.Load() == 0 || refused.Load() == 0 {
		t.Errorf("the attack was not what the test means: %d admitted, %d refused (want both > 0)", answered.Load()+other.Load(), refused.Load())
	}
}
