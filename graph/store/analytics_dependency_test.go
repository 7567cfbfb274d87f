package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

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
	node := func(typ, id string, kv ...any) store.NodeInput {
		return store.NodeInput{Type: typ, ID: id, Props: with(prov(id), kv...)}
	}
	rel := func(typ, fromType, from, toType, to string, kv ...any) store.RelationInput {
		return store.RelationInput{Type: typ, FromType: fromType, From: from, ToType: toType, To: to, Props: with(prov(from+" "+to), kv...)}
	}
	country := func(id string) store.NodeInput {
		return node("Country", id, "name", "Country "+id, "aliases", []string{})
	}
	agreement := func(id string) store.NodeInput {
		return node("Agreement", id, "name", "Agreement "+id, "aliases", []string{}, "kind", "MOU")
	}
	figure := func(id, metric, edition string, value float64, kv ...any) store.NodeInput {
		return node("Measurement", id, append([]any{"name", id, "aliases", []string{}, "metric", metric, "edition", edition,
			"year", int64(2025), "value", value, "qualifier", "EXACT", "unit", "percent"}, kv...)...)
	}
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
		want []string // mineral / measurement: country, partner, agreements (in answer order)
	}{
		{"", []string{ // as of the figures' year, 2025: Japan's membership has ended
			"gallium/ga-ca-comp: CA true [a-us-ca a-us-jp-ca]", "gallium/ga-ca-metal: CA true [a-us-ca a-us-jp-ca]",
			"gallium/ga-jp: JP false [a-us-jp-ca]", "gallium/ga-cn: CN false []", "gallium/ga-other: - false []",
			"indium/in-ca: CA true [a-us-ca a-us-jp-ca]", "indium/in-jp: JP false [a-us-jp-ca]"}},
		{"2023", []string{
			"gallium/ga-ca-comp: CA true [a-us-ca a-us-jp-ca]", "gallium/ga-ca-metal: CA true [a-us-ca a-us-jp-ca]",
			"gallium/ga-jp: JP true [a-us-jp-ca]", "gallium/ga-cn: CN false []", "gallium/ga-other: - false []",
			"indium/in-ca: CA true [a-us-ca a-us-jp-ca]", "indium/in-jp: JP true [a-us-jp-ca]"}},
	} {
		args := store.DependencyArgs{Country: "US", Partnership: &partnership}
		if tc.asOf != "" {
			args.AsOf = &tc.asOf
		}
		d, err := st.Dependency(ctx, args)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range d.Minerals {
			for _, s := range m.ImportSources {
				c := "-"
				if s.Country != nil {
					c = fmt.Sprint(s.Country["id"])
				}
				var ags []string
				for _, a := range s.Agreements {
					ags = append(ags, fmt.Sprint(a["id"]))
				}
				slices.Sort(ags)
				got = append(got, fmt.Sprintf("%s/%s: %s %v %v", m.Mineral["id"], s.Measurement["id"], c, s.Partner, ags))
			}
		}
		// The answer's order: gallium (100 %) before indium, each mineral's sources by form
		// (stageDetail), then share, largest first.
		if !slices.Equal(got, tc.want) {
			t.Errorf("asOf %q: import sources\n got %q\nwant %q", tc.asOf, got, tc.want)
		}
	}
}
