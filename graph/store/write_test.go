package store_test

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

func prov(quote string) map[string]any {
	return map[string]any{"sources": []string{"src"}, "quotes": []string{quote}}
}

func with(base map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// tinyBatch: a source, a country, a partnership and a membership.
func tinyBatch() store.Batch {
	return store.Batch{
		Nodes: []store.NodeInput{
			{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
			{Type: "Country", ID: "JP", Props: with(prov("Japan"), "name", "Japan", "aliases", []string{}, "description", nil)},
			{Type: "Partnership", ID: "msp", Props: with(prov("the MSP"), "name", "Minerals Security Partnership",
				"aliases", []string{"MSP", "Mineral Security Partnership"}, "kind", "INITIATIVE", "validFrom", "2022-06")},
		},
		Relations: []store.RelationInput{
			{Type: "MEMBER_OF", From: "JP", FromType: "Country", To: "msp", ToType: "Partnership",
				Props: with(prov("Japan is a founding partner"), "role", "FOUNDING_PARTNER", "validFrom", "2022-06-14")},
		},
	}
}

func apply(t *testing.T, s *store.Store, b store.Batch, opt store.ApplyOptions) store.Summary {
	t.Helper()
	sum, err := s.Apply(context.Background(), b, opt)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return sum
}

func TestApplyCountsAndIdempotence(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)

	sum := apply(t, s, tinyBatch(), store.ApplyOptions{})
	if want := (store.Summary{NodesCreated: 3, RelationsCreated: 1}); sum != want {
		t.Errorf("first Apply = %v, want %v", sum, want)
	}
	if !sum.Changed() {
		t.Error("first Apply: Changed() = false")
	}

	sum = apply(t, s, tinyBatch(), store.ApplyOptions{})
	if want := (store.Summary{NodesUnchanged: 3, RelationsUnchanged: 1}); sum != want {
		t.Errorf("second Apply = %v, want %v", sum, want)
	}
	if sum.Changed() {
		t.Error("second Apply: Changed() = true")
	}

	b := tinyBatch()
	b.Nodes[2].Props["name"] = "Minerals Security Partnership (MSP)"
	delete(b.Nodes[2].Props, "validFrom") // a dropped property is removed
	b.Relations[0].Props["role"] = "OBSERVER"
	sum = apply(t, s, b, store.ApplyOptions{})
	if want := (store.Summary{NodesUpdated: 1, NodesUnchanged: 2, RelationsUpdated: 1}); sum != want {
		t.Errorf("changed Apply = %v, want %v", sum, want)
	}

	rows := storetest.Query(t, driver, `MATCH (n:Partnership {id: 'msp'}) RETURN labels(n) AS labels, properties(n) AS props`, nil)
	if len(rows) != 1 {
		t.Fatalf("%d msp nodes, want 1", len(rows))
	}
	props := rows[0]["props"].(map[string]any)
	if _, ok := props["validFrom"]; ok {
		t.Error("validFrom survived an update that dropped it")
	}
	if props["aliasText"] != "MSP | Mineral Security Partnership" || props["name"] != "Minerals Security Partnership (MSP)" || props["id"] != "msp" {
		t.Errorf("msp props = %v", props)
	}
	if labels := sortedStrings(rows[0]["labels"].([]any)); !reflect.DeepEqual(labels, wantLabels("Partnership")) {
		t.Errorf("msp labels = %v, want %v", labels, wantLabels("Partnership"))
	}
	rel := storetest.Query(t, driver, `MATCH (:Country {id: 'JP'})-[r:MEMBER_OF]->(:Partnership {id: 'msp'}) RETURN properties(r) AS props`, nil)
	if len(rel) != 1 {
		t.Fatalf("%d MEMBER_OF relationships, want 1", len(rel))
	}
	if rp := rel[0]["props"].(map[string]any); rp["id"] != "JP|MEMBER_OF|msp|" || rp["role"] != "OBSERVER" {
		t.Errorf("relationship props = %v", rp)
	}
	jp := storetest.Query(t, driver, `MATCH (n:Country {id: 'JP'}) RETURN properties(n) AS props`, nil)[0]["props"].(map[string]any)
	if _, ok := jp["description"]; ok {
		t.Error("a nil property was stored")
	}
	if !reflect.DeepEqual(jp["aliases"], []any{}) || jp["aliasText"] != "" {
		t.Errorf("JP aliases = %#v, aliasText = %#v", jp["aliases"], jp["aliasText"])
	}
}

// wantLabels is the labels of the type from the metadata, sorted.
func wantLabels(typeName string) []string {
	out := append([]string(nil), store.NodeTypes[typeName].Labels...)
	sort.Strings(out)
	return out
}

func sortedStrings(list []any) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i], _ = v.(string)
	}
	sort.Strings(out)
	return out
}

func TestApplyKeyTellsRelationsApart(t *testing.T) {
	s := storetest.New(t)
	b := tinyBatch()
	chair := b.Relations[0]
	chair.Key = "chair-2024"
	chair.Props = with(prov("Japan chaired"), "role", "OBSERVER")
	b.Relations = append(b.Relations, chair)
	if sum := apply(t, s, b, store.ApplyOptions{}); sum.RelationsCreated != 2 {
		t.Errorf("Apply = %v, want 2 relations created", sum)
	}
}

func TestApplyProgress(t *testing.T) {
	s := storetest.New(t)
	var calls [][2]int
	apply(t, s, tinyBatch(), store.ApplyOptions{Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	// One call per UNWIND batch: Source, Country, Partnership, then MEMBER_OF.
	want := [][2]int{{1, 4}, {2, 4}, {3, 4}, {4, 4}}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("progress calls = %v, want %v", calls, want)
	}
}

func TestApplyReplace(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	b := tinyBatch()
	b.Nodes = append(b.Nodes, store.NodeInput{Type: "Country", ID: "US", Props: with(prov("the US"), "name", "United States", "aliases", []string{"USA"})})
	b.Relations = append(b.Relations,
		store.RelationInput{Type: "MEMBER_OF", From: "US", FromType: "Country", To: "msp", ToType: "Partnership",
			Props: with(prov("the US is a partner"), "role", "FOUNDING_PARTNER")},
		store.RelationInput{Type: "MEMBER_OF", From: "JP", FromType: "Country", To: "msp", ToType: "Partnership", Key: "chair-2024",
			Props: with(prov("Japan chaired"), "role", "OBSERVER")})
	apply(t, s, b, store.ApplyOptions{})

	// Without US and without the chair relation: US goes with its relationship, the
	// chair relation between two remaining nodes goes too.
	sum := apply(t, s, tinyBatch(), store.ApplyOptions{Replace: true})
	if want := (store.Summary{NodesUnchanged: 3, NodesDeleted: 1, RelationsUnchanged: 1, RelationsDeleted: 2}); sum != want {
		t.Errorf("replace = %v, want %v", sum, want)
	}
	if n := storetest.Count(t, driver, "MATCH (n {id: 'US'}) RETURN count(n) AS n", nil); n != 0 {
		t.Errorf("US still there")
	}
	if nodes, rels := storetest.Totals(t, driver); nodes != 3 || rels != 1 {
		t.Errorf("after replace: %d nodes, %d relationships; want 3, 1", nodes, rels)
	}
	if sum := apply(t, s, tinyBatch(), store.ApplyOptions{Replace: true}); sum.Changed() {
		t.Errorf("replace again = %v, want no change", sum)
	}
}

// TestApplyReplaceIsOneTransaction: when the transaction fails after the writes and
// before the deletions (here: the context is cancelled once the last batch is written),
// neither the writes nor the deletions happen.
func TestApplyReplaceIsOneTransaction(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	b := tinyBatch()
	b.Nodes = append(b.Nodes, store.NodeInput{Type: "Country", ID: "US", Props: with(prov("the US"), "name", "United States")})
	apply(t, s, b, store.ApplyOptions{})

	next := tinyBatch()
	next.Nodes = append(next.Nodes, store.NodeInput{Type: "Country", ID: "KR", Props: with(prov("Korea"), "name", "South Korea")})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := s.Apply(ctx, next, store.ApplyOptions{Replace: true, Progress: func(done, total int) {
		if done == total {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("Apply with a cancelled context succeeded")
	}
	if n := storetest.Count(t, driver, "MATCH (n:Country {id: 'US'}) RETURN count(n) AS n", nil); n != 1 {
		t.Error("US was deleted by a failed Apply")
	}
	if n := storetest.Count(t, driver, "MATCH (n:Country {id: 'KR'}) RETURN count(n) AS n", nil); n != 0 {
		t.Error("KR was written by a failed Apply")
	}
}

// TestApplyMidTransactionFailure: a relation to a node that exists nowhere, after valid
// nodes in the same batch, fails the whole transaction.
func TestApplyMidTransactionFailure(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	b := tinyBatch()
	b.Relations = append(b.Relations, store.RelationInput{Type: "MEMBER_OF", From: "KR", FromType: "Country", To: "msp", ToType: "Partnership",
		Props: with(prov("Korea chaired"), "role", "OBSERVER")})
	_, err := s.Apply(context.Background(), b, store.ApplyOptions{})
	if apperr.CodeOf(err) != apperr.BadUserInput {
		t.Fatalf("err = %v, want BAD_USER_INPUT", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `MEMBER_OF from "KR" to "msp"`) || !strings.Contains(msg, `Country "KR" does not exist`) {
		t.Errorf("error %q does not name the relation and the missing endpoint", msg)
	}
	if nodes, rels := storetest.Totals(t, driver); nodes != 0 || rels != 0 {
		t.Errorf("after a failed Apply: %d nodes, %d relationships; want none", nodes, rels)
	}
}

// TestApplyRelationToExistingNode: an end may be in the database instead of the batch.
func TestApplyRelationToExistingNode(t *testing.T) {
	s := storetest.New(t)
	apply(t, s, tinyBatch(), store.ApplyOptions{})
	b := store.Batch{
		Nodes: []store.NodeInput{{Type: "Country", ID: "KR", Props: with(prov("Korea"), "name", "South Korea")}},
		Relations: []store.RelationInput{{Type: "MEMBER_OF", From: "KR", FromType: "Country", To: "msp", ToType: "Partnership",
			Props: with(prov("Korea chaired"), "role", "OBSERVER")}},
	}
	if sum := apply(t, s, b, store.ApplyOptions{}); sum != (store.Summary{NodesCreated: 1, RelationsCreated: 1}) {
		t.Errorf("Apply = %v", sum)
	}
}

func TestApplyConflict(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	apply(t, s, tinyBatch(), store.ApplyOptions{})
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Country", ID: "KR", Props: with(prov("Korea"), "name", "South Korea")},
		{Type: "Mineral", ID: "msp", Props: with(prov("msp"), "name", "Mystery", "kind", "ELEMENT")},
	}}
	_, err := s.Apply(context.Background(), b, store.ApplyOptions{})
	if apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), `"msp" is a Partnership`) {
		t.Fatalf("err = %v, want CONFLICT naming msp", err)
	}
	if n := storetest.Count(t, driver, "MATCH (n {id: 'KR'}) RETURN count(n) AS n", nil); n != 0 {
		t.Error("KR was written by a failed Apply")
	}
}

// TestApplyRejectsInvalidBatch: checks against the metadata happen before Neo4j is asked.
func TestApplyRejectsInvalidBatch(t *testing.T) {
	s := store.New(nil, "neo4j") // never reached
	rel := func(typ, from, fromType, to, toType string) store.RelationInput {
		return store.RelationInput{Type: typ, From: from, FromType: fromType, To: to, ToType: toType, Props: with(prov("q"), "role", "PARTNER")}
	}
	country := with(prov("q"), "name", "X")
	mineral := with(prov("q"), "name", "X", "kind", "ELEMENT")
	cases := []struct {
		name  string
		batch store.Batch
		opt   store.ApplyOptions
		want  string
	}{
		{"unknown type", store.Batch{Nodes: []store.NodeInput{{Type: "Planet", ID: "x"}}}, store.ApplyOptions{}, `unknown node type "Planet"`},
		{"no id", store.Batch{Nodes: []store.NodeInput{{Type: "Country"}}}, store.ApplyOptions{}, "has no id"},
		{"duplicate id", store.Batch{Nodes: []store.NodeInput{{Type: "Country", ID: "x", Props: country}, {Type: "Mineral", ID: "x", Props: mineral}}}, store.ApplyOptions{}, `id "x" appears twice`},
		{"unknown property", store.Batch{Nodes: []store.NodeInput{{Type: "Country", ID: "x", Props: with(country, "colour", "red")}}}, store.ApplyOptions{}, `Country "x": unknown property "colour"`},
		{"bad enum value", store.Batch{Nodes: []store.NodeInput{{Type: "Mineral", ID: "x", Props: with(mineral, "kind", "ROCK")}}}, store.ApplyOptions{}, `"ROCK" is not a MineralKind value`},
		{"bad date", store.Batch{Nodes: []store.NodeInput{{Type: "Event", ID: "x", Props: with(country, "kind", "CRISIS", "validFrom", "2010-13")}}}, store.ApplyOptions{}, `"2010-13" is not a calendar date`},
		{"wrong value type", store.Batch{Nodes: []store.NodeInput{{Type: "Measurement", ID: "x", Props: with(country, "metric", "TARIFF_RATE", "value", "high", "unit", "%")}}}, store.ApplyOptions{}, "expected a number"},
		{"missing required property", store.Batch{Nodes: []store.NodeInput{{Type: "Mineral", ID: "x", Props: with(prov("q"), "name", "X")}}}, store.ApplyOptions{}, `required property "kind" is missing`},
		{"no provenance", store.Batch{Nodes: []store.NodeInput{{Type: "Country", ID: "x", Props: map[string]any{"name": "X"}}}}, store.ApplyOptions{}, "provenance is required"},
		{"server-set property", store.Batch{Nodes: []store.NodeInput{{Type: "Country", ID: "x", Props: with(country, "updatedBy", "me")}}}, store.ApplyOptions{}, "updatedBy is set by the server"},
		{"undeclared relation", store.Batch{Relations: []store.RelationInput{rel("MEMBER_OF", "JP", "Country", "li", "Mineral")}}, store.ApplyOptions{}, "MEMBER_OF from Country to Mineral is not declared"},
		{"unknown relation property", store.Batch{Relations: []store.RelationInput{{Type: "MEMBER_OF", From: "JP", FromType: "Country", To: "msp", ToType: "Partnership", Props: with(prov("q"), "role", "PARTNER", "colour", "red")}}}, store.ApplyOptions{}, `relation JP|MEMBER_OF|msp|: unknown property "colour"`},
		{"duplicate relation", store.Batch{Relations: []store.RelationInput{rel("MEMBER_OF", "JP", "Country", "msp", "Partnership"), rel("MEMBER_OF", "JP", "Country", "msp", "Partnership")}}, store.ApplyOptions{}, "appears twice"},
		{"end of another type", store.Batch{Nodes: []store.NodeInput{{Type: "Mineral", ID: "JP", Props: mineral}}, Relations: []store.RelationInput{rel("MEMBER_OF", "JP", "Country", "msp", "Partnership")}}, store.ApplyOptions{}, `"JP" is a Mineral in the batch, not a Country`},
		{"replace with an end outside the batch", store.Batch{Relations: []store.RelationInput{rel("MEMBER_OF", "JP", "Country", "msp", "Partnership")}}, store.ApplyOptions{Replace: true}, `Country "JP" is not in the batch`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Apply(context.Background(), c.batch, c.opt)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.BadUserInput || !strings.Contains(e.Message, c.want) {
				t.Errorf("err = %v, want BAD_USER_INPUT containing %q", err, c.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	if (store.Summary{NodesUnchanged: 3, RelationsUnchanged: 1}).Changed() {
		t.Error("unchanged summary reports a change")
	}
	for _, s := range []store.Summary{{NodesCreated: 1}, {NodesUpdated: 1}, {NodesDeleted: 1}, {RelationsCreated: 1}, {RelationsUpdated: 1}, {RelationsDeleted: 1}} {
		if !s.Changed() {
			t.Errorf("%v: Changed() = false", s)
		}
	}
	got := (store.Summary{NodesCreated: 1, NodesUpdated: 2, NodesUnchanged: 3, NodesDeleted: 4, RelationsCreated: 5, RelationsUpdated: 6, RelationsUnchanged: 7, RelationsDeleted: 8}).String()
	want := "nodes 1 created, 2 updated, 3 unchanged, 4 deleted; relations 5 created, 6 updated, 7 unchanged, 8 deleted"
	if got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// Writes take their turn under the process's bound of database calls, as reads do: with
// every slot held by a read, a write waits and, when its deadline passes first, fails
// with DATABASE_BUSY having written nothing; once the slot is free it goes through.
func TestWritesShareTheCallBound(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	s.SetCallLimit(1)
	held := make(chan struct{})
	release := make(chan struct{})
	go func() {
		ctx := store.WithCallLimit(context.Background(), 1)
		_ = store.HoldCall(s, ctx, func() { close(held); <-release })
	}()
	<-held
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := s.Apply(ctx, tinyBatch(), store.ApplyOptions{}); apperr.CodeOf(err) != apperr.DatabaseBusy {
		t.Fatalf("a write while the only slot is held: %v, want DATABASE_BUSY", err)
	}
	if _, err := s.Delete(ctx, []string{"JP"}, nil); apperr.CodeOf(err) != apperr.DatabaseBusy {
		t.Errorf("a delete while the only slot is held: %v, want DATABASE_BUSY", err)
	}
	if n, _ := storetest.Totals(t, driver); n != 0 {
		t.Errorf("%d nodes written by a write that was refused", n)
	}
	close(release)
	apply(t, s, tinyBatch(), store.ApplyOptions{})
}
