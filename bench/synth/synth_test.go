package synth

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

// TestWriteConcurrently: every batch is written once; with one writer in order; with
// three, batches overlap but none starts before what it depends on has ended (the
// first batch, Sources, and for relationships every earlier batch with nodes); the
// hook before the relationships runs once, between the last batch of nodes and the
// first with relationships; the first error, the hook's too, is returned.
func TestWriteConcurrently(t *testing.T) {
	g := New(1, 5)
	var want []int
	g.Batches(1500, func(b store.Batch) error { want = append(want, len(b.Nodes)+len(b.Relations)); return nil })
	total := 0
	for _, n := range want {
		total += n
	}

	var got []int
	var last int
	err := writeConcurrently(context.Background(), g, 1500, 1, func(_ context.Context, b store.Batch, progress func(int)) error {
		got = append(got, len(b.Nodes)+len(b.Relations))
		progress(len(b.Nodes))
		return nil
	}, func(d int) { last = d }, nil)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) || last != total {
		t.Fatalf("one writer: %v, %v, progress %d; want %v, %d", err, got, last, want, total)
	}

	type span struct {
		start, end       int64
		nodes, rels, src bool
	}
	var mu sync.Mutex
	var clock int64
	tick := func() int64 { mu.Lock(); defer mu.Unlock(); clock++; return clock }
	var spans []*span
	var hooks []int64
	running, peak := 0, 0
	err = writeConcurrently(context.Background(), g, 1500, 3, func(_ context.Context, b store.Batch, _ func(int)) error {
		sp := &span{start: tick(), nodes: len(b.Nodes) > 0, rels: len(b.Relations) > 0}
		for _, n := range b.Nodes {
			sp.src = sp.src || n.Type == "Source"
		}
		mu.Lock()
		spans = append(spans, sp)
		running++
		peak = max(peak, running)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
		sp.end = tick()
		return nil
	}, func(int) {}, func(context.Context) error {
		hooks = append(hooks, tick())
		return nil
	})
	if err != nil || len(spans) != len(want) {
		t.Fatalf("three writers: %v, %d batches, want %d", err, len(spans), len(want))
	}
	if len(hooks) != 1 {
		t.Fatalf("the hook before the relationships ran %d times, want once", len(hooks))
	}
	for _, sp := range spans {
		if (sp.rels && sp.start < hooks[0]) || (!sp.rels && sp.end > hooks[0]) {
			t.Errorf("a batch (nodes %v, relationships %v) ran from %d to %d, the hook before the relationships at %d",
				sp.nodes, sp.rels, sp.start, sp.end, hooks[0])
		}
	}
	if peak < 2 || peak > 3 {
		t.Errorf("at most %d batches ran at once, want 2 or 3", peak)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	for i, a := range spans {
		for _, b := range spans[i+1:] { // a started before b
			if (i == 0 || a.src || (a.nodes && b.rels)) && a.end > b.start {
				t.Errorf("a batch (nodes %v, relationships %v) started before an earlier one it depends on (first %v, sources %v, nodes %v) ended",
					b.nodes, b.rels, i == 0, a.src, a.nodes)
			}
		}
	}

	stop := fmt.Errorf("stop")
	calls := 0
	err = writeConcurrently(context.Background(), g, 1500, 3, func(context.Context, store.Batch, func(int)) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return stop
	}, func(int) {}, nil)
	if err != stop || calls != 1 {
		t.Fatalf("error not passed on, or a batch started after the first failed: %v, %d calls", err, calls)
	}

	// A failing hook stops the writing before any relationship is written.
	var relBatches atomic.Int32
	err = writeConcurrently(context.Background(), g, 1500, 3, func(_ context.Context, b store.Batch, _ func(int)) error {
		if len(b.Relations) > 0 {
			relBatches.Add(1)
		}
		return nil
	}, func(int) {}, func(context.Context) error { return stop })
	if err != stop || relBatches.Load() != 0 {
		t.Fatalf("the hook's error: %v, then %d batches with relationships written", err, relBatches.Load())
	}
}
