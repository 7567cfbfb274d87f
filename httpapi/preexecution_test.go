package httpapi_test

import (
	"encoding/json"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// A request refused before anything ran has no data entry (GraphQL over HTTP), whatever
// its status: an unknown persisted-query hash and variables that do not coerce answer 200
// to an application/json client, with errors only. An executed request keeps its data
// entry, null included. No database is needed for any of them.
func TestRefusalsBeforeExecutionHaveNoDataEntry(t *testing.T) {
	env := testenv.Dead(t)
	for name, req := range map[string][]byte{
		"unknown persisted query hash": apqBody(sha("{ __typename }"), ""),
		"variable of the wrong type":   testenv.Body(`query($n: Int) { projects(limit: $n) { id } }`, map[string]any{"n": "two"}),
		"document that does not parse": testenv.Body(`{ projects(`, nil),
		"field the schema lacks":       testenv.Body(`{ noSuchField }`, nil),
	} {
		r := env.Do(t, testenv.Post(req))
		var top map[string]json.RawMessage
		if err := json.Unmarshal(r.Body, &top); err != nil {
			t.Fatalf("%s: %v: %s", name, err, r.Body)
		}
		if _, has := top["data"]; has || len(r.Errors) == 0 || r.Code() == "" {
			t.Errorf("%s: want errors with a code and no data entry, got %d %s", name, r.Status, r.Body)
		}
	}
	r := env.Do(t, testenv.Post(testenv.Body(`{ __typename }`, nil)))
	var top map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &top); err != nil || string(top["data"]) != `{"__typename":"Query"}` {
		t.Errorf("an executed request: %v %s", err, r.Body)
	}
}
