package e2e

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// concFigure is a production figure as the tests below write it: a country's row
// (place is a country id) or the world total (place "WORLD") of a mineral's table.
type concFigure struct {
	id, mineral, edition string
	year                 int
	stage, place         string
	value                float64
}

// concWorld is what the tests wrote: the figures, and which relationships and nodes
// still exist. The expected rankings are computed from it, in Go.
type concWorld struct {
	figures   map[string]concFigure
	involves  map[string]string // figure → its mineral, "" once the relationship is deleted
	minerals  map[string]bool   // mineral → on the critical list; absent once deleted
	countries map[string]bool
}

var concDetail = map[string]string{"MINING": "Mine production", "REFINING": "Refinery production"}

func (f concFigure) props() map[string]any {
	p := map[string]any{"name": "Figure " + f.id, "aliases": []string{}, "metric": "PRODUCTION", "edition": f.edition,
		"year": f.year, "value": f.value, "canonicalValue": f.value, "qualifier": "EXACT", "stage": f.stage,
		"stageDetail": concDetail[f.stage], "unit": "metric tons", "canonicalUnit": "t"}
	if f.place == "WORLD" {
		p["aggregate"], p["stageDetail"] = "WORLD", concDetail[f.stage]+": rounded"
	}
	return p
}

var concProv = []map[string]any{{"source": "src", "quote": "a figure"}}

// upsertInput is the mutation's input writing the figures with their relationships.
func (w *concWorld) upsertInput(figs ...concFigure) map[string]any {
	var nodes, rels []map[string]any
	for _, f := range figs {
		w.figures[f.id], w.involves[f.id] = f, f.mineral
		nodes = append(nodes, map[string]any{"type": "Measurement", "id": f.id, "properties": f.props(), "provenance": concProv})
		rels = append(rels, map[string]any{"type": "INVOLVES_MINERAL", "from": f.id, "to": f.mineral, "provenance": concProv})
		if f.place != "WORLD" {
			rels = append(rels, map[string]any{"type": "ABOUT", "from": f.id, "to": f.place, "provenance": concProv})
		}
	}
	return map[string]any{"nodes": nodes, "relations": rels}
}

// batch is the store batch writing the figures with their relationships (the bulk
// loader's and the importers' input).
func (w *concWorld) batch(figs ...concFigure) store.Batch {
	var b store.Batch
	prov := func() map[string]any {
		return map[string]any{"sources": []string{"src"}, "quotes": []string{"a figure"}}
	}
	for _, f := range figs {
		w.figures[f.id], w.involves[f.id] = f, f.mineral
		p := f.props()
		p["year"] = int64(f.year)
		for k, v := range prov() {
			p[k] = v
		}
		b.Nodes = append(b.Nodes, store.NodeInput{Type: "Measurement", ID: f.id, Props: p})
		b.Relations = append(b.Relations, store.RelationInput{Type: "INVOLVES_MINERAL", FromType: "Measurement", From: f.id, ToType: "Mineral", To: f.mineral, Props: prov()})
		if f.place != "WORLD" {
			b.Relations = append(b.Relations, store.RelationInput{Type: "ABOUT", FromType: "Measurement", From: f.id, ToType: "Country", To: f.place, Props: prov()})
		}
	}
	return b
}

type concEntry struct {
	Mineral struct{ ID string }
	Series  string
	Hhi     float64
	Cr1     float64
	Shares  []concShare
}

type concShare struct {
	Country      struct{ ID string }
	Value        float64
	Measurements []struct{ ID string }
}

// expect ranks the figures as concentration documents it: the latest edition and year
// with figures at the stage (any stage without one), each mineral's table there with a
// world total and a country (without a stage, of one stage only), shares of the world
// total, HHI the sum of their squares.
func (w *concWorld) expect(stage, edition *string, year *int, sort string, critical bool) (string, int, []concEntry) {
	var ed string
	var yr int
	for _, f := range w.figures {
		if (stage == nil || f.stage == *stage) && (edition == nil || f.edition == *edition) && (year == nil || f.year == *year) &&
			(f.edition > ed || f.edition == ed && f.year > yr) {
			ed, yr = f.edition, f.year
		}
	}
	var out []concEntry
	for x, isCritical := range w.minerals {
		if critical && !isCritical {
			continue
		}
		var world float64
		stages, values, ids := map[string]bool{}, map[string]float64{}, map[string][]string{}
		for _, f := range w.figures {
			if w.involves[f.id] != x || f.edition != ed || f.year != yr || (stage != nil && f.stage != *stage) {
				continue
			}
			stages[f.stage] = true
			switch {
			case f.place == "WORLD":
				world = f.value
			case w.countries[f.place]:
				values[f.place] += f.value
				ids[f.place] = append(ids[f.place], f.id)
			}
		}
		if len(stages) != 1 || world == 0 || len(values) == 0 {
			continue
		}
		e := concEntry{}
		e.Mineral.ID = x
		for st := range stages {
			e.Series = map[string]string{"MINING": "mine production", "REFINING": "refinery production"}[st]
		}
		for c, v := range values {
			sh := concShare{Value: v}
			sh.Country.ID = c
			for _, id := range ids[c] {
				sh.Measurements = append(sh.Measurements, struct{ ID string }{id})
			}
			e.Shares = append(e.Shares, sh)
		}
		slices.SortFunc(e.Shares, func(a, b concShare) int {
			return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Country.ID, b.Country.ID))
		})
		for _, s := range e.Shares {
			e.Hhi += math.Pow(100*s.Value/world, 2)
		}
		e.Cr1 = 100 * e.Shares[0].Value / world
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b concEntry) int {
		first, second := cmp.Compare(b.Hhi, a.Hhi), cmp.Compare(b.Cr1, a.Cr1)
		if sort == "TOP_SHARE" {
			first, second = second, first
		}
		return cmp.Or(first, second, cmp.Compare(a.Mineral.ID, b.Mineral.ID))
	})
	return ed, yr, out
}

// Every write path keeps concentration's summaries up to date: after each write —
// figures created, changed, moved to another year and deleted through the mutations, a
// relationship and a country deleted, a bulk load, an import, a mineral deleted — the
// ranking is the one computed here from what was written, for each stage, edition and
// year, either sort, critical minerals or all.
func TestConcentrationFollowsEveryWrite(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader"))
	ctx := context.Background()
	w := &concWorld{figures: map[string]concFigure{}, involves: map[string]string{},
		minerals: map[string]bool{"alpha": true, "beta": false, "gamma": false}, countries: map[string]bool{}}
	nodes := []map[string]any{{"type": "Source", "id": "src", "properties": map[string]any{"title": "Src", "evidence": "COMPILED", "url": "https://example.org/src"},
		"provenance": []map[string]any{{"source": "src", "quote": "Src"}}}}
	for _, c := range []string{"AU", "CA", "CD", "CN", "US"} {
		w.countries[c] = true
		nodes = append(nodes, map[string]any{"type": "Country", "id": c, "properties": map[string]any{"name": c, "aliases": []string{}}, "provenance": concProv})
	}
	for x, critical := range map[string]bool{"alpha": true, "beta": false, "gamma": false, "delta": false} {
		nodes = append(nodes, map[string]any{"type": "Mineral", "id": x, "properties": map[string]any{"name": x, "aliases": []string{}, "kind": "ELEMENT", "usCritical2025": critical}, "provenance": concProv})
	}
	write := func(doc string, input map[string]any) {
		t.Helper()
		if resp := env.PostKey(t, doc, map[string]any{"input": input}); len(resp.Errors) > 0 {
			t.Fatalf("%s: %+v", doc, resp.Errors)
		}
	}
	const upsert = `mutation($input: UpsertInput!) { upsert(input: $input) { changed } }`
	const remove = `mutation($input: DeleteInput!) { delete(input: $input) { changed } }`
	write(upsert, map[string]any{"nodes": nodes})
	table := func(x, edition string, year int, stage string, values map[string]float64) []concFigure {
		var out []concFigure
		for place, v := range values {
			out = append(out, concFigure{fmt.Sprintf("%s-%s-%d-%s-%s", x, edition, year, stage, place), x, edition, year, stage, place, v})
		}
		return out
	}
	var base []concFigure
	for _, tb := range [][]concFigure{
		table("alpha", "MCS2026", 2025, "MINING", map[string]float64{"CN": 60, "AU": 30, "WORLD": 100}),
		table("alpha", "MCS2026", 2025, "REFINING", map[string]float64{"CN": 90, "AU": 10, "WORLD": 100}),
		table("alpha", "MCS2026", 2024, "MINING", map[string]float64{"CN": 55, "AU": 40, "WORLD": 100}),
		table("beta", "MCS2026", 2025, "MINING", map[string]float64{"US": 50, "CA": 40, "WORLD": 100}),
		table("beta", "MCS2025", 2024, "MINING", map[string]float64{"US": 10, "CA": 90, "WORLD": 100}),
		table("gamma", "MCS2026", 2025, "MINING", map[string]float64{"CD": 70, "CN": 20, "WORLD": 95}),
	} {
		base = append(base, tb...)
	}
	write(upsert, w.upsertInput(base...))
	check := func(step string) {
		t.Helper()
		mining, refining := "MINING", "REFINING"
		e2026, y2024, y2025 := "MCS2026", 2024, 2025
		type sel struct {
			stage, edition *string
			year           *int
			sort           string
			critical       bool
			limit          int
		}
		var sels []sel
		for _, stage := range []*string{&mining, &refining, nil} {
			for _, sort := range []string{"HHI", "TOP_SHARE"} {
				// A limit below the entries shows a summary left as it was: the entries
				// returned are computed again, and sorted again, from the figures.
				for _, limit := range []int{1, 2, 100} {
					sels = append(sels, sel{stage, nil, nil, sort, false, limit})
				}
				sels = append(sels, sel{stage, nil, nil, sort, true, 100})
			}
			sels = append(sels, sel{stage, &e2026, nil, "HHI", false, 100}, sel{stage, nil, &y2024, "HHI", false, 100}, sel{stage, &e2026, &y2025, "HHI", false, 100})
		}
		for _, s := range sels {
			name := fmt.Sprintf("%s: stage %v edition %v year %v sort %s critical %v limit %d", step, deref(s.stage), deref(s.edition), deref(s.year), s.sort, s.critical, s.limit)
			resp := env.Post(t, `query($stage: SupplyChainStage, $edition: String, $year: Int, $sort: ConcentrationSort, $critical: Boolean, $limit: Int) {
  concentration(stage: $stage, edition: $edition, year: $year, sort: $sort, criticalOnly: $critical, limit: $limit) {
    edition year minerals { mineral { id } series hhi cr1 shares { country { id } value measurements { id } } } } }`,
				map[string]any{"stage": s.stage, "edition": s.edition, "year": s.year, "sort": s.sort, "critical": s.critical, "limit": s.limit})
			ed, yr, want := w.expect(s.stage, s.edition, s.year, s.sort, s.critical)
			want = want[:min(len(want), s.limit)]
			if len(want) == 0 {
				if resp.Code() != "NOT_FOUND" {
					t.Errorf("%s: want NOT_FOUND, got %s", name, resp.Data)
				}
				continue
			}
			var got struct {
				Concentration struct {
					Edition  string
					Year     int
					Minerals []concEntry
				}
			}
			resp.Decode(t, &got)
			if got.Concentration.Edition != ed || got.Concentration.Year != yr || !sameEntries(got.Concentration.Minerals, want) {
				t.Errorf("%s:\n got %s %d %+v\nwant %s %d %+v", name, got.Concentration.Edition, got.Concentration.Year, got.Concentration.Minerals, ed, yr, want)
			}
		}
	}
	check("loaded")

	// beta's table with a third country: its HHI from 4,100 to 6,125 (first), 5,000
	// (second), back to 4,100 (last): a summary left as it was would misplace it.
	extra := concFigure{"beta-extra", "beta", "MCS2026", 2025, "MINING", "AU", 45}
	write(upsert, w.upsertInput(extra))
	check("a figure created")
	extra.value = 30
	write(upsert, w.upsertInput(extra))
	check("its value changed")
	write(remove, map[string]any{"ids": []string{extra.id}})
	delete(w.figures, extra.id)
	check("deleted")
	moved := concFigure{"beta-moved", "beta", "MCS2026", 2025, "MINING", "AU", 45}
	write(upsert, w.upsertInput(moved))
	moved.year = 2024
	write(upsert, w.upsertInput(moved))
	check("moved to another year")

	write(remove, map[string]any{"relations": []map[string]any{{"type": "INVOLVES_MINERAL", "from": "gamma-MCS2026-2025-MINING-CN", "to": "gamma"}}})
	w.involves["gamma-MCS2026-2025-MINING-CN"] = ""
	check("a figure's mineral relationship deleted")
	write(remove, map[string]any{"ids": []string{"CD"}})
	delete(w.countries, "CD")
	check("a country deleted")

	// The bulk loader (CreateNew: new nodes only) and an import (Apply, as `import`).
	w.minerals["delta"] = false
	if _, err := env.Store.CreateNew(ctx, w.batch(table("delta", "MCS2026", 2025, "MINING", map[string]float64{"US": 30, "CA": 30, "AU": 30, "WORLD": 100})...), store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	check("bulk-loaded")
	changed := w.figures["alpha-MCS2026-2025-MINING-CN"]
	changed.value = 70
	imported := append(table("beta", "MCS2027", 2026, "MINING", map[string]float64{"US": 80, "WORLD": 100}), changed)
	if _, err := env.Store.Apply(ctx, w.batch(imported...), store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	check("imported")

	write(remove, map[string]any{"ids": []string{"beta"}})
	delete(w.minerals, "beta")
	for id, x := range w.involves {
		if x == "beta" {
			w.involves[id] = ""
		}
	}
	check("a mineral deleted")
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// sameEntries compares rankings, the numbers to 1e-9 of their size (the test sums in
// its own order).
func sameEntries(got, want []concEntry) bool {
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Mineral.ID != w.Mineral.ID || g.Series != w.Series || !near(g.Hhi, w.Hhi) || !near(g.Cr1, w.Cr1) || len(g.Shares) != len(w.Shares) {
			return false
		}
		for j := range g.Shares {
			if g.Shares[j].Country.ID != w.Shares[j].Country.ID || !near(g.Shares[j].Value, w.Shares[j].Value) ||
				fmt.Sprint(g.Shares[j].Measurements) != fmt.Sprint(w.Shares[j].Measurements) {
				return false
			}
		}
	}
	return true
}
