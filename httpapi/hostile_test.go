package httpapi_test

// The hostile-input suite: requests built to hurt — deep nesting, huge lists, aliases by
// the thousand, batching games, oversized strings, invalid UTF-8, wrong content types,
// a GET mutation, huge numbers, NaN, duplicate JSON keys — sent through the HTTP handler
// to the real test Neo4j holding the embedded seed data set. Each must get a clear coded
// error or correct data, an HTTP status under 500, in bounded time; afterwards the
// server still answers a normal query and the database holds what it held before.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// hostileMaxMessage bounds an error message: client text is quoted as a short prefix,
// never echoed whole.
const hostileMaxMessage = 2048

// hostileCodes are the codes a client may get for hostile input to a read-only or
// unauthorised request.
var hostileCodes = []string{"BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_DEEP",
	"QUERY_TOO_COMPLEX", "REQUEST_TOO_LARGE", "METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE", "UNAUTHENTICATED", "NOT_FOUND", "PERSISTED_QUERY_NOT_FOUND",
	"TOO_MANY_ROOT_FIELDS", "SELECTION_TOO_LARGE", "ONE_MUTATION_PER_REQUEST"}

type hostileCase struct {
	name string
	req  func(e *testenv.Server) *http.Request
	// Expectations; status and codes empty mean "any status < 500" and "no error".
	status   []int
	codes    []string // every error's code is one of these (at least one error)
	data     string   // the exact data, when set
	says     string   // the first error's message contains this
	noCypher bool     // refused before any Cypher runs
	check    func(r *testenv.Response) []string
	maxTime  time.Duration // default 15 s
}

func TestHostileInput(t *testing.T) {
	e := testenv.Seeded(t, testenv.WithKey("hostile"))
	nodes0, rels0 := storetest.Totals(t, e.Driver)
	if nodes0 == 0 {
		t.Fatal("the seed data set wrote nothing")
	}
	for _, tc := range hostileCases() {
		// Clean is not enough: every case says what the right answer is.
		if len(tc.codes) == 0 && tc.data == "" && tc.check == nil {
			t.Errorf("case %q expects no code, no data and has no check: it would pass on any clean answer", tc.name)
		}
		t.Run(tc.name, func(t *testing.T) {
			// Beyond the case's own checks: no write, a server that still answers, no
			// logged internal error or panic.
			var critical []string
			problems := hostileRunCase(t, e, tc, &critical)
			if n, r := storetest.Totals(t, e.Driver); n != nodes0 || r != rels0 {
				critical = append(critical, fmt.Sprintf("the database changed: %d nodes, %d relationships; want %d, %d", n, r, nodes0, rels0))
			}
			// The server still answers a normal query, correctly.
			after := e.Do(t, testenv.Post(testenv.Body(`{ node(id: "msp") { id name } }`, nil)))
			if after.Status != http.StatusOK || len(after.Errors) > 0 ||
				string(after.Data) != `{"node":{"id":"msp","name":"Minerals Security Partnership"}}` {
				critical = append(critical, fmt.Sprintf("the normal query afterwards: HTTP %d %s", after.Status, after.Body))
			}
			for _, line := range e.Logs.Take(slog.LevelError) {
				critical = append(critical, "the server logged an error: "+line)
			}
			if all := append(critical, problems...); len(all) > 0 {
				t.Error(strings.Join(all, "\n"))
			}
		})
	}
}

// runCase sends the case's request and returns what is wrong with the answer; what is
// wrong whatever the case expects (a 5xx, leaked internals) goes to critical.
func hostileRunCase(t *testing.T, e *testenv.Server, tc hostileCase, critical *[]string) []string {
	t.Helper()
	before := testutil.ToFloat64(store.RoundTripsTotal)
	r := e.Do(t, tc.req(e))
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	body := r.Body
	if len(body) > 600 {
		body = append(body[:600:600], "…"...)
	}
	t.Logf("HTTP %d in %v: %s", r.Status, r.Elapsed.Round(time.Millisecond), body)
	if r.Status >= 500 {
		*critical = append(*critical, fmt.Sprintf("HTTP %d: %s", r.Status, body))
	}
	if len(tc.status) > 0 && !slices.Contains(tc.status, r.Status) {
		bad("HTTP %d, want one of %v: %s", r.Status, tc.status, body)
	}
	if !json.Valid(r.Body) {
		bad("the body is not JSON: %q", body)
		return problems
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/graphql-response+json") {
		bad("Content-Type %q, want JSON", r.Header.Get("Content-Type"))
	}
	for i, ge := range r.Errors {
		code, _ := ge.Extensions["code"].(string)
		msg := ge.Message
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		switch {
		case code == "":
			bad("error %d has no extensions.code: %q", i, msg)
		case len(tc.codes) > 0 && !slices.Contains(tc.codes, code):
			bad("error %d: code %s (%q), want one of %v", i, code, msg, tc.codes)
		case len(tc.codes) == 0 && tc.data != "":
			bad("error %d: %s %q, want none", i, code, msg)
		case !slices.Contains(hostileCodes, code):
			bad("error %d: code %s (%q) is not a client error", i, code, msg)
		}
		if code == string(apperr.Internal) {
			*critical = append(*critical, fmt.Sprintf("error %d is INTERNAL: %q", i, msg))
		}
		if m := testenv.Leak(ge.Message, ""); m != "" {
			*critical = append(*critical, fmt.Sprintf("error %d shows internals (%q): %q", i, m, msg))
		}
		if m := testenv.GoTypes.FindString(ge.Message); m != "" {
			bad("error %d names Go types (%q): %q", i, m, msg)
		}
		if len(ge.Message) > hostileMaxMessage {
			bad("error %d echoes %d bytes of input: %q", i, len(ge.Message), msg)
		}
		if path := fmt.Sprint(ge.Path); len(path) > hostileMaxMessage {
			bad("error %d echoes %d bytes of input in its path: %.300s…", i, len(path), path)
		}
	}
	if len(tc.codes) > 0 && len(r.Errors) == 0 {
		bad("no error, want one of %v; data %.300s", tc.codes, r.Data)
	}
	if tc.says != "" && (len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, tc.says)) {
		bad("the first error does not say %q: %.300s", tc.says, body)
	}
	if tc.data != "" && string(r.Data) != tc.data {
		d := r.Data
		if len(d) > 300 {
			d = d[:300]
		}
		bad("data %s, want %.300s", d, tc.data)
	}
	if tc.noCypher {
		if after := testutil.ToFloat64(store.RoundTripsTotal); after != before {
			bad("%v Cypher statements ran for a refused request", after-before)
		}
	}
	if limit := hDefault(tc.maxTime, 15*time.Second); r.Elapsed > limit {
		bad("took %v, more than %v", r.Elapsed, limit)
	}
	if tc.check != nil {
		problems = append(problems, tc.check(r)...)
	}
	return problems
}

func hDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// hq is a case request posting query and variables.
func hq(query string, vars map[string]any) func(*testenv.Server) *http.Request {
	return func(*testenv.Server) *http.Request { return testenv.Post(testenv.Body(query, vars)) }
}

// hraw is a case request posting body as application/json.
func hraw(body []byte) func(*testenv.Server) *http.Request {
	return func(*testenv.Server) *http.Request { return testenv.Post(body) }
}

// nested wraps inner in n levels of open+…+close.
func hNested(open, inner, close string, n int) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// nestedWhere wraps w in n levels of key.
func hNestedWhere(key string, w map[string]any, n int) map[string]any {
	for range n {
		w = map[string]any{key: w}
	}
	return w
}

func hAliases(n int, field string) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: %s ", i, field)
	}
	return b.String() + "}"
}

func hStrings(n int, f func(i int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// streamed is a request whose body length is unknown up front (chunked encoding).
func hStreamed(body []byte) func(*testenv.Server) *http.Request {
	return func(*testenv.Server) *http.Request {
		req := testenv.Post(body)
		req.ContentLength = -1
		req.Body = io.NopCloser(bytes.NewReader(body))
		return req
	}
}

// fragmentBomb spreads each of n fragments twice into the one before it: a document of a
// few hundred bytes whose fully expanded selection has 2^n fields.
func hFragmentBomb(n int) string {
	var b strings.Builder
	b.WriteString(`{ project(id: "balama") { ...F0 } } `)
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Project { id ...F%d ...F%d } ", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Project { id }", n)
	return b.String()
}

const (
	hMSPNode   = `{"node":{"id":"msp"}}`
	hDeleteMSP = `mutation { delete(input: { ids: ["msp"] }) { nodesDeleted } }`
)

func hostileCases() []hostileCase {
	// 200: GraphQL over HTTP answers an application/json client's parse or validation
	// error with 200 (issue 16); the code says what was refused.
	refused := []int{http.StatusOK, http.StatusBadRequest, http.StatusUnprocessableEntity}
	parseOrValidation := []string{"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"}
	badInput := []string{"BAD_USER_INPUT"}
	oneMB := strings.Repeat("x", 1_000_000)
	realFields := func(n int) string { // projects { financiers { financesProjects { financiers … } } }
		var b strings.Builder
		b.WriteString("{ projects { ")
		for i := range n {
			if i%2 == 0 {
				b.WriteString("financiers { ")
			} else {
				b.WriteString("financesProjects { ")
			}
		}
		b.WriteString("id")
		b.WriteString(strings.Repeat(" }", n+1))
		return b.String() + " }"
	}
	cases := []hostileCase{
		// ---- deep nesting ----
		{name: "100 levels of { a { a { …", req: hq(hNested("{ a ", "", "}", 100), nil),
			status: refused, codes: parseOrValidation, noCypher: true},
		{name: "100 levels of real relationship fields", req: hq(realFields(100), nil),
			codes: []string{"QUERY_TOO_DEEP"}, noCypher: true},
		{name: "3000 levels of selections", req: hq(hNested("{ a ", "", "}", 3000), nil),
			status: refused, codes: parseOrValidation, noCypher: true},
		{name: "nesting beyond the token limit", req: hq(hNested("{ a ", "", "}", 20000), nil),
			status: refused, codes: []string{"GRAPHQL_PARSE_FAILED"}, noCypher: true},
		{name: "where nested 50 levels of NOT, in a variable",
			req:   hq(`query($w: ProjectWhere) { projects(where: $w) { id } }`, map[string]any{"w": hNestedWhere("NOT", map[string]any{"id": map[string]any{"eq": "x"}}, 50)}),
			codes: badInput, says: "nest deeper", noCypher: true},
		{name: "where nested 50 levels of NOT, as a literal",
			req:   hq(`{ projects(where: `+hNested("{ NOT: ", `{ id: { eq: "x" } }`, " }", 50)+`) { id } }`, nil),
			codes: badInput, says: "nest deeper", noCypher: true},
		{name: "where nested 50 relationship hops",
			req: hq(`query($w: MineralWhere) { minerals(where: $w) { id } }`, map[string]any{"w": func() map[string]any {
				w := map[string]any{"id": map[string]any{"eq": "x"}}
				for range 50 {
					w = map[string]any{"partOf": map[string]any{"some": w}}
				}
				return w
			}()}),
			codes: badInput, says: "nest deeper", noCypher: true},
		{name: "where nested 2000 levels of AND lists, in a variable",
			req: hq(`query($w: ProjectWhere) { projects(where: $w) { id } }`, map[string]any{"w": func() map[string]any {
				w := map[string]any{"id": map[string]any{"eq": "x"}}
				for range 2000 {
					w = map[string]any{"AND": []any{w}}
				}
				return w
			}()}),
			codes: append([]string{"BAD_USER_INPUT"}, parseOrValidation...), noCypher: true},
		{name: "lists nested 100000 deep in the variables (over the JSON decoder's depth)",
			req:    hraw([]byte(`{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":` + hNested("[", "", "]", 100_000) + `}}`)),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "lists nested 5000 deep in a variable of type [ID!]!",
			req:    hraw([]byte(`{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":` + hNested("[", `"msp"`, "]", 5000) + `}}`)),
			status: refused, codes: append([]string{"BAD_USER_INPUT"}, parseOrValidation...), noCypher: true},
		{name: "a list literal nested 3000 deep", req: hq(`{ nodes(ids: `+hNested("[", `"msp"`, "]", 3000)+`) { id } }`, nil),
			status: refused, codes: parseOrValidation, noCypher: true},

		// ---- huge lists ----
		{name: "nodes(ids:) with 10000 ids in a variable",
			req:   hq(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": hStrings(10_000, func(i int) string { return fmt.Sprint("id-", i) })}),
			codes: badInput, says: "ids", noCypher: true},
		{name: "nodes(ids:) with 10000 ids as a literal",
			req:   hq(`{ nodes(ids: [`+strings.Repeat(`"msp", `, 10_000)+`]) { id } }`, nil),
			codes: []string{"GRAPHQL_PARSE_FAILED", "BAD_USER_INPUT", "QUERY_TOO_COMPLEX"}, noCypher: true},
		{name: "nodes(ids:) with 100 ids, the most allowed, repeated",
			req:  hq(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": hStrings(100, func(int) string { return "msp" })}),
			data: `{"nodes":[` + strings.TrimSuffix(strings.Repeat(`{"id":"msp"},`, 100), ",") + `]}`},
		{name: "in with 100000 values",
			req:   hq(`query($w: ProjectWhere) { projects(where: $w) { id } }`, map[string]any{"w": map[string]any{"id": map[string]any{"in": hStrings(100_000, func(i int) string { return fmt.Sprint(i) })}}}),
			codes: badInput, says: "at most 1000", noCypher: true},
		{name: "in with 1000 values, the most allowed",
			req:  hq(`query($w: ProjectWhere) { projects(where: $w) { id } }`, map[string]any{"w": map[string]any{"id": map[string]any{"in": append(hStrings(999, func(i int) string { return fmt.Sprint("none-", i) }), "balama")}}}),
			data: `{"projects":[{"id":"balama"}]}`},
		{name: "OR of 10000 conditions",
			req: hq(`query($w: ProjectWhere) { projects(where: $w) { id } }`, map[string]any{"w": map[string]any{"OR": func() []any {
				out := make([]any, 10_000)
				for i := range out {
					out[i] = map[string]any{"id": map[string]any{"eq": fmt.Sprint(i)}}
				}
				return out
			}()}}),
			codes: badInput, says: "more than 500 conditions", noCypher: true},
		{name: "50000 unused variables",
			req: hq(`{ node(id: "msp") { id } }`, func() map[string]any {
				m := map[string]any{}
				for i := range 50_000 {
					m[fmt.Sprint("v", i)] = i
				}
				return m
			}()),
			data: hMSPNode},

		// ---- aliases ----
		{name: "aliases x1000 of node(id:)", req: hq(hAliases(1000, `node(id: "msp") { id }`), nil),
			codes: []string{"GRAPHQL_PARSE_FAILED", "QUERY_TOO_COMPLEX"}, noCypher: true},
		// Each root field is a database call that gqlgen runs concurrently (issue 16).
		{name: "aliases x900 of node(id:) are refused before Cypher", req: hq(hAliases(900, `node(id: "msp") { id }`), nil),
			codes: []string{"TOO_MANY_ROOT_FIELDS"}, noCypher: true},
		{name: "aliases x1000 of projects(limit: 1000)", req: hq(hAliases(1000, `projects(limit: 1000) { id }`), nil),
			codes: []string{"GRAPHQL_PARSE_FAILED", "QUERY_TOO_COMPLEX"}, noCypher: true},
		{name: "aliases x3000 of __typename", req: hq(hAliases(3000, `__typename`), nil),
			check: func(r *testenv.Response) []string {
				var data map[string]string
				if err := json.Unmarshal(r.Data, &data); err != nil || len(data) != 3000 || data["a2999"] != "Query" {
					return []string{fmt.Sprintf("want 3000 aliases of Query, got %d (%v)", len(data), err)}
				}
				return nil
			}},
		{name: "the same alias x1000 (fields merged)", req: hq("{ "+strings.Repeat(`a: node(id: "msp") { id } `, 1000)+"}", nil),
			codes: []string{"GRAPHQL_PARSE_FAILED", "QUERY_TOO_COMPLEX"}, noCypher: true},
		{name: "one alias on conflicting arguments", req: hq(`{ a: node(id: "msp") { id } a: node(id: "jogmec") { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},

		// ---- fragments ----
		{name: "a fragment bomb: 40 fragments each spread twice", req: hq(hFragmentBomb(40), nil),
			codes: []string{"QUERY_TOO_COMPLEX"}, noCypher: true, maxTime: 2 * time.Second},
		{name: "a fragment bomb: 21 fragments each spread twice", req: hq(hFragmentBomb(21), nil),
			codes: []string{"QUERY_TOO_COMPLEX"}, noCypher: true, maxTime: 100 * time.Millisecond},
		{name: "a small fragment bomb: 12 fragments", req: hq(hFragmentBomb(12), nil),
			data: `{"project":{"id":"balama"}}`, maxTime: 2 * time.Second},
		{name: "a fragment cycle", req: hq(`{ project(id: "balama") { ...A } } fragment A on Project { id ...B } fragment B on Project { id ...A }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a directive repeated 1000 times", req: hq(`{ node(id: "msp") `+strings.Repeat("@include(if: true) ", 1000)+`{ id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "introspection nested deeply",
			req:    hq(`{ __schema { types { `+hNested("fields { type { ofType { ", "name", "} } } ", 6)+`} } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},

		// ---- batching ----
		{name: "a JSON array of 1000 operations", req: hraw([]byte("[" + strings.TrimSuffix(strings.Repeat(`{"query":"{ node(id: \"msp\") { id } }"},`, 1000), ",") + "]")),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "a JSON array of one operation", req: hraw([]byte(`[{"query":"{ __typename }"}]`)),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "1000 operations in a document, operationName picks the last", req: func(*testenv.Server) *http.Request {
			var b strings.Builder
			for i := range 1000 {
				fmt.Fprintf(&b, "query Q%d { a%d: __typename } ", i, i)
			}
			b.WriteString(`query Last { node(id: "msp") { id } }`)
			body, _ := json.Marshal(map[string]any{"query": b.String(), "operationName": "Last"})
			return testenv.Post(body)
		}, data: hMSPNode},
		{name: "two operations, no operationName", req: hq(`query A { __typename } query B { __typename }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "operationName of a fragment", req: hraw([]byte(`{"query":"query A { __typename } fragment F on Query { __typename }","operationName":"F"}`)),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "operationName not a string", req: hraw([]byte(`{"query":"query A { __typename }","operationName":["A","A"]}`)),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "operationName null picks the only operation", req: hraw([]byte(`{"query":"query A { node(id: \"msp\") { id } }","operationName":null}`)),
			data: hMSPNode},
		{name: "two operations of the same name", req: hraw([]byte(`{"query":"query A { __typename } mutation A { delete(input: {ids: [\"msp\"]}) { nodesDeleted } }","operationName":"A"}`)),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "operationName picks the mutation, without a key", req: hraw([]byte(`{"query":"query A { __typename } mutation B { delete(input: {ids: [\"msp\"]}) { nodesDeleted } }","operationName":"B"}`)),
			codes: []string{"UNAUTHENTICATED"}, noCypher: true},
		{name: "1000 delete mutations in a document, a key, operationName picks the query", req: func(e *testenv.Server) *http.Request {
			var b strings.Builder
			for i := range 1000 {
				fmt.Fprintf(&b, `mutation M%d { delete(input: {ids: ["msp"]}) { nodesDeleted } } `, i)
			}
			b.WriteString(`query Q { node(id: "msp") { id } }`)
			body, _ := json.Marshal(map[string]any{"query": b.String(), "operationName": "Q"})
			return testenv.WithHeader(testenv.Post(body), "Authorization", "Bearer "+e.Key)
		}, codes: []string{"GRAPHQL_PARSE_FAILED"}, noCypher: true},
		{name: "100 delete mutations in a document, a key, operationName picks the query", req: func(e *testenv.Server) *http.Request {
			var b strings.Builder
			for i := range 100 {
				fmt.Fprintf(&b, `mutation M%d { delete(input: {ids: ["msp"]}) { nodesDeleted } } `, i)
			}
			b.WriteString(`query Q { node(id: "msp") { id } }`)
			body, _ := json.Marshal(map[string]any{"query": b.String(), "operationName": "Q"})
			return testenv.WithHeader(testenv.Post(body), "Authorization", "Bearer "+e.Key)
		}, data: hMSPNode},
		{name: "an unknown persisted query hash", req: hraw([]byte(`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("ab", 32) + `"}}}`)),
			codes: []string{"PERSISTED_QUERY_NOT_FOUND"}, noCypher: true},
		{name: "a persisted query whose hash does not match", req: hraw([]byte(`{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("00", 32) + `"}}}`)),
			codes: badInput, noCypher: true},
		{name: "a persisted query extension that is not an object", req: hraw([]byte(`{"query":"{ __typename }","extensions":{"persistedQuery":[1,2,3]}}`)),
			codes: badInput, noCypher: true},

		// ---- oversized strings ----
		{name: "a 1 MB id in a variable", req: hq(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": oneMB}),
			data: `{"node":null}`},
		{name: "a 1 MB string in a where", req: hq(`query($w: ProjectWhere) { projects(where: $w) { id } }`, map[string]any{"w": map[string]any{"name": map[string]any{"contains": oneMB}}}),
			data: `{"projects":[]}`},
		{name: "a 1 MB search text", req: hq(`query($t: String!) { search(text: $t) { score } }`, map[string]any{"t": oneMB}),
			codes: badInput, noCypher: true},
		{name: "a 1 MB string literal in the query text", req: hq(`{ node(id: "`+oneMB+`") { id } }`, nil),
			data: `{"node":null}`},
		{name: "a 1 MB string literal where an enum belongs", req: hq(`{ projects(where: { stage: { eq: "`+oneMB+`" } }) { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		// 1 s, not 200 ms: it took 206 ms at load average 16 on two cores.
		{name: "a 1 MB field name", req: hq(`{ `+oneMB+` }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true, maxTime: time.Second},
		{name: "a 1 MB where key", req: hq(`query($w: ProjectWhere) { projects(where: $w) { id } }`, map[string]any{"w": map[string]any{oneMB: map[string]any{"eq": "x"}}}),
			codes: append([]string{"BAD_USER_INPUT"}, parseOrValidation...), noCypher: true},
		{name: "a 1 MB operationName", req: hraw(fmt.Appendf(nil, `{"query":"{ __typename }","operationName":"%s"}`, oneMB)),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a body of 5 MB with Content-Length", req: hq(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": strings.Repeat("x", 5<<20)}),
			status: []int{http.StatusRequestEntityTooLarge}, codes: []string{"REQUEST_TOO_LARGE"}, noCypher: true},
		{name: "a body of 5 MB without Content-Length", req: hStreamed(testenv.Body(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": strings.Repeat("x", 5<<20)})),
			status: []int{http.StatusRequestEntityTooLarge}, codes: []string{"REQUEST_TOO_LARGE"}, noCypher: true},
		{name: "a malformed body of 1 MB", req: hraw([]byte(`{"query": "{ __typename }", "variables": {"x": "` + oneMB + `"`)),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},

		// ---- invalid UTF-8 ----
		// encoding/json turns invalid UTF-8 in a JSON string into U+FFFD.
		{name: "invalid UTF-8 in a string of the query text", req: hraw([]byte("{\"query\":\"{ node(id: \\\"ms\xff\xfep\\\") { id } }\"}")),
			data: `{"node":null}`},
		{name: "invalid UTF-8 in a name of the query text", req: hraw([]byte("{\"query\":\"{ no\xffde(id: \\\"msp\\\") { id } }\"}")),
			status: refused, codes: parseOrValidation, noCypher: true},
		{name: "invalid UTF-8 in a variable", req: hraw([]byte("{\"query\":\"query($id: ID!) { node(id: $id) { id } }\",\"variables\":{\"id\":\"\xed\xa0\x80msp\xc3(\"}}")),
			data: `{"node":null}`},
		{name: "invalid UTF-8 in a variable's name", req: hraw([]byte("{\"query\":\"query($id: ID!) { node(id: $id) { id } }\",\"variables\":{\"id\xff\":\"msp\"}}")),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "invalid UTF-8 in a where variable", req: hraw([]byte("{\"query\":\"query($w: ProjectWhere) { projects(where: $w) { id } }\",\"variables\":{\"w\":{\"name\":{\"startsWith\":\"\xff\"}}}}")),
			data: `{"projects":[]}`},
		// A GET query string is percent-decoded into raw bytes: no JSON decoder repairs them.
		{name: "GET: invalid UTF-8 in an id literal", req: func(*testenv.Server) *http.Request {
			return httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ node(id: "ms`)+"%FF%FE"+url.QueryEscape(`p") { id } }`), nil)
		}, status: []int{http.StatusOK, http.StatusUnprocessableEntity}, check: func(r *testenv.Response) []string {
			if len(r.Errors) == 0 && string(r.Data) != `{"node":null}` {
				return []string{fmt.Sprintf("data %s, want a null node or a coded error", r.Data)}
			}
			return nil
		}},
		{name: "GET: invalid UTF-8 in a where literal", req: func(*testenv.Server) *http.Request {
			return httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ projects(where: { name: { contains: "`)+"%C3%28"+url.QueryEscape(`" } }) { id } }`), nil)
		}, codes: append([]string{"BAD_USER_INPUT"}, parseOrValidation...), noCypher: true},
		{name: "GET: invalid UTF-8 in a search text", req: func(*testenv.Server) *http.Request {
			return httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ search(text: "lynas `)+"%ED%A0%80"+url.QueryEscape(`") { score } }`), nil)
		}, check: func(r *testenv.Response) []string {
			if len(r.Errors) == 0 && !strings.HasPrefix(string(r.Data), `{"search":[`) {
				return []string{fmt.Sprintf("data %s, want results or a coded error", r.Data)}
			}
			return nil
		}},
		{name: "GET: invalid UTF-8 in the operationName", req: func(*testenv.Server) *http.Request {
			return httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`query A { __typename }`)+"&operationName=%FF", nil)
		}, status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a body in UTF-16", req: hraw([]byte("\xff\xfe{\x00\"\x00q\x00u\x00e\x00r\x00y\x00\"\x00:\x00\"\x00{\x00}\x00\"\x00}\x00")),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "a NUL byte in a variable", req: hq(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "msp\x00"}),
			data: `{"node":null}`},
		{name: "a NUL byte escaped in a string literal", req: hraw([]byte(`{"query":"{ node(id: \"msp\u0000\") { id } }"}`)),
			status: refused, codes: []string{"GRAPHQL_PARSE_FAILED"}, noCypher: true},
		{name: "a lone surrogate escape in a variable", req: hraw([]byte(`{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":"\ud800msp"}}`)),
			data: `{"node":null}`},

		// ---- wrong content types and methods ----
		{name: "text/plain", req: func(*testenv.Server) *http.Request {
			return testenv.Request(http.MethodPost, "/graphql", "text/plain", testenv.Body(`{ __typename }`, nil))
		}, status: []int{http.StatusBadRequest, http.StatusUnsupportedMediaType}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE"}, noCypher: true},
		{name: "no Content-Type", req: func(*testenv.Server) *http.Request {
			return testenv.Request(http.MethodPost, "/graphql", "", testenv.Body(`{ __typename }`, nil))
		}, status: []int{http.StatusBadRequest, http.StatusUnsupportedMediaType}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE"}, noCypher: true},
		{name: "multipart/form-data without a boundary", req: func(*testenv.Server) *http.Request {
			return testenv.Request(http.MethodPost, "/graphql", "multipart/form-data", []byte("--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{}\r\n--x--"))
		}, status: []int{http.StatusBadRequest, http.StatusUnsupportedMediaType}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE"}, noCypher: true},
		{name: "a form, urlencoded", req: func(e *testenv.Server) *http.Request {
			return testenv.WithHeader(testenv.Request(http.MethodPost, "/graphql", "application/x-www-form-urlencoded", []byte("query="+url.QueryEscape(hDeleteMSP))), "Authorization", "Bearer "+e.Key)
		}, status: []int{http.StatusBadRequest, http.StatusUnsupportedMediaType}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE"}, noCypher: true},
		{name: "application/graphql", req: func(*testenv.Server) *http.Request {
			return testenv.Request(http.MethodPost, "/graphql", "application/graphql", []byte(`{ __typename }`))
		}, status: []int{http.StatusBadRequest, http.StatusUnsupportedMediaType}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE"}, noCypher: true},
		{name: "a malformed Content-Type", req: func(*testenv.Server) *http.Request {
			return testenv.Request(http.MethodPost, "/graphql", "application/json; ;;charset=\x7f", testenv.Body(`{ __typename }`, nil))
		}, status: []int{http.StatusBadRequest, http.StatusUnsupportedMediaType}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE"}, noCypher: true},
		{name: "application/json with a charset", req: func(*testenv.Server) *http.Request {
			return testenv.Request(http.MethodPost, "/graphql", "application/json; charset=utf-8", testenv.Body(`{ node(id: "msp") { id } }`, nil))
		}, data: hMSPNode},
		{name: "PUT", req: func(*testenv.Server) *http.Request {
			return testenv.Request(http.MethodPut, "/graphql", "application/json", testenv.Body(`{ __typename }`, nil))
		}, status: []int{http.StatusBadRequest, http.StatusMethodNotAllowed}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "METHOD_NOT_ALLOWED"}, noCypher: true},
		{name: "DELETE with a key", req: func(e *testenv.Server) *http.Request {
			return testenv.WithHeader(testenv.Request(http.MethodDelete, "/graphql", "application/json", testenv.Body(hDeleteMSP, nil)), "Authorization", "Bearer "+e.Key)
		}, status: []int{http.StatusBadRequest, http.StatusMethodNotAllowed}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "METHOD_NOT_ALLOWED"}, noCypher: true},
		{name: "a websocket upgrade", req: func(*testenv.Server) *http.Request {
			req := testenv.Get("query", `{ __typename }`)
			req.Header.Set("Upgrade", "websocket")
			req.Header.Set("Connection", "Upgrade")
			return req
		}, status: []int{http.StatusBadRequest, http.StatusMethodNotAllowed}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "METHOD_NOT_ALLOWED"}, noCypher: true},

		// ---- GET ----
		{name: "GET: a query", req: func(*testenv.Server) *http.Request { return testenv.Get("query", `{ node(id: "msp") { id } }`) },
			data: hMSPNode},
		{name: "GET: a mutation with a key is refused", req: func(e *testenv.Server) *http.Request {
			return testenv.WithHeader(testenv.Get("query", hDeleteMSP), "Authorization", "Bearer "+e.Key)
		},
			status: []int{http.StatusMethodNotAllowed, http.StatusNotAcceptable, http.StatusBadRequest}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "METHOD_NOT_ALLOWED"},
			noCypher: true},
		{name: "GET: operationName picks the mutation of a document", req: func(e *testenv.Server) *http.Request {
			return testenv.WithHeader(testenv.Get("query", `query Q { __typename } mutation M { delete(input: {ids: ["msp"]}) { nodesDeleted } }`, "operationName", "M"), "Authorization", "Bearer "+e.Key)
		}, status: []int{http.StatusMethodNotAllowed, http.StatusNotAcceptable, http.StatusBadRequest}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "METHOD_NOT_ALLOWED"},
			noCypher: true},
		{name: "GET: two query parameters, the mutation second", req: func(e *testenv.Server) *http.Request {
			return testenv.WithHeader(testenv.Get("query", `{ node(id: "msp") { id } }`, "query", hDeleteMSP), "Authorization", "Bearer "+e.Key)
		}, data: hMSPNode},
		{name: "GET: two query parameters, the mutation first", req: func(e *testenv.Server) *http.Request {
			return testenv.WithHeader(testenv.Get("query", hDeleteMSP, "query", `{ node(id: "msp") { id } }`), "Authorization", "Bearer "+e.Key)
		}, status: []int{http.StatusMethodNotAllowed, http.StatusNotAcceptable, http.StatusBadRequest}, codes: []string{"BAD_USER_INPUT", "BAD_REQUEST", "METHOD_NOT_ALLOWED"},
			noCypher: true},
		{name: "GET: a malformed query string", req: func(*testenv.Server) *http.Request {
			return httptest.NewRequest(http.MethodGet, "/graphql?query=%7B__typename%7D&x=%zz", nil)
		}, status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "GET: variables that are not JSON", req: func(*testenv.Server) *http.Request {
			return testenv.Get("query", `query($id: ID!) { node(id: $id) { id } }`, "variables", `{"id": NaN}`)
		}, status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "GET: no query", req: func(*testenv.Server) *http.Request { return testenv.Get() },
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},

		// ---- huge numbers ----
		{name: "a huge integer literal", req: hq(`{ projects(limit: 99999999999999999999999999999) { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		// gqlparser lets Int literals up to 64 bits through validation; the limits refuse them.
		{name: "an integer literal just over 32 bits", req: hq(`{ projects(limit: 2147483648) { id } }`, nil),
			codes: []string{"GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COMPLEX", "BAD_USER_INPUT"}, noCypher: true},
		{name: "the smallest 64-bit integer literal", req: hq(`{ projects(limit: -9223372036854775808) { id } }`, nil),
			codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},
		{name: "the largest 64-bit integer literal in a nested page", req: hq(`{ project(id: "balama") { financiersConnection(first: 9223372036854775807) { totalCount } } }`, nil),
			codes: []string{"GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COMPLEX", "BAD_USER_INPUT"}, says: "first"},
		// Nested fields are read with their root in one statement; an invalid one is left
		// out of it, and its own resolver reports it.
		{name: "a negative limit two levels down", req: hq(`{ projects(where: { id: { eq: "balama" } }) { id country { id } minerals { id partOf(limit: -1) { id } } } }`, nil),
			codes: badInput, says: "limit"},
		{name: "a forged cursor in a nested connection", req: hq(`{ partnerships(limit: 2) { id memberCountriesConnection(after: "Zm9yZ2Vk") { totalCount } supports { id } } }`, nil),
			codes: badInput, says: "after"},
		{name: "a negative huge integer literal", req: hq(`{ projectsConnection(first: -99999999999999999999) { totalCount } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a huge integer in a where literal", req: hq(`{ measurements(where: { year: { gt: 999999999999999999999999 } }) { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a huge float literal", req: hq(`{ measurements(where: { value: { gt: 1e400 } }) { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a huge integer variable", req: hraw([]byte(`{"query":"query($n: Int) { projects(limit: $n) { id } }","variables":{"n":99999999999999999999999999999}}`)),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},
		{name: "1e400 as an Int variable", req: hraw([]byte(`{"query":"query($n: Int) { projects(limit: $n) { id } }","variables":{"n":1e400}}`)),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},
		{name: "1e400 in a Float where variable", req: hraw([]byte(`{"query":"query($w: MeasurementWhere) { measurements(where: $w) { id } }","variables":{"w":{"value":{"gt":1e400}}}}`)),
			status: []int{http.StatusOK, http.StatusUnprocessableEntity}, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},
		{name: "1e-400 in a Float where variable is 0", req: hraw([]byte(`{"query":"query($w: MeasurementWhere) { measurements(where: $w) { id } }","variables":{"w":{"value":{"lt":-1e-400}}}}`)),
			data: `{"measurements":[]}`},
		{name: "a 10000-digit integer variable", req: hraw([]byte(`{"query":"query($w: MeasurementWhere) { measurements(where: $w) { id } }","variables":{"w":{"year":{"eq":` + strings.Repeat("9", 10_000) + `}}}}`)),
			status: []int{http.StatusOK, http.StatusUnprocessableEntity}, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},
		{name: "a fractional Int variable", req: hraw([]byte(`{"query":"query($n: Int) { projects(limit: $n) { id } }","variables":{"n":1.5}}`)),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},

		// ---- NaN and Infinity ----
		{name: "NaN in the variables", req: hraw([]byte(`{"query":"query($w: MeasurementWhere) { measurements(where: $w) { id } }","variables":{"w":{"value":{"gt":NaN}}}}`)),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "Infinity in the variables", req: hraw([]byte(`{"query":"query($n: Int) { projects(limit: $n) { id } }","variables":{"n":Infinity}}`)),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "-Infinity in the variables", req: hraw([]byte(`{"query":"query($n: Float) { __typename }","variables":{"n":-Infinity}}`)),
			status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "NaN as a GraphQL literal", req: hq(`{ measurements(where: { value: { gt: NaN } }) { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a NaN string where a Float belongs", req: hq(`query($w: MeasurementWhere) { measurements(where: $w) { id } }`, map[string]any{"w": map[string]any{"value": map[string]any{"gt": "NaN"}}}),
			status: []int{http.StatusOK, http.StatusUnprocessableEntity}, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},

		// ---- duplicate JSON keys: the last one wins, consistently ----
		{name: "duplicate query keys, a key, the mutation first", req: func(e *testenv.Server) *http.Request {
			return testenv.WithHeader(testenv.Post([]byte(`{"query":"mutation { delete(input: {ids: [\"msp\"]}) { nodesDeleted } }","query":"{ node(id: \"msp\") { id } }"}`)), "Authorization", "Bearer "+e.Key)
		}, data: hMSPNode},
		{name: "duplicate query keys, no key, the mutation last", req: hraw([]byte(`{"query":"{ node(id: \"msp\") { id } }","query":"mutation { delete(input: {ids: [\"msp\"]}) { nodesDeleted } }"}`)),
			codes: []string{"UNAUTHENTICATED"}, noCypher: true},
		{name: "duplicate variables keys", req: hraw([]byte(`{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":"jogmec"},"variables":{"id":"msp"}}`)),
			data: hMSPNode},
		{name: "a duplicate key inside the variables", req: hraw([]byte(`{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":"jogmec","id":"msp"}}`)),
			data: hMSPNode},
		{name: "duplicate keys inside a where", req: hraw([]byte(`{"query":"query($w: ProjectWhere) { projects(where: $w) { id } }","variables":{"w":{"id":{"eq":"nope"},"id":{"eq":"balama"}}}}`)),
			data: `{"projects":[{"id":"balama"}]}`},
		{name: "a duplicate argument", req: hq(`{ node(id: "jogmec", id: "msp") { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a duplicate field in an input object literal", req: hq(`{ projects(where: { id: { eq: "nope" }, id: { eq: "balama" } }) { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},
		{name: "a duplicate variable definition", req: hq(`query($id: ID!, $id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "msp"}),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED"}, noCypher: true},

		// ---- other body shapes ----
		{name: "an empty body", req: hraw(nil), status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "a JSON null body", req: hraw([]byte(`null`)), status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},
		{name: "a JSON string body", req: hraw([]byte(`"{ __typename }"`)), status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "trailing garbage after the JSON object", req: hraw([]byte(`{"query":"{ node(id: \"msp\") { id } }"} {"query":"mutation { delete(input: {ids: [\"msp\"]}) { nodesDeleted } }"}`)),
			data: hMSPNode},
		{name: "the query is a number", req: hraw([]byte(`{"query":12}`)), status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "variables are a string", req: hraw([]byte(`{"query":"{ __typename }","variables":"{}"}`)), status: []int{http.StatusBadRequest}, codes: badInput, noCypher: true},
		{name: "variables of the wrong types", req: hq(`query($id: ID!, $n: Int) { nodes(ids: [$id]) { id } projects(limit: $n) { id } }`, map[string]any{"id": map[string]any{"x": 1}, "n": "ten"}),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},
		{name: "a subscription", req: hq(`subscription { node(id: "msp") { id } }`, nil),
			status: refused, codes: []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, noCypher: true},
	}
	return cases
}
