package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// localNeo4j drives a Neo4j instance of this test's own through tools/neo4j.
type localNeo4j struct {
	t    *testing.T
	args []string
}

func (n localNeo4j) run(cmd string) string {
	n.t.Helper()
	c := exec.Command("tools/neo4j/neo4j.sh", append([]string{cmd}, n.args...)...)
	var stderr strings.Builder
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		n.t.Fatalf("neo4j.sh %s: %v\n%s", cmd, err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// When Neo4j goes away the API answers SERVICE_UNAVAILABLE quickly and /readyz 503;
// when it comes back the same server answers again, with no restart.
func TestOutageAndRecovery(t *testing.T) {
	storetest.URI(t) // an integration test: skipped with -short, like the others
	n := localNeo4j{t: t, args: []string{"--port", "7693", "--data", t.TempDir() + "/neo4j"}}
	uri := n.run("start")
	t.Cleanup(func() { n.run("stop") })

	ctx := context.Background()
	driver, err := store.Connect(ctx, uri, "", "", 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	st := store.New(driver, "neo4j")
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	fixture(t, st)
	h := newHandler(testConfig(t), st, quietLogger)
	ready := func() int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		return rec.Code
	}
	query := func() (gqlResponse, time.Duration) {
		start := time.Now()
		_, resp := postQuery(t, h, `{ project(id: "p1") { name financiers { name } } }`, nil)
		return resp, time.Since(start)
	}
	if resp, _ := query(); len(resp.Errors) > 0 || ready() != http.StatusOK {
		t.Fatalf("before the outage: %+v", resp.Errors)
	}

	stopped := time.Now()
	n.run("stop")
	t.Logf("Neo4j stopped in %s", time.Since(stopped))
	resp, took := query()
	if errorCode(resp) != store.ServiceUnavailable || took > 5*time.Second {
		t.Fatalf("first query in the outage: %+v after %s, want SERVICE_UNAVAILABLE within 5s", resp.Errors, took)
	}
	if resp, took := query(); errorCode(resp) != store.ServiceUnavailable || took > 200*time.Millisecond {
		t.Errorf("later queries in the outage: %+v after %s, want SERVICE_UNAVAILABLE at once", resp.Errors, took)
	}
	if code := ready(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d, want 503", code)
	}

	restarted := time.Now()
	n.run("start")
	t.Logf("Neo4j restarted in %s", time.Since(restarted))
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, _ := query()
		if len(resp.Errors) == 0 {
			t.Logf("answering again %s after the restart began", time.Since(restarted))
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
