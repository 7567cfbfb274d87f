package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// Every write path keeps dependency's import-source summaries up to date: after each
// write through the mutations — import sources created, changed, moved to another edition
// and to another mineral, their source country's relationship deleted, deleted; a source
// country deleted; a bulk load; a mineral deleted — the answer is the reference computed
// here from the figures as plain Cypher reads them (readDependencyFigures), in one round
// trip.
func TestDependencyFollowsEveryWrite(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader"), testenv.Debug()) // Debug: the round trips reported
	prov := []map[string]any{{"source": "src", "quote": "a figure"}}
	node := func(typ, id string, props map[string]any) map[string]any {
		return map[string]any{"type": typ, "id": id, "properties": props, "provenance": prov}
	}
	rel := func(typ, from, to string, props map[string]any) map[string]any {
		r := map[string]any{"type": typ, "from": from, "to": to, "provenance": prov}
		if props != nil {
			r["properties"] = props
		}
		return r
	}
	write := func(doc string, input map[string]any) {
		t.Helper()
		if resp := env.PostKey(t, doc, map[string]any{"input": input}); len(resp.Errors) > 0 {
			t.Fatalf("%s: %+v", doc, resp.Errors)
		}
	}
	const upsert = `mutation($input: UpsertInput!) { upsert(input: $input) { changed } }`
	const remove = `mutation($input: DeleteInput!) { delete(input: $input) { changed } }`
	nodes := []map[string]any{{"type": "Source", "id": "src", "properties": map[string]any{"title": "Src", "evidence": "COMPILED", "url": "https://example.org/src"},
		"provenance": []map[string]any{{"source": "src", "quote": "Src"}}}}
	for _, c := range []string{"US", "CA", "JP", "CN"} {
		nodes = append(nodes, node("Country", c, map[string]any{"name": "Country " + c, "aliases": []string{}}))
	}
	for _, x := range []string{"gallium", "indium"} {
		nodes = append(nodes, node("Mineral", x, map[string]any{"name": x, "aliases": []string{}, "kind": "ELEMENT"}))
	}
	nodes = append(nodes, node("Partnership", "msp", map[string]any{"name": "MSP", "aliases": []string{}, "kind": "INITIATIVE"}),
		node("Agreement", "a-us-ca", map[string]any{"name": "US CA", "aliases": []string{}, "kind": "MOU"}))
	write(upsert, map[string]any{"nodes": nodes, "relations": []map[string]any{
		rel("MEMBER_OF", "CA", "msp", map[string]any{"role": "PARTNER", "validFrom": "2022"}),
		rel("PARTY_TO", "US", "a-us-ca", nil), rel("PARTY_TO", "CA", "a-us-ca", nil)}})
	figure := func(id, metric, edition, detail string, value float64) map[string]any {
		return node("Measurement", id, map[string]any{"name": id, "aliases": []string{}, "metric": metric, "edition": edition,
			"year": 2025, "value": value, "qualifier": "EXACT", "unit": "percent", "stageDetail": detail, "period": "2021–24"})
	}
	// source writes an import source of the United States' mineral x, from a country
	// ("" for "Other countries").
	source := func(id, x, from, edition, detail string, share float64) map[string]any {
		rels := []map[string]any{rel("ABOUT", id, "US", nil), rel("INVOLVES_MINERAL", id, x, nil)}
		if from != "" {
			rels = append(rels, rel("RELATIVE_TO", id, from, nil))
		}
		return map[string]any{"nodes": []map[string]any{figure(id, "IMPORT_SOURCE_SHARE", edition, detail, share)}, "relations": rels}
	}
	var figures, rels []map[string]any
	for _, e := range []string{"MCS2025", "MCS2026"} {
		for x, v := range map[string]float64{"gallium": 100, "indium": 75} {
			id := "nir-" + x + "-" + e
			figures = append(figures, figure(id, "NET_IMPORT_RELIANCE", e, x, v))
			rels = append(rels, rel("ABOUT", id, "US", nil), rel("INVOLVES_MINERAL", id, x, nil))
		}
		for i, s := range []struct {
			x, from, detail string
			share           float64
		}{{"gallium", "CA", "Metal", 40}, {"gallium", "JP", "Metal", 30}, {"gallium", "CN", "Compounds", 20}, {"gallium", "", "Metal", 10},
			{"indium", "CA", "All", 60}, {"indium", "CN", "All", 40}} {
			in := source(fmt.Sprintf("is-%s-%d", e, i), s.x, s.from, e, s.detail, s.share)
			figures, rels = append(figures, in["nodes"].([]map[string]any)...), append(rels, in["relations"].([]map[string]any)...)
		}
	}
	write(upsert, map[string]any{"nodes": figures, "relations": rels})

	const query = `query($partnership: ID, $edition: String) {
  dependency(country: "US", partnership: $partnership, edition: $edition) {
    edition year asOf minerals { mineral { id } detail reliance qualifier estimated measurement { id }
      importSources { country { id } form period share qualifier partner agreements { id } agreementCount measurement { id } } } } }`
	var before []string
	check := func(step string) {
		t.Helper()
		ref := readDependencyFigures(t, env)
		var answers []string
		for _, v := range []map[string]any{{"partnership": "msp"}, {"partnership": "msp", "edition": "MCS2025"}, {}} {
			resp := env.Post(t, query, v)
			if n, _ := resp.Extensions["cypherRoundTrips"].(float64); n != 1 {
				t.Errorf("%s %v: %v round trips, want 1", step, v, n)
			}
			var got struct{ Dependency depAnswer }
			resp.Decode(t, &got)
			want := ref.answer(t, map[string]any{"partnership": v["partnership"], "year": nil})
			if e, ok := v["edition"].(string); ok {
				want = ref.answerOf(t, v, e)
			}
			g, w := got.Dependency.lines(), want.lines()
			if !slices.Equal(g, w) {
				t.Errorf("%s %v:\n got %q\nwant %q", step, v, g, w)
			}
			answers = append(answers, g...)
		}
		if slices.Equal(answers, before) {
			t.Errorf("%s: the answers did not change", step)
		}
		before = answers
	}
	check("loaded")

	write(upsert, source("is-new", "gallium", "CN", "MCS2026", "Metal", 50))
	check("an import source created")
	write(upsert, source("is-new", "gallium", "CN", "MCS2026", "Compounds", 5))
	check("its share and form changed")
	write(upsert, source("is-new", "gallium", "CN", "MCS2025", "Metal", 35))
	check("moved to another edition")
	write(remove, map[string]any{"relations": []map[string]any{{"type": "INVOLVES_MINERAL", "from": "is-new", "to": "gallium"}}})
	write(upsert, map[string]any{"relations": []map[string]any{rel("INVOLVES_MINERAL", "is-new", "indium", nil)}})
	check("moved to another mineral")
	write(remove, map[string]any{"relations": []map[string]any{{"type": "RELATIVE_TO", "from": "is-new", "to": "CN"}}})
	check("its source country's relationship deleted")
	write(remove, map[string]any{"ids": []string{"is-new"}})
	check("deleted")
	write(remove, map[string]any{"ids": []string{"JP"}})
	check("a source country deleted")
	var bulk store.Batch
	bulk.Nodes = append(bulk.Nodes, store.NodeInput{Type: "Measurement", ID: "is-bulk", Props: map[string]any{"name": "is-bulk", "aliases": []string{},
		"metric": "IMPORT_SOURCE_SHARE", "edition": "MCS2026", "year": int64(2025), "value": 70.0, "qualifier": "EXACT", "unit": "percent",
		"stageDetail": "All", "period": "2021–24", "sources": []string{"src"}, "quotes": []string{"a figure"}}})
	for _, r := range [][3]string{{"ABOUT", "Country", "US"}, {"INVOLVES_MINERAL", "Mineral", "indium"}, {"RELATIVE_TO", "Country", "CN"}} {
		bulk.Relations = append(bulk.Relations, store.RelationInput{Type: r[0], FromType: "Measurement", From: "is-bulk", ToType: r[1], To: r[2],
			Props: map[string]any{"sources": []string{"src"}, "quotes": []string{"a figure"}}})
	}
	if _, err := env.Store.CreateNew(context.Background(), bulk, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	check("bulk-loaded")
	write(remove, map[string]any{"ids": []string{"gallium"}})
	check("a mineral deleted")
}

// answerOf is answer for an edition given: the reference of the figures of that edition
// only.
func (f depFigures) answerOf(t *testing.T, v map[string]any, edition string) depAnswer {
	only := f
	only.figures = nil
	for _, m := range f.figures {
		if m["edition"] == edition {
			only.figures = append(only.figures, m)
		}
	}
	return only.answer(t, map[string]any{"partnership": v["partnership"]})
}
