package seed

import (
	"os"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// founding is the id of the founding article; its quotes come from its text.
const founding = "ispi-2025-06-26"

// TestEmbeddedDataSetValid is the guard of the data files: the compiled-in data set
// must validate without a single problem.
func TestEmbeddedDataSetValid(t *testing.T) {
	ds, problems := LoadEmbedded()
	for _, p := range problems {
		t.Error(p)
	}
	if len(ds.Nodes) == 0 {
		t.Error("the embedded data set has no nodes")
	}
}

// TestEmbeddedQuotesAreVerbatim: every entry citing a VERBATIM source quotes a substring
// of the text the project stores for it (its storedAs file); every DATA_ROW entry quotes
// the row of the stored release file its locator names; every COMPILED entry's note
// is a row of public-facts.csv, the file the project compiled them in. The title quote
// each Source gives as its own provenance is exempt.
func TestEmbeddedQuotesAreVerbatim(t *testing.T) {
	csv := readSource(t, "sources/public-facts.csv")
	usgsLines := usgsStoredLines(t)
	ds, _ := LoadEmbedded() // problems are TestEmbeddedDataSetValid's business
	sources := map[string]*Node{}
	texts := map[string]string{}
	for _, n := range ds.Nodes {
		if n.Type != "Source" {
			continue
		}
		sources[n.ID] = n
		if path, ok := n.Props["storedAs"].(string); ok {
			texts[n.ID] = readSource(t, strings.TrimPrefix(path, "seed/"))
		}
	}
	checked := map[string]int{}
	check := func(what string, prov []Provenance, ownTitle func(Provenance) bool) {
		for _, p := range prov {
			if ownTitle(p) {
				continue
			}
			level := sources[p.Source].Props["evidence"]
			checked[level.(string)]++
			switch level {
			case store.Verbatim:
				text, stored := texts[p.Source]
				if !stored {
					t.Errorf("%s: %s: %s is VERBATIM but names no stored text (storedAs)", p.Pos, what, p.Source)
				} else if !strings.Contains(text, p.Quote) {
					t.Errorf("%s: %s: quote of %s is not in its stored text: %q", p.Pos, what, p.Source, p.Quote)
				}
			case store.DataRow:
				if !usgsRowAt(usgsLines, p.Source, p.Locator, p.Quote) {
					t.Errorf("%s: %s: quote of %s is not the row at %q of its stored file: %q", p.Pos, what, p.Source, p.Locator, p.Quote)
				}
			case store.Compiled:
				if !strings.Contains(csv, p.Quote) {
					t.Errorf("%s: %s: note of %s is not in public-facts.csv: %q", p.Pos, what, p.Source, p.Quote)
				}
			default:
				t.Errorf("%s: %s: %s has evidence level %v, which this data set does not use", p.Pos, what, p.Source, level)
			}
		}
	}
	for _, n := range ds.Nodes {
		n := n
		check(n.Type+" "+n.ID, n.Provenance, func(p Provenance) bool {
			return n.Type == "Source" && p.Source == n.ID && p.Quote == n.Props["title"]
		})
	}
	for _, r := range ds.Relations {
		check(r.Type+" "+r.From+"→"+r.To, r.Provenance, func(Provenance) bool { return false })
	}
	if checked[store.Verbatim] == 0 || checked[store.Compiled] == 0 {
		t.Errorf("checked %v: want VERBATIM and COMPILED entries", checked)
	}
	t.Logf("provenance entries checked by level: %v", checked)
}

// TestEmbeddedCompiledSourcesCiteAPage: a COMPILED entry is only as good as the page it
// cites, so every COMPILED source names its URL; a VERBATIM source names its stored text.
func TestEmbeddedCompiledSourcesCiteAPage(t *testing.T) {
	ds, _ := LoadEmbedded()
	for _, n := range ds.Nodes {
		if n.Type != "Source" {
			continue
		}
		url, _ := n.Props["url"].(string)
		stored, _ := n.Props["storedAs"].(string)
		switch n.Props["evidence"] {
		case store.Compiled:
			if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
				t.Errorf("%s: COMPILED source %s has no URL", n.Pos, n.ID)
			}
		case store.Verbatim, store.DataRow:
			if stored == "" {
				t.Errorf("%s: %v source %s has no storedAs", n.Pos, n.Props["evidence"], n.ID)
			}
		}
	}
}

func readSource(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
