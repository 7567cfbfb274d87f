package store

import (
	"strings"
	"testing"
)

// A root list counts an enum's or a date's equality first only where no index of id,
// name or the sort's property answers another of its tests (the planner seeks those),
// and not where the equality is on the sort's property.
func TestSeekOnlyWithoutAnIndexedTest(t *testing.T) {
	stage := map[string]any{"eq": "REFINING"}
	limit := 10
	for _, tt := range []struct {
		name   string
		typ    string
		where  map[string]any
		sort   string
		counts bool
	}{
		{"an enum's equality", "Project", map[string]any{"stage": stage, "name": map[string]any{"contains": "a"}}, "name", true},
		{"an enum's in", "Project", map[string]any{"stage": map[string]any{"in": []any{"MINING", "REFINING"}}}, "id", true},
		{"a date's equality", "Partnership", map[string]any{"validFrom": map[string]any{"eq": "2020"}}, "name", true},
		{"and a prefix of the sort's name", "Project", map[string]any{"stage": stage, "name": map[string]any{"startsWith": "A"}}, "name", false},
		{"and an id", "Project", map[string]any{"stage": stage, "id": map[string]any{"in": []any{"a"}}}, "name", false},
		{"and a name, sorted by id", "Project", map[string]any{"stage": stage, "name": map[string]any{"eq": "A"}}, "id", false},
		{"on the sort's property", "Project", map[string]any{"stage": stage}, "stage", false},
		{"under OR", "Project", map[string]any{"OR": []any{map[string]any{"stage": stage}, map[string]any{"status": map[string]any{"eq": "OPERATING"}}}}, "name", false},
	} {
		c := newCypherBuilder()
		c.stats = largeLabels()
		q, _, _, err := c.list(tt.typ, ListArgs{Where: tt.where, Sort: []map[string]any{{tt.sort: "ASC"}}, Limit: &limit}, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if counts := strings.Contains(q, "AS few"); counts != tt.counts {
			t.Errorf("%s: counts %v, want %v\n%s", tt.name, counts, tt.counts, q)
		}
	}
}
