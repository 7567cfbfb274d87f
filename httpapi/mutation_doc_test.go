package httpapi_test

import (
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// Issue 16: a document with two mutation fields wrote the first and failed the second.
// A request is one transaction: such a document is refused before anything is written.
func TestMutationDocumentIsOneField(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader-1"))
	invalid := upsertInput(10)
	invalid["nodes"] = []map[string]any{{"type": "NoSuchType", "id": "x", "provenance": []map[string]any{{"source": "src-dfc", "quote": "q"}}}}
	two := `mutation($a: UpsertInput!, $b: UpsertInput!) { a: upsert(input: $a) { changed } b: upsert(input: $b) { changed } }`
	resp := env.PostKey(t, two, map[string]any{"a": upsertInput(10), "b": invalid})
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "ONE_MUTATION_PER_REQUEST" {
		t.Fatalf("want one %s error, got %+v", "ONE_MUTATION_PER_REQUEST", resp.Errors)
	}
	if nodes, rels := env.Totals(t); nodes != 0 || rels != 0 {
		t.Fatalf("a refused document wrote %d nodes and %d relationships", nodes, rels)
	}

	// One field (with __typename beside it) is written as before.
	one := `mutation($a: UpsertInput!) { __typename upsert(input: $a) { changed } }`
	if resp := env.PostKey(t, one, map[string]any{"a": upsertInput(10)}); len(resp.Errors) > 0 {
		t.Fatalf("one mutation field: %+v", resp.Errors)
	}
	if nodes, _ := env.Totals(t); nodes != len(upsertInput(10)["nodes"].([]map[string]any)) {
		t.Fatalf("one mutation field wrote %d nodes", nodes)
	}
}
