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
	skip     bool   // left out: invalid arguments
	col      string // the map entry (or column) holding the rows
	target   string
	page     *pageQuery // nil for a list
	after    bool
	children []fetchPlan
}

// RelatedTree reads fetches below each node of typeName with these ids. One round trip.
func (s *Store) RelatedTree(ctx context.Context, typeName string, ids []string, fetches []Fetch) ([]Fetched, error) {
	t, err := lookupType(typeName)
	if err != nil {
		return nil, err
	}
	c := newCypherBuilder()
	calls, entries, plans := c.fetchCalls(t, "p", fetches, "")
	return s.readTree(ctx, c, t, ids, calls, entries, plans)
}

// relatedOne is RelatedTree for one field without children, which reports invalid
// arguments instead of leaving the field out: the read behind RelatedList and RelatedPage.
func (s *Store) relatedOne(ctx context.Context, typeName string, ids []string, f Fetch) (Fetched, error) {
	t, err := lookupType(typeName)
	if err != nil {
		return Fetched{}, err
	}
	c := newCypherBuilder()
	call, entries, plan, err := c.fetchCall(t, "p", f, "")
	if err != nil {
		return Fetched{}, err
	}
	out, err := s.readTree(ctx, c, t, ids, call, entries, []fetchPlan{plan})
	if err != nil {
		return Fetched{}, err
	}
	return out[0], nil
}

// readTree runs the compiled calls below each node of t with these ids and files what
// they read. An unknown id gets empty answers (the OPTIONAL MATCH).
func (s *Store) readTree(ctx context.Context, c *cypherBuilder, t *NodeType, ids []string, calls string, entries []string, plans []fetchPlan) ([]Fetched, error) {
	out := newFetched(plans)
	ids = distinctIDs(ids)
	if len(entries) == 0 || len(ids) == 0 {
		return out, nil
	}
	c.params["ids"] = ids
	q := "UNWIND $ids AS id\nOPTIONAL MATCH (p:" + quoteName(t.Labels[0]) + " {id: id})\n" + calls +
		"RETURN id, " + mapOf(entries) + " AS c"
	res, err := s.read(ctx, q, c.params)
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

// fetchCalls compiles fetches below the node bound to v into CALL subqueries, and the
// map entries that carry their answers up to the enclosing row. A fetch whose arguments
// do not compile is left out (plan.skip), so one bad field cannot cost the others.
func (c *cypherBuilder) fetchCalls(t *NodeType, v string, fetches []Fetch, indent string) (string, []string, []fetchPlan) {
	var b strings.Builder
	var entries []string
	plans := make([]fetchPlan, len(fetches))
	for i, f := range fetches {
		call, entry, plan, err := c.fetchCall(t, v, f, indent)
		if err != nil {
			plans[i] = fetchPlan{skip: true}
			continue
		}
		b.WriteString(call)
		entries = append(entries, entry...)
		plans[i] = plan
	}
	return b.String(), entries, plans
}

func (c *cypherBuilder) fetchCall(t *NodeType, v string, f Fetch, indent string) (string, []string, fetchPlan, error) {
	_, rel, target, err := lookupRelation(t.Name, f.Field)
	if err != nil {
		return "", nil, fetchPlan{}, err
	}
	n, col, in := c.variable("n"), c.variable("f"), indent+"  "
	plan := fetchPlan{col: col, target: target.Name}
	var b strings.Builder
	if f.Page == nil {
		a := ListArgs{}
		if f.List != nil {
			a = *f.List
		}
		skip, limit, err := listWindow(a)
		if err != nil {
			return "", nil, plan, err
		}
		where, err := c.nodeWhere(target, n, a.Where, "where", 1)
		if err != nil {
			return "", nil, plan, err
		}
		keys, err := nodeSort(target, n, a.Sort, "sort")
		if err != nil {
			return "", nil, plan, err
		}
		r := ""
		if a.AsOf != nil {
			r = c.variable("r")
		}
		valid, err := c.asOf(r, a.AsOf, edgeLookup(rel.Properties), t.Name+"."+rel.Field)
		if err != nil {
			return "", nil, plan, err
		}
		where = andAll([]string{where, valid})
		calls, entries, children := c.fetchCalls(target, n, f.Children, in)
		plan.children = children
		b.WriteString(indent + "CALL (" + v + ") {\n" +
			in + "MATCH " + relPattern(v, r, rel, n, target) + "\n" + whereLine(where, in) +
			in + "WITH DISTINCT " + n + " ORDER BY " + orderBy(keys) + "\n" +
			in + "SKIP " + c.param(skip) + " LIMIT " + c.param(limit) + "\n" + calls +
			in + "RETURN collect(" + mapOf(append([]string{"props: " + projection(target, n, f.Props)}, entries...)) + ") AS " + col + "\n" +
			indent + "}\n")
		return b.String(), []string{col + ": " + col}, plan, nil
	}
	a := *f.Page
	first, err := pageSize(a.First)
	if err != nil {
		return "", nil, plan, err
	}
	r := c.variable("r")
	where, err := c.connectionWhere(rel, n, r, a.Where, "where", 1)
	if err != nil {
		return "", nil, plan, err
	}
	valid, err := c.asOf(r, a.AsOf, edgeLookup(rel.Properties), t.Name+"."+rel.Field)
	if err != nil {
		return "", nil, plan, err
	}
	where = andAll([]string{where, valid})
	var nodeAggregates, edgeAggregates string
	if f.WithTotal && a.Aggregate != nil {
		if len(a.Aggregate.Node) > 0 {
			if nodeAggregates, err = aggregateMap(n, a.Aggregate.Node, nodeLookup(target), "aggregate.node"); err != nil {
				return "", nil, plan, err
			}
		}
		if len(a.Aggregate.Edge) > 0 {
			if edgeAggregates, err = aggregateMap(r, a.Aggregate.Edge, edgeLookup(rel.Properties), "aggregate.edge"); err != nil {
				return "", nil, plan, err
			}
		}
	}
	keys, err := connectionSort(rel, n, r, a.Sort, "sort")
	if err != nil {
		return "", nil, plan, err
	}
	pq := &pageQuery{keys: keys, sig: signature(t.Name+"."+rel.Field, keys), first: first, target: target.Name, edges: true, withTotal: f.WithTotal}
	after, err := pq.after(c, a.After)
	if err != nil {
		return "", nil, plan, err
	}
	plan.page, plan.after = pq, a.After != nil
	calls, entries, children := c.fetchCalls(target, n, f.Children, in)
	plan.children = children
	match := in + "MATCH " + relPattern(v, r, rel, n, target) + "\n"
	row := append([]string{"node: " + projection(target, n, f.Props), "edge: properties(" + r + ")", "keys: " + keyList(keys)}, entries...)
	b.WriteString(indent + "CALL (" + v + ") {\n" + match + whereLine(andAll([]string{where, after}), in) +
		in + "WITH " + n + ", " + r + " ORDER BY " + orderBy(keys) + "\n" +
		in + "LIMIT " + c.param(first+1) + "\n" + calls +
		in + "RETURN collect(" + mapOf(row) + ") AS " + col + "\n" +
		indent + "}\n")
	out := []string{col + ": " + col}
	if f.WithTotal {
		b.WriteString(indent + "CALL (" + v + ") {\n" + match + whereLine(where, in) +
			in + "RETURN count(" + r + ") AS " + col + "t, count(DISTINCT " + n + ") AS " + col + "n")
		out = append(out, col+"t: "+col+"t", col+"n: "+col+"n")
		if edgeAggregates != "" {
			b.WriteString(", " + edgeAggregates + " AS " + col + "e")
			out = append(out, col+"e: "+col+"e")
		}
		b.WriteString("\n" + indent + "}\n")
		if nodeAggregates != "" { // each node counted once, however many relationships reach it
			b.WriteString(indent + "CALL (" + v + ") {\n" + match + whereLine(where, in) +
				in + "WITH DISTINCT " + n + "\n" +
				in + "RETURN " + nodeAggregates + " AS " + col + "a\n" +
				indent + "}\n")
			out = append(out, col+"a: "+col+"a")
		}
	}
	return b.String(), out, plan, nil
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
