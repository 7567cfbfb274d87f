package synth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// loadedGraphSHA256 is the digest of dumpGraph after `synthgraph --scale 1 --seed 7
// --wipe`, recorded from the loader before its speed-ups (one transaction at a time):
// a change to the loader, the store's write path or the generator that alters what is
// stored (a node, a label, a relationship, a property or its type) changes it.
const loadedGraphSHA256 = "da0b2690597a18ef091c5b4ce4886feb49ed2f3d568108927383951ae9861b2b"

// TestLoadStoresTheGeneratedGraph loads scale 1 into a real Neo4j as the benchmark does
// and checks that the database holds exactly what the generator emits: every node
// with its type's labels and every emitted property, every relationship with its
// emitted properties, nothing else, and one data-version node; then that the whole
// stored graph, derived properties included, is the one recorded before the loader was
// made faster.
func TestLoadStoresTheGeneratedGraph(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	// The bench loads into a database without a schema: the constraints and indexes the
	// load must leave are those Migrate made on the test database.
	schema := dumpSchema(t, driver)
	dropSchema(t, driver)
	var out bytes.Buffer
	args := []string{"--scale", "1", "--seed", "7", "--wipe", "--batch", "4000"}
	err := Run(ctx, args, &out, func(fn func(*store.Store, neo4j.DriverWithContext) error) error { return fn(s, driver) })
	if err != nil {
		t.Fatalf("synthgraph %v: %v\n%s", args, err, out.String())
	}
	nodes, rels := dumpGraph(t, driver)

	// What the generator emits, keyed as the dump is.
	wantNodes, wantRels := map[string]map[string]any{}, map[string]map[string]any{}
	nodeType := map[string]string{}
	New(1, 7).Emit(func(n *store.NodeInput, r *store.RelationInput) error {
		if n != nil {
			nodeType[n.ID] = n.Type
			wantNodes[n.ID] = n.Props
		} else {
			wantRels[store.RelationID(r.From, r.Type, r.To, r.Key)] = r.Props
		}
		return nil
	})
	if len(nodes) != len(wantNodes) || len(rels) != len(wantRels) {
		t.Fatalf("stored %d nodes and %d relationships, the generator emits %d and %d", len(nodes), len(rels), len(wantNodes), len(wantRels))
	}
	bad := 0
	check := func(what string, stored map[string]any, want map[string]any) {
		for k, v := range want {
			if got := canon(stored[k]); got != canon(v) && bad < 10 {
				bad++
				t.Errorf("%s: %s is %s, emitted %s", what, k, got, canon(v))
			}
		}
		if stored["updatedBy"] != "synthgraph" && bad < 10 {
			bad++
			t.Errorf("%s: updatedBy %v", what, stored["updatedBy"])
		}
	}
	for id, n := range nodes {
		want, ok := wantNodes[id]
		if !ok {
			t.Fatalf("stored node %s was not emitted", id)
		}
		labels := []string{"Source"}
		if nt, ok := store.NodeTypes[nodeType[id]]; ok {
			labels = slices.Clone(nt.Labels)
		}
		slices.Sort(labels)
		if got := canon(n["labels"]); got != canon(labels) {
			t.Errorf("node %s has labels %s, want %s", id, got, canon(labels))
		}
		check("node "+id, n, want)
	}
	for id, r := range rels {
		want, ok := wantRels[id]
		if !ok {
			t.Fatalf("stored relationship %s was not emitted", id)
		}
		check("relationship "+id, r, want)
	}
	if n := storetest.Count(t, driver, "MATCH (v:"+store.VersionLabel+") RETURN count(v) AS n", nil); n != 1 {
		t.Errorf("%d data-version nodes, want 1", n)
	}

	// The load ends with what Migrate leaves: its constraints and indexes, online, and
	// the summaries it builds from the stored figures (built again from none, the same).
	if got := dumpSchema(t, driver); got != schema {
		t.Errorf("the load left the schema\n%s\nMigrate's is\n%s", got, schema)
	}
	checkSummariesAreMigrates(t, s, driver)
	if got := graphDigest(nodes, rels); got != loadedGraphSHA256 {
		t.Errorf("the stored graph's digest is %s, recorded %s: the load stores something else than it did", got, loadedGraphSHA256)
	}
}

// checkSummariesAreMigrates checks that the summaries a load left are those Migrate
// builds from the stored figures (deleted, then built again from none), and that there
// are supply and import summaries.
func checkSummariesAreMigrates(t *testing.T, s *store.Store, driver neo4j.DriverWithContext) {
	t.Helper()
	summaries := dumpSummaries(t, driver)
	storetest.Query(t, driver, "MATCH (n:"+store.SummaryLabel+"|"+store.ImportSummaryLabel+") DETACH DELETE n", nil)
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := dumpSummaries(t, driver); got != summaries {
		t.Errorf("the summaries Migrate builds differ from the load's:\n%s\nthe load's:\n%s", got, summaries)
	} else if !strings.Contains(summaries, store.SummaryLabel) || !strings.Contains(summaries, store.ImportSummaryLabel) {
		t.Errorf("the load left no supply or no import summaries:\n%.2000s", summaries)
	}
}

// graphDigest is the SHA-256 of dumpGraph's nodes and relationships, each with every
// property and its type (canon), in the order of their ids.
func graphDigest(nodes, rels map[string]map[string]any) string {
	h := sha256.New()
	for _, id := range slices.Sorted(maps.Keys(nodes)) {
		fmt.Fprintf(h, "node %s %s\n", id, canon(nodes[id]))
	}
	for _, id := range slices.Sorted(maps.Keys(rels)) {
		fmt.Fprintf(h, "rel %s %s\n", id, canon(rels[id]))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// dumpGraph reads every node (by id: its properties and, as "labels", its sorted
// labels) and every relationship (by id: its properties and, as "type", "from" and
// "to", its type and ends), without the time of the write and the store's own nodes.
func dumpGraph(t *testing.T, driver neo4j.DriverWithContext) (nodes, rels map[string]map[string]any) {
	t.Helper()
	nodes, rels = map[string]map[string]any{}, map[string]map[string]any{}
	for _, row := range storetest.Query(t, driver, "MATCH (n) WHERE NOT n:"+store.InternalLabels+
		" RETURN n.id AS id, properties(n) AS p, labels(n) AS l", nil) {
		p := row["p"].(map[string]any)
		l := row["l"].([]any)
		slices.SortFunc(l, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
		p["labels"] = l
		delete(p, "updatedAt")
		nodes[row["id"].(string)] = p
	}
	for _, row := range storetest.Query(t, driver, "MATCH (a)-[r]->(b) RETURN r.id AS id, properties(r) AS p, type(r) AS t, a.id AS a, b.id AS b", nil) {
		p := row["p"].(map[string]any)
		p["type"], p["from"], p["to"] = row["t"], row["a"], row["b"]
		delete(p, "updatedAt")
		id, _ := row["id"].(string)
		if _, dup := rels[id]; dup {
			t.Fatalf("two relationships with id %q", id)
		}
		rels[id] = p
	}
	return nodes, rels
}

// dumpSchema lists every index and constraint with its definition and state, one a line.
func dumpSchema(t *testing.T, driver neo4j.DriverWithContext) string {
	t.Helper()
	var lines []string
	for _, row := range storetest.Query(t, driver, "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, state", nil) {
		lines = append(lines, canon(row))
	}
	for _, row := range storetest.Query(t, driver, "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties, ownedIndex", nil) {
		lines = append(lines, canon(row))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// dropSchema drops every constraint and index but the token lookup indexes, which a new
// database has.
func dropSchema(t *testing.T, driver neo4j.DriverWithContext) {
	t.Helper()
	for _, row := range storetest.Query(t, driver, "SHOW CONSTRAINTS YIELD name", nil) {
		storetest.Query(t, driver, fmt.Sprintf("DROP CONSTRAINT `%s`", row["name"]), nil)
	}
	for _, row := range storetest.Query(t, driver, "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'", nil) {
		storetest.Query(t, driver, fmt.Sprintf("DROP INDEX `%s`", row["name"]), nil)
	}
	if n := storetest.Count(t, driver, "SHOW INDEXES YIELD type WHERE type <> 'LOOKUP' RETURN count(*) AS n", nil); n != 0 {
		t.Fatalf("%d indexes left after dropping them", n)
	}
}

// dumpSummaries lists the supply and import summaries with their labels, one a line.
func dumpSummaries(t *testing.T, driver neo4j.DriverWithContext) string {
	t.Helper()
	var lines []string
	for _, row := range storetest.Query(t, driver, "MATCH (n:"+store.SummaryLabel+"|"+store.ImportSummaryLabel+") RETURN labels(n) AS l, properties(n) AS p", nil) {
		lines = append(lines, canon(row))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// canon writes a value with its type, the same for the generator's Go values and the
// values Neo4j returns ([]string and []any, int and int64).
func canon(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v) + "i"
	case int64:
		return strconv.FormatInt(v, 10) + "i"
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64) + "f"
	case []string:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = canon(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = canon(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case map[string]any:
		parts := make([]string, 0, len(v))
		for _, k := range slices.Sorted(maps.Keys(v)) {
			parts = append(parts, k+":"+canon(v[k]))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprintf("%T(%v)", v, v)
}
