package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"

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
	h := testenv.Dead(t) // refused before any database call
	const n = 90
	resp := h.Do(t, graphQLRequest(http.MethodPost, "", conflictingFields(n)))
	if !resp.JSON {
		t.Fatalf("HTTP %d: %s", resp.Status, resp.Body)
	}
	if len(resp.Errors) != h.Options.Limits.MaxErrors {
		t.Fatalf("%d errors returned, want the first %d", len(resp.Errors), h.Options.Limits.MaxErrors)
	}
	for _, e := range resp.Errors {
		if e.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("error %q has code %v", e.Message, e.Extensions["code"])
		}
	}
	if got, want := resp.Extensions[httpapi.ErrorCountKey], float64(n*(n-1)/2); got != want {
		t.Errorf("extensions.%s = %v, want %v (every pair of %d fields conflicts)", httpapi.ErrorCountKey, got, want, n)
	}
	if len(resp.Body) > 16<<10 {
		t.Errorf("the response is %d bytes", len(resp.Body))
	}
}

// Issue 16: the size of a selection set is bounded before validation compares its
// fields pairwise, fragments spread into it included.
func TestSelectionSetBoundBeforeValidation(t *testing.T) {
	h := testenv.Dead(t)
	over := h.Options.Limits.MaxSelections + 1
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
			resp := h.Post(t, doc, nil)
			if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "SELECTION_TOO_LARGE" {
				t.Fatalf("want one %s error, got %+v", "SELECTION_TOO_LARGE", resp.Errors)
			}
		})
	}
	// At the bound: validated as usual (and refused as conflicting, capped).
	resp := h.Post(t, conflictingFields(h.Options.Limits.MaxSelections), nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("a set of %d fields: want validation errors, got %+v", h.Options.Limits.MaxSelections, resp.Errors)
	}
}

// Issue 16: every root field is at least one database call and is estimated as one:
// k root lookups by id cost more than k fields.
func TestRootFieldsCostDatabaseCalls(t *testing.T) {
	const k = 5
	// k calls and their fields are over it.
	h := testenv.Dead(t, testenv.Tune(func(o *httpapi.Options) { o.Limits.MaxComplexity = k * httpapi.DBCallCost }))
	before := testutil.ToFloat64(store.RoundTripsTotal)
	for _, field := range []string{`country(id: "x") { id }`, `search(text: "lithium") { score }`,
		`neighborhood(id: "x") { truncated }`, `paths(from: "x", to: "y") { length }`} {
		var b strings.Builder
		b.WriteString("{")
		for i := range k {
			fmt.Fprintf(&b, " a%d: %s", i, field)
		}
		b.WriteString(" }")
		resp := h.Post(t, b.String(), nil)
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "QUERY_TOO_COMPLEX" {
			t.Errorf("%d × %s: want %s, got %+v", k, field, "QUERY_TOO_COMPLEX", resp.Errors)
		}
	}
	if after := testutil.ToFloat64(store.RoundTripsTotal); after != before {
		t.Errorf("%v Cypher statements sent for refused documents", after-before)
	}
}

// graphQLRequest sends query by method (GET: in the URL), with an Accept header when
// accept is not empty.
func graphQLRequest(method, accept, query string) *http.Request {
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
	return req
}

// Issue 16: the transport's error recorder held whole error bodies (11 MB for 300
// conflicting fields, several copies). It holds at most maxErrorBody and then answers
// a short coded error.
func TestErrorRecorderIsBounded(t *testing.T) {
	huge := strings.Repeat("x", 4*httpapi.MaxErrorBody)
	h := httpapi.GraphQLTransport(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		for range 4 {
			_, _ = w.Write([]byte(huge))
		}
	}))
	resp := (&testenv.Server{Handler: h}).Do(t, graphQLRequest(http.MethodPost, "", "{ __typename }"))
	if resp.Status != http.StatusBadRequest || len(resp.Body) > 1024 {
		t.Fatalf("HTTP %d, %d bytes: want a short 400", resp.Status, len(resp.Body))
	}
	if len(resp.Errors) != 1 || resp.Code() == "" {
		t.Fatalf("want one coded error, got %s", resp.Body)
	}
}

// A response carries at most GRAPHQL_MAX_ERRORS execution errors too: a relationship
// field with a bad argument fails once per parent, and the count says how many.
func TestExecutionErrorsAreCapped(t *testing.T) {
	e := testenv.Seeded(t)
	countries := storetest.Count(t, e.Driver, "MATCH (c:Country) RETURN count(c) AS n", nil)
	max := e.Options.Limits.MaxErrors
	if countries <= max {
		t.Fatalf("the seed data set has %d countries; the test needs more than %d", countries, max)
	}
	resp := e.Post(t, `{ countries { id projects(limit: -1) { id } } }`, nil)
	if len(resp.Errors) != max {
		t.Fatalf("%d errors returned, want %d", len(resp.Errors), max)
	}
	if got := resp.Extensions[httpapi.ErrorCountKey]; got != float64(countries) {
		t.Errorf("extensions.%s = %v, want one error per country (%d)", httpapi.ErrorCountKey, got, countries)
	}
}

// An explore field reads what its results nest in one more call per node type: the
// estimate counts them, so a search that nests relationship fields costs more calls.
func TestExploreNestingCostsDatabaseCalls(t *testing.T) {
	flat := `{ search(text: "lithium") { entity { id } } }`
	nested := `{ search(text: "lithium") { entity { ... on Country { projects(limit: 1) { id } } } } }`
	// The flat search is one call and a few fields; the nested one one call per node type more.
	h := testenv.Dead(t, testenv.Tune(func(o *httpapi.Options) { o.Limits.MaxComplexity = 3 * httpapi.DBCallCost }))
	if resp := h.Post(t, flat, nil); len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != string(apperr.ServiceUnavailable) {
		t.Errorf("a flat search: want only the dead database's error, got %+v", resp.Errors)
	}
	if resp := h.Post(t, nested, nil); len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "QUERY_TOO_COMPLEX" {
		t.Errorf("a search nesting relationship fields: want %s, got %+v", "QUERY_TOO_COMPLEX", resp.Errors)
	}
}
