package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Variant is one set of arguments of a query: its GraphQL variables and Cypher parameters.
type Variant struct {
	Vars, Params map[string]any
}

// maxPool bounds a query's pool of cold variants.
const maxPool = 4096

// poolSources are, per query, the candidates of its cold variants: Cypher returning `v`
// (the GraphQL variables) and `d`, what the query's cost grows with (the anchor's degree,
// the rows a prefix matches). A variant is kept when its d lies within 4× of the
// canonical variables' d either way, so the cold mix asks the same kind of question
// (a hub stays a hub) about other entities, rather than the same question again.
var poolSources = map[string]string{
	"01_lookup_project": `MATCH (p:Project) RETURN {id: p.id} AS v, 1 AS d`,
	"02_lookup_hub": `MATCH (c:Country) RETURN {country: c.id} AS v,
	  COUNT { (c)-[:PARTY_TO]->() } + COUNT { (c)-[:MEMBER_OF]->() } AS d`,
	"03_list_filtered": `MATCH (p:Project) WITH split(p.name, ' ')[0] AS w, count(*) AS d
	  RETURN {prefix: w} AS v, d`,
	"04_list_related": `MATCH (c:Country) RETURN {country: c.id} AS v, COUNT { (c)<-[:BASED_IN]-(:Organization) } AS d`,
	"05_example_question": `MATCH (o:Organization)-[:FINANCES]->() WITH o, count(*) AS d
	  RETURN {mineral: 'graphite', partnership: 'msp', financier: o.id} AS v, d`,
	"06_nested_financing": `MATCH (o:Organization)-[f:FINANCES]->() WHERE f.instrument = 'LOAN' WITH o, count(*) AS d
	  RETURN {financier: o.id, minAmount: 500.0} AS v, d`,
	"07_nested_membership": `MATCH (p:Partnership) RETURN {partnership: p.id} AS v,
	  COUNT { (p)<-[m:MEMBER_OF]-() WHERE m.role = 'FOUNDING_PARTNER' } AS d`,
	"08_connection_total": `MATCH (c:Country)<-[:LOCATED_IN]-(p:Project) WHERE p.stage = 'MINING' WITH c, count(*) AS d
	  RETURN {country: c.id} AS v, d`,
	"09_nested_connection": `MATCH (m:Mineral)<-[:INVOLVES_MINERAL]-(p:Project) WITH m, count(*) AS d
	  RETURN {mineral: m.id} AS v, d`,
	// The shapes of the compiler's issue 18: the same anchors' kinds as above.
	"18_connection_edge_filter": `MATCH (o:Organization)-[f:FINANCES]->(p:Project)
	  WHERE p.stage IN ['MINING', 'REFINING'] AND f.instrument IN ['LOAN', 'EQUITY'] WITH o, count(*) AS d
	  RETURN {financier: o.id} AS v, d`,
	"19_nested_lists": `MATCH (pa:Partnership) RETURN {partnership: pa.id} AS v, COUNT { (pa)<-[:MEMBER_OF]-(:Country) } AS d`,
	"20_quantifiers": `MATCH (c:Country)<-[:LOCATED_IN]-(p:Project) WHERE p.stage = 'MINING' WITH c, count(*) AS d
	  RETURN {country: c.id} AS v, d`,
	// Every initial with every partnership that has member countries: the initial sets
	// the rows read, the partnership the countries the NOT excludes.
	"21_or_not": `MATCH (p:Project) WITH left(p.name, 1) AS w, count(*) AS d
	  MATCH (pa:Partnership) WHERE EXISTS { (pa)<-[:MEMBER_OF]-(:Country) }
	  RETURN {prefix: w, partnership: pa.id} AS v, d`,
	"22_edge_sort": `MATCH (o:Organization)-[:FINANCES]->(:Project) WITH o, count(*) AS d RETURN {financier: o.id} AS v, d`,
	// A place and a mineral's name with a letter dropped (the typo), as "Kolwezi lithum".
	"10_search": `MATCH (p:Project) WITH DISTINCT split(p.name, ' ')[0] AS w
	  MATCH (m:Mineral) WITH w, toLower(m.name) AS n WHERE size(n) >= 6 AND NOT n CONTAINS ' '
	  RETURN {text: w + ' ' + left(n, size(n) - 3) + right(n, 2)} AS v, 1 AS d`,
	"11_paths":        `MATCH (p:Project) RETURN {from: p.id, to: 'msp'} AS v, 1 AS d`,
	"12_neighborhood": `MATCH (o:Organization) RETURN {id: o.id} AS v, COUNT { (o)--() } AS d`,
	"13_supply": `MATCH (x:Mineral)<-[:INVOLVES_MINERAL]-(:Measurement {metric: 'PRODUCTION', stage: 'MINING'}) WITH x, count(*) AS d
	  RETURN {mineral: x.id, stage: 'MINING'} AS v, d`,
	// The ranking is computed over every mineral whatever the limit: the limit varies.
	"14_concentration": `UNWIND range(5, 24) AS k RETURN {stage: 'MINING', limit: k} AS v, 1 AS d`,
	"15_coverage": `MATCH (x:Mineral)<-[:INVOLVES_MINERAL]-(:Measurement {metric: 'PRODUCTION', stage: 'MINING'}) WITH x, count(*) AS d
	  RETURN {mineral: x.id, stage: 'MINING', partnership: 'msp'} AS v, d`,
	// Every mineral's reliance is read whatever the threshold: the threshold varies.
	"16_dependency": `UNWIND range(0, 19) AS k RETURN {country: 'US', minReliance: 50.0 + k * 0.5, partnership: 'msp'} AS v, 1 AS d`,
	"17_disruption": `MATCH (x:Mineral)<-[:INVOLVES_MINERAL]-(:Measurement {metric: 'PRODUCTION', stage: 'MINING'}) WITH x, count(*) AS d
	  RETURN {supplier: 'CN', mineral: x.id, stage: 'MINING'} AS v, d`,
}

// cypherParams turns a query's GraphQL variables into its Cypher's parameters (the same
// map but for search, whose Cypher takes the terms the store derives from the text).
func cypherParams(name string, vars map[string]any) map[string]any {
	if name != "10_search" {
		return vars
	}
	text, _ := vars["text"].(string)
	terms, ok := store.NewSearchTerms(text)
	if !ok {
		return vars
	}
	return map[string]any{"nameQuery": terms.Name, "aliasQuery": terms.Alias, "descriptionQuery": terms.Description, "exact": terms.Exact}
}

// drawPools fills each query's Pool: the canonical variables first, then the other
// candidates within the band, shuffled with the run's seed, at most maxPool. A query
// without a source, or whose canonical variables are not among the candidates, keeps a
// pool of one (logged).
func drawPools(ctx context.Context, driver neo4j.DriverWithContext, queries []Query, seed uint64) {
	for i := range queries {
		q := &queries[i]
		q.Pool = []Variant{{Vars: q.Vars, Params: q.Params}}
		src, ok := poolSources[q.Name]
		if !ok {
			logf("  no pool of cold variables for %s: it repeats its canonical variables", q.Name)
			continue
		}
		res, err := neo4j.ExecuteQuery(ctx, driver, src, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			logf("  pool of %s: %v", q.Name, err)
			continue
		}
		canon := variantKey(q.Vars)
		ref := int64(-1)
		type cand struct {
			v map[string]any
			d int64
		}
		var cands []cand
		for _, r := range res.Records {
			v, _ := r.Get("v")
			d, _ := r.Get("d")
			vm, _ := v.(map[string]any)
			dn, _ := d.(int64)
			if vm == nil {
				continue
			}
			if variantKey(vm) == canon {
				ref = dn
				continue
			}
			cands = append(cands, cand{vm, dn})
		}
		if ref < 0 {
			logf("  pool of %s: the canonical variables %s are not among the candidates; no pool", q.Name, canon)
			continue
		}
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		rng.Shuffle(len(cands), func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
		for _, c := range cands {
			if len(q.Pool) >= maxPool {
				break
			}
			if c.d*4 >= ref && c.d <= ref*4 {
				q.Pool = append(q.Pool, Variant{Vars: c.v, Params: cypherParams(q.Name, c.v)})
			}
		}
	}
}

// poolProblems names the queries with a pool source that drew no variant besides the
// canonical one (the smoke run fails on them: their cold cells would be hot).
func poolProblems(queries []Query) []string {
	var out []string
	for _, q := range queries {
		if _, ok := poolSources[q.Name]; ok && len(q.Pool) < 2 {
			out = append(out, "no pool of cold variables for "+q.Name)
		}
	}
	return out
}

// variantKey is a canonical text of a variable map (numbers compared as numbers).
func variantKey(v map[string]any) string {
	return canonical(roundFloats(jsonValue(v)))
}

// sequence hands out each system's next cold variant of a query: every system walks the
// same pool in the same order, and a request repeats an earlier one of that system only
// once the pool is exhausted (counted, so the report says how much a response cache keyed
// on the variables could have answered).
type sequence struct {
	mu   sync.Mutex
	next map[string]*atomic.Int64
}

func (s *sequence) counter(key string) *atomic.Int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.next == nil {
		s.next = map[string]*atomic.Int64{}
	}
	if s.next[key] == nil {
		s.next[key] = &atomic.Int64{}
	}
	return s.next[key]
}

// pick returns the variant a request of q by system sys sends: the canonical one on the
// hot mix, else the next of the pool; repeat says the system has sent it before.
func (s *sequence) pick(sys string, q *Query, hot bool) (v Variant, repeat bool) {
	if hot || len(q.Pool) == 0 {
		return Variant{Vars: q.Vars, Params: q.Params}, true
	}
	n := s.counter(sys+"|"+q.Name).Add(1) - 1
	return q.Pool[n%int64(len(q.Pool))], n >= int64(len(q.Pool))
}

// poolSizes is the report's view of the pools.
func poolSizes(queries []Query) map[string]int {
	m := map[string]int{}
	for _, q := range queries {
		m[q.Name] = max(len(q.Pool), 1)
	}
	return m
}

func describeVariant(v Variant) string {
	var parts []string
	for _, k := range sortedKeys(v.Vars) {
		parts = append(parts, fmt.Sprintf("%s=%v", k, v.Vars[k]))
	}
	return strings.Join(parts, " ")
}
