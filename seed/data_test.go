package seed

import (
	"os"
	"strings"
	"testing"
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

// TestEmbeddedQuotesAreVerbatim: every quote of the founding article is a substring of
// its text, every quote of a USGS release a whole row of its stored file, every quote of
// another source a substring of public-facts.csv, except the title quote each Source
// gives as its own provenance.
func TestEmbeddedQuotesAreVerbatim(t *testing.T) {
	article := readSource(t, "sources/ispi-2025-06-26-mineral-insecurity.txt")
	csv := readSource(t, "sources/public-facts.csv")
	usgsLines := usgsStoredLines(t)
	ds, _ := LoadEmbedded() // problems are TestEmbeddedDataSetValid's business
	check := func(what string, prov []Provenance, ownTitle func(Provenance) bool) {
		for _, p := range prov {
			switch {
			case ownTitle(p):
			case usgsLines[p.Source] != nil:
				if !usgsQuoteFound(usgsLines, p.Source, p.Quote) {
					t.Errorf("%s: %s: quote of %s is not a row of its stored file: %q", p.Pos, what, p.Source, p.Quote)
				}
			case p.Source == founding:
				if !strings.Contains(article, p.Quote) {
					t.Errorf("%s: %s: quote of %s is not in the article text: %q", p.Pos, what, founding, p.Quote)
				}
			default:
				if !strings.Contains(csv, p.Quote) {
					t.Errorf("%s: %s: quote of %s is not in public-facts.csv: %q", p.Pos, what, p.Source, p.Quote)
				}
			}
		}
	}
	quotes := 0
	for _, n := range ds.Nodes {
		n := n
		check(n.Type+" "+n.ID, n.Provenance, func(p Provenance) bool {
			return n.Type == "Source" && p.Source == n.ID && p.Quote == n.Props["title"]
		})
		quotes += len(n.Provenance)
	}
	for _, r := range ds.Relations {
		check(r.Type+" "+r.From+"→"+r.To, r.Provenance, func(Provenance) bool { return false })
		quotes += len(r.Provenance)
	}
	if quotes == 0 {
		t.Error("no quotes checked")
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
