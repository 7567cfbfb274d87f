package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// conflictingFields is n fields of one response name with different arguments: every
// pair conflicts, n(n-1)/2 validation errors.
func conflictingFields(n int) string {
	var b strings.Builder
	b.WriteString("{ countries(limit: 1) {")
	for i := range n {
		fmt.Fprintf(&b, " projects(limit: %d) { id }", i+1)
	}
	b.WriteString(" } }")
	return b.String()
}

// Issue 16: n conflicting fields answered n(n-1)/2 errors, all of them. A response
// carries the first GRAPHQL_MAX_ERRORS and the full count.
func TestValidationErrorsAreCapped(t *testing.T) {
	cfg := testConfig(t)
	h := newHandler(cfg, deadStore(t), quietLogger) // refused before any database call
	const n = 90
	rec := serveGraphQL(h, http.MethodPost, "", conflictingFields(n))
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("HTTP %d: %v", rec.Code, err)
	}
	if len(resp.Errors) != cfg.Limits.MaxErrors {
		t.Fatalf("%d errors returned, want the first %d", len(resp.Errors), cfg.Limits.MaxErrors)
	}
	for _, e := range resp.Errors {
		if e.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("error %q has code %v", e.Message, e.Extensions["code"])
		}
	}
	if got, want := resp.Extensions[errorCountKey], float64(n*(n-1)/2); got != want {
		t.Errorf("extensions.%s = %v, want %v (every pair of %d fields conflicts)", errorCountKey, got, want, n)
	}
	if rec.Body.Len() > 16<<10 {
		t.Errorf("the response is %d bytes", rec.Body.Len())
	}
}

// Issue 16: the size of a selection set is bounded before validation compares its
// fields pairwise, fragments spread into it included.
func TestSelectionSetBoundBeforeValidation(t *testing.T) {
	cfg := testConfig(t)
	h := newHandler(cfg, deadStore(t), quietLogger)
	over := cfg.Limits.MaxSelections + 1
	half := func(name string, from int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "fragment %s on Country {", name)
		for i := range over / 2 {
			fmt.Fprintf(&b, " p%d: projects(limit: %d) { id }", from+i, from+i+1)
		}
		return b.String() + " }"
	}
	for name, doc := range map[string]string{
		"in one set":     conflictingFields(over),
		"by fragments":   "{ countries(limit: 1) { ...A ...B id } } " + half("A", 0) + " " + half("B", over),
		"under an alias": "{ x: countries(limit: 1) { ...A ...B ... on Country { id } } } " + half("A", 0) + " " + half("B", over),
	} {
		t.Run(name, func(t *testing.T) {
			_, resp := postQuery(t, h, doc, nil)
			if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != codeSelectionTooLarge {
				t.Fatalf("want one %s error, got %+v", codeSelectionTooLarge, resp.Errors)
			}
		})
	}
	// At the bound: validated as usual (and refused as conflicting, capped).
	_, resp := postQuery(t, h, conflictingFields(cfg.Limits.MaxSelections), nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("a set of %d fields: want validation errors, got %+v", cfg.Limits.MaxSelections, resp.Errors)
	}
}

// Issue 16: every root field is at least one database call and is estimated as one:
// k root lookups by id cost more than k fields.
func TestRootFieldsCostDatabaseCalls(t *testing.T) {
	cfg := testConfig(t)
	const k = 5
	cfg.Limits.MaxComplexity = k * dbCallCost // k calls and their fields are over it
	h := newHandler(cfg, deadStore(t), quietLogger)
	before := testutil.ToFloat64(store.RoundTripsTotal)
	for _, field := range []string{`country(id: "x") { id }`, `search(text: "lithium") { score }`,
		`neighborhood(id: "x") { truncated }`, `paths(from: "x", to: "y") { length }`} {
		var b strings.Builder
		b.WriteString("{")
		for i := range k {
			fmt.Fprintf(&b, " a%d: %s", i, field)
		}
		b.WriteString(" }")
		_, resp := postQuery(t, h, b.String(), nil)
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != codeTooComplex {
			t.Errorf("%d × %s: want %s, got %+v", k, field, codeTooComplex, resp.Errors)
		}
	}
	if after := testutil.ToFloat64(store.RoundTripsTotal); after != before {
		t.Errorf("%v Cypher statements sent for refused documents", after-before)
	}
}

// serveGraphQL sends query to h by method (GET: in the URL), with an Accept header
// when accept is not empty.
func serveGraphQL(h http.Handler, method, accept, query string) *httptest.ResponseRecorder {
	var req *http.Request
	if method == http.MethodGet {
		req = httptest.NewRequest(method, "/graphql?query="+url.QueryEscape(query), nil)
	} else {
		body, _ := json.Marshal(map[string]any{"query": query})
		req = httptest.NewRequest(method, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Issue 16: the transport's error recorder held whole error bodies (11 MB for 300
// conflicting fields, several copies). It holds at most maxErrorBody and then answers
// a short coded error.
func TestErrorRecorderIsBounded(t *testing.T) {
	huge := strings.Repeat("x", 4*maxErrorBody)
	h := graphqlTransport(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		for range 4 {
			_, _ = w.Write([]byte(huge))
		}
	}))
	rec := serveGraphQL(h, http.MethodPost, "", "{ __typename }")
	if rec.Code != http.StatusBadRequest || rec.Body.Len() > 1024 {
		t.Fatalf("HTTP %d, %d bytes: want a short 400", rec.Code, rec.Body.Len())
	}
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] == nil {
		t.Fatalf("want one coded error, got %s (%v)", rec.Body.String(), err)
	}
}

// A response carries at most GRAPHQL_MAX_ERRORS execution errors too: a relationship
// field with a bad argument fails once per parent, and the count says how many.
func TestExecutionErrorsAreCapped(t *testing.T) {
	e := newAPIEnv(t)
	countries := storetest.Count(t, e.driver, "MATCH (c:Country) RETURN count(c) AS n", nil)
	max := testConfig(t).Limits.MaxErrors
	if countries <= max {
		t.Fatalf("the seed data set has %d countries; the test needs more than %d", countries, max)
	}
	_, resp := postQuery(t, e.h, `{ countries { id projects(limit: -1) { id } } }`, nil)
	if len(resp.Errors) != max {
		t.Fatalf("%d errors returned, want %d", len(resp.Errors), max)
	}
	if got := resp.Extensions[errorCountKey]; got != float64(countries) {
		t.Errorf("extensions.%s = %v, want one error per country (%d)", errorCountKey, got, countries)
	}
}

// An explore field reads what its results nest in one more call per node type: the
// estimate counts them, so a search that nests relationship fields costs more calls.
func TestExploreNestingCostsDatabaseCalls(t *testing.T) {
	cfg := testConfig(t)
	flat := `{ search(text: "lithium") { entity { id } } }`
	nested := `{ search(text: "lithium") { entity { ... on Country { projects(limit: 1) { id } } } } }`
	// The flat search is one call and a few fields; the nested one one call per node type more.
	cfg.Limits.MaxComplexity = 3 * dbCallCost
	h := newHandler(cfg, deadStore(t), quietLogger)
	if _, resp := postQuery(t, h, flat, nil); len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != string(apperr.ServiceUnavailable) {
		t.Errorf("a flat search: want only the dead database's error, got %+v", resp.Errors)
	}
	if _, resp := postQuery(t, h, nested, nil); len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != codeTooComplex {
		t.Errorf("a search nesting relationship fields: want %s, got %+v", codeTooComplex, resp.Errors)
	}
}
