package store

import (
	"strings"
	"testing"
)

// A root list walks and reaches only where the statistics say its label is larger than
// the walk: on a small graph the walk would read every node and decide the window.
func TestReachOnlyBeyondTheWalk(t *testing.T) {
	where := map[string]any{"financiers": map[string]any{"some": map[string]any{"name": map[string]any{"eq": "X"}}}}
	limit := 10
	for _, tt := range []struct {
		name  string
		stats *Stats
		walks bool
	}{
		{"no statistics", nil, false},
		{"fewer projects than the walk reads", &Stats{nodes: map[string]int64{"Project": int64(hubScan(limit))}}, false},
		{"more", &Stats{nodes: map[string]int64{"Project": int64(hubScan(limit)) + 1}}, true},
	} {
		c := newCypherBuilder()
		c.stats = tt.stats
		q, _, _, err := c.list("Project", ListArgs{Where: where, Limit: &limit}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if walks := strings.Contains(q, "AS found"); walks != tt.walks {
			t.Errorf("%s: walks %v, want %v\n%s", tt.name, walks, tt.walks, q)
		}
		if same := listKey(where, limit, tt.stats) == listKey(where, limit, nil); same == tt.walks {
			t.Errorf("%s: the compile cache's key is the same as without statistics: %v", tt.name, same)
		}
	}
}

// listKey is the compile cache's key of a list of projects.
func listKey(where map[string]any, limit int, stats *Stats) string {
	var key shape
	key.input(&compileInput{kind: inputList, typeName: "Project", list: ListArgs{Where: where, Limit: &limit}, stats: stats})
	return string(key.b)
}
