package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// This file is the graph's statistics behind the query cost estimate: how many nodes of
// each type and relationships of each field there are, and the most relationships of a
// field at one node. They bound what a list without `limit` can read. Labels and types
// come from the generated metadata only.

// Stats is a snapshot of the graph's statistics.
type Stats struct {
	Taken   time.Time
	gen     uint64            // writes of the process when the reading started
	nodes   map[string]int64  // node type → nodes
	sides   map[relSide]int64 // relationships of a type at nodes of a label, one end
	degrees map[relEnd]int64  // the most relationships at one node; absent: none
	// the degree pass these degrees come from: when it started, and the writes of the
	// process and the counts then
	degreesTaken time.Time
	degreesTook  time.Duration
	degreesGen   uint64
	degreesNodes map[string]int64
	degreesSides map[relSide]int64
	// the pass was due (the process wrote or a count changed) but kept, too soon after
	// the last: degree bounds each count's growth since the pass
	passDue bool

	classesOnce sync.Once
	classes     uint64 // meanClasses
}

// relSide is a count the count store answers: relationships of relType starting
// (start) or ending at a node with label.
type relSide struct {
	relType, label string
	start          bool
}

// relEnd is the relationships of relType at a node of nodeType, outgoing or not, whose
// other end is of type other.
type relEnd struct {
	relType, nodeType string
	out               bool
	other             string
}

// FieldStats bounds a relationship field.
type FieldStats struct {
	MaxDegree  int64 // the most relationships of the field at one node
	MaxReverse int64 // the most of them ending at one node of the field's target type
	Total      int64 // all of them, at least: see Field
}

// Nodes returns the number of nodes of a node type.
func (st *Stats) Nodes(nodeType string) (int64, bool) {
	n, ok := st.nodes[nodeType]
	return n, ok
}

// Field returns the bounds of relationship field `field` of nodeType. Its total is the
// smaller of the count store's counts at either end, which also count the type's
// relationships from or to other node types: an upper bound.
func (st *Stats) Field(nodeType, field string) (FieldStats, bool) {
	t, ok := NodeTypes[nodeType]
	if !ok {
		return FieldStats{}, false
	}
	r, ok := t.Relation(field)
	if !ok {
		return FieldStats{}, false
	}
	start, end := relationEnds(t.Name, r)
	return FieldStats{
		MaxDegree:  st.degree(relEnd{r.Type, nodeType, r.Direction == OUT, r.Target}),
		MaxReverse: st.degree(relEnd{r.Type, r.Target, r.Direction != OUT, nodeType}),
		Total:      min(st.sides[relSide{r.Type, start, true}], st.sides[relSide{r.Type, end, false}]),
	}, true
}

// degree is the most relationships of k at one node: the pass's, plus the relationships
// of its type at that end added since (all at one node, at worst), so that the bound
// holds between passes while relationships are only added. (A delete and a create that
// keep a count equal can raise a degree unseen: until the next pass.)
func (st *Stats) degree(k relEnd) int64 {
	side := relSide{k.relType, k.nodeType, k.out}
	return st.degrees[k] + max(0, st.sides[side]-st.degreesSides[side])
}

// manyPerParentDegree is the average number of relationships of a list field per parent
// node from which its rows are windowed before they are made distinct (distinctWindow):
// below it, the window's collect and its test cost more than DISTINCT over the few rows
// (bench queries 06 and 09: 5-11 % more Neo4j CPU with lists of one to three rows).
var manyPerParentDegree int64 = 16 // a variable for the tests

// manyPerParent reports whether the nodes of nodeType have at least manyPerParentDegree
// relationships of field on average (false without statistics). A stale answer only
// chooses the slower plan: both answer the same.
func (st *Stats) manyPerParent(nodeType, field string) bool {
	if st == nil {
		return false
	}
	f, ok := st.Field(nodeType, field)
	n, known := st.Nodes(nodeType)
	return ok && known && n > 0 && f.Total >= manyPerParentDegree*n
}

// hubsFor reports whether a node of nodeType has enough relationships of field for a
// filtered list of rows rows to walk the index (false without statistics): hub.go.
func (st *Stats) hubsFor(nodeType, field string, rows int) bool {
	if st == nil {
		return false
	}
	f, ok := st.Field(nodeType, field)
	return ok && rows > 0 && f.MaxDegree >= int64(hubScanDegree*hubScan(rows))
}

// beyondWalk reports whether nodeType has more nodes than the walk of a root list of
// rows rows reads (false without statistics): below that, the walk reads every node and
// decides the window, and the statement can leave out the match from related nodes
// (reach.go), which Neo4j would plan for nothing.
func (st *Stats) beyondWalk(nodeType string, rows int) bool {
	if st == nil {
		return false
	}
	n, ok := st.Nodes(nodeType)
	return ok && n > int64(hubScan(rows))
}

// walkPays reports whether a walk of hubScan(rows) index entries in vain costs about a
// quarter more than a read of nodeType's every node (hubScanDegree, as hub.go's walk
// below a parent).
func (st *Stats) walkPays(nodeType string, rows int) bool {
	if st == nil {
		return false
	}
	n, ok := st.Nodes(nodeType)
	return ok && n >= int64(hubScanDegree*hubScan(rows))
}

// meanDegree is the mean number of relationships of relType at a node of label (out:
// starting there), rounded down to a power of two (0 below one), so that the compile
// cache's key, which holds the rounded means (meanClasses), decides as they do
// (stage.go). false where the statistics do not count them.
func (st *Stats) meanDegree(relType, label string, out bool) (float64, bool) {
	n, ok := st.nodes[label]
	r, counted := st.sides[relSide{relType, label, out}]
	if !ok || !counted || n == 0 {
		return 0, false
	}
	if r < n {
		return 0, true
	}
	return float64(uint64(1) << (bits.Len64(uint64(r/n)) - 1)), true
}

// meanClasses is a hash of every meanDegree of the snapshot (0 without relationship
// counts, where stage.go orders nothing): a part of the compile cache's key.
func (st *Stats) meanClasses() uint64 {
	if st == nil || len(st.sides) == 0 {
		return 0
	}
	st.classesOnce.Do(func() {
		lines := make([]string, 0, len(st.sides))
		for k := range st.sides {
			d, ok := st.meanDegree(k.relType, k.label, k.start)
			lines = append(lines, fmt.Sprintf("%s|%s|%t|%t|%g\n", k.relType, k.label, k.start, ok, d))
		}
		slices.Sort(lines)
		h := fnv.New64a()
		for _, l := range lines {
			h.Write([]byte(l))
		}
		st.classes = h.Sum64()
	})
	return st.classes
}

// relationEnds returns the node types at the start and the end of field r of type t.
func relationEnds(t string, r Relation) (start, end string) {
	if r.Direction == OUT {
		return t, r.Target
	}
	return r.Target, t
}

// statsDegrees reads the most relationships of each type, direction and type at the
// other end at one node of each type: one pass over the relationships, each node's
// counted on their own. A statement per field (COUNT subqueries) would name the labels
// but took Neo4j seconds to plan for the model's hundred-odd fields.
const statsDegrees = `MATCH (n:Entity)
CALL (n) {
  MATCH (n)-[r]->(m:Entity) RETURN true AS out, type(r) AS type, labels(m) AS other, count(r) AS c
  UNION ALL
  MATCH (n)<-[r]-(m:Entity) RETURN false AS out, type(r) AS type, labels(m) AS other, count(r) AS c
}
RETURN labels(n) AS labels, out, type, other, max(c) AS most`

// ReadStats reads a full snapshot of the statistics, counts and degrees, in one read
// transaction. Its statements are not counted in RoundTripsTotal (they belong to no
// request) and stay outside the bounds on calls (one transaction at a time, within the
// pool's headroom above STORE_CALLS_TOTAL).
func (s *Store) ReadStats(ctx context.Context) (*Stats, error) {
	return s.readStats(ctx, nil, 0)
}

// readStats reads the counts and, unless prev's degrees can be kept, the degrees. They
// are kept when prev's degree pass is younger than full and either the process has not
// written since it started and no count changed, or it started less than passSpacing
// times its own duration ago (then degree bounds the growth). The counts are cheap (the
// count store, one call); the degree pass reads every relationship: without the
// spacing, a stream of writes ran one a second, a core of Neo4j on a large graph. A
// delete and a create that leave every count equal can change a degree unseen: full
// bounds how long.
func (s *Store) readStats(ctx context.Context, prev *Stats, full time.Duration) (*Stats, error) {
	if err := s.unavailable(); err != nil {
		return nil, err
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(context.Background())
	gen := writes.Load()
	st, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) (*Stats, error) {
		st := &Stats{Taken: time.Now(), gen: gen}
		var err error
		if st.nodes, st.sides, err = s.readCounts(ctx, tx); err != nil {
			return nil, err
		}
		if prev != nil && time.Since(prev.degreesTaken) < full {
			due := prev.degreesGen != gen || !maps.Equal(prev.degreesNodes, st.nodes) || !maps.Equal(prev.degreesSides, st.sides)
			if !due || s.passTooSoon(prev) {
				st.degrees, st.degreesTaken, st.degreesTook, st.degreesGen = prev.degrees, prev.degreesTaken, prev.degreesTook, prev.degreesGen
				st.degreesNodes, st.degreesSides, st.passDue = prev.degreesNodes, prev.degreesSides, due
				return st, nil
			}
		}
		degrees, err := readDegrees(ctx, tx)
		if err != nil {
			return nil, err
		}
		st.degrees, st.degreesTaken, st.degreesTook, st.degreesGen = degrees, st.Taken, time.Since(st.Taken), gen
		st.degreesNodes, st.degreesSides = st.nodes, st.sides
		return st, nil
	}, txTimeout(ctx)...)
	if err != nil && s.countsOneByOne(err) {
		return s.readStats(ctx, prev, full)
	}
	if err != nil {
		return nil, fmt.Errorf("read the graph statistics: %w", err)
	}
	if st.degreesTaken == st.Taken { // the degree pass ran
		s.stats.degreePasses.Add(1)
	}
	return st, nil
}

// passSpacing: a degree pass that is due starts at least this many times the last one's
// duration after it, so that passes take at most a tenth of a Neo4j core.
const passSpacing = 10

// passTooSoon tells whether the degree pass of snap started too recently for another.
func (s *Store) passTooSoon(snap *Stats) bool {
	spacing := s.stats.passSpacing.Load()
	if spacing == 0 {
		spacing = passSpacing
	}
	return time.Since(snap.degreesTaken)/time.Duration(spacing) < snap.degreesTook // no overflow
}

// readDegrees is the degree pass: one read of every relationship.
func readDegrees(ctx context.Context, tx neo4j.ManagedTransaction) (map[relEnd]int64, error) {
	res, err := tx.Run(ctx, statsDegrees, nil)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	degrees := map[relEnd]int64{}
	for _, rec := range recs {
		labels, _, _ := neo4j.GetRecordValue[[]any](rec, "labels")
		out, _, _ := neo4j.GetRecordValue[bool](rec, "out")
		relType, _, _ := neo4j.GetRecordValue[string](rec, "type")
		other, _, _ := neo4j.GetRecordValue[[]any](rec, "other")
		most, _, _ := neo4j.GetRecordValue[int64](rec, "most")
		k := relEnd{relType, typeOf(labelList(labels)), out, typeOf(labelList(other))}
		degrees[k] = max(degrees[k], most)
	}
	return degrees, nil
}

func labelList(values []any) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		if l, ok := v.(string); ok {
			out = append(out, l)
		}
	}
	return out
}

// writes counts the write transactions of the process (every Store): a snapshot taken
// before the latest is stale.
var writes atomic.Uint64

// statsCache is a store's latest snapshot and how it is kept fresh.
type statsCache struct {
	every        atomic.Int64 // refresh period; 0 until KeepStats
	full         atomic.Int64 // the longest a degree pass is kept when no count changed
	degreePasses atomic.Int64 // degree passes read, for the tests
	oneByOne     atomic.Bool  // the counts are read by statsCounts, GRAPH COUNTS refused (stats_counts.go)
	passSpacing  atomic.Int64 // passSpacing, changed by the tests; 0: passSpacing
	snap         atomic.Pointer[Stats]
	refreshing   atomic.Bool
	startedAt    atomic.Int64 // unix nanoseconds of the last refresh's start
}

const (
	statsTimeout = 30 * time.Second // planning the statements the first time takes seconds on a loaded machine
	statsGap     = time.Second      // between refreshes: a burst of writes, or Neo4j away, is not a refresh each
)

// KeepStats reads the statistics now and keeps them fresh from then on: Stats refreshes
// them in the background when they are older than every or the process wrote since
// (Apply, CreateNew, Delete), and a write of this store starts a refresh at once; at
// most one a second. A refresh reads the counts and repeats the degree pass only when
// the process wrote, a count changed, or the last pass is older than full, and not sooner
// than passSpacing times its duration after the last one. An error
// (Neo4j unreachable) leaves no snapshot; refreshes keep being tried.
func (s *Store) KeepStats(every, full time.Duration) error {
	s.stats.full.Store(int64(full))
	s.stats.every.Store(int64(every))
	ctx, cancel := context.WithTimeout(context.Background(), statsTimeout)
	defer cancel()
	return s.refreshStats(ctx)
}

// Stats returns the latest snapshot, nil when there is none, without waiting: a stale
// one is returned while its refresh runs in the background.
func (s *Store) Stats() *Stats {
	snap := s.stats.snap.Load()
	every := time.Duration(s.stats.every.Load())
	if every > 0 && (snap == nil || snap.gen != writes.Load() || time.Since(snap.Taken) >= every || (snap.passDue && !s.passTooSoon(snap))) {
		s.refreshStatsInBackground()
	}
	return snap
}

// wrote is called after every write transaction: the snapshots are stale.
func (s *Store) wrote() {
	writes.Add(1)
	if s.stats.every.Load() > 0 {
		s.refreshStatsInBackground()
	}
}

func (s *Store) refreshStatsInBackground() {
	if time.Since(time.Unix(0, s.stats.startedAt.Load())) < statsGap || !s.stats.refreshing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.stats.refreshing.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), statsTimeout)
		defer cancel()
		_ = s.refreshStats(ctx)
	}()
}

func (s *Store) refreshStats(ctx context.Context) error {
	s.stats.startedAt.Store(time.Now().UnixNano())
	st, err := s.readStats(ctx, s.stats.snap.Load(), time.Duration(s.stats.full.Load()))
	if err != nil {
		return err
	}
	s.stats.snap.Store(st)
	return nil
}
