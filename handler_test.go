package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

func testConfig(t testing.TB) Config {
	t.Helper()
	cfg, err := loadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

type gqlResponse struct {
	Data       json.RawMessage `json:"data"`
	Extensions map[string]any  `json:"extensions"`
	Errors     []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func postQuery(t *testing.T, h http.Handler, query string, vars map[string]any) (int, gqlResponse) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("response is not JSON (%d): %s", rec.Code, rec.Body.String())
	}
	return rec.Code, resp
}

// deadStore is a store whose driver points at a port where nothing listens.
func deadStore(t *testing.T) *store.Store {
	t.Helper()
	driver, err := neo4j.NewDriverWithContext("bolt://127.0.0.1:1", neo4j.NoAuth(), func(c *neo4j.Config) {
		c.SocketConnectTimeout = 500 * time.Millisecond
		c.ConnectionAcquisitionTimeout = time.Second
		c.MaxTransactionRetryTime = 0
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = driver.Close(context.Background()) })
	return store.New(driver, "neo4j")
}

// fixture writes a tiny graph through the one write path: a financier, a project, a source.
func fixture(t *testing.T, st *store.Store) {
	t.Helper()
	prov := func(quote string) map[string]any {
		return map[string]any{"sources": []string{"src"}, "quotes": []string{quote}}
	}
	with := func(m map[string]any, quote string) map[string]any {
		for k, v := range prov(quote) {
			m[k] = v
		}
		return m
	}
	batch := store.Batch{
		Nodes: []store.NodeInput{
			{Type: "Source", ID: "src", Props: with(map[string]any{"id": "src", "title": "A test source", "evidence": "VERBATIM"}, "A test source")},
			{Type: "Organization", ID: "jogmec", Props: with(map[string]any{"id": "jogmec", "name": "JOGMEC", "aliases": []string{"Japan Organization for Metals and Energy Security"}, "kind": "FINANCIER"}, "JOGMEC finances")},
			{Type: "Project", ID: "p1", Props: with(map[string]any{"id": "p1", "name": "Graphite refinery", "aliases": []string{}, "stage": "REFINING"}, "a refinery")},
		},
		Relations: []store.RelationInput{
			{Type: "FINANCES", From: "jogmec", FromType: "Organization", To: "p1", ToType: "Project",
				Props: with(map[string]any{"instrument": "LOAN", "amount": 10.0, "currency": "USD million"}, "JOGMEC lends")},
		},
	}
	if _, err := st.Apply(context.Background(), batch, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestGraphQLAgainstNeo4j(t *testing.T) {
	st := storetest.New(t)
	fixture(t, st)
	h := newHandler(testConfig(t), st, quietLogger)

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
			_, resp := postQuery(t, h, tt.query, tt.vars)
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
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ node(id: "jogmec") { name } }`), nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"name":"JOGMEC"`) {
			t.Fatalf("GET: %d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("probes", func(t *testing.T) {
		for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != want {
				t.Errorf("%s: %d, want %d", path, rec.Code, want)
			}
		}
	})
}

func TestNeo4jAwayMeansUnavailable(t *testing.T) {
	h := newHandler(testConfig(t), deadStore(t), quietLogger)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/readyz: %d, want 503", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("/healthz: %d, want 200 (the process is alive)", rec.Code)
	}
	code, resp := postQuery(t, h, `{ node(id: "jogmec") { id } }`, nil)
	if code != http.StatusOK || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != string(apperr.ServiceUnavailable) {
		t.Fatalf("want one SERVICE_UNAVAILABLE error, got %d %+v", code, resp.Errors)
	}
	if msg := resp.Errors[0].Message; strings.Contains(msg, "127.0.0.1") || strings.Contains(msg, "dial") {
		t.Errorf("internal detail leaked to the client: %q", msg)
	}
}

func TestCORS(t *testing.T) {
	h := newHandler(testConfig(t), deadStore(t), quietLogger)
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
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.wantAllow)
			}
		})
	}
}

func TestRecoveredPanicIsInternal(t *testing.T) {
	err := recoverPanic(quietLogger)(context.Background(), "boom")
	got := presentError(quietLogger)(context.Background(), err)
	if got.Message != "internal error" || got.Extensions["code"] != string(apperr.Internal) {
		t.Errorf("got %q %v", got.Message, got.Extensions)
	}
}

func TestStartWithoutNeo4jFailsWithOneLine(t *testing.T) {
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	t.Setenv("NEO4J_CONNECT_TIMEOUT", "1s")
	err := run(context.Background(), []string{"serve"})
	if err == nil {
		t.Fatal("serve started without Neo4j")
	}
	msg := err.Error()
	if !strings.Contains(msg, "bolt://127.0.0.1:1") || strings.Contains(msg, "\n") {
		t.Errorf("want one line naming the URI, got %q", msg)
	}
}

func TestServeShutsDownOnSignal(t *testing.T) {
	st := storetest.New(t)
	_ = st
	ln := freeAddr(t)
	t.Setenv("NEO4J_URI", storetest.URI(t))
	t.Setenv("HTTP_ADDR", ln)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}) }()
	waitFor(t, "http://"+ln+"/readyz")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := http.Get("http://" + ln + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}
