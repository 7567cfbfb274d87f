package httpapi

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// getTransport answers as gqlgen's GET transport does, status, headers and body: a
// query, its variables and operation name, a query that does not parse or validate,
// variables that are not JSON, a mutation, a malformed query string, under every kind
// of Accept header.
func TestGetTransportAnswersAsGqlgens(t *testing.T) {
	ours, gqlgens := serveWith(getTransport{}), serveWith(transport.GET{})
	q := func(params ...string) string {
		v := url.Values{}
		for i := 0; i < len(params); i += 2 {
			v.Set(params[i], params[i+1])
		}
		return v.Encode()
	}
	for _, query := range []string{
		q("query", `{ __typename a: __typename }`),
		q("query", `query Q($x: Int) { __typename }`, "variables", `{"x":1}`, "operationName", "Q"),
		q("query", `{ __typename`),
		q("query", `{ noSuchField }`),
		q("query", `query Q($x: Int) { __typename }`, "variables", `{"x":`),
		q("query", `{ __typename }`, "extensions", `[`),
		q("query", `mutation { __typename }`),
		q("query", `query Q($x: Int!) { __typename }`),
		"",
		"query=%zz",
	} {
		for _, accept := range []string{"", "*/*", "application/json", "application/graphql-response+json",
			"text/html, application/graphql-response+json;q=0.9", "text/html"} {
			answerAlike(t, ours, gqlgens, query+", Accept "+accept, func() *http.Request {
				r := httptest.NewRequest(http.MethodGet, "/graphql?"+query, nil)
				if accept != "" {
					r.Header.Set("Accept", accept)
				}
				return r
			})
		}
	}
}
