package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportUSGSTakesOnlyStoredReleases: a figure imported from a USGS release quotes its
// row as DATA_ROW provenance, the row at file:line of the stored file, which the source
// view shows. A copy of a stored release edited in one value (Australia's 2024 lithium
// estimate, 88,000 t, made 99,999) parses cleanly, and was imported as the published
// figure, over it; a release the binary does not store had no stored row to quote. Both
// are refused, naming the file (and the first edited line); the stored file passes. Dry
// runs: no database needed.
func TestImportUSGSTakesOnlyStoredReleases(t *testing.T) {
	stored, err := os.ReadFile("seed/sources/usgs/MCS2025_World_Data.csv")
	if err != nil {
		t.Fatal(err)
	}
	const row = `MCS2025,Lithium ,Australia,"Mine production, lithium content",metric tons,91700,88000,`
	if got := strings.Count(string(stored), row); got != 1 {
		t.Fatalf("the stored release holds the row %d times, want 1", got)
	}
	edited := strings.Replace(string(stored), row, strings.Replace(row, ",88000,", ",99999,", 1), 1)
	dir := t.TempDir()
	cfg := Config{}
	cfg.Neo4jURI = "bolt://127.0.0.1:1" // a dry run must not connect
	run := func(path string) (string, error) {
		var out bytes.Buffer
		err := importUSGSCommand(context.Background(), cfg, []string{"--dry-run", path}, &out)
		return out.String(), err
	}
	unstored := filepath.Join(dir, "unstored")
	if err := os.Mkdir(unstored, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, content, want string }{
		{filepath.Join(dir, "MCS2025_World_Data.csv"), edited, "MCS2025_World_Data.csv:630: differs from the stored release"},
		{filepath.Join(unstored, "MCS2027_World_Data.csv"), string(stored), "MCS2027_World_Data.csv: not a release this binary stores"},
	} {
		if err := os.WriteFile(c.path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := run(c.path)
		if err == nil || !strings.Contains(out, c.want) || !strings.Contains(out, "nothing written") || strings.Contains(out, "figures valid") {
			t.Errorf("%s: want refused saying %q; err %v, output:\n%s", filepath.Base(c.path), c.want, err, out)
		}
	}
	if out, err := run("seed/sources/usgs/MCS2025_World_Data.csv"); err != nil || !strings.Contains(out, "figures valid") || !strings.Contains(out, "dry run, nothing written") {
		t.Errorf("the stored release: err %v, output:\n%s", err, out)
	}
}
