package synth

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// TestDeterministicAndValid: the same scale and seed give the same graph whatever the
// batch size; every relationship is declared in the model and its ends exist; every
// id is unique; every node and relationship cites a source that exists.
func TestDeterministicAndValid(t *testing.T) {
	g := New(1, 42)
	hash := func(size int) string {
		h := sha256.New()
		if err := g.Batches(size, func(b store.Batch) error {
			for _, n := range b.Nodes {
				fmt.Fprintf(h, "%s|%s|%v\n", n.Type, n.ID, sortedProps(n.Props))
			}
			for _, r := range b.Relations {
				fmt.Fprintf(h, "%s|%s|%s|%s|%v\n", r.Type, r.From, r.To, r.Key, sortedProps(r.Props))
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%x", h.Sum(nil))
	}
	if a, b := hash(1000), hash(777); a != b {
		t.Fatalf("batch size changes the graph: %s vs %s", a, b)
	}
	if a, b := hash(5000), fmt.Sprint(New(1, 43).Count()); a == b {
		t.Fatal("unreachable")
	}

	types := map[string]string{}
	sources := map[string]bool{}
	relIDs := map[string]bool{}
	c := Counts{ByType: map[string]int{}}
	err := g.Emit(func(n *store.NodeInput, r *store.RelationInput) error {
		if n != nil {
			if _, dup := types[n.ID]; dup {
				return fmt.Errorf("duplicate node id %s", n.ID)
			}
			if _, ok := store.NodeTypes[n.Type]; !ok && n.Type != "Source" {
				return fmt.Errorf("unknown type %s", n.Type)
			}
			types[n.ID] = n.Type
			if n.Type == "Source" {
				sources[n.ID] = true
			}
			for _, s := range n.Props["sources"].([]string) {
				if !sources[s] {
					return fmt.Errorf("node %s cites %s before it is written", n.ID, s)
				}
			}
			c.Nodes++
			c.ByType[n.Type]++
			return nil
		}
		if _, ok := store.RelationBetween(r.FromType, r.Type, r.ToType); !ok {
			return fmt.Errorf("relation %s %s→%s is not in the model", r.Type, r.FromType, r.ToType)
		}
		if types[r.From] != r.FromType || types[r.To] != r.ToType {
			return fmt.Errorf("relation %s %s→%s: ends are %q and %q", r.Type, r.From, r.To, types[r.From], types[r.To])
		}
		id := store.RelationID(r.From, r.Type, r.To, r.Key)
		if relIDs[id] {
			return fmt.Errorf("duplicate relation %s", id)
		}
		relIDs[id] = true
		if s := r.Props["sources"].([]string); len(s) != 1 || !sources[s[0]] {
			return fmt.Errorf("relation %s has no valid source", id)
		}
		c.Relations++
		c.ByType[r.Type]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Nodes < 12000 || c.Nodes > 14500 {
		t.Errorf("scale 1 has %d nodes, want about 13,000", c.Nodes)
	}
	if c.ByType["Country"] != 249 || c.ByType["Mineral"] < 55 {
		t.Errorf("countries %d, minerals %d", c.ByType["Country"], c.ByType["Mineral"])
	}
	if got := g.Count(); got.Nodes != c.Nodes || got.Relations != c.Relations {
		t.Errorf("Count %+v, Emit %d/%d", got, c.Nodes, c.Relations)
	}
	t.Logf("scale 1: %d nodes, %d relations: %v", c.Nodes, c.Relations, c.ByType)
}

func sortedProps(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for _, k := range keys {
		s += fmt.Sprintf("%s=%v;", k, m[k])
	}
	return s
}

func TestPipelineDeliversEveryBatchInOrder(t *testing.T) {
	g := New(1, 5)
	var want, got []int
	g.Batches(4000, func(b store.Batch) error { want = append(want, len(b.Nodes)+len(b.Relations)); return nil })
	err := pipeline(context.Background(), g, 4000, func(b store.Batch) error {
		got = append(got, len(b.Nodes)+len(b.Relations))
		return nil
	})
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("pipeline: %v, %v; want %v", err, got, want)
	}
	stop := fmt.Errorf("stop")
	if err := pipeline(context.Background(), g, 4000, func(store.Batch) error { return stop }); err != stop {
		t.Fatalf("error not passed on: %v", err)
	}
}
