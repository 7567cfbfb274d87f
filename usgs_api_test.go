package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"golang.org/x/text/encoding/charmap"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed"
)

// The USGS releases through the GraphQL API, on the graph `make run` loads: the YAML data
// set and both releases. Expected figures are those the issue names (read off the
// published tables), not the importer's structures.
func TestUSGSThroughTheAPI(t *testing.T) {
	// The shared fixture: the subtests that import again change nothing (they check it).
	h := testenv.Full(t, patient)
	driver := h.Driver
	query := func(t *testing.T, q string, into any) {
		t.Helper()
		resp := h.Post(t, q, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%+v", resp.Errors)
		}
		if err := json.Unmarshal(resp.Data, into); err != nil {
			t.Fatal(err)
		}
	}
	type figure struct {
		Edition        string
		Value          *float64
		Unit           string
		CanonicalValue *float64
		CanonicalUnit  string
		Qualifier      string
		Stage          *string
		Aggregate      *string
		Year           int
		YearFrom       *int
		Period         *string
		Counterpart    []struct{ ID string }
	}
	const fields = `edition value unit canonicalValue canonicalUnit qualifier stage aggregate year yearFrom period counterpart { id }`
	num := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}

	t.Run("lithium mine production, Australia, 2024, in both editions", func(t *testing.T) {
		var got struct{ Measurements []figure }
		query(t, `{ measurements(where: { metric: { eq: PRODUCTION }, year: { eq: 2024 }, stage: { eq: MINING },
			minerals: { some: { id: { eq: "lithium" } } }, aboutCountries: { some: { id: { eq: "AU" } } },
			edition: { in: ["MCS2025", "MCS2026"] } }, sort: [{ edition: ASC }]) { `+fields+` } }`, &got)
		m := got.Measurements
		if len(m) != 2 || m[0].Edition != "MCS2025" || num(m[0].Value) != 88000 || m[0].Unit != "metric tons" ||
			m[1].Edition != "MCS2026" || num(m[1].Value) != 82700 || m[1].CanonicalUnit != "t" {
			t.Errorf("%+v", m)
		}
	})

	t.Run("manganese, South Africa, 2024, of the world total (MCS 2025)", func(t *testing.T) {
		var got struct{ Country, World []figure }
		where := `metric: { eq: PRODUCTION }, year: { eq: 2024 }, edition: { eq: "MCS2025" }, minerals: { some: { id: { eq: "manganese" } } }`
		query(t, `{ country: measurements(where: { `+where+`, aboutCountries: { some: { id: { eq: "ZA" } } } }) { `+fields+` }
			world: measurements(where: { `+where+`, aggregate: { eq: WORLD } }) { `+fields+` } }`, &got)
		if len(got.Country) != 1 || num(got.Country[0].Value) != 7400 || got.Country[0].Unit != "thousand metric tons" || num(got.Country[0].CanonicalValue) != 7.4e6 {
			t.Errorf("South Africa: %+v", got.Country)
		}
		if len(got.World) != 1 || num(got.World[0].Value) != 20000 || got.World[0].Unit != "thousand metric tons" {
			t.Errorf("world: %+v", got.World)
		}
	})

	t.Run("copper refinery production, Japan, 2024 (MCS 2025)", func(t *testing.T) {
		var got struct{ Measurements []figure }
		query(t, `{ measurements(where: { metric: { eq: PRODUCTION }, stage: { eq: REFINING }, year: { eq: 2024 }, edition: { eq: "MCS2025" },
			minerals: { some: { id: { eq: "copper" } } }, aboutCountries: { some: { id: { eq: "JP" } } } }) { `+fields+` } }`, &got)
		if len(got.Measurements) != 1 || num(got.Measurements[0].Value) != 1600 || got.Measurements[0].Unit != "thousand metric tons" {
			t.Errorf("%+v", got.Measurements)
		}
	})

	t.Run("germanium is there, spelt right, its MCS 2025 production withheld", func(t *testing.T) {
		var got struct {
			Mineral struct {
				Name           string
				UsCritical2025 *bool
				Measurements   []struct {
					Commodity string
					Qualifier string
					Value     *float64
				}
			}
		}
		query(t, `{ mineral(id: "germanium") { name usCritical2025 measurements(where: { edition: { eq: "MCS2025" } }) { commodity qualifier value } } }`, &got)
		m := got.Mineral
		if m.Name != "Germanium" || m.UsCritical2025 == nil || !*m.UsCritical2025 || len(m.Measurements) == 0 {
			t.Fatalf("%+v", m)
		}
		for _, x := range m.Measurements {
			if x.Commodity != "Germanium" || x.Qualifier != "WITHHELD" || x.Value != nil {
				t.Errorf("%+v", x)
			}
		}
	})

	t.Run("US net import reliance for cobalt, 2025 (MCS 2026)", func(t *testing.T) {
		var got struct{ Measurements []figure }
		query(t, `{ measurements(where: { metric: { eq: NET_IMPORT_RELIANCE }, year: { eq: 2025 }, edition: { eq: "MCS2026" },
			minerals: { some: { id: { eq: "cobalt" } } }, aboutCountries: { some: { id: { eq: "US" } } } }) { `+fields+` } }`, &got)
		if len(got.Measurements) != 1 || num(got.Measurements[0].Value) != 79 || got.Measurements[0].CanonicalUnit != "%" {
			t.Errorf("%+v", got.Measurements)
		}
	})

	t.Run("US lithium import sources, 2021–24", func(t *testing.T) {
		var got struct{ Measurements []figure }
		query(t, `{ measurements(where: { metric: { eq: IMPORT_SOURCE_SHARE }, edition: { eq: "MCS2026" },
			minerals: { some: { id: { eq: "lithium" } } }, aboutCountries: { some: { id: { eq: "US" } } } }, sort: [{ value: DESC }]) { `+fields+` } }`, &got)
		m := got.Measurements
		if len(m) != 3 || num(m[0].Value) != 54 || len(m[0].Counterpart) != 1 || m[0].Counterpart[0].ID != "CL" ||
			num(m[1].Value) != 43 || len(m[1].Counterpart) != 1 || m[1].Counterpart[0].ID != "AR" ||
			m[2].Aggregate == nil || *m[2].Aggregate != "OTHER_COUNTRIES" || m[0].Year != 2024 || m[0].YearFrom == nil || *m[0].YearFrom != 2021 || m[0].Period == nil || *m[0].Period != "2021–24" {
			t.Errorf("%+v", m)
		}
	})

	t.Run("every figure's locator names the row it quotes, in the stored file", func(t *testing.T) {
		lines := map[string][]string{}
		for _, name := range []string{"MCS2025_World_Data.csv", "MCS2026_Commodities_Data.csv"} {
			data, err := os.ReadFile(filepath.Join("seed/sources/usgs", name))
			if err != nil {
				t.Fatal(err)
			}
			text := ""
			if rest, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
				text = string(rest)
			} else if text, err = charmap.Windows1252.NewDecoder().String(string(data)); err != nil {
				t.Fatal(err)
			}
			lines[name] = strings.Split(text, "\r\n")
		}
		load, problems := seed.LoadUSGS(seed.EmbeddedUSGSReleases())
		if len(problems) > 0 {
			t.Fatal(problems[0])
		}
		rows := storetest.Query(t, driver, `MATCH (m:Measurement) WHERE m.edition IS NOT NULL
			RETURN m.id AS id, m.quotes AS quotes, m.locators AS locators, m.evidence AS evidence`, nil)
		if len(rows) != load.Records() {
			t.Fatalf("%d figures in the database, want %d", len(rows), load.Records())
		}
		for _, r := range rows {
			quotes, locators := r["quotes"].([]any), r["locators"].([]any)
			if len(quotes) != 1 || len(locators) != 1 || r["evidence"] != "DATA_ROW" {
				t.Fatalf("%v: quotes %d, locators %d, evidence %v", r["id"], len(quotes), len(locators), r["evidence"])
			}
			file, line, _ := strings.Cut(locators[0].(string), ":")
			n, err := strconv.Atoi(line)
			if err != nil || n < 2 || n > len(lines[file]) || lines[file][n-1] != quotes[0] {
				t.Fatalf("%v: locator %v does not name its quote %q", r["id"], locators[0], quotes[0])
			}
		}
	})

	t.Run("importing the releases again changes nothing", func(t *testing.T) {
		cfg := testConfig(t)
		cfg.Neo4jURI = storetest.URI(t)
		var out bytes.Buffer
		err := importCommand(context.Background(), cfg, []string{"usgs", "seed/sources/usgs/MCS2025_World_Data.csv", "seed/sources/usgs/MCS2026_Commodities_Data.csv"}, &out)
		if err != nil || !strings.Contains(out.String(), "import usgs: no change") || !strings.Contains(out.String(), "(100%)") {
			t.Errorf("%v\n%s", err, out.String())
		}
	})

	t.Run("broken copies are refused with their line and change nothing", func(t *testing.T) {
		cfg := testConfig(t)
		cfg.Neo4jURI = storetest.URI(t)
		dir := t.TempDir()
		nodes, rels := storetest.Totals(t, driver)
		for _, c := range []struct{ file, old, new, want string }{
			{"MCS2025_World_Data.csv", ",91700,88000,", ",91700,Q,", `MCS2025_World_Data.csv:630: PROD_EST_ 2024: "Q" is neither a number`},
			{"MCS2026_Commodities_Data.csv", `metric tons,2024,"82,700"`, `metric tons,2024,"82,70"`, `MCS2026_Commodities_Data.csv:4238: Value: "82,70" is neither a number`},
			{"MCS2025_World_Data.csv", "PROD_NOTES", "PRODUCTION_NOTES", `MCS2025_World_Data.csv:1: not a USGS MCS data file`},
			{"MCS2026_Commodities_Data.csv", `Lithium,Australia,Production,Mine production,metric tons,2024,"82,700",Estimated.,Yes,`, `Lithium,Australia,Production,Mine`, `MCS2026_Commodities_Data.csv:4238: the row has`},
		} {
			data, err := os.ReadFile(filepath.Join("seed/sources/usgs", c.file))
			if err != nil {
				t.Fatal(err)
			}
			broken := strings.Replace(string(data), c.old, c.new, 1)
			if c.new == `Lithium,Australia,Production,Mine` { // truncate the file there
				broken = broken[:strings.Index(broken, c.new)+len(c.new)]
			}
			path := filepath.Join(dir, c.file)
			if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			err = importCommand(context.Background(), cfg, []string{"usgs", path}, &out)
			if err == nil || !strings.Contains(out.String(), c.want) || !strings.Contains(out.String(), "nothing written") {
				t.Errorf("%s: %v\n%s", c.want, err, out.String())
			}
		}
		if n, r := storetest.Totals(t, driver); n != nodes || r != rels {
			t.Errorf("the database changed: %d/%d nodes, %d/%d relationships", n, nodes, r, rels)
		}
	})
}

// A release whose rows name nodes the database lacks (here: an empty database) fails in
// its one transaction: nothing is written.
func TestImportUSGSWritesNothingOnFailure(t *testing.T) {
	_, driver := storetest.NewWithDriver(t)
	cfg := testConfig(t)
	cfg.Neo4jURI = storetest.URI(t)
	var out bytes.Buffer
	err := importCommand(context.Background(), cfg, []string{"usgs", "seed/sources/usgs/MCS2025_World_Data.csv"}, &out)
	if err == nil || !strings.Contains(err.Error(), "nothing written") {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if n, r := storetest.Totals(t, driver); n != 0 || r != 0 {
		t.Errorf("the database holds %d nodes, %d relationships after a failed import", n, r)
	}
}

// --dry-run reads and checks the files without a database.
func TestImportUSGSDryRun(t *testing.T) {
	cfg := testConfig(t)
	cfg.Neo4jURI = "bolt://127.0.0.1:1" // nothing listens: a dry run must not connect
	var out bytes.Buffer
	err := importCommand(context.Background(), cfg, []string{"usgs", "--dry-run", "seed/sources/usgs/MCS2025_World_Data.csv", "seed/sources/usgs/MCS2026_Commodities_Data.csv"}, &out)
	if err != nil || !strings.Contains(out.String(), "MCS2025_World_Data.csv (MCS2025 World Data (wide)): 1250 rows, 2886 figures") ||
		!strings.Contains(out.String(), "MCS2026_Commodities_Data.csv (MCS2026 Commodities Data (long)): 8886 rows, 4527 figures") ||
		!strings.Contains(out.String(), "dry run, nothing written") {
		t.Errorf("%v\n%s", err, out.String())
	}
}
