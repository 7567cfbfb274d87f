package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed/seedtest"
)

// Tests of the query API on the real seeded data set. Expected answers come either from
// the data (seed/data/*.yaml, named in comments) or from hand-written Cypher run
// directly, which the compiled queries must agree with.

func newSeeded(t *testing.T) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	return seedtest.Store(t)
}

// truth runs hand-written Cypher returning a column `id`.
func truth(t *testing.T, driver neo4j.DriverWithContext, q string) []string {
	t.Helper()
	rows := storetest.Query(t, driver, q, nil)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i], _ = r["id"].(string)
	}
	return out
}

func TestSeededExampleQuestion(t *testing.T) {
	s, _ := newSeeded(t)
	// "Refining projects on graphite (or a form of graphite) supported by the MSP and
	// financed by JOGMEC."
	refining := obj{"stage": obj{"eq": "REFINING"}}
	graphite := obj{"minerals": obj{"some": obj{"OR": []any{
		obj{"id": obj{"eq": "graphite"}},
		obj{"partOf": obj{"some": obj{"id": obj{"eq": "graphite"}}}},
	}}}}
	msp := obj{"supportingPartnerships": obj{"some": obj{"id": obj{"eq": "msp"}}}}
	jogmec := obj{"financiers": obj{"some": obj{"id": obj{"eq": "jogmec"}}}}
	anyFinancier := obj{"financiers": obj{"some": obj{"kind": obj{"eq": "FINANCIER"}}}}
	and := func(parts ...obj) obj {
		l := make([]any, len(parts))
		for i, p := range parts {
			l[i] = p
		}
		return obj{"AND": l}
	}
	projects := func(w obj) []string { return list(t, s, "Project", store.ListArgs{Where: w}) }

	// The data has no such project: JOGMEC finances none (it owns 40% of Lofdal);
	// the graphite projects (Balama, Epanko, Siviour) are mines; the refining projects the
	// MSP supports are Chvaletice (manganese) and Tech Townsville (nickel, cobalt).
	wantIDs(t, "the question", projects(and(refining, graphite, msp, jogmec)))
	// Each part on its own (seed/data/projects.yaml, public-facts.yaml).
	wantIDs(t, "refining", projects(refining), "chvaletice", "ecograf-bam-facility", "lionheart", "ontario-cobalt-refinery", "tech-townsville")
	wantIDs(t, "graphite or a form of it", projects(graphite), "balama", "epanko", "siviour")
	wantIDs(t, "supported by the MSP", projects(msp), "balama", "chvaletice", "epanko", "hypromag-magnet-recycling", "kabanga", "tech-townsville")
	wantIDs(t, "financed by JOGMEC", projects(jogmec))
	wantIDs(t, "owned in part by JOGMEC", projects(obj{"owners": obj{"some": obj{"id": obj{"eq": "jogmec"}}}}), "lofdal")
	// Relaxations that do have answers.
	wantIDs(t, "refining and MSP", projects(and(refining, msp)), "chvaletice", "tech-townsville")
	wantIDs(t, "refining, MSP, any financier", projects(and(refining, msp, anyFinancier)), "tech-townsville")
	wantIDs(t, "graphite and MSP", projects(and(graphite, msp)), "balama", "epanko")
	wantIDs(t, "graphite, MSP, any financier", projects(and(graphite, msp, anyFinancier)), "balama", "epanko")
	// The same question through a connection: financed by JOGMEC by a loan.
	wantIDs(t, "financed with a LOAN", projects(obj{"financiersConnection": obj{"some": obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}}}),
		"balama", "ecograf-bam-facility", "epanko", "nolans", "serra-verde-pela-ema", "siviour", "tech-townsville")
	wantIDs(t, "JOGMEC's stake is 40%", projects(obj{"ownersConnection": obj{"some": obj{
		"node": obj{"id": obj{"eq": "jogmec"}}, "edge": obj{"stake": obj{"eq": 40}}}}}), "lofdal")
	// As a connection, with the total.
	p := page(t, s, "Project", store.PageArgs{Where: and(graphite, msp), Sort: []map[string]any{{"name": "ASC"}}}, true)
	if p.TotalCount != 2 || len(p.Edges) != 2 || p.HasNextPage {
		t.Errorf("connection: total %d, %d edges, next %v", p.TotalCount, len(p.Edges), p.HasNextPage)
	}
}

func TestSeededOperatorsAgreeWithCypher(t *testing.T) {
	s, driver := newSeeded(t)
	tests := []struct {
		typ   string
		where obj
		q     string // MATCH (n:…) WHERE <q> RETURN n.id AS id ORDER BY id
	}{
		{"Organization", obj{"kind": obj{"eq": "FINANCIER"}}, "n.kind = 'FINANCIER'"},
		{"Organization", obj{"kind": obj{"in": []any{"COMPANY", "JOINT_VENTURE"}}}, "n.kind IN ['COMPANY', 'JOINT_VENTURE']"},
		{"Organization", obj{"name": obj{"contains": "Bank"}}, "n.name CONTAINS 'Bank'"},
		{"Organization", obj{"name": obj{"startsWith": "US "}}, "n.name STARTS WITH 'US '"},
		{"Agreement", obj{"name": obj{"endsWith": "Partnership"}}, "n.name ENDS WITH 'Partnership'"},
		{"Agreement", obj{"id": obj{"startsWith": "australia-"}}, "n.id STARTS WITH 'australia-'"},
		{"Country", obj{"id": obj{"in": []any{"US", "JP", "XX"}}}, "n.id IN ['US', 'JP']"},
		{"Country", obj{"territory": obj{"eq": true}}, "n.territory = true"},
		{"Country", obj{"aliases": obj{"includes": "UK"}}, "'UK' IN n.aliases"},
		{"Measurement", obj{"value": obj{"gt": 50}}, "n.value > 50"},
		{"Measurement", obj{"value": obj{"lte": 10.5}}, "n.value <= 10.5"},
		{"Measurement", obj{"year": obj{"gte": 2024}}, "n.year >= 2024"},
		{"Measurement", obj{"year": obj{"lt": 2020}}, "n.year < 2020"},
		{"Measurement", obj{"unit": obj{"eq": "%"}, "valueMax": obj{"eq": nil}}, "n.unit = '%' AND n.valueMax IS NULL"},
		{"Partnership", obj{"validFrom": obj{"lt": "2023"}}, "n.validFrom < '2023'"},
		{"Partnership", obj{"validFrom": obj{"gte": "2024-09"}}, "n.validFrom >= '2024-09'"},
		{"Policy", obj{"OR": []any{obj{"kind": obj{"eq": "TARIFF"}}, obj{"status": obj{"eq": "PROPOSED"}}}}, "n.kind = 'TARIFF' OR n.status = 'PROPOSED'"},
		{"Policy", obj{"NOT": obj{"status": obj{"eq": "IN_FORCE"}}}, "n.status <> 'IN_FORCE'"},
		{"Country", obj{"memberOf": obj{"some": obj{"id": obj{"eq": "msp"}}}}, "EXISTS { (n)-[:MEMBER_OF]->(:Partnership {id: 'msp'}) }"},
		{"Country", obj{"memberOf": obj{"none": nil}}, "NOT EXISTS { (n)-[:MEMBER_OF]->(:Partnership) }"},
		{"Country", obj{"memberOf": obj{"none": obj{}}}, "true"}, // no filter, as in the library
		{"Country", obj{"memberOf": obj{"all": obj{"kind": obj{"eq": "INITIATIVE"}}}},
			"EXISTS { (n)-[:MEMBER_OF]->(:Partnership) } AND all(p IN [(n)-[:MEMBER_OF]->(p:Partnership) | p] WHERE p.kind = 'INITIATIVE')"},
		{"Country", obj{"memberOf": obj{"single": obj{"NOT": obj{"id": obj{"eq": "zz"}}}}}, "COUNT { (n)-[:MEMBER_OF]->(:Partnership) } = 1"},
		{"Country", obj{"memberOfConnection": obj{"some": obj{"edge": obj{"role": obj{"eq": "OBSERVER"}}}}}, "EXISTS { (n)-[r:MEMBER_OF]->(:Partnership) WHERE r.role = 'OBSERVER' }"},
		{"Country", obj{"memberOfConnection": obj{"single": obj{"node": obj{"id": obj{"eq": "msp"}}}}},
			"COUNT { (n)-[:MEMBER_OF]->(:Partnership {id: 'msp'}) } = 1"},
		{"Country", obj{"memberOfConnection": obj{"all": obj{"edge": obj{"validFrom": obj{"gte": "2023"}}}}},
			"EXISTS { (n)-[r:MEMBER_OF]->(:Partnership) WHERE r.validFrom >= '2023' } AND all(r IN [(n)-[r:MEMBER_OF]->(:Partnership) | r] WHERE r.validFrom IS NULL OR r.validFrom >= '2023')"},
		{"Organization", obj{"financesProjects": obj{"some": obj{"stage": obj{"eq": "MINING"}}}, "basedIn": obj{"some": obj{"id": obj{"eq": "US"}}}},
			"EXISTS { (n)-[:FINANCES]->(:Project {stage: 'MINING'}) } AND EXISTS { (n)-[:BASED_IN]->(:Country {id: 'US'}) }"},
		{"Mineral", obj{"parts": obj{"some": nil}}, "EXISTS { (n)<-[:PART_OF]-(:Mineral) }"},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", i, tt.q), func(t *testing.T) {
			want := truth(t, driver, fmt.Sprintf("MATCH (n:%s) WHERE %s RETURN n.id AS id ORDER BY id", tt.typ, tt.q))
			if len(want) == 0 {
				t.Fatalf("the check is vacuous: %s matches nothing in the data", tt.q)
			}
			wantIDs(t, "ids", list(t, s, tt.typ, store.ListArgs{Where: tt.where}), want...)
			p := page(t, s, tt.typ, store.PageArgs{Where: tt.where, First: intp(1)}, true)
			if p.TotalCount != len(want) {
				t.Errorf("totalCount %d, want %d", p.TotalCount, len(want))
			}
		})
	}
}

func TestSeededWalks(t *testing.T) {
	s, driver := newSeeded(t)
	walks := []struct {
		typ   string
		where obj
		sort  []map[string]any
		order string // the same order in Cypher: the ties the sort leaves by element id
	}{
		{"Measurement", nil, []map[string]any{{"value": "DESC"}}, "n.value DESC, elementId(n)"},
		{"Measurement", nil, []map[string]any{{"year": "ASC"}, {"metric": "DESC"}}, "n.year, n.metric DESC, elementId(n)"},
		{"Measurement", obj{"unit": obj{"eq": "%"}}, []map[string]any{{"stage": "DESC"}, {"valueMax": "ASC"}}, "n.stage DESC, n.valueMax, elementId(n)"},
		{"Organization", nil, []map[string]any{{"kind": "ASC"}, {"name": "DESC"}}, "n.kind, n.name DESC, elementId(n)"},
		{"Country", nil, []map[string]any{{"territory": "DESC"}}, "n.territory DESC, elementId(n)"},
		{"Policy", nil, []map[string]any{{"validFrom": "DESC"}, {"status": "ASC"}}, "n.validFrom DESC, n.status, elementId(n)"},
		{"Source", nil, []map[string]any{{"published": "ASC"}}, "n.published, elementId(n)"},
		// Ending with the id orders the ties by id.
		{"Organization", nil, []map[string]any{{"kind": "DESC"}, {"id": "ASC"}}, "n.kind DESC, n.id"},
		{"Project", nil, nil, "n.id"},
	}
	for _, w := range walks {
		t.Run(fmt.Sprintf("%s %v", w.typ, w.sort), func(t *testing.T) {
			cond := ""
			if w.where != nil {
				cond = "WHERE n.unit = '%' "
			}
			want := truth(t, driver, fmt.Sprintf("MATCH (n:%s) %sRETURN n.id AS id ORDER BY %s", w.typ, cond, w.order))
			if len(want) < 10 && w.typ != "Project" {
				t.Fatalf("only %d rows: not a walk", len(want))
			}
			wantIDs(t, "list", list(t, s, w.typ, store.ListArgs{Where: w.where, Sort: w.sort}), want...)
			for _, n := range []int{1, 7, 20, store.MaxPageSize} {
				wantIDs(t, fmt.Sprintf("connection by %d", n), walkPage(t, s, w.typ, w.where, w.sort, n), want...)
				wantIDs(t, fmt.Sprintf("offsets by %d", n), walkList(t, s, w.typ, w.where, w.sort, n), want...)
			}
			if p := page(t, s, w.typ, store.PageArgs{Where: w.where, Sort: w.sort}, true); p.TotalCount != len(want) ||
				len(p.Edges) != min(len(want), store.DefaultPageSize) || p.HasNextPage != (len(want) > store.DefaultPageSize) {
				t.Errorf("default page: total %d, %d edges, next %v", p.TotalCount, len(p.Edges), p.HasNextPage)
			}
		})
	}
}

func TestSeededRelated(t *testing.T) {
	s, driver := newSeeded(t)
	ctx := context.Background()
	parents := []string{"msp", "msp-forum", "us-eu-japan-trilateral", "g7", "forge"}

	// RelatedList: distinct member countries by name, every parent in one call.
	all, err := s.RelatedList(ctx, "Partnership", "memberCountries", parents, store.ListArgs{Sort: []map[string]any{{"name": "ASC"}}})
	if err != nil {
		t.Fatal(err)
	}
	limited, err := s.RelatedList(ctx, "Partnership", "memberCountries", parents, store.ListArgs{Sort: []map[string]any{{"name": "ASC"}}, Limit: intp(3), Offset: intp(1)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parents {
		want := truth(t, driver, fmt.Sprintf("MATCH (:Partnership {id: '%s'})<-[:MEMBER_OF]-(n:Country) WITH DISTINCT n RETURN n.id AS id ORDER BY n.name, elementId(n)", p))
		wantIDs(t, p+" members", nodeIDs(all[p]), want...)
		lo, hi := min(1, len(want)), min(4, len(want))
		wantIDs(t, p+" members 2-4", nodeIDs(limited[p]), want[lo:hi]...)
	}
	if len(all["msp"]) < 10 {
		t.Errorf("msp has %d member countries", len(all["msp"]))
	}

	// RelatedPage: memberships (edges) sorted on a nullable edge property, each parent
	// walked to the end; the first page of every parent in one call.
	sortByDate := []map[string]any{{"edge": obj{"validFrom": "DESC"}}, {"node": obj{"name": "ASC"}}}
	first, err := s.RelatedPage(ctx, "Partnership", "memberCountriesConnection", parents, store.PageArgs{Sort: sortByDate, First: intp(3)}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parents {
		want := truth(t, driver, fmt.Sprintf("MATCH (:Partnership {id: '%s'})<-[r:MEMBER_OF]-(n:Country) RETURN r.id AS id ORDER BY r.validFrom DESC, n.name, n.id, r.id", p))
		wantIDs(t, p+" first page", edgeIDs(first[p]), want[:min(3, len(want))]...)
		if first[p].TotalCount != len(want) || first[p].HasNextPage != (len(want) > 3) {
			t.Errorf("%s: total %d next %v, want %d edges", p, first[p].TotalCount, first[p].HasNextPage, len(want))
		}
		for _, n := range []int{1, 4} {
			var got []string
			var after *string
			for {
				res, err := s.RelatedPage(ctx, "Partnership", "memberCountries", []string{p}, store.PageArgs{Sort: sortByDate, First: &n, After: after}, false)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, edgeIDs(res[p])...)
				if !res[p].HasNextPage {
					break
				}
				after = res[p].EndCursor
			}
			wantIDs(t, fmt.Sprintf("%s walked by %d", p, n), got, want...)
		}
	}
	// Edges per country on the first page.
	krEdges := 0
	for _, e := range first["msp"].Edges {
		if e.Node.Props["id"] == "KR" {
			krEdges++
		}
	}
	res, err := s.RelatedPage(ctx, "Partnership", "memberCountries", []string{"msp"},
		store.PageArgs{Where: obj{"node": obj{"id": obj{"eq": "KR"}}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	// One membership per member and partnership.
	if res["msp"].TotalCount != 1 || len(res["msp"].Edges) != 1 || res["msp"].Edges[0].Props["role"] != "FOUNDING_PARTNER" {
		t.Errorf("KR memberships of the MSP: total %d, %d edges", res["msp"].TotalCount, len(res["msp"].Edges))
	}

	// Financing edges of several projects, loans only, largest first.
	fin, err := s.RelatedPage(ctx, "Project", "financiers", []string{"nolans", "tech-townsville", "balama", "lionheart"},
		store.PageArgs{Where: obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}, Sort: []map[string]any{{"edge": obj{"amount": "DESC"}}}, First: intp(2)}, true)
	if err != nil {
		t.Fatal(err)
	}
	// seed/data/public-facts.yaml: Nolans loans — NAIF and EFA without amount, EDC 300, KfW IPEX 75.
	wantIDs(t, "nolans loans", edgeNodeIDs(fin["nolans"]), "efa", "naif")
	if fin["nolans"].TotalCount != 4 || !fin["nolans"].HasNextPage {
		t.Errorf("nolans: total %d next %v", fin["nolans"].TotalCount, fin["nolans"].HasNextPage)
	}
	// Tech Townsville loans: EDC 400, EFA 250 and NAIF 250 (a tie, broken by id).
	wantIDs(t, "tech-townsville loans", edgeNodeIDs(fin["tech-townsville"]), "edc", "efa")
	next, err := s.RelatedPage(ctx, "Project", "financiers", []string{"tech-townsville"},
		store.PageArgs{Where: obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}, Sort: []map[string]any{{"edge": obj{"amount": "DESC"}}}, First: intp(2),
			After: fin["tech-townsville"].EndCursor}, false)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "tech-townsville loans, page 2", edgeNodeIDs(next["tech-townsville"]), "naif")
	if len(fin["balama"].Edges) != 2 || fin["balama"].TotalCount != 2 || len(fin["lionheart"].Edges) != 0 {
		t.Errorf("balama %+v lionheart %+v", fin["balama"], fin["lionheart"])
	}
}

func TestSeededHostileValuesLeaveDataUnchanged(t *testing.T) {
	s, driver := newSeeded(t)
	ctx := context.Background()
	nodes, rels := storetest.Totals(t, driver)
	for _, h := range []string{"'}) DETACH DELETE n //", "`}) MATCH (m) DETACH DELETE m //", "\\' OR true //"} {
		for _, typ := range []string{"Project", "Organization", "Measurement"} {
			if _, err := s.List(ctx, typ, store.ListArgs{Where: obj{"OR": []any{obj{"name": obj{"contains": h}}, obj{"id": obj{"eq": h}}}}}); err != nil {
				t.Errorf("%s %q: %v", typ, h, err)
			}
		}
		if _, err := s.RelatedPage(ctx, "Project", "financiers", []string{h}, store.PageArgs{Where: obj{"edge": obj{"note": obj{"contains": h}}}}, true); err != nil {
			t.Errorf("related %q: %v", h, err)
		}
	}
	if n2, r2 := storetest.Totals(t, driver); n2 != nodes || r2 != rels {
		t.Errorf("database changed: %d/%d before, %d/%d after", nodes, rels, n2, r2)
	}
}
