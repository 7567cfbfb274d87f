package store

import "slices"

// This file compiles a root list or page sorted by an index whose where holds an
// equality (or `in`) on an enum or date property, and no related node's test. Neo4j
// prices such an equality at one in the values its index holds and, given the sort's
// index (rootMatched.indexOrder), reads that index in order and tests each node: past a
// filter few nodes pass, every node of the label (seed 1290 at scale 100: 30,000
// agreements read in id order for an evidence level none has, 60,001 db hits, 2.5 times
// the library's time, whose statement seeks the evidence index). The statement counts
// the equality's index entries first, up to a bound, and reads through that index when
// they are fewer: at most the bound's index entries more than before, where it is not.
// Where they are more, the sort's index is walked (reach.go's walkOr) before the
// equality's nodes are read and sorted.

// seekFrom is the rows n of a root list or page that pass its filter and extra,
// unsorted, of which the caller keeps the first window in the order of keys: matched
// (those nodes, read as the planner chooses: from the equality's index where it is
// selective) where the equality's index entries are fewer than hubScan(window), else
// common (the sort's index in order, or its walk: rootRows).
func (c *cypherBuilder) seekFrom(m rootMatched, equality expr, window int, matched, common stmt) stmt {
	few := c.variable("few")
	bound := c.param(hubScan(window))
	count := stmt{m.match}
	count.where(equality)
	count.add("WITH n LIMIT "+bound, "RETURN count(n) AS "+few)
	var s stmt
	s.call("", count)
	// Each read in a CALL after its test, as in rootRows: beside it, the planner read the
	// index and tested few on every entry.
	branches := stmt{"WITH " + few + " WHERE " + few + " < " + bound}
	branches.call("", matched)
	branches.add("RETURN n", "UNION ALL", "WITH "+few+" WHERE "+few+" >= "+bound)
	branches.call("", common)
	branches.add("RETURN n")
	s.call(few, branches)
	return s
}

// indexedEquality is where's first equality (or `in`) on a property of n that an index
// of t's label holds (migrate.go's enum and date indexes); nil when it has none. rootRows
// asks only where seeksIndex is false, so it is not on id, name or the sort's property.
func indexedEquality(t *NodeType, where expr) expr {
	for _, x := range conjuncts(where) {
		if x, ok := x.(cmpExpr); ok && (x.op == "=" || x.op == "IN") && indexedRef(t, x.left) {
			return x
		}
	}
	return nil
}

// seeksIndex reports whether where has a test that an index of id, name or field, the
// sort's, answers: Neo4j estimates those from their indexes and seeks them, or reads only
// the range of the sort's index the test allows (bench 03_list_filtered, a name's prefix).
func seeksIndex(where expr, field string) bool {
	seeked := func(ref string) bool {
		return ref == propRef("n", "id") || ref == propRef("n", "name") || ref == propRef("n", field)
	}
	for _, x := range conjuncts(where) {
		switch x := x.(type) {
		case prefixExpr:
			if seeked(x.ref) {
				return true
			}
		case cmpExpr:
			if seeked(x.left) && slices.Contains([]string{"=", "IN", "<", "<=", ">", ">="}, x.op) {
				return true
			}
		}
	}
	return false
}

// indexedRef reports whether ref is n's property of t that migrate.go indexes.
func indexedRef(t *NodeType, ref string) bool {
	for _, p := range t.Properties {
		if ref == propRef("n", p.Name) {
			return indexedProperty(p)
		}
	}
	return false
}
