package store_test

import (
	"context"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// Disruption's importers come from the latest edition's import sources of the mineral: a
// supplier an older edition named but the latest does not is at stake for no one. (The
// benchmark's raw Cypher found the store reading the latest edition naming the supplier.)
func TestDisruptionImportersOfTheLatestEdition(t *testing.T) {
	st := storetest.New(t)
	node := func(typ, id string, kv ...any) store.NodeInput {
		return store.NodeInput{Type: typ, ID: id, Props: with(prov(id), kv...)}
	}
	rel := func(typ, fromType, from, toType, to string) store.RelationInput {
		return store.RelationInput{Type: typ, FromType: fromType, From: from, ToType: toType, To: to, Props: prov(from + " " + to)}
	}
	figure := func(id, metric, edition string, year int64, value float64, kv ...any) store.NodeInput {
		return node("Measurement", id, append([]any{"name", id, "aliases", []string{}, "metric", metric, "edition", edition, "year", year,
			"value", value, "canonicalValue", value, "qualifier", "EXACT"}, kv...)...)
	}
	production := func(id string, value float64, kv ...any) store.NodeInput {
		return figure(id, "PRODUCTION", "MCS2026", 2025, value, append([]any{"stage", "MINING", "stageDetail", "Mine production",
			"unit", "metric tons", "canonicalUnit", "t"}, kv...)...)
	}
	imports := func(id, edition string, year int64, value float64) store.NodeInput {
		return figure(id, "IMPORT_SOURCE_SHARE", edition, year, value, "yearFrom", year-3, "stageDetail", "All", "unit", "percent", "canonicalUnit", "%")
	}
	b := store.Batch{
		Nodes: []store.NodeInput{
			{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
			node("Country", "CN", "name", "China", "aliases", []string{}),
			node("Country", "AU", "name", "Australia", "aliases", []string{}),
			node("Country", "US", "name", "United States", "aliases", []string{}),
			node("Mineral", "tungsten", "name", "Tungsten", "aliases", []string{}, "kind", "ELEMENT"),
			production("p-cn", 100), production("p-au", 50),
			production("p-world", 150, "aggregate", "WORLD", "stageDetail", "Mine production: rounded"),
			imports("i-2025-cn", "MCS2025", 2023, 60),
			imports("i-2026-au", "MCS2026", 2024, 70),
		},
		Relations: []store.RelationInput{
			rel("ABOUT", "Measurement", "p-cn", "Country", "CN"), rel("ABOUT", "Measurement", "p-au", "Country", "AU"),
			rel("ABOUT", "Measurement", "i-2025-cn", "Country", "US"), rel("RELATIVE_TO", "Measurement", "i-2025-cn", "Country", "CN"),
			rel("ABOUT", "Measurement", "i-2026-au", "Country", "US"), rel("RELATIVE_TO", "Measurement", "i-2026-au", "Country", "AU"),
		},
	}
	for _, id := range []string{"p-cn", "p-au", "p-world", "i-2025-cn", "i-2026-au"} {
		b.Relations = append(b.Relations, rel("INVOLVES_MINERAL", "Measurement", id, "Mineral", "tungsten"))
	}
	ctx := context.Background()
	if _, err := st.Apply(ctx, b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	stage := "MINING"
	for supplier, want := range map[string]float64{"CN": 0, "AU": 70} {
		d, err := st.Disruption(ctx, supplier, store.SupplyArgs{Mineral: "tungsten", Stage: &stage, Metric: "PRODUCTION"}, 100, store.DisruptionProps{})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want == 0 && len(d.Importers) != 0:
			t.Errorf("%s: importers %v, want none (the latest edition does not name it)", supplier, d.Importers)
		case want > 0 && (len(d.Importers) != 1 || d.Importers[0].Country["id"] != "US" || d.Importers[0].Measurement["value"] != want):
			t.Errorf("%s: importers %v, want the United States with %v", supplier, d.Importers, want)
		}
	}
}
