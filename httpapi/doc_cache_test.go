package httpapi_test

import (
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// The checks that read a document before gqlgen does (strict variables, the selection
// limits) take it from gqlgen's cache once it was parsed and validated: a document sent
// again must still have its variables checked, and one refused must stay refused.
func TestCachedDocumentsAreCheckedAgain(t *testing.T) {
	h := testenv.Dead(t) // gqlgen caches a document before executing it: no database needed
	doc := `query($n: Int) { projects(limit: $n) { id } }`
	if resp := h.Post(t, doc, map[string]any{"n": 1}); resp.Code() != "SERVICE_UNAVAILABLE" {
		t.Fatalf("a valid request: want it executed (SERVICE_UNAVAILABLE on a dead store), got %d %+v", resp.Status, resp.Errors)
	}
	for _, n := range []any{1.5, "5"} { // gqlgen alone takes "5" as an Int
		resp := h.Post(t, doc, map[string]any{"n": n})
		if resp.Code() != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(resp.Errors[0].Message, "expected an Int (a whole number)") {
			t.Errorf("the cached document with $n = %#v: want the strict variables' refusal, got %d %+v", n, resp.Status, resp.Errors)
		}
	}
	over := conflictingFields(h.Options.Limits.MaxSelections + 1)
	for i := range 2 {
		if resp := h.Post(t, over, nil); resp.Code() != "SELECTION_TOO_LARGE" {
			t.Errorf("send %d of a selection set over the limit: got %d %+v", i+1, resp.Status, resp.Errors)
		}
	}
}
