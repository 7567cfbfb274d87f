package synth

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Opener runs fn with a store (and its driver) connected to Neo4j and closes them afterwards.
type Opener func(fn func(*store.Store, neo4j.DriverWithContext) error) error

const commandUsage = `usage: synthgraph --scale N [--seed S] [--batch ROWS] [--writers W] [--wipe [--merge]] [--dry-run]
       synthgraph --scale N [--seed S] --csv DIR        (then tools/neo4j/neo4j.sh import, start it)
       synthgraph --finish-import DIR

Generates a deterministic synthetic graph in the model (scale 1 ≈ 10k nodes and 27k
relationships, 10 ≈ 100k nodes, 100 ≈ 1M) and writes it through the store's write path,
UNWIND batches per label and relationship type, one transaction per --batch rows, with
a progress bar and a final throughput line. Into a wiped database it uses a
store.BulkLoad (Store.CreateNew's checks and stored values: CREATE instead of MERGE;
relationships find their ends by internal id), --writers transactions at once, the
indexes built while the relationships are written, the summaries afterwards; otherwise,
or with --merge, Store.Apply, one transaction at a time.

With --csv it writes the graph, with the values Store.CreateNew would store, as the CSV
files of Neo4j's offline importer (store.ImportWriter; no Neo4j needed): load them into a
stopped, empty data dir with tools/neo4j/neo4j.sh import (DIR/import.args holds its
arguments), start Neo4j on it, then --finish-import DIR creates the schema, sets the
values the importer cannot store, builds the summaries and replans, so that the
database ends as after --wipe.
`

// Run is the synthgraph command (bench/cmd/synthgraph).
func Run(ctx context.Context, args []string, out io.Writer, open Opener) error {
	flags := flag.NewFlagSet("synthgraph", flag.ContinueOnError)
	flags.SetOutput(out)
	flags.Usage = func() {
		fmt.Fprint(out, commandUsage)
		flags.PrintDefaults()
	}
	scale := flags.Int("scale", 1, "size of the graph: about 10,000 nodes per unit")
	seed := flags.Uint64("seed", 1, "random seed; the same scale and seed give the same graph")
	// Larger transactions exceed the 256 MiB of transaction state tools/neo4j allows at
	// scale 10 (20,000 rows of measurements, measured).
	batch := flags.Int("batch", 5000, "rows (nodes + relationships) per write transaction")
	wipe := flags.Bool("wipe", false, "delete every node and relationship of the database first")
	merge := flags.Bool("merge", false, "with --wipe: write with Store.Apply (merge by id) instead of Store.CreateNew")
	dryRun := flags.Bool("dry-run", false, "count what would be written; needs no Neo4j")
	csvDir := flags.String("csv", "", "write the graph as the offline importer's CSV files into this directory instead of into Neo4j")
	finishImport := flags.String("finish-import", "", "end a load by the offline importer of --csv's files (the directory), on the Neo4j that now serves them")
	writers := flags.Int("writers", 2, "transactions written at once into the wiped database (Store.CreateNew); Store.Apply writes one at a time")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("synthgraph: unexpected argument %q\n%s", flags.Arg(0), commandUsage)
	}
	if *scale < 1 || *scale > 1000 {
		return fmt.Errorf("synthgraph: --scale must be between 1 and 1000, not %d", *scale)
	}
	if *writers < 1 {
		return fmt.Errorf("synthgraph: --writers must be positive, not %d", *writers)
	}
	if *batch < 1 {
		return fmt.Errorf("synthgraph: --batch must be positive, not %d", *batch)
	}
	if *finishImport != "" {
		return open(func(s *store.Store, _ neo4j.DriverWithContext) error { return FinishImport(ctx, s, *finishImport, out) })
	}
	g := New(*scale, *seed)
	if *csvDir != "" {
		return WriteImportFiles(g, *csvDir, *batch, out)
	}
	if *dryRun {
		counts := g.Count()
		fmt.Fprintf(out, "synthgraph: scale %d, seed %d: %d nodes, %d relationships\n", *scale, *seed, counts.Nodes, counts.Relations)
		for _, k := range sortedKeys(counts.ByType) {
			fmt.Fprintf(out, "  %-20s %8d\n", k, counts.ByType[k])
		}
		return nil
	}
	// Counting first would generate the whole graph twice (an eighth of the client's CPU,
	// profiled): the bar's total is the estimate, the final line counts what was written.
	estimate := g.EstimatedRows()
	fmt.Fprintf(out, "synthgraph: scale %d, seed %d: about %d nodes + relationships\n", *scale, *seed, estimate)
	return open(func(s *store.Store, driver neo4j.DriverWithContext) error {
		if *wipe {
			if err := Wipe(ctx, driver, out); err != nil {
				return err
			}
		}
		start := time.Now()
		write, path := s.Apply, "Store.Apply (merge)"
		var beforeRels func(context.Context) error
		var load *store.BulkLoad
		nodesIndexed := make(chan error, 1) // Index's result, once it has started
		indexing := false
		var indexedAfter time.Duration
		bulk := *wipe && !*merge
		if bulk {
			// Into an empty database no index is needed while the nodes are written but
			// Source's (the evidence lookups): relationships find their ends by the
			// internal ids the load's node statements returned (BulkLoad), not by id. The
			// constraints and indexes are created once the nodes are written, in one
			// transaction: Neo4j fills the nodes' (ids, full text, filter properties) in
			// one pass over the nodes while the relationships are written, and the
			// relationships' id indexes as each relationship is committed; a duplicate id
			// fails it. The summaries are built after the load (BulkLoad.Finish).
			load = s.NewBulkLoad()
			write, path = load.CreateNewUnsummarised, "BulkLoad.CreateNewUnsummarised (create into the wiped database; the indexes built while the relationships are written, the summaries afterwards)"
			if err := idConstraints(ctx, driver, []string{"Source"}); err != nil {
				return fmt.Errorf("synthgraph: constraints: %w", err)
			}
			beforeRels = func(context.Context) error {
				fmt.Fprintf(out, "synthgraph: nodes written after %s\n", time.Since(start).Round(time.Millisecond))
				indexing = true
				go func() {
					err := load.Index(ctx)
					indexedAfter = time.Since(start)
					nodesIndexed <- err
				}()
				return nil
			}
		} else if _, err := s.Migrate(ctx); err != nil {
			return fmt.Errorf("synthgraph: migrate: %w", err)
		}
		fmt.Fprintf(out, "synthgraph: writing with %s, %d rows per transaction, %d at once\n", path, *batch, writersFor(bulk, *writers))
		bar := newProgress(out, estimate)
		var nodes, rels atomic.Int64
		done := 0
		err := writeConcurrently(ctx, g, *batch, writersFor(bulk, *writers), func(ctx context.Context, b store.Batch, progress func(int)) error {
			for attempt := 1; ; attempt++ {
				_, err := write(ctx, b, store.ApplyOptions{Writer: "synthgraph", Progress: func(d, _ int) { progress(d) }})
				if err == nil {
					nodes.Add(int64(len(b.Nodes)))
					rels.Add(int64(len(b.Relations)))
				}
				// Concurrent transactions can deadlock on the nodes their relationships
				// share; Neo4j then rolls one back, which is written again from scratch.
				if err == nil || !deadlocked(err) || attempt == 5 {
					return err
				}
			}
		}, func(d int) {
			done = max(done, d)
			bar.set(d)
		}, beforeRels)
		bar.finish()
		if indexing { // wait for the nodes' constraints, even after a failure
			switch ierr := <-nodesIndexed; {
			case ierr != nil && err == nil:
				return fmt.Errorf("synthgraph: the nodes' constraints and indexes: %w", ierr)
			case ierr == nil:
				fmt.Fprintf(out, "synthgraph: the nodes' constraints in place after %s (their other indexes filling)\n", indexedAfter.Round(time.Millisecond))
			}
		}
		if err != nil {
			return fmt.Errorf("synthgraph: after %d of about %d rows: %w", done, estimate, err)
		}
		fmt.Fprintf(out, "synthgraph: rows written after %s\n", time.Since(start).Round(time.Millisecond))
		if bulk {
			t := time.Now()
			n, err := load.Finish(ctx)
			if err != nil {
				return fmt.Errorf("synthgraph: migrate: %w", err)
			}
			fmt.Fprintf(out, "synthgraph: %d constraints and indexes and the summaries in place after %s\n", n, time.Since(t).Round(time.Millisecond))
		}
		t := time.Now()
		if err := s.Replan(ctx); err != nil {
			return fmt.Errorf("synthgraph: replan: %w", err)
		}
		fmt.Fprintf(out, "synthgraph: indexes resampled and query caches cleared after %s\n", time.Since(t).Round(time.Millisecond))
		el := time.Since(start)
		total := nodes.Load() + rels.Load()
		fmt.Fprintf(out, "synthgraph: loaded %d nodes + %d relationships = %d in %s: %.0f rows/s (nodes+relationships per second)\n",
			nodes.Load(), rels.Load(), total, el.Round(time.Millisecond), float64(total)/el.Seconds())
		return nil
	})
}

// Wipe deletes every node and relationship, in transactions of 10,000 nodes.
func Wipe(ctx context.Context, driver neo4j.DriverWithContext, out io.Writer) error {
	session := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.Background())
	res, err := session.Run(ctx, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("synthgraph: wipe: %w", err)
	}
	fmt.Fprintln(out, "synthgraph: database wiped")
	return nil
}

// progress draws a bar on one line, redrawn in place on a terminal and every tenth of
// the work otherwise (logs, CI).
type progress struct {
	out      io.Writer
	total    int
	tty      bool
	start    time.Time
	last     time.Time
	lastTent int
	done     int
}

func newProgress(out io.Writer, total int) *progress {
	tty := false
	if f, ok := out.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{out: out, total: max(total, 1), tty: tty, start: time.Now(), lastTent: -1}
}

func (p *progress) set(done int) {
	if done < p.done { // a retried transaction counts again from its start
		done = p.done
	}
	p.done = done
	now := time.Now()
	tenth := min(done*10/p.total, 10)
	if p.tty && now.Sub(p.last) < 200*time.Millisecond && done < p.total {
		return
	}
	if !p.tty && tenth == p.lastTent {
		return
	}
	p.last, p.lastTent = now, tenth
	p.draw(now)
}

func (p *progress) draw(now time.Time) {
	const width = 30
	frac := min(float64(p.done)/float64(p.total), 1) // the total is an estimate
	filled := int(frac * width)
	el := now.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.done) / el
	}
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(max(p.total-p.done, 0))/rate) * time.Second).Round(time.Second).String()
	}
	line := fmt.Sprintf("synthgraph: [%s%s] %3.0f%% %d/~%d rows, %.0f rows/s, eta %s",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), frac*100, p.done, p.total, rate, eta)
	if p.tty {
		fmt.Fprintf(p.out, "\r%s\x1b[K", line)
	} else {
		fmt.Fprintln(p.out, line)
	}
}

func (p *progress) finish() {
	switch {
	case p.tty:
		p.draw(time.Now())
		fmt.Fprintln(p.out)
	case p.lastTent < 10: // fewer rows than estimated: the last line was not drawn
		p.draw(time.Now())
	}
}

// writersFor is the number of concurrent transactions: merging writes (Store.Apply)
// look up what earlier batches wrote, so they run one at a time.
func writersFor(bulk bool, writers int) int {
	if !bulk {
		return 1
	}
	return writers
}

// deadlocked reports whether Neo4j rolled the transaction back to break a deadlock.
func deadlocked(err error) bool {
	var neoErr *neo4j.Neo4jError
	return errors.As(err, &neoErr) && neoErr.Code == "Neo.TransientError.Transaction.DeadlockDetected"
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// idConstraints creates the uniqueness constraint on id of each label, named as
// graph/store's Migrate names them, and waits for them to be online.
func idConstraints(ctx context.Context, driver neo4j.DriverWithContext, labels []string) error {
	for _, l := range labels {
		q := fmt.Sprintf("CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:`%s`) REQUIRE n.id IS UNIQUE", strings.ToLower(l), l)
		if _, err := neo4j.ExecuteQuery(ctx, driver, q, nil, neo4j.EagerResultTransformer); err != nil {
			return err
		}
	}
	_, err := neo4j.ExecuteQuery(ctx, driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer)
	return err
}
