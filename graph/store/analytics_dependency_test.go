package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// Dependency checks partnership and agreements once per source country and hands the
// answer to every row naming it: a country that is the source of several minerals, or of
// one mineral in several forms, is a partner (or not) and shares agreements with the
// home country in each of them; "Other countries" has no country; an observer or an
// ended membership is no partnership; an agreement counts only with both as parties.
func TestDependencyPartnersAndAgreementsPerSourceCountry(t *testing.T) {
	st := storetest.New(t)
	node, rel, country, figure := depNode, depRel, depCountry, depFigure
	agreement := func(id string) store.NodeInput { return depAgreement(id, "Agreement "+id) }
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
		country("US"), country("CA"), country("JP"), country("CN"), country("FR"),
		node("Partnership", "p", "name", "P", "aliases", []string{}, "kind", "INITIATIVE"),
		agreement("a-us-ca"), agreement("a-us-jp-ca"), agreement("a-cn-fr"), agreement("a-ca"),
		node("Mineral", "gallium", "name", "Gallium", "aliases", []string{}, "kind", "ELEMENT"),
		node("Mineral", "indium", "name", "Indium", "aliases", []string{}, "kind", "ELEMENT"),
		figure("nir-ga", "NET_IMPORT_RELIANCE", "MCS2026", 100, "stageDetail", "Gallium"),
		figure("nir-in", "NET_IMPORT_RELIANCE", "MCS2026", 90, "stageDetail", "Indium"),
		// Gallium: Canada in two forms, Japan, China, "Other countries"; indium: Canada, Japan.
		figure("ga-ca-metal", "IMPORT_SOURCE_SHARE", "MCS2026", 30, "stageDetail", "Metal", "yearFrom", int64(2021)),
		figure("ga-ca-comp", "IMPORT_SOURCE_SHARE", "MCS2026", 20, "stageDetail", "Compounds", "yearFrom", int64(2021)),
		figure("ga-jp", "IMPORT_SOURCE_SHARE", "MCS2026", 25, "stageDetail", "Metal", "yearFrom", int64(2021)),
		figure("ga-cn", "IMPORT_SOURCE_SHARE", "MCS2026", 15, "stageDetail", "Metal", "yearFrom", int64(2021)),
		figure("ga-other", "IMPORT_SOURCE_SHARE", "MCS2026", 10, "stageDetail", "Metal", "yearFrom", int64(2021)),
		figure("in-ca", "IMPORT_SOURCE_SHARE", "MCS2026", 60, "stageDetail", "All", "yearFrom", int64(2021)),
		figure("in-jp", "IMPORT_SOURCE_SHARE", "MCS2026", 40, "stageDetail", "All", "yearFrom", int64(2021)),
		// An older edition's source: not among the answer's.
		figure("ga-fr-old", "IMPORT_SOURCE_SHARE", "MCS2025", 50, "stageDetail", "Metal", "yearFrom", int64(2020)),
	}, Relations: []store.RelationInput{
		rel("MEMBER_OF", "Country", "CA", "Partnership", "p", "role", "FOUNDING_PARTNER", "validFrom", "2022-06"),
		rel("MEMBER_OF", "Country", "JP", "Partnership", "p", "role", "PARTNER", "validFrom", "2022-06", "validTo", "2024-01"),
		rel("MEMBER_OF", "Country", "CN", "Partnership", "p", "role", "OBSERVER", "validFrom", "2022-06"),
		rel("PARTY_TO", "Country", "US", "Agreement", "a-us-ca"), rel("PARTY_TO", "Country", "CA", "Agreement", "a-us-ca"),
		rel("PARTY_TO", "Country", "US", "Agreement", "a-us-jp-ca"), rel("PARTY_TO", "Country", "JP", "Agreement", "a-us-jp-ca"),
		rel("PARTY_TO", "Country", "CA", "Agreement", "a-us-jp-ca"),
		rel("PARTY_TO", "Country", "CN", "Agreement", "a-cn-fr"), rel("PARTY_TO", "Country", "FR", "Agreement", "a-cn-fr"),
		rel("PARTY_TO", "Country", "CA", "Agreement", "a-ca"),
	}}
	for id, mineral := range map[string]string{"nir-ga": "gallium", "nir-in": "indium", "ga-ca-metal": "gallium", "ga-ca-comp": "gallium",
		"ga-jp": "gallium", "ga-cn": "gallium", "ga-other": "gallium", "in-ca": "indium", "in-jp": "indium", "ga-fr-old": "gallium"} {
		b.Relations = append(b.Relations, rel("ABOUT", "Measurement", id, "Country", "US"), rel("INVOLVES_MINERAL", "Measurement", id, "Mineral", mineral))
	}
	for id, src := range map[string]string{"ga-ca-metal": "CA", "ga-ca-comp": "CA", "ga-jp": "JP", "ga-cn": "CN", "in-ca": "CA", "in-jp": "JP", "ga-fr-old": "FR"} {
		b.Relations = append(b.Relations, rel("RELATIVE_TO", "Measurement", id, "Country", src))
	}
	ctx := context.Background()
	if _, err := st.Apply(ctx, b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	partnership := "p"
	for _, tc := range []struct {
		asOf string
		want []string // mineral / measurement: country, partner, agreement count and ids (in answer order)
	}{
		{"", []string{ // as of the figures' year, 2025: Japan's membership has ended
			"gallium/ga-ca-comp: CA true 2 [a-us-ca a-us-jp-ca]", "gallium/ga-ca-metal: CA true 2 [a-us-ca a-us-jp-ca]",
			"gallium/ga-jp: JP false 1 [a-us-jp-ca]", "gallium/ga-cn: CN false 0 []", "gallium/ga-other: - false 0 []",
			"indium/in-ca: CA true 2 [a-us-ca a-us-jp-ca]", "indium/in-jp: JP false 1 [a-us-jp-ca]"}},
		{"2023", []string{
			"gallium/ga-ca-comp: CA true 2 [a-us-ca a-us-jp-ca]", "gallium/ga-ca-metal: CA true 2 [a-us-ca a-us-jp-ca]",
			"gallium/ga-jp: JP true 1 [a-us-jp-ca]", "gallium/ga-cn: CN false 0 []", "gallium/ga-other: - false 0 []",
			"indium/in-ca: CA true 2 [a-us-ca a-us-jp-ca]", "indium/in-jp: JP true 1 [a-us-jp-ca]"}},
	} {
		args := store.DependencyArgs{Country: "US", Partnership: &partnership, AgreementLimit: store.DependencyDefaultAgreements}
		if tc.asOf != "" {
			args.AsOf = &tc.asOf
		}
		d, err := st.Dependency(ctx, args)
		if err != nil {
			t.Fatal(err)
		}
		got := sourceRows(d)
		// The answer's order: gallium (100 %) before indium, each mineral's sources by form
		// (stageDetail), then share, largest first.
		if !slices.Equal(got, tc.want) {
			t.Errorf("asOf %q: import sources\n got %q\nwant %q", tc.asOf, got, tc.want)
		}
	}
}

// sourceRows are the answer's import sources in its order, one line each: mineral / figure:
// country ("-" for none), partner, agreement count, the agreements listed (ids in order).
func sourceRows(d *store.Dependency) []string {
	var rows []string
	for _, m := range d.Minerals {
		for _, s := range m.ImportSources {
			c := "-"
			if s.Country != nil {
				c = fmt.Sprint(s.Country["id"])
			}
			ids := []string{}
			for _, a := range s.Agreements {
				ids = append(ids, fmt.Sprint(a["id"]))
			}
			rows = append(rows, fmt.Sprintf("%s/%s: %s %v %d %v", m.Mineral["id"], s.Measurement["id"], c, s.Partner, s.AgreementCount, ids))
		}
	}
	return rows
}

// The fixtures' nodes and relationships, with provenance.
func depNode(typ, id string, kv ...any) store.NodeInput {
	return store.NodeInput{Type: typ, ID: id, Props: with(prov(id), kv...)}
}

func depRel(typ, fromType, from, toType, to string, kv ...any) store.RelationInput {
	return store.RelationInput{Type: typ, FromType: fromType, From: from, ToType: toType, To: to, Props: with(prov(from+" "+to), kv...)}
}

func depCountry(id string) store.NodeInput {
	return depNode("Country", id, "name", "Country "+id, "aliases", []string{})
}

func depAgreement(id, name string) store.NodeInput {
	return depNode("Agreement", id, "name", name, "aliases", []string{}, "kind", "MOU")
}

func depFigure(id, metric, edition string, value float64, kv ...any) store.NodeInput {
	return depNode("Measurement", id, append([]any{"name", id, "aliases", []string{}, "metric", metric, "edition", edition,
		"year", int64(2025), "value", value, "qualifier", "EXACT", "unit", "percent"}, kv...)...)
}

// Each import source lists the first AgreementLimit of the agreements it and the country
// are both parties to, by name, and counts them all; a limit outside 0 to 1,000 is
// BAD_USER_INPUT. Only the kept minerals' sources come, those about the country (not
// another country's of the same edition), under every form of the mineral.
func TestDependencyAgreementLimitAndSourcesOfTheKeptMinerals(t *testing.T) {
	st := storetest.New(t)
	// Canada shares five agreements with the United States (ids not in name order) and
	// has one of its own; Japan shares one.
	shared := map[string]string{"ag-1": "Kappa accord", "ag-2": "Alpha pact", "ag-3": "Zeta treaty", "ag-4": "Delta MOU", "ag-5": "Beta charter"}
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
		depCountry("US"), depCountry("CA"), depCountry("JP"),
		depAgreement("ag-ca", "Canada alone"), depAgreement("ag-jp", "Japan pact"),
		depNode("Mineral", "gallium", "name", "Gallium", "aliases", []string{}, "kind", "ELEMENT"),
		depNode("Mineral", "indium", "name", "Indium", "aliases", []string{}, "kind", "ELEMENT"),
		// Gallium in two forms above 50 %; indium below.
		depFigure("nir-ga-metal", "NET_IMPORT_RELIANCE", "MCS2026", 100, "stageDetail", "Metal"),
		depFigure("nir-ga-comp", "NET_IMPORT_RELIANCE", "MCS2026", 60, "stageDetail", "Compounds"),
		depFigure("nir-in", "NET_IMPORT_RELIANCE", "MCS2026", 20, "stageDetail", "Indium"),
		depFigure("ga-ca", "IMPORT_SOURCE_SHARE", "MCS2026", 50, "stageDetail", "All", "yearFrom", int64(2021)),
		depFigure("ga-jp", "IMPORT_SOURCE_SHARE", "MCS2026", 40, "stageDetail", "All", "yearFrom", int64(2021)),
		depFigure("ga-other", "IMPORT_SOURCE_SHARE", "MCS2026", 10, "stageDetail", "All", "yearFrom", int64(2021)),
		depFigure("in-ca", "IMPORT_SOURCE_SHARE", "MCS2026", 100, "stageDetail", "All", "yearFrom", int64(2021)),
		// Japan's own import source of gallium, from Canada: not the United States'.
		depFigure("jp-ga-ca", "IMPORT_SOURCE_SHARE", "MCS2026", 70, "stageDetail", "All", "yearFrom", int64(2021)),
	}}
	for id, name := range shared {
		b.Nodes = append(b.Nodes, depAgreement(id, name))
		b.Relations = append(b.Relations, depRel("PARTY_TO", "Country", "US", "Agreement", id), depRel("PARTY_TO", "Country", "CA", "Agreement", id))
	}
	b.Relations = append(b.Relations, depRel("PARTY_TO", "Country", "CA", "Agreement", "ag-ca"),
		depRel("PARTY_TO", "Country", "US", "Agreement", "ag-jp"), depRel("PARTY_TO", "Country", "JP", "Agreement", "ag-jp"))
	figures := map[string][3]string{ // mineral, about, from
		"nir-ga-metal": {"gallium", "US", ""}, "nir-ga-comp": {"gallium", "US", ""}, "nir-in": {"indium", "US", ""},
		"ga-ca": {"gallium", "US", "CA"}, "ga-jp": {"gallium", "US", "JP"}, "ga-other": {"gallium", "US", ""},
		"in-ca": {"indium", "US", "CA"}, "jp-ga-ca": {"gallium", "JP", "CA"},
	}
	for id, f := range figures {
		b.Relations = append(b.Relations, depRel("INVOLVES_MINERAL", "Measurement", id, "Mineral", f[0]), depRel("ABOUT", "Measurement", id, "Country", f[1]))
		if f[2] != "" {
			b.Relations = append(b.Relations, depRel("RELATIVE_TO", "Measurement", id, "Country", f[2]))
		}
	}
	ctx := context.Background()
	if _, err := st.Apply(ctx, b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	byName := slices.Collect(maps.Keys(shared))
	slices.SortFunc(byName, func(a, b string) int { return strings.Compare(shared[a], shared[b]) })
	fifty := 50.0
	for _, limit := range []int{0, 2, 5, store.DependencyDefaultAgreements, store.DependencyMaxAgreements} {
		d, err := st.Dependency(ctx, store.DependencyArgs{Country: "US", MinReliance: &fifty, AgreementLimit: limit})
		if err != nil {
			t.Fatal(err)
		}
		listed := func(ids []string) string { return fmt.Sprint(ids[:min(limit, len(ids))]) }
		got := sourceRows(d)
		var want []string
		for range []string{"nir-ga-metal", "nir-ga-comp"} { // the same sources under each form
			want = append(want, fmt.Sprintf("gallium/ga-ca: CA false %d %s", len(byName), listed(byName)),
				fmt.Sprintf("gallium/ga-jp: JP false 1 %s", listed([]string{"ag-jp"})),
				"gallium/ga-other: - false 0 []")
		}
		if !slices.Equal(got, want) {
			t.Errorf("limit %d: import sources\n got %q\nwant %q", limit, got, want)
		}
	}
	// The country and the partnership come with the properties asked (the id always); an
	// unknown partnership is NOT_FOUND whatever is asked of it.
	nope := "nope"
	props := store.DependencyProps{Home: []string{"name"}, Partnership: []string{"name"}}
	d, err := st.Dependency(ctx, store.DependencyArgs{Country: "US", Props: props})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(d.Country) != "map[id:US name:Country US]" || d.Partnership != nil {
		t.Errorf("country %v, partnership %v; want the United States' id and name, no partnership", d.Country, d.Partnership)
	}
	if _, err := st.Dependency(ctx, store.DependencyArgs{Country: "US", Partnership: &nope, Props: props}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("partnership %q: %v, want a NOT_FOUND error", nope, err)
	}
	for _, limit := range []int{-1, store.DependencyMaxAgreements + 1} {
		_, err := st.Dependency(ctx, store.DependencyArgs{Country: "US", AgreementLimit: limit})
		if apperr.CodeOf(err) != apperr.BadUserInput {
			t.Errorf("limit %d: %v, want a BAD_USER_INPUT error", limit, err)
		}
	}
}
