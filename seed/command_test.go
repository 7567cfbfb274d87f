package seed

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// noStore is an Opener for runs that must not reach Neo4j.
func noStore(t *testing.T) Opener {
	return func(func(*store.Store) error) error {
		t.Error("the command tried to connect to Neo4j")
		return nil
	}
}

// with is an Opener on a store of the test.
func with(s *store.Store) Opener {
	return func(fn func(*store.Store) error) error { return fn(s) }
}

func run(t *testing.T, open Opener, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := Run(context.Background(), args, &out, open)
	return out.String(), err
}

func TestCommandDryRun(t *testing.T) {
	out, err := run(t, noStore(t), "--dry-run", "--data", "testdata/valid")
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	for _, want := range []string{
		"seed: data set valid: 4 nodes, 2 relations\n",
		"  Country                  1\n",
		"  Source                   1\n",
		"  MEMBER_OF                1\n",
		"seed: dry run, nothing written\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCommandReportsProblems(t *testing.T) {
	out, err := run(t, noStore(t), "--dry-run", "--data", "testdata/broken-ref")
	if err == nil {
		t.Fatal("a broken data set passed")
	}
	want := "testdata/broken-ref/graph.yaml:41: to: unknown id \"nowhere\"\nseed: 1 problem, nothing written\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

func TestCommandFlags(t *testing.T) {
	if _, err := run(t, noStore(t), "--dry-run", "extra"); err == nil {
		t.Error("an extra argument was accepted")
	}
	if _, err := run(t, noStore(t), "--bogus"); err == nil {
		t.Error("an unknown flag was accepted")
	}
	if out, err := run(t, noStore(t), "-h"); err != nil || !strings.Contains(out, "--replace") {
		t.Errorf("-h: %v\n%s", err, out)
	}
}

// TestSeedEmbeddedDataSet writes the real data set twice: the second run changes
// nothing, and everything written carries parallel, non-empty provenance.
func TestSeedEmbeddedDataSet(t *testing.T) {
	ds, problems := LoadEmbedded()
	if len(problems) > 0 {
		t.Skipf("the embedded data set does not validate right now (%d problems, first: %s); "+
			"TestEmbeddedDataSetValid lists them; this test runs again once they are fixed", len(problems), problems[0])
	}
	s, driver := storetest.NewWithDriver(t)
	out, err := run(t, with(s))
	if err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	b := ds.Batch() // the seed command loads the compiled-in USGS releases with it
	load, problems := LoadUSGS(EmbeddedUSGSReleases())
	if len(problems) > 0 {
		t.Fatal(problems[0])
	}
	b.Nodes = append(b.Nodes, load.Batch.Nodes...)
	b.Relations = append(b.Relations, load.Batch.Relations...)
	if !strings.Contains(out, "seed: nodes ") {
		t.Errorf("first seed printed no summary:\n%s", out)
	}
	// The full graph loads in tens of seconds: one more load, not two, shows it is stable.
	out, err = run(t, with(s))
	if err != nil || !strings.Contains(out, "seed: no change (") {
		t.Errorf("second seed: %v\n%s", err, out)
	}
	if nodes, rels := storetest.Totals(t, driver); nodes != len(b.Nodes) || rels != len(b.Relations) {
		t.Errorf("database holds %d nodes, %d relationships; the data set %d, %d", nodes, rels, len(b.Nodes), len(b.Relations))
	}

	const badNodes = `MATCH (n:Source|Entity)
WHERE n.sources IS NULL OR n.quotes IS NULL OR size(n.sources) = 0 OR size(n.sources) <> size(n.quotes)
RETURN count(n) AS n`
	const badRels = `MATCH ()-[r]->()
WHERE r.sources IS NULL OR r.quotes IS NULL OR size(r.sources) = 0 OR size(r.sources) <> size(r.quotes)
RETURN count(r) AS n`
	const danglingSources = `MATCH (n) UNWIND n.sources AS s WITH s WHERE NOT EXISTS { MATCH (:Source {id: s}) } RETURN count(*) AS n`
	for _, q := range []string{badNodes, badRels, danglingSources} {
		if n := storetest.Count(t, driver, q, nil); n != 0 {
			t.Errorf("%d violators of\n%s", n, q)
		}
	}
	if n := storetest.Count(t, driver, "MATCH (n) WHERE NOT n:Source AND NOT n:Entity AND NOT n:"+store.InternalLabels+" RETURN count(n) AS n", nil); n != 0 {
		t.Errorf("%d nodes are neither Source nor Entity", n)
	}
}

// TestCommandRejectsBrokenDataSetUnchanged: a data set with one broken reference is
// rejected with its file:line, and the database is as it was.
func TestCommandRejectsBrokenDataSetUnchanged(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	if out, err := run(t, with(s), "--data", "testdata/valid"); err != nil {
		t.Fatalf("seed valid: %v\n%s", err, out)
	}
	nodes, rels := storetest.Totals(t, driver)
	if nodes != 4 || rels != 2 {
		t.Fatalf("after seeding testdata/valid: %d nodes, %d relationships; want 4, 2", nodes, rels)
	}
	out, err := run(t, with(s), "--replace", "--data", "testdata/broken-ref")
	if err == nil {
		t.Fatal("a broken data set was accepted")
	}
	if !strings.Contains(out, "testdata/broken-ref/graph.yaml:41: to: unknown id \"nowhere\"\n") {
		t.Errorf("output does not name the broken reference:\n%s", out)
	}
	if n2, r2 := storetest.Totals(t, driver); n2 != nodes || r2 != rels {
		t.Errorf("after the rejected seed: %d nodes, %d relationships; want %d, %d", n2, r2, nodes, rels)
	}
}

// TestCommandReplace: --replace removes what the data set no longer has.
func TestCommandReplace(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	if out, err := run(t, with(s), "--data", "testdata/valid"); err != nil {
		t.Fatalf("seed valid: %v\n%s", err, out)
	}
	// The same data set without the measurement and its ABOUT relation.
	dir := t.TempDir()
	graph, err := os.ReadFile("testdata/valid/graph.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(graph)
	text = text[:strings.Index(text, "  - type: Measurement")] + text[strings.Index(text, "relations:"):strings.Index(text, "  - type: ABOUT")]
	sources, err := os.ReadFile("testdata/valid/sources.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "graph.yaml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sources.yaml"), sources, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, with(s), "--replace", "--data", dir)
	if err != nil {
		t.Fatalf("seed --replace: %v\n%s", err, out)
	}
	if !strings.Contains(out, "seed: nodes 0 created, 0 updated, 3 unchanged, 1 deleted; relations 0 created, 0 updated, 1 unchanged, 1 deleted\n") {
		t.Errorf("output:\n%s", out)
	}
	if n := storetest.Count(t, driver, "MATCH (n:Measurement) RETURN count(n) AS n", nil); n != 0 {
		t.Errorf("%d measurements left", n)
	}
}
