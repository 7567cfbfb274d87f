package e2e

// The article questions: questions an analyst would ask of the founding article
// (seed/sources/ispi-2025-06-26-mineral-insecurity.txt), a few of the public facts
// (seed/sources/public-facts.csv), each answered against the seeded graph, with the
// answer the ARTICLE gives. Every question answers through the GraphQL API: node
// traversal where it suffices, and the connection fields (`fConnection`, with filters on
// the relationship and its properties) for what sits on a relationship: roles, dates,
// amounts, and what held "as of" a date.
//
// A question whose row sets dataGap is skipped: the seeded data cannot (yet) answer it
// as the sources do. Fix the data file named in the reason, then delete the dataGap.

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// aqArticle is the source id of the founding article.
const aqArticle = "ispi-2025-06-26"

// aqArticleDate is the publication date of the founding article ("now" in its text).
const aqArticleDate = "2025-06-26"

// aqProv selects an entity's provenance.
const aqProv = "provenance { quote note evidence source { id title } }"

// aqNode decodes whatever a question selects of an entity: scalar fields of every node
// type, relationship fields as nested nodes, and the connections questions use. Absent
// fields stay zero.
type aqNode struct {
	ID, Name, Kind, Stage, Status, Location string
	ValidFrom, ValidTo                      string
	Metric, Qualifier, Unit                 string
	Value, ValueMax                         float64
	Year                                    int
	Territory                               bool
	Aliases                                 []string
	Provenance                              []aqProvenance

	AnnouncedAt, LaunchedBy, MemberCountries, MemberOrganizations, MemberOf            []aqNode
	Parts, PartOf, SucceededBy, Supports, SupportedBy, Minerals, Measurements, Country []aqNode
	Financiers, Owners, Operators, Agreements, PartyCountries, Policies, Projects      []aqNode
	TargetsCountries, TargetsOrganizations, TargetsTechnologies                        []aqNode
	IssuedByCountries, IssuedByOrganizations, Amends, AmendedBy                        []aqNode
	DependsOn, Organizations, LobbiesOrganizations, BasedIn                            []aqNode
	FinancesOrganizations, AboutCountries, AboutTechnologies, Counterpart              []aqNode
	FocusAreas, EligibleCountries, EligibilityThrough, CarriesOutAgreements            []aqNode
	Follows, StatedBy, CollaboratorsOfMembers                                          []aqNode
	Rank                                                                               int

	MemberCountriesConnection, MemberOrganizationsConnection, MemberOfConnection aqConnection
	ChairedByConnection                                                          aqConnection
	HotSpotsConnection, MayCutDemandForConnection                                aqConnection
	CollaboratesWithMembersOfConnection, EmergingDeFactoMembersConnection        aqConnection
	FinanciersConnection, LobbiesCountriesConnection                             aqConnection
}

// aqConnection decodes a relationship connection: the relationships matching its filter,
// each with its properties and related node, and how many there are.
type aqConnection struct {
	TotalCount int
	Edges      []aqEdge
	Aggregate  struct{ Count struct{ Nodes, Edges int } }
}

// aqEdge is one relationship of a connection.
type aqEdge struct {
	Properties aqProps
	Node       aqNode
}

// aqProps decodes whatever a question selects of a relationship's properties (Fact,
// Membership, Financing). Absent fields stay zero.
type aqProps struct {
	Role, ValidFrom, ValidTo, Note          string
	Instrument, Currency, Qualifier, Status string
	Amount                                  float64
	Provenance                              []aqProvenance
}

// edges returns the relationships of c, failing the question unless the page holds all
// of them (totalCount must be selected).
func (c aqConnection) edges(t *testing.T) []aqEdge {
	t.Helper()
	if c.TotalCount != len(c.Edges) {
		t.Fatalf("a page of %d relationships of %d: raise `first`", len(c.Edges), c.TotalCount)
	}
	return c.Edges
}

// nodes returns the related nodes of all the relationships of c.
func (c aqConnection) nodes(t *testing.T) []aqNode {
	t.Helper()
	var out []aqNode
	for _, e := range c.edges(t) {
		out = append(out, e.Node)
	}
	return out
}

type aqProvenance struct {
	Quote, Note, Evidence string
	Source                struct{ ID, Title string }
}

// aqEnv answers questions through the API.
type aqEnv struct {
	h *testenv.Server
}

// gql posts a query and decodes its data into out; errors fail the question.
func aqGQL(t *testing.T, e *testenv.Server, query string, vars map[string]any, out any) {
	t.Helper()
	resp := e.Post(t, query, vars)
	if code := resp.Status; code != http.StatusOK || len(resp.Errors) > 0 {
		t.Fatalf("query failed (%d): %+v\n%s", code, resp.Errors, query)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		t.Fatalf("decode %s: %v", resp.Data, err)
	}
}

// node answers through `node(id)`, selecting `selection` (fragments on the node's type).
func aqGet(t *testing.T, e *testenv.Server, id, selection string) aqNode {
	t.Helper()
	return aqGetWith(t, e, id, "", map[string]any{}, selection)
}

// nodeAsOf is node for a selection that filters on what held as of asOf (with aqAsOf).
func aqGetAsOf(t *testing.T, e *testenv.Server, id, asOf, selection string) aqNode {
	t.Helper()
	return aqGetWith(t, e, id, ", $asOf: PartialDate!", map[string]any{"asOf": asOf}, selection)
}

// nodeWith is node with more variables: their declarations (decls) and values (vars).
func aqGetWith(t *testing.T, e *testenv.Server, id, decls string, vars map[string]any, selection string) aqNode {
	t.Helper()
	var data struct{ Node *aqNode }
	vars["id"] = id
	aqGQL(t, e, `query($id: ID!`+decls+`) { node(id: $id) { id name `+selection+` } }`, vars, &data)
	if data.Node == nil {
		t.Fatalf("node %q does not exist", id)
	}
	return *data.Node
}

// nodes answers through `nodes(ids)`, keyed by id; every id must exist.
func aqGetAll(t *testing.T, e *testenv.Server, ids []string, selection string) map[string]aqNode {
	t.Helper()
	var data struct{ Nodes []*aqNode }
	aqGQL(t, e, `query($ids: [ID!]!) { nodes(ids: $ids) { id name `+selection+` } }`, map[string]any{"ids": ids}, &data)
	out := map[string]aqNode{}
	for i, n := range data.Nodes {
		if n == nil {
			t.Fatalf("node %q does not exist", ids[i])
		}
		out[n.ID] = *n
	}
	return out
}

// aqIDs returns the distinct ids of ns, sorted (a node reached through two relationships,
// e.g. a member with two roles, counts once).
func aqIDs(ns []aqNode) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, n := range ns {
		if !seen[n.ID] {
			seen[n.ID] = true
			out = append(out, n.ID)
		}
	}
	sort.Strings(out)
	return out
}

// aqSet compares two string sets (order and duplicates do not matter).
func aqSet(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	g := aqIDs(aqFromIDs(got))
	w := aqIDs(aqFromIDs(want))
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %v\nwant %v", what, g, w)
	}
}

func aqFromIDs(ids []string) []aqNode {
	out := make([]aqNode, len(ids))
	for i, id := range ids {
		out[i].ID = id
	}
	return out
}

// aqWantIDs compares the distinct ids of ns with want.
func aqWantIDs(t *testing.T, what string, ns []aqNode, want ...string) {
	t.Helper()
	aqSet(t, what, aqIDs(ns), want...)
}

func aqEq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// aqQuoted asserts that the provenance of n quotes source with a quote containing phrase.
func aqQuoted(t *testing.T, n aqNode, source, phrase string) {
	t.Helper()
	aqQuotes(t, n.ID, n.Provenance, source, phrase)
}

// aqEdgeQuoted is aqQuoted for the relationship `what`.
func aqEdgeQuoted(t *testing.T, what string, p aqProps, source, phrase string) {
	t.Helper()
	aqQuotes(t, what, p.Provenance, source, phrase)
}

func aqQuotes(t *testing.T, what string, provenance []aqProvenance, source, phrase string) {
	t.Helper()
	for _, p := range provenance {
		text := p.Quote
		if p.Evidence == "COMPILED" {
			text = p.Note // a compiled claim is never served as a quote
		}
		if p.Source.ID == source && strings.Contains(text, phrase) {
			return
		}
	}
	t.Errorf("%s: no provenance from %s quoting %q; has %+v", what, source, phrase, provenance)
}

// aqFromArticle tells whether the founding article is among the sources of n.
func aqFromArticle(n aqNode) bool {
	for _, p := range n.Provenance {
		if p.Source.ID == aqArticle {
			return true
		}
	}
	return false
}

func aqFilter(ns []aqNode, keep func(aqNode) bool) []aqNode {
	var out []aqNode
	for _, n := range ns {
		if keep(n) {
			out = append(out, n)
		}
	}
	return out
}

// aqOne returns the single distinct node of ns.
func aqOne(t *testing.T, what string, ns []aqNode) aqNode {
	t.Helper()
	if ids := aqIDs(ns); len(ids) != 1 {
		t.Fatalf("%s: want exactly one, got %v", what, ids)
	}
	return ns[0]
}

// aqByID indexes ns by id.
func aqByID(ns []aqNode) map[string]aqNode {
	out := map[string]aqNode{}
	for _, n := range ns {
		out[n.ID] = n
	}
	return out
}

// aqCounterparts returns the parties of agreements other than self.
func aqCounterparts(agreements []aqNode, self string) []string {
	var out []string
	for _, a := range agreements {
		for _, c := range a.PartyCountries {
			if c.ID != self {
				out = append(out, c.ID)
			}
		}
	}
	return aqIDs(aqFromIDs(out))
}

// aqAsOf filters on what held as of $asOf (schema/model.graphqls): validFrom <= $asOf
// (or absent) and $asOf < validTo (or absent), compared as strings. It is a key of a
// `where`, on a node or on a connection's edge.
const aqAsOf = `AND: [
	{ OR: [{ validFrom: { eq: null } }, { validFrom: { lte: $asOf } }] },
	{ OR: [{ validTo: { eq: null } }, { validTo: { gt: $asOf } }] }]`

// aqMemberRoles are the roles that make a member (not a chair's role or an observer).
var aqMemberRoles = []string{"FOUNDING_PARTNER", "PARTNER", "MEMBER"}

// aqMembers selects the members in a connection on the members of a partnership.
const aqMembers = `totalCount aggregate { count { nodes } } edges { node { id } }`

// aqMembersAsOfQuery asks for the members of partnership $id with one of $roles as of
// $asOf: the partnership and the membership must both hold then.
const aqMembersAsOfQuery = `query($id: ID!, $asOf: PartialDate!, $roles: [MembershipRole!]!) {
  partnership(id: $id) { id }
  partnerships(where: { id: { eq: $id }, ` + aqAsOf + ` }) {
    memberCountriesConnection(first: 100, where: { edge: { role: { in: $roles }, ` + aqAsOf + ` } }) { ` + aqMembers + ` }
    memberOrganizationsConnection(first: 100, where: { edge: { role: { in: $roles }, ` + aqAsOf + ` } }) { ` + aqMembers + ` }
  }
}`

// aqChairsAsOfQuery asks for the chairs of partnership $id as of $asOf: the partnership
// and the chair's term must both hold then.
const aqChairsAsOfQuery = `query($id: ID!, $asOf: PartialDate!) {
  partnership(id: $id) { id }
  partnerships(where: { id: { eq: $id }, ` + aqAsOf + ` }) {
    chairedByConnection(first: 100, where: { edge: { ` + aqAsOf + ` } }) { ` + aqMembers + ` }
  }
}`

// chairsAsOf returns the countries that chaired partnership as of asOf.
func aqChairsAsOf(t *testing.T, e *testenv.Server, partnership, asOf string) []aqNode {
	t.Helper()
	var data struct {
		Partnership  *aqNode
		Partnerships []aqNode
	}
	aqGQL(t, e, aqChairsAsOfQuery, map[string]any{"id": partnership, "asOf": asOf}, &data)
	if data.Partnership == nil {
		t.Fatalf("partnership %q does not exist", partnership)
	}
	if len(data.Partnerships) == 0 {
		return nil
	}
	return data.Partnerships[0].ChairedByConnection.nodes(t)
}

// membersAsOf returns the member countries and organizations of partnership with one of
// roles, as of asOf.
func aqMembersAsOf(t *testing.T, e *testenv.Server, partnership, asOf string, roles []string) (countries, organizations aqConnection) {
	t.Helper()
	var data struct {
		Partnership  *aqNode
		Partnerships []aqNode
	}
	aqGQL(t, e, aqMembersAsOfQuery, map[string]any{"id": partnership, "asOf": asOf, "roles": roles}, &data)
	if data.Partnership == nil {
		t.Fatalf("partnership %q does not exist", partnership)
	}
	switch len(data.Partnerships) {
	case 0: // the partnership itself does not hold as of asOf: no members
		return aqConnection{}, aqConnection{}
	case 1:
		p := data.Partnerships[0]
		return p.MemberCountriesConnection, p.MemberOrganizationsConnection
	default:
		t.Fatalf("partnerships with id %q: %d", partnership, len(data.Partnerships))
		return
	}
}

type aqQuestion struct {
	q       string
	dataGap string // non-empty: skipped, the data set cannot answer as the sources do
	answer  func(t *testing.T, e *testenv.Server)
}

// TestArticleQuestions seeds the whole data set once and answers every question.
func TestArticleQuestions(t *testing.T) {
	e := testenv.Seeded(t)
	questions := articleQuestions()
	if len(questions) < 32 {
		t.Fatalf("%d questions, want at least 32", len(questions))
	}
	for _, q := range questions {
		t.Run(q.q, func(t *testing.T) {
			if q.dataGap != "" {
				t.Skip("data gap: " + q.dataGap)
			}
			q.answer(t, e)
		})
	}
}

func articleQuestions() []aqQuestion {
	return []aqQuestion{
		// --- The Minerals Security Partnership -------------------------------------------
		{q: "Where was the MSP launched, and when?", answer: func(t *testing.T, e *testenv.Server) {
			msp := aqGet(t, e, "msp", `... on Partnership { validFrom announcedAt { id name validFrom location country { id } } } `+aqProv)
			aqEq(t, "MSP validFrom", msp.ValidFrom, "2022-06")
			ev := aqOne(t, "announced at", msp.AnnouncedAt)
			aqEq(t, "event", ev.ID, "pdac-2022")
			aqEq(t, "event location", ev.Location, "Toronto")
			aqEq(t, "event date", ev.ValidFrom, "2022-06")
			aqWantIDs(t, "event country", ev.Country, "CA")
			aqQuoted(t, msp, aqArticle, "convention in Toronto in June 2022")
		}},
		{q: "Which US government body launched the MSP, and under which presidency?", answer: func(t *testing.T, e *testenv.Server) {
			msp := aqGet(t, e, "msp", `... on Partnership { launchedBy { id kind basedIn { id } } } `+aqProv)
			by := aqOne(t, "launched by", msp.LaunchedBy)
			aqEq(t, "launcher", by.ID, "us-department-of-state")
			aqEq(t, "launcher kind", by.Kind, "GOVERNMENT_BODY")
			aqWantIDs(t, "launcher based in", by.BasedIn, "US")
			aqQuoted(t, msp, aqArticle, "launched by the US Department of State under Joe Biden’s Presidency")
		}},
		{q: "How many member countries does the article say the MSP counts, and which union sits alongside them?", answer: func(t *testing.T, e *testenv.Server) {
			msp := aqGet(t, e, "msp", `... on Partnership {
				measurements { id metric value unit year `+aqProv+` }
				memberOrganizations { id kind } }`)
			m := aqOne(t, "article member count", aqFilter(msp.Measurements, func(n aqNode) bool {
				return n.Metric == "MEMBER_COUNT" && aqFromArticle(n)
			}))
			aqEq(t, "members: 14 countries and the EU", m.Value, 15.0)
			aqEq(t, "unit", m.Unit, "members")
			aqEq(t, "year (the State Department's list)", m.Year, 2025)
			aqQuoted(t, m, aqArticle, "now counts 14 member countries and the European Union (EU)")
			eu := aqOne(t, "union members", aqFilter(msp.MemberOrganizations, func(n aqNode) bool { return n.Kind == "SUPRANATIONAL_UNION" }))
			aqEq(t, "union", eu.ID, "eu")
		}},
		{q: "Besides its 14 member countries, which organizations are members of the MSP per the article?",
			answer: func(t *testing.T, e *testenv.Server) {
				msp := aqGet(t, e, "msp", `... on Partnership { memberOrganizations { id } }`)
				aqWantIDs(t, "member organizations", msp.MemberOrganizations, "eu")
			}},
		{q: "Which financial institutions does the article credit with backing MSP projects, and where are they based?", answer: func(t *testing.T, e *testenv.Server) {
			org := `{ id kind basedIn { id } ` + aqProv + ` }`
			msp := aqGet(t, e, "msp", `... on Partnership { supportedBy `+org+` }`)
			fin := aqFilter(msp.SupportedBy, func(n aqNode) bool { return n.Kind == "FINANCIER" })
			aqWantIDs(t, "financiers", fin, "dfc", "jogmec", "kfw-ipex-bank")
			byID := aqByID(fin)
			aqWantIDs(t, "DFC based in", byID["dfc"].BasedIn, "US")
			aqWantIDs(t, "JOGMEC based in", byID["jogmec"].BasedIn, "JP")
			aqWantIDs(t, "KfW IPEX-Bank based in", byID["kfw-ipex-bank"].BasedIn, "DE")
			aqQuoted(t, byID["dfc"], aqArticle, "US International Development Finance Corporation (DFC)")
			aqQuoted(t, byID["jogmec"], aqArticle, "Japan Organization for Metals and Energy Security – JOGMEC")
			aqQuoted(t, byID["kfw-ipex-bank"], aqArticle, "the German KfW IPEX-Bank")
		}},
		{q: "Which minerals do the MSP's projects focus on?", answer: func(t *testing.T, e *testenv.Server) {
			msp := aqGet(t, e, "msp", `... on Partnership { minerals { id `+aqProv+` } }`)
			aqWantIDs(t, "MSP minerals", msp.Minerals,
				"cobalt", "copper", "gallium", "germanium", "graphite", "lithium", "manganese", "nickel", "rare-earths")
			aqQuoted(t, aqByID(msp.Minerals)["germanium"], aqArticle, "which focus on cobalt, copper, gallium, germanium, graphite")
		}},
		{q: "How many projects has the MSP begun supporting, and how do they split across supply-chain stages?", answer: func(t *testing.T, e *testenv.Server) {
			msp := aqGet(t, e, "msp", `... on Partnership { measurements { id metric value qualifier unit stage `+aqProv+` } }`)
			counts := aqFilter(msp.Measurements, func(n aqNode) bool { return n.Metric == "PROJECT_COUNT" && aqFromArticle(n) })
			byStage := map[string]aqNode{}
			for _, m := range counts {
				byStage[m.Stage] = m
			}
			if len(counts) != 4 || len(byStage) != 4 {
				t.Fatalf("want a total and three stage counts from the article, got %+v", counts)
			}
			aqEq(t, "total", byStage[""].Value, 30.0)
			aqEq(t, "total qualifier", byStage[""].Qualifier, "APPROXIMATE")
			aqEq(t, "upstream mining", byStage["MINING"].Value, 16.0)
			aqEq(t, "refining", byStage["REFINING"].Value, 7.0)
			aqEq(t, "recycling", byStage["RECYCLING"].Value, 7.0)
			aqQuoted(t, byStage[""], aqArticle, "the MSP has begun supporting about 30 projects")
			aqQuoted(t, byStage["MINING"], aqArticle, "16 on upstream mining and extraction")
		}},
		{q: "Who chaired the MSP until mid-2025?", answer: func(t *testing.T, e *testenv.Server) {
			msp := aqGet(t, e, "msp", `... on Partnership { chairedByConnection {
				totalCount edges { properties { validFrom validTo `+aqProv+` } node { id } } } }`)
			edges := msp.ChairedByConnection.edges(t)
			if len(edges) != 1 {
				t.Fatalf("want one chairmanship of the MSP, got %+v", edges)
			}
			chair := edges[0]
			aqEq(t, "chair", chair.Node.ID, "KR")
			// "concluding its one-year of chairmanship ... by the end of June" (2025): the
			// (exclusive) end is 2025-06-30 to 2025-07-01, the start a year before.
			if to := chair.Properties.ValidTo; to < "2025-06-30" || to > "2025-07-01" {
				t.Errorf("chairmanship ends %q, want the end of June 2025", to)
			}
			if from := chair.Properties.ValidFrom; from < "2024-06-30" || from > "2024-07-01" {
				t.Errorf("chairmanship starts %q, want one year before the end of June 2025", from)
			}
			aqEdgeQuoted(t, "chairmanship", chair.Properties, aqArticle, "Korea is also concluding its one-year of chairmanship")
		}},
		{q: "Who chaired the MSP as of 2025-03-01, and who as of 2025-09-01?", answer: func(t *testing.T, e *testenv.Server) {
			aqWantIDs(t, "chair as of 2025-03-01", aqChairsAsOf(t, e, "msp", "2025-03-01"), "KR")
			aqWantIDs(t, "chair as of 2025-09-01 (Korea's year ended in June)", aqChairsAsOf(t, e, "msp", "2025-09-01"))
		}},
		{q: "Which partnership, with which members and chair, held as of 2026-02-02, just before FORGE?", answer: func(t *testing.T, e *testenv.Server) {
			countries, orgs := aqMembersAsOf(t, e, "msp", "2026-02-02", aqMemberRoles)
			aqSet(t, "MSP member countries as of 2026-02-02", aqIDs(countries.nodes(t)),
				"AU", "CA", "DE", "EE", "FI", "FR", "GB", "IN", "IT", "JP", "KR", "NO", "SE", "US")
			aqWantIDs(t, "MSP member organizations as of 2026-02-02", orgs.nodes(t), "eu")
			forge, _ := aqMembersAsOf(t, e, "forge", "2026-02-02", aqMemberRoles)
			aqWantIDs(t, "FORGE members before it was announced", forge.nodes(t))
			aqWantIDs(t, "FORGE chair before it was announced", aqChairsAsOf(t, e, "forge", "2026-02-02"))
		}},
		{q: "Across the succession: which partnership held on 2026-02-04, and who chaired it?", answer: func(t *testing.T, e *testenv.Server) {
			msp, _ := aqMembersAsOf(t, e, "msp", "2026-02-04", aqMemberRoles)
			aqWantIDs(t, "MSP members on the day it was succeeded", msp.nodes(t))
			aqWantIDs(t, "FORGE chair on 2026-02-04", aqChairsAsOf(t, e, "forge", "2026-02-04"), "KR")
			var data struct{ Partnerships []aqNode }
			aqGQL(t, e, `query($asOf: PartialDate!) { partnerships(where: { id: { in: ["msp", "forge"] }, `+aqAsOf+` }) { id } }`,
				map[string]any{"asOf": "2026-02-04"}, &data)
			aqWantIDs(t, "of the MSP and FORGE, held on 2026-02-04", data.Partnerships, "forge")
		}},
		{q: "After the succession: who chaired FORGE as of 2026-03-01 and as of 2026-07-15, and which members does the data set know?", answer: func(t *testing.T, e *testenv.Server) {
			aqWantIDs(t, "FORGE chair as of 2026-03-01", aqChairsAsOf(t, e, "forge", "2026-03-01"), "KR")
			aqWantIDs(t, "FORGE chair as of 2026-07-15 (Korea's chair ran through June 2026)", aqChairsAsOf(t, e, "forge", "2026-07-15"))
			// No source the project stores or cites lists FORGE's members: none are recorded,
			// and the MSP's members do not carry over.
			forge, _ := aqMembersAsOf(t, e, "forge", "2026-03-01", aqMemberRoles)
			aqWantIDs(t, "FORGE members as of 2026-03-01", forge.nodes(t))
			msp, _ := aqMembersAsOf(t, e, "msp", "2026-03-01", aqMemberRoles)
			aqWantIDs(t, "MSP members as of 2026-03-01", msp.nodes(t))
		}},
		{q: "Which countries were MSP members as of 2024-01-01?", answer: func(t *testing.T, e *testenv.Server) {
			// from the public facts (dated accessions)
			countries, _ := aqMembersAsOf(t, e, "msp", "2024-01-01", aqMemberRoles)
			aqWantIDs(t, "members as of 2024-01-01", countries.nodes(t),
				"AU", "CA", "DE", "FI", "FR", "GB", "IN", "IT", "JP", "KR", "NO", "SE", "US")
		}},
		{q: "Does the MSP's membership on the article's date match its count of 14 countries and the EU?", answer: func(t *testing.T, e *testenv.Server) {
			countries, orgs := aqMembersAsOf(t, e, "msp", aqArticleDate, aqMemberRoles)
			ids := aqIDs(countries.nodes(t))
			aqSet(t, "member countries as of "+aqArticleDate, ids,
				"AU", "CA", "DE", "EE", "FI", "FR", "GB", "IN", "IT", "JP", "KR", "NO", "SE", "US")
			aqEq(t, "number of member countries", len(ids), 14)
			aqEq(t, "number of member countries the API counts", countries.Aggregate.Count.Nodes, 14)
			if orgIDs := aqIDs(orgs.nodes(t)); !slices.Contains(orgIDs, "eu") {
				t.Errorf("the EU is not a member as of %s: %v", aqArticleDate, orgIDs)
			}
		}},
		{q: "Which countries were MSP members as of 2026-06-01, after FORGE succeeded it?", answer: func(t *testing.T, e *testenv.Server) {
			countries, orgs := aqMembersAsOf(t, e, "msp", "2026-06-01", aqMemberRoles)
			aqWantIDs(t, "members as of 2026-06-01", countries.nodes(t))
			aqWantIDs(t, "organization members as of 2026-06-01", orgs.nodes(t))
		}},
		{q: "Which four areas of major challenges does the MSP aim to address, in the article's order?", answer: func(t *testing.T, e *testenv.Server) {
			msp := aqGet(t, e, "msp", `... on Partnership { focusAreas(sort: [{ rank: ASC }]) { id name rank `+aqProv+` } }`)
			var names []string
			for i, a := range msp.FocusAreas {
				aqEq(t, a.ID+" rank", a.Rank, i+1)
				names = append(names, a.Name)
				aqQuoted(t, a, aqArticle, "The partnership aims to address four areas of major challenges")
			}
			aqEq(t, "areas", strings.Join(names, "; "), "Diversifying supply chains; Investing in new sources at multiple stages; "+
				"Promoting high ESG standards; Increasing the recycling of minerals within the partners")
		}},
		{q: "Which countries are eligible for the IRA's materials requirements, and through which agreements?", answer: func(t *testing.T, e *testenv.Server) {
			p := aqGet(t, e, "ira-materials-requirements", `... on Policy { eligibleCountries { id } eligibilityThrough { id } }`)
			aqWantIDs(t, "eligible countries", p.EligibleCountries, "AU", "CA")
			aqWantIDs(t, "through", p.EligibilityThrough, "us-australia-fta", "us-canada-fta")
		}},
		{q: "Under which agreement did Canada and the US make their May 2024 joint investment?", answer: func(t *testing.T, e *testenv.Server) {
			ev := aqGet(t, e, "canada-us-joint-investment-2024-05", `... on Event { validFrom carriesOutAgreements { id validFrom } }`)
			plan := aqOne(t, "agreement carried out", ev.CarriesOutAgreements)
			aqEq(t, "agreement", plan.ID, "canada-us-joint-action-plan")
			aqEq(t, "signed", plan.ValidFrom, "2020-01")
		}},
		{q: "Since which event has the US-EU-Japan Trilateral been held?", answer: func(t *testing.T, e *testenv.Server) {
			tri := aqGet(t, e, "us-eu-japan-trilateral", `... on Partnership { follows { id kind } }`)
			ev := aqOne(t, "event", tri.Follows)
			aqEq(t, "event", ev.ID, "rare-earth-crisis-2010")
			aqEq(t, "kind", ev.Kind, "CRISIS")
		}},
		{q: "Which countries does the article name as minerals hot spots, and since when?", answer: func(t *testing.T, e *testenv.Server) {
			cm := aqGet(t, e, "critical-minerals", `... on Mineral { hotSpotsConnection {
				totalCount edges { properties { validFrom note `+aqProv+` } node { id territory } } } }`)
			var spots []aqNode
			for _, h := range cm.HotSpotsConnection.edges(t) {
				spots = append(spots, h.Node)
				aqEq(t, h.Node.ID+" since (the article gives no date)", h.Properties.ValidFrom, "")
				aqEdgeQuoted(t, h.Node.ID+" hot spot", h.Properties, aqArticle, "with Greenland and Ukraine as minerals hot spots")
			}
			aqWantIDs(t, "hot spots", spots, "GL", "UA")
			aqEq(t, "Greenland is a territory", aqByID(spots)["GL"].Territory, true)
		}},
		{q: "What does the article expect the One Big Beautiful Bill to do to US demand for battery minerals?", answer: func(t *testing.T, e *testenv.Server) {
			obbb := aqGet(t, e, "obbb", `... on Policy { mayCutDemandForConnection {
				totalCount edges { properties { note `+aqProv+` } node { id kind } } } }`)
			edges := obbb.MayCutDemandForConnection.edges(t)
			if len(edges) != 1 {
				t.Fatalf("want one mineral group whose demand the OBBB could cut, got %+v", edges)
			}
			aqEq(t, "minerals", edges[0].Node.ID, "battery-minerals")
			aqEq(t, "kind", edges[0].Node.Kind, "GROUP")
			aqEdgeQuoted(t, "demand cut", edges[0].Properties, aqArticle,
				"could seriously cut high-growth scenarios of US market demand for battery minerals")
			aqEdgeQuoted(t, "demand cut", edges[0].Properties, aqArticle, "the 45X and 30D Tax Credit")
		}},
		{q: "Which reserves does the article credit both Australia and Canada with, and with what figure?", answer: func(t *testing.T, e *testenv.Server) {
			reserves := aqGetAll(t, e, []string{"AU", "CA"}, `... on Country {
				measurements(where: { metric: { eq: RESERVES }, qualifier: { eq: SIGNIFICANT } }) {
					id metric qualifier unit year minerals { id } `+aqProv+` } }`)
			for _, c := range []string{"AU", "CA"} {
				m := aqOne(t, c+" significant reserves", reserves[c].Measurements)
				aqWantIDs(t, m.ID+" minerals", m.Minerals, "copper", "lithium", "nickel")
				aqEq(t, m.ID+" year (not stated)", m.Year, 0)
				aqEq(t, m.ID+" unit (not stated)", m.Unit, "not stated")
				aqQuoted(t, m, aqArticle, "Both countries have significant reserves of critical minerals (lithium, nickel, copper)")
			}
		}},
		{q: "Which countries does the article say collaborate bilaterally with almost all G7 members?", answer: func(t *testing.T, e *testenv.Server) {
			got := aqGetAll(t, e, []string{"AU", "CA"}, `... on Country { collaboratesWithMembersOfConnection {
				totalCount edges { properties { note `+aqProv+` } node { id } } } }`)
			for _, c := range []string{"AU", "CA"} {
				edges := got[c].CollaboratesWithMembersOfConnection.edges(t)
				if len(edges) != 1 || edges[0].Node.ID != "g7" {
					t.Fatalf("%s: want one collaboration with the members of the G7, got %+v", c, edges)
				}
				aqEdgeQuoted(t, c+" and the G7", edges[0].Properties, aqArticle, "bilateral collaborations with almost all G7 members")
				if !strings.Contains(edges[0].Properties.Note, "almost all") {
					t.Errorf("%s: the note should keep the article's 'almost all': %q", c, edges[0].Properties.Note)
				}
			}
			g7 := aqGet(t, e, "g7", `... on Partnership { collaboratorsOfMembers { id } }`)
			aqWantIDs(t, "collaborators of G7 members", g7.CollaboratorsOfMembers, "AU", "CA")
		}},
		{q: "Which country does the article see emerging as a potential de facto member of the G7, and is it counted a member?", answer: func(t *testing.T, e *testenv.Server) {
			g7 := aqGet(t, e, "g7", `... on Partnership { memberCountries { id } emergingDeFactoMembersConnection {
				totalCount edges { properties { validFrom note `+aqProv+` } node { id } } } }`)
			edges := g7.EmergingDeFactoMembersConnection.edges(t)
			if len(edges) != 1 || edges[0].Node.ID != "AU" {
				t.Fatalf("want Australia alone, got %+v", edges)
			}
			aqEdgeQuoted(t, "Australia and the G7", edges[0].Properties, aqArticle, "a potential de facto member of the G7")
			aqEq(t, "since (not stated)", edges[0].Properties.ValidFrom, "")
			if slices.Contains(aqIDs(g7.MemberCountries), "AU") {
				t.Errorf("an assessment is not a membership: AU among the G7's members %v", aqIDs(g7.MemberCountries))
			}
		}},
		{q: "Who states Korea's 60-80% dependence on China, and who the 86% share of the top refiners?", answer: func(t *testing.T, e *testenv.Server) {
			kr := aqGet(t, e, "m-kr-import-dependence-minerals", `... on Measurement { value valueMax statedBy { id } }`)
			aqWantIDs(t, "stated by", kr.StatedBy, "kexim")
			aqEq(t, "range", [2]float64{kr.Value, kr.ValueMax}, [2]float64{60, 80})
			top := aqGet(t, e, "m-top3-top-producers-share-refining-2024", `... on Measurement { value statedBy { id } }`)
			aqWantIDs(t, "stated by", top.StatedBy, "iea")
		}},
		{q: "Which countries founded the MSP alongside the EU, and when?", answer: func(t *testing.T, e *testenv.Server) {
			// from the public facts
			founders := `(where: { edge: { role: { eq: FOUNDING_PARTNER } } }) {
				totalCount edges { properties { validFrom } node { id } } }`
			msp := aqGet(t, e, "msp", `... on Partnership { memberCountriesConnection`+founders+` memberOrganizationsConnection`+founders+` }`)
			edges := slices.Concat(msp.MemberCountriesConnection.edges(t), msp.MemberOrganizationsConnection.edges(t))
			var founded []aqNode
			for _, f := range edges {
				aqEq(t, f.Node.ID+" joined", f.Properties.ValidFrom, "2022-06-14")
				founded = append(founded, f.Node)
			}
			aqWantIDs(t, "founding partners", founded, "AU", "CA", "DE", "FI", "FR", "GB", "JP", "KR", "SE", "US", "eu")
		}},
		{q: "Which countries joined the MSP after its launch, and when?", answer: func(t *testing.T, e *testenv.Server) {
			// from the public facts
			msp := aqGet(t, e, "msp", `... on Partnership {
				memberCountriesConnection(where: { edge: { role: { eq: PARTNER } } }, sort: [{ edge: { validFrom: ASC } }]) {
					totalCount edges { properties { validFrom } node { id } } } }`)
			got := map[string]string{}
			var order []string
			for _, p := range msp.MemberCountriesConnection.edges(t) {
				got[p.Node.ID] = p.Properties.ValidFrom
				order = append(order, p.Node.ID)
			}
			want := map[string]string{"NO": "2022-09", "IT": "2023-02", "IN": "2023-06", "EE": "2024-03"}
			if !reflect.DeepEqual(got, want) || len(order) != len(want) {
				t.Errorf("later partners: got %v (%d memberships), want %v", got, len(order), want)
			}
			aqEq(t, "order of accession", strings.Join(order, ","), "NO,IT,IN,EE")
		}},
		{q: "Which partnership succeeded the MSP, and when was it announced?", answer: func(t *testing.T, e *testenv.Server) {
			// from the public facts
			msp := aqGet(t, e, "msp", `... on Partnership { succeededBy { id name validFrom announcedAt { id } `+aqProv+` } }`)
			f := aqOne(t, "successor", msp.SucceededBy)
			aqEq(t, "successor", f.ID, "forge")
			aqEq(t, "successor name", f.Name, "Forum on Resource Geostrategic Engagement")
			aqEq(t, "announced", f.ValidFrom, "2026-02-04")
			aqWantIDs(t, "announced at", f.AnnouncedAt, "critical-minerals-ministerial-2026")
			aqQuoted(t, f, "federal-newswire-forge-2026-02", "succeeded_by,FORGE")
		}},
		{q: "Which MSP-supported projects work on graphite, at what stage, and who finances them?", answer: func(t *testing.T, e *testenv.Server) {
			// from the public facts: the article names no MSP project
			msp := aqGet(t, e, "msp", `... on Partnership { supports { id stage country { id } minerals { id } financiers { id } } }`)
			graphite := aqFilter(msp.Supports, func(n aqNode) bool {
				for _, m := range n.Minerals {
					if m.ID == "graphite" || m.ID == "natural-graphite" || m.ID == "synthetic-graphite" {
						return true
					}
				}
				return false
			})
			aqWantIDs(t, "MSP graphite projects", graphite, "balama", "epanko")
			byID := aqByID(graphite)
			aqEq(t, "Balama stage", byID["balama"].Stage, "MINING")
			aqWantIDs(t, "Balama country", byID["balama"].Country, "MZ")
			aqWantIDs(t, "Balama financiers", byID["balama"].Financiers, "dfc")
			aqEq(t, "Epanko stage", byID["epanko"].Stage, "MINING")
			aqWantIDs(t, "Epanko country", byID["epanko"].Country, "TZ")
			aqWantIDs(t, "Epanko financiers", byID["epanko"].Financiers, "kfw-ipex-bank")
			aqWantIDs(t, "MSP refining-stage projects", aqFilter(msp.Supports, func(n aqNode) bool { return n.Stage == "REFINING" }),
				"chvaletice", "tech-townsville")
		}},
		{q: "What was the status of the DFC's loan to the Balama graphite mine as of 2024-01-01, and as of 2025-01-01?", answer: func(t *testing.T, e *testenv.Server) {
			// from the public facts
			loan := func(asOf string) aqProps {
				balama := aqGetAsOf(t, e, "balama", asOf, `... on Project {
					financiersConnection(where: { node: { id: { eq: "dfc" } }, edge: { `+aqAsOf+` } }) {
						totalCount edges { properties { instrument amount currency qualifier status } node { id } } } }`)
				edges := balama.FinanciersConnection.edges(t)
				if len(edges) != 1 {
					t.Fatalf("as of %s: want one financing, got %+v", asOf, edges)
				}
				aqEq(t, "financier", edges[0].Node.ID, "dfc")
				return edges[0].Properties
			}
			want := aqProps{Instrument: "LOAN", Amount: 150, Currency: "USD million", Qualifier: "UP_TO", Status: "CONDITIONAL"}
			if got := loan("2024-01-01"); !reflect.DeepEqual(got, want) {
				t.Errorf("as of 2024-01-01: got %+v, want %+v", got, want)
			}
			want = aqProps{Instrument: "LOAN", Amount: 150, Currency: "USD million", Status: "COMMITTED"}
			if got := loan("2025-01-01"); !reflect.DeepEqual(got, want) {
				t.Errorf("as of 2025-01-01: got %+v, want %+v", got, want)
			}
		}},

		// --- The Trump Administration's measures ------------------------------------------
		{q: "Which US executive orders on minerals were issued in 2025?", answer: func(t *testing.T, e *testenv.Server) {
			us := aqGet(t, e, "US", `... on Country { policies { id name kind validFrom `+aqProv+` } }`)
			eos := aqFilter(us.Policies, func(n aqNode) bool {
				return n.Kind == "EXECUTIVE_ORDER" && strings.HasPrefix(n.ValidFrom, "2025")
			})
			// The article names two and mentions a third ("with Executive Order ... Section 232"),
			// which the public facts date to 2025-04-15.
			aqWantIDs(t, "2025 executive orders", eos,
				"eo-declaring-national-energy-emergency", "eo-immediate-measures-american-mineral-production", "eo-2025-04-15-processed-critical-minerals")
			byID := aqByID(eos)
			aqEq(t, "first order date", byID["eo-declaring-national-energy-emergency"].ValidFrom, "2025-01-20")
			aqEq(t, "first order name", byID["eo-declaring-national-energy-emergency"].Name, "Declaring a National Energy Emergency")
			aqEq(t, "second order date", byID["eo-immediate-measures-american-mineral-production"].ValidFrom, "2025-03-20")
			aqEq(t, "second order name", byID["eo-immediate-measures-american-mineral-production"].Name, "Immediate Measures to Increase American Mineral Production")
			aqQuoted(t, byID["eo-declaring-national-energy-emergency"], aqArticle, "”Declaring a National Energy Emergency” on January 20")
		}},
		{q: "What did the March 2025 executive order direct, and which bodies must act on it?", answer: func(t *testing.T, e *testenv.Server) {
			eo := aqGet(t, e, "eo-immediate-measures-american-mineral-production",
				`... on Policy { targetsOrganizations { id } parts { id kind } } `+aqProv)
			aqWantIDs(t, "ordered bodies", eo.TargetsOrganizations, "dfc", "us-department-of-defense")
			fund := aqOne(t, "ordered fund", eo.Parts)
			aqEq(t, "fund", fund.ID, "us-domestic-critical-minerals-fund")
			aqEq(t, "fund kind", fund.Kind, "FUND")
			aqQuoted(t, eo, aqArticle, "to establish a fund for investment in domestic critical mineral production")
		}},
		{q: "What duty did the US propose on Chinese active anode material?", answer: func(t *testing.T, e *testenv.Server) {
			aam := aqGet(t, e, "active-anode-material", `... on Mineral { policies {
				id kind status validFrom issuedByOrganizations { id } targetsCountries { id }
				measurements { metric value qualifier unit } `+aqProv+` } }`)
			d := aqOne(t, "policies on active anode material", aam.Policies)
			aqEq(t, "duty", d.ID, "us-cvd-active-anode-material")
			aqEq(t, "kind", d.Kind, "DUTY")
			aqEq(t, "status", d.Status, "PRELIMINARY")
			aqEq(t, "announced", d.ValidFrom, "2025-05")
			aqWantIDs(t, "issued by", d.IssuedByOrganizations, "us-department-of-commerce")
			aqWantIDs(t, "targets", d.TargetsCountries, "CN")
			rate := aqOne(t, "rate", d.Measurements)
			aqEq(t, "rate metric", rate.Metric, "TARIFF_RATE")
			aqEq(t, "rate", rate.Value, 721.0)
			aqEq(t, "rate qualifier", rate.Qualifier, "UP_TO")
			aqEq(t, "rate unit", rate.Unit, "%")
			aqQuoted(t, d, aqArticle, "countervailing duties up to 721% on active anode materials from China")
		}},
		{q: "Were critical minerals spared from the tariffs of April 2, 2025?", answer: func(t *testing.T, e *testenv.Server) {
			tariffs := aqGet(t, e, "us-tariffs-2025-04-02", `... on Policy { validFrom issuedByCountries { id }
				amendedBy { id kind status minerals { id } `+aqProv+` } }`)
			aqEq(t, "tariffs date", tariffs.ValidFrom, "2025-04-02")
			aqWantIDs(t, "issued by", tariffs.IssuedByCountries, "US")
			ex := aqOne(t, "amended by", tariffs.AmendedBy)
			aqEq(t, "exemption", ex.ID, "us-tariff-exemption-critical-minerals")
			aqEq(t, "exemption kind", ex.Kind, "EXEMPTION")
			aqWantIDs(t, "exempted", ex.Minerals, "critical-minerals")
			aqQuoted(t, ex, aqArticle, "since the US is more import dependent")
		}},
		{q: "What is the Section 232 investigation into processed critical minerals, who runs it and since when?", answer: func(t *testing.T, e *testenv.Server) {
			doc := aqGet(t, e, "us-department-of-commerce", `... on Organization { policies {
				id kind status validFrom partOf { id } issuedByCountries { id } `+aqProv+` } }`)
			inv := aqOne(t, "Commerce investigations", aqFilter(doc.Policies, func(n aqNode) bool { return n.Kind == "TRADE_INVESTIGATION" }))
			aqEq(t, "investigation", inv.ID, "us-section-232-investigation-processed-critical-minerals")
			aqEq(t, "status", inv.Status, "ONGOING")
			aqEq(t, "announced", inv.ValidFrom, "2025-04")
			aqWantIDs(t, "under", inv.PartOf, "trade-expansion-act-section-232", "eo-2025-04-15-processed-critical-minerals")
			aqWantIDs(t, "issued by countries", inv.IssuedByCountries, "US")
			aqQuoted(t, inv, aqArticle, "announced in April, under Section 232 of the Trade Expansion Act")
		}},
		{q: "Which Korean organization wrote to the US Department of Commerce about the Section 232 probe?", answer: func(t *testing.T, e *testenv.Server) {
			kr := aqGet(t, e, "KR", `... on Country { organizations { id kind lobbiesOrganizations { id } `+aqProv+` } }`)
			writers := aqFilter(kr.Organizations, func(n aqNode) bool {
				for _, o := range n.LobbiesOrganizations {
					if o.ID == "us-department-of-commerce" {
						return true
					}
				}
				return false
			})
			w := aqOne(t, "Korean organizations lobbying Commerce", writers)
			aqEq(t, "writer", w.ID, "kita")
			aqEq(t, "writer kind", w.Kind, "INDUSTRY_ASSOCIATION")
			aqQuoted(t, w, aqArticle, "has reached the US Department with a letter")
		}},
		{q: "Which IRA provisions could the One Big Beautiful Bill repeal or modify?", answer: func(t *testing.T, e *testenv.Server) {
			obbb := aqGet(t, e, "obbb", `... on Policy { status amends { id } parts { id status amends { id } } } `+aqProv)
			aqEq(t, "bill status (proposed as of the article; no source states its later fate)", obbb.Status, "")
			aqWantIDs(t, "amends", obbb.Amends, "ira", "ira-30d", "ira-45x")
			pfe := aqOne(t, "bill parts", obbb.Parts)
			aqEq(t, "part", pfe.ID, "obbb-prohibited-foreign-entities")
			aqWantIDs(t, "prohibited foreign entities would apply to", pfe.Amends,
				"ira-45x", "ira-clean-electricity-investment-tax-credit", "ira-clean-electricity-production-tax-credit", "ira-feoc-exclusion")
			aqQuoted(t, obbb, aqArticle, "the potential repeal or partial modification of the Inflation Reduction Act (IRA)")
		}},
		{q: "Which minerals does the US government want to prioritise for defence and nuclear technologies?", answer: func(t *testing.T, e *testenv.Server) {
			techs := aqGetAll(t, e, []string{"defence-technologies", "nuclear-technologies"}, `... on Technology { minerals { id } } `+aqProv)
			aqWantIDs(t, "defence minerals", techs["defence-technologies"].Minerals, "gallium", "rare-earths", "titanium")
			aqWantIDs(t, "nuclear minerals", techs["nuclear-technologies"].Minerals, "uranium")
			aqQuoted(t, techs["nuclear-technologies"], aqArticle, "that the US government wants to prioritise over clean tech")
		}},

		// --- US bilateral deals -----------------------------------------------------------
		{q: "With which countries had the US signed bilateral minerals arrangements by June 2025?", answer: func(t *testing.T, e *testenv.Server) {
			us := aqGet(t, e, "US", `... on Country { agreements { id kind status partyCountries { id } `+aqProv+` } }`)
			signed := aqFilter(us.Agreements, func(n aqNode) bool { return n.Kind == "ARRANGEMENT" && n.Status == "SIGNED" })
			aqSet(t, "counterparts", aqCounterparts(signed, "US"), "AR", "IN", "JP", "MN", "NO", "UA", "UZ")
			for _, a := range signed {
				aqQuoted(t, a, aqArticle, "following bilateral arrangements signed with Ukraine, Argentina, India, Japan, Mongolia, Norway and Uzbekistan")
			}
		}},
		{q: "With which countries is Washington in advanced talks on minerals partnerships, and in which sectors?", answer: func(t *testing.T, e *testenv.Server) {
			us := aqGet(t, e, "US", `... on Country { agreements { id status partyCountries { id } minerals { id } `+aqProv+` } }`)
			talks := aqFilter(us.Agreements, func(n aqNode) bool { return n.Status == "NEGOTIATING" })
			aqSet(t, "counterparts in talks", aqCounterparts(talks, "US"), "CD", "RW")
			var minerals []aqNode
			for _, a := range talks {
				minerals = append(minerals, a.Minerals...)
				aqQuoted(t, a, aqArticle, "developing partnerships in the cobalt, tungsten and lithium sectors")
			}
			aqWantIDs(t, "sectors", minerals, "cobalt", "lithium", "tungsten")
		}},

		// --- Canada ---------------------------------------------------------------------------
		{q: "When did Canada and the US sign their Joint Action Plan on Critical Minerals, and which project has it supported?", answer: func(t *testing.T, e *testenv.Server) {
			jap := aqGet(t, e, "canada-us-joint-action-plan", `... on Agreement { kind status validFrom partyCountries { id }
				supports { id stage location country { id } minerals { id } `+aqProv+` } } `+aqProv)
			aqEq(t, "kind", jap.Kind, "JOINT_ACTION_PLAN")
			aqEq(t, "status", jap.Status, "IN_FORCE")
			aqEq(t, "signed", jap.ValidFrom, "2020-01")
			aqWantIDs(t, "parties", jap.PartyCountries, "CA", "US")
			p := aqOne(t, "supported projects", jap.Supports)
			aqEq(t, "project", p.ID, "ontario-cobalt-refinery")
			aqEq(t, "stage", p.Stage, "REFINING")
			aqEq(t, "location", p.Location, "Ontario")
			aqWantIDs(t, "project country", p.Country, "CA")
			aqWantIDs(t, "project minerals", p.Minerals, "cobalt")
			aqQuoted(t, jap, aqArticle, "Joint Action Plan on Critical Minerals signed in January 2020")
			aqQuoted(t, p, aqArticle, "a cobalt refinery project in Ontario")
		}},
		{q: "How many Canadian deposits did Canada and the US invest in jointly, and when?", answer: func(t *testing.T, e *testenv.Server) {
			ca := aqGet(t, e, "CA", `... on Country { measurements { id metric value unit year aboutCountries { id } `+aqProv+` } }`)
			m := aqOne(t, "deposit counts", aqFilter(ca.Measurements, func(n aqNode) bool { return n.Metric == "PROJECT_COUNT" && aqFromArticle(n) }))
			aqEq(t, "deposits", m.Value, 2.0)
			aqEq(t, "unit", m.Unit, "deposits")
			aqEq(t, "year", m.Year, 2024)
			aqWantIDs(t, "about", m.AboutCountries, "CA", "US")
			ev := aqGet(t, e, "canada-us-joint-investment-2024-05", `... on Event { validFrom country { id } } `+aqProv)
			aqEq(t, "announced", ev.ValidFrom, "2024-05")
			aqWantIDs(t, "where", ev.Country, "CA")
			aqQuoted(t, ev, aqArticle, "a joint investment in two Canadian critical mineral deposits in May 2024")
		}},
		{q: "What import surtax did Canada impose on electric vehicles, and on whom?", answer: func(t *testing.T, e *testenv.Server) {
			ca := aqGet(t, e, "CA", `... on Country { policies { id kind targetsTechnologies { id } targetsCountries { id }
				measurements { metric value unit } `+aqProv+` } }`)
			s := aqOne(t, "Canadian tariffs", aqFilter(ca.Policies, func(n aqNode) bool { return n.Kind == "TARIFF" }))
			aqEq(t, "surtax", s.ID, "canada-ev-surtax")
			aqWantIDs(t, "on", s.TargetsTechnologies, "electric-vehicles")
			aqWantIDs(t, "against", s.TargetsCountries, "CN")
			rate := aqOne(t, "rate", s.Measurements)
			aqEq(t, "rate metric", rate.Metric, "TARIFF_RATE")
			aqEq(t, "rate", rate.Value, 100.0)
			aqEq(t, "rate unit", rate.Unit, "%")
			aqQuoted(t, s, aqArticle, "Canada followed suit with a 100% import surtax on electric vehicles")
		}},
		{q: "Who lobbied the Canadian government to align with the US tariffs on China, and when?", answer: func(t *testing.T, e *testenv.Server) {
			// Country has no lobbiedBy field: ask for the organizations that lobby Canada.
			var data struct{ Organizations []aqNode }
			aqGQL(t, e, `{ organizations(where: { lobbiesCountries: { some: { id: { eq: "CA" } } } }) {
				id kind lobbiesCountriesConnection(where: { node: { id: { eq: "CA" } } }) {
					totalCount edges { properties { validFrom `+aqProv+` } } } } }`, nil, &data)
			o := aqOne(t, "lobbyists of Canada", data.Organizations)
			aqEq(t, "lobbyist", o.ID, "naga")
			aqEq(t, "kind", o.Kind, "INDUSTRY_ASSOCIATION")
			edges := o.LobbiesCountriesConnection.edges(t)
			if len(edges) != 1 {
				t.Fatalf("want one lobbying of Canada, got %+v", edges)
			}
			aqEq(t, "when", edges[0].Properties.ValidFrom, "2024-10")
			aqEdgeQuoted(t, "lobbying", edges[0].Properties, aqArticle,
				"in October 2024, the North American Graphite Alliance (NAGA) lobbied the Canada government")
		}},
		{q: "Since when has Canada been part of the US defence industrial base?", answer: func(t *testing.T, e *testenv.Server) {
			// The defence industrial base is not a partnership of countries: the claim is
			// part of Canada's own provenance.
			ca := aqGet(t, e, "CA", `... on Country { memberOf { id } `+aqProv+` }`)
			for _, p := range ca.MemberOf {
				if p.ID == "us-defence-industrial-base" {
					t.Errorf("Canada is a member of the defence industrial base as if it were a partnership")
				}
			}
			aqQuoted(t, ca, aqArticle, "part of the US defence industrial base since 1993")
		}},
		{q: "What share of natural graphite comes from China according to the article?", answer: func(t *testing.T, e *testenv.Server) {
			cn := aqGet(t, e, "CN", `... on Country { measurements { id metric value unit minerals { id } `+aqProv+` } }`)
			m := aqOne(t, "article figures on natural graphite", aqFilter(cn.Measurements, func(n aqNode) bool {
				return aqFromArticle(n) && len(n.Minerals) == 1 && n.Minerals[0].ID == "natural-graphite"
			}))
			aqEq(t, "metric ('responsible for': no stage)", m.Metric, "SUPPLY_SHARE")
			aqEq(t, "share", m.Value, 67.0)
			aqEq(t, "unit", m.Unit, "%")
			aqQuoted(t, m, aqArticle, "responsible for 67% of natural graphite")
		}},
		{q: "And what share of artificial graphite does the article attribute to China?", answer: func(t *testing.T, e *testenv.Server) {
			cn := aqGet(t, e, "CN", `... on Country { measurements { id metric value unit minerals { id aliases } `+aqProv+` } }`)
			m := aqOne(t, "article figures on artificial graphite", aqFilter(cn.Measurements, func(n aqNode) bool {
				return aqFromArticle(n) && len(n.Minerals) == 1 && n.Minerals[0].ID == "synthetic-graphite"
			}))
			aqEq(t, "metric", m.Metric, "SUPPLY_SHARE")
			aqEq(t, "share", m.Value, 75.0)
			aqSet(t, "synthetic graphite aliases", m.Minerals[0].Aliases, "artificial graphite")
			aqQuoted(t, m, aqArticle, "75% of artificial graphite")
		}},

		// --- Australia --------------------------------------------------------------------------
		{q: "Which countries has Australia signed critical-minerals agreements with?", answer: func(t *testing.T, e *testenv.Server) {
			au := aqGet(t, e, "AU", `... on Country { agreements { id kind partyCountries { id } `+aqProv+` } }`)
			deals := aqFilter(au.Agreements, func(n aqNode) bool { return n.Kind != "FTA" })
			aqSet(t, "counterparts", aqCounterparts(deals, "AU"), "DE", "FR", "IN", "JP", "KR")
			aqWantIDs(t, "agreements", deals,
				"australia-france-critical-minerals-dialogue", "australia-germany-raw-materials-working-group",
				"australia-india-critical-minerals-investment-partnership", "australia-japan-critical-minerals-partnership",
				"australia-japan-critical-minerals-working-group", "australia-korea-critical-minerals-mou")
			aqQuoted(t, aqByID(deals)["australia-korea-critical-minerals-mou"], aqArticle, "Korea (MoU on Cooperation with Critical Mineral Supply Chains)")
		}},
		{q: "What share of lithium reserves and of hard-rock lithium output does Australia hold?", answer: func(t *testing.T, e *testenv.Server) {
			au := aqGet(t, e, "AU", `... on Country { measurements(where: { metric: { in: [RESERVES_SHARE, PRODUCTION_SHARE] } }) {
				id metric value unit stage minerals { id } `+aqProv+` } }`)
			byMetric := map[string]aqNode{}
			for _, m := range aqFilter(au.Measurements, aqFromArticle) {
				aqWantIDs(t, m.ID+" minerals", m.Minerals, "lithium")
				byMetric[m.Metric] = m
			}
			if len(byMetric) != 2 {
				t.Fatalf("want a reserves share and a production share from the article, got %v", byMetric)
			}
			aqEq(t, "reserves share", byMetric["RESERVES_SHARE"].Value, 23.0)
			aqEq(t, "hard-rock production share", byMetric["PRODUCTION_SHARE"].Value, 35.0)
			aqEq(t, "production stage", byMetric["PRODUCTION_SHARE"].Stage, "MINING")
			aqQuoted(t, byMetric["PRODUCTION_SHARE"], aqArticle, "being the first producer (35%) of lithium from hard-rock deposits")
		}},
		{q: "Where does Australia send almost all its lithium ore for processing?", answer: func(t *testing.T, e *testenv.Server) {
			au := aqGet(t, e, "AU", `... on Country { dependsOn { id } policies { id minerals { id } `+aqProv+` } }`)
			aqWantIDs(t, "depends on", au.DependsOn, "CN")
			act := aqByID(au.Policies)["future-made-in-australia-act"]
			aqWantIDs(t, "the act that answers it covers", act.Minerals, "lithium")
			aqQuoted(t, act, aqArticle, "reducing export dependence")
		}},
		{q: "Which Australian policies aim to capture more value from its mineral endowment?", answer: func(t *testing.T, e *testenv.Server) {
			au := aqGet(t, e, "AU", `... on Country { policies { id kind validFrom `+aqProv+` } }`)
			ps := aqFilter(au.Policies, aqFromArticle)
			aqWantIDs(t, "article policies", ps, "au-critical-minerals-strategy-2023-2030", "future-made-in-australia-act")
			s := aqByID(ps)["au-critical-minerals-strategy-2023-2030"]
			aqEq(t, "strategy kind", s.Kind, "STRATEGY")
			aqEq(t, "strategy start", s.ValidFrom, "2023")
			aqEq(t, "act kind", aqByID(ps)["future-made-in-australia-act"].Kind, "LAW")
		}},
		{q: "Who owns and operates Australia's ex-China rare earths deposit, and how rare are such deposits?", answer: func(t *testing.T, e *testenv.Server) {
			au := aqGet(t, e, "AU", `... on Country { projects { id stage status operators { id } owners { id } minerals { id }
				measurements { metric value } `+aqProv+` } }`)
			p := aqOne(t, "article rare earths projects in Australia", aqFilter(au.Projects, func(n aqNode) bool {
				return aqFromArticle(n) && len(n.Minerals) > 0 && n.Minerals[0].ID == "rare-earths"
			}))
			aqEq(t, "project", p.ID, "lynas-australia-rare-earths-deposit")
			aqWantIDs(t, "operators", p.Operators, "lynas")
			aqWantIDs(t, "owners", p.Owners, "lynas")
			aqEq(t, "status", p.Status, "OPERATING")
			count := aqOne(t, "deposit count", p.Measurements)
			aqEq(t, "ex-China deposits in the West", count.Value, 2.0)
			aqQuoted(t, p, aqArticle, "owned and operated by Lynas Corporation")
		}},

		// --- Japan and Korea ------------------------------------------------------------------
		{q: "How far did Japan cut its dependence on China for rare earths, and through which investment?", answer: func(t *testing.T, e *testenv.Server) {
			jp := aqGet(t, e, "JP", `... on Country { measurements { id metric value qualifier year counterpart { id } minerals { id } `+aqProv+` } }`)
			deps := aqFilter(jp.Measurements, func(n aqNode) bool { return n.Metric == "IMPORT_DEPENDENCE" })
			if len(deps) != 2 {
				t.Fatalf("want two dependence figures, got %+v", deps)
			}
			before, after := deps[0], deps[1]
			if before.Year != 0 {
				before, after = after, before
			}
			aqEq(t, "before", before.Value, 90.0)
			aqEq(t, "before qualifier", before.Qualifier, "OVER")
			aqEq(t, "after", after.Value, 58.0)
			aqEq(t, "after year", after.Year, 2020)
			for _, d := range deps {
				aqWantIDs(t, d.ID+" counterpart", d.Counterpart, "CN")
				aqWantIDs(t, d.ID+" minerals", d.Minerals, "rare-earths")
			}
			// The investment went through JARE, the vehicle of Sojitz and JOGMEC.
			jogmec := aqGet(t, e, "jogmec", `... on Organization { parts { id financesOrganizations { id } } basedIn { id } } `+aqProv)
			jare := aqOne(t, "JOGMEC's vehicles", jogmec.Parts)
			aqEq(t, "vehicle", jare.ID, "jare")
			aqWantIDs(t, "JARE invested in", jare.FinancesOrganizations, "lynas")
			aqWantIDs(t, "JOGMEC based in", jogmec.BasedIn, "JP")
			aqQuoted(t, after, aqArticle, "from more than 90% to 58% in 2020")
		}},
		{q: "How dependent is Korea on China for mineral imports, and who says so?", answer: func(t *testing.T, e *testenv.Server) {
			kr := aqGet(t, e, "KR", `... on Country { dependsOn { id } organizations { id kind }
				measurements { id metric value valueMax unit counterpart { id } minerals { id } `+aqProv+` } }`)
			aqWantIDs(t, "depends on", kr.DependsOn, "CN")
			m := aqOne(t, "import dependence", aqFilter(kr.Measurements, func(n aqNode) bool { return n.Metric == "IMPORT_DEPENDENCE" }))
			aqEq(t, "from", m.Value, 60.0)
			aqEq(t, "to", m.ValueMax, 80.0)
			aqEq(t, "unit", m.Unit, "%")
			aqWantIDs(t, "counterpart", m.Counterpart, "CN")
			aqWantIDs(t, "minerals", m.Minerals, "cobalt", "critical-minerals", "lithium", "rare-earths")
			aqQuoted(t, m, aqArticle, "according to the Export-Import Bank of Korea, the country depends on China for 60-80%")
			if !strings.Contains(strings.Join(aqIDs(kr.Organizations), ","), "kexim") {
				t.Errorf("the Export-Import Bank of Korea is not based in Korea: %v", aqIDs(kr.Organizations))
			}
		}},
		{q: "What share of global cell gigafactory capacity do Japan and Korea hold?", answer: func(t *testing.T, e *testenv.Server) {
			jp := aqGet(t, e, "JP", `... on Country { measurements { id metric value qualifier unit stage aboutCountries { id } aboutTechnologies { id } `+aqProv+` } }`)
			m := aqOne(t, "capacity share", aqFilter(jp.Measurements, func(n aqNode) bool { return n.Metric == "CAPACITY_SHARE" }))
			aqEq(t, "share", m.Value, 25.0)
			aqEq(t, "qualifier", m.Qualifier, "APPROXIMATE")
			aqEq(t, "stage", m.Stage, "MANUFACTURING")
			aqWantIDs(t, "countries", m.AboutCountries, "JP", "KR")
			aqWantIDs(t, "technology", m.AboutTechnologies, "ev-batteries")
			aqQuoted(t, m, aqArticle, "about 25% of global cell gigafactory capacity")
		}},
		{q: "Which trilateral conference has Japan long belonged to, who else is in it, and since when has it met?", answer: func(t *testing.T, e *testenv.Server) {
			jp := aqGet(t, e, "JP", `... on Country { memberOf { id kind validFrom memberCountries { id } memberOrganizations { id } `+aqProv+` } }`)
			c := aqOne(t, "conferences", aqFilter(jp.MemberOf, func(n aqNode) bool { return n.Kind == "CONFERENCE" }))
			aqEq(t, "conference", c.ID, "us-eu-japan-trilateral")
			aqEq(t, "held since", c.ValidFrom, "2010")
			aqWantIDs(t, "member countries", c.MemberCountries, "JP", "US")
			aqWantIDs(t, "member organizations", c.MemberOrganizations, "eu")
			aqQuoted(t, c, aqArticle, "held every year since the Rare-Earth Crisis occurred in late 2010 with Beijing")
		}},
		{q: "Which critical-minerals agreements has Japan signed with the US and with Australia?", answer: func(t *testing.T, e *testenv.Server) {
			jp := aqGet(t, e, "JP", `... on Country { agreements { id partyCountries { id } `+aqProv+` } }`)
			signed := aqFilter(jp.Agreements, func(n aqNode) bool {
				for _, p := range n.Provenance {
					if p.Source.ID == aqArticle && strings.Contains(p.Quote, "Bilateral agreements have also been signed with the US and Australia") {
						return true
					}
				}
				return false
			})
			aqWantIDs(t, "agreements", signed, "australia-japan-critical-minerals-partnership", "us-japan-critical-minerals-agreement")
			aqSet(t, "counterparts", aqCounterparts(signed, "JP"), "AU", "US")
		}},
		{q: "Which Korea–Canada instrument let Korean firms claim US EV tax credits on Canadian minerals?", answer: func(t *testing.T, e *testenv.Server) {
			cs := aqGetAll(t, e, []string{"KR", "CA"}, `... on Country { agreements { id kind status `+aqProv+` } }`)
			inCA := map[string]bool{}
			for _, a := range cs["CA"].Agreements {
				inCA[a.ID] = true
			}
			both := aqFilter(cs["KR"].Agreements, func(n aqNode) bool { return inCA[n.ID] })
			mou := aqOne(t, "Korea-Canada agreements", both)
			aqEq(t, "instrument", mou.ID, "canada-korea-critical-minerals-mou")
			aqEq(t, "kind", mou.Kind, "MOU")
			aqEq(t, "status", mou.Status, "SIGNED")
			aqQuoted(t, mou, aqArticle, "allowing Korean companies to leverage electric vehicle tax credits")
		}},

		// --- China and the market -----------------------------------------------------------
		{q: "What do Beijing's export controls cited by the article cover?", answer: func(t *testing.T, e *testenv.Server) {
			cn := aqGet(t, e, "CN", `... on Country { policies { id kind minerals { id } `+aqProv+` } }`)
			c := aqOne(t, "article export controls", aqFilter(cn.Policies, func(n aqNode) bool {
				return n.Kind == "EXPORT_CONTROL" && aqFromArticle(n)
			}))
			aqEq(t, "control", c.ID, "cn-export-controls-rare-earths-magnets")
			aqWantIDs(t, "covers", c.Minerals, "magnets", "rare-earths")
			aqQuoted(t, c, aqArticle, "the export control of Beijing on rare earths and magnets")
		}},
		{q: "How much is global demand for these minerals expected to grow by 2030 and by 2050?", answer: func(t *testing.T, e *testenv.Server) {
			cm := aqGet(t, e, "critical-minerals", `... on Mineral { measurements { id metric value unit year `+aqProv+` } }`)
			growth := map[int]float64{}
			for _, m := range aqFilter(cm.Measurements, func(n aqNode) bool { return n.Metric == "DEMAND_GROWTH" }) {
				aqEq(t, m.ID+" unit", m.Unit, "x")
				aqQuoted(t, m, aqArticle, "with global demand expected to double by 2030 and triple by 2050")
				growth[m.Year] = m.Value
			}
			if want := map[int]float64{2030: 2, 2050: 3}; !reflect.DeepEqual(growth, want) {
				t.Errorf("demand growth: got %v, want %v", growth, want)
			}
		}},
		{q: "What average market share did the three largest producers hold in 2020 and in 2024?", answer: func(t *testing.T, e *testenv.Server) {
			cm := aqGet(t, e, "critical-minerals", `... on Mineral { measurements { id metric value unit year `+aqProv+` } }`)
			share := map[int]float64{}
			for _, m := range aqFilter(cm.Measurements, func(n aqNode) bool { return n.Metric == "TOP_PRODUCERS_SHARE" && aqFromArticle(n) }) {
				aqEq(t, m.ID+" unit", m.Unit, "%")
				aqQuoted(t, m, aqArticle, "increased to 86% in 2024 compared to 82% in 2020")
				share[m.Year] = m.Value
			}
			if want := map[int]float64{2020: 82, 2024: 86}; !reflect.DeepEqual(share, want) {
				t.Errorf("top-3 share: got %v, want %v", share, want)
			}
		}},
	}
}
