package store

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// readTimes remembers, per statement text, how long Neo4j takes on it when it does not
// wait (the result summary's ResultAvailableAfter + ResultConsumedAfter, tracked as a
// floor: a faster read lowers it at once, a slower one raises it by a sixteenth of
// itself (at least 0.1 ms), so a lookup that waited behind heavy reads on a busy machine
// stays cheap, and a statement that became heavy is long after a few dozen reads),
// so that read can send the statements Neo4j spends long on in a transaction and the
// cheap ones as auto-commit reads (a transaction costs them a COMMIT round trip). The
// texts are the compiled shapes (values are parameters), so the map is bounded by the
// shapes served; past maxReadShapes new texts are not recorded and stay auto-commit.
type readTimes struct {
	above time.Duration // 0: every read auto-commit
	n     atomic.Int64
	m     sync.Map // statement text -> *atomic.Int64 (µs, the floor)
}

const maxReadShapes = 4096

// long says whether Neo4j's time on query, its floor, reached the threshold.
func (r *readTimes) long(query string) bool {
	if r.above <= 0 {
		return false
	}
	v, ok := r.m.Load(query)
	return ok && time.Duration(v.(*atomic.Int64).Load())*time.Microsecond >= r.above
}

// neo4jTime is Neo4j's own time on a read, from its summary (milliseconds, as Neo4j
// reports them); 0 without one.
func neo4jTime(sum neo4j.ResultSummary) time.Duration {
	if sum == nil {
		return 0
	}
	return sum.ResultAvailableAfter() + sum.ResultConsumedAfter()
}

// record adds one read's Neo4j time to query's floor.
func (r *readTimes) record(query string, took time.Duration) {
	if r.above <= 0 || took < 0 {
		return
	}
	us := took.Microseconds()
	if v, ok := r.m.Load(query); ok {
		floor := v.(*atomic.Int64)
		old := floor.Load()
		floor.Store(min(us, old+max(old/16, 100)))
		return
	}
	if r.n.Load() >= maxReadShapes {
		return
	}
	floor := new(atomic.Int64)
	floor.Store(us)
	if _, loaded := r.m.LoadOrStore(query, floor); !loaded {
		r.n.Add(1)
	}
}

// DefaultTransactionAbove is the Neo4j time from which a read statement runs in a
// transaction: above the lookups and single lists (0.3–4 ms of Neo4j CPU at scale 10),
// below the nested lists of lists (19_nested_lists: 8–10 ms), where a transaction
// measured 1.1–1.5× the throughput at four at once (bench/results/profile.md,
// 2026-12-06, p99 branch).
const DefaultTransactionAbove = 6 * time.Millisecond

// SetTransactionAbove makes reads whose statement Neo4j spends at least d on (its floor,
// readTimes) run in a transaction instead of auto-commit; 0 keeps every read
// auto-commit. Call it before serving.
func (s *Store) SetTransactionAbove(d time.Duration) {
	s.readTimes.above = d
}
