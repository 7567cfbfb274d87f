package e2e

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
)

// The analytics return of each node only the properties the selection reads: every field
// asked of a node in an analytic answer, stored or provenance or a relationship, must
// answer as the same node does when looked up by id.
func TestAnalyticNodesAnswerAsTheNodesDo(t *testing.T) {
	h := fullServer(t) // a minute per request: at load 20 the analytics took over 10 s
	const figure = `id metric edition year yearFrom period stageDetail value canonicalValue unit qualifier estimated aggregate
  provenance { locator source { id } } minerals { id }`
	const country = `id name territory memberOf { id }`
	for name, query := range map[string]string{
		"supply": `{ supply(mineral: "nickel", stage: MINING) { mineral { id name kind }
  worldTotalMeasurement { ` + figure + ` } otherMeasurement { ` + figure + ` }
  shares { country { ` + country + ` } measurements { ` + figure + ` } } withheld { country { id } measurements { id note } } } }`,
		"concentration": `{ concentration(limit: 5) { minerals { mineral { id name usCritical2025 }
  top { country { ` + country + ` } measurements { ` + figure + ` } } } } }`,
		"coverage": `{ coverage(mineral: "cobalt", stage: MINING, of: { partnership: "msp" }) { members { ` + country + ` }
  contributing { country { name } measurements { ` + figure + ` } } largestNonMember { country { ` + country + ` } } } }`,
		"dependency": `{ dependency(partnership: "msp", minReliance: 90) { minerals { mineral { id name } measurement { ` + figure + ` }
  importSources { country { ` + country + ` } agreements { id name } measurement { ` + figure + ` } } } } }`,
		"disruption": `{ disruption(supplier: "CN", mineral: "rare-earths", stage: MINING) { before { shares { country { ` + country + ` } } }
  importersAtStake { country { ` + country + ` } measurement { ` + figure + ` } }
  projects { id name stage } financings { financier { id name } project { id name } }
  agreements { id name } policies { id name } } }`,
	} {
		t.Run(name, func(t *testing.T) {
			resp := h.Post(t, query, nil)
			if len(resp.Errors) > 0 {
				t.Fatalf("%+v", resp.Errors)
			}
			var data any
			if err := json.Unmarshal(resp.Data, &data); err != nil {
				t.Fatal(err)
			}
			byID := map[string]map[string]any{}
			nodesIn(data, byID)
			if len(byID) < 3 {
				t.Fatalf("%d nodes in the answer: %s", len(byID), resp.Data)
			}
			ids := make([]string, 0, len(byID))
			for id := range byID {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for start := 0; start < len(ids); start += 100 {
				batch := ids[start:min(start+100, len(ids))]
				look := h.Post(t, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Measurement { `+figure+` note }
  ... on Country { `+country+` } ... on Mineral { id name kind usCritical2025 } ... on Agreement { id name }
  ... on Policy { id name } ... on Organization { id name } ... on Project { id name stage minerals { id } }
  ... on Partnership { id } } }`,
					map[string]any{"ids": batch})
				var got struct{ Nodes []map[string]any }
				look.Decode(t, &got)
				for i, id := range batch {
					for field, v := range byID[id] {
						if want := got.Nodes[i][field]; !reflect.DeepEqual(v, want) {
							t.Errorf("%s.%s: the analytic answers %v, the node %v", id, field, v, want)
						}
					}
				}
			}
		})
	}
}

// nodesIn collects the objects with an id in an answer (fields merged where a node is
// selected at several places); a provenance is compared as one of its node's fields.
func nodesIn(v any, byID map[string]map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x["id"].(string); ok {
			if byID[id] == nil {
				byID[id] = map[string]any{}
			}
			for k, f := range x {
				byID[id][k] = f
			}
		}
		for k, f := range x {
			if k != "provenance" {
				nodesIn(f, byID)
			}
		}
	case []any:
		for _, f := range x {
			nodesIn(f, byID)
		}
	}
}
