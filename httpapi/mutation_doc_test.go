package httpapi

import (
	"testing"
)

// Issue 16: a document with two mutation fields wrote the first and failed the second.
// A request is one transaction: such a document is refused before anything is written.
func TestMutationDocumentIsOneField(t *testing.T) {
	env, totals := newWriteEnv(t, nil)
	invalid := upsertInput(10)
	invalid["nodes"] = []map[string]any{{"type": "NoSuchType", "id": "x", "provenance": []map[string]any{{"source": "src-dfc", "quote": "q"}}}}
	two := `mutation($a: UpsertInput!, $b: UpsertInput!) { a: upsert(input: $a) { changed } b: upsert(input: $b) { changed } }`
	_, resp := env.post(t, env.secret, two, map[string]any{"a": upsertInput(10), "b": invalid})
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != codeOneMutation {
		t.Fatalf("want one %s error, got %+v", codeOneMutation, resp.Errors)
	}
	if nodes, rels := totals(); nodes != 0 || rels != 0 {
		t.Fatalf("a refused document wrote %d nodes and %d relationships", nodes, rels)
	}

	// One field (with __typename beside it) is written as before.
	one := `mutation($a: UpsertInput!) { __typename upsert(input: $a) { changed } }`
	if _, resp := env.post(t, env.secret, one, map[string]any{"a": upsertInput(10)}); len(resp.Errors) > 0 {
		t.Fatalf("one mutation field: %+v", resp.Errors)
	}
	if nodes, _ := totals(); nodes != len(upsertInput(10)["nodes"].([]map[string]any)) {
		t.Fatalf("one mutation field wrote %d nodes", nodes)
	}
}
