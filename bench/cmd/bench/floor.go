package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/mineralgraph/mineralgraph/internal/bolt"
)

// The floor is the fourth system: the least an HTTP + JSON API over Neo4j can do for a
// query. A process of its own (this binary re-run with -serve-floor, like `mineralgraph
// serve` a separate process on loopback) whose net/http handler decodes a JSON body of
// Cypher parameters, runs the query's hand-written Cypher (bench/queries/*.cypher) as the
// server's reads run (an auto-commit read over internal/bolt; the driver for what that
// client leaves to it), and encodes every record as JSON: no GraphQL parsing, validation,
// cost checks or resolvers. The client decodes its answers as it does the GraphQL
// systems', so ours ÷ floor is the price of the GraphQL layer itself.

// serveFloor runs the floor server until it is killed.
func serveFloor(addr, queryDir, uri string, poolSize int) error {
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth(), func(c *neo4j.Config) { c.MaxConnectionPoolSize = poolSize })
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	lean, err := bolt.New(uri, "neo4j", "", "", poolSize)
	if err != nil {
		return err
	}
	defer lean.Close()
	files, err := filepath.Glob(filepath.Join(queryDir, "*.cypher"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no Cypher in %s", queryDir)
	}
	statements := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		statements[strings.TrimSuffix(filepath.Base(f), ".cypher")] = string(b)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := driver.VerifyConnectivity(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
		}
	})
	mux.HandleFunc("POST /cypher/{name}", func(w http.ResponseWriter, r *http.Request) {
		stmt, ok := statements[r.PathValue("name")]
		if !ok {
			http.Error(w, "no such query", http.StatusNotFound)
			return
		}
		var body struct {
			Params map[string]any `json:"params"`
		}
		dec := json.NewDecoder(r.Body)
		dec.UseNumber() // integers must reach Cypher as integers (LIMIT)
		if err := dec.Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		params, _ := fromJSONNumbers(body.Params).(map[string]any)
		res, err := floorRead(r.Context(), lean, driver, stmt, params)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"rows": recordsJSON(res)})
	})
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return (&http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}).Serve(l)
}

// floorRead runs a statement as the server's reads do (graph/store/read.go): over the
// Bolt client, within a deadline (the server's requests have one), through the driver
// when the client leaves it (a temporal value in the answer).
func floorRead(ctx context.Context, lean *bolt.Client, driver neo4j.DriverWithContext, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	res, err := lean.ReadResult(ctx, stmt, params)
	if !errors.Is(err, bolt.ErrUnsupported) {
		return res, err
	}
	return neo4j.ExecuteQuery(ctx, driver, stmt, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting())
}

// recordsJSON is the records of a result as JSON-ready maps.
func recordsJSON(res *neo4j.EagerResult) []any {
	rows := make([]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = jsonValue(r.AsMap())
	}
	return rows
}

// fromJSONNumbers turns json.Numbers into int64 where they are integers, else float64.
func fromJSONNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n
		}
		f, _ := v.Float64()
		return f
	case map[string]any:
		for k, e := range v {
			v[k] = fromJSONNumbers(e)
		}
	case []any:
		for i, e := range v {
			v[i] = fromJSONNumbers(e)
		}
	}
	return v
}

// jsonValue converts the driver's values into what encoding/json writes as their
// Cypher meaning (dates as ISO strings, nodes as their properties).
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = jsonValue(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonValue(e)
		}
		return out
	case dbtype.Node:
		return jsonValue(v.Props)
	case dbtype.Relationship:
		return jsonValue(v.Props)
	case dbtype.Date:
		return v.Time().Format("2006-01-02")
	case dbtype.LocalDateTime:
		return v.Time().Format("2006-01-02T15:04:05.999999999")
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case dbtype.Duration:
		return v.String()
	}
	return v
}

// floorSystem posts a query's parameters to the floor server.
type floorSystem struct {
	base   string
	client *http.Client
}

func newFloorSystem(base string, concurrency int) *floorSystem {
	return &floorSystem{base: base, client: httpClient(concurrency)}
}

func (s *floorSystem) name() string { return "floor" }

// fetch returns the floor's rows of one request, decoded as a client would.
func (s *floorSystem) fetch(ctx context.Context, q *Query, v Variant) ([]any, error) {
	body, err := postJSON(ctx, s.client, s.base+"/cypher/"+q.Name, map[string]any{"params": v.Params})
	if err != nil {
		return nil, err
	}
	var r struct {
		Rows []any `json:"rows"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("bad JSON: %w", err)
	}
	return r.Rows, nil
}

func (s *floorSystem) do(ctx context.Context, q *Query, v Variant) (int, error) {
	_, err := s.fetch(ctx, q, v)
	return 1, err
}

// crossCheckFloor compares the floor's rows with the raw Cypher's own (through the
// driver in this process), the first few variants of every query the floor runs: the
// floor must answer the same statement with every row, not an error or an empty page.
func crossCheckFloor(ctx context.Context, floor *floorSystem, driver neo4j.DriverWithContext, queries []Query, variants int) (checked int, mismatches []Mismatch) {
	for i := range queries {
		q := &queries[i]
		if q.Analytic {
			continue
		}
		checked++
		for _, v := range q.Pool[:min(variants, len(q.Pool))] {
			res, err := neo4j.ExecuteQuery(ctx, driver, q.Cypher, v.Params, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting())
			rows, ferr := floor.fetch(ctx, q, v)
			if err != nil || ferr != nil {
				mismatches = append(mismatches, Mismatch{q.Name + " (floor)", fmt.Sprintf("%s: raw Cypher: %v; floor: %v", describeVariant(v), err, ferr)})
				break
			}
			want, _ := json.Marshal(recordsJSON(res))
			got, _ := json.Marshal(rows)
			if a, b := normaliseRounded(got), normaliseRounded(want); a != b {
				d := strings.NewReplacer(" ours …", " floor …", " library …", " raw Cypher …").Replace(firstDifference(a, b))
				mismatches = append(mismatches, Mismatch{q.Name + " (floor vs raw Cypher)", describeVariant(v) + ": " + d})
				break
			}
		}
	}
	return checked, mismatches
}
