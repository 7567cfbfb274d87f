package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Batch is a set of nodes and relationships to write in one transaction.
type Batch struct {
	Nodes     []NodeInput
	Relations []RelationInput
}

// NodeInput is one node: its model type ("Source" for sources), id and stored
// properties, including the provenance arrays `sources`, `quotes` and `locators`. The
// id, the derived `aliasText` and (but for a Source) `evidence` are set by Apply.
type NodeInput struct {
	Type  string
	ID    string
	Props map[string]any
}

// RelationInput is one relationship of type Type from (From, FromType) to (To, ToType).
// Key tells apart two relationships of one type between the same nodes. Props are the
// stored properties of its properties type, including `sources`, `quotes` and
// `locators`; `evidence` is set by Apply.
type RelationInput struct {
	Type     string
	From     string
	FromType string
	To       string
	ToType   string
	Key      string
	Props    map[string]any
}

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// Replace deletes, in the same transaction, the nodes of the model whose ids are not
	// in the batch and the relationships between them whose ids are not in the batch.
	// Every relationship's ends must then be in the batch.
	Replace bool
	// Progress, if set, is called after each batch of rows with the rows written so far
	// and the total. A retried transaction starts counting again.
	Progress func(done, total int)
	// Writer is recorded as updatedBy, with the time as updatedAt, on every node and
	// relationship the write creates or changes.
	Writer string
	// StoredTexts, if set, holds every provenance entry to its source's evidence level
	// (quotes.go): the writes of outside writers (the API, `import`). The seed and the
	// USGS importer build their quotes from the stored files themselves.
	StoredTexts *StoredTexts
}

// Summary counts what Apply did.
type Summary struct {
	NodesCreated, NodesUpdated, NodesUnchanged, NodesDeleted                 int
	RelationsCreated, RelationsUpdated, RelationsUnchanged, RelationsDeleted int
}

// Changed reports whether Apply changed anything in the database.
func (s Summary) Changed() bool {
	return s.NodesCreated+s.NodesUpdated+s.NodesDeleted+s.RelationsCreated+s.RelationsUpdated+s.RelationsDeleted > 0
}

// String is a one-line account of the summary.
func (s Summary) String() string {
	return fmt.Sprintf("nodes %d created, %d updated, %d unchanged, %d deleted; relations %d created, %d updated, %d unchanged, %d deleted",
		s.NodesCreated, s.NodesUpdated, s.NodesUnchanged, s.NodesDeleted,
		s.RelationsCreated, s.RelationsUpdated, s.RelationsUnchanged, s.RelationsDeleted)
}

// RelationID is the identity of a relationship, stored as its `id` property.
func RelationID(from, relType, to, key string) string {
	return from + "|" + relType + "|" + to + "|" + key
}

// chunkSize is the number of rows per UNWIND.
const chunkSize = 500

// Apply writes the batch in one write transaction: nodes are merged by primary label and
// id, relationships by their deterministic id, and properties are replaced by the
// batch's. Labels, relationship types and property keys come from the metadata only;
// values travel as parameters. An invalid batch is a BAD_USER_INPUT *apperr.Error, an id
// that exists under another label a CONFLICT *apperr.Error; either way nothing is written.
func (s *Store) Apply(ctx context.Context, b Batch, opt ApplyOptions) (Summary, error) {
	p, err := prepare(b, opt.Replace)
	if err != nil {
		return Summary{}, err
	}
	if opt.Writer == "" {
		opt.Writer = "internal" // tools and tests; the API and the seed loader name themselves
	}
	now := time.Now().UTC().Format(time.RFC3339)
	// Retrying is safe: every statement merges on stable ids.
	return s.writeTx(ctx, withSummaries(ctx, p.summaryTouch(opt.Replace), func(tx neo4j.ManagedTransaction) (Summary, error) {
		return p.run(ctx, tx, opt, now)
	})) // summary.go
}

// writeTx runs fn as one write transaction (retried by the driver on transient
// errors, so fn starts from scratch): under the bounds on concurrent calls, since
// writes share the pool with reads; with what remains of the deadline as its timeout;
// counted as one round trip; advancing the data version; and marking the cost
// estimate's statistics stale.
func (s *Store) writeTx(ctx context.Context, fn func(neo4j.ManagedTransaction) (Summary, error)) (Summary, error) {
	if err := s.unavailable(); err != nil { // outage.go: at once, as reads
		return Summary{}, err
	}
	leave, err := s.enter(ctx)
	if err != nil {
		return Summary{}, err
	}
	defer leave()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.Background())
	countRoundTrip(ctx)
	defer s.wrote() // stats.go
	// version.go: the data version advances in the same transaction.
	fn, committed := s.versioned(ctx, fn)
	sum, err := neo4j.ExecuteWrite(ctx, session, fn, txTimeout(ctx)...)
	if err != nil {
		return Summary{}, s.observe(failed(ctx, err))
	}
	committed()
	return sum, nil
}

// nodeGroup is the rows of one node type; relGroup of one (from type, type, to type).
type nodeGroup struct {
	t    *NodeType
	rows []map[string]any
}

type relGroup struct {
	from, relType, to string
	rows              []map[string]any
}

type plan struct {
	nodes     []nodeGroup
	rels      []relGroup
	nodeIDs   []string
	relIDs    []string
	labels    []string // every label of the model
	primaries []string // every primary label
	total     int
}

// prepare checks the batch against the metadata and groups it into parameter rows.
func prepare(b Batch, replace bool) (*plan, error) {
	p := &plan{total: len(b.Nodes) + len(b.Relations)}
	labels := map[string]bool{}
	for _, t := range NodeTypes {
		for _, l := range t.Labels {
			labels[l] = true
		}
		p.primaries = append(p.primaries, t.Labels[0])
	}
	p.labels = slices.Sorted(maps.Keys(labels))
	sort.Strings(p.primaries)

	typeOfID := map[string]string{}
	byType := map[string]*nodeGroup{}
	for _, n := range b.Nodes {
		t, ok := NodeTypes[n.Type]
		if !ok {
			return nil, apperr.Errorf(apperr.BadUserInput, "unknown node type %q", n.Type)
		}
		if n.ID == "" {
			return nil, apperr.Errorf(apperr.BadUserInput, "a node of type %s has no id", n.Type)
		}
		if prev, dup := typeOfID[n.ID]; dup {
			return nil, apperr.Errorf(apperr.BadUserInput, "id %q appears twice in the batch (%s and %s)", n.ID, prev, n.Type)
		}
		typeOfID[n.ID] = n.Type
		props, err := nodeProps(t, n)
		if err != nil {
			return nil, err
		}
		g := byType[n.Type]
		if g == nil {
			g = &nodeGroup{t: t}
			byType[n.Type] = g
		}
		g.rows = append(g.rows, map[string]any{"id": n.ID, "props": props})
		p.nodeIDs = append(p.nodeIDs, n.ID)
	}
	for _, name := range slices.Sorted(maps.Keys(keysOf(byType))) {
		p.nodes = append(p.nodes, *byType[name])
	}

	relIDs := map[string]bool{}
	byRel := map[string]*relGroup{}
	var relKeys []string
	for _, r := range b.Relations {
		decl, ok := RelationBetween(r.FromType, r.Type, r.ToType)
		if !ok {
			return nil, apperr.Errorf(apperr.BadUserInput, "relation %s from %s to %s is not declared in the schema", r.Type, r.FromType, r.ToType)
		}
		if r.From == "" || r.To == "" {
			return nil, apperr.Errorf(apperr.BadUserInput, "relation %s needs both ends (from %q, to %q)", r.Type, r.From, r.To)
		}
		id := RelationID(r.From, r.Type, r.To, r.Key)
		if relIDs[id] {
			return nil, apperr.Errorf(apperr.BadUserInput, "relation %s appears twice in the batch", id)
		}
		relIDs[id] = true
		for _, end := range [][2]string{{r.From, r.FromType}, {r.To, r.ToType}} {
			got, inBatch := typeOfID[end[0]]
			switch {
			case inBatch && got != end[1]:
				return nil, apperr.Errorf(apperr.BadUserInput, "relation %s: %q is a %s in the batch, not a %s", id, end[0], got, end[1])
			case !inBatch && replace:
				return nil, apperr.Errorf(apperr.BadUserInput, "relation %s: %s %q is not in the batch, which replaces the whole graph", id, end[1], end[0])
			}
		}
		props, err := relProps(decl, r, id)
		if err != nil {
			return nil, err
		}
		gk := r.FromType + "|" + r.Type + "|" + r.ToType
		g := byRel[gk]
		if g == nil {
			g = &relGroup{from: r.FromType, relType: r.Type, to: r.ToType}
			byRel[gk] = g
			relKeys = append(relKeys, gk)
		}
		g.rows = append(g.rows, map[string]any{"id": id, "from": r.From, "to": r.To, "props": props})
		p.relIDs = append(p.relIDs, id)
	}
	sort.Strings(relKeys)
	for _, k := range relKeys {
		p.rels = append(p.rels, *byRel[k])
	}
	return p, nil
}

// nodeProps returns the properties to store: the input's, without nil values, plus id
// and, for types with aliases, the derived aliasText the full-text index reads.
func nodeProps(t *NodeType, n NodeInput) (map[string]any, error) {
	props, err := typedProps(t.Properties, n.Props, fmt.Sprintf("%s %q", t.Name, n.ID))
	if err != nil {
		return nil, err
	}
	if id, ok := props["id"]; ok && id != n.ID {
		return nil, apperr.Errorf(apperr.BadUserInput, "node %q has a different id property %v", n.ID, id)
	}
	props["id"] = n.ID
	if t.Name == "Source" && props["evidence"] == Compiled {
		// The project's summary of a page it does not store is only as good as the
		// reader's way to that page.
		if url, _ := props["url"].(string); strings.TrimSpace(url) == "" {
			return nil, apperr.Errorf(apperr.BadUserInput, "Source %q is COMPILED (a summary of a page the project does not store): give the page's url", n.ID)
		}
	}
	if _, ok := t.Property("aliases"); ok {
		aliases, err := stringList(props["aliases"])
		if err != nil {
			return nil, apperr.Errorf(apperr.BadUserInput, "node %q: aliases: %v", n.ID, err)
		}
		props["aliasText"] = strings.Join(aliases, " | ")
	}
	return props, nil
}

func relProps(decl Relation, r RelationInput, id string) (map[string]any, error) {
	props, err := typedProps(RelationshipProperties[decl.Properties], r.Props, "relation "+id)
	if err != nil {
		return nil, err
	}
	props["id"] = id
	return props, nil
}

func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []string:
		return v, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("want a list of strings, got %T", e)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list of strings, got %T", v)
}

func keysOf[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// run is the transaction function; it may run more than once and starts from scratch
// each time.
func (p *plan) run(ctx context.Context, tx neo4j.ManagedTransaction, opt ApplyOptions, now string) (Summary, error) {
	audit := map[string]any{"writer": opt.Writer, "now": now}
	var sum Summary
	done := 0
	progress := func(n int) {
		done += n
		if opt.Progress != nil {
			opt.Progress(done, p.total)
		}
	}
	if err := p.checkConflicts(ctx, tx); err != nil {
		return sum, err
	}
	reclassified, err := p.setEvidence(ctx, tx)
	if err != nil {
		return sum, err
	}
	if opt.StoredTexts != nil {
		if err := p.checkQuotes(ctx, tx, opt.StoredTexts); err != nil {
			return sum, err
		}
	}
	for _, g := range p.nodes {
		q := nodeQuery(g.t)
		for _, rows := range chunks(g.rows) {
			n, err := tally(ctx, tx, q, withRows(audit, rows), "created", "unchanged")
			if err != nil {
				return sum, err
			}
			created, unchanged := n[0], n[1]
			sum.NodesCreated += created
			sum.NodesUnchanged += unchanged
			sum.NodesUpdated += len(rows) - created - unchanged
			progress(len(rows))
		}
	}
	for _, g := range p.rels {
		q := relQuery(g)
		for _, rows := range chunks(g.rows) {
			n, err := tally(ctx, tx, q, withRows(audit, rows), "created", "unchanged", "written")
			if err != nil {
				return sum, err
			}
			created, unchanged, written := n[0], n[1], n[2]
			if written < len(rows) {
				// A row whose end is in neither the database nor the batch matched nothing
				// and wrote nothing: checkEnds says which (and the transaction rolls back).
				// Only then: a statement more per group on every write cost its planning
				// and a round trip.
				if err := g.checkEnds(ctx, tx); err != nil {
					return sum, err
				}
				return sum, fmt.Errorf("relation %s: %d of %d rows written, and checkEnds found no missing end", g.relType, written, len(rows))
			}
			sum.RelationsCreated += created
			sum.RelationsUnchanged += unchanged
			sum.RelationsUpdated += len(rows) - created - unchanged
			progress(len(rows))
		}
	}
	if err := p.refreshEvidence(ctx, tx, reclassified, audit); err != nil {
		return sum, err
	}
	if opt.Replace {
		if sum.RelationsDeleted, err = count(ctx, tx, deleteRelsQuery, map[string]any{"labels": p.labels, "ids": p.relIDs}); err != nil {
			return sum, err
		}
		if sum.NodesDeleted, err = count(ctx, tx, deleteNodesQuery, map[string]any{"labels": p.labels, "ids": p.nodeIDs}); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// checkConflicts fails with CONFLICT if an id of the batch exists under another
// primary label. One indexed lookup per label of the model.
func (p *plan) checkConflicts(ctx context.Context, tx neo4j.ManagedTransaction) error {
	var rows []map[string]any
	for _, g := range p.nodes {
		for _, r := range g.rows {
			rows = append(rows, map[string]any{"id": r["id"], "label": g.t.Labels[0]})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	var union []string
	for _, l := range p.primaries {
		union = append(union, fmt.Sprintf("MATCH (n:%s {id: row.id}) RETURN n", quoteName(l)))
	}
	q := "UNWIND $rows AS row\nCALL (row) {\n" + strings.Join(union, "\nUNION\n") + "\n}\n" +
		"WITH row, n WHERE NOT row.label IN labels(n)\n" +
		"RETURN row.id AS id, row.label AS want, [l IN labels(n) WHERE l IN $primaries] AS have LIMIT 5"
	return problems(ctx, tx, apperr.Conflict, q, map[string]any{"rows": rows, "primaries": p.primaries}, func(m map[string]any) string {
		return fmt.Sprintf("id %q is a %v in the database, not a %v", m["id"], joinAny(m["have"]), m["want"])
	})
}

// problems runs a query whose rows are problems and turns them into one *apperr.Error with
// code; no rows, no error.
func problems(ctx context.Context, tx neo4j.ManagedTransaction, code apperr.Code, q string, params map[string]any, describe func(map[string]any) string) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	recs, err := res.Collect(ctx)
	if err != nil || len(recs) == 0 {
		return err
	}
	msgs := make([]string, 0, len(recs))
	for _, rec := range recs {
		msgs = append(msgs, describe(rec.AsMap()))
	}
	return apperr.Errorf(code, "%s", strings.Join(msgs, "; "))
}

// checkEnds fails with BAD_USER_INPUT if an end of a relationship is in neither the
// database nor the batch (whose nodes are written by then).
func (g relGroup) checkEnds(ctx context.Context, tx neo4j.ManagedTransaction) error {
	q := fmt.Sprintf(`UNWIND $rows AS row
OPTIONAL MATCH (a:%s {id: row.from})
WITH row, a
OPTIONAL MATCH (b:%s {id: row.to})
WITH row, a IS NULL AS noFrom, b IS NULL AS noTo
WHERE noFrom OR noTo
RETURN row.from AS from, row.to AS to, noFrom, noTo LIMIT 5`,
		quoteName(NodeTypes[g.from].Labels[0]), quoteName(NodeTypes[g.to].Labels[0]))
	return problems(ctx, tx, apperr.BadUserInput, q, map[string]any{"rows": g.rows}, func(m map[string]any) string {
		var missing []string
		if m["noFrom"] == true {
			missing = append(missing, fmt.Sprintf("%s %q", g.from, m["from"]))
		}
		if m["noTo"] == true {
			missing = append(missing, fmt.Sprintf("%s %q", g.to, m["to"]))
		}
		return fmt.Sprintf("relation %s from %q to %q: %s does not exist in the database or the batch",
			g.relType, m["from"], m["to"], strings.Join(missing, " and "))
	})
}

// nodeQuery merges rows of one type by primary label and id. A row is unchanged when
// the stored properties equal the new ones; then nothing is written.
func nodeQuery(t *NodeType) string {
	var extra strings.Builder
	for _, l := range t.Labels[1:] {
		extra.WriteString(":" + quoteName(l))
	}
	setLabels := ""
	if extra.Len() > 0 {
		setLabels = "SET n" + extra.String() + "\n"
	}
	primary := quoteName(t.Labels[0])
	return fmt.Sprintf(`UNWIND $rows AS row
OPTIONAL MATCH (old:%s {id: row.id})
WITH row, old IS NULL AS created, old IS NOT NULL AND `+sameProps+` AS same
MERGE (n:%s {id: row.id})
FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END | SET n = row.props, n.updatedBy = $writer, n.updatedAt = $now)
%sRETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged`,
		primary, primary, setLabels)
}

// sameProps is true when old holds exactly row.props, not counting the audit stamp.
const sameProps = `all(k IN keys(row.props) WHERE old[k] = row.props[k])
  AND size([k IN keys(old) WHERE NOT k IN ['updatedBy', 'updatedAt']]) = size(keys(row.props))`

// relQuery merges rows of one (from type, type, to type) by the relationship id.
func relQuery(g relGroup) string {
	return fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
OPTIONAL MATCH (a)-[old:%s {id: row.id}]->(b)
WITH row, a, b, old IS NULL AS created, old IS NOT NULL AND `+sameProps+` AS same
MERGE (a)-[r:%s {id: row.id}]->(b)
FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END | SET r = row.props, r.updatedBy = $writer, r.updatedAt = $now)
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged, count(*) AS written`,
		quoteName(NodeTypes[g.from].Labels[0]), quoteName(NodeTypes[g.to].Labels[0]), quoteName(g.relType), quoteName(g.relType))
}

const deleteRelsQuery = `MATCH (a)-[r]->(b)
WHERE any(l IN labels(a) WHERE l IN $labels) AND any(l IN labels(b) WHERE l IN $labels)
  AND (r.id IS NULL OR NOT r.id IN $ids)
DELETE r
RETURN count(r) AS n`

const deleteNodesQuery = `MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels) AND (n.id IS NULL OR NOT n.id IN $ids)
DETACH DELETE n
RETURN count(*) AS n`

func withRows(audit map[string]any, rows []map[string]any) map[string]any {
	return map[string]any{"rows": rows, "writer": audit["writer"], "now": audit["now"]}
}

// tally runs q, whose one row holds the integer columns keys, and returns them in order.
func tally(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, keys ...string) ([]int, error) {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(keys))
	for i, key := range keys {
		n, _, err := neo4j.GetRecordValue[int64](rec, key)
		if err != nil {
			return nil, err
		}
		out[i] = int(n)
	}
	return out, nil
}

// count is tally of the one column n.
func count(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) (int, error) {
	n, err := tally(ctx, tx, q, params, "n")
	if err != nil {
		return 0, err
	}
	return n[0], nil
}

func chunks(rows []map[string]any) [][]map[string]any {
	var out [][]map[string]any
	for len(rows) > chunkSize {
		out = append(out, rows[:chunkSize])
		rows = rows[chunkSize:]
	}
	if len(rows) > 0 {
		out = append(out, rows)
	}
	return out
}

func joinAny(v any) string {
	list, ok := v.([]any)
	if !ok {
		return fmt.Sprint(v)
	}
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = fmt.Sprint(e)
	}
	return strings.Join(parts, "/")
}
