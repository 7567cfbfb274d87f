package store

import "slices"

// This file compiles a sorted, limited list field for the parents with many related
// nodes ("hubs"). Expanding all of a hub's relationships and sorting their nodes costs in
// proportion to its degree; walking the target label's index in the sort's order and
// keeping the nodes related to the parent stops after about limit × count(label) ÷
// degree index entries. Which costs less depends on the parent, so the statement decides
// per parent from two counts, its degree (Neo4j's, one read) and the label's size
// (labelSize), before either branch runs. PROFILE at scale 10, China's first 10 of 881 agreements by name:
// 1,800 database hits expanding, 281 through the index.

// labelSize is the number of nodes of t's label in the statement: a parameter the store
// fills from its statistics at each read when it has them (the size is read once per
// statement, not once per parent: PROFILE shows the count store's read as an Apply per
// parent row, 4-5 % of the Neo4j CPU of a list below 50 parents), else counted by Neo4j.
// A stale size can only choose the slower branch; both answer the same.
func (c *cypherBuilder) labelSize(t *NodeType) string {
	if !c.sized {
		return "COUNT { (:" + quoteName(t.Labels[0]) + ") }"
	}
	if !slices.Contains(c.sizes, t.Name) {
		c.sizes = append(c.sizes, t.Name)
	}
	return "$" + sizeParam(t.Name)
}

// sizeParam names the parameter of the size of a node type; type names are GraphQL
// names, so the parameter's is an identifier, and cannot collide with the p0, p1, …
// of cypherBuilder.param.
func sizeParam(typeName string) string { return "size_" + typeName }

// unknownSize is the size sent for a node type the statistics lack: large enough that
// the index is never walked, small enough that $p * size cannot overflow (p is at most
// 2 × (MaxOffset + MaxPageSize) < 2^33).
const unknownSize = 1 << 29

// compiled returns the statement of in and its parameters, the sizes of node types it
// reads among them (labelSize).
func (s *Store) compiled(in *compileInput) (compiled, map[string]any, error) {
	snap := s.stats.snap.Load()
	in.sized, in.stats = snap != nil, snap
	out, params, err := s.compileCache().get(in)
	if err != nil || len(out.sizes) == 0 {
		return out, params, err
	}
	for _, name := range out.sizes {
		n, ok := snap.Nodes(name)
		if !ok {
			n = unknownSize
		}
		params[sizeParam(name)] = n
	}
	return out, params, nil
}

// hubIndexed reports whether the first key of an explicit sort is a property the label's
// index orders (see migrate.go: ids, names, enums, partial dates) and that every node
// has, so that the index holds every related node. An unsorted list is left alone: the
// test of the parent costs two database hits, a good part of a small lookup's.
func hubIndexed(t *NodeType, sort []map[string]any) (string, bool) {
	if len(sort) == 0 {
		return "", false
	}
	fields := entryFields(sort[0], propertyNames(t.Properties))
	if len(fields) == 0 {
		return "", false
	}
	field := fields[0]
	p, ok := t.Property(field)
	if !ok || p.List || !p.Required {
		return "", false
	}
	return field, field == "id" || indexedProperty(p)
}

// hubList is the body of a list field without a where or asOf whose first sort key is
// indexed: the rows of its page, sorted and windowed, one n per row, by whichever plan
// costs less for this parent.
func (c *cypherBuilder) hubList(at fetchSite, field string, keys []sortKey, skip, limit int) stmt {
	label := quoteName(at.target.Labels[0])
	degree := hubDegree(at)
	// Walking the index reads about (skip + limit) × size ÷ degree entries at ~6 hits
	// each (the entry, the relationship test); expanding, ~5 hits a relationship.
	h := c.variable("h")
	window := []string{"SKIP " + c.param(skip) + " LIMIT " + c.param(limit), "RETURN " + at.n}
	expand := stmt{"WITH " + at.v + " WHERE NOT " + h, at.match("")}
	expand.add("WITH DISTINCT " + at.n + " ORDER BY " + orderBy(keys))
	expand.add(window...)
	related := at.related()
	// A CALL, so that the test of the parent runs before the index is read.
	var walk stmt
	walk.add("MATCH ("+at.n+":"+label+")", "WHERE "+propRef(at.n, field)+" IS NOT NULL AND "+renderExpr(related))
	walk.add("WITH " + at.n + " ORDER BY " + orderBy(keys))
	walk.add(window...)
	index := stmt{"WITH " + at.v + " WHERE " + h}
	index.call(at.v, walk)
	index.add("RETURN " + at.n)
	body := append(expand, "UNION ALL")
	body = append(body, index...)
	s := stmt{"WITH " + at.v + ", " + degree + " ^ 2 > " + c.param(2*(skip+limit)) + " * " + c.labelSize(at.target) + " AS " + h}
	s.call(at.v+", "+h, body)
	return s
}

// A filtered list cannot know from the degree how many of a hub's nodes pass its
// filter, so its walk is bounded: it reads the first hubScan(skip + limit) entries of
// the index and keeps those related to the parent and passing the filter, and when
// they do not decide the window (too few of them before the last entry read) the
// parent's relationships are expanded after all. An entry read costs about what a
// relationship expanded does (the entry, the relationship test, the filter), so the walk
// is tried only where the parent's degree is at least hubScanDegree times its bound: a
// walk in vain then adds at most a quarter to the expansion (the smoke run at scale 1,
// with the walk tried from a degree equal to its bound, had bench query 19 at 1.15× the
// library), and where, were every node to pass the filter, the window would be expected
// within half the bound. PROFILE at scale 100, a partnership's members' first 5 mining projects
// by name (China 40,748 projects, 16,222 of them mining): 247,129 db hits expanding,
// 32,053 walking where it pays.
const (
	hubScanPerRow = 64   // index entries read per row of the window
	hubScanMax    = 4096 // at most, whatever the window
	hubScanDegree = 4    // the least degree of a parent that walks, in bounds
)

func hubScan(rows int) int { return min(hubScanPerRow*rows, hubScanMax) }

// hubFilteredList is the body of a list field with a where (without asOf) whose first
// sort key is indexed, one n per row: the window of the walk where it decides it,
// else of expand (the clauses that expand, filter and window in the scope of at.v).
func (c *cypherBuilder) hubFilteredList(at fetchSite, field string, keys []sortKey, skip, limit int, where expr, expand stmt) stmt {
	scanned, found, d, h := c.variable("s"), c.variable("found"), c.variable("d"), c.variable("h")
	bound := c.param(hubScan(skip + limit))
	key, dir, before := keys[0].expr, "", " < "
	if keys[0].desc {
		dir, before = " DESC", " > "
	}
	var scan stmt
	scan.add("MATCH ("+at.n+":"+quoteName(at.target.Labels[0])+") WHERE "+key+" IS NOT NULL",
		"WITH "+at.n+" ORDER BY "+key+dir+" LIMIT "+bound, "RETURN collect("+at.n+") AS "+scanned)
	related := at.related()
	// The window is decided when the label was read to its end, or when skip + limit of
	// the nodes kept sort strictly before the last entry read: every node before it was read.
	decided := "size(" + scanned + ") < " + bound + " OR size([" + at.n + " IN " + found + " WHERE " + key + before +
		propRef("last("+scanned+")", field) + "]) >= " + c.param(skip+limit)
	walk := stmt{"WITH " + at.v + " WHERE " + h}
	walk.call(at.v, scan)
	walk.add("WITH "+scanned+", ["+at.n+" IN "+scanned+" WHERE "+renderExpr(andOf(related, where))+"] AS "+found,
		"RETURN CASE WHEN "+decided+" THEN "+found+" END AS "+found,
		"UNION ALL", "WITH "+at.v+" WHERE NOT "+h, "RETURN null AS "+found)
	window := stmt{"WITH " + at.v + " WHERE " + found + " IS NULL"}
	window.add(expand...)
	window.add("RETURN "+at.n, "UNION ALL", "WITH "+found+" WHERE "+found+" IS NOT NULL", "UNWIND "+found+" AS "+at.n,
		"WITH "+at.n+" ORDER BY "+orderBy(keys), "SKIP "+c.param(skip)+" LIMIT "+c.param(limit), "RETURN "+at.n)
	s := stmt{"WITH " + at.v + ", " + hubDegree(at) + " AS " + d,
		"WITH " + at.v + ", " + d + " >= " + c.param(hubScanDegree*hubScan(skip+limit)) + " AND " + d + " * " + bound + " >= " + c.param(2*(skip+limit)) + " * " + c.labelSize(at.target) + " AS " + h}
	s.call(at.v+", "+h, walk)
	s.call(at.v+", "+found, window)
	return s
}

// related tests that n is related to the parent v through the field.
func (at fetchSite) related() expr {
	return existsOf(relPattern(patNode{v: at.v}, "", at.rel, patNode{v: at.n}), exprTrue, false)
}

// hubDegree is the number of the parent's relationships of the field, whatever their
// other end: Neo4j reads it from the node's degree without expanding them.
func hubDegree(at fetchSite) string {
	return "COUNT { " + renderPattern(pattern{from: patNode{v: at.v}, relType: at.rel.Type, dir: at.rel.Direction}) + " }"
}
