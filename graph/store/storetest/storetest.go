// Package storetest connects tests to the real test Neo4j named by NEO4J_TEST_URI.
package storetest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// EnvURI names the environment variable with the Bolt URI of the test Neo4j (no auth).
const EnvURI = "NEO4J_TEST_URI"

// Database is the database the tests use (Community edition has one).
const Database = "neo4j"

// URI returns the test Neo4j URI. Without one, short tests are skipped and other tests
// fail: integration tests never silently pass.
func URI(t testing.TB) string {
	t.Helper()
	uri := os.Getenv(EnvURI)
	if uri == "" {
		if testing.Short() {
			t.Skipf("%s is not set; skipping the Neo4j integration test in -short mode", EnvURI)
		}
		t.Fatalf("%s is not set: run `make test`, which starts a test Neo4j, or set it to a Neo4j without auth, e.g. bolt://127.0.0.1:7688 (use -short to skip integration tests)", EnvURI)
	}
	return uri
}

// New returns a Store on an empty test database with the schema migrated. Tests of
// different packages share the database, so New holds a lock until the test ends;
// call it once per test.
func New(t testing.TB) *store.Store {
	t.Helper()
	s, _ := NewWithDriver(t)
	return s
}

// NewWithDriver is New that also returns the driver, for assertions in Cypher.
func NewWithDriver(t testing.TB) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	uri := URI(t)
	unlock := lock(t, uri)
	t.Cleanup(unlock)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	driver, err := store.Connect(ctx, uri, "", "", 30*time.Second)
	if err != nil {
		t.Fatalf("connect to the test Neo4j (%s=%s): %v", EnvURI, uri, err)
	}
	t.Cleanup(func() { _ = driver.Close(context.Background()) })
	if _, err := neo4j.ExecuteQuery(ctx, driver, "MATCH (n) DETACH DELETE n", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(Database)); err != nil {
		t.Fatalf("wipe the test database: %v", err)
	}
	s := store.New(driver, Database)
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate the test database: %v", err)
	}
	return s, driver
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

// Totals returns the number of nodes and of relationships in the database.
func Totals(t testing.TB, driver neo4j.DriverWithContext) (nodes, relations int) {
	t.Helper()
	return Count(t, driver, "MATCH (n) RETURN count(n) AS n", nil),
		Count(t, driver, "MATCH ()-[r]->() RETURN count(r) AS n", nil)
}
