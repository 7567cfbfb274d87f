package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// This file reads a whole selection of nested relationship fields in the statement that
// reads its root: each field is a CALL subquery of the level above, so a query costs one
// round trip whatever its depth, where batching level by level costs one per field.

// Fetch is a relationship field to read below every node of a level, with the fields to
// read below each of its own nodes.
type Fetch struct {
	Field     string    // a relationship field of the level's type (Connection suffix optional)
	List      *ListArgs // the arguments of a list field, or
	Page      *PageArgs // those of a connection field
	WithTotal bool      // the connection counts its rows
	Props     []string  // the properties read of each node, id always included (nil: all)
	EdgeProps []string  // those read of each relationship of a connection (nil: all)
	Children  []Fetch   // fields of the target type
}

// Fetched is what a Fetch read, by the id of the node it was read below: Lists for a
// list field, Pages for a connection. Both are nil when the field was left out because
// its arguments are invalid: its resolver reads it again and reports the error. Children
// follow Fetch.Children, by the ids of this field's nodes.
type Fetched struct {
	Lists    map[string][]Node
	Pages    map[string]Page
	Children []Fetched
}

// fetchPlan is a compiled Fetch and what it takes to read its answer.
type fetchPlan struct {
	skip     bool     // left out: invalid arguments
	col      string   // the map entry (or column) holding the rows
	cols     []string // col and the columns of the counts and aggregates
	target   string
	page     *pageQuery // nil for a list
	after    bool
	children []fetchPlan
}

// RelatedTree reads fetches below each node of typeName with these ids. One round trip.
func (s *Store) RelatedTree(ctx context.Context, typeName string, ids []string, fetches []Fetch) ([]Fetched, error) {
	out, params, err := s.compiled(&compileInput{kind: inputTree, typeName: typeName, fetches: fetches})
	if err != nil {
		return nil, err
	}
	return s.readTree(ctx, out.text, params, ids, out.plans)
}

// relatedOne is RelatedTree for one field without children, which reports invalid
// arguments instead of leaving the field out: the read behind RelatedList and RelatedPage.
func (s *Store) relatedOne(ctx context.Context, typeName string, ids []string, f Fetch) (Fetched, error) {
	out, params, err := s.compiled(&compileInput{kind: inputOne, typeName: typeName, fetches: []Fetch{f}})
	if err != nil {
		return Fetched{}, err
	}
	fetched, err := s.readTree(ctx, out.text, params, ids, out.plans)
	if err != nil {
		return Fetched{}, err
	}
	return fetched[0], nil
}

// treeText is the statement that runs the compiled calls below each node of t with the
// ids $ids ("" when they read nothing). An unknown id gets empty answers (the OPTIONAL
// MATCH).
func treeText(t *NodeType, calls stmt, plans []fetchPlan) string {
	entries := entriesOf(plans)
	if len(entries) == 0 {
		return ""
	}
	q := stmt{"UNWIND $ids AS id", "OPTIONAL MATCH " + renderNode(patNode{v: "p", label: t.Labels[0], id: "id"})}
	q.add(calls...)
	q.add("RETURN id, " + mapOf(entries) + " AS c")
	return q.text()
}

// readTree runs a statement of treeText below the nodes with these ids and files what
// it read.
func (s *Store) readTree(ctx context.Context, text string, params map[string]any, ids []string, plans []fetchPlan) ([]Fetched, error) {
	out := newFetched(plans)
	ids = distinctIDs(ids)
	if text == "" || len(ids) == 0 {
		return out, nil
	}
	params["ids"] = ids
	res, err := s.read(ctx, text, params)
	if err != nil {
		return nil, err
	}
	for _, rec := range res.Records {
		id, _, err := neo4j.GetRecordValue[string](rec, "id")
		if err != nil {
			return nil, translate(err)
		}
		m, _, err := neo4j.GetRecordValue[map[string]any](rec, "c")
		if err != nil {
			return nil, translate(err)
		}
		if err := readFetched(plans, out, id, m); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fetchCalls compiles fetches below the node bound to v into CALL subqueries; the
// plans name the columns that carry their answers up (entriesOf). A fetch whose
// arguments do not compile is left out (plan.skip), so one bad field cannot cost the
// others.
func (c *cypherBuilder) fetchCalls(t *NodeType, v string, fetches []Fetch) (stmt, []fetchPlan) {
	var calls stmt
	plans := make([]fetchPlan, len(fetches))
	for i, f := range fetches {
		outer := c.enter(i)
		call, plan, err := c.fetchCall(t, v, f)
		c.scope = outer
		if err != nil {
			plans[i] = fetchPlan{skip: true}
			continue
		}
		calls.add(call...)
		plans[i] = plan
	}
	return calls, plans
}

// entriesOf is the map entries that carry the columns of plans up to the enclosing row.
func entriesOf(plans []fetchPlan) []string {
	var entries []string
	for _, p := range plans {
		for _, col := range p.cols {
			entries = append(entries, col+": "+col)
		}
	}
	return entries
}

// fetchCall compiles one fetch below the node bound to v.
func (c *cypherBuilder) fetchCall(t *NodeType, v string, f Fetch) (stmt, fetchPlan, error) {
	_, rel, target, err := lookupRelation(t.Name, f.Field)
	if err != nil {
		return nil, fetchPlan{}, err
	}
	at := fetchSite{v: v, n: c.variable("n"), rel: rel, target: target, parent: t.Name, owner: t.Name + "." + rel.Field, many: c.stats.manyPerParent(t.Name, f.Field)}
	col := c.variable("f")
	plan := fetchPlan{col: col, cols: []string{col}, target: target.Name}
	if f.Page == nil {
		return c.fetchList(at, f, plan)
	}
	return c.fetchPage(at, f, plan)
}

// fetchSite is where a fetch reads: from the node bound to v through rel to the nodes
// n of target; owner names the field in errors and cursor signatures.
type fetchSite struct {
	v, n   string
	rel    Relation
	target *NodeType
	parent string // the type of v
	owner  string
	many   bool // the parents have many relationships of rel on average (manyPerParent)
}

// match is the MATCH clause from v to n, through the relationship r (may be empty).
func (at fetchSite) match(r string) string {
	return "MATCH " + renderPattern(relPattern(patNode{v: at.v}, r, at.rel, patNode{v: at.n}))
}

// fetchList reads a list field: the distinct nodes, sorted and windowed.
func (c *cypherBuilder) fetchList(at fetchSite, f Fetch, plan fetchPlan) (stmt, fetchPlan, error) {
	a := ListArgs{}
	if f.List != nil {
		a = *f.List
	}
	skip, limit, err := listWindow(a)
	if err != nil {
		return nil, plan, err
	}
	where, err := c.nodeWhere(at.target, at.n, a.Where, "where", 1)
	if err != nil {
		return nil, plan, err
	}
	where = c.staged(where, at.target, at.n)
	keys, err := nodeSort(at.target, at.n, a.Sort, "sort")
	if err != nil {
		return nil, plan, err
	}
	r := ""
	if a.AsOf != nil {
		r = c.variable("r")
	}
	valid, err := c.asOf(r, a.AsOf, edgeLookup(at.rel.Properties), at.owner)
	if err != nil {
		return nil, plan, err
	}
	calls, children := c.fetchCalls(at.target, at.n, f.Children)
	plan.children = children
	field, indexed := hubIndexed(at.target, a.Sort)
	var body stmt
	if indexed && isTrue(where) && a.AsOf == nil {
		body = c.hubList(at, field, keys, skip, limit)
	} else {
		rows := stmt{at.match(r)}
		rows.where(andOf(where, valid))
		if at.many {
			body = c.distinctWindow(at.v, at.n, rows, keys, skip, limit)
		} else {
			body = append(rows, "WITH DISTINCT "+at.n+" ORDER BY "+orderBy(keys), "SKIP "+c.param(skip)+" LIMIT "+c.param(limit))
		}
		if indexed && a.AsOf == nil && keys[0].expr == propRef(at.n, field) && !seeksFew(where, at.n) && c.stats.hubsFor(at.parent, at.rel.Field, skip+limit) {
			body = c.hubFilteredList(at, field, keys, skip, limit, where, body)
		}
	}
	body.add(calls...)
	body.add("RETURN collect(" + mapOf(append([]string{"props: " + projection(at.target, at.n, f.Props)}, entriesOf(children)...)) + ") AS " + plan.col)
	var s stmt
	s.call(at.v, body)
	return s, plan, nil
}

// distinctWindow is the window skip, limit of the distinct nodes n that rows (clauses
// in the scope of v) match, in the order of keys, one n per row. Two relationships can
// join the same two nodes, but DISTINCT over every matched row costs a set insert per
// row (5 % of the Neo4j CPU of three nested lists, bench query 19). The rows of one node
// have equal keys, which end with a key unique to the node, so they are adjacent in the
// order: when the first skip + limit rows hold no two equal adjacent nodes, they are the
// first skip + limit distinct nodes, and only otherwise are the rows matched again and
// made distinct.
func (c *cypherBuilder) distinctWindow(v, n string, rows stmt, keys []sortKey, skip, limit int) stmt {
	t := c.variable("t")
	repeated := "(i IN range(1, size(" + t + ") - 1) WHERE " + t + "[i] = " + t + "[i - 1])"
	s := append(stmt{}, rows...)
	s.add("WITH "+n+" ORDER BY "+orderBy(keys), "LIMIT "+c.param(skip+limit), "WITH "+v+", collect("+n+") AS "+t)
	skipped := c.param(skip)
	first := stmt{"WITH " + t + " WHERE none" + repeated, "UNWIND " + t + "[" + skipped + "..] AS " + n, "RETURN " + n, "UNION ALL"}
	first.add("WITH " + v + " WHERE any" + repeated)
	first.add(rows...)
	first.add("WITH DISTINCT "+n+" ORDER BY "+orderBy(keys), "SKIP "+skipped+" LIMIT "+c.param(limit), "RETURN "+n)
	s.call(v+", "+t, first)
	return s
}

// fetchPage reads a connection field: one page of relationships, and with WithTotal
// their counts and aggregates, each in a CALL of its own.
func (c *cypherBuilder) fetchPage(at fetchSite, f Fetch, plan fetchPlan) (stmt, fetchPlan, error) {
	a := *f.Page
	first, err := pageSize(a.First)
	if err != nil {
		return nil, plan, err
	}
	r := c.variable("r")
	where, err := c.connectionWhere(at.rel, at.n, r, a.Where, "where", 1)
	if err != nil {
		return nil, plan, err
	}
	where = c.staged(where, at.target, at.n)
	valid, err := c.asOf(r, a.AsOf, edgeLookup(at.rel.Properties), at.owner)
	if err != nil {
		return nil, plan, err
	}
	where = andOf(where, valid)
	var nodeAggregates, edgeAggregates string
	if f.WithTotal && a.Aggregate != nil {
		if nodeAggregates, edgeAggregates, err = at.aggregates(r, *a.Aggregate); err != nil {
			return nil, plan, err
		}
	}
	keys, err := connectionSort(at.rel, at.n, r, a.Sort, "sort")
	if err != nil {
		return nil, plan, err
	}
	pq := &pageQuery{keys: keys, sig: signature(at.owner, keys), first: first, target: at.target.Name, edges: true, withTotal: f.WithTotal, noCursors: a.NoCursors}
	after, err := pq.after(c, a.After)
	if err != nil {
		return nil, plan, err
	}
	plan.page, plan.after = pq, a.After != nil
	calls, children := c.fetchCalls(at.target, at.n, f.Children)
	plan.children = children
	col := plan.col
	row := []string{"node: " + projection(at.target, at.n, f.Props), "edge: " + edgeProjection(at.rel, r, f.EdgeProps), "keys: " + keyList(keys)}
	var page stmt
	page.add("WITH "+at.n+", "+r+" ORDER BY "+orderBy(keys), "LIMIT "+c.param(first+1))
	page.add(c.pageRows([]string{at.n, r}, first, calls, mapOf(append(row, entriesOf(children)...)), col)...)
	body := stmt{at.match(r)}
	if !f.WithTotal {
		body.where(andOf(where, after))
		body.add(page...)
		var s stmt
		s.call(at.v, body)
		return s, plan, nil
	}
	// One match for the page and its counts: the rows are counted and collected in one
	// pass, and the page is sorted from the collection (matching twice costs the pattern
	// and the filter twice).
	m, x := c.variable("m"), c.variable("x")
	body.where(where)
	counts := "WITH count(" + r + ") AS " + col + "t"
	plan.cols = append(plan.cols, col+"t")
	if !a.NoNodeCount {
		counts += ", count(DISTINCT " + at.n + ") AS " + col + "n"
		plan.cols = append(plan.cols, col+"n")
	}
	if edgeAggregates != "" {
		counts += ", " + edgeAggregates + " AS " + col + "e"
		plan.cols = append(plan.cols, col+"e")
	}
	if a.NoRows && nodeAggregates == "" {
		// Only counts are asked for: no page to sort, nothing to collect.
		body.add(counts, "WITH *, [] AS "+col, "RETURN "+strings.Join(plan.cols, ", "))
		var s stmt
		s.call(at.v, body)
		return s, plan, nil
	}
	body.add(counts + ", collect({node: " + at.n + ", edge: " + r + "}) AS " + m)
	if nodeAggregates != "" { // each node counted once, however many relationships reach it
		nodes := stmt{"UNWIND " + m + " AS " + x, "WITH DISTINCT " + x + ".node AS " + at.n, "RETURN " + nodeAggregates + " AS " + col + "a"}
		body.call(m, nodes)
		plan.cols = append(plan.cols, col+"a")
	}
	if a.NoRows {
		body.add("WITH *, [] AS " + col)
	} else {
		rows := stmt{"UNWIND " + m + " AS " + x, "WITH " + x + ".node AS " + at.n + ", " + x + ".edge AS " + r}
		rows.where(after)
		rows.add(page...)
		body.call(m, rows)
	}
	body.add("RETURN " + strings.Join(plan.cols, ", "))
	var s stmt
	s.call(at.v, body)
	return s, plan, nil
}

// aggregates compiles the property aggregates of a connection's nodes and of its
// relationships r ("" for none asked).
func (at fetchSite) aggregates(r string, sel AggregateSelection) (nodes, edges string, err error) {
	if len(sel.Node) > 0 {
		if nodes, err = aggregateMap(at.n, sel.Node, nodeLookup(at.target), "aggregate.node"); err != nil {
			return "", "", err
		}
	}
	if len(sel.Edge) > 0 {
		if edges, err = aggregateMap(r, sel.Edge, edgeLookup(at.rel.Properties), "aggregate.edge"); err != nil {
			return "", "", err
		}
	}
	return nodes, edges, nil
}

// projection reads the properties props of the node bound to v, those of its type only,
// and always its id; nil props read all of them. Leaving out what the selection does not
// ask for saves Neo4j, the driver and the decoding the long ones (quotes, descriptions).
func projection(t *NodeType, v string, props []string) string {
	return projectAny(v, props, func(name string) bool {
		_, ok := t.Property(name)
		return ok
	})
}

// edgeProjection reads the properties props of the relationship bound to r, those of
// its properties type only, and always its id; nil props read all of them.
func edgeProjection(rel Relation, r string, props []string) string {
	return projectAny(r, props, func(name string) bool {
		_, ok := edgeLookup(rel.Properties)(name)
		return ok
	})
}

func mapOf(entries []string) string {
	return "{" + strings.Join(entries, ", ") + "}"
}

func newFetched(plans []fetchPlan) []Fetched {
	out := make([]Fetched, len(plans))
	for i, p := range plans {
		if p.skip {
			continue
		}
		if p.page == nil {
			out[i].Lists = map[string][]Node{}
		} else {
			out[i].Pages = map[string]Page{}
		}
		out[i].Children = newFetched(p.children)
	}
	return out
}

// readFetched files the answers in m, the entries of the node id, under id.
func readFetched(plans []fetchPlan, out []Fetched, id string, m map[string]any) error {
	for i, p := range plans {
		if p.skip {
			continue
		}
		rows, ok := m[p.col].([]any)
		if !ok {
			return rowShape()
		}
		if p.page != nil {
			total, _ := m[p.col+"t"].(int64)
			nodes, _ := m[p.col+"n"].(int64)
			page, kept, err := p.page.pageOf(rows, total, nodes, p.after)
			if err != nil {
				return err
			}
			page.Aggregate = map[string]any{"node": m[p.col+"a"], "edge": m[p.col+"e"]}
			out[i].Pages[id] = page
			for j, row := range kept {
				if err := readFetched(p.children, out[i].Children, page.Edges[j].Node.ID(), row); err != nil {
					return err
				}
			}
			continue
		}
		list := make([]Node, 0, len(rows))
		for _, row := range rows {
			r, ok := row.(map[string]any)
			props, okProps := r["props"].(map[string]any)
			if !ok || !okProps {
				return rowShape()
			}
			n := Node{Type: p.target, Props: props}
			list = append(list, n)
			if err := readFetched(p.children, out[i].Children, n.ID(), r); err != nil {
				return err
			}
		}
		out[i].Lists[id] = list
	}
	return nil
}
