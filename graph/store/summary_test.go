package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// summaryGraph writes two minerals' tables in two editions and two stages, and returns
// a batch that changes one figure's value (for the tests of writes).
func summaryGraph(t *testing.T, st *store.Store) (change store.Batch) {
	t.Helper()
	node := func(typ, id string, kv ...any) store.NodeInput {
		return store.NodeInput{Type: typ, ID: id, Props: with(prov(id), append([]any{"name", "Name " + id, "aliases", []string{}}, kv...)...)}
	}
	figure := func(mineral, edition string, year int64, stage, place string, value float64) (store.NodeInput, []store.RelationInput) {
		id := fmt.Sprintf("%s-%s-%d-%s-%s", mineral, edition, year, stage, place)
		detail := map[string]string{"MINING": "Mine production", "REFINING": "Refinery production"}[stage]
		kv := []any{"metric", "PRODUCTION", "edition", edition, "year", year, "value", value, "canonicalValue", value,
			"qualifier", "EXACT", "stage", stage, "stageDetail", detail, "unit", "metric tons", "canonicalUnit", "t"}
		rels := []store.RelationInput{{Type: "INVOLVES_MINERAL", FromType: "Measurement", From: id, ToType: "Mineral", To: mineral, Props: prov(id)}}
		if place == "WORLD" {
			kv = append(kv, "aggregate", "WORLD", "stageDetail", detail+": rounded")
		} else {
			rels = append(rels, store.RelationInput{Type: "ABOUT", FromType: "Measurement", From: id, ToType: "Country", To: place, Props: prov(id)})
		}
		return node("Measurement", id, kv...), rels
	}
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
		node("Country", "CN"), node("Country", "AU"), node("Country", "US"),
		node("Mineral", "alpha", "kind", "ELEMENT", "usCritical2025", true), node("Mineral", "beta", "kind", "ELEMENT"),
	}}
	add := func(n store.NodeInput, rels []store.RelationInput) {
		b.Nodes, b.Relations = append(b.Nodes, n), append(b.Relations, rels...)
	}
	for _, f := range []struct {
		mineral, edition string
		year             int64
		stage            string
		values           map[string]float64
	}{
		{"alpha", "MCS2026", 2025, "MINING", map[string]float64{"CN": 60, "AU": 40, "WORLD": 100}},
		{"alpha", "MCS2026", 2025, "REFINING", map[string]float64{"CN": 90, "AU": 10, "WORLD": 100}},
		{"beta", "MCS2026", 2025, "MINING", map[string]float64{"US": 50, "AU": 45, "WORLD": 100}},
		{"beta", "MCS2025", 2024, "MINING", map[string]float64{"US": 10, "AU": 90, "WORLD": 100}},
	} {
		for place, v := range f.values {
			add(figure(f.mineral, f.edition, f.year, f.stage, place, v))
		}
	}
	if _, err := st.Apply(context.Background(), b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	n, _ := figure("beta", "MCS2026", 2025, "MINING", "US", 95)
	return store.Batch{Nodes: []store.NodeInput{n}}
}

// rankings is every ranking of the graph (each stage, none, either sort), each as
// Concentration answers it and as computed from the figures: they must be equal.
func rankings(t *testing.T, st *store.Store) string {
	t.Helper()
	mining, refining := "MINING", "REFINING"
	out := ""
	for _, stage := range []*string{&mining, &refining, nil} {
		for _, sort := range []string{"HHI", "TOP_SHARE"} {
			a := store.ConcentrationArgs{Stage: stage, Metric: "PRODUCTION", Sort: sort, Limit: 10}
			got := rankingText(t)(st.Concentration(context.Background(), a))
			if want := rankingText(t)(store.ConcentrationFromFigures(st, context.Background(), a)); got != want {
				t.Errorf("stage %v, sort %s:\n got %s\nwant %s (from the figures)", stage, sort, got, want)
			}
			out += got + "\n"
		}
	}
	return out
}

// rankingText is an answer of Concentration as text: its numbers exactly, its error.
func rankingText(t *testing.T) func(string, int, []store.Ranked, error) string {
	return func(edition string, year int, ranked []store.Ranked, err error) string {
		b, jerr := json.Marshal(ranked)
		if jerr != nil {
			t.Fatal(jerr)
		}
		return fmt.Sprintf("%s %d %s %v", edition, year, b, err)
	}
}

// summaries dumps the summary nodes.
func summaries(t *testing.T, driver neo4j.DriverWithContext) string {
	t.Helper()
	return fmt.Sprint(storetest.Query(t, driver, "MATCH (s:"+store.SummaryLabel+") RETURN properties(s) AS s ORDER BY s.metric, s.edition, s.year, s.mineral", nil))
}

// A write whose transaction fails after it refreshed the summaries leaves them as they
// were: the refresh rolls back with the write. The failure: the data version's node is
// locked by another transaction, so the write waits at its last statement until its
// deadline. The same write then commits, with its summaries.
func TestSummariesRollBackWithTheirWrite(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	change := summaryGraph(t, st)
	ctx := context.Background()
	before, dump := rankings(t, st), summaries(t, driver)

	session := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: storetest.Database})
	defer session.Close(ctx)
	holder, err := session.BeginTransaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := holder.Run(ctx, "MATCH (v:"+store.VersionLabel+") SET v._hold = true", nil); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 3*time.Second)
	_, err = st.Apply(short, change, store.ApplyOptions{})
	cancel()
	if rbErr := holder.Rollback(ctx); rbErr != nil {
		t.Fatal(rbErr)
	}
	if err == nil {
		t.Fatal("the write committed while the version node was locked")
	}
	if got := summaries(t, driver); got != dump {
		t.Errorf("summaries after the failed write:\n%s\nbefore:\n%s", got, dump)
	}
	if got := rankings(t, st); got != before {
		t.Errorf("rankings after the failed write:\n%s\nbefore:\n%s", got, before)
	}
	// A batch that fails its checks midway (a relationship to nothing) changes nothing.
	bad := change
	bad.Relations = []store.RelationInput{{Type: "INVOLVES_MINERAL", FromType: "Measurement", From: change.Nodes[0].ID, ToType: "Mineral", To: "nothing", Props: prov("x")}}
	if _, err := st.Apply(ctx, bad, store.ApplyOptions{}); apperr.CodeOf(err) != apperr.BadUserInput {
		t.Fatalf("a relationship to nothing: %v", err)
	}
	if got := summaries(t, driver); got != dump {
		t.Errorf("summaries after the rejected write:\n%s\nbefore:\n%s", got, dump)
	}
	if _, err := st.Apply(ctx, change, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if rankings(t, st) == before {
		t.Error("the write committed, the rankings did not change")
	}
}

// Migrate builds the summaries a database lacks or holds incomplete or of another
// computation (an older data directory), and then leaves them: a second Migrate writes
// nothing. Replacing the graph (seed --replace) drops the summaries of what it deletes.
func TestMigrateBuildsTheSummaries(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	summaryGraph(t, st)
	ctx := context.Background()
	want, dump := rankings(t, st), summaries(t, driver)
	version := func() int { return storetest.Count(t, driver, "MATCH (v:"+store.VersionLabel+") RETURN v.n AS n", nil) }
	for name, damage := range map[string]string{
		"none":       "MATCH (s:" + store.SummaryLabel + ") DELETE s",
		"incomplete": "MATCH (s:" + store.SummaryLabel + " {mineral: 'beta', edition: 'MCS2026'}) SET s.figures = s.figures[1..], s.hhi = [0.0]",
		"stale":      "MATCH (s:" + store.SummaryLabel + " {mineral: 'alpha'}) SET s.format = 'older', s.hhi = [h IN s.hhi | 0.0]",
	} {
		storetest.Query(t, driver, damage, nil)
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := summaries(t, driver); got != dump {
			t.Errorf("%s: summaries after Migrate:\n%s\nwant:\n%s", name, got, dump)
		}
		if got := rankings(t, st); got != want {
			t.Errorf("%s: rankings after Migrate:\n%s\nwant:\n%s", name, got, want)
		}
	}
	v := version()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if version() != v {
		t.Error("Migrate wrote with every summary in place")
	}

	// The graph replaced by one without beta's figures: beta's summaries go.
	var keep store.Batch
	for _, n := range []store.NodeInput{
		{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
		{Type: "Mineral", ID: "beta", Props: with(prov("beta"), "name", "Name beta", "aliases", []string{}, "kind", "ELEMENT")},
	} {
		keep.Nodes = append(keep.Nodes, n)
	}
	if _, err := st.Apply(ctx, keep, store.ApplyOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	if n := storetest.Count(t, driver, "MATCH (s:"+store.SummaryLabel+") RETURN count(s) AS n", nil); n != 0 {
		t.Errorf("%d summaries after the figures were replaced by none", n)
	}
	if _, _, _, err := st.Concentration(ctx, store.ConcentrationArgs{Metric: "PRODUCTION", Sort: "HHI", Limit: 10}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("concentration without figures: %v, want NOT_FOUND", err)
	}
}

// The summaries are no part of the public graph: no id, no relationship, so no lookup,
// search hit, neighbour, path or statistic counts them.
func TestSummariesStayOutOfThePublicGraph(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	summaryGraph(t, st)
	ctx := context.Background()
	if n := storetest.Count(t, driver, "MATCH (s:"+store.SummaryLabel+") RETURN count(s) AS n", nil); n == 0 {
		t.Fatal("no summaries were written")
	}
	if n := storetest.Count(t, driver, "MATCH (s:"+store.SummaryLabel+") WHERE s.id IS NOT NULL OR COUNT { (s)--() } > 0 RETURN count(s) AS n", nil); n != 0 {
		t.Errorf("%d summaries have an id or a relationship", n)
	}
	hits, err := st.Search(ctx, "production", nil, 100, store.Projection{})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := st.Neighborhood(ctx, "alpha", 3, nil, 500, store.Projection{})
	if err != nil {
		t.Fatal(err)
	}
	nodes := sub.Nodes
	for _, h := range hits {
		nodes = append(nodes, h.Node)
	}
	if len(nodes) < 2 {
		t.Fatalf("search and neighbourhood found %d nodes", len(nodes))
	}
	for _, n := range nodes {
		if _, ok := store.NodeTypes[n.Type]; !ok || n.ID() == "" {
			t.Errorf("a node of no type of the model: %+v", n)
		}
	}
	stats, err := st.ReadStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var counted int64
	for name := range store.NodeTypes {
		n, _ := stats.Nodes(name)
		counted += n
	}
	if nodes, _ := storetest.Totals(t, driver); counted != int64(nodes) {
		t.Errorf("the statistics count %d nodes, the model's labels %d", counted, nodes)
	}
}
