// Package storetest connects tests to the real test Neo4j named by NEO4J_TEST_URI.
//
// Tests of all packages share that one database (Community edition has one), taking turns
// through a file lock: New wipes it for a test of its own (exclusive lock until the test
// ends); Seeded shares one loaded fixture among read-only tests (shared lock), loading it
// only when the database does not hold it already.
//
// NEO4J_TEST_URI may name several test Neo4j instances, separated by spaces (make test-go
// starts four): New then takes one of the first NEO4J_TEST_WRITERS (two there; one when
// unset), whichever is free, so that tests of two packages write side by side, and each
// fixture of Seeded one of the others for itself, so a fixture is loaded once per run
// instead of again after every test that wrote to its database. SeededSmall keeps a
// small fixture on the first one, where read-only tests that follow one another share a
// load until a writer takes it.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// EnvURI names the environment variable with the Bolt URI of the test Neo4j (no auth),
// or the URIs of several, separated by spaces.
const EnvURI = "NEO4J_TEST_URI"

// Database is the database the tests use (Community edition has one).
const Database = "neo4j"

// URI returns the Bolt URI of the test database the running test took (New, Seeded), or
// the first test Neo4j before it took one. Without one, short tests are skipped and other
// tests fail: integration tests never silently pass.
func URI(t testing.TB) string {
	t.Helper()
	uris := databases(t)
	if uri := heldURI(); uri != "" {
		return uri
	}
	return uris[0]
}

// EnvWriters names the environment variable saying how many of NEO4J_TEST_URI's
// instances, from the first, are for the tests that write (1 when unset).
const EnvWriters = "NEO4J_TEST_WRITERS"

// writers are the test Neo4j instances of the tests that write: the first EnvWriters of
// NEO4J_TEST_URI's, at least one, and one left for the fixtures when there are two or more.
func writers(t testing.TB) []string {
	t.Helper()
	uris := databases(t)
	n := 1
	if v := os.Getenv(EnvWriters); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("%s=%q: want a number of test Neo4j instances, 1 or more", EnvWriters, v)
		}
	}
	return uris[:max(1, min(n, len(uris)-1))]
}

// fixtures are the test Neo4j instances for the shared fixtures of Seeded: those after
// the writers', or the one instance there is.
func fixtures(t testing.TB) []string {
	t.Helper()
	uris := databases(t)
	if len(uris) == 1 {
		return uris
	}
	return uris[len(writers(t)):]
}

// databases are the URIs of the test Neo4j instances NEO4J_TEST_URI names.
func databases(t testing.TB) []string {
	t.Helper()
	uris := strings.Fields(os.Getenv(EnvURI))
	if len(uris) == 0 {
		if testing.Short() {
			t.Skipf("%s is not set; skipping the Neo4j integration test in -short mode", EnvURI)
		}
		t.Fatalf("%s is not set: run `make test`, which starts a test Neo4j, or start one with `uri=$(tools/neo4j/neo4j.sh start --fresh --port 0 --data DIR)` and set %s=$uri (use -short to skip integration tests)", EnvURI, EnvURI)
	}
	return uris
}

// New returns a Store on an empty test database with the schema migrated. It holds the
// database exclusively until the test ends; call it once per test.
func New(t testing.TB) *store.Store {
	t.Helper()
	s, _ := NewWithDriver(t)
	return s
}

// NewWithDriver is New that also returns the driver, for assertions in Cypher.
func NewWithDriver(t testing.TB) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	start := time.Now()
	uri, unlock := takeWriter(t, writers(t))
	t.Cleanup(unlock)
	waited := time.Since(start)
	forgetFixture(lockPath(uri)) // whatever this test does, the shared fixture is gone
	hold(t, uri)
	driver := connect(t, uri)
	s := reset(t, driver, uri)
	logTimes(t, "writers", waited, time.Since(start)-waited)
	return s, driver
}

// logTimes logs how long a test waited for its test database and how long preparing it
// took (emptying, migrating, loading a fixture): tools/testsummary totals these lines.
func logTimes(t testing.TB, what string, waited, prepared time.Duration) {
	t.Helper()
	t.Logf("storetest: %s: waited %.3fs, prepared %.3fs", what, waited.Seconds(), prepared.Seconds())
}

// Seeded returns a Store on the test database holding the fixture called name, as load
// writes it into an empty, migrated database. Tests asking for the same name share it:
// it is loaded once, not once per test, and each holds a shared lock until it ends. A
// test using Seeded must only read; it fails if the number of nodes or relationships
// changed by its end.
func Seeded(t testing.TB, name string, load func(context.Context, *store.Store) error) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	return seeded(t, home(t, writers(t), fixtures(t), name), name, load)
}

// SeededSmall is Seeded on the first test Neo4j of the tests that write (the one New
// takes last), for a fixture small enough to load again after a writer took the
// database: read-only tests that follow one another share one load, and the instances
// of the large fixtures keep them.
func SeededSmall(t testing.TB, name string, load func(context.Context, *store.Store) error) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	return seeded(t, writers(t)[0], name, load)
}

func seeded(t testing.TB, uri, name string, load func(context.Context, *store.Store) error) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	path := lockPath(uri)
	hold(t, uri)
	driver := connect(t, uri)
	s := open(t, driver, uri)
	var waited, prepared time.Duration
	// A writer may take the database between our load and our shared lock: then load again.
	for range 20 {
		start := time.Now()
		unlock := lock(t, path, false)
		waited += time.Since(start)
		if want, ok := holds(t, driver, path, name); ok {
			logTimes(t, "fixture", waited, prepared)
			t.Cleanup(func() {
				defer unlock()
				if nodes, rels := Totals(t, driver); fmt.Sprint(nodes, rels) != want {
					forgetFixture(path)
					t.Errorf("a test on the shared fixture %q wrote to it: %d nodes and %d relationships, had %s; use storetest.New for a test that writes", name, nodes, rels, want)
				}
			})
			return s, driver
		}
		unlock()
		func() {
			start := time.Now()
			defer lock(t, path, true)()
			waited += time.Since(start)
			if _, ok := holds(t, driver, path, name); ok {
				return
			}
			defer func(start time.Time) { prepared += time.Since(start) }(time.Now())
			forgetFixture(path)
			reset(t, driver, uri)
			// A bound against a hang, not a performance bound: at load 42 (make test on a
			// shared 2-core machine) loading the full graph took longer than 5 minutes.
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
			defer cancel()
			if err := load(ctx, s); err != nil {
				t.Fatalf("load the test fixture %q: %v", name, err)
			}
			nodes, rels := Totals(t, driver)
			record := fmt.Sprintf("%s\n%s\n%d %d\n", databaseID(t, driver), name, nodes, rels)
			if err := os.WriteFile(fixturePath(path), []byte(record), 0o666); err != nil {
				t.Fatalf("record the test fixture: %v", err)
			}
		}()
	}
	t.Fatalf("the shared test fixture %q was taken away 20 times in a row", name)
	return nil, nil
}

// lockPath is the lock file of the test database at uri.
func lockPath(uri string) string {
	sum := sha256.Sum256([]byte(uri))
	return filepath.Join(os.TempDir(), "mineralgraph-neo4j-test-"+hex.EncodeToString(sum[:8])+".lock")
}

// fixturePath records which fixture the database holds: its database id (a fresh Neo4j
// on a reused port is another database), the fixture's name, and its node and
// relationship counts. Only a holder of the exclusive lock writes or removes it.
func fixturePath(lockPath string) string { return lockPath + ".fixture" }

func forgetFixture(lockPath string) { _ = os.Remove(fixturePath(lockPath)) }

// holds reports whether the database holds the fixture name, and its recorded counts.
func holds(t testing.TB, driver neo4j.DriverWithContext, lockPath, name string) (counts string, ok bool) {
	t.Helper()
	b, err := os.ReadFile(fixturePath(lockPath))
	if err != nil {
		return "", false
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || lines[1] != name || lines[0] != databaseID(t, driver) {
		return "", false
	}
	// Written to from outside the tests (a seed run against the test database)?
	if nodes, rels := Totals(t, driver); fmt.Sprint(nodes, rels) != lines[2] {
		return "", false
	}
	return lines[2], true
}

func databaseID(t testing.TB, driver neo4j.DriverWithContext) string {
	t.Helper()
	rows := Query(t, driver, "CALL db.info() YIELD id, creationDate RETURN id + ' ' + toString(creationDate) AS id", nil)
	id, _ := rows[0]["id"].(string)
	return id
}

func connect(t testing.TB, uri string) neo4j.DriverWithContext {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	driver, err := store.Connect(ctx, uri, "", "", 30*time.Second)
	if err != nil {
		t.Fatalf("connect to the test Neo4j (%s=%s): %v", EnvURI, uri, err)
	}
	t.Cleanup(func() { _ = driver.Close(context.Background()) })
	return driver
}

// open is the store the server would have on driver: its reads over its own Bolt
// client (store.ReadOverBolt), so that every test goes the server's way.
func open(t testing.TB, driver neo4j.DriverWithContext, uri string) *store.Store {
	s := store.New(driver, Database)
	s.ReadOverBolt(uri, "", "")
	t.Cleanup(s.Close)
	return s
}

// reset empties the database and migrates its schema.
func reset(t testing.TB, driver neo4j.DriverWithContext, uri string) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := neo4j.ExecuteQuery(ctx, driver, "MATCH (n) DETACH DELETE n", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(Database)); err != nil {
		t.Fatalf("wipe the test database: %v", err)
	}
	s := open(t, driver, uri)
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate the test database: %v", err)
	}
	return s
}

// Count runs a Cypher query that returns one integer column `n`.
func Count(t testing.TB, driver neo4j.DriverWithContext, query string, params map[string]any) int {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), driver, query, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(Database))
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if len(res.Records) != 1 {
		t.Fatalf("%s: %d records, want 1", query, len(res.Records))
	}
	n, _, err := neo4j.GetRecordValue[int64](res.Records[0], "n")
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return int(n)
}

// Query runs a Cypher query and returns its records as maps.
func Query(t testing.TB, driver neo4j.DriverWithContext, query string, params map[string]any) []map[string]any {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), driver, query, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(Database))
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

// Totals returns the number of nodes and of relationships in the database, but for
// the store's own nodes (the data version, the supply summaries).
func Totals(t testing.TB, driver neo4j.DriverWithContext) (nodes, relations int) {
	t.Helper()
	return Count(t, driver, "MATCH (n) WHERE NOT n:"+store.InternalLabels+" RETURN count(n) AS n", nil),
		Count(t, driver, "MATCH ()-[r]->() RETURN count(r) AS n", nil)
}

// Dead is a store whose driver points at a port where nothing listens: Neo4j away.
func Dead(t testing.TB) *store.Store {
	t.Helper()
	driver, err := neo4j.NewDriverWithContext("bolt://127.0.0.1:1", neo4j.NoAuth(), func(c *neo4j.Config) {
		c.SocketConnectTimeout = 500 * time.Millisecond
		c.ConnectionAcquisitionTimeout = time.Second
		c.MaxTransactionRetryTime = 0
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = driver.Close(context.Background()) })
	s := store.New(driver, "neo4j")
	s.ReadOverBolt("bolt://127.0.0.1:1", "", "")
	t.Cleanup(s.Close)
	return s
}

// Tiny writes a tiny graph through the one write path: a financier, a project, a source.
func Tiny(t testing.TB, st *store.Store) {
	t.Helper()
	prov := func(quote string) map[string]any {
		return map[string]any{"sources": []string{"src"}, "quotes": []string{quote}}
	}
	with := func(m map[string]any, quote string) map[string]any {
		for k, v := range prov(quote) {
			m[k] = v
		}
		return m
	}
	batch := store.Batch{
		Nodes: []store.NodeInput{
			{Type: "Source", ID: "src", Props: with(map[string]any{"id": "src", "title": "A test source", "evidence": "VERBATIM"}, "A test source")},
			{Type: "Organization", ID: "jogmec", Props: with(map[string]any{"id": "jogmec", "name": "JOGMEC", "aliases": []string{"Japan Organization for Metals and Energy Security"}, "kind": "FINANCIER"}, "JOGMEC finances")},
			{Type: "Project", ID: "p1", Props: with(map[string]any{"id": "p1", "name": "Graphite refinery", "aliases": []string{}, "stage": "REFINING"}, "a refinery")},
		},
		Relations: []store.RelationInput{
			{Type: "FINANCES", From: "jogmec", FromType: "Organization", To: "p1", ToType: "Project",
				Props: with(map[string]any{"instrument": "LOAN", "amount": 10.0, "currency": "USD million"}, "JOGMEC lends")},
		},
	}
	if _, err := st.Apply(context.Background(), batch, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
}

// Profile runs PROFILE of a statement and returns every operator of its plan, the root
// first, children after their parent.
func Profile(t testing.TB, driver neo4j.DriverWithContext, st store.Statement) []neo4j.ProfiledPlan {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), driver, "PROFILE "+st.Query, st.Params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(Database))
	if err != nil {
		t.Fatalf("PROFILE %s: %v", st.Query, err)
	}
	ops := []neo4j.ProfiledPlan{res.Summary.Profile()}
	for i := 0; i < len(ops); i++ {
		ops = append(ops, ops[i].Children()...)
	}
	return ops
}
