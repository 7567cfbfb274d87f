package store

import "strings"

// This file compiles root lists and connections into one statement each: the match
// (anchored when it can be, anchor.go), the filter, the order and the window, then the
// relationship fields the selection nests (tree.go) as CALL subqueries.

func compileList(typeName string, a ListArgs, props []string, fetches []Fetch) (string, map[string]any, []fetchPlan, error) {
	return newCypherBuilder().list(typeName, a, props, fetches)
}

func (c *cypherBuilder) list(typeName string, a ListArgs, props []string, fetches []Fetch) (string, map[string]any, []fetchPlan, error) {
	t, err := lookupType(typeName)
	if err != nil {
		return "", nil, nil, err
	}
	skip, limit, err := listWindow(a)
	if err != nil {
		return "", nil, nil, err
	}
	m, err := c.rootMatch(t, a.Where, a.AsOf)
	if err != nil {
		return "", nil, nil, err
	}
	keys, err := nodeSort(t, "n", a.Sort, "sort")
	if err != nil {
		return "", nil, nil, err
	}
	c.params["skip"], c.params["limit"] = skip, limit
	calls, plans := c.fetchCalls(t, "n", fetches)
	q := c.rootRows(t, m, a.Sort, keys, exprTrue, skip+limit)
	q.add("WITH n ORDER BY "+orderBy(keys), "SKIP $skip LIMIT $limit")
	q.add(calls...)
	ret := "RETURN " + projection(t, "n", props) + " AS props"
	if entries := entriesOf(plans); len(entries) > 0 {
		ret += ", " + mapOf(entries) + " AS c"
	}
	q.add(ret)
	return q.text(), c.params, plans, nil
}

func compilePage(typeName string, a PageArgs, withTotal bool, props []string, fetches []Fetch) (*pageQuery, []fetchPlan, error) {
	return newCypherBuilder().page(typeName, a, withTotal, props, fetches)
}

func (c *cypherBuilder) page(typeName string, a PageArgs, withTotal bool, props []string, fetches []Fetch) (*pageQuery, []fetchPlan, error) {
	t, err := lookupType(typeName)
	if err != nil {
		return nil, nil, err
	}
	first, err := pageSize(a.First)
	if err != nil {
		return nil, nil, err
	}
	m, err := c.rootMatch(t, a.Where, a.AsOf)
	if err != nil {
		return nil, nil, err
	}
	keys, err := nodeSort(t, "n", a.Sort, "sort")
	if err != nil {
		return nil, nil, err
	}
	aggregates := ""
	if withTotal && a.Aggregate != nil && len(a.Aggregate.Node) > 0 {
		if aggregates, err = aggregateMap("n", a.Aggregate.Node, nodeLookup(t), "aggregate.node"); err != nil {
			return nil, nil, err
		}
	}
	pq := &pageQuery{keys: keys, sig: signature(t.Name, keys), first: first, target: t.Name, withTotal: withTotal, aggregates: aggregates != "", noCursors: a.NoCursors}
	after, err := pq.after(c, a.After)
	if err != nil {
		return nil, nil, err
	}
	if withTotal && a.NoRows {
		// Only counts are asked for: no page to sort. An empty rows column keeps the
		// answer's shape (after the count: beside it, [] would group, and no match
		// would give no row).
		q := m.filtered(exprTrue)
		counts, ret := "WITH count(n) AS total", "RETURN [] AS rows, total"
		if aggregates != "" {
			counts += ", {node: " + aggregates + "} AS aggregate"
			ret += ", aggregate"
		}
		q.add(counts, ret)
		pq.text, pq.params = q.text(), c.params
		return pq, nil, nil
	}
	calls, plans := c.fetchCalls(t, "n", fetches)
	c.params["limit"] = first + 1
	var q, rows stmt
	ret := "RETURN rows"
	if withTotal {
		// One match for the page and its count: the rows are counted and collected in
		// one pass, and the page is sorted from the collection. Matching twice costs
		// the pattern and the filter twice.
		q = m.filtered(exprTrue)
		counts := "WITH count(n) AS total, collect(n) AS matched"
		if aggregates != "" {
			counts += ", {node: " + aggregates + "} AS aggregate"
		}
		q.add(counts)
		rows = stmt{"UNWIND matched AS n"}
		if !isTrue(after) {
			rows.add("WITH n")
		}
		rows.where(after)
		ret += ", total"
	} else {
		q = c.rootRows(t, m, a.Sort, keys, after, first+1)
	}
	rows.add("WITH n ORDER BY "+orderBy(keys), "LIMIT $limit")
	rows.add(c.pageRows([]string{"n"}, first, calls, mapOf(append([]string{"node: " + projection(t, "n", props), "keys: " + keyList(keys)}, entriesOf(plans)...)), "rows")...)
	if !withTotal {
		q.add(rows...)
		pq.text, pq.params = q.text(), c.params
		return pq, plans, nil
	}
	q.call("matched", rows)
	if pq.aggregates {
		ret += ", aggregate"
	}
	q.add(ret)
	pq.text, pq.params = q.text(), c.params
	return pq, plans, nil
}

// pageRows ends a page whose rows, bound to vars, are sorted and limited to first + 1:
// each row of the first becomes row (reading the relationship fields calls nests), and
// collect(…) AS col returns them. The row past the first only tells that a next page
// exists (pageOf drops it unread), so the nested reads skip it: reading them for it
// cost the first nine technologies' minerals and the tenth's, 82 instead of 50, each
// with a subquery over all its relationships (PROFILE, fuzz seed 1317 at scale 100:
// 3.37 M db hits, the library's 1.82 M); below a page of one, twice the reads it shows.
func (c *cypherBuilder) pageRows(vars []string, first int, calls stmt, row, col string) stmt {
	if len(calls) == 0 {
		return stmt{"RETURN collect(" + row + ") AS " + col}
	}
	ordered, x, firstRef := c.variable("o"), c.variable("x"), c.param(first)
	s, each := stmt{"WITH collect(" + vars[0] + ") AS " + ordered}, stmt{"UNWIND " + ordered + "[.." + firstRef + "] AS " + vars[0]}
	if len(vars) > 1 {
		var fields, unpack []string
		for _, v := range vars {
			fields, unpack = append(fields, v+": "+v), append(unpack, x+"."+v+" AS "+v)
		}
		s = stmt{"WITH collect(" + mapOf(fields) + ") AS " + ordered}
		each = stmt{"UNWIND " + ordered + "[.." + firstRef + "] AS " + x, "WITH " + strings.Join(unpack, ", ")}
	}
	each.add(calls...)
	each.add("RETURN collect(" + row + ") AS " + col)
	s.call(ordered, each)
	return append(s, "RETURN "+col+" + ["+x+" IN "+ordered+"["+firstRef+"..] | {}] AS "+col)
}

// indexOrder is a test true of every node that lets Neo4j read the nodes in the order
// of the first sort key from the label's index and stop at the window, where that key
// is a property every node has and the index orders (hubIndexed; no sort is by id):
// without a test of the property the planner does not consider the index, and scans
// the label and sorts it. PROFILE at scale 100, a connection's first 7 of 60,000
// policies by id, descending: 60,105 db hits scanning, 113 through the index (9 of
// them the index's, the rest the page's properties). An anchored match is left alone:
// its start is the anchor.
func (m rootMatched) indexOrder(t *NodeType, sort []map[string]any, keys []sortKey) expr {
	if m.distinct {
		return exprTrue
	}
	field, ok := orderField(t, sort)
	if !ok || keys[0].expr != propRef("n", field) {
		return exprTrue
	}
	return cmpExpr{left: keys[0].expr, op: "IS NOT NULL"}
}

// orderField is the property of the first sort key when the label's index gives the
// sort's order (hubIndexed): id for a list without a sort.
func orderField(t *NodeType, sort []map[string]any) (string, bool) {
	if len(sort) == 0 {
		return "id", true
	}
	return hubIndexed(t, sort)
}

// rootMatch compiles the match of a root list or connection over the nodes n of t and
// its filter: the where and the asOf rule.
func (c *cypherBuilder) rootMatch(t *NodeType, input map[string]any, asOf *string) (rootMatched, error) {
	match, distinct, rest, err := c.anchoredMatch(t, "n", input)
	if err != nil {
		return rootMatched{}, err
	}
	where, err := c.nodeWhere(t, "n", rest, "where", 1)
	if err != nil {
		return rootMatched{}, err
	}
	valid, err := c.asOf("n", asOf, nodeLookup(t), t.Name)
	if err != nil {
		return rootMatched{}, err
	}
	return rootMatched{match: match, distinct: distinct, where: seekable(andOf(where, valid)),
		staged: seekable(andOf(c.staged(where, t, "n"), valid))}, nil
}

// rootMatched is a compiled root match: the MATCH clause, whether its rows need
// DISTINCT, and the filter, as compiled (which reach.go and seek.go read) and with its
// relationship tests in stages (stage.go; filtered writes it).
type rootMatched struct {
	match    string
	distinct bool
	where    expr
	staged   expr
}

// filtered is the match with its filter and extra, filtering before DISTINCT so that the
// planner can test the filter with the expansion (after a WITH it tests it apart).
func (m rootMatched) filtered(extra expr) stmt {
	s := stmt{m.match}
	s.where(andOf(m.staged, extra))
	if m.distinct {
		s.add("WITH DISTINCT n")
	}
	return s
}

// after compiles the `after` argument into a keyset predicate (true without one).
func (pq *pageQuery) after(c *cypherBuilder, cursor *string) (expr, error) {
	if cursor == nil {
		return exprTrue, nil
	}
	vals, err := decodeCursor(*cursor, pq.sig, pq.keys, "after")
	if err != nil {
		return nil, err
	}
	return keysetAfter(c, pq.keys, vals), nil
}
