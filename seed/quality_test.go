package seed

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The audit's classes of defect, each checked over the whole embedded data set.

// TestEmbeddedQuotesFitTheirFacts: every provenance entry of a relation names both ends
// (by name, alias or id) or carries the figure of its end that is a Measurement, or of
// the relation (amount, stake). A row spliced onto facts it does not state fails here.
// Reviewed exceptions, each with its reason, are in quotefit_exceptions.txt.
func TestEmbeddedQuotesFitTheirFacts(t *testing.T) {
	ds, _ := LoadEmbedded()
	nodes := map[string]*Node{}
	for _, n := range ds.Nodes {
		nodes[n.ID] = n
	}
	exceptions := readExceptions(t)
	used := map[string]bool{}
	failures := 0
	for _, r := range ds.Relations {
		id := r.From + "|" + r.Type + "|" + r.To + "|" + r.Key
		for i, p := range r.Provenance {
			if quoteFits(p.Quote, nodes[r.From], nodes[r.To], r.Props) {
				continue
			}
			key := fmt.Sprintf("%s#%d", id, i)
			if _, ok := exceptions[key]; ok {
				used[key] = true
				continue
			}
			failures++
			t.Errorf("%s: %s: entry %d (%s) names neither %q nor %q nor the figure: %.160q", p.Pos, id, i, p.Source, r.From, r.To, p.Quote)
		}
	}
	for key := range exceptions {
		if !used[key] {
			t.Errorf("quotefit_exceptions.txt: %s is no longer an exception: remove it", key)
		}
	}
	if len(exceptions) > 40 {
		t.Errorf("%d exceptions: the list is meant to be short and reviewed", len(exceptions))
	}
	t.Logf("%d relations checked, %d reviewed exceptions, %d failures", len(ds.Relations), len(exceptions), failures)
}

// quoteFits reports whether quote names both nodes, or carries a figure of a measurement
// end or of the relation's properties.
func quoteFits(quote string, from, to *Node, props map[string]any) bool {
	if from == nil || to == nil {
		return true // an unknown end is TestEmbeddedDataSetValid's business
	}
	if names(quote, from) && names(quote, to) {
		return true
	}
	// An entity whose own name names the other end implies the relation (the quote naming
	// the "US–Japan critical minerals agreement" names a party to it).
	if (names(quote, from) && names(nameOf(from), to)) || (names(quote, to) && names(nameOf(to), from)) {
		return true
	}
	var figures []any
	for _, n := range []*Node{from, to} {
		if n.Type == "Measurement" {
			figures = append(figures, n.Props["value"])
			if names(quote, from) || names(quote, to) {
				return containsFigure(quote, n.Props["value"])
			}
		}
	}
	figures = append(figures, props["amount"], props["stake"])
	for _, f := range figures {
		if containsFigure(quote, f) && (names(quote, from) || names(quote, to)) {
			return true
		}
	}
	return false
}

// referringExpressions are the other ways the sources refer to an entity: capitals for
// governments, demonyms, and the article's abbreviations. Reviewed; not aliases, which
// the full-text search reads.
var referringExpressions = map[string][]string{
	"US":                {"Washington", "American", "US President", "Trump Administration", "Biden Administration", "the US"},
	"CN":                {"Beijing", "Chinese"},
	"KR":                {"Seoul", "Korean"},
	"CA":                {"Ottawa", "Canadian"},
	"AU":                {"Australian"},
	"JP":                {"Tokyo", "Japanese"},
	"DE":                {"German"},
	"rare-earths":       {"REE", "REEs", "Rare Earth", "Sm, Gd, Tb, Dy, Lu, Sc, Y"},
	"critical-minerals": {"critical mineral", "minerals and materials", "minerals"},
	"ev-batteries":      {"battery"},
	"electric-vehicles": {"EVs"},
}

// names reports whether text names n by id, name or alias (whole words for short ones), or
// is a passage that also states n itself (an unnamed entity is named by the passage that
// defines it, e.g. "bilateral arrangements signed with Ukraine").
func names(text string, n *Node) bool {
	for _, p := range n.Provenance {
		if strings.Contains(p.Quote, text) || strings.Contains(text, p.Quote) {
			return true
		}
	}
	low := strings.ToLower(text)
	candidates := append([]string{n.ID}, referringExpressions[n.ID]...)
	if name, ok := n.Props["name"].(string); ok {
		candidates = append(candidates, name)
	}
	if aliases, ok := n.Props["aliases"].([]string); ok {
		candidates = append(candidates, aliases...)
	}
	if n.Type == "Measurement" {
		return true // a measurement is named by its figure, checked separately
	}
	for _, c := range candidates {
		c = strings.ToLower(strings.TrimSpace(c))
		if len(c) < 2 {
			continue
		}
		if len(c) <= 3 {
			if regexp.MustCompile(`\b` + regexp.QuoteMeta(c) + `\b`).MatchString(low) {
				return true
			}
			continue
		}
		if strings.Contains(low, c) {
			return true
		}
	}
	return false
}

func nameOf(n *Node) string {
	s, _ := n.Props["name"].(string)
	return s
}

// containsFigure reports whether text holds the number v (as 67, 67.0, 1,270 or 1270).
func containsFigure(text string, v any) bool {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int64:
		f = float64(x)
	default:
		return false
	}
	plain := strings.ReplaceAll(text, ",", "")
	s := strconv.FormatFloat(f, 'f', -1, 64)
	return regexp.MustCompile(`(^|[^0-9.])` + regexp.QuoteMeta(s) + `($|[^0-9])`).MatchString(plain)
}

// readExceptions reads `relation-id#entry<TAB>reason` lines; # starts a comment line.
func readExceptions(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("quotefit_exceptions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		key, reason, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(reason) == "" {
			t.Errorf("quotefit_exceptions.txt: %q has no reason", line)
			continue
		}
		out[key] = reason
	}
	return out
}

// TestEmbeddedNoOverlappingDuplicates: no two relations of one type between the same
// nodes hold at the same time (one membership per member and partnership; a later
// source adds provenance to the same edge).
func TestEmbeddedNoOverlappingDuplicates(t *testing.T) {
	ds, _ := LoadEmbedded()
	byPair := map[string][]*Relation{}
	for _, r := range ds.Relations {
		k := r.Type + " " + r.From + "→" + r.To
		byPair[k] = append(byPair[k], r)
	}
	keys := make([]string, 0, len(byPair))
	for k := range byPair {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rs := byPair[k]
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				if overlap(rs[i], rs[j]) {
					t.Errorf("%s and %s: two %s facts that hold at the same time", rs[i].Pos, rs[j].Pos, k)
				}
			}
		}
	}
}

// overlap reports whether the validity intervals of a and b meet; a relation without
// dates holds throughout. Two financings told apart by instrument or amount are not
// duplicates.
func overlap(a, b *Relation) bool {
	for _, p := range []string{"instrument", "amount", "currency", "stake"} {
		if fmt.Sprint(a.Props[p]) != fmt.Sprint(b.Props[p]) {
			return false
		}
	}
	from := func(r *Relation) string { s, _ := r.Props["validFrom"].(string); return s }
	to := func(r *Relation) string {
		if s, ok := r.Props["validTo"].(string); ok {
			return s
		}
		return "9999"
	}
	return from(a) < to(b) && from(b) < to(a)
}

// endWords are what a text says when it states that something ended.
var endWords = regexp.MustCompile(`(?i)\b(until|through|end|ended|ending|concluding|succeeded|expired|repealed|superseded|replaced|closed|to 20\d\d|-20\d\d)`)

// TestEmbeddedEndDatesAreStated: a validTo needs a provenance entry whose text states an
// end, or the year it ends in.
func TestEmbeddedEndDatesAreStated(t *testing.T) {
	ds, _ := LoadEmbedded()
	check := func(pos Pos, what string, props map[string]any, prov []Provenance) {
		to, ok := props["validTo"].(string)
		if !ok {
			return
		}
		for _, p := range prov {
			if endWords.MatchString(p.Quote) || strings.Contains(p.Quote, to[:4]) {
				return
			}
		}
		t.Errorf("%s: %s ends %s but no provenance entry states an end", pos, what, to)
	}
	for _, n := range ds.Nodes {
		check(n.Pos, n.Type+" "+n.ID, n.Props, n.Provenance)
	}
	for _, r := range ds.Relations {
		check(r.Pos, r.Type+" "+r.From+"→"+r.To, r.Props, r.Provenance)
	}
}
