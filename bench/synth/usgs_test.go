package synth

import (
	"fmt"
	"math"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// The synthetic USGS figures have the shape the analytics read: per table (edition,
// mineral, metric, stage, year) one WORLD and one OTHER_COUNTRIES row, the world total the
// rows' sum rounded to two significant digits, every country row ABOUT its country;
// import-source shares of a form add up to 100; net import reliance is about the United
// States; one edition per unit of scale.
func TestUSGSFigures(t *testing.T) {
	g := New(2, 7)
	type table struct {
		world, other, countries int
		sum, total              float64
	}
	tables := map[string]*table{}
	imports := map[string]float64{}
	editions := map[string]bool{}
	props := map[string]map[string]any{}
	about := map[string]string{}
	err := g.Emit(func(n *store.NodeInput, r *store.RelationInput) error {
		if n != nil {
			if n.Type == "Measurement" && n.Props["edition"] != nil {
				props[n.ID] = n.Props
			}
			return nil
		}
		if p := props[r.From]; p != nil && r.Type == "ABOUT" {
			about[r.From] = r.To
		}
		if p := props[r.From]; p != nil && r.Type == "INVOLVES_MINERAL" {
			editions[p["edition"].(string)] = true
			switch p["metric"] {
			case "IMPORT_SOURCE_SHARE":
				imports[fmt.Sprint(p["edition"], r.To, p["stageDetail"])] += p["value"].(float64)
			case "PRODUCTION", "RESERVES", "CAPACITY":
				k := fmt.Sprint(p["edition"], r.To, p["metric"], p["stage"], p["year"])
				if tables[k] == nil {
					tables[k] = &table{}
				}
				tb := tables[k]
				v, _ := p["canonicalValue"].(float64)
				switch p["aggregate"] {
				case "WORLD":
					tb.world++
					tb.total = v
				case "OTHER_COUNTRIES":
					tb.other++
					tb.sum += v
				default:
					tb.countries++
					tb.sum += v
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(editions) != 2 || !editions["MCS2026"] || !editions["MCS2025"] {
		t.Errorf("editions %v, want MCS2026 and MCS2025", editions)
	}
	if len(tables) < 200 {
		t.Errorf("%d tables", len(tables))
	}
	for k, tb := range tables {
		if tb.world != 1 || tb.other != 1 || tb.countries < 3 {
			t.Errorf("%s: %d world, %d other, %d country rows", k, tb.world, tb.other, tb.countries)
		}
		if math.Abs(tb.total-tb.sum) > 0.051*tb.sum {
			t.Errorf("%s: world %v, rows add up to %v", k, tb.total, tb.sum)
		}
	}
	for k, sum := range imports {
		if sum != 100 {
			t.Errorf("import sources %s add up to %v", k, sum)
		}
	}
	nir := 0
	for id, p := range props {
		if p["metric"] == "NET_IMPORT_RELIANCE" {
			nir++
			if about[id] != "US" {
				t.Errorf("%s is about %q", id, about[id])
			}
		}
		if p["aggregate"] == nil && p["metric"] != "NET_IMPORT_RELIANCE" && about[id] == "" {
			t.Errorf("%s is about no country", id)
		}
	}
	if nir == 0 || len(imports) == 0 {
		t.Errorf("%d net import reliance figures, %d import-source tables", nir, len(imports))
	}
}
