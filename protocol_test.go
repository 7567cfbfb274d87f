package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Issue 16: error responses came back as application/json whatever the client
// accepted, so Apollo Client 4 (which asks for application/graphql-response+json) saw
// only a status code. Every error answer now has the media type asked for, and one
// that failed before execution has no data entry (GraphQL over HTTP).
func TestErrorResponsesHonourAccept(t *testing.T) {
	h := newHandler(testConfig(t), deadStore(t), quietLogger)
	cases := []struct {
		name, method, query string
		status              map[string]int // by accepted media type
		code                string
	}{
		{"parse error", http.MethodPost, "{ x", map[string]int{mediaJSON: 200, mediaGraphQLResponse: 400}, "GRAPHQL_PARSE_FAILED"},
		{"validation error", http.MethodPost, "{ x }", map[string]int{mediaJSON: 200, mediaGraphQLResponse: 400}, "GRAPHQL_VALIDATION_FAILED"},
		{"too many root fields", http.MethodPost, aliasedSearches(21), map[string]int{mediaJSON: 200, mediaGraphQLResponse: 400}, codeTooManyRootFields},
		{"mutation over GET", http.MethodGet, `mutation { delete(input: {ids: ["x"]}) { changed } }`, map[string]int{mediaJSON: 405, mediaGraphQLResponse: 405}, codeMethodNotAllowed},
		{"PUT", http.MethodPut, "{ __typename }", map[string]int{mediaJSON: 405, mediaGraphQLResponse: 405}, codeMethodNotAllowed},
	}
	for _, tt := range cases {
		for _, accept := range []string{mediaJSON, mediaGraphQLResponse, mediaGraphQLResponse + ", application/json;q=0.9"} {
			media, _, _ := strings.Cut(accept, ",")
			t.Run(tt.name+" "+accept, func(t *testing.T) {
				rec := serveGraphQL(h, tt.method, accept, tt.query)
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, media) {
					t.Errorf("Content-Type %q, want %s", ct, media)
				}
				if rec.Code != tt.status[media] {
					t.Errorf("HTTP %d, want %d", rec.Code, tt.status[media])
				}
				if rec.Code == http.StatusMethodNotAllowed && rec.Header().Get("Allow") == "" {
					t.Error("405 without an Allow header")
				}
				var body map[string]json.RawMessage
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
					t.Fatalf("not JSON: %s", rec.Body.String())
				}
				if _, ok := body["data"]; ok {
					t.Errorf("a request that failed before execution has a data entry: %s", rec.Body.String())
				}
				var errs []struct{ Extensions map[string]any }
				if err := json.Unmarshal(body["errors"], &errs); err != nil || len(errs) == 0 || errs[0].Extensions["code"] != tt.code {
					t.Errorf("want an error with code %s: %s", tt.code, rec.Body.String())
				}
			})
		}
	}
}
