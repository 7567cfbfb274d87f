package store_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// Concentration at a stage ranks that stage's tables of the latest edition and year, and
// reads only the summaries of that edition and year and the figures of the stage of the
// entries returned; without a stage, a mineral with figures of several stages is not
// ranked, and its supply names each stage's series.
// The expected HHIs are the sums of the squared shares of the figures written here.
func TestConcentrationReadsTheStageFigures(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	node := func(typ, id string, kv ...any) store.NodeInput {
		return store.NodeInput{Type: typ, ID: id, Props: with(prov(id), append([]any{"name", "Name " + id, "aliases", []string{}}, kv...)...)}
	}
	var figures []store.NodeInput
	var rels []store.RelationInput
	rel := func(typ, fromType, from, toType, to string) store.RelationInput {
		return store.RelationInput{Type: typ, FromType: fromType, From: from, ToType: toType, To: to, Props: prov(from + " " + to)}
	}
	// figure writes a production figure of mineral in the edition and year at stage,
	// whose wording is detail; place is a country id or WORLD.
	figure := func(mineral, edition string, year int64, stage, detail, place string, value float64) {
		id := fmt.Sprintf("%s-%s-%d-%s-%s", mineral, edition, year, stage, place)
		kv := []any{"metric", "PRODUCTION", "edition", edition, "year", year, "value", value, "canonicalValue", value,
			"qualifier", "EXACT", "stage", stage, "stageDetail", detail, "unit", "metric tons", "canonicalUnit", "t"}
		if place == "WORLD" {
			kv = append(kv, "aggregate", "WORLD", "stageDetail", detail+": rounded")
		} else {
			rels = append(rels, rel("ABOUT", "Measurement", id, "Country", place))
		}
		figures = append(figures, node("Measurement", id, kv...))
		rels = append(rels, rel("INVOLVES_MINERAL", "Measurement", id, "Mineral", mineral))
	}
	for _, f := range []struct {
		mineral, edition string
		year             int64
		stage, detail    string
		values           map[string]float64
	}{
		{"alpha", "MCS2026", 2025, "MINING", "Mine production", map[string]float64{"CN": 60, "AU": 40, "WORLD": 100}},
		{"alpha", "MCS2026", 2025, "REFINING", "Refinery production", map[string]float64{"CN": 90, "AU": 10, "WORLD": 100}},
		{"beta", "MCS2026", 2025, "MINING", "Mine production", map[string]float64{"US": 50, "CA": 50, "WORLD": 100}},
		{"alpha", "MCS2025", 2024, "MINING", "Mine production", map[string]float64{"CN": 10, "AU": 90, "WORLD": 100}},
	} {
		for place, v := range f.values {
			figure(f.mineral, f.edition, f.year, f.stage, f.detail, place, v)
		}
	}
	b := store.Batch{Nodes: append([]store.NodeInput{
		{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
		node("Country", "CN"), node("Country", "AU"), node("Country", "US"), node("Country", "CA"),
		node("Mineral", "alpha", "kind", "ELEMENT"), node("Mineral", "beta", "kind", "ELEMENT"),
	}, figures...), Relations: rels}
	ctx := context.Background()
	if _, err := st.Apply(ctx, b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	rank := func(ctx context.Context, stage *string) string {
		t.Helper()
		edition, year, ranked, err := st.Concentration(ctx, store.ConcentrationArgs{Stage: stage, Metric: "PRODUCTION", Sort: "HHI", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		out := fmt.Sprintf("%s %d:", edition, year)
		for _, r := range ranked {
			out += fmt.Sprintf(" %s %s %.0f %.0f;", r.Mineral["id"], r.Supply.Series, math.Round(r.Supply.HHI), math.Round(r.Supply.CR1))
		}
		return out
	}
	mining, refining := "MINING", "REFINING"
	logged, log := store.WithStatementLog(ctx)
	for _, c := range []struct {
		stage *string
		want  string
	}{
		{&mining, "MCS2026 2025: alpha mine production 5200 60; beta mine production 5000 50;"},
		{&refining, "MCS2026 2025: alpha refinery production 8200 90;"},
		{nil, "MCS2026 2025: beta mine production 5000 50;"}, // alpha's figures are of two stages
	} {
		if got := rank(logged, c.stage); got != c.want {
			t.Errorf("stage %v: got %q, want %q", c.stage, got, c.want)
		}
	}
	// The mining ranking's reads, as its plan shows them: the 2 summaries of MCS 2026 2025,
	// their minerals, and of the figures (by id) only the 6 mining ones of the entries
	// returned, not the 3 refining ones beside them.
	seeks := map[string]int64{} // index → rows its seeks found
	for _, p := range storetest.Profile(t, driver, log.Statements()[0]) {
		if strings.Contains(p.Operator(), "IndexSeek") {
			details, _ := p.Arguments()["Details"].(string)
			for _, index := range []string{store.SummaryLabel + "(", "Measurement(id)", "Mineral(id)"} {
				if strings.Contains(details, ":"+index) {
					seeks[index] += p.Records()
				}
			}
		}
	}
	if want := fmt.Sprint(map[string]int64{store.SummaryLabel + "(": 2, "Measurement(id)": 6, "Mineral(id)": 2}); fmt.Sprint(seeks) != want {
		t.Errorf("the index seeks of the mining ranking found %v rows; want %s", seeks, want)
	}
	// Without a stage, the supply of a mineral with two stages names each stage's series.
	_, err := st.Supply(ctx, store.SupplyArgs{Mineral: "alpha", Metric: "PRODUCTION"})
	want := `"mine production" (MINING), "refinery production" (REFINING)`
	if apperr.CodeOf(err) != apperr.BadUserInput || !strings.Contains(err.Error(), want) {
		t.Errorf("supply of alpha without a stage: %v; want BAD_USER_INPUT naming %s", err, want)
	}
}
