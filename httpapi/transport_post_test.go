package httpapi

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/generated"
	"github.com/mineralgraph/mineralgraph/resolvers"
)

// appendResponse writes the bytes json.Marshal writes for the responses the executor
// gives: data with and without characters encoding/json escapes, errors, extensions.
func TestAppendResponseIsJSONMarshal(t *testing.T) {
	yes := true
	for _, resp := range []*graphql.Response{
		{Data: json.RawMessage(`{"a":"b","n":[1,2.5,null,true],"o":{"x":{}}}`)},
		{Data: json.RawMessage(`{"name":"R&D <lab> \u2028 \u2029 – “quoted” \\u003c \"q\""}`)},
		{Data: json.RawMessage("{\"s\":\"line\u2028sep\u2029par – dash ∑\"}")},
		{},
		{Data: json.RawMessage(`null`), Errors: gqlerror.List{{Message: "bad <input> & more", Path: ast.Path{ast.PathName("a"), ast.PathIndex(2)},
			Extensions: map[string]any{"code": "BAD_USER_INPUT"}}}},
		{Data: json.RawMessage(`{"a":1}`), Extensions: map[string]any{"roundTrips": 3, "z": "<", "a": []int{1}}},
		{Errors: gqlerror.List{{Message: "x"}}, Extensions: map[string]any{"k": 1}},
		{Data: json.RawMessage(`{"a":1}`), HasNext: &yes, Path: ast.Path{ast.PathName("a")}, Label: "l"},
	} {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendResponse(nil, resp, true)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("appendResponse:\n got %s\nwant %s", got, want)
		}
	}
}

// An answer encoding/json refuses (a NaN in the extensions) is replaced by an INTERNAL
// error a client can decode, not a panic.
func TestWriteResponseOfAnUnencodableAnswer(t *testing.T) {
	rec := httptest.NewRecorder()
	writeResponse(rec, &graphql.Response{Data: json.RawMessage(`{"a":1}`), Extensions: map[string]any{"x": math.NaN()}})
	var got struct {
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got.Errors) != 1 || got.Errors[0].Extensions.Code != string(apperr.Internal) {
		t.Fatalf("answer %s (%v), want one INTERNAL error", rec.Body.Bytes(), err)
	}
}

// postTransport answers as gqlgen's POST transport does, status, headers and body:
// a query, a body that is not JSON, a document that does not parse or validate, under
// every kind of Accept header.
func TestPostTransportAnswersAsGqlgens(t *testing.T) {
	ours, gqlgens := serveWith(postTransport{}), serveWith(transport.POST{})
	for _, body := range []string{
		`{"query":"{ __typename a: __typename }"}`,
		`{"query":"query Q($x: Int) { __typename }","variables":{"x":1},"operationName":"Q"}`,
		`{"query":"{ __typename"}`,
		`{"query":"{ noSuchField }"}`,
		`{"query":`,
		`{"query":"query Q($x: Int!) { __typename }"}`,
		`{}`,
	} {
		for _, accept := range []string{"", "*/*", "application/json", "application/graphql-response+json",
			"text/html, application/graphql-response+json;q=0.9", "text/html"} {
			answerAlike(t, ours, gqlgens, body+", Accept "+accept, func() *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				if accept != "" {
					r.Header.Set("Accept", accept)
				}
				return r
			})
		}
	}
}

// serveWith is the API's schema served by the one transport tr.
func serveWith(tr graphql.Transport) http.Handler {
	s := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: resolvers.New(nil, nil)}))
	s.AddTransport(tr)
	return s
}

// answerAlike fails unless ours and gqlgens answer the request alike: status, content
// type and bytes.
func answerAlike(t *testing.T, ours, gqlgens http.Handler, what string, request func() *http.Request) {
	t.Helper()
	rec := func(h http.Handler) (*http.Response, string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, request())
		body, _ := io.ReadAll(w.Result().Body)
		return w.Result(), string(body)
	}
	got, gotBody := rec(ours)
	want, wantBody := rec(gqlgens)
	if got.StatusCode != want.StatusCode || got.Header.Get("Content-Type") != want.Header.Get("Content-Type") || gotBody != wantBody {
		t.Errorf("%s:\n got %d %s %s\nwant %d %s %s", what, got.StatusCode, got.Header.Get("Content-Type"), gotBody,
			want.StatusCode, want.Header.Get("Content-Type"), wantBody)
	}
}
