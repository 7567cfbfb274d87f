package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// importGraph is a small graph of import sources: the United States' and Japan's net
// import reliance on gallium and indium in two editions, their import sources (from
// Canada, Japan, China, "Other countries"), a partnership and agreements.
func importGraph() store.Batch {
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
		depCountry("US"), depCountry("CA"), depCountry("JP"), depCountry("CN"),
		depNode("Partnership", "p", "name", "P", "aliases", []string{}, "kind", "INITIATIVE"),
		depAgreement("a-us-ca", "Agreement US CA"), depAgreement("a-us-jp", "Agreement US JP"),
		depNode("Mineral", "gallium", "name", "Gallium", "aliases", []string{}, "kind", "ELEMENT"),
		depNode("Mineral", "indium", "name", "Indium", "aliases", []string{}, "kind", "ELEMENT"),
	}, Relations: []store.RelationInput{
		depRel("MEMBER_OF", "Country", "CA", "Partnership", "p", "role", "PARTNER", "validFrom", "2022"),
		depRel("PARTY_TO", "Country", "US", "Agreement", "a-us-ca"), depRel("PARTY_TO", "Country", "CA", "Agreement", "a-us-ca"),
		depRel("PARTY_TO", "Country", "US", "Agreement", "a-us-jp"), depRel("PARTY_TO", "Country", "JP", "Agreement", "a-us-jp"),
	}}
	for _, e := range []string{"MCS2025", "MCS2026"} {
		for _, home := range []string{"US", "JP"} {
			for x, v := range map[string]float64{"gallium": 100, "indium": 80} {
				id := fmt.Sprintf("nir-%s-%s-%s", home, x, e)
				b.Nodes = append(b.Nodes, depFigure(id, "NET_IMPORT_RELIANCE", e, v, "stageDetail", x))
				b.Relations = append(b.Relations, depRel("ABOUT", "Measurement", id, "Country", home), depRel("INVOLVES_MINERAL", "Measurement", id, "Mineral", x))
			}
		}
		for i, s := range []struct {
			home, x, from, detail string
			share                 float64
		}{
			{"US", "gallium", "CA", "Metal", 40}, {"US", "gallium", "JP", "Metal", 30}, {"US", "gallium", "CN", "Compounds", 20},
			{"US", "gallium", "", "Metal", 10}, {"US", "indium", "CA", "All", 60}, {"US", "indium", "CN", "All", 40},
			{"JP", "gallium", "CN", "Metal", 90}, {"JP", "gallium", "US", "Metal", 10},
		} {
			b.Nodes, b.Relations = append(b.Nodes, importSourceFigure(s.home, s.x, s.from, e, i, s.detail, s.share)...), append(b.Relations, importSourceRels(s.home, s.x, s.from, e, i)...)
		}
	}
	return b
}

func importSourceID(home, x, e string, i int) string {
	return fmt.Sprintf("is-%s-%s-%s-%d", home, x, e, i)
}

func importSourceFigure(home, x, from, e string, i int, detail string, share float64) []store.NodeInput {
	return []store.NodeInput{depFigure(importSourceID(home, x, e, i), "IMPORT_SOURCE_SHARE", e, share, "stageDetail", detail,
		"period", "2021–24", "yearFrom", int64(2021))}
}

func importSourceRels(home, x, from, e string, i int) []store.RelationInput {
	id := importSourceID(home, x, e, i)
	rels := []store.RelationInput{depRel("ABOUT", "Measurement", id, "Country", home), depRel("INVOLVES_MINERAL", "Measurement", id, "Mineral", x)}
	if from != "" {
		rels = append(rels, depRel("RELATIVE_TO", "Measurement", id, "Country", from))
	}
	return rels
}

// dependencies compares, for both countries, both editions and none, with every
// property and with the API's projection, Dependency with the statement reading every
// figure; it returns the answers and how many import sources they list.
func dependencies(t *testing.T, st *store.Store, step string) (string, int) {
	t.Helper()
	ctx := context.Background()
	p := "p"
	out, sources := "", 0
	for _, home := range []string{"US", "JP"} {
		for _, e := range []*string{nil, ptrTo("MCS2025"), ptrTo("MCS2026")} {
			for _, props := range []store.DependencyProps{{}, {Mineral: []string{"id"}, Source: []string{"stageDetail", "period", "value", "qualifier"}, Country: []string{"id"}, Agreement: []string{"id"}}} {
				a := store.DependencyArgs{Country: home, Edition: e, Partnership: &p, AgreementLimit: store.DependencyDefaultAgreements, Props: props}
				d, err := st.Dependency(ctx, a)
				got, want := dependencyText(t)(d, err), dependencyText(t)(store.DependencyFromFigures(st, ctx, a))
				if got != want {
					t.Errorf("%s: %s edition %v props %v:\n got %s\nwant %s", step, home, deref(e), props.Source, got, want)
				}
				out += got + "\n"
				if d != nil {
					for _, m := range d.Minerals {
						sources += len(m.ImportSources)
					}
				}
			}
		}
	}
	return out, sources
}

func importSummaries(t *testing.T, driver neo4j.DriverWithContext) string {
	t.Helper()
	return fmt.Sprint(storetest.Query(t, driver, "MATCH (s:"+store.ImportSummaryLabel+") RETURN properties(s) AS s ORDER BY s.country, s.edition, s.mineral", nil))
}

// Every write path keeps the import-source summaries up to date: after each write —
// figures created, changed (nulls too), moved to another edition and to another mineral,
// their source relationship deleted, deleted; a source country deleted; a bulk load, one
// whose summaries Migrate builds; a mineral and a country deleted — Dependency answers
// what the statement reading every figure answers.
func TestDependencySummariesFollowEveryWrite(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	apply := func(b store.Batch) {
		t.Helper()
		if _, err := st.Apply(ctx, b, store.ApplyOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(ids []string, rels ...store.RelationRef) {
		t.Helper()
		if _, err := st.Delete(ctx, ids, rels); err != nil {
			t.Fatal(err)
		}
	}
	apply(importGraph())
	before, n := dependencies(t, st, "loaded")
	if n < 20 {
		t.Fatalf("%d import sources in the answers: the comparison shows nothing", n)
	}
	changed := func(step string) {
		t.Helper()
		after, _ := dependencies(t, st, step)
		if after == before {
			t.Errorf("%s: the answers did not change", step)
		}
		before = after
	}

	// A new source of the United States' gallium, from China, largest.
	apply(store.Batch{Nodes: importSourceFigure("US", "gallium", "CN", "MCS2026", 20, "Metal", 50), Relations: importSourceRels("US", "gallium", "CN", "MCS2026", 20)})
	changed("a figure created")
	// Its value, form and period changed; then its period, value and qualifier gone (null).
	apply(store.Batch{Nodes: importSourceFigure("US", "gallium", "CN", "MCS2026", 20, "Compounds", 5)})
	changed("its value changed")
	bare := depNode("Measurement", importSourceID("US", "gallium", "MCS2026", 20), "name", "bare", "aliases", []string{},
		"metric", "IMPORT_SOURCE_SHARE", "edition", "MCS2026", "year", int64(2025), "unit", "percent")
	apply(store.Batch{Nodes: []store.NodeInput{bare}})
	changed("its value, form, period and qualifier removed")
	// Moved to another edition, then to another mineral.
	moved := importSourceFigure("US", "gallium", "CN", "MCS2025", 20, "Metal", 35)
	moved[0].ID = importSourceID("US", "gallium", "MCS2026", 20)
	apply(store.Batch{Nodes: moved})
	changed("moved to another edition")
	id := importSourceID("US", "gallium", "MCS2026", 20)
	remove(nil, store.RelationRef{Type: "INVOLVES_MINERAL", From: id, To: "gallium"})
	apply(store.Batch{Relations: []store.RelationInput{depRel("INVOLVES_MINERAL", "Measurement", id, "Mineral", "indium")}})
	changed("moved to another mineral")
	// Its source country's relationship deleted: "Other countries".
	remove(nil, store.RelationRef{Type: "RELATIVE_TO", From: id, To: "CN"})
	changed("its source relationship deleted")
	remove([]string{id})
	changed("deleted")
	// A source country deleted: its figures are "Other countries".
	remove([]string{"JP"})
	changed("a source country deleted")

	// A bulk load, summarised as it writes; another whose summaries Migrate builds.
	if _, err := st.CreateNew(ctx, store.Batch{Nodes: importSourceFigure("US", "indium", "CA", "MCS2026", 30, "All", 70),
		Relations: importSourceRels("US", "indium", "CA", "MCS2026", 30)}, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	changed("bulk-loaded")
	if _, err := st.NewBulkLoad().CreateNewUnsummarised(ctx, store.Batch{Nodes: importSourceFigure("US", "indium", "", "MCS2026", 31, "All", 3),
		Relations: importSourceRels("US", "indium", "", "MCS2026", 31)}, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	changed("bulk-loaded unsummarised, then migrated")

	// Migrate builds the summaries a database lacks, holds incomplete or of another
	// format, and then leaves them.
	dump := importSummaries(t, driver)
	for name, damage := range map[string]string{
		"none":       "MATCH (s:" + store.ImportSummaryLabel + ") DELETE s",
		"incomplete": "MATCH (s:" + store.ImportSummaryLabel + " {country: 'US', edition: 'MCS2026', mineral: 'gallium'}) SET s.figures = s.figures[1..]",
		"stale":      "MATCH (s:" + store.ImportSummaryLabel + " {mineral: 'indium'}) SET s.format = 'older', s.values = [v IN s.values | 0.0]",
	} {
		storetest.Query(t, driver, damage, nil)
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := importSummaries(t, driver); got != dump {
			t.Errorf("%s: summaries after Migrate:\n%s\nwant:\n%s", name, got, dump)
		}
	}
	version := func() int { return storetest.Count(t, driver, "MATCH (v:"+store.VersionLabel+") RETURN v.n AS n", nil) }
	v := version()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if version() != v {
		t.Error("Migrate wrote with every import-source summary in place")
	}
	// No part of the public graph: no id, no relationship, not counted.
	if n := storetest.Count(t, driver, "MATCH (s:"+store.ImportSummaryLabel+") WHERE s.id IS NOT NULL OR COUNT { (s)--() } > 0 RETURN count(s) AS n", nil); n != 0 {
		t.Errorf("%d import-source summaries have an id or a relationship", n)
	}
	if n := storetest.Count(t, driver, "MATCH (n) WHERE NOT n:Entity AND NOT n:Source AND NOT n:"+store.InternalLabels+" RETURN count(n) AS n", nil); n != 0 {
		t.Errorf("%d nodes outside the model and the internal labels", n)
	}

	remove([]string{"gallium"})
	changed("a mineral deleted")
	remove([]string{"US"})
	changed("the home country deleted")
	if n := storetest.Count(t, driver, "MATCH (s:"+store.ImportSummaryLabel+" {country: 'US'}) RETURN count(s) AS n", nil); n != 0 {
		t.Errorf("%d summaries of the deleted country", n)
	}
	// The graph replaced by one without import sources: every summary goes.
	if _, err := st.Apply(ctx, store.Batch{Nodes: []store.NodeInput{{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")}}},
		store.ApplyOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	if n := storetest.Count(t, driver, "MATCH (s:"+store.ImportSummaryLabel+") RETURN count(s) AS n", nil); n != 0 {
		t.Errorf("%d import-source summaries after the figures were replaced by none", n)
	}
}

// Writes at once of import sources of one mineral leave its summary listing them all: a
// refresh locks its key before reading the summary's figures, so no write's figures are
// lost to another's refresh.
func TestDependencySummariesUnderConcurrentWrites(t *testing.T) {
	st, _ := storetest.NewWithDriver(t)
	ctx := context.Background()
	if _, err := st.Apply(ctx, importGraph(), store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	const writers = 8
	errs := make(chan error, writers)
	for i := range writers {
		go func() {
			from := []string{"CA", "CN", ""}[i%3]
			_, err := st.Apply(ctx, store.Batch{Nodes: importSourceFigure("US", "gallium", from, "MCS2026", 100+i, "Metal", float64(i)),
				Relations: importSourceRels("US", "gallium", from, "MCS2026", 100+i)}, store.ApplyOptions{})
			errs <- err
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if _, n := dependencies(t, st, "after concurrent writes"); n < writers {
		t.Errorf("%d import sources in the answers", n)
	}
}
