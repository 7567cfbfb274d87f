package store

import "slices"

// This file compiles root lists and connections into one statement each: the match
// (anchored when it can be, anchor.go), the filter, the order and the window, then the
// relationship fields the selection nests (tree.go) as CALL subqueries.

func compileList(typeName string, a ListArgs, props []string, fetches []Fetch) (string, map[string]any, []fetchPlan, error) {
	t, err := lookupType(typeName)
	if err != nil {
		return "", nil, nil, err
	}
	skip, limit, err := listWindow(a)
	if err != nil {
		return "", nil, nil, err
	}
	c := newCypherBuilder()
	q, where, err := c.rootMatch(t, a.Where, a.AsOf)
	if err != nil {
		return "", nil, nil, err
	}
	keys, err := nodeSort(t, "n", a.Sort, "sort")
	if err != nil {
		return "", nil, nil, err
	}
	c.params["skip"], c.params["limit"] = skip, limit
	calls, plans := c.fetchCalls(t, "n", fetches)
	q.where(where)
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
	t, err := lookupType(typeName)
	if err != nil {
		return nil, nil, err
	}
	first, err := pageSize(a.First)
	if err != nil {
		return nil, nil, err
	}
	c := newCypherBuilder()
	match, where, err := c.rootMatch(t, a.Where, a.AsOf)
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
	pq := &pageQuery{keys: keys, sig: signature(t.Name, keys), first: first, target: t.Name, withTotal: withTotal, aggregates: aggregates != ""}
	after, err := pq.after(c, a.After)
	if err != nil {
		return nil, nil, err
	}
	calls, plans := c.fetchCalls(t, "n", fetches)
	c.params["limit"] = first + 1
	var q stmt
	ret := "RETURN rows"
	if withTotal {
		total := slices.Clone(match)
		total.where(where)
		if aggregates == "" {
			total.add("RETURN count(n) AS total")
		} else {
			total.add("RETURN count(n) AS total, {node: " + aggregates + "} AS aggregate")
		}
		q.call("", total)
		ret += ", total"
	}
	rows := slices.Clone(match)
	rows.where(andOf(where, after))
	rows.add("WITH n ORDER BY "+orderBy(keys), "LIMIT $limit")
	rows.add(calls...)
	rows.add("RETURN collect(" + mapOf(append([]string{"node: " + projection(t, "n", props), "keys: " + keyList(keys)}, entriesOf(plans)...)) + ") AS rows")
	q.call("", rows)
	if pq.aggregates {
		ret += ", aggregate"
	}
	q.add(ret)
	pq.text, pq.params = q.text(), c.params
	return pq, plans, nil
}

// rootMatch compiles the match of a root list or connection over the nodes n of t and
// its filter: the where and the asOf rule.
func (c *cypherBuilder) rootMatch(t *NodeType, input map[string]any, asOf *string) (stmt, expr, error) {
	match, rest, err := c.anchoredMatch(t, "n", input)
	if err != nil {
		return nil, nil, err
	}
	where, err := c.nodeWhere(t, "n", rest, "where", 1)
	if err != nil {
		return nil, nil, err
	}
	valid, err := c.asOf("n", asOf, nodeLookup(t), t.Name)
	if err != nil {
		return nil, nil, err
	}
	return match, andOf(where, valid), nil
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
