package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// CreateNew writes a batch whose nodes and relationships are all new to the database,
// for bulk loads into an empty database (the benchmark generator). It checks the batch
// exactly as Apply does (types, properties, provenance, relationship declarations) and
// stores the same properties, labels, ids and audit stamps, but creates instead of
// merging: no lookups of existing nodes, of conflicting labels or of stored
// properties, which make Apply three to four times slower per row. An id that already
// exists fails the transaction (uniqueness constraint), as does a relationship whose
// end is in neither the database nor the batch. Nothing is written on failure.
// opt.Replace is not supported.
func (s *Store) CreateNew(ctx context.Context, b Batch, opt ApplyOptions) (Summary, error) {
	return s.createNew(ctx, b, opt, true, nil)
}

// BulkLoad is one load of many batches into an empty database by the benchmark's
// generator (bench/synth), and nothing else: it remembers the internal id (id(n)) of
// every node it created, so that a later batch's relationships find their ends by it (a
// direct read of the node's record) instead of an index seek by id, and so need no
// index on ids while they are written. A node of another writer is still found by id.
// Internal, not element, ids: an integer travels in 9 bytes instead of a 40-byte
// string, which Neo4j parses for every end (scale 10, alternated: Neo4j CPU 0.99x,
// loader CPU 0.93x). id() is deprecated in Cypher 5 but stable while nothing is deleted,
// which a load into an empty database does not do. The memory is that of a map entry
// per node (the benchmark's 1.3 million nodes at scale 100).
type BulkLoad struct {
	s    *Store
	mu   sync.RWMutex
	ends map[string]createdNode // by id: the nodes this load has committed
}

type createdNode struct {
	nodeID int64 // Neo4j's internal id of the node
	typ    string
}

// NewBulkLoad starts a bulk load (see BulkLoad).
func (s *Store) NewBulkLoad() *BulkLoad {
	return &BulkLoad{s: s, ends: map[string]createdNode{}}
}

// CreateNewUnsummarised is CreateNew without the refresh of the supply summaries, for a
// load of many batches into an empty database that ends with Finish (or Migrate), which
// builds every summary missing or incomplete, each once. Refreshing them batch by batch
// recomputes a key in every batch that adds to it and looks up every figure at an end
// of a batch's relationships: the benchmark's scale-100 load took 4m20s and 402 s of
// Neo4j's CPU with the refresh in each batch, 3m50s and 346 s before the summaries
// existed. Until then, concentration ranks on summaries that lack the load's
// figures. Batches may be written concurrently; a relationship's ends must be in its
// batch or in a batch whose write has returned.
func (l *BulkLoad) CreateNewUnsummarised(ctx context.Context, b Batch, opt ApplyOptions) (Summary, error) {
	return l.s.createNew(ctx, b, opt, false, l)
}

// Index creates Migrate's constraints and indexes, for a load that calls it once
// every node is written, before its relationships are. Neo4j fills the nodes' (ids,
// filter properties, full text, summary keys) in one pass over the nodes, in its own
// threads, beside the writers (writing relationships changes no indexed property of a
// node); the constraints are filled and checked by the time it returns. The
// relationships' id indexes take each relationship as it is committed (their first
// pass finds the few committed before): Neo4j turns every committed property into
// index updates whether an index wants them or not, so an index online while the
// relationships are written costs only its inserts, where one created after them reads
// every relationship and its properties again (the benchmark's scale-100 load: Finish
// 13-14 s instead of 22-33 s, idle machine). After a load, Finish builds the summaries.
func (l *BulkLoad) Index(ctx context.Context) error {
	return l.s.createSchema(ctx, schemaStatements())
}

// Finish ends a load into an empty database with Migrate's work: every constraint and
// index not yet created (all when Index was not called), then the summaries while
// Neo4j fills any it created (the summaries read figures by their id constraint, which
// is online: a constraint is filled when its transaction commits), then the wait for
// every index. It returns the number of schema statements, as Migrate does.
func (l *BulkLoad) Finish(ctx context.Context) (int, error) {
	stmts := schemaStatements()
	if err := l.s.createSchema(ctx, stmts); err != nil {
		return 0, err
	}
	if err := l.s.buildSummaries(ctx); err != nil {
		return len(stmts), err
	}
	_, err := neo4j.ExecuteQuery(ctx, l.s.driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(l.s.database))
	return len(stmts), translate(err)
}

// endOf is how a relationship statement finds a node of the batch or of the load.
func (l *BulkLoad) endOf(id, typ string, inBatch map[string]int64) (nodeID int64, ok bool) {
	if e, found := inBatch[id]; found {
		return e, true // prepare checked its type
	}
	if l == nil {
		return 0, false
	}
	l.mu.RLock()
	n, found := l.ends[id]
	l.mu.RUnlock()
	if !found || n.typ != typ {
		return 0, false // looked up by id and label: not found if of another type
	}
	return n.nodeID, true
}

func (l *BulkLoad) committed(created map[string]int64, types map[string]string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, e := range created {
		l.ends[id] = createdNode{nodeID: e, typ: types[id]}
	}
}

func (s *Store) createNew(ctx context.Context, b Batch, opt ApplyOptions, summarise bool, load *BulkLoad) (Summary, error) {
	if opt.Replace {
		return Summary{}, apperr.Errorf(apperr.BadUserInput, "CreateNew cannot replace the graph")
	}
	p, err := prepare(b, false)
	if err != nil {
		return Summary{}, err
	}
	if opt.Writer == "" {
		opt.Writer = "internal"
	}
	audit := map[string]any{"writer": opt.Writer, "now": time.Now().UTC().Format(time.RFC3339)}
	touch := summaryTouch{}
	if summarise {
		if err := s.ensureSummarySchema(ctx); err != nil { // summary.go
			return Summary{}, err
		}
		touch = p.bulkTouch()
	}
	var created map[string]int64 // by id: the internal ids of this transaction's nodes
	sum, err := s.writeTx(ctx, withSummaries(ctx, touch, func(tx neo4j.ManagedTransaction) (Summary, error) {
		var sum Summary
		// The function runs again from scratch on a retry.
		created = map[string]int64{}
		if _, err := p.setEvidence(ctx, tx); err != nil { // a new database: nothing to refresh
			return sum, err
		}
		done := 0
		progress := func(rows int) {
			done += rows
			if opt.Progress != nil {
				opt.Progress(done, p.total)
			}
		}
		for _, g := range p.nodes {
			keys := columns(g.t.Properties, g.t.Property)
			q := createNodesQuery(g.t, keys, load != nil)
			for rows := range slices.Chunk(g.rows, bulkChunkSize) {
				params, err := positional(rows, keys, nil)
				if err != nil {
					return sum, err
				}
				res, err := tx.Run(ctx, q, withValues(audit, params))
				if err != nil {
					return sum, err
				}
				n, err := nodesCreated(ctx, res, created)
				if err != nil {
					return sum, err
				}
				sum.NodesCreated += n
				progress(len(rows))
			}
		}
		for _, g := range p.rels {
			decl, _ := RelationBetween(g.from, g.relType, g.to) // prepare checked it
			keys := columns(RelationshipProperties[decl.Properties], nil)
			// Rows whose ends this load created go by internal id, the others by id.
			var byNodeID, byID []map[string]any
			var ends [][2]any
			for _, r := range g.rows {
				a, okA := load.endOf(r["from"].(string), g.from, created)
				b, okB := load.endOf(r["to"].(string), g.to, created)
				if okA && okB {
					byNodeID = append(byNodeID, r)
					ends = append(ends, [2]any{a, b})
				} else {
					byID = append(byID, r)
				}
			}
			for _, part := range []struct {
				rows  []map[string]any
				ends  [][2]any
				byID  bool
				query string
			}{
				{byNodeID, ends, false, createRelsQuery(g, keys, false)},
				{byID, nil, true, createRelsQuery(g, keys, true)},
			} {
				for i := 0; i < len(part.rows); i += bulkChunkSize {
					rows := part.rows[i:min(i+bulkChunkSize, len(part.rows))]
					var chunkEnds [][2]any
					if !part.byID {
						chunkEnds = part.ends[i : i+len(rows)]
					}
					params, err := positional(rows, keys, chunkEnds)
					if err != nil {
						return sum, err
					}
					n, err := count(ctx, tx, part.query, withValues(audit, params))
					if err != nil {
						return sum, err
					}
					if n != len(rows) {
						return sum, apperr.Errorf(apperr.BadUserInput, "%d %s relationships from %s to %s have an end that does not exist",
							len(rows)-n, g.relType, g.from, g.to)
					}
					sum.RelationsCreated += n
					progress(len(rows))
				}
			}
		}
		return sum, nil
	}))
	if err == nil && load != nil {
		types := make(map[string]string, len(created))
		for _, g := range p.nodes {
			for _, r := range g.rows {
				types[r["id"].(string)] = g.t.Name
			}
		}
		load.committed(created, types)
	}
	return sum, err
}

// bulkChunkSize is the number of rows per UNWIND of CreateNew, five times Apply's:
// each statement is a round trip, and with the benchmark's 5,000-row transactions most
// groups of a label or relationship type then take one statement.
const bulkChunkSize = 2500

// bulkPrefix keeps the first plan of each statement: Neo4j plans a cached statement
// again once the counts it was planned with have changed enough, which a bulk load does
// all along, and these plans (a create; unique-index seeks of the ends) do not depend on
// them (planning was 8 % of Neo4j's CPU in a scale-5 load, in bursts throughout it).
const bulkPrefix = "CYPHER replan=skip\n"

// columns are the properties a row of a node type (property looks up derived ones) or
// of a relationship's properties type can store, but the audit stamps, in the order of
// the statement's columns: what prepare leaves in a row's props.
func columns(declared []Property, property func(string) (Property, bool)) []string {
	keys := []string{"id", "evidence"} // set by prepare and setEvidence
	if property != nil {
		if _, ok := property("aliases"); ok {
			keys = append(keys, "aliasText") // nodeProps
		}
	}
	for _, p := range declared {
		if !isAuditKey(p.Name) {
			keys = append(keys, p.Name)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// positional turns each row's props into a list of its values in the order of keys
// (nil where absent, which CREATE does not store), after the row's ends when given: the
// rows travel without their keys, which Neo4j would otherwise decode in every row.
func positional(rows []map[string]any, keys []string, ends [][2]any) ([]any, error) {
	out := make([]any, len(rows))
	offset := 0
	if ends != nil {
		offset = 2
	}
	for i, r := range rows {
		props := r["props"].(map[string]any)
		row := make([]any, offset+len(keys))
		switch {
		case ends != nil:
			row[0], row[1] = ends[i][0], ends[i][1]
		case r["from"] != nil: // a relationship whose ends are found by id
			row = append([]any{r["from"], r["to"]}, row...)
		}
		stored := 0
		for j, k := range keys {
			if v, ok := props[k]; ok {
				row[len(row)-len(keys)+j] = v
				stored++
			}
		}
		if stored != len(props) { // a key prepare added that columns does not know
			return nil, apperr.Internalf("bulk write: a row of %d properties has %d of the columns %v", len(props), stored, keys)
		}
		out[i] = row
	}
	return out, nil
}

// The properties and audit stamps are set in the CREATE itself, from the row's values
// by position: no SET from a map, whose read/write conflict with the CREATE made Neo4j
// buffer every row of the statement first (an Eager operator) and which first removes
// the properties the new node does not have (same stored values).
func propertyMap(keys []string, offset int) string {
	var b strings.Builder
	b.WriteString("{")
	for i, k := range keys {
		fmt.Fprintf(&b, "%s: row[%d], ", quoteName(k), offset+i)
	}
	b.WriteString("updatedBy: $writer, updatedAt: $now}")
	return b.String()
}

// createNodesQuery returns a count, or, for a BulkLoad, each node's id and internal id.
func createNodesQuery(t *NodeType, keys []string, nodeIDs bool) string {
	labels := ""
	for _, l := range t.Labels {
		labels += ":" + quoteName(l)
	}
	ret := "count(*) AS n"
	if nodeIDs {
		ret = fmt.Sprintf("collect([row[%d], id(n)]) AS ids", slices.Index(keys, "id"))
	}
	return bulkPrefix + fmt.Sprintf(`UNWIND $rows AS row
CREATE (n%s %s)
RETURN %s`, labels, propertyMap(keys, 0), ret)
}

// nodesCreated reads createNodesQuery's answer: the count, or the internal ids, which it
// adds to created.
func nodesCreated(ctx context.Context, res neo4j.ResultWithContext, created map[string]int64) (int, error) {
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	if n, ok := rec.Get("n"); ok {
		c, _ := n.(int64)
		return int(c), nil
	}
	ids, _, err := neo4j.GetRecordValue[[]any](rec, "ids")
	if err != nil {
		return 0, err
	}
	for _, pair := range ids {
		p := pair.([]any)
		created[p[0].(string)] = p[1].(int64)
	}
	return len(ids), nil
}

// createRelsQuery finds the ends of each row by internal id (a BulkLoad's nodes) or by
// primary label and id (the unique-index seek of every other node).
func createRelsQuery(g relGroup, keys []string, byID bool) string {
	from, to := "(a) WHERE id(a) = row[0]", "(b) WHERE id(b) = row[1]"
	if byID {
		from = fmt.Sprintf("(a:%s {id: row[0]})", quoteName(NodeTypes[g.from].Labels[0]))
		to = fmt.Sprintf("(b:%s {id: row[1]})", quoteName(NodeTypes[g.to].Labels[0]))
	}
	return bulkPrefix + fmt.Sprintf(`UNWIND $rows AS row
MATCH %s
MATCH %s
CREATE (a)-[r:%s %s]->(b)
RETURN count(*) AS n`, from, to, quoteName(g.relType), propertyMap(keys, 2))
}

func withValues(audit map[string]any, rows []any) map[string]any {
	return map[string]any{"rows": rows, "writer": audit["writer"], "now": audit["now"]}
}
