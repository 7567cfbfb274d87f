package httpapi_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// FuzzHandler sends arbitrary requests — method, Content-Type, body, query string — to
// /graphql of the whole HTTP handler, over a store whose Neo4j is unreachable (no
// database is needed, and every operation that gets as far as the store fails). Whatever
// the input:
//
//   - the handler does not panic, and never answers 5xx: client errors are 4xx, and a
//     database that is away is SERVICE_UNAVAILABLE inside a 200 GraphQL response;
//   - the body is JSON, with a JSON Content-Type;
//   - every GraphQL error has an extensions.code, one of the codes a client can be
//     given (never INTERNAL);
//   - no message shows internals: the connection error, Neo4j, a Go stack or type.
//
// The seed corpus is testdata/fuzz/FuzzHandler plus every document of
// internal/testenv/queries, posted and sent by GET.
func FuzzHandler(f *testing.F) {
	h := testenv.Dead(f)
	for _, doc := range testenv.Docs() {
		f.Add("POST", "application/json", testenv.Body(doc, nil), "")
		f.Add("GET", "", []byte(nil), "query="+url.QueryEscape(doc))
	}
	f.Fuzz(func(t *testing.T, method, contentType string, body []byte, query string) {
		req := fuzzRequest(method, contentType, body, query)
		r := h.Do(t, req)
		input := strings.ToLower(method + "\n" + contentType + "\n" + string(body) + "\n" + query + "\n" + unescaped(query))
		if problems := fuzzProblems(r, input); len(problems) > 0 {
			t.Errorf("%s %s?%.200s (Content-Type %q, body %.300q):\nHTTP %d %.600s\n%s", req.Method, req.URL.Path, req.URL.RawQuery,
				req.Header.Get("Content-Type"), body, r.Status, r.Body, strings.Join(problems, "\n"))
		}
	})
}

// fuzzRequest builds a request that could reach the handler from net/http's server: a
// method that is an HTTP token (else POST), a Content-Type without control characters,
// a query string with the bytes a request line cannot carry percent-encoded.
func fuzzRequest(method, contentType string, body []byte, query string) *http.Request {
	if !validMethod(method) {
		method = http.MethodPost
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Method = method
	var q strings.Builder
	for i := 0; i < len(query); i++ {
		if c := query[i]; c <= ' ' || c == 0x7f || c == '#' {
			fmt.Fprintf(&q, "%%%02X", c)
		} else {
			q.WriteByte(c)
		}
	}
	req.URL.RawQuery = q.String()
	req.RequestURI = req.URL.RequestURI()
	contentType = strings.Map(func(r rune) rune {
		if r < ' ' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, contentType)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

func validMethod(m string) bool {
	if m == "" || len(m) > 16 {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

func unescaped(query string) string {
	s, err := url.QueryUnescape(query)
	if err != nil {
		return ""
	}
	return s
}

// fuzzStatuses are the statuses /graphql may answer: 200 (data, or errors inside the
// GraphQL response, SERVICE_UNAVAILABLE included), 400 (a body or query string that is
// not a request), 405/406/415 (a method, operation or content type it does not take),
// 413 (a body over the limit), 422 (a document that does not parse or validate).
var fuzzStatuses = []int{http.StatusOK, http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusNotAcceptable,
	http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity}

// fuzzCodes are the codes a client may be given, the database being away.
var fuzzCodes = []string{"BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_DEEP",
	"QUERY_TOO_COMPLEX", "REQUEST_TOO_LARGE", "METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE", "UNAUTHENTICATED", "NOT_FOUND", "PERSISTED_QUERY_NOT_FOUND",
	string(apperr.ServiceUnavailable)}

// fuzzProblems checks an answer of /graphql: what no answer may show (testenv.Problems),
// and what the fuzz target expects of a server whose database is away.
func fuzzProblems(r *testenv.Response, input string) []string {
	out := testenv.Problems(r, input)
	if !r.JSON {
		return out
	}
	add := func(format string, args ...any) {
		out = append(out, fmt.Sprintf(format, args...))
	}
	if r.Status < 500 && !slices.Contains(fuzzStatuses, r.Status) {
		add("HTTP %d", r.Status)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/graphql-response+json") {
		add("Content-Type %q, want JSON", ct)
	}
	for i, e := range r.Errors {
		switch code := e.Code(); {
		case code != "" && !slices.Contains(fuzzCodes, code):
			add("error %d: code %s (%.200q) is not one a client may get", i, code, e.Message)
		case code == string(apperr.ServiceUnavailable) && r.Status != http.StatusOK:
			add("SERVICE_UNAVAILABLE with HTTP %d, want 200", r.Status)
		}
		if testenv.GoTypes.MatchString(e.Message) {
			add("error %d names Go types: %.300q", i, e.Message)
		}
		if len(e.Message) > hostileMaxMessage {
			add("error %d echoes %d bytes of input: %.300q", i, len(e.Message), e.Message)
		}
		if path := fmt.Sprint(e.Path); len(path) > hostileMaxMessage {
			add("error %d echoes %d bytes of input in its path", i, len(path))
		}
	}
	return out
}

// TestFuzzHandlerOracle checks the fuzz target's checks on answers they must refuse.
func TestFuzzHandlerOracle(t *testing.T) {
	answer := func(status int, contentType, body string) *testenv.Response {
		header := http.Header{}
		if contentType != "" {
			header.Set("Content-Type", contentType)
		}
		return testenv.Decode(status, header, []byte(body))
	}
	for name, res := range map[string]*testenv.Response{
		"5xx":                    answer(500, "application/json", `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`),
		"not JSON":               answer(200, "application/json", `<html>`),
		"no code":                answer(200, "application/json", `{"errors":[{"message":"x"}]}`),
		"INTERNAL":               answer(200, "application/json", `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`),
		"leak":                   answer(200, "application/json", `{"errors":[{"message":"dial tcp 127.0.0.1:1: connect: connection refused","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}`),
		"stack":                  answer(200, "application/json", `{"errors":[{"message":"at handler.go:12","extensions":{"code":"BAD_USER_INPUT"}}]}`),
		"unavailable not in 200": answer(422, "application/json", `{"errors":[{"message":"the database is unavailable","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}`),
		"text content type":      answer(200, "text/plain", `{"data":{}}`),
	} {
		if len(fuzzProblems(res, "")) == 0 {
			t.Errorf("%s: not flagged", name)
		}
	}
	ok := answer(200, "application/json", `{"errors":[{"message":"the database is unavailable","path":["node"],"extensions":{"code":"SERVICE_UNAVAILABLE"}}],"data":{"node":null}}`)
	if p := fuzzProblems(ok, ""); len(p) > 0 {
		t.Errorf("a clean answer is flagged: %+v", p)
	}
}
