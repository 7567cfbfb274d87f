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
// one data-version node.
func TestOfflineImportStoresWhatTheOnlineLoadStores(t *testing.T) {
	_, testDriver := storetest.NewWithDriver(t) // the test database: Migrate's schema
	schema := dumpSchema(t, testDriver)
	ctx := context.Background()
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
	args, err := os.ReadFile(filepath.Join(csvDir, "import.args"))
	if err != nil {
		t.Fatal(err)
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

	nodes, rels := dumpGraph(t, driver)
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
