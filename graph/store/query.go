package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// This file is the read API behind lists and connections with arguments: root lists and
// connections, and relationship fields batched over their parents. Each call is one
// Cypher round trip (the total count, when asked for, runs in the same query). Every
// query filters and pages the matched nodes first — ORDER BY, then SKIP/LIMIT or the
// keyset predicate — and projects properties only of the rows kept; per-parent pages
// are cut inside a CALL subquery per parent, never by collecting a whole edge list.

// MaxPageSize bounds `limit` and `first`; it is also the `limit` of a list without one.
const MaxPageSize = 1000

// MaxOffset bounds `offset`: far beyond any graph this store holds, and far enough from
// the 64-bit limit that Neo4j's arithmetic on SKIP and LIMIT cannot overflow.
const MaxOffset = 1<<31 - 1

// DefaultPageSize is the `first` of a connection without one.
const DefaultPageSize = 20

// ListArgs are the arguments of a list: a `<Type>Where`, a `[<Type>Sort!]`, and an
// offset window (limit absent: MaxPageSize; offset absent: 0).
type ListArgs struct {
	Where         map[string]any
	Sort          []map[string]any
	Limit, Offset *int
	AsOf          *string // the validity rule, on the nodes (root lists) or the relationships
}

// PageArgs are the arguments of a connection: a where (a `<Type>Where` for a root
// connection, a connection where `{node, edge, AND, OR, NOT}` for a relationship), a
// sort (`[<Type>Sort!]`, or `[{node: …} | {edge: …}]`), and a keyset window (first
// absent: DefaultPageSize).
type PageArgs struct {
	Where     map[string]any
	Sort      []map[string]any
	First     *int
	After     *string
	AsOf      *string             // the validity rule, on the nodes (root) or the relationships
	Aggregate *AggregateSelection // property aggregates to read with the total
	// NoCursors leaves the cursors of the edges and of the page empty: the selection
	// asks for none (each is JSON and an HMAC, a few percent of a request's CPU).
	NoCursors bool
	// NoNodeCount leaves a relationship connection's Page.NodeCount zero: the selection
	// does not ask for aggregate.count.nodes, and counting distinct nodes costs Neo4j a
	// set of every matched node (TotalCount, the relationships, is a plain count).
	NoNodeCount bool
	// NoRows reads no page: the selection asks for neither edges nor pageInfo, only
	// totalCount or aggregate, so nothing is sorted or collected (a root count without a
	// filter is then Neo4j's count store's).
	NoRows bool
}

// Edge is one row of a connection; Props are the relationship's properties
// (`properties(r)`), nil in root connections.
type Edge struct {
	Cursor string
	Node   Node
	Props  map[string]any
}

// Page is one page of a connection. HasPreviousPage is true when the page was asked for
// after a cursor (forward pagination only; the Relay spec allows this answer).
// TotalCount counts every row (relationship, in relationship connections) the where
// matches and NodeCount the distinct nodes among them, only when asked for (NodeCount
// not with PageArgs.NoNodeCount); Aggregate
// holds the property aggregates asked for, as {node: {prop: {min, …}}, edge: {…}}.
type Page struct {
	Edges                        []Edge
	HasNextPage, HasPreviousPage bool
	StartCursor, EndCursor       *string
	TotalCount, NodeCount        int
	Aggregate                    map[string]any
}

// List returns the nodes of typeName that match a.Where, sorted and windowed.
func (s *Store) List(ctx context.Context, typeName string, a ListArgs) ([]Node, error) {
	nodes, _, err := s.ListTree(ctx, typeName, a, nil, nil)
	return nodes, err
}

// ListTree is List that reads only the properties props of the nodes (nil: all) and
// also reads fetches below them, in the same statement.
func (s *Store) ListTree(ctx context.Context, typeName string, a ListArgs, props []string, fetches []Fetch) ([]Node, []Fetched, error) {
	out, params, err := s.compiled(&compileInput{kind: inputList, typeName: typeName, list: a, props: props, fetches: fetches})
	if err != nil {
		return nil, nil, err
	}
	plans := out.plans
	res, err := s.read(ctx, out.text, params)
	if err != nil {
		return nil, nil, err
	}
	nodes := make([]Node, 0, len(res.Records))
	fetched := newFetched(plans)
	for _, rec := range res.Records {
		props, _, err := neo4j.GetRecordValue[map[string]any](rec, "props")
		if err != nil {
			return nil, nil, translate(err)
		}
		n := Node{Type: typeName, Props: props}
		nodes = append(nodes, n)
		if c, ok := rec.Get("c"); ok {
			m, _ := c.(map[string]any)
			if err := readFetched(plans, fetched, n.ID(), m); err != nil {
				return nil, nil, err
			}
		}
	}
	return nodes, fetched, nil
}

// Page returns one page of the connection over the nodes of typeName that match a.Where.
func (s *Store) Page(ctx context.Context, typeName string, a PageArgs, withTotal bool) (Page, error) {
	p, _, err := s.PageTree(ctx, typeName, a, withTotal, nil, nil)
	return p, err
}

// PageTree is Page that reads only the properties props of the nodes (nil: all) and also
// reads fetches below them, in the same statement.
func (s *Store) PageTree(ctx context.Context, typeName string, a PageArgs, withTotal bool, props []string, fetches []Fetch) (Page, []Fetched, error) {
	out, params, err := s.compiled(&compileInput{kind: inputPage, typeName: typeName, page: a, withTotal: withTotal, props: props, fetches: fetches})
	if err != nil {
		return Page{}, nil, err
	}
	pq, plans := *out.page, out.plans
	pq.text, pq.params = out.text, params
	res, err := s.read(ctx, pq.text, pq.params)
	if err != nil {
		return Page{}, nil, err
	}
	if len(res.Records) != 1 {
		return Page{}, nil, &apperr.Error{Code: apperr.Internal, Message: "internal error", Cause: fmt.Errorf("page query returned %d records", len(res.Records))}
	}
	p, kept, err := pq.read(res.Records[0], a.After != nil)
	if err != nil {
		return Page{}, nil, err
	}
	fetched := newFetched(plans)
	for i, row := range kept {
		if err := readFetched(plans, fetched, p.Edges[i].Node.ID(), row); err != nil {
			return Page{}, nil, err
		}
	}
	return p, fetched, nil
}

// RelatedList returns, for each parent id, the distinct nodes reached through the
// relationship field `field` of typeName that match a.Where, sorted and windowed per
// parent. Every parent id gets an entry (empty when nothing matches). One round trip.
func (s *Store) RelatedList(ctx context.Context, typeName, field string, parentIDs []string, a ListArgs) (map[string][]Node, error) {
	f, err := s.relatedOne(ctx, typeName, parentIDs, Fetch{Field: field, List: &a})
	return f.Lists, err
}

// RelatedPage returns, for each parent id, one page of the connection over the
// relationships of field `field` of typeName (one edge per relationship) that match the
// connection where a.Where. Every parent id gets an entry. One round trip.
func (s *Store) RelatedPage(ctx context.Context, typeName, field string, parentIDs []string, a PageArgs, withTotal bool) (map[string]Page, error) {
	f, err := s.relatedOne(ctx, typeName, parentIDs, Fetch{Field: field, Page: &a, WithTotal: withTotal})
	return f.Pages, err
}

// pageQuery is a compiled connection query and what it takes to read its answer (text
// and params: root connections only; relationship connections are CALL subqueries).
type pageQuery struct {
	text       string
	params     map[string]any
	keys       []sortKey
	sig        string
	first      int
	target     string
	edges      bool // rows carry the relationship's properties
	withTotal  bool
	aggregates bool // the answer carries property aggregates
	noCursors  bool // PageArgs.NoCursors
}

// read reads the record of a root page query: its rows (first+1 at most) and total; it
// also returns the rows kept.
func (pq *pageQuery) read(rec *neo4j.Record, afterCursor bool) (Page, []map[string]any, error) {
	rows, _, err := neo4j.GetRecordValue[[]any](rec, "rows")
	if err != nil {
		return Page{}, nil, translate(err)
	}
	var total int64
	if pq.withTotal {
		if total, _, err = neo4j.GetRecordValue[int64](rec, "total"); err != nil {
			return Page{}, nil, translate(err)
		}
	}
	p, kept, err := pq.pageOf(rows, total, total, afterCursor)
	if err == nil && pq.aggregates {
		p.Aggregate, _ = rec.AsMap()["aggregate"].(map[string]any)
	}
	return p, kept, err
}

// pageOf builds a page from its rows (first+1 at most) and counts; it also returns the
// rows kept, which carry what was read below their nodes.
func (pq *pageQuery) pageOf(rows []any, total, nodes int64, afterCursor bool) (Page, []map[string]any, error) {
	p := Page{HasPreviousPage: afterCursor, Edges: []Edge{}}
	if len(rows) > pq.first {
		p.HasNextPage = true
		rows = rows[:pq.first]
	}
	kept := make([]map[string]any, 0, len(rows))
	for _, row := range rows {
		m, ok := row.(map[string]any)
		if !ok {
			return Page{}, nil, rowShape()
		}
		node, okNode := m["node"].(map[string]any)
		keys, okKeys := m["keys"].([]any)
		if !okNode || !okKeys {
			return Page{}, nil, rowShape()
		}
		e := Edge{Node: Node{Type: pq.target, Props: node}}
		if pq.edges {
			if e.Props, ok = m["edge"].(map[string]any); !ok {
				return Page{}, nil, rowShape()
			}
		}
		if !pq.noCursors {
			var err error
			if e.Cursor, err = encodeCursor(pq.sig, keys); err != nil {
				return Page{}, nil, err
			}
		}
		p.Edges = append(p.Edges, e)
		kept = append(kept, m)
	}
	if n := len(p.Edges); n > 0 && !pq.noCursors {
		p.StartCursor, p.EndCursor = &p.Edges[0].Cursor, &p.Edges[n-1].Cursor
	}
	if pq.withTotal {
		p.TotalCount, p.NodeCount = int(total), int(total)
		if pq.edges {
			p.NodeCount = int(nodes)
		}
	}
	return p, kept, nil
}

func lookupType(typeName string) (*NodeType, error) {
	t, ok := NodeTypes[typeName]
	if !ok {
		return nil, apperr.Errorf(apperr.BadUserInput, "unknown type %q", truncate(typeName))
	}
	return t, nil
}

// lookupRelation accepts the relationship field with or without its Connection suffix.
func lookupRelation(typeName, field string) (*NodeType, Relation, *NodeType, error) {
	t, err := lookupType(typeName)
	if err != nil {
		return nil, Relation{}, nil, err
	}
	rel, ok := t.Relation(field)
	if !ok {
		if f, cut := strings.CutSuffix(field, "Connection"); cut {
			rel, ok = t.Relation(f)
		}
	}
	if !ok {
		return nil, Relation{}, nil, apperr.Errorf(apperr.BadUserInput, "type %s has no relationship field %q", t.Name, truncate(field))
	}
	target, err := lookupType(rel.Target)
	if err != nil {
		return nil, Relation{}, nil, err
	}
	return t, rel, target, nil
}

func listWindow(a ListArgs) (skip, limit int, err error) {
	limit = MaxPageSize
	if a.Limit != nil {
		if *a.Limit < 0 || *a.Limit > MaxPageSize {
			return 0, 0, badInput("limit", "must be between 0 and %d, got %d", MaxPageSize, *a.Limit)
		}
		limit = *a.Limit
	}
	if a.Offset != nil {
		if *a.Offset < 0 || *a.Offset > MaxOffset {
			return 0, 0, badInput("offset", "must be between 0 and %d, got %d", MaxOffset, *a.Offset)
		}
		skip = *a.Offset
	}
	return skip, limit, nil
}

func pageSize(first *int) (int, error) {
	if first == nil {
		return DefaultPageSize, nil
	}
	if *first < 0 || *first > MaxPageSize {
		return 0, badInput("first", "must be between 0 and %d, got %d", MaxPageSize, *first)
	}
	return *first, nil
}

func distinctIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func rowShape() error {
	return &apperr.Error{Code: apperr.Internal, Message: "internal error", Cause: fmt.Errorf("unexpected row shape")}
}
