package inorder_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
)

// Through the whole API on a real store, an error inside one element of a list
// marshalled in order has that element's index in its path, and nulls what GraphQL
// says it nulls: the element itself in a list of nullable elements (nodes), the whole
// list where the elements are non-null (projects). The error is the provenance of the
// middle project, whose source id was damaged behind the write path's back.
func TestAnErrorInOneElementHasItsPathAndNullsOnlyItsElement(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	st, driver := storetest.NewWithDriver(t)
	prov := func(m map[string]any) map[string]any {
		m["sources"], m["quotes"] = []string{"src"}, []string{"a quote"}
		return m
	}
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: prov(map[string]any{"id": "src", "title": "a source", "evidence": "COMPILED", "url": "https://example.org/a-source"})},
	}}
	for _, id := range []string{"project-0", "project-1", "project-2"} {
		b.Nodes = append(b.Nodes, store.NodeInput{Type: "Project", ID: id, Props: prov(map[string]any{"id": id, "name": id, "stage": "MINING"})})
	}
	if _, err := st.Apply(context.Background(), b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	storetest.Query(t, driver, "MATCH (p:Project {id: 'project-1'}) SET p.sources = ['no-such-source']", nil)
	h := httpapi.New(httpapi.Defaults(), st, slog.New(slog.NewTextHandler(io.Discard, nil)))

	for _, tc := range []struct {
		name, query, wantPath, wantData string
	}{
		{
			name:     "nullable elements",
			query:    `{ nodes(ids: ["project-0", "project-1", "project-2"]) { id ... on Project { provenance { note } } } }`,
			wantPath: "[nodes 1 provenance]",
			wantData: `{"nodes":[{"id":"project-0","provenance":[{"note":"a quote"}]},null,{"id":"project-2","provenance":[{"note":"a quote"}]}]}`,
		},
		{
			name:     "non-null elements",
			query:    `{ projects(sort: [{ name: ASC }]) { id provenance { note } } }`,
			wantPath: "[projects 1 provenance]",
			wantData: `null`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": tc.query})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var resp struct {
				Data   json.RawMessage
				Errors []struct {
					Path       []any
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("%v: %s", err, rec.Body)
			}
			if len(resp.Errors) != 1 || fmt.Sprint(resp.Errors[0].Path) != tc.wantPath || resp.Errors[0].Extensions["code"] != string(apperr.Internal) {
				t.Errorf("errors %s, want one %s at %s", rec.Body, apperr.Internal, tc.wantPath)
			}
			if string(resp.Data) != tc.wantData {
				t.Errorf("data %s, want %s", resp.Data, tc.wantData)
			}
		})
	}
}
