// Command cypherprof is the diagnostic behind bench/results' cost-growth notes:
//
//	go run ./bench/cmd/cypherprof URI start               # clear and start Neo4j's query collection
//	go run ./bench/cmd/cypherprof URI get                 # the Cypher statements run since, with their stats
//	go run ./bench/cmd/cypherprof URI profile FILE PARAMS # PROFILE a statement: operators, rows, db hits
//	go run ./bench/cmd/cypherprof URI load FILE PARAMS    # 50 runs at concurrency 1 and 4
//
// PARAMS is a JSON object; integers stay integers. Loopback URIs only, by convention.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	ctx := context.Background()
	d, _ := neo4j.NewDriverWithContext(os.Args[1], neo4j.NoAuth())
	switch os.Args[2] {
	case "start":
		_, err := neo4j.ExecuteQuery(ctx, d, "CALL db.stats.clear('QUERIES')", nil, neo4j.EagerResultTransformer)
		fmt.Println(err)
		_, err = neo4j.ExecuteQuery(ctx, d, "CALL db.stats.collect('QUERIES')", nil, neo4j.EagerResultTransformer)
		fmt.Println(err)
	case "get":
		r, err := neo4j.ExecuteQuery(ctx, d, "CALL db.stats.retrieve('QUERIES') YIELD data RETURN data", nil, neo4j.EagerResultTransformer)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, rec := range r.Records {
			v, _ := rec.Get("data")
			b, _ := json.MarshalIndent(v, "", " ")
			fmt.Println(string(b))
		}
	case "load":
		q, _ := os.ReadFile(os.Args[3])
		var params map[string]any
		dec := json.NewDecoder(strings.NewReader(os.Args[4]))
		dec.UseNumber()
		dec.Decode(&params)
		for k, v := range params {
			if n, ok := v.(json.Number); ok {
				if i, err := n.Int64(); err == nil {
					params[k] = i
				} else {
					f, _ := n.Float64()
					params[k] = f
				}
			}
		}
		for _, c := range []int{1, 4} {
			var wg sync.WaitGroup
			t := time.Now()
			for range c {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 50 {
						if _, err := neo4j.ExecuteQuery(ctx, d, string(q), params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting()); err != nil {
							fmt.Println(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			fmt.Printf("c=%d: %v per request (wall/requests*c)\n", c, time.Since(t)/time.Duration(50))
		}
	case "profile":
		q, _ := os.ReadFile(os.Args[3])
		var params map[string]any
		dec := json.NewDecoder(strings.NewReader(os.Args[4]))
		dec.UseNumber()
		dec.Decode(&params)
		for k, v := range params {
			if n, ok := v.(json.Number); ok {
				if i, err := n.Int64(); err == nil {
					params[k] = i
				} else {
					f, _ := n.Float64()
					params[k] = f
				}
			}
		}
		r, err := neo4j.ExecuteQuery(ctx, d, "PROFILE "+string(q), params, neo4j.EagerResultTransformer)
		if err != nil {
			fmt.Println(err)
			return
		}
		var walk func(p neo4j.ProfiledPlan, depth int)
		walk = func(p neo4j.ProfiledPlan, depth int) {
			fmt.Printf("%*s%s rows=%d hits=%d %v\n", depth*2, "", p.Operator(), p.Records(), p.DbHits(), p.Arguments()["Details"])
			for _, c := range p.Children() {
				walk(c, depth+1)
			}
		}
		walk(r.Summary.Profile(), 0)
	}
}
