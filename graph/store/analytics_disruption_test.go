package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// Disruption's alternatives: the projects at the figures' stage, agreements and policies
// about the mineral or one of its parts at any depth (a part's part is a part), each once
// even where two paths of parts reach it, outside the supplier (not located in it, not a
// party to it, not issued by it), with the projects' financings.
func TestDisruptionAlternativesOfTheMineralAndItsParts(t *testing.T) {
	st := storetest.New(t)
	node := func(typ, id string, kv ...any) store.NodeInput {
		return store.NodeInput{Type: typ, ID: id, Props: with(prov(id), append([]any{"name", "Name " + id, "aliases", []string{}}, kv...)...)}
	}
	rel := func(typ, fromType, from, toType, to string, kv ...any) store.RelationInput {
		return store.RelationInput{Type: typ, FromType: fromType, From: from, ToType: toType, To: to, Props: with(prov(from+" "+to), kv...)}
	}
	production := func(id string, value float64, kv ...any) store.NodeInput {
		return node("Measurement", id, append([]any{"metric", "PRODUCTION", "edition", "MCS2026", "year", int64(2025),
			"value", value, "canonicalValue", value, "qualifier", "EXACT", "stage", "MINING", "stageDetail", "Mine production",
			"unit", "metric tons", "canonicalUnit", "t"}, kv...)...)
	}
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
		node("Country", "CN"), node("Country", "AU"), node("Country", "US"),
		node("Mineral", "ree", "kind", "GROUP"), node("Mineral", "nd", "kind", "ELEMENT"), node("Mineral", "nd-oxide", "kind", "FORM"),
		node("Mineral", "nd-metal", "kind", "FORM"),
		node("Mineral", "copper", "kind", "ELEMENT"),
		production("p-cn", 60), production("p-au", 40), production("p-world", 100, "aggregate", "WORLD", "stageDetail", "Mine production: rounded"),
		node("Project", "pr-ree-au", "stage", "MINING"),         // the mineral's
		node("Project", "pr-nd-us", "stage", "MINING"),          // a part's
		node("Project", "pr-both", "stage", "MINING"),           // the mineral's and a part's: once
		node("Project", "pr-ree-cn", "stage", "MINING"),         // in the supplier
		node("Project", "pr-ree-refining", "stage", "REFINING"), // another stage
		node("Project", "pr-oxide", "stage", "MINING"),          // a part's part, by two paths: once
		node("Project", "pr-metal", "stage", "MINING"),          // a part three levels down
		node("Project", "pr-copper", "stage", "MINING"),         // another mineral
		node("Organization", "o-bank", "kind", "FINANCIER"), node("Organization", "o-fund", "kind", "FINANCIER"),
		node("Agreement", "ag-us-au", "kind", "MOU"), node("Agreement", "ag-cn", "kind", "MOU"), node("Agreement", "ag-nd", "kind", "MOU"),
		node("Policy", "pol-cn", "kind", "LAW"), node("Policy", "pol-us", "kind", "LAW"), node("Policy", "pol-none", "kind", "LAW"),
	}, Relations: []store.RelationInput{
		rel("ABOUT", "Measurement", "p-cn", "Country", "CN"), rel("ABOUT", "Measurement", "p-au", "Country", "AU"),
		rel("PART_OF", "Mineral", "nd", "Mineral", "ree"), rel("PART_OF", "Mineral", "nd-oxide", "Mineral", "nd"),
		rel("PART_OF", "Mineral", "nd-oxide", "Mineral", "ree"), rel("PART_OF", "Mineral", "nd-metal", "Mineral", "nd-oxide"),
		rel("LOCATED_IN", "Project", "pr-ree-au", "Country", "AU"), rel("LOCATED_IN", "Project", "pr-nd-us", "Country", "US"),
		rel("LOCATED_IN", "Project", "pr-ree-cn", "Country", "CN"),
		rel("FINANCES", "Organization", "o-bank", "Project", "pr-ree-au", "instrument", "LOAN"),
		rel("FINANCES", "Organization", "o-fund", "Project", "pr-nd-us", "instrument", "GUARANTEE"),
		rel("FINANCES", "Organization", "o-bank", "Project", "pr-ree-cn", "instrument", "LOAN"),
		rel("PARTY_TO", "Country", "US", "Agreement", "ag-us-au"), rel("PARTY_TO", "Country", "AU", "Agreement", "ag-us-au"),
		rel("PARTY_TO", "Country", "CN", "Agreement", "ag-cn"),
		rel("ISSUES", "Country", "CN", "Policy", "pol-cn"), rel("ISSUES", "Country", "US", "Policy", "pol-us"),
	}}
	for _, e := range [][2]string{{"p-cn", "ree"}, {"p-au", "ree"}, {"p-world", "ree"},
		{"pr-ree-au", "ree"}, {"pr-nd-us", "nd"}, {"pr-both", "ree"}, {"pr-both", "nd"}, {"pr-ree-cn", "ree"},
		{"pr-ree-refining", "ree"}, {"pr-oxide", "nd-oxide"}, {"pr-metal", "nd-metal"}, {"pr-copper", "copper"},
		{"ag-us-au", "ree"}, {"ag-cn", "ree"}, {"ag-nd", "nd"}, {"pol-cn", "ree"}, {"pol-us", "nd"}, {"pol-none", "nd-oxide"}} {
		from := "Measurement"
		for prefix, typ := range map[string]string{"pr-": "Project", "ag-": "Agreement", "pol-": "Policy"} {
			if strings.HasPrefix(e[0], prefix) {
				from = typ
			}
		}
		b.Relations = append(b.Relations, rel("INVOLVES_MINERAL", from, e[0], "Mineral", e[1]))
	}
	ctx := context.Background()
	if _, err := st.Apply(ctx, b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	stage := "MINING"
	// Some nodes projected, as the API asks them (a projection keeps the id), others whole.
	args := store.SupplyArgs{Mineral: "ree", Stage: &stage, Metric: "PRODUCTION"}
	d, err := st.Disruption(ctx, "CN", args, 100, store.DisruptionProps{Project: []string{"id"}, FinancedProject: []string{"name"}})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(nodes []map[string]any) []string {
		var out []string
		for _, n := range nodes {
			out = append(out, fmt.Sprint(n["id"]))
		}
		return out
	}
	var financings []string
	for _, f := range d.Financings {
		financings = append(financings, fmt.Sprintf("%s>%s %s", f.Financier["id"], f.Project["id"], f.Financing["instrument"]))
	}
	// By name: "Name pr-both" < "Name pr-metal" < "Name pr-nd-us" < "Name pr-oxide" < "Name pr-ree-au".
	for what, c := range map[string]struct{ got, want []string }{
		"projects":   {ids(d.Projects), []string{"pr-both", "pr-metal", "pr-nd-us", "pr-oxide", "pr-ree-au"}},
		"financings": {financings, []string{"o-fund>pr-nd-us GUARANTEE", "o-bank>pr-ree-au LOAN"}},
		"agreements": {ids(d.Agreements), []string{"ag-nd", "ag-us-au"}},
		"policies":   {ids(d.Policies), []string{"pol-none", "pol-us"}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: got %q, want %q", what, c.got, c.want)
		}
	}
	// A limit cuts every list to its first items, in the same order; the counts stay
	// those of the whole lists.
	for limit := range 3 {
		cut, err := st.Disruption(ctx, "CN", args, limit, store.DisruptionProps{})
		if err != nil {
			t.Fatal(err)
		}
		var cutFinancings []string
		for _, f := range cut.Financings {
			cutFinancings = append(cutFinancings, fmt.Sprintf("%s>%s %s", f.Financier["id"], f.Project["id"], f.Financing["instrument"]))
		}
		for what, c := range map[string]struct {
			got, whole []string
			count      int
		}{
			"projects":   {ids(cut.Projects), ids(d.Projects), cut.ProjectCount},
			"financings": {cutFinancings, financings, cut.FinancingCount},
			"agreements": {ids(cut.Agreements), ids(d.Agreements), cut.AgreementCount},
			"policies":   {ids(cut.Policies), ids(d.Policies), cut.PolicyCount},
		} {
			if want := c.whole[:min(limit, len(c.whole))]; !slices.Equal(c.got, want) {
				t.Errorf("limit %d: %s: got %q, want %q", limit, what, c.got, want)
			}
			if c.count != len(c.whole) {
				t.Errorf("limit %d: %s: count %d, want %d", limit, what, c.count, len(c.whole))
			}
		}
	}
	if _, err := st.Disruption(ctx, "CN", args, store.DisruptionMaxLimit+1, store.DisruptionProps{}); err == nil {
		t.Errorf("a limit above %d was accepted", store.DisruptionMaxLimit)
	}
}
