package seed

import (
	"os"
	"testing"

	"github.com/mineralgraph/mineralgraph/seed/usgs"
)

// Every id the USGS name tables map to is a node of the seed data set, of the right type.
func TestUSGSNamesMapToSeedNodes(t *testing.T) {
	names, err := usgs.DefaultNames()
	if err != nil {
		t.Fatal(err)
	}
	ds, problems := LoadEmbedded()
	if len(problems) > 0 {
		t.Fatalf("seed data set: %v", problems[0])
	}
	typeOf := map[string]string{}
	for _, n := range ds.Nodes {
		typeOf[n.ID] = n.Type
	}
	for _, id := range names.MineralIDs() {
		if typeOf[id] != "Mineral" {
			t.Errorf("names.yaml maps a commodity to %q, which is not a Mineral of the seed data set", id)
		}
	}
	for _, id := range names.CountryIDs() {
		if typeOf[id] != "Country" {
			t.Errorf("names.yaml maps a country to %q, which is not a Country of the seed data set", id)
		}
	}
}

// A mineral's usCritical2025 in the seed data set is the "Is critical mineral 2025" flag
// of the MCS 2026 rows of its commodities, and one of those rows is in its provenance.
func TestUSCritical2025MatchesTheRelease(t *testing.T) {
	names, _ := usgs.DefaultNames()
	data, err := os.ReadFile("sources/usgs/MCS2026_Commodities_Data.csv")
	if err != nil {
		t.Fatal(err)
	}
	f, problems := usgs.Parse("MCS2026_Commodities_Data.csv", data, names)
	if len(problems) > 0 {
		t.Fatal(problems[0])
	}
	flag := map[string]bool{}
	rows := map[string]map[string]bool{}
	for _, r := range f.Records {
		if r.Critical == nil {
			continue
		}
		if prev, seen := flag[r.MineralID]; seen && prev != *r.Critical {
			t.Errorf("%s: %s is flagged both ways", r.Locator(), r.MineralID)
		}
		flag[r.MineralID] = *r.Critical
		if rows[r.MineralID] == nil {
			rows[r.MineralID] = map[string]bool{}
		}
		rows[r.MineralID][r.Row] = true
	}
	ds, _ := LoadEmbedded()
	checked := 0
	for _, n := range ds.Nodes {
		if n.Type != "Mineral" {
			continue
		}
		got, has := n.Props["usCritical2025"].(bool)
		want, published := flag[n.ID]
		switch {
		case has != published:
			t.Errorf("%s: mineral %s: usCritical2025 set %v, but the release flags it: %v", n.Pos, n.ID, has, published)
		case has && got != want:
			t.Errorf("%s: mineral %s: usCritical2025 %v, the release says %v", n.Pos, n.ID, got, want)
		case has:
			quoted := false
			for _, p := range n.Provenance {
				quoted = quoted || (p.Source == f.SourceID() && rows[n.ID][p.Quote])
			}
			if !quoted {
				t.Errorf("%s: mineral %s: no provenance quotes a flagged MCS 2026 row of it", n.Pos, n.ID)
			}
			checked++
		}
	}
	if checked != len(flag) {
		t.Errorf("checked %d minerals, the release flags %d", checked, len(flag))
	}
}
