package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Supply summaries: what concentration ranks on, kept up to date by every write in the
// write's own transaction, so that a ranking reads one node per mineral instead of every
// figure of the stage (about 800 at mining in the seed data set, 20 ms of Neo4j's CPU
// per answer).
//
// One summary per table key — mineral, metric, edition and year — holds the ids of the
// figures concentration reads for it (in the order it reads them), their stages, and one
// entry per table ranked: the scope (a stage, or "*" for a ranking without one), the
// series, HHI and CR1, computed by the same fragments as supply. A write refreshes the
// summaries of the keys of the figures it creates, changes or deletes (before and after
// the write: a figure may move from one key to another) and of the figures about or of
// the nodes it deletes; a refresh reads the key's figures by id (the summary's own and
// the new ones), not by a scan.

// SummaryLabel labels the supply summaries. Like the version node it is no type of the
// model: without an id and without relationships, no lookup, search, neighbourhood, path
// or statistic (they name the model's labels or follow relationships) reaches it.
const SummaryLabel = "_SupplySummary"

// InternalLabels is the label expression of the store's own nodes, for statements that
// read "every node" of the data: `WHERE NOT n:` + InternalLabels.
const InternalLabels = VersionLabel + "|" + SummaryLabel + "|" + ImportSummaryLabel

// summarySchema is the uniqueness of a key (which makes a MERGE on it a lock, see
// refreshSummaries); its index, in this order, is the one concentration reads by.
const summarySchema = "CREATE CONSTRAINT supply_summary_key IF NOT EXISTS FOR (s:" + SummaryLabel +
	") REQUIRE (s.metric, s.edition, s.year, s.mineral) IS UNIQUE"

// summaryIndex is the hint to that index (all four properties must be named to use it).
const summaryIndex = "USING INDEX s:" + SummaryLabel + "(metric, edition, year, mineral)"

// figureByID is the hint to look figures m up by id: where the figures asked for are
// those of a metric, edition and year, the planner took the index of those (figuresIndex)
// instead, and read every figure of the edition for each id (a million rows to refresh
// the summaries of 50 keys).
const figureByID = "USING INDEX m:Measurement(id)"

// tableKey is what a summary summarises: one mineral's figures of a metric, edition and
// year.
type tableKey struct {
	Metric, Edition string
	Year            int64
	Mineral         string
}

// summaryTouch is what a write transaction may change of the figures: the Measurements
// it writes or deletes or whose relationships it writes or deletes, and the nodes it
// deletes (the figures about them or of them change too).
type summaryTouch struct {
	figures []string
	deleted []string
	before  bool // the keys the figures had before the write count (changed or deleted figures)
	after   bool // the keys they have after it count (created or changed figures)
	all     bool // every key (the graph replaced)
}

type txWork = func(neo4j.ManagedTransaction) (Summary, error)

// withSummaries makes fn, the work of a write transaction, end by refreshing the
// summaries of the keys it touched, the supply summaries' and the import-source
// summaries' (summary_imports.go), in the same transaction: committed together or not
// at all. A write that changed nothing refreshes nothing.
func withSummaries(ctx context.Context, touch summaryTouch, fn txWork) txWork {
	return func(tx neo4j.ManagedTransaction) (Summary, error) {
		keys, imports := map[tableKey][]string{}, map[importKey][]string{}
		if touch.before && (len(touch.figures) > 0 || len(touch.deleted) > 0) {
			if err := tablesOf(ctx, tx, touch.figures, touch.deleted, keys); err != nil {
				return Summary{}, err
			}
			if err := importTablesOf(ctx, tx, touch.figures, touch.deleted, imports); err != nil {
				return Summary{}, err
			}
		}
		sum, err := fn(tx)
		if err != nil || !sum.Changed() {
			return sum, err
		}
		switch {
		case touch.all:
			if err = allTables(ctx, tx, false, keys); err == nil {
				err = allImportTables(ctx, tx, false, imports)
			}
		case touch.after && len(touch.figures) > 0:
			if err = tablesOf(ctx, tx, touch.figures, nil, keys); err == nil {
				err = importTablesOf(ctx, tx, touch.figures, nil, imports)
			}
		}
		if err != nil {
			return sum, err
		}
		if err := refreshSummaries(ctx, tx, keys); err != nil {
			return sum, err
		}
		return sum, refreshImportSummaries(ctx, tx, imports)
	}
}

// summaryTouch is what an Apply of the plan touches: its Measurements and the
// Measurements at an end of its relationships (Apply never deletes one but with
// Replace, which refreshes every key).
func (p *plan) summaryTouch(replace bool) summaryTouch {
	t := summaryTouch{before: !replace, after: true, all: replace}
	for _, g := range p.nodes {
		if g.t.Name == "Measurement" {
			for _, r := range g.rows {
				t.figures = append(t.figures, r["id"].(string))
			}
		}
	}
	return t.withRelationEnds(p)
}

// bulkTouch is what a CreateNew of the plan touches: only new nodes, so only the figures
// at an end of its relationships have a key (a new figure without relationships has no
// mineral, and looking it up by id before the constraints exist would scan).
func (p *plan) bulkTouch() summaryTouch {
	return summaryTouch{after: true}.withRelationEnds(p)
}

func (t summaryTouch) withRelationEnds(p *plan) summaryTouch {
	seen := map[string]bool{}
	for _, id := range t.figures {
		seen[id] = true
	}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			t.figures = append(t.figures, id)
		}
	}
	for _, g := range p.rels {
		for _, r := range g.rows {
			if g.from == "Measurement" {
				add(r["from"].(string))
			}
			if g.to == "Measurement" {
				add(r["to"].(string))
			}
		}
	}
	return t
}

// deleteTouch is what Delete touches: the nodes deleted, figures or not, and the ends of
// the relationships deleted, all before the deletion.
func deleteTouch(ids []string, rels []RelationRef) summaryTouch {
	t := summaryTouch{before: true, deleted: ids, figures: slices.Clone(ids)}
	for _, r := range rels {
		t.figures = append(t.figures, r.From, r.To)
	}
	return t
}

// tablesOfQuery finds the keys of the figures named and of those about or of the nodes
// named, with the figures' ids. Only ABOUT (a figure's country) and INVOLVES_MINERAL (its
// mineral) are read by concentration.
const tablesOfQuery = bulkPrefix + `CALL () {
  UNWIND $figures AS id
  MATCH (m:Measurement {id: id}) ` + figureByID + `
  RETURN m
  UNION
  UNWIND $deleted AS id
  MATCH (n:Entity {id: id})-[:ABOUT|INVOLVES_MINERAL]-(m:Measurement) USING INDEX n:Entity(id)
  RETURN m
}
MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral)
WHERE m.metric IN $metrics AND m.edition IS NOT NULL AND m.year IS NOT NULL
RETURN m.metric AS metric, m.edition AS edition, m.year AS year, x.id AS mineral, collect(DISTINCT m.id) AS figures`

func tablesOf(ctx context.Context, tx neo4j.ManagedTransaction, figures, deleted []string, into map[tableKey][]string) error {
	return collectTables(ctx, tx, tablesOfQuery, map[string]any{
		"figures": orEmpty(figures), "deleted": orEmpty(deleted), "metrics": SupplyMetrics}, into)
}

// allTablesQuery finds every key with its figures, and every summary's key; with
// $missing, only the keys whose summary is not of this format or does not list exactly
// their figures, and the summaries not of this format.
const allTablesQuery = `CALL () {
  MATCH (m:Measurement)
  WHERE m.metric IN $metrics AND m.edition IS NOT NULL AND m.year IS NOT NULL AND m.name IS NOT NULL AND m.yearFrom IS NULL
  MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral)
  WITH m.metric AS metric, m.edition AS edition, m.year AS year, x.id AS mineral, collect(DISTINCT m.id) AS figures
  WHERE NOT $missing OR NOT EXISTS {
    MATCH (s:` + SummaryLabel + ` {metric: metric, edition: edition, year: year, mineral: mineral})
    WHERE s.format = $format AND size(s.figures) = size(figures) AND all(id IN figures WHERE id IN s.figures) }
  RETURN metric, edition, year, mineral, figures
  UNION
  MATCH (s:` + SummaryLabel + `)
  WHERE NOT $missing OR s.format IS NULL OR s.format <> $format
  RETURN s.metric AS metric, s.edition AS edition, s.year AS year, s.mineral AS mineral, [] AS figures
}
RETURN metric, edition, year, mineral, figures`

func allTables(ctx context.Context, tx neo4j.ManagedTransaction, missing bool, into map[tableKey][]string) error {
	return collectTables(ctx, tx, allTablesQuery, allTablesParams(missing), into)
}

func allTablesParams(missing bool) map[string]any {
	return map[string]any{"metrics": SupplyMetrics, "missing": missing, "format": summaryFormat}
}

func collectTables(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, into map[tableKey][]string) error {
	return collectKeys(ctx, tx, q, params, func(recs []*neo4j.Record) { addTables(recs, into) })
}

// collectKeys runs q, which finds summaries' keys, and hands its records to add.
func collectKeys(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, add func([]*neo4j.Record)) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return err
	}
	add(recs)
	return nil
}

// addTables files the keys and figure ids of records (metric, edition, year, mineral,
// figures) into into.
func addTables(recs []*neo4j.Record, into map[tableKey][]string) {
	for _, rec := range recs {
		row := rec.AsMap()
		k := tableKey{}
		k.Metric, _ = row["metric"].(string)
		k.Edition, _ = row["edition"].(string)
		k.Year, _ = row["year"].(int64)
		k.Mineral, _ = row["mineral"].(string)
		into[k] = append(into[k], strs(row["figures"])...)
	}
}

// summaryChunk is the most keys one refresh statement takes.
const summaryChunk = 500

// refreshSummaries recomputes the summaries of keys, each from its summary's figures and
// the ids given (which may be new), as they are in the transaction. The keys are taken in
// one order, each locked (MERGE on the unique key, then a write) before its figures are
// read: of two transactions refreshing a key, the later reads what the earlier
// committed, so the last refresh committed saw every figure committed before it, and
// two refreshes cannot wait on each other's keys in a cycle.
func refreshSummaries(ctx context.Context, tx neo4j.ManagedTransaction, keys map[tableKey][]string) error {
	sorted := slices.SortedFunc(maps.Keys(keys), func(a, b tableKey) int {
		return cmp.Or(cmp.Compare(a.Metric, b.Metric), cmp.Compare(a.Edition, b.Edition), cmp.Compare(a.Year, b.Year), cmp.Compare(a.Mineral, b.Mineral))
	})
	for chunk := range slices.Chunk(sorted, summaryChunk) {
		rows := make([]map[string]any, len(chunk))
		for i, k := range chunk {
			rows[i] = map[string]any{"metric": k.Metric, "edition": k.Edition, "year": k.Year, "mineral": k.Mineral, "add": orEmpty(keys[k])}
		}
		res, err := tx.Run(ctx, refreshSummary, map[string]any{"tables": rows, "format": summaryFormat, "opt": optParams(nil, nil, nil, nil)})
		if err != nil {
			return err
		}
		if _, err := res.Consume(ctx); err != nil {
			return err
		}
	}
	return nil
}

// summaryFormat names the computation of the summaries: Migrate recomputes those of
// another (written by another version of refreshSummary).
var summaryFormat = func() string {
	h := sha256.Sum256([]byte(refreshSummary))
	return hex.EncodeToString(h[:8])
}()

func orEmpty(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// buildSummaries computes the summaries, supply and import-source, a database lacks
// (written before they existed, or by another version of their computation) or holds
// incomplete: nothing when they are all in place. Each transaction refreshes summaryChunk
// keys of one kind.
func (s *Store) buildSummaries(ctx context.Context) error {
	// The two reads of the keys at once: each is a pass over the figures in one thread
	// of Neo4j (9 of the 37 Neo4j CPU-s of the summaries after the benchmark's scale-100
	// load).
	importRes, importErr := make(chan *neo4j.EagerResult, 1), make(chan error, 1)
	go func() {
		res, err := s.read(ctx, allImportTablesQuery, allImportTablesParams(true))
		importRes <- res
		importErr <- err
	}()
	res, err := s.read(ctx, allTablesQuery, allTablesParams(true))
	ires, ierr := <-importRes, <-importErr
	if err = cmp.Or(err, ierr); err != nil {
		return err
	}
	keys := map[tableKey][]string{}
	addTables(res.Records, keys)
	imports := map[importKey][]string{}
	addImportTables(ires.Records, imports)
	jobs := append(refreshJobs(ctx, keys, refreshSummaries), refreshJobs(ctx, imports, refreshImportSummaries)...)
	// Two transactions at once (the keys are disjoint): after a bulk load that defers
	// them (CreateNewUnsummarised) this builds every summary, 1,870 at benchmark scale 10.
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	slots := make(chan struct{}, buildWriters)
	for _, job := range jobs {
		slots <- struct{}{}
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			<-slots
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			if _, err := s.writeTx(ctx, func(tx neo4j.ManagedTransaction) (Summary, error) {
				return Summary{}, job(tx)
			}); err != nil {
				mu.Lock()
				first = cmp.Or(first, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// refreshJobs splits keys into transactions of summaryChunk keys, each refreshing its
// part with refresh.
func refreshJobs[K comparable](ctx context.Context, keys map[K][]string,
	refresh func(context.Context, neo4j.ManagedTransaction, map[K][]string) error) []func(neo4j.ManagedTransaction) error {
	var jobs []func(neo4j.ManagedTransaction) error
	for chunk := range slices.Chunk(slices.Collect(maps.Keys(keys)), summaryChunk) {
		part := make(map[K][]string, len(chunk))
		for _, k := range chunk {
			part[k] = keys[k]
		}
		jobs = append(jobs, func(tx neo4j.ManagedTransaction) error { return refresh(ctx, tx, part) })
	}
	return jobs
}

// buildWriters is how many transactions buildSummaries runs at once.
const buildWriters = 2

// ensureSummarySchema creates the summaries' constraints for a bulk load, which may run
// before Migrate (bench/synth builds the indexes after the load): without it, each
// refresh would scan the summaries. Two loaders creating it at once may see the other's
// creation fail theirs: a second attempt finds it in place.
func (s *Store) ensureSummarySchema(ctx context.Context) error {
	for _, schema := range []string{summarySchema, importSummarySchema} {
		var err error
		for range 2 {
			if _, err = neo4j.ExecuteQuery(ctx, s.driver, schema, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database)); err == nil {
				break
			}
		}
		if err != nil {
			return translate(err)
		}
	}
	return nil
}
