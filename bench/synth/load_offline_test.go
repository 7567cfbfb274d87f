package synth

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// TestOfflineImportStoresWhatTheOnlineLoadStores writes scale 1 as the offline
// importer's files (--csv), imports them into a Neo4j of its own (tools/neo4j/neo4j.sh
// import, then start), ends the load (--finish-import) and checks that the database
// holds what the online load stores: the same digest of every node's labels and
// properties and every relationship's type, ends and properties (the one
// TestLoadStoresTheGeneratedGraph checks the online load against), the constraints and
// indexes Migrate made on the test database, online, the summaries Migrate builds, and
// one data-version node. A batch of values the generator does not make (text with
// commas, quotes, line breaks, outer spaces and other scripts; lists with empty
// elements, or empty; extreme floats) goes both ways too: CreateNew into the test
// database, the import beside the generated graph; the two must store the same.
func TestOfflineImportStoresWhatTheOnlineLoadStores(t *testing.T) {
	testStore, testDriver := storetest.NewWithDriver(t) // the test database: Migrate's schema
	schema := dumpSchema(t, testDriver)
	ctx := context.Background()
	if _, err := testStore.CreateNew(ctx, awkwardBatch(), store.ApplyOptions{Writer: "synthgraph"}); err != nil {
		t.Fatal(err)
	}
	wantAwkward, wantAwkwardRels := dumpGraph(t, testDriver)
	script, err := filepath.Abs("../../tools/neo4j/neo4j.sh")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	csvDir, data := filepath.Join(tmp, "csv"), filepath.Join(tmp, "neo4j")

	var out bytes.Buffer
	noNeo4j := func(func(*store.Store, neo4j.DriverWithContext) error) error {
		t.Fatal("--csv opened a connection")
		return nil
	}
	if err := Run(ctx, []string{"--scale", "1", "--seed", "7", "--csv", csvDir}, &out, noNeo4j); err != nil {
		t.Fatalf("synthgraph --csv: %v\n%s", err, out.String())
	}
	awkwardDir := filepath.Join(tmp, "awkward")
	w, err := store.NewImportWriter(awkwardDir, "synthgraph", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(awkwardBatch()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	args, err := os.ReadFile(filepath.Join(csvDir, "import.args"))
	if err != nil {
		t.Fatal(err)
	}
	awkwardArgs, err := os.ReadFile(filepath.Join(awkwardDir, "import.args"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range strings.Fields(string(awkwardArgs)) { // its files beside the graph's
		if strings.HasPrefix(a, "--nodes=") || strings.HasPrefix(a, "--relationships=") || a == "--multiline-fields=true" {
			args = append(args, []byte("\n"+a)...)
		}
	}
	sh := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(script, args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("neo4j.sh %s: %v\n%s", args[0], err, stderr.String())
		}
		return strings.TrimSpace(stdout.String())
	}
	sh(append([]string{"import", "--data", data}, strings.Fields(string(args))...)...)
	uri := sh("start", "--data", data, "--port", "0", "--short-lived")
	t.Cleanup(func() { sh("stop", "--data", data) })

	driver, err := store.Connect(ctx, uri, "neo4j", "", 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	s := store.New(driver, "neo4j")
	out.Reset()
	err = Run(ctx, []string{"--finish-import", csvDir}, &out, func(fn func(*store.Store, neo4j.DriverWithContext) error) error { return fn(s, driver) })
	if err != nil {
		t.Fatalf("synthgraph --finish-import: %v\n%s", err, out.String())
	}
	if _, err := s.FinishImport(ctx, awkwardDir, nil); err != nil { // its fixups
		t.Fatal(err)
	}

	nodes, rels := dumpGraph(t, driver)
	for what, pair := range map[string][2]map[string]map[string]any{"node": {wantAwkward, nodes}, "relationship": {wantAwkwardRels, rels}} {
		want, got := pair[0], pair[1]
		if len(want) == 0 {
			t.Fatalf("CreateNew stored no awkward %s", what)
		}
		for id, w := range want {
			if canon(got[id]) != canon(w) {
				t.Errorf("awkward %s %s: imported\n%s\nCreateNew stores\n%s", what, id, canon(got[id]), canon(w))
			}
			delete(got, id)
		}
	}
	if got := graphDigest(nodes, rels); got != loadedGraphSHA256 {
		t.Errorf("the imported graph's digest is %s, the online load's %s (%d nodes, %d relationships)", got, loadedGraphSHA256, len(nodes), len(rels))
	}
	if got := dumpSchema(t, driver); got != schema {
		t.Errorf("the import left the schema\n%s\nMigrate's is\n%s", got, schema)
	}
	if n := storetest.Count(t, driver, "MATCH (v:"+store.VersionLabel+") RETURN count(v) AS n", nil); n != 1 {
		t.Errorf("%d data-version nodes, want 1", n)
	}
	checkSummariesAreMigrates(t, s, driver)
}

// awkwardBatch holds values the generator does not make, of every kind a property can
// have (text, integers, floats, booleans, lists), for the importer's CSV dialect.
func awkwardBatch() store.Batch {
	text := "comma, \"quoted\" and 'single', line\nbreak, CR LF\r\nend, tab\t, é ✓ 中文 😀, trailing space "
	prov := func(extra map[string]any) map[string]any {
		p := map[string]any{"sources": []string{"awkward-source"}, "quotes": []string{text}}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	return store.Batch{
		Nodes: []store.NodeInput{
			{Type: "Source", ID: "awkward-source", Props: prov(map[string]any{"title": text, "evidence": store.Verbatim, "published": "2024-02"})},
			{Type: "Measurement", ID: "awkward-measurement", Props: prov(map[string]any{
				"name": " " + text, "aliases": []string{"a, b", "", " outer spaces ", "\"", "x\ny"},
				"metric": "TARIFF_RATE", "unit": "", "value": 0.1, "valueMax": 1e300, "canonicalValue": -0.0,
				"canonicalValueMax": 5e-324, "year": 2024, "yearFrom": -9007199254740993, "estimated": false,
				"locators": []string{""},
			})},
			{Type: "Country", ID: "awkward-country", Props: prov(map[string]any{"name": "Côte d’Ivoire", "aliases": []string{}, "territory": true})},
			{Type: "Country", ID: "awkward-country-2", Props: prov(map[string]any{"name": "\"", "aliases": []string{""}})},
		},
		Relations: []store.RelationInput{
			{Type: "ABOUT", From: "awkward-measurement", FromType: "Measurement", To: "awkward-country", ToType: "Country",
				Props: prov(map[string]any{"locators": []string{"file.csv:1"}})},
			{Type: "DEPENDS_ON", From: "awkward-country", FromType: "Country", To: "awkward-country-2", ToType: "Country",
				Props: prov(nil)},
		},
	}
}
