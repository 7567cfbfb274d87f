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

// seekFrom is the rows n of a root list or page that pass its filter and extra,
// unsorted, of which the caller keeps the first window in the order of keys: the nodes
// that equality's index holds where they are fewer than hubScan(window), else the first
// window in the sort's index order, as rootRows reads them without this choice.
func (c *cypherBuilder) seekFrom(m rootMatched, equality expr, keys []sortKey, extra, hint expr, window int) stmt {
	few := c.variable("few")
	bound, need := c.param(hubScan(window)), c.param(window)
	count := stmt{m.match}
	count.where(equality)
	count.add("WITH n LIMIT "+bound, "RETURN count(n) AS "+few)
	var s stmt
	s.call("", count)
	seek := append(m.filtered(extra), "RETURN n")
	inOrder := append(m.filtered(andOf(extra, hint)), "WITH n ORDER BY "+orderBy(keys)+" LIMIT "+need, "RETURN n")
	// Each read in a CALL after its test, as in rootRows: beside it, the planner read the
	// index and tested few on every entry.
	branches := stmt{"WITH " + few + " WHERE " + few + " < " + bound}
	branches.call("", seek)
	branches.add("RETURN n", "UNION ALL", "WITH "+few+" WHERE "+few+" >= "+bound)
	branches.call("", inOrder)
	branches.add("RETURN n")
	s.call(few, branches)
	return s
}

// indexedEquality is where's first equality (or `in`) on a property of n that an index
// of t's label holds (migrate.go's enum and date indexes), other than id, name and field,
// the sort's; nil when it has none, or when where has a test an index of id, name or
// field answers:
// Neo4j estimates those from their indexes and seeks them, or reads only the range of
// the sort's index the test allows (bench 03_list_filtered, a name's prefix).
func indexedEquality(t *NodeType, where expr, field string) expr {
	seeked := func(ref string) bool {
		return ref == propRef("n", "id") || ref == propRef("n", "name") || ref == propRef("n", field)
	}
	var equality expr
	for _, x := range conjuncts(where) {
		switch x := x.(type) {
		case prefixExpr:
			if seeked(x.ref) {
				return nil
			}
		case cmpExpr:
			if seeked(x.left) && slices.Contains([]string{"=", "IN", "<", "<=", ">", ">="}, x.op) {
				return nil
			}
			if equality == nil && (x.op == "=" || x.op == "IN") && indexedRef(t, x.left) {
				equality = x
			}
		}
	}
	return equality
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
