// Command soak puts a running mineralgraph server under a mix of reads and
// authenticated writes from many clients for a while, restarts Neo4j in the middle,
// then checks that every acknowledged write is in the database and that no write is
// half there. Loopback only. See `make soak`.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

var reads = []string{
	`{ projects(where: { supportingPartnerships: { some: { id: { eq: "msp" } } } }) { id name financiers { name } } }`,
	`{ partnership(id: "msp") { memberCountriesConnection(first: 5) { totalCount edges { properties { role validFrom } node { id } } } } }`,
	`{ search(text: "graphite", first: 5) { entity { id } } }`,
	`{ node(id: "lynas") { id ... on Organization { financedBy { id } } } }`,
	`{ measurements(where: { aboutCountries: { some: { id: { eq: "CN" } } } }, limit: 10) { metric value unit } }`,
}

type result struct {
	write   bool
	code    string // "" for success
	latency time.Duration
	id      string // for acknowledged writes
}

func main() {
	url := flag.String("url", "http://127.0.0.1:8095/graphql", "GraphQL endpoint (loopback)")
	key := flag.String("key", os.Getenv("SOAK_KEY"), "API key for writes")
	bolt := flag.String("bolt", "bolt://127.0.0.1:7694", "Neo4j for the consistency check")
	clients := flag.Int("clients", 16, "concurrent clients")
	duration := flag.Duration("duration", 3*time.Minute, "how long to run")
	restart := flag.String("restart", "", "command that restarts Neo4j, run once half-way")
	out := flag.String("out", "", "also write the report (markdown) to this file")
	flag.Parse()
	if !strings.HasPrefix(*url, "http://127.0.0.1:") && !strings.HasPrefix(*url, "http://localhost:") {
		fail("soak targets loopback only, not %s", *url)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	results := make(chan result, 1024)
	var wg sync.WaitGroup
	for c := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client(ctx, c, *url, *key, results)
		}()
	}
	restarted := make(chan string, 1)
	if *restart != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-ctx.Done():
				restarted <- "Neo4j was not restarted (the run ended first)."
				return
			case <-time.After(*duration / 2):
			}
			start := time.Now()
			cmd := exec.Command("sh", "-c", *restart)
			cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
			err := cmd.Run()
			msg := fmt.Sprintf("Neo4j was stopped and started again half-way; that took %s.", time.Since(start).Round(time.Second))
			if err != nil {
				msg = fmt.Sprintf("Restarting Neo4j half-way failed: %v.", err)
			}
			fmt.Fprintln(os.Stderr, "soak:", msg)
			restarted <- msg
		}()
	} else {
		restarted <- "No Neo4j restart."
	}
	go func() { wg.Wait(); close(results) }()

	var all []result
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	started := time.Now()
	for done := false; !done; {
		select {
		case r, ok := <-results:
			if !ok {
				done = true
				break
			}
			all = append(all, r)
		case <-tick.C:
			fmt.Fprintf(os.Stderr, "soak: %s, %d requests\n", time.Since(started).Round(time.Second), len(all))
		}
	}
	report, missing, half := summarise(all, <-restarted, *bolt)
	fmt.Print(report)
	if *out != "" {
		_ = os.WriteFile(*out, []byte(report), 0o644)
	}
	if missing > 0 || half > 0 || count(all, func(r result) bool { return strings.HasPrefix(r.code, "HTTP 5") }) > 0 {
		os.Exit(1)
	}
}

// client alternates reads and writes; each write creates a node and a relationship to
// it in one request, with an id unique to the client and the request.
func client(ctx context.Context, c int, url, key string, results chan<- result) {
	for i := 0; ctx.Err() == nil; i++ {
		if i%4 == 3 && key != "" {
			id := fmt.Sprintf("soak-%d-%d", c, i)
			vars := map[string]any{"input": map[string]any{
				"nodes": []any{map[string]any{"type": "Project", "id": id, "properties": map[string]any{"name": id, "stage": "MINING"},
					"provenance": []any{map[string]any{"source": "ispi-2025-06-26", "quote": "Mineral (In)Security"}}}},
				"relations": []any{map[string]any{"type": "LOCATED_IN", "from": id, "to": "AU",
					"provenance": []any{map[string]any{"source": "ispi-2025-06-26", "quote": "Mineral (In)Security"}}}},
			}}
			r := call(ctx, url, key, `mutation($input: UpsertInput!) { upsert(input: $input) { nodesCreated } }`, vars)
			r.write = true
			if r.code == "" {
				r.id = id
			}
			results <- r
			pause(r)
			continue
		}
		r := call(ctx, url, "", reads[(c+i)%len(reads)], nil)
		results <- r
		pause(r)
	}
}

// pause makes a client that got an error wait a little before trying again, as real
// clients do, so an outage does not turn into a busy loop.
func pause(r result) {
	if r.code != "" {
		time.Sleep(100 * time.Millisecond)
	}
}

func call(ctx context.Context, url, key, query string, vars map[string]any) result {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	r := result{latency: time.Since(start)}
	if err != nil {
		r.code = "NETWORK"
		return r
	}
	defer resp.Body.Close()
	var out struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	switch {
	case resp.StatusCode >= 500:
		r.code = fmt.Sprintf("HTTP %d", resp.StatusCode)
	case len(out.Errors) > 0:
		r.code = fmt.Sprint(out.Errors[0].Extensions["code"])
	case resp.StatusCode != http.StatusOK:
		r.code = fmt.Sprintf("HTTP %d", resp.StatusCode)
	}
	r.latency = time.Since(start)
	return r
}

// summarise reports counts and latencies, then checks the database: every
// acknowledged write present, and every soak project with its relationship.
func summarise(all []result, restartLog, bolt string) (string, int, int) {
	var b strings.Builder
	codes := map[string]int{}
	var readLat, writeLat []time.Duration
	var acked []string
	for _, r := range all {
		key := "ok"
		if r.code != "" {
			key = r.code
		}
		if r.write {
			key = "write " + key
			writeLat = append(writeLat, r.latency)
		} else {
			key = "read " + key
			readLat = append(readLat, r.latency)
		}
		codes[key]++
		if r.id != "" {
			acked = append(acked, r.id)
		}
	}
	fmt.Fprintf(&b, "## Soak\n\n%d requests (%d reads, %d writes). %s\n\n| outcome | requests |\n|---|---|\n", len(all), len(readLat), len(writeLat), restartLog)
	keys := make([]string, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "| %s | %d |\n", k, codes[k])
	}
	fmt.Fprintf(&b, "\n| latency | p50 | p99 |\n|---|---|---|\n| reads | %s | %s |\n| writes | %s | %s |\n",
		pct(readLat, 50), pct(readLat, 99), pct(writeLat, 50), pct(writeLat, 99))

	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(bolt, neo4j.NoAuth())
	if err != nil {
		fail("%v", err)
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, `UNWIND $ids AS id OPTIONAL MATCH (p:Project {id: id}) WITH id WHERE p IS NULL RETURN count(id) AS missing`,
		map[string]any{"ids": acked}, neo4j.EagerResultTransformer)
	if err != nil {
		fail("consistency check: %v", err)
	}
	missing, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "missing")
	res, err = neo4j.ExecuteQuery(ctx, driver, `MATCH (p:Project) WHERE p.id STARTS WITH 'soak-' AND NOT (p)-[:LOCATED_IN]->(:Country {id: 'AU'}) RETURN count(p) AS half`,
		nil, neo4j.EagerResultTransformer)
	if err != nil {
		fail("consistency check: %v", err)
	}
	half, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "half")
	fmt.Fprintf(&b, "\nConsistency: %d acknowledged writes, %d missing from the database; %d half-written (a project without its relationship). 5xx responses: %d.\n",
		len(acked), missing, half, count(all, func(r result) bool { return strings.HasPrefix(r.code, "HTTP 5") }))
	return b.String(), int(missing), int(half)
}

func pct(d []time.Duration, p int) string {
	if len(d) == 0 {
		return "-"
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)].Round(100 * time.Microsecond).String()
}

func count(all []result, f func(result) bool) int {
	n := 0
	for _, r := range all {
		if f(r) {
			n++
		}
	}
	return n
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "soak: "+format+"\n", args...)
	os.Exit(1)
}
