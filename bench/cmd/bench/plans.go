package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/generated"
	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/resolvers"
)

// Plan is the deterministic cost of one query: the statements this API sends for it and
// the hand-written Cypher, each run once under PROFILE. Database hits and rows do not
// depend on the machine's load, so they compare the plans where latencies are noisy.
type Plan struct {
	Query          string
	Statements     int   // statements this API sent for the request
	OursDBHits     int64 // summed over its statements and their plans' operators
	OursRows       int64 // records its statements returned
	CypherDBHits   int64
	CypherRows     int64
	Error          string   `json:",omitempty"`
	OursOperators  []string `json:",omitempty"` // the costliest operators of our plan, for reading
	CypherOperator []string `json:",omitempty"`
}

// profilePlans answers every query in process — the same resolvers and store as
// `mineralgraph serve`, without the HTTP limits — with store.WithStatementLog recording
// the statements, then PROFILEs them and the hand-written Cypher on the same Neo4j.
func profilePlans(ctx context.Context, driver neo4j.DriverWithContext, queries []Query) []Plan {
	st := store.New(driver, "neo4j")
	// With statistics, as the server keeps them (some statements take counts from them);
	// without, the statements count for themselves.
	_ = st.KeepStats(time.Hour, time.Hour)
	gql := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: resolvers.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))}))
	gql.AddTransport(transport.POST{})
	h := loader.Middleware(st, gql)
	var plans []Plan
	for i := range queries {
		q := &queries[i]
		p := Plan{Query: q.Name}
		body, _ := json.Marshal(map[string]any{"query": q.GraphQL, "variables": q.Vars})
		rctx, log := store.WithStatementLog(ctx)
		req := httptest.NewRequestWithContext(rctx, http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var resp gqlResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 || rec.Code != http.StatusOK {
			p.Error = fmt.Sprintf("in-process request: HTTP %d: %.300s", rec.Code, rec.Body.String())
			plans = append(plans, p)
			continue
		}
		for _, s := range log.Statements() {
			prof, err := profile(ctx, driver, s.Query, s.Params)
			if err != nil {
				p.Error = "PROFILE of our statement: " + err.Error()
				break
			}
			p.Statements++
			p.OursDBHits += prof.dbHits
			p.OursRows += prof.rows
			p.OursOperators = append(p.OursOperators, prof.top...)
		}
		if p.Error == "" {
			prof, err := profile(ctx, driver, q.Cypher, q.Params)
			if err != nil {
				p.Error = "PROFILE of the raw Cypher: " + err.Error()
			} else {
				p.CypherDBHits, p.CypherRows, p.CypherOperator = prof.dbHits, prof.rows, prof.top
			}
		}
		plans = append(plans, p)
	}
	return plans
}

type profiled struct {
	dbHits, rows int64
	top          []string // the three operators with the most db hits
}

func profile(ctx context.Context, driver neo4j.DriverWithContext, query string, params map[string]any) (profiled, error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, "PROFILE "+query, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return profiled{}, err
	}
	out := profiled{rows: int64(len(res.Records))}
	type op struct {
		name string
		hits int64
	}
	var ops []op
	var walk func(p neo4j.ProfiledPlan)
	walk = func(p neo4j.ProfiledPlan) {
		out.dbHits += p.DbHits()
		ops = append(ops, op{p.Operator(), p.DbHits()})
		for _, c := range p.Children() {
			walk(c)
		}
	}
	if pp := res.Summary.Profile(); pp != nil {
		walk(pp)
	}
	for range 3 {
		best := -1
		for i, o := range ops {
			if o.hits > 0 && (best < 0 || o.hits > ops[best].hits) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out.top = append(out.top, fmt.Sprintf("%s %d", strings.TrimSuffix(ops[best].name, "@neo4j"), ops[best].hits))
		ops = append(ops[:best], ops[best+1:]...)
	}
	return out, nil
}
