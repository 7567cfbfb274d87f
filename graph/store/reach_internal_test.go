package store

import (
	"strings"
	"testing"
)

// A root list walks and reaches only where the statistics say its label holds four times
// the walk (walkPays): on a small graph the walk would read every node and decide the
// window, and below four times it, a walk in vain and the match from the related nodes
// cost more than reading the label in the index's order (fuzz seed 4288).
func TestReachOnlyBeyondTheWalk(t *testing.T) {
	where := map[string]any{"financiers": map[string]any{"some": map[string]any{"name": map[string]any{"eq": "X"}}}}
	limit := 10
	projects := func(n int) *Stats { return &Stats{nodes: map[string]int64{"Project": int64(n)}} }
	for _, tt := range []struct {
		name  string
		stats *Stats
		walks bool
		keyed bool // the compile cache's key differs from the one without statistics
	}{
		{"no statistics", nil, false, false},
		{"fewer projects than the walk reads", projects(hubScan(limit)), false, false},
		{"more, fewer than four times", projects(hubScanDegree*hubScan(limit) - 1), false, true},
		{"four times", projects(hubScanDegree * hubScan(limit)), true, true},
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
		if keyed := listKey(where, nil, limit, tt.stats) != listKey(where, nil, limit, nil); keyed != tt.keyed {
			t.Errorf("%s: the compile cache's key differs from the one without statistics: %v", tt.name, keyed)
		}
	}
}

// listKey is the compile cache's key of a list of projects.
func listKey(where map[string]any, sort []map[string]any, limit int, stats *Stats) string {
	var key shape
	key.input(&compileInput{kind: inputList, typeName: "Project", list: ListArgs{Where: where, Sort: sort, Limit: &limit}, stats: stats})
	return string(key.b)
}

// A root list whose where no index answers walks the sort's index only where the label
// holds four times the walk (walkPays): a walk in vain then adds about a quarter to
// reading every node. The compile cache's key tells the two apart.
func TestWalkWithoutARelatedTestOnlyWhereItPays(t *testing.T) {
	where := map[string]any{"name": map[string]any{"contains": "a"}}
	sort := []map[string]any{{"name": "ASC"}}
	limit := 10
	pays := int64(hubScanDegree * hubScan(limit))
	for _, tt := range []struct {
		name     string
		projects int64
		walks    bool
	}{
		{"beyond the walk, below four times it", pays - 1, false},
		{"four times the walk", pays, true},
	} {
		c := newCypherBuilder()
		c.stats = &Stats{nodes: map[string]int64{"Project": tt.projects}}
		q, _, _, err := c.list("Project", ListArgs{Where: where, Sort: sort, Limit: &limit}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if walks := strings.Contains(q, "AS found"); walks != tt.walks {
			t.Errorf("%s: walks %v, want %v\n%s", tt.name, walks, tt.walks, q)
		}
	}
	projects := func(n int64) *Stats { return &Stats{nodes: map[string]int64{"Project": n}} }
	if listKey(where, sort, limit, projects(pays-1)) == listKey(where, sort, limit, projects(pays)) {
		t.Error("the compile cache's key is the same with and without the walk")
	}
}

// A root list sorted by a property no index orders runs its where's subqueries before
// the sort: the CALL returns n under another name, which the sort follows (beside a
// CALL that returned true, Neo4j sorted every node first: fuzz seed 4216). A where of
// subqueries alone stays one WHERE, written as the library writes it.
func TestSubqueriesBeforeAnUnindexedSort(t *testing.T) {
	single := map[string]any{"single": map[string]any{"aliases": map[string]any{"includes": "x"}}}
	limit := 10
	for _, tt := range []struct {
		name  string
		where map[string]any
		call  bool
	}{
		{"beside a test without a subquery", map[string]any{"name": map[string]any{"contains": "a"}, "financiers": single}, true},
		{"alone", map[string]any{"financiers": single}, false},
	} {
		c := newCypherBuilder()
		c.stats = largeLabels()
		q, _, _, err := c.list("Project", ListArgs{Where: tt.where, Sort: []map[string]any{{"status": "DESC"}}, Limit: &limit}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		tested, kept, sorted := strings.Index(q, "single("), strings.Index(q, "RETURN n AS kept"), strings.Index(q, "ORDER BY")
		if call := kept >= 0; call != tt.call || tested < 0 || sorted < tested || (call && (kept < tested || sorted < kept)) {
			t.Errorf("%s: the subquery's test is not where it belongs (in a CALL that returns n: %v)\n%s", tt.name, tt.call, q)
		}
	}
}
