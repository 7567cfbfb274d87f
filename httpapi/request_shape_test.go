package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// TestMisframedRequestsSayWhatToSend: requests a client can get wrong are refused with a code and a
// message that says what to send, before anything runs (no database needed): a
// document of several operations without operationName (gqlgen said "operation  not
// found"), an operationName the document lacks, and a Float variable beyond the float
// range (run as +Inf). (A body with a second JSON value after the request is answered
// for the first and the rest ignored, as TestHostileInput pins.)
func TestMisframedRequestsSayWhatToSend(t *testing.T) {
	env := testenv.Dead(t)
	const twoOps = `query A { __typename } query B { __typename }`
	for _, c := range []struct {
		name     string
		req      *http.Request
		status   int
		code     string
		contains string
	}{
		{"several operations, none named", testenv.Post(testenv.Body(twoOps, nil)), http.StatusOK, "GRAPHQL_VALIDATION_FAILED",
			"the document has 2 operations (A, B): name the one to run with operationName"},
		{"several operations over GET, none named", testenv.Get("query", twoOps), http.StatusOK, "GRAPHQL_VALIDATION_FAILED",
			"the document has 2 operations (A, B): name the one to run with operationName"},
		{"an operation the document lacks", testenv.Post([]byte(`{"query":"` + twoOps + `","operationName":"Z"}`)),
			http.StatusOK, "GRAPHQL_VALIDATION_FAILED", `the document has no operation named "Z" (it has A, B)`},
		{"a name for the one unnamed operation", testenv.Post([]byte(`{"query":"{ __typename }","operationName":"Z"}`)),
			http.StatusOK, "GRAPHQL_VALIDATION_FAILED", `the document has no operation named "Z" (it has an unnamed one)`},
		{"a Float variable beyond the float range", testenv.Post([]byte(`{"query":"query($v: Float) { measurements(where: {value: {gt: $v}}) { id } }","variables":{"v":1e400}}`)),
			http.StatusOK, "GRAPHQL_VALIDATION_FAILED", "variable $v: expected a Float, got 1e400, out of range"},
		{"a Float variable in a list beyond the float range", testenv.Post([]byte(`{"query":"query($v: [Float!]) { measurements(where: {value: {in: $v}}) { id } }","variables":{"v":[1, -1e309]}}`)),
			http.StatusOK, "GRAPHQL_VALIDATION_FAILED", "item 1: expected a Float, got -1e309, out of range"},
	} {
		r := env.Do(t, c.req)
		if r.Status != c.status || r.Code() != c.code || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, c.contains) {
			t.Errorf("%s: want %d %s saying %q, got %d %s", c.name, c.status, c.code, c.contains, r.Status, r.Body)
		}
		if r.Data != nil {
			t.Errorf("%s: refused before execution, yet data %s", c.name, r.Data)
		}
	}
	// What is still accepted: one operation named among several.
	for _, req := range []*http.Request{
		testenv.Post([]byte(`{"query":"` + twoOps + `","operationName":"B"}` + "\n\t ")),
		testenv.Get("query", twoOps, "operationName", "A"),
	} {
		if r := env.Do(t, req); r.Status != http.StatusOK || len(r.Errors) > 0 || string(r.Data) != `{"__typename":"Query"}` {
			t.Errorf("%s %s: want the answer, got %d %s", req.Method, url.PathEscape(req.URL.RawQuery), r.Status, r.Body)
		}
	}
	// The largest finite Float passes the variables' check and reaches the (absent) database.
	r := env.Do(t, testenv.Post([]byte(`{"query":"query($v: Float) { measurements(where: {value: {gt: $v}}) { id } }","variables":{"v":1.7e308}}`)))
	if r.Code() != "SERVICE_UNAVAILABLE" {
		t.Errorf("a Float of 1.7e308: want it run (SERVICE_UNAVAILABLE without a database), got %d %s", r.Status, r.Body)
	}
}
