package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Exploration queries: full-text search, the neighbourhood of an entity and the shortest
// paths between two entities. Each is one Cypher round trip with bounded work; labels and
// relationship types come only from the generated metadata, values travel as parameters.

// Bounds of the exploration queries.
const (
	// SearchMaxText is the longest search text accepted, in characters.
	SearchMaxText = 200
	// SearchMaxFirst is the most search hits returned.
	SearchMaxFirst = 100
	// searchMaxTerms is the number of distinct words of the text that are searched for;
	// later words are ignored.
	searchMaxTerms = 16
	// searchCandidates is the number of full-text hits read per field before the kinds
	// filter and the exact-match re-ranking.
	searchCandidates = 1000
	// searchDescriptionWeight is the weight of a description match against a name or
	// alias match (1).
	searchDescriptionWeight = 0.25
	// searchDegreeWeight scales the prior for well-connected entities: a score is
	// multiplied by 1 + searchDegreeWeight·ln(1 + number of relationships), which
	// breaks near-ties in favour of the entities the graph says most about.
	searchDegreeWeight = 0.1

	// NeighborhoodMaxDepth is the deepest neighbourhood, in hops.
	NeighborhoodMaxDepth = 3
	// NeighborhoodMaxLimit is the most nodes a neighbourhood returns.
	NeighborhoodMaxLimit = 500
	// neighborhoodScan is the most relationships one hop of the breadth-first expansion,
	// and the final collection of edges, read; past it the subgraph is marked truncated.
	neighborhoodScan = 10000

	// PathsMaxHops is the longest path searched for.
	PathsMaxHops = 6
	// PathsMaxLimit is the most paths returned.
	PathsMaxLimit = 20
	// pathsScan is the most shortest paths read (then ordered) before the limit applies.
	pathsScan = 1000
)

// Neighborhood returns the entity id and the entities within depth (1..3) hops of it in
// either direction, through relationships of relationTypes (none = every type of the
// model), at most limit (1..500) nodes counting the entity itself, nearest first; and
// every relationship of those types among the returned nodes, ordered by id.
//
// The expansion is breadth-first, one CALL subquery per hop: each hop reads at most
// 10,000 relationships from the nodes the previous hop found, keeps the new nodes linked
// most often to it (then by id), at most limit of them, and skips the hop once limit is
// reached. Truncated is set when nodes were left out, or a hop or the edge collection
// reached its read bound. Variable-length patterns are avoided: they enumerate every
// path, which explodes on hubs. An unknown id is NOT_FOUND; bad arguments are
// BAD_USER_INPUT. One round trip.
func (s *Store) Neighborhood(ctx context.Context, id string, depth int, relationTypes []string, limit int, only Projection) (Subgraph, error) {
	if depth < 1 || depth > NeighborhoodMaxDepth {
		return Subgraph{}, apperr.Errorf(apperr.BadUserInput, "depth must be between 1 and %d, not %d", NeighborhoodMaxDepth, depth)
	}
	if limit < 1 || limit > NeighborhoodMaxLimit {
		return Subgraph{}, apperr.Errorf(apperr.BadUserInput, "limit must be between 1 and %d, not %d", NeighborhoodMaxLimit, limit)
	}
	types, err := exploreRelTypes(relationTypes)
	if err != nil {
		return Subgraph{}, err
	}
	res, err := s.read(ctx, neighborhoodQuery(depth, types, only), map[string]any{
		"id":    id,
		"limit": limit,
		"scan":  neighborhoodScan,
	})
	if err != nil {
		return Subgraph{}, err
	}
	if len(res.Records) == 0 {
		return Subgraph{}, apperr.Errorf(apperr.NotFound, "no entity has id %q", id)
	}
	rec := res.Records[0]
	rawNodes, _, err := neo4j.GetRecordValue[[]any](rec, "nodes")
	if err != nil {
		return Subgraph{}, translate(err)
	}
	rawEdges, _, err := neo4j.GetRecordValue[[]any](rec, "edges")
	if err != nil {
		return Subgraph{}, translate(err)
	}
	truncated, _, err := neo4j.GetRecordValue[bool](rec, "truncated")
	if err != nil {
		return Subgraph{}, translate(err)
	}
	sub := Subgraph{Truncated: truncated}
	if sub.Nodes, err = exploreNodes(rawNodes); err != nil {
		return Subgraph{}, err
	}
	if sub.Edges, err = exploreEdges(rawEdges); err != nil {
		return Subgraph{}, err
	}
	return sub, nil
}

// neighborhoodQuery is the Cypher of Neighborhood for depth hops over the relationship
// type pattern types (e.g. ":`A`|`B`"). Hop k reads the relationships of the nodes hop
// k-1 found (hop 0 is the start), at most $scan of them, drops nodes already found,
// and keeps at most $limit new nodes, those with the most relationships to the previous
// hop first. Keeping $limit others (one more than fits beside the start) tells whether
// the result is truncated. Rows are counted and filtered in one aggregation (collect
// drops the nulls of the CASE): collecting every row, unwinding it and filtering after
// cost Neo4j about a tenth more CPU.
func neighborhoodQuery(depth int, types string, only Projection) string {
	var b strings.Builder
	b.WriteString("MATCH (start:Entity {id: $id})\nWITH start, [start] AS found, [start] AS frontier, false AS cut\n")
	for hop := 1; hop <= depth; hop++ {
		fmt.Fprintf(&b, `CALL (found, frontier) {
  UNWIND CASE WHEN size(found) > $limit THEN [] ELSE frontier END AS x
  MATCH (x)-[%s]-(m:Entity)
  WITH m LIMIT $scan
  WITH collect(CASE WHEN NOT m IN found THEN m END) AS kept, count(*) AS scanned
  UNWIND kept AS m
  WITH scanned, m, count(*) AS links
  ORDER BY links DESC, m.id
  LIMIT $limit
  RETURN collect(m) AS next, coalesce(max(scanned), 0) >= $scan AS full
}
WITH start, found + next AS found, next AS frontier, cut OR full AS cut
`, types)
	}
	fmt.Fprintf(&b, `WITH start, found[0..$limit] AS nodes, size(found) > $limit OR cut AS cut
CALL (nodes) {
  UNWIND nodes AS a
  MATCH (a)-[r%s]->(b)
  WITH r, b LIMIT $scan
  WITH collect(CASE WHEN b IN nodes THEN r END) AS kept, count(*) AS scanned
  UNWIND kept AS r
  WITH scanned, r ORDER BY r.id
  RETURN collect({id: r.id, type: type(r), from: startNode(r).id, to: endNode(r).id, props: %s}) AS edges,
         coalesce(max(scanned), 0) >= $scan AS full
}
RETURN [n IN nodes | {labels: labels(n), props: %s}] AS nodes, edges, cut OR full AS truncated`, types, only.edges("r"), only.nodes("n"))
	return b.String()
}

// Paths returns the shortest paths (all of the shortest length, at most maxHops 1..6)
// between the entities from and to, in either direction, through relationships of
// relationTypes (none = every type of the model): at most limit (1..20), ordered by the
// ids of their nodes, then of their relationships. No path is an empty list. Unknown
// from or to is NOT_FOUND; from == to and bad arguments are BAD_USER_INPUT. At most
// 1,000 paths are read before the ordering. One round trip.
func (s *Store) Paths(ctx context.Context, from, to string, maxHops int, relationTypes []string, limit int, only Projection) ([]Path, error) {
	if maxHops < 1 || maxHops > PathsMaxHops {
		return nil, apperr.Errorf(apperr.BadUserInput, "maxHops must be between 1 and %d, not %d", PathsMaxHops, maxHops)
	}
	if limit < 1 || limit > PathsMaxLimit {
		return nil, apperr.Errorf(apperr.BadUserInput, "limit must be between 1 and %d, not %d", PathsMaxLimit, limit)
	}
	if from == to {
		return nil, apperr.Errorf(apperr.BadUserInput, "from and to are the same entity %q", from)
	}
	types, err := exploreRelTypes(relationTypes)
	if err != nil {
		return nil, err
	}
	// allShortestPaths is a bidirectional breadth-first search: it does not enumerate
	// longer paths. The bound on the length is a validated integer, never user text.
	q := fmt.Sprintf(`OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
CALL (a, b) {
  WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
  MATCH p = allShortestPaths((a)-[%s*1..%d]-(b))
  WITH p LIMIT $scan
  WITH p ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | r.id] LIMIT $limit
  RETURN collect({
    nodes: [n IN nodes(p) | {labels: labels(n), props: %s}],
    edges: [r IN relationships(p) | {id: r.id, type: type(r), from: startNode(r).id, to: endNode(r).id, props: %s}]
  }) AS paths
}
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, paths`, types, maxHops, only.nodes("n"), only.edges("r"))
	res, err := s.read(ctx, q, map[string]any{"from": from, "to": to, "scan": pathsScan, "limit": limit})
	if err != nil {
		return nil, err
	}
	if len(res.Records) != 1 {
		return nil, apperr.Internalf("paths: %d rows, want 1", len(res.Records))
	}
	rec := res.Records[0]
	for _, end := range []struct{ key, id string }{{"fromFound", from}, {"toFound", to}} {
		found, _, err := neo4j.GetRecordValue[bool](rec, end.key)
		if err != nil {
			return nil, translate(err)
		}
		if !found {
			return nil, apperr.Errorf(apperr.NotFound, "no entity has id %q", end.id)
		}
	}
	rawPaths, _, err := neo4j.GetRecordValue[[]any](rec, "paths")
	if err != nil {
		return nil, translate(err)
	}
	paths := make([]Path, 0, len(rawPaths))
	for _, item := range rawPaths {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, apperr.Internalf("paths: a path is a %T, want a map", item)
		}
		rawNodes, _ := m["nodes"].([]any)
		rawEdges, _ := m["edges"].([]any)
		nodes, err := exploreNodes(rawNodes)
		if err != nil {
			return nil, err
		}
		edges, err := exploreEdges(rawEdges)
		if err != nil {
			return nil, err
		}
		paths = append(paths, Path{Nodes: nodes, Edges: edges})
	}
	return paths, nil
}

// modelRelationTypes returns every relationship type of the model, sorted.
func modelRelationTypes() []string {
	set := map[string]bool{}
	for _, t := range NodeTypes {
		for _, r := range t.Relations {
			set[r.Type] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// exploreRelTypes checks the relationship types against the metadata and returns the
// type part of a relationship pattern, e.g. ":`MEMBER_OF`|`PARTY_TO`"; no types means
// every type of the model.
func exploreRelTypes(relationTypes []string) (string, error) {
	known := modelRelationTypes()
	isKnown := make(map[string]bool, len(known))
	for _, t := range known {
		isKnown[t] = true
	}
	set := map[string]bool{}
	for _, t := range relationTypes {
		if !isKnown[t] {
			return "", apperr.Errorf(apperr.BadUserInput, "unknown relationship type %q; types are %s", t, strings.Join(known, ", "))
		}
		set[t] = true
	}
	types := slices.Sorted(maps.Keys(set))
	if len(types) == 0 {
		types = known
	}
	if len(types) == 0 {
		return "", apperr.Internalf("the model declares no relationship type")
	}
	quoted := make([]string, len(types))
	for i, t := range types {
		quoted[i] = quoteName(t)
	}
	return ":" + strings.Join(quoted, "|"), nil
}

// exploreRecordNode reads a node from the labels and props columns of a record.
func exploreRecordNode(rec *neo4j.Record, labelsKey, propsKey string) (Node, error) {
	rawLabels, _, err := neo4j.GetRecordValue[[]any](rec, labelsKey)
	if err != nil {
		return Node{}, translate(err)
	}
	props, _, err := neo4j.GetRecordValue[map[string]any](rec, propsKey)
	if err != nil {
		return Node{}, translate(err)
	}
	return Node{Type: typeOf(exploreStrings(rawLabels)), Props: props}, nil
}

// exploreNodes reads a list of {labels, props} maps.
func exploreNodes(raw []any) ([]Node, error) {
	nodes := make([]Node, 0, len(raw))
	for _, item := range raw {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, apperr.Internalf("explore: a node is a %T, want a map", item)
		}
		rawLabels, _ := m["labels"].([]any)
		props, ok := m["props"].(map[string]any)
		if !ok {
			return nil, apperr.Internalf("explore: a node's props are a %T, want a map", m["props"])
		}
		nodes = append(nodes, Node{Type: typeOf(exploreStrings(rawLabels)), Props: props})
	}
	return nodes, nil
}

// exploreEdges reads a list of {id, type, from, to, props} maps.
func exploreEdges(raw []any) ([]GraphEdge, error) {
	edges := make([]GraphEdge, 0, len(raw))
	for _, item := range raw {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, apperr.Internalf("explore: an edge is a %T, want a map", item)
		}
		props, ok := m["props"].(map[string]any)
		if !ok {
			return nil, apperr.Internalf("explore: an edge's props are a %T, want a map", m["props"])
		}
		id, _ := m["id"].(string)
		typ, _ := m["type"].(string)
		from, _ := m["from"].(string)
		to, _ := m["to"].(string)
		edges = append(edges, GraphEdge{ID: id, Type: typ, From: from, To: to, Props: props})
	}
	return edges, nil
}

func exploreStrings(raw []any) []string {
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
