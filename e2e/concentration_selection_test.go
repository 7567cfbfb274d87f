package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Concentration reads the figures of one edition and year through an index, not through
// each mineral: each entry must be the mineral's supply asked for on its own (supply
// reads the mineral's figures), for every selection the arguments make — an edition, a
// year, no stage (reserves), critical minerals only — and the edition and year chosen must
// be the latest with figures for the selection (MCS 2025 covers 2023 and 2024, MCS 2026
// 2024 and 2025).
func TestConcentrationEntriesAreTheMineralsSupply(t *testing.T) {
	h := fullServer(t)
	type entry struct {
		Mineral struct {
			ID             string
			UsCritical2025 *bool
		}
		Series   string
		Hhi, Cr1 float64
	}
	rank := func(t *testing.T, vars map[string]any) (string, int, []entry) {
		t.Helper()
		resp := h.Post(t, `query($stage: SupplyChainStage, $metric: SupplyMetric, $edition: String, $year: Int, $critical: Boolean) {
  concentration(stage: $stage, metric: $metric, edition: $edition, year: $year, criticalOnly: $critical, limit: 100) {
    edition year minerals { mineral { id usCritical2025 } series hhi cr1 } } }`, vars)
		var got struct {
			Concentration struct {
				Edition  string
				Year     int
				Minerals []entry
			}
		}
		resp.Decode(t, &got)
		return got.Concentration.Edition, got.Concentration.Year, got.Concentration.Minerals
	}
	for _, c := range []struct {
		name        string
		vars        map[string]any
		wantEdition string
		wantYear    int // 0: any
	}{
		{"an older edition", map[string]any{"stage": "MINING", "edition": "MCS2025"}, "MCS2025", 2024},
		{"a year", map[string]any{"stage": "REFINING", "year": 2024}, "MCS2026", 2024},
		{"reserves, no stage", map[string]any{"stage": nil, "metric": "RESERVES"}, "MCS2026", 0},
		{"critical minerals", map[string]any{"stage": "MINING", "critical": true}, "MCS2026", 2025},
	} {
		if c.vars["metric"] == nil {
			c.vars["metric"] = "PRODUCTION"
		}
		if c.vars["critical"] == nil {
			c.vars["critical"] = false
		}
		t.Run(c.name, func(t *testing.T) {
			edition, year, entries := rank(t, c.vars)
			if edition != c.wantEdition || (c.wantYear != 0 && year != c.wantYear) || len(entries) == 0 {
				t.Fatalf("edition %s, year %d, %d entries; want %s, %d, some", edition, year, len(entries), c.wantEdition, c.wantYear)
			}
			if len(entries) > 30 { // the lower ranks add time, not another path through the statement
				entries = entries[:30]
			}
			for _, e := range entries {
				if c.vars["critical"] == true && (e.Mineral.UsCritical2025 == nil || !*e.Mineral.UsCritical2025) {
					t.Errorf("%s is not a critical mineral", e.Mineral.ID)
				}
			}
			// Each entry's supply, by as many aliases as a request takes.
			for batch := range slices.Chunk(entries, h.Options.Limits.MaxRootFields) {
				var params, fields []string
				vars := map[string]any{}
				for i, e := range batch {
					params = append(params, fmt.Sprintf("$m%d: ID!, $st%d: SupplyChainStage, $me%d: SupplyMetric, $se%d: String, $e%d: String, $y%d: Int", i, i, i, i, i, i))
					fields = append(fields, fmt.Sprintf("s%d: supply(mineral: $m%d, stage: $st%d, metric: $me%d, series: $se%d, edition: $e%d, year: $y%d) { edition year series hhi cr1 }", i, i, i, i, i, i, i))
					for k, v := range map[string]any{"m": e.Mineral.ID, "st": c.vars["stage"], "me": c.vars["metric"], "se": e.Series, "e": edition, "y": year} {
						vars[fmt.Sprint(k, i)] = v
					}
				}
				type supply struct {
					Edition, Series string
					Year            int
					Hhi, Cr1        float64
				}
				var answers map[string]supply
				h.Post(t, "query("+strings.Join(params, ", ")+") { "+strings.Join(fields, " ")+" }", vars).Decode(t, &answers)
				for i, e := range batch {
					s := answers[fmt.Sprintf("s%d", i)]
					if got, want := fmt.Sprintf("%s %d %s %.6f %.6f", edition, year, e.Series, e.Hhi, e.Cr1),
						fmt.Sprintf("%s %d %s %.6f %.6f", s.Edition, s.Year, s.Series, s.Hhi, s.Cr1); got != want {
						t.Errorf("%s: concentration %s, supply %s", e.Mineral.ID, got, want)
					}
				}
			}
		})
	}
}
