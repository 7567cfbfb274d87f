package main

import (
	"context"
	"net"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
	"github.com/mineralgraph/mineralgraph/seed"
)

// patient gives a test server a minute per request, not the default 10 s, for the tests
// that check answers, not the deadline (httpapi's TestRequestDeadline does): at load 20
// analytics over the full graph took longer than 10 s.
var patient = testenv.Patient()

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func waitFor(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer 200 within 30s", url)
}

func testConfig(t testing.TB) Config {
	t.Helper()
	cfg, err := loadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// seedSubgraph writes into st, an empty test database, the seed data set's sources, the
// entities ids names and the seed's relationships among those entities: for a test of
// a write that reads only these, the part of the seed it can meet.
func seedSubgraph(t testing.TB, st *store.Store, ids ...string) {
	t.Helper()
	ds, problems := seed.LoadEmbedded()
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	all := ds.Batch()
	var batch store.Batch
	found := 0
	for _, n := range all.Nodes {
		if slices.Contains(ids, n.ID) {
			found++
		}
		if n.Type == "Source" || slices.Contains(ids, n.ID) {
			batch.Nodes = append(batch.Nodes, n)
		}
	}
	for _, r := range all.Relations {
		if slices.Contains(ids, r.From) && slices.Contains(ids, r.To) {
			batch.Relations = append(batch.Relations, r)
		}
	}
	if found != len(ids) {
		t.Fatalf("the seed holds %d of the entities %v", found, ids)
	}
	if _, err := st.Apply(context.Background(), batch, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
}
