package httpapi

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/mineralgraph/mineralgraph/graph/generated"
	"github.com/mineralgraph/mineralgraph/resolvers"
)

// getTransport answers as gqlgen's GET transport does, status, headers and body: a
// query, its variables and operation name, a query that does not parse or validate,
// variables that are not JSON, a mutation, a malformed query string, under every kind
// of Accept header.
func TestGetTransportAnswersAsGqlgens(t *testing.T) {
	serve := func(tr graphql.Transport) http.Handler {
		s := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: resolvers.New(nil, nil)}))
		s.AddTransport(tr)
		return s
	}
	ours, gqlgens := serve(getTransport{}), serve(transport.GET{})
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
			rec := func(h http.Handler) *http.Response {
				r := httptest.NewRequest(http.MethodGet, "/graphql?"+query, nil)
				if accept != "" {
					r.Header.Set("Accept", accept)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				return w.Result()
			}
			got, want := rec(ours), rec(gqlgens)
			gotBody, _ := io.ReadAll(got.Body)
			wantBody, _ := io.ReadAll(want.Body)
			if got.StatusCode != want.StatusCode || got.Header.Get("Content-Type") != want.Header.Get("Content-Type") || string(gotBody) != string(wantBody) {
				t.Errorf("%s, Accept %q:\n got %d %s %s\nwant %d %s %s", query, accept, got.StatusCode, got.Header.Get("Content-Type"), gotBody,
					want.StatusCode, want.Header.Get("Content-Type"), wantBody)
			}
		}
	}
}
