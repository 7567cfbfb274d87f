package store

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Full-text search over the entities: one round trip, bounded, input only as parameters.

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
	// The kinds filter reads every candidate's labels (a database hit each): it is
	// left out when every kind is searched.
	kindFilter := ""
	if len(labels) > 0 {
		kindFilter = "\nWHERE any(l IN labels(node) WHERE l IN $labels)"
	}
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
WITH node, max(label) + $descriptionWeight * max(text) AS score` + kindFilter + `
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
	return slices.Sorted(maps.Keys(set)), nil
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
