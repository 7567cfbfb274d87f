package store

import "slices"

// This file compiles a root list or page whose where asks for a related node passing a
// filter (`some`, `single`, `all` of a relationship field or connection) and whose order
// an index gives. The where's subqueries test each node of the type in the index's
// order; when few nodes pass, that reads the whole label (projects financed by an
// organization named X, PROFILE at scale 10: 198,447 db hits). Matching the relationship
// pattern instead lets Neo4j start from the related nodes (from the name's index: 1 db
// hit), but where most nodes pass it reads every matching relationship where the index
// order stops after the window (projects in countries whose name starts with C, sorted
// by name, first 10: 325 db hits in order, 19,732 from the countries). Which costs less
// is the filter's selectivity, which the statement does not know, so it walks a bounded
// stretch of the index first (hubScan, as hub.go does below a parent) and matches the
// pattern only when that stretch does not decide the window. Where the statistics say the
// label holds less than four times the walk (walkPays), the statement reads the index in
// order, as it did before; where the where names the nodes by id or name (seeksFew), it
// reads them and sorts them. A where without a related node's test is walked the same
// way before every node passing it is read and sorted (walkOr), where no index answers
// one of its tests.

// reachFrom is the match of the nodes n that pass where and extra, started from the
// pattern of where's first existential relationship test (`some`, `single`, `all`),
// with or without a filter of the related node (any event carrying out an agreement:
// fuzz seed 1542, where none does, read all 30,000 agreements in the name's order);
// nil when where has none. The tests of n's properties stand beside the
// pattern's, so that the planner may still start from n where they are the more selective
// (countries updated in 2019 with a single measurement of a period: 249 countries, 79,368
// measurements).
func reachFrom(t *NodeType, where, extra expr) stmt {
	parts := conjuncts(where)
	for i, x := range parts {
		var pat pattern
		var inner expr
		implied := false // the pattern's match is the whole test
		switch x := x.(type) {
		case existsExpr:
			if x.negated {
				continue
			}
			pat, inner, implied = x.pat, x.where, true
		case countExpr:
			pat, inner = x.pat, x.where
		default:
			continue
		}
		if pat.from.v != "n" {
			continue
		}
		rest := parts
		if implied {
			rest = slices.Delete(slices.Clone(parts), i, i+1)
		}
		plain, sub := splitSubqueries(andOf(append(slices.Clone(rest), extra)...))
		plain = append([]expr{seekable(inner)}, plain...) // the pattern is matched once
		pat.from.label = t.Labels[0]
		reach := stmt{"MATCH " + renderPattern(pat)}
		reach.where(andOf(plain...))
		reach.add("WITH DISTINCT n")
		reach.where(andOf(sub...))
		return append(reach, "RETURN n")
	}
	return nil
}

// rootRows are the clauses whose rows n are the nodes of a root list or page that pass
// its filter and extra, unsorted, of which the caller keeps the first window in the
// order of keys.
func (c *cypherBuilder) rootRows(t *NodeType, m rootMatched, sort []map[string]any, keys []sortKey, extra expr, window int) stmt {
	if seeksFew(m.where, "n") {
		return m.filtered(extra)
	}
	hint := m.indexOrder(t, sort, keys)
	if m.distinct || isTrue(m.where) || !c.stats.beyondWalk(t.Name, window) {
		return m.filtered(andOf(extra, hint))
	}
	if isTrue(hint) {
		return c.testedBeforeSort(m, extra)
	}
	field, _ := orderField(t, sort) // indexOrder gave a hint: the first key is field
	walks := c.stats.walkPays(t.Name, window)
	if reach := reachFrom(t, m.where, extra); reach != nil && walks {
		return c.walkOr(t, m, keys, field, extra, hint, window, reach)
	}
	if seeksIndex(m.where, field) {
		return m.filtered(andOf(extra, hint))
	}
	matched := append(m.filtered(extra), "RETURN n")
	equality := indexedEquality(t, m.where)
	switch {
	case equality != nil && walks:
		return c.seekFrom(m, equality, window, matched, append(c.walkOr(t, m, keys, field, extra, hint, window, matched), "RETURN n"))
	case equality != nil:
		inOrder := append(m.filtered(andOf(extra, hint)), "WITH n ORDER BY "+orderBy(keys)+" LIMIT "+c.param(window), "RETURN n")
		return c.seekFrom(m, equality, window, matched, inOrder)
	case walks:
		return c.walkOr(t, m, keys, field, extra, hint, window, matched)
	}
	// In the index's order: the label is too small beside the walk's bound for a walk in
	// vain to cost little beside matched, or beside the match from related nodes, which
	// may read more relationships than the label has nodes (fuzz seed 4288 at scale 10:
	// 128 of 249 countries walked, then the countries of 15,000 organizations'
	// relationships, each tested again: 1.7 times the library's time).
	return m.filtered(andOf(extra, hint))
}

// testedBeforeSort is filtered(extra) for a root list or page whose order no index
// gives, with its subqueries' tests run before the caller's sort. filtered writes the
// tests without a subquery first and the others in a CALL, and Neo4j sorted every node
// that passed the former and ran the CALL lazily above the sort, until the window was
// full: where few nodes pass, it sorted them all and tested them all in the sort's
// order, which reads the store out of order (fuzz seed 4216 at scale 10: 25,000
// projects by status, none passing a `single`, 127 ms; tested first, as the library's
// statement does, 35 ms; the library 55 ms through its server). Where most pass,
// testing first costs more (all 25,000 tested for a `none` every project passes: 70 ms
// against 54), never more than the library's statement, which tests first too.
func (c *cypherBuilder) testedBeforeSort(m rootMatched, extra expr) stmt {
	plain, sub := splitSubqueries(andOf(m.where, extra))
	if len(sub) == 0 || len(plain) == 0 {
		// One WHERE, whose order Neo4j chooses as for the library's statement (fuzz seed
		// 4289: measurements by value, each tested by a `none` most pass).
		return m.filtered(extra)
	}
	// The CALL returns n under another name, so that the sort of that name stays above it.
	kept := c.variable("kept")
	s := stmt{m.match}
	s.where(andOf(plain...))
	s.call("*", stmt{"WITH * WHERE " + renderExpr(andOf(sub...)), "RETURN n AS " + kept})
	s.add("WITH " + kept + " AS n")
	return s
}

// walkOr is the rows n of a root list or page whose first window, in the order of keys,
// the first hubScan(window) entries of field's index decide, as they are read and
// tested; else those of otherwise, a subquery returning n that passes where and extra
// unsorted: from the related nodes (reachFrom), or every node of the label tested and
// kept in a top-k, as the library's statement reads them. In the index's order alone, a
// filter that few nodes pass read every node in that order, up to 2.4 times the time of
// the library's read of the same nodes (fuzz seed 1798 at scale 100, 793,717
// measurements in id order for none); after a walk in vain the statement costs that
// read and the walk's bound, about a quarter more (walkPays), and where most nodes
// pass, the walk stops at the window.
func (c *cypherBuilder) walkOr(t *NodeType, m rootMatched, keys []sortKey, field string, extra, hint expr, window int, otherwise stmt) stmt {
	found, decided := c.variable("found"), c.variable("decided")
	bound, need := c.param(hubScan(window)), c.param(window)
	key, dir := keys[0].expr, ""
	if keys[0].desc {
		dir = " DESC"
	}
	// The first window nodes that pass, in the index's order, among its first bound
	// entries: the filter runs on the entries as they are read and stops at the window.
	walk := stmt{m.match}
	walk.where(andOf(extra, hint))
	walk.add("WITH n ORDER BY "+key+dir+" LIMIT "+bound, "WITH n")
	walk.where(m.where)
	walk.add("WITH n LIMIT "+need, "RETURN collect(n) AS "+found)
	var s stmt
	s.call("", walk)
	// The walk decides the window when it found window nodes, or when it read the whole
	// label.
	s.add("WITH " + found + ", size(" + found + ") >= " + need + " OR COUNT { (:" + quoteName(t.Labels[0]) + ") } <= " + bound + " AS " + decided)
	rows := stmt{"WITH " + found + ", " + decided + " WHERE " + decided, "UNWIND " + found + " AS n", "RETURN n", "UNION ALL"}
	if field != "id" {
		// Nodes tied with the last one found on the first key may sort before it on the
		// others: they join the rows, and the caller's sort keeps the window.
		rows.add("WITH "+found+", "+decided+" WHERE "+decided+" AND size("+found+") >= "+need, m.match)
		rows.where(andOf(extra, notOf(cmpExpr{left: "n", op: "IN", right: found}),
			cmpExpr{left: key, op: "=", right: propRef("last("+found+")", field)}, m.where))
		rows.add("RETURN n", "UNION ALL")
	}
	// In a CALL, so that the test of decided runs before the other read: beside it, the
	// planner matched the pattern first (PROFILE: an index seek of 10,040 projects).
	rows.add("WITH " + decided + " WHERE NOT " + decided)
	rows.call("", otherwise)
	rows.add("RETURN n")
	s.call(found+", "+decided, rows)
	return s
}

// seeksFew reports whether where tests v's id or name for equality with a value or a list
// of them: those nodes are found in the id constraint's or the name's index, tested and
// sorted, with neither a walk in the sort's order (reach.go's, which read up to its bound
// first: fuzz seed 3892 at scale 10, three organizations by name, 8,219 db hits, 20
// without; hub.go's below a parent) nor the hint of the sort's index, by which the planner
// read 3,000 projects in name order to find four ids that a related node's test followed
// (reach_test.go).
func seeksFew(where expr, v string) bool {
	for _, x := range conjuncts(where) {
		if x, ok := x.(cmpExpr); ok && (x.op == "=" || x.op == "IN") && (x.left == propRef(v, "id") || x.left == propRef(v, "name")) {
			return true
		}
	}
	return false
}
