package testenv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Response is one answer of the server, decoded as far as it is a GraphQL response.
type Response struct {
	Status  int
	Header  http.Header
	Body    []byte
	Elapsed time.Duration
	JSON    bool // the body is a JSON object

	Data       json.RawMessage
	Extensions map[string]any
	Errors     []Error
}

// Error is one error of a GraphQL response.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string {
	code, _ := e.Extensions["code"].(string)
	return code
}

// Code is the first error's code, "" without errors.
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Code()
}

// Codes are the codes of the errors, in order.
func (r *Response) Codes() []string {
	out := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		out[i] = e.Code()
	}
	return out
}

// Decode decodes the data into out; an error in the answer fails the test.
func (r *Response) Decode(t testing.TB, out any) {
	t.Helper()
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("HTTP %d, errors %+v", r.Status, r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("decode %.500s: %v", r.Data, err)
	}
}

// Do serves req and decodes the answer; a panic of the handler fails the test. It is
// the one way the tests send a request to a server in process.
func (s *Server) Do(t testing.TB, req *http.Request) *Response {
	t.Helper()
	rec := httptest.NewRecorder()
	start := time.Now()
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("the handler panicked: %v", p)
			}
		}()
		s.Handler.ServeHTTP(rec, req)
	}()
	r := Decode(rec.Code, rec.Header(), rec.Body.Bytes())
	r.Elapsed = time.Since(start)
	return r
}

// Decode is the answer of the given status, header and body.
func Decode(status int, header http.Header, body []byte) *Response {
	r := &Response{Status: status, Header: header, Body: body}
	var fields struct {
		Data       json.RawMessage `json:"data"`
		Extensions map[string]any  `json:"extensions"`
		Errors     json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &fields) == nil {
		r.JSON = true
		r.Data, r.Extensions = fields.Data, fields.Extensions
		_ = json.Unmarshal(fields.Errors, &r.Errors) // errors that are not a list stay out
	}
	return r
}

// Post posts query and vars as JSON; an answer that is not JSON fails the test.
func (s *Server) Post(t testing.TB, query string, vars map[string]any) *Response {
	t.Helper()
	return s.mustJSON(t, s.Do(t, Post(Body(query, vars))))
}

// PostAuth is Post with the Authorization header given (none when empty).
func (s *Server) PostAuth(t testing.TB, authorization, query string, vars map[string]any) *Response {
	t.Helper()
	return s.mustJSON(t, s.Do(t, WithHeader(Post(Body(query, vars)), "Authorization", authorization)))
}

// PostKey is Post with the server's write key (WithKey).
func (s *Server) PostKey(t testing.TB, query string, vars map[string]any) *Response {
	t.Helper()
	return s.PostAuth(t, "Bearer "+s.Key, query, vars)
}

func (s *Server) mustJSON(t testing.TB, r *Response) *Response {
	t.Helper()
	if !r.JSON {
		t.Fatalf("response is not JSON (%d): %.500s", r.Status, r.Body)
	}
	return r
}

// Data posts query and decodes its data into out; any error fails the test.
func (s *Server) Data(t testing.TB, query string, vars map[string]any, out any) {
	t.Helper()
	s.Post(t, query, vars).Decode(t, out)
}

// Body is a JSON request body; variables are left out when nil.
func Body(query string, vars map[string]any) []byte {
	m := map[string]any{"query": query}
	if vars != nil {
		m["variables"] = vars
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

// Post is a POST of body to /graphql as application/json.
func Post(body []byte) *http.Request {
	return Request(http.MethodPost, "/graphql", "application/json", body)
}

// Request is a request with a body of the given content type (none when empty).
func Request(method, target, contentType string, body []byte) *http.Request {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// Get is a GET of /graphql with the given query string parameters, in order.
func Get(params ...string) *http.Request {
	var q []string
	for i := 0; i+1 < len(params); i += 2 {
		q = append(q, url.QueryEscape(params[i])+"="+url.QueryEscape(params[i+1]))
	}
	return httptest.NewRequest(http.MethodGet, "/graphql?"+strings.Join(q, "&"), nil)
}

// WithHeader sets a header of req (not when value is empty) and returns req.
func WithHeader(req *http.Request, name, value string) *http.Request {
	if value != "" {
		req.Header.Set(name, value)
	}
	return req
}

// Clean reports, as test errors, what no answer may show whatever the request: a 5xx,
// a body that is not JSON, an error without a code or INTERNAL, a message showing
// internals (Leak), and a warning or error the server logged.
func (s *Server) Clean(t testing.TB, r *Response) {
	t.Helper()
	for _, p := range Problems(r, "") {
		t.Error(p)
	}
	for _, line := range s.Logs.Take(slog.LevelWarn) {
		t.Errorf("the server logged: %.600s", line)
	}
}

// Problems are what no answer may show (see Clean); input is the request as sent, in
// lower case, whose own words a message may quote.
func Problems(r *Response, input string) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if r.Status >= 500 {
		add("HTTP %d: %.500s", r.Status, r.Body)
	}
	if !r.JSON {
		add("HTTP %d, the body is not a JSON object: %.500s", r.Status, r.Body)
	}
	for i, e := range r.Errors {
		switch code := e.Code(); code {
		case "":
			add("error %d has no extensions.code: %.300q", i, e.Message)
		case string(apperr.Internal):
			add("error %d is INTERNAL (a server fault, not a client's): %.300q", i, e.Message)
		}
		if m := Leak(e.Message, input); m != "" {
			add("error %d shows internals (%q): %.500q", i, m, e.Message)
		}
	}
	return out
}
