package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed/seedtest"
)

// The statistics of the seeded graph against a count in Go of every node and
// relationship the database holds: node counts are exact, the most relationships of a
// field at one node are exact, and a field's total is at least its relationships and at
// most all relationships of its type.
func TestStatsAreTheGraphs(t *testing.T) {
	st, driver := seedtest.Store(t)
	snap, err := st.ReadStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := st.ReadStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("a refresh of the statistics (statements planned): %v", time.Since(start))
	nodes := map[string]int64{}
	for _, row := range storetest.Query(t, driver, "MATCH (n) RETURN labels(n) AS labels", nil) {
		nodes[primary(row["labels"])]++
	}
	type end struct{ label, id string }
	degree := map[string]map[end]int64{}  // field → node → relationships
	reverse := map[string]map[end]int64{} // field → node at the other end → relationships
	exact := map[string]int64{}           // field → relationships
	ofType := map[string]int64{}          // relationship type → relationships
	rows := storetest.Query(t, driver, "MATCH (a)-[r]->(b) RETURN labels(a) AS from, a.id AS fromId, type(r) AS type, labels(b) AS to, b.id AS toId", nil)
	for _, row := range rows {
		from, to, typ := primary(row["from"]), primary(row["to"]), row["type"].(string)
		ofType[typ]++
		for name, nt := range store.NodeTypes {
			for _, r := range nt.Relations {
				if r.Type != typ {
					continue
				}
				start, stop := end{from, row["fromId"].(string)}, end{to, row["toId"].(string)}
				switch {
				case r.Direction == store.OUT && name == from && r.Target == to:
				case r.Direction == store.IN && name == to && r.Target == from:
					start, stop = stop, start
				default:
					continue
				}
				key := name + "." + r.Field
				if degree[key] == nil {
					degree[key], reverse[key] = map[end]int64{}, map[end]int64{}
				}
				degree[key][start]++
				reverse[key][stop]++
				exact[key]++
			}
		}
	}
	if len(rows) < 300 || len(nodes) < 10 {
		t.Fatalf("the seed has %d relationships and %d node types: too few for this test", len(rows), len(nodes))
	}
	checked := 0
	for name, nt := range store.NodeTypes {
		if got, ok := snap.Nodes(name); !ok || got != nodes[name] {
			t.Errorf("%s: %d nodes (%v), counted %d", name, got, ok, nodes[name])
		}
		for _, r := range nt.Relations {
			key := name + "." + r.Field
			var most, mostReverse int64
			for _, n := range degree[key] {
				most = max(most, n)
			}
			for _, n := range reverse[key] {
				mostReverse = max(mostReverse, n)
			}
			f, ok := snap.Field(name, r.Field)
			switch {
			case !ok:
				t.Errorf("%s: no statistics", key)
			case f.MaxDegree != most || f.MaxReverse != mostReverse:
				t.Errorf("%s: most relationships at one node %d, at one target %d; counted %d and %d", key, f.MaxDegree, f.MaxReverse, most, mostReverse)
			case f.Total < exact[key] || f.Total > ofType[r.Type]:
				t.Errorf("%s: total %d, want between its %d relationships and the %d of type %s", key, f.Total, exact[key], ofType[r.Type], r.Type)
			}
			if exact[key] > 0 {
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d fields have relationships in the seed", checked)
	}
	if _, ok := snap.Field("Country", "noSuchField"); ok {
		t.Error("statistics for a field the model does not have")
	}
}

func primary(labels any) string {
	for _, l := range labels.([]any) {
		if l != "Entity" {
			return l.(string)
		}
	}
	return ""
}

// The counts are read from the count store: the profile of each statement reads no
// node and no relationship, one database hit, whatever the size of the graph. The
// degrees are one pass over the relationships; their cost is logged.
func TestStatsCountsUseTheCountStore(t *testing.T) {
	_, driver := seedtest.Store(t)
	counts, degrees := store.StatsStatements()
	if len(counts) < 50 {
		t.Fatalf("%d count statements", len(counts))
	}
	ctx := context.Background()
	profile := func(q string) (leaves []string, hits int64, elapsed time.Duration) {
		start := time.Now()
		res, err := neo4j.ExecuteQuery(ctx, driver, "PROFILE "+q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(storetest.Database))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(p neo4j.ProfiledPlan)
		walk = func(p neo4j.ProfiledPlan) {
			hits += p.DbHits()
			if len(p.Children()) == 0 {
				leaves = append(leaves, strings.TrimSuffix(p.Operator(), "@neo4j"))
			}
			for _, c := range p.Children() {
				walk(c)
			}
		}
		walk(res.Summary.Profile())
		return leaves, hits, time.Since(start)
	}
	var total time.Duration
	for _, q := range counts {
		leaves, hits, elapsed := profile(q)
		total += elapsed
		if len(leaves) != 1 || (leaves[0] != "NodeCountFromCountStore" && leaves[0] != "RelationshipCountFromCountStore") || hits != 1 {
			t.Errorf("%s: operators %v, %d db hits; want one count-store read", q, leaves, hits)
		}
	}
	_, hits, elapsed := profile(degrees)
	t.Logf("%d counts: %v (profiled); degrees: %d db hits, %v", len(counts), total, hits, elapsed)
}

// The counts read in one call (GRAPH COUNTS) are exactly those of the count statements
// run one by one, the way they were read before: on the seeded graph and on a tiny one
// (where most counts are zero), and so are the counts the store reads one by one.
func TestStatsCountsInOneCallAreTheStatementsCounts(t *testing.T) {
	compare := func(t *testing.T, st *store.Store, driver neo4j.DriverWithContext) (nonZero int) {
		t.Helper()
		snap, err := st.ReadStats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got := store.StatsCounts(snap)
		counts, _ := store.StatsStatements()
		if len(got) != len(counts) {
			t.Fatalf("%d counts, %d count statements", len(got), len(counts))
		}
		for _, q := range counts {
			want := storetest.Query(t, driver, q, nil)[0]["n"].(int64)
			if got[q] != want {
				t.Errorf("%s: %d, the statement counts %d", q, got[q], want)
			}
			if want > 0 {
				nonZero++
			}
		}
		return nonZero
	}
	t.Run("seed", func(t *testing.T) {
		st, driver := seedtest.Store(t)
		if n := compare(t, st, driver); n < 50 {
			t.Errorf("only %d counts are not zero: too few to compare", n)
		}
	})
	t.Run("tiny, in one call and one by one", func(t *testing.T) {
		st, driver := storetest.NewWithDriver(t)
		storetest.Tiny(t, st)
		if n := compare(t, st, driver); n < 3 {
			t.Errorf("only %d counts are not zero", n)
		}
		store.CountOneByOne(st)
		compare(t, st, driver)
	})
}

// A write of the process makes the snapshot stale and starts its refresh: adding
// relationships raises the bounds, deleting them lowers them, without a request waiting.
func TestStatsFollowWrites(t *testing.T) {
	st := storetest.New(t)
	if err := st.KeepStats(time.Hour, time.Hour); err != nil {
		t.Fatal(err)
	}
	empty := st.Stats()
	if empty == nil {
		t.Fatal("no snapshot after KeepStats")
	}
	if n, _ := empty.Nodes("Project"); n != 0 {
		t.Fatalf("%d projects in an empty database", n)
	}
	batch := financed(3, 3)
	if _, err := st.Apply(context.Background(), batch, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	after := waitForPass(t, st, empty)
	if f, _ := after.Field("Project", "financiers"); f != (store.FieldStats{MaxDegree: 3, MaxReverse: 1, Total: 3}) {
		t.Errorf("after 3 financings of one project: %+v", f)
	}
	if f, _ := after.Field("Organization", "financesProjects"); f != (store.FieldStats{MaxDegree: 1, MaxReverse: 3, Total: 3}) {
		t.Errorf("financesProjects after 3 financings: %+v", f)
	}
	if _, err := st.Delete(context.Background(), []string{"f0"}, nil); err != nil {
		t.Fatal(err)
	}
	if f, _ := waitForPass(t, st, after).Field("Project", "financiers"); f != (store.FieldStats{MaxDegree: 2, MaxReverse: 1, Total: 2}) {
		t.Errorf("after deleting a financier: %+v", f)
	}
}

// financed is a project p1 with its source, financiers f0…f(n-1), and financings of p1
// by the first k of them.
func financed(n, k int) store.Batch {
	with := func(m map[string]any) map[string]any {
		m["sources"], m["quotes"] = []string{"src"}, []string{"q"}
		return m
	}
	batch := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: with(map[string]any{"id": "src", "title": "A source", "evidence": "VERBATIM"})},
		{Type: "Project", ID: "p1", Props: with(map[string]any{"id": "p1", "name": "P1", "aliases": []string{}, "stage": "REFINING"})},
	}}
	for i := range n {
		id := fmt.Sprint("f", i)
		batch.Nodes = append(batch.Nodes, store.NodeInput{Type: "Organization", ID: id, Props: with(map[string]any{"id": id, "name": id, "aliases": []string{}, "kind": "FINANCIER"})})
		if i < k {
			batch.Relations = append(batch.Relations, store.RelationInput{Type: "FINANCES", From: id, FromType: "Organization", To: "p1", ToType: "Project",
				Props: with(map[string]any{"instrument": "LOAN"})})
		}
	}
	return batch
}

// waitForStats waits for a snapshot newer than old: Stats never waits for one.
func waitForStats(t *testing.T, st *store.Store, old *store.Stats) *store.Stats {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if s := st.Stats(); s != old {
			return s
		}
	}
	t.Fatal("the statistics were not refreshed after a write")
	return nil
}

// waitForPass waits for a snapshot newer than old whose degrees come from its own pass
// (one soon after another waits passSpacing times its duration: degree bounds meanwhile).
func waitForPass(t *testing.T, st *store.Store, old *store.Stats) *store.Stats {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if s := st.Stats(); s != old && store.OwnPass(s) {
			return s
		}
	}
	t.Fatal("no degree pass after a write")
	return nil
}

// Between degree passes (one that is due waits passSpacing times the last one's
// duration), a field's most relationships at one node is the pass's plus the
// relationships added since: never below the graph's while relationships are only
// added. Once the spacing is over, the pass runs without a further write and the
// bounds are exact again.
func TestStatsBoundDegreesBetweenPasses(t *testing.T) {
	st := storetest.New(t)
	store.SetPassSpacing(st, 1<<40) // no second pass until told
	if err := st.KeepStats(time.Hour, time.Hour); err != nil {
		t.Fatal(err)
	}
	before, passes := st.Stats(), st.DegreePasses()
	batch := financed(3, 3)
	if _, err := st.Apply(context.Background(), batch, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	between := waitForStats(t, st, before)
	if got := st.DegreePasses(); got != passes {
		t.Errorf("%d degree passes within the spacing", got-passes)
	}
	// The graph: 3 financiers of one project, one project of each financier.
	for _, c := range []struct {
		nodeType, field string
		degree, reverse int64
	}{{"Project", "financiers", 3, 1}, {"Organization", "financesProjects", 1, 3}} {
		f, _ := between.Field(c.nodeType, c.field)
		if f.MaxDegree < c.degree || f.MaxReverse < c.reverse || f.MaxDegree > 3 || f.MaxReverse > 3 || f.Total != 3 {
			t.Errorf("%s.%s between passes: %+v; want bounds of %d and %d, at most the 3 added, total 3", c.nodeType, c.field, f, c.degree, c.reverse)
		}
	}
	store.SetPassSpacing(st, 1)
	after := waitForPass(t, st, between)
	if f, _ := after.Field("Project", "financiers"); f != (store.FieldStats{MaxDegree: 3, MaxReverse: 1, Total: 3}) {
		t.Errorf("after the pass: %+v", f)
	}
}

// Neo4j unreachable: no snapshot (the estimate then counts the schema's caps) and an error.
func TestStatsWithoutNeo4j(t *testing.T) {
	driver, err := neo4j.NewDriverWithContext("bolt://127.0.0.1:1", neo4j.NoAuth(), func(c *neo4j.Config) {
		c.SocketConnectTimeout = 500 * time.Millisecond
		c.MaxTransactionRetryTime = 0
	})
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(context.Background())
	st := store.New(driver, "neo4j")
	if err := st.KeepStats(time.Hour, time.Hour); err == nil {
		t.Error("KeepStats succeeded without Neo4j")
	}
	if st.Stats() != nil {
		t.Error("a snapshot without Neo4j")
	}
}

// A periodic refresh reads the counts and repeats the degree pass only when a count
// changed: unchanged, the pass is not run again; a relationship created by another
// writer (a raw statement, which the store does not see) changes the counts, and the
// next periodic refresh runs the pass and raises the bound.
func TestStatsPeriodicRefreshSkipsDegreesUntilCountsChange(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	batch := financed(3, 1)
	if _, err := st.Apply(context.Background(), batch, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := st.KeepStats(time.Millisecond, time.Hour); err != nil {
		t.Fatal(err)
	}
	snap := st.Stats()
	if f, _ := snap.Field("Project", "financiers"); f.MaxDegree != 1 {
		t.Fatalf("one financing: %+v", f)
	}
	passes := st.DegreePasses()
	for range 2 { // periodic refreshes, nothing changed
		snap = waitForStats(t, st, snap)
	}
	if got := st.DegreePasses(); got != passes {
		t.Errorf("%d degree passes in refreshes with unchanged counts", got-passes)
	}
	if f, _ := snap.Field("Project", "financiers"); f.MaxDegree != 1 {
		t.Errorf("after refreshes with unchanged counts: %+v", f)
	}
	storetest.Query(t, driver, `MATCH (p:Project {id: 'p1'}), (o:Organization) WHERE o.id IN ['f1', 'f2']
CREATE (o)-[:FINANCES {instrument: 'LOAN', sources: ['src'], quotes: ['q']}]->(p)`, nil)
	snap = waitForPass(t, st, snap)
	if got := st.DegreePasses(); got != passes+1 {
		t.Errorf("%d degree passes after another writer changed the counts, want 1", got-passes)
	}
	if f, _ := snap.Field("Project", "financiers"); f.MaxDegree != 3 || f.Total != 3 {
		t.Errorf("after another writer's two financings: %+v", f)
	}
}
