package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed"
)

// BenchmarkRequests measures whole requests in process (HTTP handler, GraphQL, store,
// Neo4j) on the seed data set, each beside the same question in raw Cypher through the
// driver: api/cypher is the cost of this layer. A profile (-cpuprofile) shows where the
// layer's share goes; bench/ measures at scale, over loopback, against the library.
//
//	make bench-go
func BenchmarkRequests(b *testing.B) {
	st, driver := storetest.NewWithDriver(b)
	ds, problems := seed.LoadEmbedded()
	if len(problems) > 0 {
		b.Fatalf("seed: %v", problems)
	}
	ctx := context.Background()
	if _, err := st.Apply(ctx, ds.Batch(), store.ApplyOptions{}); err != nil {
		b.Fatal(err)
	}
	h := testenv.Over(b, st, driver).Handler
	cases := []struct {
		name, query, cypher string
		vars                map[string]any
	}{
		{
			name:  "lookup",
			query: `query($id: ID!) { projects(where: { id: { eq: $id } }) { id name stage country { id name } operators { id name } minerals { id name symbol } } }`,
			cypher: `MATCH (p:Project {id: $id}) RETURN p.id AS id, p.name AS name, p.stage AS stage,
				COLLECT { MATCH (p)-[:LOCATED_IN]->(c:Country) RETURN {id: c.id, name: c.name} } AS country,
				COLLECT { MATCH (p)<-[:OPERATES]-(o:Organization) RETURN {id: o.id, name: o.name} } AS operators,
				COLLECT { MATCH (p)-[:INVOLVES_MINERAL]->(m:Mineral) RETURN {id: m.id, name: m.name, symbol: m.symbol} } AS minerals`,
			vars: map[string]any{"id": "balama"},
		},
		{
			name: "nested",
			query: `query($id: ID!) { partnerships(where: { id: { eq: $id } }) { id name
				memberCountries(sort: [{ name: ASC }]) { id name organizations(sort: [{ name: ASC }], limit: 5) { id name financesProjects(limit: 3) { id name } } } } }`,
			cypher: `MATCH (p:Partnership {id: $id}) RETURN p.id AS id, p.name AS name,
				COLLECT { MATCH (p)<-[:MEMBER_OF]-(c:Country) WITH DISTINCT c ORDER BY c.name RETURN {id: c.id, name: c.name,
					organizations: COLLECT { MATCH (c)<-[:BASED_IN]-(o:Organization) WITH DISTINCT o ORDER BY o.name LIMIT 5 RETURN {id: o.id, name: o.name,
						financesProjects: COLLECT { MATCH (o)-[:FINANCES]->(x:Project) WITH DISTINCT x LIMIT 3 RETURN {id: x.id, name: x.name} } } } } } AS members`,
			vars: map[string]any{"id": "msp"},
		},
	}
	for _, c := range cases {
		body, err := json.Marshal(map[string]any{"query": c.query, "variables": c.vars})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name+"/api", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("HTTP %d: %.300s", rec.Code, rec.Body.String())
				}
			}
		})
		b.Run(c.name+"/cypher", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				res, err := neo4j.ExecuteQuery(qctx, driver, c.cypher, c.vars, neo4j.EagerResultTransformer)
				cancel()
				if err != nil || len(res.Records) != 1 {
					b.Fatalf("%v, %d records", err, len(res.Records))
				}
			}
		})
	}
}
