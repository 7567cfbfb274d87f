package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/internal/bolt"
)

// system answers one request of a query; it returns the Cypher round trips the request
// took when the system reports them per request (-1 when it does not).
type system interface {
	name() string
	do(ctx context.Context, q *Query, v Variant) (roundTrips int, err error)
}

// graphqlSystem posts GraphQL documents to an HTTP endpoint (this API or the library).
type graphqlSystem struct {
	label  string
	url    string
	client *http.Client
}

func newGraphQLSystem(label, url string, concurrency int) *graphqlSystem {
	return &graphqlSystem{label: label, url: url, client: httpClient(concurrency)}
}

func (s *graphqlSystem) name() string { return s.label }

type gqlResponse struct {
	Data       json.RawMessage `json:"data"`
	Errors     []any           `json:"errors"`
	Extensions struct {
		CypherRoundTrips *int `json:"cypherRoundTrips"`
	} `json:"extensions"`
}

// postJSON posts payload as JSON and returns the body of a 200 answer.
// coldKey marks the context of a cold cell's requests.
type coldKey struct{}

func postJSON(ctx context.Context, client *http.Client, url string, payload any) ([]byte, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if cold, _ := ctx.Value(coldKey{}).(bool); cold {
		// A cold request must be computed, even where the pool repeats its variables:
		// our response cache honours this; the other systems have none.
		req.Header.Set("Cache-Control", "no-cache")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, body)
	}
	return body, nil
}

// httpClient keeps up to 2 connections per client worker open, uncompressed.
func httpClient(concurrency int) *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConns: concurrency * 2, MaxIdleConnsPerHost: concurrency * 2, DisableCompression: true,
	}}
}

func (s *graphqlSystem) fetch(ctx context.Context, q *Query, v Variant) (*gqlResponse, error) {
	body, err := postJSON(ctx, s.client, s.url, map[string]any{"query": q.GraphQL, "variables": v.Vars})
	if err != nil {
		return nil, err
	}
	var r gqlResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("bad JSON: %w", err)
	}
	if len(r.Errors) > 0 {
		e, _ := json.Marshal(r.Errors)
		return &r, fmt.Errorf("GraphQL errors: %.300s", e)
	}
	return &r, nil
}

func (s *graphqlSystem) do(ctx context.Context, q *Query, v Variant) (int, error) {
	r, err := s.fetch(ctx, q, v)
	if err != nil {
		return -1, err
	}
	if r.Extensions.CypherRoundTrips != nil {
		return *r.Extensions.CypherRoundTrips, nil
	}
	return -1, nil
}

// cypherSystem runs the hand-written Cypher through the Go driver: one statement, one
// round trip, every record read.
// cypherSystem is raw Cypher: the hand-written statement run in the runner's own process,
// as the server's reads run (floorRead: over internal/bolt, the driver for what it leaves).
type cypherSystem struct {
	driver neo4j.DriverWithContext
	lean   *bolt.Client
}

func (s *cypherSystem) name() string { return "cypher" }

func (s *cypherSystem) do(ctx context.Context, q *Query, v Variant) (int, error) {
	_, err := floorRead(ctx, s.lean, s.driver, q.Cypher, v.Params)
	return 1, err
}

// cell is the measurement of one system on one query (or the mix) over the rounds.
type cell struct {
	System, Query string
	Latencies     []time.Duration
	Queries       []string      // in a mix cell, the query of each latency (same order)
	Wall          time.Duration // time spent running this cell, all rounds
	Errors        int
	FirstError    string
	RoundTrips    int64 // sum over requests that reported it
	RTRequests    int64
	ServerCPU     float64 // CPU seconds of the system's server process (ours, library)
	Neo4jCPU      float64 // CPU seconds of Neo4j
	PeakRSSKB     int64   // highest VmRSS of the server process sampled during the cell
	Repeats       int     // answered requests whose variables the system had been sent before
	Slowest       time.Duration
	SlowestVars   string // the variables of the slowest request
}

// run drives sys at concurrency workers for d: each worker sends its next request as
// soon as the previous one is answered (closed loop). queries has one entry for a
// single-query cell and several for the mix, which each worker walks round-robin from
// its own offset. Each request takes the query's next cold variant from seq, or its
// canonical variables when hot.
func run(ctx context.Context, sys system, queries []*Query, seq *sequence, hot bool, concurrency int, d time.Duration, c *cell, serverPid, neo4jPid int) {
	if !hot {
		ctx = context.WithValue(ctx, coldKey{}, true)
	}
	var mu sync.Mutex
	cpu0, neo0 := cpuSeconds(serverPid), cpuSeconds(neo4jPid)
	stop := time.Now().Add(d)
	start := time.Now()
	done := make(chan struct{})
	go func() { // sample RSS while the cell runs
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if serverPid > 0 {
				if rss := memKB(serverPid, "VmRSS"); rss > c.PeakRSSKB {
					mu.Lock()
					c.PeakRSSKB = rss
					mu.Unlock()
				}
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	var wg sync.WaitGroup
	for w := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var names []string // the query of each latency, in a mix cell
			var rt, rtn int64
			errs, first, repeats := 0, "", 0
			var slowest time.Duration
			var slowestVars string
			// The first request whatever the time: a cell shorter than a request (the
			// smoke run's) still has every client's answer.
			for i := w; (i == w || time.Now().Before(stop)) && ctx.Err() == nil; i++ {
				q := queries[i%len(queries)]
				v, repeat := seq.pick(sys.name(), q, hot)
				rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
				t0 := time.Now()
				n, err := sys.do(rctx, q, v)
				el := time.Since(t0)
				cancel()
				if err != nil {
					errs++
					if first == "" {
						first = q.Name + ": " + err.Error()
					}
					continue
				}
				lat = append(lat, el)
				if len(queries) > 1 {
					names = append(names, q.Name)
				}
				if el > slowest {
					slowest, slowestVars = el, q.Name+" "+describeVariant(v)
				}
				if repeat {
					repeats++
				}
				if n >= 0 {
					rt += int64(n)
					rtn++
				}
			}
			mu.Lock()
			c.Latencies = append(c.Latencies, lat...)
			c.Queries = append(c.Queries, names...)
			c.RoundTrips += rt
			c.RTRequests += rtn
			c.Errors += errs
			c.Repeats += repeats
			if slowest > c.Slowest {
				c.Slowest, c.SlowestVars = slowest, slowestVars
			}
			if c.FirstError == "" {
				c.FirstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(done)
	c.Wall += time.Since(start)
	if serverPid > 0 {
		c.ServerCPU += cpuSeconds(serverPid) - cpu0
	}
	if neo4jPid > 0 {
		c.Neo4jCPU += cpuSeconds(neo4jPid) - neo0
	}
}

// Stats summarises a cell.
type Stats struct {
	System, Query       string
	Requests, Errors    int
	FirstError          string  `json:",omitempty"`
	Throughput          float64 // requests per second
	P50, P90, P99, Mean float64 // milliseconds
	RoundTrips          float64 // Cypher statements per request; -1 unknown
	ServerCPUms         float64 // server CPU milliseconds per request (0 for raw Cypher: no server)
	ServerCPUpct        float64 // server CPU while the cell ran, percent of one core
	Neo4jCPUms          float64 // Neo4j CPU milliseconds per request
	PeakRSSMB           float64 // highest RSS of the server seen during the cell
	RepeatPct           float64 // share of requests whose variables the system had been sent before (100 on the hot mix)
	Slowest             string  `json:",omitempty"` // the slowest request: ms and variables
	// Tail is, in a mix cell, each query's part of it: which queries its slowest 1 % are.
	Tail []QueryTail `json:",omitempty"`
}

// QueryTail is one query's requests within a mix cell.
type QueryTail struct {
	Query    string
	Requests int
	P50, P99 float64 // ms, of this query's requests in the mix
	InTail   int     // its requests at or above the cell's p99
}

// percentile is the nearest-rank p-th percentile of sorted, which is not empty.
func percentile(sorted []time.Duration, p float64) time.Duration {
	return sorted[min(max(int(p*float64(len(sorted))+0.5)-1, 0), len(sorted)-1)]
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// mixTail splits a mix cell's latencies by query: each query's p50 and p99 within the
// mix, and how many of its requests took at least p99, the cell's.
func mixTail(lat []time.Duration, queries []string, p99 time.Duration) []QueryTail {
	by := map[string][]time.Duration{}
	inTail := map[string]int{}
	for i, d := range lat {
		by[queries[i]] = append(by[queries[i]], d)
		if d >= p99 {
			inTail[queries[i]]++
		}
	}
	var out []QueryTail
	for _, q := range sortedKeys(by) {
		l := by[q]
		slices.Sort(l)
		out = append(out, QueryTail{Query: q, Requests: len(l), P50: ms(percentile(l, 0.50)), P99: ms(percentile(l, 0.99)), InTail: inTail[q]})
	}
	return out
}

func (c *cell) stats() Stats {
	s := Stats{System: c.System, Query: c.Query, Requests: len(c.Latencies), Errors: c.Errors, FirstError: c.FirstError, RoundTrips: -1}
	if c.Wall > 0 {
		s.Throughput = float64(len(c.Latencies)) / c.Wall.Seconds()
		s.ServerCPUpct = 100 * c.ServerCPU / c.Wall.Seconds()
	}
	if n := len(c.Latencies); n > 0 {
		l := slices.Clone(c.Latencies)
		slices.Sort(l)
		s.P50, s.P90, s.P99 = ms(percentile(l, 0.50)), ms(percentile(l, 0.90)), ms(percentile(l, 0.99))
		if len(c.Queries) == n {
			s.Tail = mixTail(c.Latencies, c.Queries, percentile(l, 0.99))
		}
		var sum time.Duration
		for _, d := range l {
			sum += d
		}
		s.Mean = ms(sum / time.Duration(n))
		s.RepeatPct = 100 * float64(c.Repeats) / float64(n)
		s.Slowest = fmt.Sprintf("%s ms: %s", num(ms(c.Slowest)), c.SlowestVars)
		s.ServerCPUms = 1000 * c.ServerCPU / float64(n)
		s.Neo4jCPUms = 1000 * c.Neo4jCPU / float64(n)
	}
	if c.RTRequests > 0 {
		s.RoundTrips = float64(c.RoundTrips) / float64(c.RTRequests)
	}
	s.PeakRSSMB = float64(c.PeakRSSKB) / 1024
	return s
}
