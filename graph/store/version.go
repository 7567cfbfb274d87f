package store

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// VersionLabel labels the one node that holds the data version. It is no type of the
// model: reads never match it, and counts of "every node" leave it out.
const VersionLabel = "_DataVersion"

// Version names a state of the data, for caches of answers: every write transaction
// (Apply, CreateNew, Delete: the API's mutations, seed, import, the benchmark's
// generator) advances N in the same transaction, so an answer read at one version is
// the answer of every read at that version. Epoch is drawn when the version node is
// created, so a wiped database (its node gone) never repeats an earlier version.
type Version struct {
	Epoch string
	N     int64
}

func (v Version) String() string { return v.Epoch + ":" + strconv.FormatInt(v.N, 10) }

// versionSchema makes MERGE on the version node safe under concurrent first writes.
const versionSchema = "CREATE CONSTRAINT data_version_key IF NOT EXISTS FOR (v:" + VersionLabel + ") REQUIRE v.key IS UNIQUE"

// bumpVersion runs last in each write transaction, so the version node's lock is held
// only from there to the commit, and its holder waits for no other lock: writers queue
// on it only for that moment and cannot deadlock with the locks of the write itself.
// Every writer of the database serialises on this one node's lock; the API's write
// rates (mutations, imports in batches) are far below what that allows.
const bumpVersion = "MERGE (v:" + VersionLabel + ` {key: 'data'})
ON CREATE SET v.epoch = randomUUID(), v.n = 0
SET v.n = v.n + 1
RETURN v.epoch AS epoch, v.n AS n`

const readVersion = "OPTIONAL MATCH (v:" + VersionLabel + " {key: 'data'}) RETURN v.epoch AS epoch, v.n AS n"

// versionState is what this process knows of the data version.
type versionState struct {
	mu       sync.Mutex
	cur      Version
	polled   time.Time     // start of the last poll that succeeded
	localAt  time.Time     // when this process last recorded its own write's version
	polling  chan struct{} // closed when the running poll ends; nil when none runs
	lag      time.Duration // how old the version may be to be used; 0: not watched
	lastPoll error
}

// versioned makes a write transaction's work end by advancing the data version; after
// the commit, committed records that version, before the write is acknowledged, so
// this process's next read sees it.
func (s *Store) versioned(ctx context.Context, fn func(neo4j.ManagedTransaction) (Summary, error)) (func(neo4j.ManagedTransaction) (Summary, error), func()) {
	var v Version
	return func(tx neo4j.ManagedTransaction) (Summary, error) {
			sum, err := fn(tx)
			if err != nil {
				return sum, err
			}
			res, err := tx.Run(ctx, bumpVersion, nil)
			if err != nil {
				return sum, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return sum, err
			}
			v = versionOf(rec)
			return sum, nil
		}, func() {
			vs := &s.version
			vs.mu.Lock()
			defer vs.mu.Unlock()
			if v.Epoch != vs.cur.Epoch || v.N > vs.cur.N {
				vs.cur = v
			}
			vs.localAt = time.Now()
		}
}

func versionOf(rec *neo4j.Record) Version {
	epoch, _, _ := neo4j.GetRecordValue[string](rec, "epoch")
	n, _, _ := neo4j.GetRecordValue[int64](rec, "n")
	return Version{Epoch: epoch, N: n}
}

// WatchVersion makes DataVersion answer with a version read at most lag ago, so that
// other processes' writes are seen within lag. It reads the version now.
func (s *Store) WatchVersion(lag time.Duration) error {
	vs := &s.version
	vs.mu.Lock()
	if vs.lag == 0 || lag < vs.lag {
		vs.lag = lag
	}
	vs.mu.Unlock()
	<-s.pollVersion()
	vs.mu.Lock()
	defer vs.mu.Unlock()
	return vs.lastPoll
}

// DataVersion returns the data version and whether it may be used: it was read less
// than the watched lag ago (or written by this process since), and Neo4j is not known
// to be away. A version older than half the lag is read again in the background; one
// older than the lag is read now, within ctx.
func (s *Store) DataVersion(ctx context.Context) (Version, bool) {
	vs := &s.version
	vs.mu.Lock()
	v, lag, age := vs.cur, vs.lag, time.Since(vs.polled)
	vs.mu.Unlock()
	if lag == 0 || s.outage.down.Load() {
		return Version{}, false
	}
	if age <= lag/2 {
		return v, true
	}
	done := s.pollVersion()
	if age <= lag {
		return v, true
	}
	select {
	case <-done:
	case <-ctx.Done():
		return Version{}, false
	}
	vs.mu.Lock()
	defer vs.mu.Unlock()
	return vs.cur, time.Since(vs.polled) <= lag
}

// pollVersion starts a read of the version unless one runs; it returns a channel
// closed when the running read ends.
func (s *Store) pollVersion() <-chan struct{} {
	vs := &s.version
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if vs.polling != nil {
		return vs.polling
	}
	done := make(chan struct{})
	vs.polling = done
	timeout := max(vs.lag, time.Second)
	go func() {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		res, err := neo4j.ExecuteQuery(ctx, s.driver, readVersion, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting())
		vs.mu.Lock()
		defer vs.mu.Unlock()
		defer close(done)
		vs.polling = nil
		vs.lastPoll = translate(err)
		if err != nil || len(res.Records) != 1 {
			s.observe(vs.lastPoll) // Neo4j away: cached answers stop at once, not after the lag
			return
		}
		v := versionOf(res.Records[0])
		// A poll that started before this process's own write may have read the
		// version before it: within an epoch the larger count wins; a new epoch (the
		// database wiped) is taken only from a read that started after that write.
		if (v.Epoch == vs.cur.Epoch && v.N > vs.cur.N) || (v.Epoch != vs.cur.Epoch && start.After(vs.localAt)) {
			vs.cur = v
		}
		vs.polled = start
	}()
	return done
}
