package httpapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

func TestGraphQLAgainstNeo4j(t *testing.T) {
	h := testenv.Empty(t)
	storetest.Tiny(t, h.Store)

	tests := []struct {
		name     string
		query    string
		vars     map[string]any
		wantData string
		wantCode string
	}{
		{name: "typename", query: `{ __typename }`, wantData: `{"__typename":"Query"}`},
		{name: "node with relation and provenance",
			query:    `{ node(id: "p1") { id name ... on Project { stage financiers { name kind } } provenance { quote source { title } } } }`,
			wantData: `{"node":{"id":"p1","name":"Graphite refinery","stage":"REFINING","financiers":[{"name":"JOGMEC","kind":"FINANCIER"}],"provenance":[{"quote":"a refinery","source":{"title":"A test source"}}]}}`},
		{name: "reverse direction", query: `{ node(id: "jogmec") { ... on Organization { financesProjects { id } } } }`,
			wantData: `{"node":{"financesProjects":[{"id":"p1"}]}}`},
		{name: "unknown id is null", query: `{ node(id: "nope") { id } }`, wantData: `{"node":null}`},
		{name: "nodes keeps order and gaps", query: `{ nodes(ids: ["jogmec", "nope", "p1"]) { id } }`,
			wantData: `{"nodes":[{"id":"jogmec"},null,{"id":"p1"}]}`},
		{name: "hostile id is only a value", query: `query($id: ID!) { node(id: $id) { id } }`,
			vars: map[string]any{"id": "x\"}) DETACH DELETE n // `"}, wantData: `{"node":null}`},
		{name: "too many ids", query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
			vars: map[string]any{"ids": make([]string, 101)}, wantCode: "BAD_USER_INPUT"},
		{name: "parse error", query: `{ node(id: `, wantCode: "GRAPHQL_PARSE_FAILED"},
		{name: "validation error", query: `{ nope }`, wantCode: "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Post(t, tt.query, tt.vars)
			if tt.wantCode != "" {
				if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != tt.wantCode {
					t.Fatalf("want error code %s, got %+v", tt.wantCode, resp.Errors)
				}
				return
			}
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %+v", resp.Errors)
			}
			if string(resp.Data) != tt.wantData {
				t.Errorf("data\n got %s\nwant %s", resp.Data, tt.wantData)
			}
		})
	}
	t.Run("GET transport", func(t *testing.T) {
		res := h.Do(t, httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ node(id: "jogmec") { name } }`), nil))
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"name":"JOGMEC"`) {
			t.Fatalf("GET: %d %s", res.Status, string(res.Body))
		}
	})
	t.Run("probes", func(t *testing.T) {
		for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
			res := h.Do(t, httptest.NewRequest(http.MethodGet, path, nil))
			if res.Status != want {
				t.Errorf("%s: %d, want %d", path, res.Status, want)
			}
		}
	})
}

func TestNeo4jAwayMeansUnavailable(t *testing.T) {
	h := testenv.Dead(t)
	res := h.Do(t, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if res.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz: %d, want 503", res.Status)
	}
	res = h.Do(t, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if res.Status != http.StatusOK {
		t.Errorf("/healthz: %d, want 200 (the process is alive)", res.Status)
	}
	resp := h.Post(t, `{ node(id: "jogmec") { id } }`, nil)
	if code := resp.Status; code != http.StatusOK || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != string(apperr.ServiceUnavailable) {
		t.Fatalf("want one SERVICE_UNAVAILABLE error, got %d %+v", code, resp.Errors)
	}
	if msg := resp.Errors[0].Message; strings.Contains(msg, "127.0.0.1") || strings.Contains(msg, "dial") {
		t.Errorf("internal detail leaked to the client: %q", msg)
	}
}

func TestCORS(t *testing.T) {
	h := testenv.Dead(t)
	tests := []struct {
		origin    string
		wantAllow string
	}{
		{"http://localhost:8080", "http://localhost:8080"},
		{"https://evil.example", ""},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type")
			res := h.Do(t, req)
			if got := res.Header.Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.wantAllow)
			}
		})
	}
}

func TestRecoveredPanicIsInternal(t *testing.T) {
	err := httpapi.RecoverPanic(slog.New(&testenv.Logs{}))(context.Background(), "boom")
	got := httpapi.PresentError(slog.New(&testenv.Logs{}))(context.Background(), err)
	if got.Message != "internal error" || got.Extensions["code"] != string(apperr.Internal) {
		t.Errorf("got %q %v", got.Message, got.Extensions)
	}
}
