package store_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

func cited(m map[string]any) map[string]any {
	m["sources"], m["quotes"] = []string{"src"}, []string{"It says so."}
	return m
}

// bulkBatches is a small graph in two batches, the second's relationships ending at
// nodes of the first, of itself and of the database (the country FR, written before).
func bulkBatches() []store.Batch {
	entity := func(typ, id string, props map[string]any) store.NodeInput {
		props["name"], props["aliases"] = "The "+id, []string{id, "alias of " + id}
		return store.NodeInput{Type: typ, ID: id, Props: cited(props)}
	}
	rel := func(typ, fromType, from, toType, to string, props map[string]any) store.RelationInput {
		return store.RelationInput{Type: typ, FromType: fromType, From: from, ToType: toType, To: to, Props: cited(props)}
	}
	return []store.Batch{
		{Nodes: []store.NodeInput{ // the source they cite is written with FR
			entity("Country", "CL", map[string]any{}),
			entity("Organization", "jogmec", map[string]any{"kind": "FINANCIER", "description": "A financier"}),
			entity("Project", "salar", map[string]any{"stage": "MINING", "status": "OPERATING"}),
		}},
		{
			Nodes: []store.NodeInput{entity("Project", "refinery", map[string]any{"stage": "REFINING"})},
			Relations: []store.RelationInput{
				rel("LOCATED_IN", "Project", "salar", "Country", "CL", map[string]any{"validFrom": "2020-05"}),
				rel("LOCATED_IN", "Project", "refinery", "Country", "FR", map[string]any{}),
				rel("BASED_IN", "Organization", "jogmec", "Country", "FR", map[string]any{"note": "Tokyo"}),
				rel("FINANCES", "Organization", "jogmec", "Project", "refinery", map[string]any{"instrument": "LOAN", "amount": 12.5, "currency": "USD"}),
				rel("FINANCES", "Organization", "jogmec", "Project", "salar", map[string]any{"instrument": "EQUITY", "stake": 0.25}),
			},
		},
	}
}

func writeFrance(t *testing.T, s *store.Store) {
	t.Helper()
	_, err := s.Apply(context.Background(), store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: cited(map[string]any{"title": "A source", "evidence": "VERBATIM"})},
		{Type: "Country", ID: "FR", Props: cited(map[string]any{"name": "France", "aliases": []string{}})},
	}}, store.ApplyOptions{Writer: "test"})
	if err != nil {
		t.Fatal(err)
	}
}

// storedGraph is every node and relationship as text, without the time of the write.
func storedGraph(t *testing.T, driver neo4j.DriverWithContext) []string {
	t.Helper()
	var out []string
	for _, r := range storetest.Query(t, driver, "MATCH (n) WHERE NOT n:"+store.InternalLabels+" RETURN labels(n) AS l, properties(n) AS p", nil) {
		p := r["p"].(map[string]any)
		delete(p, "updatedAt")
		out = append(out, fmt.Sprintf("node %v %v", r["l"], sortedMap(p)))
	}
	for _, r := range storetest.Query(t, driver, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p", nil) {
		p := r["p"].(map[string]any)
		delete(p, "updatedAt")
		out = append(out, fmt.Sprintf("rel %v %v %v %v", r["a"], r["t"], r["b"], sortedMap(p)))
	}
	slices.Sort(out)
	return out
}

func sortedMap(m map[string]any) string {
	s := ""
	for _, k := range slices.Sorted(maps.Keys(m)) {
		s += fmt.Sprintf("%s=%#v ", k, m[k])
	}
	return s
}

// TestBulkLoadStoresWhatApplyStores writes the same batches with Apply and with a
// BulkLoad (ends in its own batch, in an earlier one, in the database) and compares
// every stored node and relationship: labels, properties and their types, audit stamp.
func TestBulkLoadStoresWhatApplyStores(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	writeFrance(t, s)
	for _, b := range bulkBatches() {
		if _, err := s.Apply(ctx, b, store.ApplyOptions{Writer: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	applied := storedGraph(t, driver)
	if len(applied) != 11 {
		t.Fatalf("Apply stored %d nodes and relationships, want 11:\n%v", len(applied), applied)
	}

	storetest.Query(t, driver, "MATCH (n) DETACH DELETE n", nil)
	writeFrance(t, s)
	load := s.NewBulkLoad()
	created := 0
	for _, b := range bulkBatches() {
		sum, err := load.CreateNewUnsummarised(ctx, b, store.ApplyOptions{Writer: "test"})
		if err != nil {
			t.Fatal(err)
		}
		created += sum.NodesCreated + sum.RelationsCreated
	}
	if created != 9 {
		t.Errorf("the bulk load counts %d nodes and relationships created, want 9", created)
	}
	if bulk := storedGraph(t, driver); !slices.Equal(bulk, applied) {
		t.Errorf("the bulk load stored\n%v\nApply stored\n%v", bulk, applied)
	}
}

// TestBulkLoadFindsItsNodesByInternalID: a node the load created is found by its internal
// id even once its id property has changed (by id it would not be found), while a node
// of another writer is found by id.
func TestBulkLoadFindsItsNodesByInternalID(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	writeFrance(t, s)
	batches := bulkBatches()
	load := s.NewBulkLoad()
	if _, err := load.CreateNewUnsummarised(ctx, batches[0], store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	storetest.Query(t, driver, "MATCH (p:Project {id: 'salar'}) SET p.id = 'renamed'", nil)
	if _, err := load.CreateNewUnsummarised(ctx, batches[1], store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	rows := storetest.Query(t, driver, "MATCH (a)-[r]->(b) RETURN a.id + ' ' + type(r) + ' ' + b.id AS rel ORDER BY rel", nil)
	var got []string
	for _, r := range rows {
		got = append(got, r["rel"].(string))
	}
	want := []string{"jogmec BASED_IN FR", "jogmec FINANCES refinery", "jogmec FINANCES renamed", "refinery LOCATED_IN FR", "renamed LOCATED_IN CL"}
	if !slices.Equal(got, want) {
		t.Errorf("relationships %v, want %v", got, want)
	}
}

// TestBulkLoadRefusesAMissingOrMistypedEnd: a relationship whose end is not there, or
// is a node of the load of another type than declared, fails its whole batch.
func TestBulkLoadRefusesAMissingOrMistypedEnd(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	writeFrance(t, s)
	load := s.NewBulkLoad()
	if _, err := load.CreateNewUnsummarised(ctx, bulkBatches()[0], store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	nodes, rels := storetest.Totals(t, driver)
	for name, r := range map[string]store.RelationInput{
		"missing":  {Type: "LOCATED_IN", FromType: "Project", From: "salar", ToType: "Country", To: "XX"},
		"mistyped": {Type: "LOCATED_IN", FromType: "Project", From: "jogmec", ToType: "Country", To: "CL"},
	} {
		r.Props = cited(map[string]any{})
		b := store.Batch{
			Nodes: []store.NodeInput{{Type: "Country", ID: "DE", Props: cited(map[string]any{"name": "Germany", "aliases": []string{}})}},
			Relations: []store.RelationInput{r,
				{Type: "LOCATED_IN", FromType: "Project", From: "salar", ToType: "Country", To: "DE", Props: cited(map[string]any{})}},
		}
		_, err := load.CreateNewUnsummarised(ctx, b, store.ApplyOptions{})
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.BadUserInput {
			t.Errorf("%s end: error %v, want BAD_USER_INPUT", name, err)
		}
		if n, m := storetest.Totals(t, driver); n != nodes || m != rels {
			t.Errorf("%s end: %d nodes and %d relationships after the failed batch, want %d and %d", name, n, m, nodes, rels)
		}
	}
}
