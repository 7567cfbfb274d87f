package e2e

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// A root field's plan is kept per parsed document (graph/loader/plan_cache.go) and each
// request binds its own variables into it. Sent again with other variables, a document
// must answer what the same query with those values written in answers (another
// document, planned afresh): in nested arguments, in a root connection's nested fields,
// and in @include/@skip, which change the fields and properties read.
func TestADocumentAnswersEachRequestsVariables(t *testing.T) {
	e := testenv.Seeded(t)
	const ps = `partnerships(sort: [{ name: ASC }], limit: 4)`
	tests := []struct {
		name, query string
		vars        []map[string]any
	}{
		{
			name:  "a nested limit and filter",
			query: `query($n: Int, $kind: OrganizationKind) { ` + ps + ` { id memberCountries(sort: [{ name: ASC }], limit: $n) { id organizations(where: { kind: { eq: $kind } }, sort: [{ name: ASC }], limit: 3) { id } } } }`,
			vars:  []map[string]any{{"n": 1, "kind": "FINANCIER"}, {"n": 3, "kind": "COMPANY"}, {"n": 1, "kind": "FINANCIER"}},
		},
		{
			name:  "a root connection's nested page",
			query: `query($n: Int) { partnershipsConnection(where: { id: { in: ["msp", "g7"] } }, sort: [{ name: ASC }]) { totalCount edges { node { id memberCountriesConnection(first: $n, sort: [{ node: { name: ASC } }]) { totalCount edges { node { id } } } } } } }`,
			vars:  []map[string]any{{"n": 1}, {"n": 5}},
		},
		{
			name:  "fields included by a variable",
			query: `query($name: Boolean!, $more: Boolean!) { ` + ps + ` { id memberCountries(sort: [{ name: ASC }], limit: 2) { id name @include(if: $name) ... on Country @skip(if: $more) { aliases } } } }`,
			vars:  []map[string]any{{"name": false, "more": false}, {"name": true, "more": true}, {"name": true, "more": false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, vars := range tt.vars {
				got := apiAnswerWith(t, e, tt.query, vars)
				want := apiAnswerWith(t, e, withValues(tt.query, vars), nil)
				if !reflect.DeepEqual(got, want) {
					g, _ := json.Marshal(got)
					w, _ := json.Marshal(want)
					t.Errorf("variables %v:\n got %s\nwant %s", vars, g, w)
				}
			}
		})
	}
}

// withValues is query with each variable's value written in its place and the
// variables' declarations dropped.
func withValues(query string, vars map[string]any) string {
	query = query[strings.Index(query, "{"):]
	for name, v := range vars {
		lit, _ := json.Marshal(v)
		if s, ok := v.(string); ok && s == strings.ToUpper(s) { // an enum value
			lit = []byte(s)
		}
		query = strings.ReplaceAll(query, "$"+name, string(lit))
	}
	return query
}

func apiAnswerWith(t *testing.T, e *testenv.Server, query string, vars map[string]any) any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := testenv.Post(body)
	req.Header.Set("Cache-Control", "no-cache") // the plan, not the response cache
	r := apiServe(t, e, req)
	if len(r.Errors) > 0 {
		t.Fatalf("%s: errors: %+v", query, r.Errors)
	}
	var out any
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
