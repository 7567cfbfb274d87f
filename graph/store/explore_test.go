package store_test

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed/seedtest"
)

// The exploration tests run on the real data set (seed/data/*.yaml) in the real test
// Neo4j. Facts they rely on, from the data: Lynas Corporation (`lynas`, alias `Lynas`)
// is financed by JOGMEC (`jogmec`, alias `JOGMEC`) and by JARE (`jare`, three FINANCES
// with keys), and operates and finances its Australian deposit
// (`lynas-australia-rare-earths-deposit`), which is LOCATED_IN Australia (`AU`): AU is
// two hops from lynas. JOGMEC SUPPORTS the MSP (`msp`), so lynas-jogmec-msp is the one
// shortest path (2 hops) from lynas to the MSP; Australia is a founding MEMBER_OF the MSP.
// Expectations that depend on the whole graph are computed with independent Cypher.

// seeded returns a store on the test database loaded with the embedded data set.
func exSeeded(t *testing.T) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	return seedtest.Store(t)
}

func exWantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error = %v, want a %s *apperr.Error", err, code)
	}
}

func exNodeID(n store.Node) string {
	id, _ := n.Props["id"].(string)
	return id
}

func exNodeIDs(nodes []store.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = exNodeID(n)
	}
	return out
}

func exSortedCopy(ids []string) []string {
	out := make([]string, len(ids))
	copy(out, ids)
	sort.Strings(out)
	return out
}

func exEdgeIDs(edges []store.GraphEdge) []string {
	out := make([]string, len(edges))
	for i, e := range edges {
		out[i] = e.ID
	}
	return out
}

// cypherStrings runs a query returning one row with a list of strings in column `ids`.
func exCypherStrings(t *testing.T, driver neo4j.DriverWithContext, query string, params map[string]any) []string {
	t.Helper()
	rows := storetest.Query(t, driver, query, params)
	if len(rows) != 1 {
		t.Fatalf("%s: %d rows", query, len(rows))
	}
	raw, _ := rows[0]["ids"].([]any)
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		out = append(out, v.(string))
	}
	sort.Strings(out)
	return out
}

// checkEdgeProvenance checks an edge's identity and its provenance arrays.
func exCheckEdgeProvenance(t *testing.T, e store.GraphEdge) {
	t.Helper()
	if e.ID == "" || e.Type == "" || e.From == "" || e.To == "" {
		t.Errorf("edge %+v has an empty id, type or end", e)
	}
	if got := e.Props["id"]; got != e.ID {
		t.Errorf("edge %s: stored id property %v", e.ID, got)
	}
	if !strings.HasPrefix(e.ID, e.From+"|"+e.Type+"|"+e.To+"|") {
		t.Errorf("edge id %q does not match from %q, type %q, to %q", e.ID, e.From, e.Type, e.To)
	}
	sources, _ := e.Props["sources"].([]any)
	quotes, _ := e.Props["quotes"].([]any)
	if len(sources) == 0 || len(sources) != len(quotes) {
		t.Errorf("edge %s: sources %v and quotes %v are not parallel non-empty lists", e.ID, sources, quotes)
	}
}

func TestSearch(t *testing.T) {
	s, driver := exSeeded(t)
	ctx := context.Background()

	t.Run("finds", func(t *testing.T) {
		for _, tc := range []struct {
			text  string
			kinds []string
			want  string // id of the first hit
		}{
			{text: "Lynas", want: "lynas"},
			{text: "lynas", want: "lynas"},
			{text: "LYNAS", want: "lynas"},
			{text: "Lynaz", want: "lynas"}, // typo: fuzzy
			{text: "lyna", want: "lynas"},  // prefix
			{text: "  Lynas  Corporation ", want: "lynas"},
			{text: "Lynas\")", want: "lynas"}, // stray syntax is ignored
			{text: "jogmec", want: "jogmec"},  // its alias, not in its name
			{text: "JOGMEC", want: "jogmec"},
			{text: "Japan Organization for Metals and Energy Security", want: "jogmec"},
			{text: "graphit", want: "graphite"},      // prefix of a longer word
			{text: "Minerals Security", want: "msp"}, // two words of the name
			{text: "minerals securty partnrship", want: "msp"},
			{text: "MSP", want: "msp"}, // exact alias beats MSP Forum etc.
			{text: "AU", want: "AU"},   // exact id
			{text: "Inflation Reduction", want: "ira"},
			{text: "rare earths", want: "rare-earths"},
			{text: "lynas", kinds: []string{"Project"}, want: "lynas-australia-rare-earths-deposit"},
			{text: "jogmec", kinds: []string{"Agreement"}, want: "gecamines-jogmec-mou"},
			{text: "Australia", kinds: []string{"Country"}, want: "AU"},
		} {
			t.Run(tc.text, func(t *testing.T) {
				hits, err := s.Search(ctx, tc.text, tc.kinds, 10, store.Projection{})
				if err != nil {
					t.Fatalf("Search(%q): %v", tc.text, err)
				}
				if len(hits) == 0 {
					t.Fatalf("Search(%q): no hits", tc.text)
				}
				if got := exNodeID(hits[0].Node); got != tc.want {
					var ids []string
					for _, h := range hits {
						ids = append(ids, exNodeID(h.Node))
					}
					t.Errorf("Search(%q, %v) first = %q, want %q (hits %v)", tc.text, tc.kinds, got, tc.want, ids)
				}
			})
		}
	})

	t.Run("ranking", func(t *testing.T) {
		hits, err := s.Search(ctx, "Lynas", nil, 10, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) < 2 {
			t.Fatalf("%d hits, want the company and its deposit at least", len(hits))
		}
		if exNodeID(hits[0].Node) != "lynas" || hits[0].Node.Type != "Organization" {
			t.Errorf("first hit = %s %s, want Organization lynas", hits[0].Node.Type, exNodeID(hits[0].Node))
		}
		if hits[0].Score <= hits[1].Score {
			t.Errorf("exact alias match scores %v, not above the next hit's %v", hits[0].Score, hits[1].Score)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("scores not decreasing at %d: %v > %v", i, hits[i].Score, hits[i-1].Score)
			}
		}
		if name := hits[0].Node.Props["name"]; name != "Lynas Corporation" {
			t.Errorf("first hit props name = %v", name)
		}
	})

	t.Run("kinds", func(t *testing.T) {
		for _, kinds := range [][]string{{"Project"}, {"Country", "Organization"}, {"Organization", "Organization"}} {
			hits, err := s.Search(ctx, "Lynas Australia", kinds, 50, store.Projection{})
			if err != nil {
				t.Fatalf("kinds %v: %v", kinds, err)
			}
			if len(hits) == 0 {
				t.Fatalf("kinds %v: no hits", kinds)
			}
			for _, h := range hits {
				if !exContains(kinds, h.Node.Type) {
					t.Errorf("kinds %v: hit %s is a %s", kinds, exNodeID(h.Node), h.Node.Type)
				}
			}
		}
		all, err := s.Search(ctx, "Lynas Australia", nil, 50, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		types := map[string]bool{}
		for _, h := range all {
			types[h.Node.Type] = true
		}
		if len(types) < 3 {
			t.Errorf("without kinds, hits have types %v; want several", types)
		}
	})

	t.Run("first", func(t *testing.T) {
		for _, first := range []int{1, 2, 100} {
			hits, err := s.Search(ctx, "minerals", nil, first, store.Projection{})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) > first || (first <= 2 && len(hits) != first) {
				t.Errorf("first %d: %d hits", first, len(hits))
			}
		}
	})

	t.Run("bad input", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			text  string
			kinds []string
			first int
		}{
			{"empty", "", nil, 10},
			{"white space", " \t\n ", nil, 10},
			{"201 characters", strings.Repeat("é", 201), nil, 10},
			{"10 KB", strings.Repeat("lynas ", 10240/6), nil, 10},
			{"invalid UTF-8", "ly\xffnas", nil, 10},
			{"no word", `\\ */ && || !`, nil, 10},
			{"first 0", "lynas", nil, 0},
			{"first 101", "lynas", nil, 101},
			{"unknown kind", "lynas", []string{"Company"}, 10},
			{"kind in lower case", "lynas", []string{"organization"}, 10},
			{"Source is not searchable", "lynas", []string{"Source"}, 10},
			{"kind injection", "lynas", []string{"Organization`) DETACH DELETE n //"}, 10},
		} {
			t.Run(tc.name, func(t *testing.T) {
				hits, err := s.Search(ctx, tc.text, tc.kinds, tc.first, store.Projection{})
				exWantCode(t, err, apperr.BadUserInput)
				if hits != nil {
					t.Errorf("hits %v with an error", hits)
				}
			})
		}
		if _, err := s.Search(ctx, strings.Repeat("é", 200), nil, 10, store.Projection{}); err != nil {
			t.Errorf("200 characters: %v", err)
		}
	})

	t.Run("hostile text", func(t *testing.T) {
		nodesBefore, relsBefore := storetest.Totals(t, driver)
		for _, text := range []string{
			`name:*`, `*:*`, `"unbalanced`, `\`, `\\`, `}) DETACH DELETE n //`,
			`lynas~~ ^^ [a TO z]`, `AND OR NOT`, `(lynas`, `lynas)`, `{!lucene}`, `/.*/`,
			`name:lynas OR description:*`, `a`, `?`, "lynas\x00", "\u202eLynas",
			`' OR 1=1 --`, `$index`, `CALL db.index.fulltext.drop("entity_text")`,
			"ly\xffnas", strings.Repeat("x", 10240), strings.Repeat("a ", 100),
			strings.Repeat("lynas~1^9 ", 20),
		} {
			hits, err := s.Search(ctx, text, nil, 10, store.Projection{})
			if err != nil && apperr.CodeOf(err) != apperr.BadUserInput {
				t.Errorf("Search(%.40q): %v; want hits or BAD_USER_INPUT", text, err)
			}
			if err == nil && len(hits) > 10 {
				t.Errorf("Search(%.40q): %d hits", text, len(hits))
			}
		}
		nodesAfter, relsAfter := storetest.Totals(t, driver)
		if nodesAfter != nodesBefore || relsAfter != relsBefore {
			t.Errorf("database changed: %d nodes, %d relationships before; %d, %d after", nodesBefore, relsBefore, nodesAfter, relsAfter)
		}
		// The index still answers.
		hits, err := s.Search(ctx, "Lynas", nil, 1, store.Projection{})
		if err != nil || len(hits) != 1 || exNodeID(hits[0].Node) != "lynas" {
			t.Errorf("after hostile text, Search(Lynas) = %v, %v", hits, err)
		}
	})
}

func exContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestNeighborhood(t *testing.T) {
	s, driver := exSeeded(t)
	ctx := context.Background()

	// within returns the ids of the entities within hops of id (id included), over the
	// given types (all when none), with a variable-length pattern: fine on the test data.
	within := func(id string, hops int, types []string) []string {
		return exCypherStrings(t, driver, `MATCH (a:Entity {id: $id})
OPTIONAL MATCH (a)-[rs*1..`+strconv.Itoa(hops)+`]-(b:Entity)
WHERE size($types) = 0 OR all(r IN rs WHERE type(r) IN $types)
WITH a, collect(b) AS bs
UNWIND bs + [a] AS x
RETURN collect(DISTINCT x.id) AS ids`, map[string]any{"id": id, "types": types})
	}
	// among returns the ids of the relationships among the nodes, of the given types.
	among := func(ids []string, types []string) []string {
		return exCypherStrings(t, driver, `MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND (size($types) = 0 OR type(r) IN $types)
RETURN collect(r.id) AS ids`, map[string]any{"ids": ids, "types": types})
	}

	t.Run("complete", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			id       string
			depth    int
			types    []string
			contains []string // ids the data puts there
			excludes []string
		}{
			{"lynas depth 1", "lynas", 1, nil, []string{"lynas", "jare", "lynas-australia-rare-earths-deposit"}, []string{"AU", "msp"}},
			{"lynas depth 2", "lynas", 2, nil, []string{"jogmec", "AU", "sojitz", "rare-earths"}, nil},
			{"lynas depth 3", "lynas", 3, nil, []string{"AU", "msp", "JP"}, nil},
			{"lynas operations", "lynas", 2, []string{"OPERATES", "LOCATED_IN"}, []string{"lynas", "lynas-australia-rare-earths-deposit", "AU"}, []string{"jogmec", "jare"}},
			{"lynas financing", "lynas", 2, []string{"FINANCES"}, []string{"jare"}, []string{"AU", "lynas-australia-rare-earths-deposit"}},
			{"msp hub depth 2", "msp", 2, nil, []string{"msp", "AU", "US", "jogmec"}, nil},
			{"AU depth 1", "AU", 1, nil, []string{"AU", "lynas-australia-rare-earths-deposit", "msp"}, []string{"lynas"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sub, err := s.Neighborhood(ctx, tc.id, tc.depth, tc.types, store.NeighborhoodMaxLimit, store.Projection{})
				if err != nil {
					t.Fatal(err)
				}
				ids := exNodeIDs(sub.Nodes)
				if len(ids) == 0 || ids[0] != tc.id {
					t.Fatalf("nodes %v do not start with the centre %s", ids, tc.id)
				}
				if got := exDedupeStrings(ids); len(got) != len(ids) {
					t.Errorf("duplicate nodes in %v", ids)
				}
				want := within(tc.id, tc.depth, tc.types)
				if sub.Truncated {
					t.Errorf("truncated with %d nodes", len(ids))
				}
				if got := exSortedCopy(ids); !reflect.DeepEqual(got, want) {
					t.Errorf("nodes %v,\nwant %v", got, want)
				}
				for _, id := range tc.contains {
					if !exContains(ids, id) {
						t.Errorf("%s missing from %v", id, ids)
					}
				}
				for _, id := range tc.excludes {
					if exContains(ids, id) {
						t.Errorf("%s should not be within %d hops: %v", id, tc.depth, ids)
					}
				}
				if got, want := exSortedCopy(exEdgeIDs(sub.Edges)), among(ids, tc.types); !reflect.DeepEqual(got, want) {
					t.Errorf("edges %v,\nwant %v", got, want)
				}
				if got := exEdgeIDs(sub.Edges); !sort.StringsAreSorted(got) {
					t.Errorf("edges not ordered by id: %v", got)
				}
				for _, e := range sub.Edges {
					exCheckEdgeProvenance(t, e)
					if len(tc.types) > 0 && !exContains(tc.types, e.Type) {
						t.Errorf("edge %s of a type not asked for", e.ID)
					}
					if !exContains(ids, e.From) || !exContains(ids, e.To) {
						t.Errorf("edge %s leaves the subgraph", e.ID)
					}
				}
				for _, n := range sub.Nodes {
					if n.Type == "" || n.Props["name"] == nil {
						t.Errorf("node %s has type %q, name %v", exNodeID(n), n.Type, n.Props["name"])
					}
				}
			})
		}
	})

	t.Run("nearest first", func(t *testing.T) {
		one := within("lynas", 1, nil)
		sub, err := s.Neighborhood(ctx, "lynas", 3, nil, store.NeighborhoodMaxLimit, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		ids := exNodeIDs(sub.Nodes)
		if got := exSortedCopy(ids[:len(one)]); !reflect.DeepEqual(got, one) {
			t.Errorf("first %d nodes %v, want the depth-1 set %v", len(one), got, one)
		}
		two := within("lynas", 2, nil)
		if got := exSortedCopy(ids[:len(two)]); !reflect.DeepEqual(got, two) {
			t.Errorf("first %d nodes are not the depth-2 set", len(two))
		}
		if len(ids) <= len(two) || len(two) <= len(one) {
			t.Errorf("sizes by depth %d, %d, %d: each depth should add nodes", len(one), len(two), len(ids))
		}
		// jare has three FINANCES to lynas: the most linked neighbour comes first.
		if ids[1] != "jare" {
			t.Errorf("second node %s, want jare (most relationships to lynas)", ids[1])
		}
	})

	t.Run("limit", func(t *testing.T) {
		one := within("lynas", 1, nil) // 4 nodes: lynas and 3 neighbours
		for _, tc := range []struct {
			depth, limit  int
			wantLen       int
			wantTruncated bool
		}{
			{1, len(one), len(one), false},
			{1, len(one) - 1, len(one) - 1, true},
			{1, 1, 1, true},
			{2, 5, 5, true},
			{2, len(one), len(one), true},
			{3, 50, 50, true},
		} {
			sub, err := s.Neighborhood(ctx, "lynas", tc.depth, nil, tc.limit, store.Projection{})
			if err != nil {
				t.Fatal(err)
			}
			ids := exNodeIDs(sub.Nodes)
			if len(ids) != tc.wantLen || sub.Truncated != tc.wantTruncated {
				t.Errorf("depth %d limit %d: %d nodes, truncated %v; want %d, %v", tc.depth, tc.limit, len(ids), sub.Truncated, tc.wantLen, tc.wantTruncated)
			}
			if ids[0] != "lynas" {
				t.Errorf("depth %d limit %d: centre missing: %v", tc.depth, tc.limit, ids)
			}
			if tc.limit >= len(one) {
				if got := exSortedCopy(ids[:len(one)]); !reflect.DeepEqual(got, one) {
					t.Errorf("depth %d limit %d: nearest nodes %v, want %v", tc.depth, tc.limit, got, one)
				}
			}
			if got, want := exSortedCopy(exEdgeIDs(sub.Edges)), among(ids, nil); !reflect.DeepEqual(got, want) {
				t.Errorf("depth %d limit %d: edges %v, want %v", tc.depth, tc.limit, got, want)
			}
		}
	})

	t.Run("not found", func(t *testing.T) {
		for _, id := range []string{"no-such-entity", "", "ispi-2025-06-26" /* a Source, not an entity */, "lynas' OR 1=1"} {
			_, err := s.Neighborhood(ctx, id, 1, nil, 10, store.Projection{})
			exWantCode(t, err, apperr.NotFound)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		for _, tc := range []struct {
			name         string
			depth, limit int
			types        []string
		}{
			{"depth 0", 0, 10, nil},
			{"depth 4", 4, 10, nil},
			{"limit 0", 1, 0, nil},
			{"limit 501", 1, 501, nil},
			{"unknown type", 1, 10, []string{"KNOWS"}},
			{"type in lower case", 1, 10, []string{"member_of"}},
			{"type injection", 1, 10, []string{"MEMBER_OF`]-() DETACH DELETE n //"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.Neighborhood(ctx, "lynas", tc.depth, tc.types, tc.limit, store.Projection{})
				exWantCode(t, err, apperr.BadUserInput)
			})
		}
	})
}

func TestPaths(t *testing.T) {
	s, driver := exSeeded(t)
	ctx := context.Background()

	// shortest returns the length and number of all shortest paths, by independent Cypher.
	shortest := func(from, to string, maxHops int) (int, int) {
		rows := storetest.Query(t, driver, `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*1..`+strconv.Itoa(maxHops)+`]-(b))
RETURN length(p) AS len, count(p) AS n`, map[string]any{"from": from, "to": to})
		if len(rows) == 0 {
			return 0, 0
		}
		return int(rows[0]["len"].(int64)), int(rows[0]["n"].(int64))
	}

	checkPath := func(t *testing.T, p store.Path, from, to string) {
		t.Helper()
		ids := exNodeIDs(p.Nodes)
		if len(p.Edges) != len(p.Nodes)-1 {
			t.Fatalf("path %v has %d edges", ids, len(p.Edges))
		}
		if ids[0] != from || ids[len(ids)-1] != to {
			t.Errorf("path %v does not run from %s to %s", ids, from, to)
		}
		for i, e := range p.Edges {
			a, b := ids[i], ids[i+1]
			if !(e.From == a && e.To == b) && !(e.From == b && e.To == a) {
				t.Errorf("edge %d %s (%s->%s) does not link %s and %s", i, e.ID, e.From, e.To, a, b)
			}
			exCheckEdgeProvenance(t, e)
		}
		for _, n := range p.Nodes {
			if n.Type == "" {
				t.Errorf("node %s without type", exNodeID(n))
			}
		}
	}

	t.Run("lynas to msp", func(t *testing.T) {
		paths, err := s.Paths(ctx, "lynas", "msp", 4, nil, 20, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		wantLen, wantN := shortest("lynas", "msp", 4)
		if wantLen != 3 || wantN < 3 {
			t.Fatalf("the data changed: %d shortest paths of length %d from lynas to msp", wantN, wantLen)
		}
		if len(paths) != wantN {
			t.Fatalf("%d paths, want %d", len(paths), wantN)
		}
		// Through JARE's 2011 financing, the article's "early investment, through JOGMEC".
		var viaJARE *store.Path
		for i, p := range paths {
			checkPath(t, p, "lynas", "msp")
			if reflect.DeepEqual(exEdgeIDs(p.Edges), []string{"jare|FINANCES|lynas|loan-equity-2011", "jare|PART_OF|jogmec|", "jogmec|SUPPORTS|msp|"}) {
				viaJARE = &paths[i]
			}
		}
		if viaJARE == nil {
			t.Fatalf("no path through JARE's 2011 financing and JOGMEC: %v", paths)
		}
		p := *viaJARE
		if got, want := exNodeIDs(p.Nodes), []string{"lynas", "jare", "jogmec", "msp"}; !reflect.DeepEqual(got, want) {
			t.Errorf("nodes %v, want %v", got, want)
		}
		// The first edge runs against the path: JARE finances Lynas.
		if e := p.Edges[0]; e.Type != "FINANCES" || e.From != "jare" || e.To != "lynas" || e.Props["instrument"] != "MIXED" {
			t.Errorf("first edge %+v", e)
		}
		if q, _ := p.Edges[0].Props["quotes"].([]any); len(q) != 2 || !strings.Contains(q[1].(string), "through JOGMEC") {
			t.Errorf("first edge quotes %v", q)
		}
		if p.Nodes[1].Type != "Organization" || p.Nodes[3].Type != "Partnership" {
			t.Errorf("node types %s, %s", p.Nodes[1].Type, p.Nodes[3].Type)
		}

		back, err := s.Paths(ctx, "msp", "lynas", 4, nil, 20, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(back) != wantN {
			t.Fatalf("msp to lynas: %d paths, want %d", len(back), wantN)
		}
		for _, p := range back {
			checkPath(t, p, "msp", "lynas")
		}
	})

	t.Run("all shortest", func(t *testing.T) {
		for _, tc := range []struct {
			from, to string
			maxHops  int
			limit    int
		}{
			{"lynas", "AU", 4, 20},
			{"lynas", "CN", 6, 20},
			{"lynas", "US", 6, 20},
			{"jogmec", "AU", 6, 2},
			{"graphite", "lynas", 6, 20},
		} {
			paths, err := s.Paths(ctx, tc.from, tc.to, tc.maxHops, nil, tc.limit, store.Projection{})
			if err != nil {
				t.Fatalf("%s to %s: %v", tc.from, tc.to, err)
			}
			wantLen, wantN := shortest(tc.from, tc.to, tc.maxHops)
			if wantN > tc.limit {
				wantN = tc.limit
			}
			if len(paths) != wantN {
				t.Errorf("%s to %s: %d paths, want %d", tc.from, tc.to, len(paths), wantN)
			}
			var keys []string
			for _, p := range paths {
				checkPath(t, p, tc.from, tc.to)
				if len(p.Edges) != wantLen {
					t.Errorf("%s to %s: path of %d hops, want %d", tc.from, tc.to, len(p.Edges), wantLen)
				}
				keys = append(keys, strings.Join(exNodeIDs(p.Nodes), ",")+";"+strings.Join(exEdgeIDs(p.Edges), ","))
			}
			if len(exDedupeStrings(keys)) != len(keys) {
				t.Errorf("%s to %s: duplicate paths %v", tc.from, tc.to, keys)
			}
		}
		// Two paths lynas-deposit-AU, through OPERATES and through OWNS, in that order.
		paths, err := s.Paths(ctx, "lynas", "AU", 4, nil, 20, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 2 || paths[0].Edges[0].Type != "OPERATES" || paths[1].Edges[0].Type != "OWNS" {
			t.Errorf("lynas to AU: %d paths, want OPERATES then OWNS", len(paths))
		}
	})

	t.Run("relation types", func(t *testing.T) {
		paths, err := s.Paths(ctx, "lynas", "msp", 6, []string{"OPERATES", "LOCATED_IN", "MEMBER_OF"}, 5, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 1 {
			t.Fatalf("%d paths, want 1", len(paths))
		}
		checkPath(t, paths[0], "lynas", "msp")
		if got, want := exNodeIDs(paths[0].Nodes), []string{"lynas", "lynas-australia-rare-earths-deposit", "AU", "msp"}; !reflect.DeepEqual(got, want) {
			t.Errorf("nodes %v, want %v", got, want)
		}
		if e := paths[0].Edges[2]; e.Type != "MEMBER_OF" || e.Props["role"] != "FOUNDING_PARTNER" {
			t.Errorf("last edge %s role %v", e.ID, e.Props["role"])
		}
		none, err := s.Paths(ctx, "lynas", "msp", 6, []string{"DEPENDS_ON"}, 5, store.Projection{})
		if err != nil || len(none) != 0 {
			t.Errorf("over DEPENDS_ON only: %v, %v; want no path", none, err)
		}
	})

	t.Run("too few hops", func(t *testing.T) {
		paths, err := s.Paths(ctx, "lynas", "msp", 1, nil, 5, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		if paths == nil || len(paths) != 0 {
			t.Errorf("maxHops 1: %v, want an empty list", paths)
		}
		paths, err = s.Paths(ctx, "lynas", "AU", 1, nil, 5, store.Projection{})
		if err != nil || len(paths) != 0 {
			t.Errorf("lynas to AU in 1 hop: %v, %v", paths, err)
		}
	})

	t.Run("limit", func(t *testing.T) {
		all, err := s.Paths(ctx, "lynas", "AU", 4, nil, 20, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		one, err := s.Paths(ctx, "lynas", "AU", 4, nil, 1, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(one) != 1 || !reflect.DeepEqual(exEdgeIDs(one[0].Edges), exEdgeIDs(all[0].Edges)) {
			t.Errorf("limit 1 is not the first of all paths")
		}
	})

	t.Run("not found", func(t *testing.T) {
		for _, tc := range [][2]string{{"no-such", "msp"}, {"lynas", "no-such"}, {"ispi-2025-06-26", "msp"}, {"", "msp"}} {
			_, err := s.Paths(ctx, tc[0], tc[1], 4, nil, 5, store.Projection{})
			exWantCode(t, err, apperr.NotFound)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		for _, tc := range []struct {
			name           string
			from, to       string
			maxHops, limit int
			types          []string
		}{
			{"same entity", "lynas", "lynas", 4, 5, nil},
			{"same unknown entity", "nope", "nope", 4, 5, nil},
			{"maxHops 0", "lynas", "msp", 0, 5, nil},
			{"maxHops 7", "lynas", "msp", 7, 5, nil},
			{"limit 0", "lynas", "msp", 4, 0, nil},
			{"limit 21", "lynas", "msp", 4, 21, nil},
			{"unknown type", "lynas", "msp", 4, 5, []string{"FINANCES", "OWNED_BY"}},
			{"type injection", "lynas", "msp", 4, 5, []string{"FINANCES*]-() DETACH DELETE a //"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.Paths(ctx, tc.from, tc.to, tc.maxHops, tc.types, tc.limit, store.Projection{})
				exWantCode(t, err, apperr.BadUserInput)
			})
		}
	})
}

func exDedupeStrings(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// TestNeighborhoodHub checks that the breadth-first expansion and the path search stay
// bounded around hubs: two partnerships with 12,000 common members (24,000
// relationships), more than one hop may read.
func TestNeighborhoodHub(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	const members = 12000
	storetest.Query(t, driver, `CREATE (h1:Partnership:Entity {id: 'hub1', name: 'Hub 1', aliases: [], kind: 'INITIATIVE', sources: ['s'], quotes: ['q']})
CREATE (h2:Partnership:Entity {id: 'hub2', name: 'Hub 2', aliases: [], kind: 'INITIATIVE', sources: ['s'], quotes: ['q']})
WITH h1, h2
UNWIND range(1, $members) AS i
CREATE (o:Organization:Entity {id: 'o' + i, name: 'Member ' + i, aliases: [], kind: 'COMPANY', sources: ['s'], quotes: ['q']})
CREATE (o)-[:MEMBER_OF {id: 'o' + i + '|MEMBER_OF|hub1|', role: 'MEMBER', sources: ['s'], quotes: ['q']}]->(h1)
CREATE (o)-[:MEMBER_OF {id: 'o' + i + '|MEMBER_OF|hub2|', role: 'MEMBER', sources: ['s'], quotes: ['q']}]->(h2)`,
		map[string]any{"members": members})

	for _, tc := range []struct {
		id           string
		depth, limit int
		first        []string // the nearest nodes, in any order
	}{
		{"hub1", 1, 500, []string{"hub1"}},
		{"hub1", 3, 500, []string{"hub1"}},
		{"o1", 3, 50, []string{"o1", "hub1", "hub2"}},
		{"o1", 3, 500, []string{"o1", "hub1", "hub2"}},
	} {
		start := time.Now()
		sub, err := s.Neighborhood(ctx, tc.id, tc.depth, nil, tc.limit, store.Projection{})
		took := time.Since(start)
		if err != nil {
			t.Fatalf("%s depth %d: %v", tc.id, tc.depth, err)
		}
		t.Logf("%s depth %d limit %d: %d nodes, %d edges in %v", tc.id, tc.depth, tc.limit, len(sub.Nodes), len(sub.Edges), took)
		if took > 10*time.Second {
			t.Errorf("%s depth %d: took %v", tc.id, tc.depth, took)
		}
		ids := exNodeIDs(sub.Nodes)
		if len(ids) != tc.limit || !sub.Truncated {
			t.Errorf("%s depth %d: %d nodes, truncated %v; want %d, true", tc.id, tc.depth, len(ids), sub.Truncated, tc.limit)
		}
		if len(exDedupeStrings(ids)) != len(ids) {
			t.Errorf("%s depth %d: duplicate nodes", tc.id, tc.depth)
		}
		if got, want := exSortedCopy(ids[:len(tc.first)]), exSortedCopy(tc.first); !reflect.DeepEqual(got, want) {
			t.Errorf("%s depth %d: nearest %v, want %v", tc.id, tc.depth, got, want)
		}
		for _, e := range sub.Edges {
			if !exContains(ids, e.From) || !exContains(ids, e.To) {
				t.Errorf("edge %s leaves the subgraph", e.ID)
			}
		}
		if len(sub.Edges) < len(ids)-1 {
			t.Errorf("%s depth %d: %d edges for %d connected nodes", tc.id, tc.depth, len(sub.Edges), len(ids))
		}
	}

	for _, tc := range []struct {
		from, to   string
		maxHops    int
		limit      int
		wantPaths  int
		wantLength int
	}{
		{"hub1", "hub2", 6, 20, 20, 2}, // 12,000 shortest paths; 20 returned
		{"o1", "o2", 6, 20, 2, 2},      // through either hub
		{"o1", "hub2", 6, 20, 1, 1},
	} {
		start := time.Now()
		paths, err := s.Paths(ctx, tc.from, tc.to, tc.maxHops, nil, tc.limit, store.Projection{})
		took := time.Since(start)
		if err != nil {
			t.Fatalf("%s to %s: %v", tc.from, tc.to, err)
		}
		t.Logf("%s to %s: %d paths in %v", tc.from, tc.to, len(paths), took)
		if took > 10*time.Second {
			t.Errorf("%s to %s: took %v", tc.from, tc.to, took)
		}
		if len(paths) != tc.wantPaths {
			t.Errorf("%s to %s: %d paths, want %d", tc.from, tc.to, len(paths), tc.wantPaths)
		}
		for _, p := range paths {
			if len(p.Edges) != tc.wantLength {
				t.Errorf("%s to %s: path of %d hops, want %d", tc.from, tc.to, len(p.Edges), tc.wantLength)
			}
		}
	}
}

// A projection reads the same nodes and relationships as a full read, each with its id
// and the properties asked for that it has, nothing more; unknown names are ignored.
func TestExploreProjection(t *testing.T) {
	s, _ := exSeeded(t)
	ctx := context.Background()
	only := store.Projection{Node: []string{"name", "stage", "nope"}, Edge: []string{"role", "instrument", "nope"}}
	subset := func(full map[string]any, keys []string) map[string]any {
		out := map[string]any{"id": full["id"]}
		for _, k := range keys {
			if k != "nope" {
				out[k] = full[k] // a missing property reads as null
			}
		}
		return out
	}
	checkNodes := func(t *testing.T, got, want []store.Node) {
		t.Helper()
		if len(got) != len(want) || len(want) == 0 {
			t.Fatalf("%d nodes, want %d (> 0)", len(got), len(want))
		}
		for i := range want {
			if got[i].Type != want[i].Type || !reflect.DeepEqual(got[i].Props, subset(want[i].Props, only.Node)) {
				t.Errorf("node %d: %v, want %v", i, got[i], want[i])
			}
		}
	}
	checkEdges := func(t *testing.T, got, want []store.GraphEdge) {
		t.Helper()
		if len(got) != len(want) || len(want) == 0 {
			t.Fatalf("%d edges, want %d (> 0)", len(got), len(want))
		}
		for i := range want {
			w := want[i]
			w.Props = subset(w.Props, only.Edge)
			if !reflect.DeepEqual(got[i], w) {
				t.Errorf("edge %d: %v, want %v", i, got[i], w)
			}
		}
	}
	t.Run("neighborhood", func(t *testing.T) {
		full, err := s.Neighborhood(ctx, "lynas", 2, nil, 50, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Neighborhood(ctx, "lynas", 2, nil, 50, only)
		if err != nil {
			t.Fatal(err)
		}
		checkNodes(t, got.Nodes, full.Nodes)
		checkEdges(t, got.Edges, full.Edges)
	})
	t.Run("paths", func(t *testing.T) {
		full, err := s.Paths(ctx, "lynas", "msp", 4, nil, 5, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Paths(ctx, "lynas", "msp", 4, nil, 5, only)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(full) || len(full) == 0 {
			t.Fatalf("%d paths, want %d (> 0)", len(got), len(full))
		}
		for i := range full {
			checkNodes(t, got[i].Nodes, full[i].Nodes)
			checkEdges(t, got[i].Edges, full[i].Edges)
		}
	})
	t.Run("search", func(t *testing.T) {
		full, err := s.Search(ctx, "Lynas", nil, 10, store.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Search(ctx, "Lynas", nil, 10, only)
		if err != nil {
			t.Fatal(err)
		}
		var gotNodes, fullNodes []store.Node
		for i := range full {
			fullNodes = append(fullNodes, full[i].Node)
		}
		for i := range got {
			gotNodes = append(gotNodes, got[i].Node)
		}
		checkNodes(t, gotNodes, fullNodes)
	})
}
