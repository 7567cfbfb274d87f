package e2e

// Filtering by evidence level through the generated filters: root lists, root
// connections, relationship connections and relationship quantifiers. Every expected
// answer is computed from the seed data set's provenance entries and Source nodes, not
// from the level the loaders stored.

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/mineralgraph/mineralgraph/seed"
)

// evidenceOf is the strongest level among the sources prov cites, computed here.
func evidenceOf(levels map[string]string, prov []seed.Provenance) string {
	best := ""
	for _, p := range prov {
		if l := levels[p.Source]; best == "" || slices.Index(evidenceOrder, l) < slices.Index(evidenceOrder, best) {
			best = l
		}
	}
	return best
}

var evidenceOrder = []string{"VERBATIM", "DATA_ROW", "COMPILED"}

// query posts an inline document and decodes its data into out; any error fails the test.
func apiQuery(t *testing.T, e *testenv.Server, doc string, vars map[string]any, out any) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	r := apiSend(t, e, body)
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("HTTP %d, errors %+v", r.Status, r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("decode %s: %v", r.Data, err)
	}
}

func TestAPIEvidenceFilters(t *testing.T) {
	e := testenv.Seeded(t)
	ds, _ := seed.LoadEmbedded()
	levels := map[string]string{}
	for _, n := range ds.Nodes {
		if n.Type == "Source" {
			levels[n.ID] = n.Props["evidence"].(string)
		}
	}
	nodeLevel := map[string]string{}
	for _, n := range ds.Nodes {
		nodeLevel[n.ID] = evidenceOf(levels, n.Provenance)
	}
	strong := []any{"VERBATIM", "DATA_ROW"}
	isStrong := func(l string) bool { return l == "VERBATIM" || l == "DATA_ROW" }

	t.Run("root lists and connections", func(t *testing.T) {
		for _, typ := range []string{"Country", "Organization", "Partnership", "Measurement", "Policy"} {
			var want []string
			for _, n := range ds.Nodes {
				if n.Type == typ && isStrong(nodeLevel[n.ID]) {
					want = append(want, n.ID)
				}
			}
			field := map[string]string{"Country": "countries", "Organization": "organizations", "Partnership": "partnerships",
				"Measurement": "measurements", "Policy": "policies"}[typ]
			var list map[string][]struct{ ID, Evidence string }
			apiQuery(t, e, `query($w: `+typ+`Where) { `+field+`(where: $w, limit: 1000) { id evidence } }`,
				map[string]any{"w": apiObj("evidence", apiOp("in", strong))}, &list)
			var got []string
			for _, n := range list[field] {
				got = append(got, n.ID)
				if n.Evidence != nodeLevel[n.ID] {
					t.Errorf("%s %s: evidence %q, want %q", typ, n.ID, n.Evidence, nodeLevel[n.ID])
				}
			}
			apiSameSet(t, field+" backed by VERBATIM or DATA_ROW", got, want)

			var conn map[string]struct{ TotalCount int }
			apiQuery(t, e, `query($w: `+typ+`Where) { `+field+`Connection(where: $w, first: 1) { totalCount } }`,
				map[string]any{"w": apiObj("evidence", apiOp("eq", "COMPILED"))}, &conn)
			compiled := 0
			for _, n := range ds.Nodes {
				if n.Type == typ && nodeLevel[n.ID] == "COMPILED" {
					compiled++
				}
			}
			if got := conn[field+"Connection"].TotalCount; got != compiled {
				t.Errorf("%sConnection COMPILED: totalCount %d, want %d", field, got, compiled)
			}
		}
	})

	// The MSP's member countries whose membership edge is backed by a quote, and every
	// entry of such an edge served with its level.
	var mspEdges []*seed.Relation
	for _, r := range ds.Relations {
		if r.Type == "MEMBER_OF" && r.To == "msp" && r.FromType == "Country" {
			mspEdges = append(mspEdges, r)
		}
	}
	t.Run("relationship connection on edge evidence", func(t *testing.T) {
		var want []string
		for _, r := range mspEdges {
			if evidenceOf(levels, r.Provenance) == "VERBATIM" {
				want = append(want, r.From+"|"+r.Props["role"].(string))
			}
		}
		if len(want) == 0 || len(want) == len(mspEdges) {
			t.Fatalf("the data set no longer tells quoted from compiled memberships (%d of %d)", len(want), len(mspEdges))
		}
		var got struct {
			Partnership struct {
				MemberCountriesConnection struct {
					Edges []struct {
						Node       struct{ ID string }
						Properties struct {
							Role, Evidence string
							Provenance     []apiProvenance
						}
					}
				}
			}
		}
		apiQuery(t, e, `query($w: PartnershipMemberCountriesConnectionWhere) { partnership(id: "msp") {
			memberCountriesConnection(where: $w, first: 100) { edges { node { id }
				properties { role evidence provenance { evidence quote note source { id title } } } } } } }`,
			map[string]any{"w": apiObj("edge", apiObj("evidence", apiOp("eq", "VERBATIM")))}, &got)
		var keys []string
		for _, ed := range got.Partnership.MemberCountriesConnection.Edges {
			keys = append(keys, ed.Node.ID+"|"+ed.Properties.Role)
			if ed.Properties.Evidence != "VERBATIM" {
				t.Errorf("%s: evidence %q", ed.Node.ID, ed.Properties.Evidence)
			}
			for _, p := range ed.Properties.Provenance {
				if p.Evidence != levels[p.Source.ID] || (p.Evidence == "COMPILED") != (p.Quote == "") || (p.Note == "") == (p.Quote == "") {
					t.Errorf("%s: entry %+v: a COMPILED entry has a note and no quote, others a quote and no note", ed.Node.ID, p)
				}
			}
		}
		apiSameSet(t, "memberships backed by a quote", keys, want)
	})

	t.Run("relationship quantifiers", func(t *testing.T) {
		some, none := map[string]bool{}, map[string]bool{}
		for _, n := range ds.Nodes {
			if n.Type == "Country" {
				none[n.ID] = true
			}
		}
		for _, r := range mspEdges {
			if evidenceOf(levels, r.Provenance) == "VERBATIM" {
				some[r.From] = true
			}
			if evidenceOf(levels, r.Provenance) == "COMPILED" {
				delete(none, r.From)
			}
		}
		msp := apiObj("id", apiOp("eq", "msp"))
		apiRunFilterCases(t, e, []apiFilterCase{
			{"some membership of the MSP quoted", "countries", apiObj("memberOfConnection", apiObj("some",
				apiObj("node", msp, "edge", apiObj("evidence", apiOp("eq", "VERBATIM"))))), keysOf(some)},
			{"no membership of the MSP only compiled", "countries", apiObj("memberOfConnection", apiObj("none",
				apiObj("node", msp, "edge", apiObj("evidence", apiOp("eq", "COMPILED"))))), keysOf(none)},
		})
		// Node-level quantifier: partnerships with some member country itself backed by a quote.
		var want []string
		for _, n := range ds.Nodes {
			if n.Type != "Partnership" {
				continue
			}
			for _, r := range ds.Relations {
				if r.Type == "MEMBER_OF" && r.To == n.ID && r.FromType == "Country" && nodeLevel[r.From] == "VERBATIM" {
					want = append(want, n.ID)
					break
				}
			}
		}
		apiRunFilterCases(t, e, []apiFilterCase{{"some member country quoted", "partnerships",
			apiObj("memberCountries", apiObj("some", apiObj("evidence", apiOp("eq", "VERBATIM")))), want}})
	})
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
