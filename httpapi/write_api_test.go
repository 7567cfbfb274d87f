package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// bearer is the Authorization header of token, none for no token.
func bearer(token string) string {
	if token == "" {
		return ""
	}
	return "Bearer " + token
}

const upsertDoc = `mutation($input: UpsertInput!) { upsert(input: $input) {
	nodesCreated nodesUpdated nodesUnchanged relationsCreated relationsUpdated relationsUnchanged changed writer } }`

// upsertInput: a source, a financier, a project and the financing between them.
func upsertInput(amount float64) map[string]any {
	prov := []map[string]any{{"source": "src-dfc", "quote": "DFC approves a loan"}}
	return map[string]any{
		"nodes": []map[string]any{
			{"type": "Source", "id": "src-dfc", "properties": map[string]any{"title": "DFC press release", "evidence": "COMPILED", "url": "https://example.org/dfc-press-release"},
				"provenance": []map[string]any{{"source": "src-dfc", "quote": "DFC press release"}}},
			{"type": "Organization", "id": "dfc", "properties": map[string]any{"name": "DFC", "kind": "FINANCIER", "aliases": []string{"US DFC"}}, "provenance": prov},
			{"type": "Project", "id": "balama", "properties": map[string]any{"name": "Balama", "stage": "MINING"}, "provenance": prov},
		},
		"relations": []map[string]any{
			{"type": "FINANCES", "from": "dfc", "to": "balama", "provenance": prov,
				"properties": map[string]any{"instrument": "LOAN", "amount": amount, "currency": "USD million", "validFrom": "2023-09"}},
		},
	}
}

func TestWritesNeedAKey(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader-1"))
	for name, token := range map[string]string{"anonymous": "", "wrong key": "mg_not-a-key", "another key's hash as key": strings.Repeat("a", 64)} {
		t.Run(name, func(t *testing.T) {
			resp := env.PostAuth(t, bearer(token), upsertDoc, map[string]any{"input": upsertInput(150)})
			if resp.Code() != string(apperr.Unauthenticated) {
				t.Fatalf("want UNAUTHENTICATED, got %+v", resp.Errors)
			}
			if n, r := env.Totals(t); n != 0 || r != 0 {
				t.Errorf("database changed: %d nodes, %d relationships", n, r)
			}
		})
	}
	t.Run("reads stay public", func(t *testing.T) {
		resp := env.Post(t, `{ projects { id } }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%+v", resp.Errors)
		}
	})
}

func TestUpsertWithKey(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader-1"))
	resp := env.PostKey(t, upsertDoc, map[string]any{"input": upsertInput(150)})
	if len(resp.Errors) > 0 {
		t.Fatalf("%+v", resp.Errors)
	}
	want := `{"upsert":{"nodesCreated":3,"nodesUpdated":0,"nodesUnchanged":0,"relationsCreated":1,"relationsUpdated":0,"relationsUnchanged":0,"changed":true,"writer":"loader-1"}}`
	if string(resp.Data) != want {
		t.Errorf("summary\n got %s\nwant %s", resp.Data, want)
	}
	if n, r := env.Totals(t); n != 3 || r != 1 {
		t.Errorf("database holds %d nodes and %d relationships, want 3 and 1", n, r)
	}

	read := env.Post(t, `{ project(id: "balama") { updatedBy updatedAt provenance { quote: note source { title } }
		financiersConnection { edges { properties { amount updatedBy provenance { quote: note } } node { id updatedBy } } } } }`, nil)
	var got struct {
		Project struct {
			UpdatedBy, UpdatedAt string
			Provenance           []struct{ Quote string }
			FinanciersConnection struct {
				Edges []struct {
					Properties struct {
						Amount     float64
						UpdatedBy  string
						Provenance []struct{ Quote string }
					}
					Node struct{ ID, UpdatedBy string }
				}
			}
		}
	}
	if err := json.Unmarshal(read.Data, &got); err != nil || len(read.Errors) > 0 {
		t.Fatalf("%v %+v", err, read.Errors)
	}
	p := got.Project
	if p.UpdatedBy != "loader-1" || p.UpdatedAt == "" || len(p.Provenance) != 1 || p.Provenance[0].Quote != "DFC approves a loan" {
		t.Errorf("project audit/provenance: %+v", p)
	}
	if _, err := time.Parse(time.RFC3339, p.UpdatedAt); err != nil {
		t.Errorf("updatedAt %q: %v", p.UpdatedAt, err)
	}
	edges := p.FinanciersConnection.Edges
	if len(edges) != 1 || edges[0].Properties.Amount != 150 || edges[0].Properties.UpdatedBy != "loader-1" || edges[0].Node.UpdatedBy != "loader-1" {
		t.Errorf("financing edge: %+v", edges)
	}

	t.Run("idempotent", func(t *testing.T) {
		resp := env.PostKey(t, upsertDoc, map[string]any{"input": upsertInput(150)})
		want := `{"upsert":{"nodesCreated":0,"nodesUpdated":0,"nodesUnchanged":3,"relationsCreated":0,"relationsUpdated":0,"relationsUnchanged":1,"changed":false,"writer":"loader-1"}}`
		if string(resp.Data) != want {
			t.Errorf("second write\n got %s\nwant %s", resp.Data, want)
		}
	})
	t.Run("update", func(t *testing.T) {
		resp := env.PostKey(t, upsertDoc, map[string]any{"input": upsertInput(200)})
		want := `{"upsert":{"nodesCreated":0,"nodesUpdated":0,"nodesUnchanged":3,"relationsCreated":0,"relationsUpdated":1,"relationsUnchanged":0,"changed":true,"writer":"loader-1"}}`
		if string(resp.Data) != want {
			t.Errorf("changed amount\n got %s\nwant %s", resp.Data, want)
		}
	})
	t.Run("delete", func(t *testing.T) {
		resp := env.PostKey(t, `mutation { delete(input: {
			relations: [{type: "FINANCES", from: "dfc", to: "balama"}], ids: ["balama", "nope"] }) {
			nodesDeleted relationsDeleted changed } }`, nil)
		if string(resp.Data) != `{"delete":{"nodesDeleted":1,"relationsDeleted":1,"changed":true}}` || len(resp.Errors) > 0 {
			t.Errorf("delete: %s %+v", resp.Data, resp.Errors)
		}
		if n, r := env.Totals(t); n != 2 || r != 0 {
			t.Errorf("after delete: %d nodes, %d relationships, want 2 and 0", n, r)
		}
	})
}

// A bad item anywhere rejects the whole request: nothing is written.
func TestUpsertAllOrNothing(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader-1"))
	bad := func(edit func(in map[string]any)) map[string]any {
		in := upsertInput(150)
		edit(in)
		return in
	}
	rel := func(in map[string]any) map[string]any { return in["relations"].([]map[string]any)[0] }
	node := func(in map[string]any, i int) map[string]any { return in["nodes"].([]map[string]any)[i] }
	tests := []struct {
		name  string
		input map[string]any
		want  string
	}{
		{"relation without provenance", bad(func(in map[string]any) { rel(in)["provenance"] = []map[string]any{} }), "provenance"},
		{"node citing an unknown source", bad(func(in map[string]any) {
			node(in, 1)["provenance"] = []map[string]any{{"source": "nowhere", "quote": "q"}}
		}), "do not exist: nowhere"},
		{"relation to an unknown node", bad(func(in map[string]any) { rel(in)["to"] = "atlantis" }), `"atlantis" does not exist`},
		{"bad enum value", bad(func(in map[string]any) { rel(in)["properties"].(map[string]any)["instrument"] = "GIFT" }), `"GIFT" is not a FinancingInstrument value`},
		{"bad date", bad(func(in map[string]any) { rel(in)["properties"].(map[string]any)["validFrom"] = "2023-13" }), "calendar date"},
		{"unknown property", bad(func(in map[string]any) { node(in, 2)["properties"].(map[string]any)["colour"] = "red" }), `unknown property "colour"`},
		{"provenance smuggled in properties", bad(func(in map[string]any) { node(in, 2)["properties"].(map[string]any)["sources"] = []string{"x"} }), "comes from provenance"},
		{"undeclared relation", bad(func(in map[string]any) { rel(in)["type"] = "LOBBIES" }), "LOBBIES from Organization to Project is not declared"},
		{"unknown node type", bad(func(in map[string]any) { node(in, 2)["type"] = "Planet" }), `unknown node type "Planet"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := env.PostKey(t, upsertDoc, map[string]any{"input": tt.input})
			if resp.Code() != string(apperr.BadUserInput) || !strings.Contains(resp.Errors[0].Message, tt.want) {
				t.Fatalf("want BAD_USER_INPUT containing %q, got %+v", tt.want, resp.Errors)
			}
			if n, r := env.Totals(t); n != 0 || r != 0 {
				t.Errorf("half-written: %d nodes, %d relationships", n, r)
			}
		})
	}
}

func TestLimitsRefuseBeforeCypher(t *testing.T) {
	env := testenv.Empty(t, testenv.Tune(func(c *httpapi.Options) { c.Limits.MaxDepth = 5; c.Limits.MaxComplexity = 20000 }))
	deep := `{ projects { financiers { financesProjects { financiers { financesProjects { financiers { id } } } } } } }`
	tests := []struct{ name, query, code string }{
		{"too deep", deep, "QUERY_TOO_DEEP"},
		{"too deep through a fragment", `{ projects { ...P } } fragment P on Project { financiers { financesProjects { financiers { financesProjects { id } } } } }`, "QUERY_TOO_DEEP"},
		{"too costly", `{ projects(limit: 1000) { financiers(limit: 1000) { id } } }`, "QUERY_TOO_COMPLEX"},
		{"too costly without limits", `{ projects { financiers { financesProjects { id name } } } }`, "QUERY_TOO_COMPLEX"},
		{"too costly by aliases", aliases(15, "projects(limit: 1000) { financiers(limit: 20) { id } }"), "QUERY_TOO_COMPLEX"},
	}
	// The estimate bounds lists by the graph's statistics and this database is empty:
	// the cases go to a server without statistics, where a list counts 1000 items.
	capped := testenv.Dead(t, testenv.Tune(func(c *httpapi.Options) { c.Limits.MaxDepth = 5; c.Limits.MaxComplexity = 20000 }))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := testutil.ToFloat64(store.RoundTripsTotal)
			resp := capped.Post(t, tt.query, nil)
			if resp.Code() != tt.code {
				t.Fatalf("want %s, got %+v", tt.code, resp.Errors)
			}
			if after := testutil.ToFloat64(store.RoundTripsTotal); after != before {
				t.Errorf("%v Cypher statements ran for a refused query", after-before)
			}
		})
	}
	t.Run("introspection is not limited", func(t *testing.T) {
		resp := env.Post(t, `{ __schema { types { name fields { name type { ofType { ofType { ofType { ofType { name } } } } } } } } }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%+v", resp.Errors)
		}
	})
	t.Run("a page over the maximum", func(t *testing.T) {
		resp := env.Post(t, `{ projects(limit: 5000) { id } }`, nil)
		if resp.Code() != string(apperr.BadUserInput) || !strings.Contains(resp.Errors[0].Message, "limit") {
			t.Fatalf("want BAD_USER_INPUT naming limit, got %+v", resp.Errors)
		}
	})
}

func TestRequestLimits(t *testing.T) {
	env := testenv.Empty(t, testenv.Tune(func(c *httpapi.Options) {
		c.Limits.MaxBodyBytes = 10_000
		c.Limits.MaxTokens = 500
		c.Introspection = false
	}))
	t.Run("body too large", func(t *testing.T) {
		big := `{"query":"{ projects { id } }","variables":{"pad":"` + strings.Repeat("x", 20_000) + `"}}`
		resp := env.Do(t, testenv.Post([]byte(big)))
		if resp.Status != http.StatusRequestEntityTooLarge || !strings.Contains(string(resp.Body), "REQUEST_TOO_LARGE") {
			t.Fatalf("got %d %s", resp.Status, resp.Body)
		}
	})
	t.Run("too many tokens", func(t *testing.T) {
		resp := env.Post(t, `{ `+strings.Repeat("id: __typename ", 300)+`}`, nil)
		if resp.Code() != "GRAPHQL_PARSE_FAILED" {
			t.Fatalf("got %+v", resp.Errors)
		}
	})
	t.Run("introspection off", func(t *testing.T) {
		resp := env.Post(t, `{ __schema { types { name } } }`, nil)
		if resp.Code() != string(apperr.BadUserInput) || resp.Errors[0].Message != "introspection disabled" {
			t.Fatalf("got %+v", resp.Errors)
		}
	})
}

// aliases repeats field under n distinct aliases.
func aliases(n int, field string) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: %s ", i, field)
	}
	return b.String() + "}"
}

func TestRequestDeadline(t *testing.T) {
	env := testenv.Empty(t, testenv.Tune(func(c *httpapi.Options) { c.Limits.RequestTimeout = time.Microsecond }))
	resp := env.Post(t, `{ projects { id } }`, nil)
	if resp.Code() != string(apperr.Timeout) {
		t.Fatalf("want TIMEOUT, got %+v %s", resp.Errors, resp.Data)
	}
}
