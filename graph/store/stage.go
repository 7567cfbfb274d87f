package store

import (
	"cmp"
	"slices"
)

// This file orders the relationship tests of a list (a root list's where its filter is
// written whole, rootMatched.filtered; a list or connection below its parents) by the
// relationships they read. Neo4j 5.26 orders the subquery predicates of one WHERE by its
// own estimates, whatever their order in the text, and may run first the one that reads
// the most: seed 1875 at scale 100, countries issuing a policy, tested by `none` over
// their measurements (about 9,000 ABOUT relationships a country, each one's sources read)
// and `some` over their partnerships (about 1,000 MEMBER_OF): the planner ran the former
// first, 4.87 M db hits and 1.7 s; in that order the latter rejects every country first,
// 3.13 M db hits, 0.24 s. Where the statistics say one test reads at least stageRatio
// times as many relationships as another, the cheaper runs first (stmt.where writes the
// dearer in a CALL after it, an order the planner keeps); otherwise the planner orders.

// stageRatio: a test is staged before another that reads at least this many times its
// relationships, so that where the first rejects nothing it adds at most a quarter to
// the second's reads (as walkPays and hubScanDegree bound a walk in vain).
const stageRatio = 4

// staged returns where, the filter of the nodes bound to v of type t, with its tests
// with subqueries in stages of the relationships they read (stagedExpr), or as it is
// without statistics, with fewer than two such tests or no test stageRatio times dearer
// than another.
func (c *cypherBuilder) staged(where expr, t *NodeType, v string) expr {
	if c.stats == nil {
		return where
	}
	plain, sub := splitSubqueries(where)
	if len(sub) < 2 {
		return where
	}
	type costed struct {
		test  expr
		reads float64
	}
	tests := make([]costed, len(sub))
	for i, x := range sub {
		reads, ok := c.stats.testReads(x, v, t.Name)
		if !ok {
			return where
		}
		tests[i] = costed{x, reads}
	}
	slices.SortStableFunc(tests, func(a, b costed) int { return cmp.Compare(a.reads, b.reads) })
	var stages stagedExpr
	var stage []expr
	least := tests[0].reads
	for _, x := range tests {
		if len(stage) > 0 && x.reads >= stageRatio*max(least, 1) {
			stages = append(stages, andOf(stage...))
			stage, least = nil, x.reads
		}
		stage = append(stage, x.test)
	}
	if len(stages) == 0 {
		return where
	}
	stages = append(stages, andOf(stage...))
	return andOf(append(plain, stages)...)
}

// testReads estimates the relationships test e of a node of label bound to v reads when
// it reads all it may: each pattern's relationships by the mean degrees of the
// statistics (meanDegree), at least one read per node it expands from, times the
// tests below it. false when a pattern starts from another variable or a mean is not
// known.
func (st *Stats) testReads(e expr, v, label string) (float64, bool) {
	sum := func(parts []expr) (float64, bool) {
		total := 0.0
		for _, x := range parts {
			r, ok := st.testReads(x, v, label)
			if !ok {
				return 0, false
			}
			total += r
		}
		return total, true
	}
	switch e := e.(type) {
	case constExpr, cmpExpr, prefixExpr:
		return 0, true
	case andExpr:
		return sum(e)
	case orExpr:
		return sum(e)
	case stagedExpr:
		return sum(e)
	case notExpr:
		return st.testReads(e.x, v, label)
	case existsExpr:
		return st.patternReads(e.pat, e.where, v, label)
	case countExpr:
		return st.patternReads(e.pat, e.where, v, label)
	}
	return 0, false
}

// patternReads is testReads of a subquery: the pattern p from v (of label), then its
// where at each node it reaches.
func (st *Stats) patternReads(p pattern, where expr, v, label string) (float64, bool) {
	if p.from.v != v {
		return 0, false
	}
	rows, reads := 1.0, 0.0
	last := &p
	for q := &p; q != nil; q = q.next {
		d, ok := st.meanDegree(q.relType, label, q.dir == OUT)
		if !ok {
			return 0, false
		}
		reads += rows * max(d, 1)
		rows *= d
		label, last = q.to.label, q
	}
	inner, ok := st.testReads(where, last.to.v, label)
	return reads + rows*inner, ok
}
