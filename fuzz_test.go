package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
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
// testdata/queries, posted and sent by GET.
func FuzzHandler(f *testing.F) {
	cfg, err := loadConfig(func(string) string { return "" })
	if err != nil {
		f.Fatal(err)
	}
	h := newHandler(cfg, fuzzDeadStore(f), quietLogger)
	docs, _ := filepath.Glob(filepath.Join("testdata", "queries", "*.graphql"))
	for _, path := range docs {
		doc, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add("POST", "application/json", hostileBody(string(doc), nil), "")
		f.Add("GET", "", []byte(nil), "query="+url.QueryEscape(string(doc)))
	}
	f.Fuzz(func(t *testing.T, method, contentType string, body []byte, query string) {
		req := fuzzRequest(method, contentType, body, query)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		input := strings.ToLower(method + "\n" + contentType + "\n" + string(body) + "\n" + query + "\n" + unescaped(query))
		if problems := fuzzProblems(rec, input); len(problems) > 0 {
			t.Errorf("%s %s?%.200s (Content-Type %q, body %.300q):\nHTTP %d %.600s\n%s", req.Method, req.URL.Path, req.URL.RawQuery,
				req.Header.Get("Content-Type"), body, rec.Code, rec.Body.String(), strings.Join(problems, "\n"))
		}
	})
}

// fuzzDeadStore is deadStore for any test: a store whose driver points at a port where
// nothing listens.
func fuzzDeadStore(tb testing.TB) *store.Store {
	tb.Helper()
	driver, err := neo4j.NewDriverWithContext("bolt://127.0.0.1:1", neo4j.NoAuth(), func(c *neo4j.Config) {
		c.SocketConnectTimeout = 500 * time.Millisecond
		c.ConnectionAcquisitionTimeout = time.Second
		c.MaxTransactionRetryTime = 0
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = driver.Close(context.Background()) })
	return store.New(driver, "neo4j")
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

// fuzzLeaks are what no message may show; a term the input itself contains is not
// looked for (messages may quote the input).
var fuzzLeaks = []string{"dial tcp", "127.0.0.1:1", "bolt://", "connection refused", "connectivity", "neo4j", "cypher",
	"goroutine", ".go:", "panic", "runtime error", "nil pointer"}

// fuzzGoTypes matches Go type names in a message.
var fuzzGoTypes = regexp.MustCompile(`Go (value|struct field)|graphql\.RawParams|map\[string\]interface`)

// fuzzProblems checks an answer of /graphql.
func fuzzProblems(rec *httptest.ResponseRecorder, input string) []string {
	var out []string
	add := func(format string, args ...any) {
		out = append(out, fmt.Sprintf(format, args...))
	}
	var resp struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Path       []any          `json:"path"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		add("the body is not a JSON object: %v", err)
		return out
	}
	if rec.Code >= 500 || !slices.Contains(fuzzStatuses, rec.Code) {
		add("HTTP %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/graphql-response+json") {
		add("Content-Type %q, want JSON", ct)
	}
	for i, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		switch {
		case code == "":
			add("error %d has no extensions.code: %.200q", i, e.Message)
		case !slices.Contains(fuzzCodes, code):
			add("error %d: code %s (%.200q) is not one a client may get", i, code, e.Message)
		case code == string(apperr.ServiceUnavailable) && rec.Code != http.StatusOK:
			add("SERVICE_UNAVAILABLE with HTTP %d, want 200", rec.Code)
		}
		msg := strings.ToLower(e.Message)
		for _, leak := range fuzzLeaks {
			if strings.Contains(msg, leak) && !strings.Contains(input, leak) {
				add("error %d shows internals (%q): %.300q", i, leak, e.Message)
			}
		}
		if fuzzGoTypes.MatchString(e.Message) {
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
	answer := func(status int, contentType, body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		if contentType != "" {
			rec.Header().Set("Content-Type", contentType)
		}
		rec.WriteHeader(status)
		_, _ = io.WriteString(rec, body)
		return rec
	}
	for name, rec := range map[string]*httptest.ResponseRecorder{
		"5xx":                    answer(500, "application/json", `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`),
		"not JSON":               answer(200, "application/json", `<html>`),
		"no code":                answer(200, "application/json", `{"errors":[{"message":"x"}]}`),
		"INTERNAL":               answer(200, "application/json", `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`),
		"leak":                   answer(200, "application/json", `{"errors":[{"message":"dial tcp 127.0.0.1:1: connect: connection refused","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}`),
		"stack":                  answer(200, "application/json", `{"errors":[{"message":"at handler.go:12","extensions":{"code":"BAD_USER_INPUT"}}]}`),
		"unavailable not in 200": answer(422, "application/json", `{"errors":[{"message":"the database is unavailable","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}`),
		"text content type":      answer(200, "text/plain", `{"data":{}}`),
	} {
		if len(fuzzProblems(rec, "")) == 0 {
			t.Errorf("%s: not flagged", name)
		}
	}
	ok := answer(200, "application/json", `{"errors":[{"message":"the database is unavailable","path":["node"],"extensions":{"code":"SERVICE_UNAVAILABLE"}}],"data":{"node":null}}`)
	if p := fuzzProblems(ok, ""); len(p) > 0 {
		t.Errorf("a clean answer is flagged: %+v", p)
	}
}
