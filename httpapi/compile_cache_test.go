package httpapi_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
	"github.com/mineralgraph/mineralgraph/seed/seedtest"
)

// The compile cache (graph/store/compile_cache.go) changes nothing but the CPU: every
// document, sent twice to a server with the cache and once to one without, gets the same
// answer and sends Neo4j the same statements with the same parameters — among them
// documents that differ only in a variable that changes the statement's text, in
// @skip/@include, in a literal argument, in aliases, or in a value the compiler refuses.
func TestCompileCacheAnswersAsTheCompiler(t *testing.T) {
	_, driver := seedtest.Store(t)
	noResponseCache := func(o *httpapi.Options) { o.Cache.Bytes = 0 }
	cached := testenv.Over(t, store.New(driver, storetest.Database), driver, testenv.Tune(noResponseCache))
	compiled := testenv.Over(t, store.New(driver, storetest.Database), driver, testenv.Tune(func(o *httpapi.Options) {
		noResponseCache(o)
		o.Cache.CompileBytes = 0
	}))

	page := compiled.Post(t, `{ projectsConnection(first: 2, sort: [{name: ASC}]) { pageInfo { endCursor } } }`, nil)
	var first struct {
		ProjectsConnection struct{ PageInfo struct{ EndCursor string } }
	}
	page.Decode(t, &first)
	ids := make([]any, 1001)
	for i := range ids {
		ids[i] = fmt.Sprintf("p%d", i)
	}
	type vars = map[string]any
	const (
		lookup   = `query($id: ID!) { project(id: $id) { id name country(limit: 5) { id name } minerals(limit: 3) { id } } }`
		byID     = `query($id: ID!) { projects(where: {id: {eq: $id}}) { id stage operators(limit: 10) { id name } } }`
		limit    = `query($n: Int) { projects(limit: $n, sort: [{name: ASC}]) { id name } }`
		sort     = `query($s: [ProjectSort!]) { projects(sort: $s, limit: 4) { id name } }`
		where    = `query($w: ProjectWhere) { projects(where: $w, limit: 5, sort: [{id: ASC}]) { id } }`
		include  = `query($c: Boolean!) { projects(limit: 3) { id country(limit: 2) @include(if: $c) { id } minerals(limit: 2) @skip(if: $c) { id } } }`
		edges    = `query($min: Float) { organizations(limit: 5, sort: [{id: ASC}]) { id financesProjectsConnection(where: {edge: {amount: {gte: $min}}}, first: 3) { totalCount edges { properties { amount } node { id } } } } }`
		asOf     = `query($d: PartialDate) { partnerships(limit: 5) { id memberCountries(asOf: $d, limit: 50) { id } } }`
		pages    = `query($n: Int, $a: String) { projectsConnection(first: $n, after: $a, sort: [{name: ASC}]) { totalCount pageInfo { hasNextPage } edges { cursor node { id } } } }`
		nested   = `query($n: Int) { projects(limit: 2, sort: [{id: ASC}]) { id country(limit: $n) { id } } }`
		node     = `query($id: ID!) { node(id: $id) { id ... on Project { country(limit: 3) { id } minerals(limit: 2) { id } } } }`
		inIDs    = `query($ids: [ID!]) { projects(where: {id: {in: $ids}}) { id } }`
		relation = `query($w: ProjectWhere) { projects(where: $w, limit: 5) { id name } }`
	)
	docs := []struct {
		query string
		vars  vars
		fails bool // the answer has errors
	}{
		{lookup, vars{"id": "balama"}, false},
		{lookup, vars{"id": "ontario-cobalt-refinery"}, false},
		{lookup, vars{"id": "nowhere"}, false},
		{byID, vars{"id": "balama"}, false},
		{byID, vars{"id": "lynas-australia-rare-earths-deposit"}, false},
		{limit, vars{"n": 2}, false},
		{limit, vars{"n": 5}, false},
		{sort, vars{"s": []any{vars{"name": "ASC"}}}, false},
		{sort, vars{"s": []any{vars{"name": "DESC"}}}, false},
		{sort, vars{"s": []any{vars{"stage": "ASC"}, vars{"name": "DESC"}}}, false},
		{where, vars{"w": vars{"stage": vars{"eq": "MINING"}}}, false},
		{where, vars{"w": vars{"stage": vars{"eq": "REFINING"}}}, false},
		{where, vars{"w": vars{"name": vars{"startsWith": "L"}}}, false},
		{where, vars{"w": vars{"status": vars{"eq": nil}}}, false},
		{where, vars{"w": vars{"stage": vars{"in": []any{"MINING", "REFINING"}}}}, false},
		{where, vars{"w": vars{"stage": vars{"in": []any{"REFINING"}}}}, false},
		{relation, vars{"w": vars{"country": vars{"some": vars{"id": vars{"eq": "AU"}}}}}, false},
		{relation, vars{"w": vars{"country": vars{"some": vars{"id": vars{"eq": "CA"}}}}}, false},
		{relation, vars{"w": vars{"country": vars{"all": vars{"id": vars{"eq": "AU"}}}}}, false},
		{relation, vars{"w": vars{"OR": []any{vars{"name": vars{"contains": "Li"}}, vars{"minerals": vars{"some": vars{"id": vars{"eq": "lithium"}}}}}}}, false},
		{relation, vars{"w": vars{"OR": []any{vars{"name": vars{"contains": "Co"}}, vars{"minerals": vars{"some": vars{"id": vars{"eq": "cobalt"}}}}}}}, false},
		{include, vars{"c": true}, false},
		{include, vars{"c": false}, false},
		{`{ projects(limit: 1, sort: [{name: DESC}]) { id } }`, nil, false},
		{`{ projects(limit: 3, sort: [{name: DESC}]) { id } }`, nil, false},
		{`{ projects(where: {stage: {eq: MINING}}, limit: 5) { id stage } }`, nil, false},
		{`{ projects(where: {stage: {eq: REFINING}}, limit: 5) { id stage } }`, nil, false},
		{`{ a: projects(limit: 2) { id } b: projects(limit: 3, sort: [{name: ASC}]) { id n: name } }`, nil, false},
		{`{ b: projects(limit: 2) { id } a: projects(limit: 3, sort: [{name: ASC}]) { id n: name } }`, nil, false},
		{`{ projects(limit: 3) { id c1: country(limit: 1) { id } c2: country(limit: 5) { id name } } }`, nil, false},
		{`{ projects(limit: 3) { id c2: country(limit: 1) { id } c1: country(limit: 5) { id name } } }`, nil, false},
		{edges, vars{"min": 0}, false},
		{edges, vars{"min": 1e9}, false},
		{asOf, vars{"d": "2020"}, false},
		{asOf, vars{"d": "2024-06"}, false},
		{pages, vars{"n": 2}, false},
		{pages, vars{"n": 3}, false},
		{pages, vars{"n": 2, "a": first.ProjectsConnection.PageInfo.EndCursor}, false},
		{nested, vars{"n": 1}, false},
		{nested, vars{"n": -1}, true}, // the nested field is left out of the statement, then refused
		{node, vars{"id": "balama"}, false},
		{node, vars{"id": "ontario-cobalt-refinery"}, false},
		{inIDs, vars{"ids": []any{"balama", "nowhere"}}, false},
		{inIDs, vars{"ids": ids}, true}, // the same shape, a value the compiler refuses
		{inIDs, vars{"ids": []any{"ontario-cobalt-refinery"}}, false},
	}
	for pass := range 2 {
		for i, d := range docs {
			got, gotStatements := sendLogged(t, cached, d.query, d.vars)
			want, wantStatements := sendLogged(t, compiled, d.query, d.vars)
			where := fmt.Sprintf("pass %d, document %d %.80s %v", pass+1, i, d.query, d.vars)
			if (len(want.Errors) > 0) != d.fails {
				t.Fatalf("%s: errors %+v", where, want.Errors)
			}
			if string(got.Data) != string(want.Data) || fmt.Sprint(got.Errors) != fmt.Sprint(want.Errors) {
				t.Errorf("%s: with the cache\n%s %+v\nwithout\n%s %+v", where, got.Data, got.Errors, want.Data, want.Errors)
			}
			if !slices.Equal(gotStatements, wantStatements) {
				t.Errorf("%s: statements with the cache\n%q\nwithout\n%q", where, gotStatements, wantStatements)
			}
		}
	}
	s := cached.Store.CompileCacheStats()
	if s.Hits < int64(len(docs)) || s.Misses == 0 || s.Bypasses == 0 {
		t.Errorf("the cache answered %+v: want a hit for every document at least, some misses and bypasses", s)
	}
	if s := compiled.Store.CompileCacheStats(); s != (store.CompileCacheStats{}) {
		t.Errorf("COMPILE_CACHE_BYTES 0: the cache answered %+v", s)
	}
}

// sendLogged posts a document and returns the answer and the statements it sent Neo4j,
// each with its parameters, sorted (root fields run concurrently).
func sendLogged(t *testing.T, srv *testenv.Server, query string, vars map[string]any) (*testenv.Response, []string) {
	t.Helper()
	req := testenv.Post(testenv.Body(query, vars))
	ctx, log := store.WithStatementLog(req.Context())
	resp := srv.Do(t, req.WithContext(ctx))
	var out []string
	for _, st := range log.Statements() {
		out = append(out, fmt.Sprintf("%s\n%#v", st.Query, st.Params)) // %#v: the keys sorted, the types shown
	}
	slices.Sort(out)
	return resp, out
}
