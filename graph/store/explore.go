package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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

// SearchHit is a node found by Search and its relevance score (higher is better).
type SearchHit struct {
	Node  Node
	Score float64
}

// GraphEdge is a relationship as read from Neo4j: its stored id, type, the ids of its
// start and end nodes (stored direction) and its stored properties, provenance included.
type GraphEdge struct {
	ID    string
	Type  string
	From  string
	To    string
	Props map[string]any
}

// Subgraph is a set of nodes and the relationships among them. Truncated reports that
// more nodes (or relationships) were within reach than were returned.
type Subgraph struct {
	Nodes     []Node
	Edges     []GraphEdge
	Truncated bool
}

// Path is a path through the graph: Nodes in order from its start, and Edges between
// consecutive nodes (len(Edges) == len(Nodes)-1), each in its stored direction.
type Path struct {
	Nodes []Node
	Edges []GraphEdge
}

// Search finds entities whose name, aliases or description match text, best first.
// The text is split into words of letters and digits (everything else separates words
// and is never Lucene syntax); each word is searched for exactly, as a prefix and
// fuzzily (see luceneQuery). The name, the aliases and the description are queried
// separately in the one round trip: an entity scores the better of its name and alias
// scores plus a quarter of its description score, times a small prior for entities
// with many relationships; an entity whose name, an alias or id equals the whole text
// (ignoring case and repeated spaces) then ranks above every other hit. kinds restricts
// the hits to these node types (none = every type). first is 1..100. Empty text, text
// longer than 200 characters, text that is not UTF-8 or has no letter or digit, and
// unknown kinds are BAD_USER_INPUT.
func (s *Store) Search(ctx context.Context, text string, kinds []string, first int, only Projection) ([]SearchHit, error) {
	if strings.TrimSpace(text) == "" {
		return nil, apperr.Errorf(apperr.BadUserInput, "search text is empty")
	}
	if !utf8.ValidString(text) {
		return nil, apperr.Errorf(apperr.BadUserInput, "search text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(text); n > SearchMaxText {
		return nil, apperr.Errorf(apperr.BadUserInput, "search text is %d characters long; at most %d are allowed", n, SearchMaxText)
	}
	if first < 1 || first > SearchMaxFirst {
		return nil, apperr.Errorf(apperr.BadUserInput, "first must be between 1 and %d, not %d", SearchMaxFirst, first)
	}
	labels, err := searchKindLabels(kinds)
	if err != nil {
		return nil, err
	}
	terms, ok := NewSearchTerms(text)
	if !ok {
		return nil, apperr.Errorf(apperr.BadUserInput, "search text has no letter or digit to search for")
	}
	// The index is queried once per field so that a name and an alias saying the same
	// thing count once (the better of the two), and the description adds a quarter of
	// its score. Hits whose name, an alias or the id equals the whole text then get the best
	// score of all candidates added to their own, so they come first and the scores still
	// decrease down the list. The full-text index holds only :Entity nodes.
	q := `CALL () {
  CALL db.index.fulltext.queryNodes($index, $nameQuery, {limit: $candidates}) YIELD node, score
  RETURN node, score AS label, 0.0 AS text
  UNION ALL
  CALL db.index.fulltext.queryNodes($index, $aliasQuery, {limit: $candidates}) YIELD node, score
  RETURN node, score AS label, 0.0 AS text
  UNION ALL
  CALL db.index.fulltext.queryNodes($index, $descriptionQuery, {limit: $candidates}) YIELD node, score
  RETURN node, 0.0 AS label, score AS text
}
WITH node, max(label) + $descriptionWeight * max(text) AS score
WHERE size($labels) = 0 OR any(l IN labels(node) WHERE l IN $labels)
WITH node, score * (1.0 + $degreeWeight * log(1.0 + COUNT { (node)--() })) AS score
WITH node, score,
     toLower(node.id) = $exact OR toLower(node.name) = $exact
       OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $exact) AS exact
WITH collect({node: node, score: score, exact: exact}) AS hits, max(score) AS best
UNWIND hits AS hit
WITH hit.node AS node, hit.score + CASE WHEN hit.exact THEN best ELSE 0.0 END AS score
ORDER BY score DESC, node.name, node.id
LIMIT $first
RETURN labels(node) AS labels, ` + only.nodes("node") + ` AS props, score`
	res, err := s.read(ctx, q, map[string]any{
		"index":             fulltextIndex,
		"nameQuery":         terms.Name,
		"aliasQuery":        terms.Alias,
		"descriptionQuery":  terms.Description,
		"descriptionWeight": searchDescriptionWeight,
		"degreeWeight":      searchDegreeWeight,
		"candidates":        searchCandidates,
		"labels":            labels,
		"exact":             terms.Exact,
		"first":             first,
	})
	if err != nil {
		return nil, err
	}
	hits := make([]SearchHit, 0, len(res.Records))
	for _, rec := range res.Records {
		node, err := exploreRecordNode(rec, "labels", "props")
		if err != nil {
			return nil, err
		}
		score, _, err := neo4j.GetRecordValue[float64](rec, "score")
		if err != nil {
			return nil, translate(err)
		}
		hits = append(hits, SearchHit{Node: node, Score: score})
	}
	return hits, nil
}

// searchKindLabels checks the type names against the metadata and returns their primary
// labels, sorted and without duplicates. Only types in the full-text index (those with
// the label Entity) can be searched.
func searchKindLabels(kinds []string) ([]string, error) {
	set := map[string]bool{}
	for _, k := range kinds {
		t, ok := NodeTypes[k]
		if !ok || !exploreHasLabel(t, "Entity") {
			return nil, apperr.Errorf(apperr.BadUserInput, "unknown kind %q; kinds are %s", k, strings.Join(searchableTypeNames(), ", "))
		}
		set[t.Labels[0]] = true
	}
	return sortedKeys(set), nil
}

func exploreHasLabel(t *NodeType, label string) bool {
	for _, l := range t.Labels {
		if l == label {
			return true
		}
	}
	return false
}

func searchableTypeNames() []string {
	var names []string
	for name, t := range NodeTypes {
		if exploreHasLabel(t, "Entity") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// searchWords splits text into lower-case words of letters and digits, the first
// searchMaxTerms distinct ones, in order.
func searchWords(text string) []string {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	seen := map[string]bool{}
	var words []string
	for _, f := range fields {
		if seen[f] {
			continue
		}
		seen[f] = true
		words = append(words, f)
		if len(words) == searchMaxTerms {
			break
		}
	}
	return words
}

// luceneQuery builds the Lucene query for text from its words, to be prefixed with a
// field name; ok is false when the text has no word. Every word is escaped, although
// words hold only letters and digits, so that no user character is ever Lucene syntax.
//
// For each word w the clauses are `w^4 w*^1.5 w~N^2`: an exact match counts most, a
// fuzzy match (`Lynaz` → lynas, scored by closeness) next, and a prefix (`graphit` →
// graphite, a constant score) least. Prefixes need two characters, fuzzy matches four
// letters and no digit (edit distance 1; 2 from eight letters). Several words add the phrase of all of them
// with weight 6. Any word may match (OR); an entity matching more words scores higher.
// SearchTerms are what a search for a text asks the full-text index, per field, and the
// text an exact match must equal. The benchmark's hand-written Cypher sends them too, so
// that it asks exactly what the API asks.
type SearchTerms struct {
	Name, Alias, Description, Exact string
}

// NewSearchTerms returns the terms of a search for text; ok is false when text has no
// letter or digit to search for.
func NewSearchTerms(text string) (SearchTerms, bool) {
	q, ok := luceneQuery(text)
	if !ok {
		return SearchTerms{}, false
	}
	return SearchTerms{Name: "name:" + q, Alias: "aliasText:" + q, Description: "description:" + q, Exact: searchNormalize(text)}, true
}

func luceneQuery(text string) (string, bool) {
	words := searchWords(text)
	if len(words) == 0 {
		return "", false
	}
	var clauses []string
	for _, w := range words {
		e := escapeLucene(w)
		n := utf8.RuneCountInString(w)
		clauses = append(clauses, e+"^4")
		if n >= 2 {
			clauses = append(clauses, e+"*^1.5")
		}
		switch {
		case strings.ContainsFunc(w, unicode.IsDigit):
			// No typos in numbers: 2022 must not find 2023.
		case n >= 8:
			clauses = append(clauses, e+"~2^2")
		case n >= 4:
			clauses = append(clauses, e+"~1^2")
		}
	}
	if len(words) > 1 {
		escaped := make([]string, len(words))
		for i, w := range words {
			escaped[i] = escapeLucene(w)
		}
		clauses = append(clauses, `"`+strings.Join(escaped, " ")+`"^6`)
	}
	return "(" + strings.Join(clauses, " ") + ")", true
}

// escapeLucene backslash-escapes every character that is syntax in a Lucene query:
// + - & | ! ( ) { } [ ] ^ " ~ * ? : \ / and white space.
func escapeLucene(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '+', '-', '&', '|', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '\\', '/':
			b.WriteByte('\\')
		default:
			if unicode.IsSpace(r) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// searchNormalize lower-cases text and collapses its white space, for exact matches.
func searchNormalize(text string) string {
	return strings.ToLower(strings.Join(strings.Fields(text), " "))
}

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
// the result is truncated.
func neighborhoodQuery(depth int, types string, only Projection) string {
	var b strings.Builder
	b.WriteString("MATCH (start:Entity {id: $id})\nWITH start, [start] AS found, [start] AS frontier, false AS cut\n")
	for hop := 1; hop <= depth; hop++ {
		fmt.Fprintf(&b, `CALL (found, frontier) {
  UNWIND CASE WHEN size(found) > $limit THEN [] ELSE frontier END AS x
  MATCH (x)-[%s]-(m:Entity)
  WITH m LIMIT $scan
  WITH collect(m) AS seen
  UNWIND seen AS m
  WITH size(seen) AS scanned, m
  WHERE NOT m IN found
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
  WITH collect({r: r, b: b}) AS seen
  UNWIND seen AS row
  WITH size(seen) AS scanned, row.r AS r, row.b AS b
  WHERE b IN nodes
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
	return sortedKeys(set)
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
	types := sortedKeys(set)
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
