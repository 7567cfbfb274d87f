package main

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

func TestImportCSV(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	// What the import reads and writes of the seed: the entities its rows name (atlantis
	// is none), the relationships among them, and the sources. The rest of the seed would
	// take half a minute to write and is touched by nothing below.
	seedSubgraph(t, st, "jogmec", "lofdal", "CN", "gallium", "AU", "msp")
	t.Setenv("NEO4J_URI", storetest.URI(t))
	cfg := testConfig(t)
	cfg.Neo4jURI = storetest.URI(t)
	dir := t.TempDir()
	file := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const header = "subject,relation,object,value,unit,year,source_title,source_url,quote,properties\n"
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := importCommand(context.Background(), cfg, args, &out)
		return out.String(), err
	}

	t.Run("a file with a bad row writes nothing and names every bad row", func(t *testing.T) {
		nodes, rels := storetest.Totals(t, driver)
		out, err := run(file("bad.csv", header+
			"jogmec,FINANCES,lofdal,12.5,USD million,2025,JOGMEC report,https://example.org/r,JOGMEC funded Lofdal,instrument=EQUITY\n"+
			"atlantis,FINANCES,lofdal,1,USD million,2025,JOGMEC report,https://example.org/r,q,instrument=LOAN\n"+
			"CN,PRODUCTION_SHARE,gallium,lots,%,2024,USGS,https://example.org/usgs,q,\n"))
		if err == nil || !strings.Contains(out, `bad.csv:3: subject "atlantis" is not an entity`) || !strings.Contains(out, `bad.csv:4: value "lots" is not a number`) {
			t.Fatalf("err %v, output:\n%s", err, out)
		}
		if n, r := storetest.Totals(t, driver); n != nodes || r != rels {
			t.Errorf("the database changed: %d/%d nodes, %d/%d relationships", n, nodes, r, rels)
		}
	})
	t.Run("the dry run runs the write's checks: a missing required property is its row's problem", func(t *testing.T) {
		nodes, rels := storetest.Totals(t, driver)
		for _, args := range [][]string{{"--dry-run"}, nil} {
			out, err := run(append(args, file("required.csv", header+
				"jogmec,FINANCES,lofdal,12.5,USD million,2025,JOGMEC report,https://example.org/r,JOGMEC funded Lofdal,\n"+
				"jogmec,FINANCES,lofdal,1,USD million,2026,JOGMEC report,https://example.org/r,q,instrument=LOAN\n"+
				"jogmec,FINANCES,lofdal,2,USD million,2026,JOGMEC report,https://example.org/r,q,instrument=LOAN\n"+
				"AU,MEMBER_OF,msp,,,2031,JOGMEC report,https://example.org/r,q,\n"))...)
			for _, want := range []string{`required.csv:2: relation jogmec|FINANCES|lofdal|2025: required property "instrument" is missing`,
				"required.csv:4: writes relation jogmec|FINANCES|lofdal|2026 again (row 3 already does)",
				`required.csv:5: relation AU|MEMBER_OF|msp|2031: required property "role" is missing`} {
				if !strings.Contains(out, want) {
					t.Errorf("%v: no %q in:\n%s", args, want, out)
				}
			}
			if err == nil || strings.Contains(out, "valid") || strings.Contains(out, "required.csv:3:") {
				t.Errorf("%v: err %v, output:\n%s", args, err, out)
			}
		}
		if n, r := storetest.Totals(t, driver); n != nodes || r != rels {
			t.Errorf("the database changed: %d/%d nodes, %d/%d relationships", n, nodes, r, rels)
		}
	})
	good := file("good.csv", header+
		"jogmec,FINANCES,lofdal,12.5,USD million,2025,JOGMEC report,https://example.org/r,JOGMEC funded Lofdal,instrument=EQUITY\n"+
		"CN,PRODUCTION_SHARE,gallium,98,%,2024,USGS MCS 2025,https://example.org/mcs2025,China produced 98% of primary gallium,\n")
	t.Run("a good file is written with provenance and writer", func(t *testing.T) {
		out, err := run(good)
		if err != nil || !strings.Contains(out, "import: nodes 3 created") {
			t.Fatalf("err %v, output:\n%s", err, out)
		}
		rows := storetest.Query(t, driver, `MATCH (:Organization {id: 'jogmec'})-[r:FINANCES {id: 'jogmec|FINANCES|lofdal|2025'}]->(:Project {id: 'lofdal'})
			RETURN r.amount AS amount, r.instrument AS instrument, r.quotes AS quotes, r.updatedBy AS by`, nil)
		if len(rows) != 1 || rows[0]["amount"] != 12.5 || rows[0]["instrument"] != "EQUITY" || rows[0]["by"] != "import:good.csv" {
			t.Fatalf("financing: %v", rows)
		}
		if n := storetest.Count(t, driver, `MATCH (m:Measurement {metric: 'PRODUCTION_SHARE', value: 98.0, year: 2024})-[:ABOUT]->(:Country {id: 'CN'})
			MATCH (m)-[:INVOLVES_MINERAL]->(:Mineral {id: 'gallium'}) WHERE m.id STARTS WITH 'csv-' RETURN count(m) AS n`, nil); n != 1 {
			t.Errorf("%d imported measurements, want 1", n)
		}
	})
	t.Run("importing it again changes nothing", func(t *testing.T) {
		out, err := run(good)
		if err != nil || !strings.Contains(out, "import: no change") {
			t.Fatalf("err %v, output:\n%s", err, out)
		}
	})
}

// import -h documents every column and every required relationship property, and is an
// answer, not an error.
func TestImportHelp(t *testing.T) {
	var out bytes.Buffer
	if err := importCommand(context.Background(), Config{}, []string{"-h"}, &out); err != nil {
		t.Fatalf("import -h: %v", err)
	}
	wants := []string{"subject*", "relation*", "object", "value", "unit", "year", "source_title*", "source_url*", "quote*", "properties", "-dry-run", "-writer"}
	for set, props := range store.RelationshipProperties {
		for _, p := range props {
			if p.Required && !p.List {
				wants = append(wants, p.Name+"*")
			}
		}
		if len(props) == 0 {
			t.Errorf("relationship property set %s is empty", set)
		}
	}
	for _, want := range wants {
		if !strings.Contains(out.String(), want) {
			t.Errorf("import -h does not mention %q:\n%s", want, out.String())
		}
	}
}
