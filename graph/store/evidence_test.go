package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

func TestStrongestEvidence(t *testing.T) {
	for _, tc := range []struct {
		levels []string
		want   string
	}{
		{nil, ""},
		{[]string{"COMPILED"}, "COMPILED"},
		{[]string{"COMPILED", "DATA_ROW"}, "DATA_ROW"},
		{[]string{"DATA_ROW", "VERBATIM", "COMPILED"}, "VERBATIM"},
		{[]string{"", "bogus"}, ""},
	} {
		if got := store.StrongestEvidence(tc.levels); got != tc.want {
			t.Errorf("StrongestEvidence(%v) = %q, want %q", tc.levels, got, tc.want)
		}
	}
}

// evidenceBatch: a stored text, a data file and a compiled page, and facts citing them.
func evidenceBatch() store.Batch {
	source := func(id, level string) store.NodeInput {
		return store.NodeInput{Type: "Source", ID: id, Props: map[string]any{"title": id, "evidence": level, "url": "https://example.org/" + id,
			"sources": []string{id}, "quotes": []string{id}}}
	}
	cites := func(kv ...string) map[string]any {
		var sources, quotes, locators []string
		for i := 0; i+2 < len(kv)+1; i += 3 {
			sources, quotes, locators = append(sources, kv[i]), append(quotes, kv[i+1]), append(locators, kv[i+2])
		}
		return map[string]any{"sources": sources, "quotes": quotes, "locators": locators}
	}
	return store.Batch{
		Nodes: []store.NodeInput{
			source("text", "VERBATIM"), source("data", "DATA_ROW"), source("page", "COMPILED"),
			{Type: "Country", ID: "JP", Props: with(cites("page", "JP note", "", "data", "JP,Japan", "data.csv:7"), "name", "Japan")},
			{Type: "Country", ID: "FR", Props: with(cites("page", "FR note", ""), "name", "France")},
			{Type: "Country", ID: "DE", Props: with(cites("page", "DE note", "", "text", "Germany", ""), "name", "Germany")},
		},
		Relations: []store.RelationInput{
			{Type: "DEPENDS_ON", From: "JP", FromType: "Country", To: "FR", ToType: "Country", Props: cites("page", "JP-FR note", "")},
		},
	}
}

// TestApplyStoresEvidence: the write path stores on every node and relationship the
// strongest level among the sources it cites, and keeps the locators parallel.
func TestApplyStoresEvidence(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	apply(t, s, evidenceBatch(), store.ApplyOptions{})
	got := map[string]string{}
	for _, row := range storetest.Query(t, driver, `MATCH (n:Country) RETURN n.id AS id, n.evidence AS evidence, n.locators AS locators
UNION MATCH ()-[r:DEPENDS_ON]->() RETURN r.id AS id, r.evidence AS evidence, r.locators AS locators`, nil) {
		got[row["id"].(string)], _ = row["evidence"].(string)
		if len(row["locators"].([]any)) == 0 {
			t.Errorf("%s: no locators stored", row["id"])
		}
	}
	want := map[string]string{"JP": "DATA_ROW", "FR": "COMPILED", "DE": "VERBATIM", store.RelationID("JP", "DEPENDS_ON", "FR", ""): "COMPILED"}
	for id, level := range want {
		if got[id] != level {
			t.Errorf("%s: evidence %q, want %q", id, got[id], level)
		}
	}
	// Writing the same batch again changes nothing: the derived level is part of the props.
	if sum := apply(t, s, evidenceBatch(), store.ApplyOptions{}); sum.Changed() {
		t.Errorf("second Apply changed something: %v", sum)
	}

	// Re-classifying a source re-derives the level of the facts outside the batch that cite it.
	page := evidenceBatch().Nodes[2]
	page.Props = with(page.Props, "evidence", "VERBATIM")
	apply(t, s, store.Batch{Nodes: []store.NodeInput{page}}, store.ApplyOptions{})
	if n := storetest.Count(t, driver, `MATCH (c:Country {id: 'FR'})-[r:DEPENDS_ON]-() WHERE c.evidence = 'VERBATIM' AND r.evidence = 'VERBATIM' RETURN count(*) AS n`, nil); n != 1 {
		t.Errorf("after re-classifying the page, FR and its relation are not VERBATIM (%d)", n)
	}
}

func TestApplyEvidenceErrors(t *testing.T) {
	s := storetest.New(t)
	for _, tc := range []struct {
		name  string
		edit  func(b *store.Batch)
		wants string
	}{
		{"data row without locator", func(b *store.Batch) {
			b.Nodes[3].Props = with(b.Nodes[3].Props, "locators", []string{"", ""})
		}, "a locator (<file>:<line>) is required"},
		{"locators not parallel", func(b *store.Batch) {
			b.Nodes[3].Props = with(b.Nodes[3].Props, "locators", []string{""})
		}, "locators must be parallel to sources"},
		{"source without level", func(b *store.Batch) {
			delete(b.Nodes[0].Props, "evidence")
		}, `required property "evidence"`},
		{"unknown source", func(b *store.Batch) {
			b.Nodes[4].Props = with(b.Nodes[4].Props, "sources", []string{"nowhere"})
		}, "provenance cites sources that do not exist: nowhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := evidenceBatch()
			tc.edit(&b)
			_, err := s.Apply(context.Background(), b, store.ApplyOptions{})
			var se *apperr.Error
			if !errors.As(err, &se) || se.Code != apperr.BadUserInput || !strings.Contains(se.Message, tc.wants) {
				t.Errorf("Apply = %v, want BAD_USER_INPUT containing %q", err, tc.wants)
			}
		})
	}
}
