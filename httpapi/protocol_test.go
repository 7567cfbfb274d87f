package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// The media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// Issue 16: error responses came back as application/json whatever the client
// accepted, so Apollo Client 4 (which asks for application/graphql-response+json) saw
// only a status code. Every error answer now has the media type asked for, and one
// that failed before execution has no data entry (GraphQL over HTTP).
func TestErrorResponsesHonourAccept(t *testing.T) {
	h := testenv.Dead(t)
	cases := []struct {
		name, method, query string
		status              map[string]int // by accepted media type
		code                string
	}{
		{"parse error", http.MethodPost, "{ x", map[string]int{mediaJSON: 200, mediaGraphQLResponse: 400}, "GRAPHQL_PARSE_FAILED"},
		{"validation error", http.MethodPost, "{ x }", map[string]int{mediaJSON: 200, mediaGraphQLResponse: 400}, "GRAPHQL_VALIDATION_FAILED"},
		{"too many root fields", http.MethodPost, aliasedSearches(21), map[string]int{mediaJSON: 200, mediaGraphQLResponse: 400}, "TOO_MANY_ROOT_FIELDS"},
		{"mutation over GET", http.MethodGet, `mutation { delete(input: {ids: ["x"]}) { changed } }`, map[string]int{mediaJSON: 405, mediaGraphQLResponse: 405}, "METHOD_NOT_ALLOWED"},
		{"PUT", http.MethodPut, "{ __typename }", map[string]int{mediaJSON: 405, mediaGraphQLResponse: 405}, "METHOD_NOT_ALLOWED"},
	}
	for _, tt := range cases {
		for _, accept := range []string{mediaJSON, mediaGraphQLResponse, mediaGraphQLResponse + ", application/json;q=0.9"} {
			media, _, _ := strings.Cut(accept, ",")
			t.Run(tt.name+" "+accept, func(t *testing.T) {
				res := h.Do(t, graphQLRequest(tt.method, accept, tt.query))
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, media) {
					t.Errorf("Content-Type %q, want %s", ct, media)
				}
				if res.Status != tt.status[media] {
					t.Errorf("HTTP %d, want %d", res.Status, tt.status[media])
				}
				if res.Status == http.StatusMethodNotAllowed && res.Header.Get("Allow") == "" {
					t.Error("405 without an Allow header")
				}
				var body map[string]json.RawMessage
				if err := json.Unmarshal(res.Body, &body); err != nil {
					t.Fatalf("not JSON: %s", res.Body)
				}
				if _, ok := body["data"]; ok {
					t.Errorf("a request that failed before execution has a data entry: %s", res.Body)
				}
				var errs []struct{ Extensions map[string]any }
				if err := json.Unmarshal(body["errors"], &errs); err != nil || len(errs) == 0 || errs[0].Extensions["code"] != tt.code {
					t.Errorf("want an error with code %s: %s", tt.code, res.Body)
				}
			})
		}
	}
}

// TestGraphQLOverHTTPAuditAndClients runs the graphql-http audit suite (every audit ok:
// no warning, no notice) and Apollo Client 4, urql and graphql-request against the
// server on loopback; each client must see data, and errors with their codes. The
// node project is tools/httpaudit (its lockfile pins the versions); npm ci installs
// it on first use.
func TestGraphQLOverHTTPAuditAndClients(t *testing.T) {
	if testing.Short() {
		t.Skip("installs npm packages on first use")
	}
	node, errNode := exec.LookPath("node")
	npm, errNpm := exec.LookPath("npm")
	if errNode != nil || errNpm != nil {
		t.Skip("node and npm are needed")
	}
	dir := filepath.Join("..", "tools", "httpaudit")
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
	srv := httptest.NewServer(testenv.Dead(t).Handler)
	defer srv.Close()
	for _, script := range []string{"audit.mjs", "clients.mjs"} {
		t.Run(script, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, script, srv.URL+"/graphql")
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			t.Logf("%s", out)
			if err != nil {
				t.Fatalf("%s: %v", script, err)
			}
		})
	}
}
