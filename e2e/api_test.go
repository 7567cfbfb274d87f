package e2e

// GraphQL-level integration tests of the generated read API: every request goes through
// the HTTP handler (httpapi.New, through testenv) to the real test Neo4j holding the
// embedded seed data set, and every answer is compared with what the data says
// (seed/data/*.yaml). The GraphQL documents live in internal/testenv/queries, one per
// file, loaded by name; the tables below vary their variables.
//
// Every request of these tests is also checked for what must never happen, whatever
// the input: a 5xx status, a body that is not JSON, an error without extensions.code,
// an INTERNAL error, a message that shows internals (Neo4j, Cypher, a Go stack), or a
// logged panic or internal error.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

// apiNames reports whether the error names s in its message or its path.
func apiNames(ge testenv.Error, s string) bool {
	return strings.Contains(ge.Message, s) || strings.Contains(fmt.Sprint(ge.Path), s)
}

// apiCleanCodes are the error codes a client may be given for its own input.
var apiCleanCodes = []string{"BAD_USER_INPUT", "NOT_FOUND", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "REQUEST_TOO_LARGE"}

// apiSend posts a raw request body and checks the answer is clean (see the file comment).
func apiSend(t *testing.T, e *testenv.Server, body []byte) *testenv.Response {
	t.Helper()
	return apiServe(t, e, testenv.Post(body))
}

func apiServe(t *testing.T, e *testenv.Server, req *http.Request) *testenv.Response {
	t.Helper()
	req.Header.Set("Content-Type", "application/json")
	r := e.Do(t, req)
	e.Clean(t, r)
	if !r.JSON {
		t.FailNow()
	}
	return r
}

// run posts document name with vars and checks the answer is clean.
func apiRun(t *testing.T, e *testenv.Server, name string, vars map[string]any) *testenv.Response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": testenv.Doc(t, name), "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	return apiSend(t, e, body)
}

// data runs document name and decodes its data into out; any error fails the test.
func apiData(t *testing.T, e *testenv.Server, name string, vars map[string]any, out any) {
	t.Helper()
	r := apiRun(t, e, name, vars)
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("%s: HTTP %d, errors %+v", name, r.Status, r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("%s: decode %s: %v", name, r.Data, err)
	}
}

// list runs a document whose data is one list field of nodes and returns their ids in
// the order of the answer.
func apiList(t *testing.T, e *testenv.Server, name, field string, vars map[string]any) []string {
	t.Helper()
	var data map[string][]struct{ ID string }
	apiData(t, e, name, vars, &data)
	items, ok := data[field]
	if !ok {
		t.Fatalf("%s: no field %q in the answer", name, field)
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

// apiSorted returns a sorted copy of ids.
func apiSorted(ids []string) []string {
	out := slices.Clone(ids)
	sort.Strings(out)
	if out == nil {
		out = []string{}
	}
	return out
}

func apiSameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	if g, w := apiSorted(got), apiSorted(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %q\nwant %q", what, g, w)
	}
}

func apiSameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if got == nil {
		got = []string{}
	}
	if want == nil {
		want = []string{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// apiOp is an operator object: apiOp("eq", "x") is {"eq": "x"}.
func apiOp(op string, v any) map[string]any { return map[string]any{op: v} }

// apiObj builds a map from alternating keys and values.
func apiObj(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// apiArr builds a []any, empty but not nil without arguments.
func apiArr(xs ...any) []any { return append([]any{}, xs...) }

// ---------------------------------------------------------------------------------------
// Facts of the seed data the tables below rely on (seed/data/*.yaml)
// ---------------------------------------------------------------------------------------

// apiAllProjects are the 15 projects of the data set, by id.
var apiAllProjects = []string{
	"balama", "chvaletice", "ecograf-bam-facility", "epanko", "hypromag-magnet-recycling",
	"kabanga", "lionheart", "lofdal", "lynas-australia-rare-earths-deposit", "nolans",
	"ontario-cobalt-refinery", "phalaborwa", "serra-verde-pela-ema", "siviour", "tech-townsville",
}

// apiMSPMemberships are the 17 MEMBER_OF relationships from a country to the MSP, one per
// country, as country|role (Korea's chair is a CHAIRS relation, not a membership).
var apiMSPMemberships = []string{
	"AU|FOUNDING_PARTNER", "BE|OBSERVER", "CA|FOUNDING_PARTNER", "DE|FOUNDING_PARTNER",
	"EE|PARTNER", "FI|FOUNDING_PARTNER", "FR|FOUNDING_PARTNER", "GB|FOUNDING_PARTNER", "IN|PARTNER",
	"IT|PARTNER", "JP|FOUNDING_PARTNER", "KR|FOUNDING_PARTNER",
	"NO|PARTNER", "NZ|OBSERVER", "PL|OBSERVER", "SE|FOUNDING_PARTNER", "US|FOUNDING_PARTNER",
}

// apiMSPCountries are the 17 distinct member countries of the MSP.
var apiMSPCountries = []string{"AU", "BE", "CA", "DE", "EE", "FI", "FR", "GB", "IN", "IT", "JP", "KR", "NO", "NZ", "PL", "SE", "US"}

// apiMSPFounders are the founding partner countries of the MSP.
var apiMSPFounders = []string{"AU", "CA", "DE", "FI", "FR", "GB", "JP", "KR", "SE", "US"}

// apiFilterCase is one filter of a root list and the ids it must return (in any order).
type apiFilterCase struct {
	name  string
	doc   string // document, also the root field
	where map[string]any
	want  []string
}

func apiRunFilterCases(t *testing.T, e *testenv.Server, cases []apiFilterCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := apiList(t, e, tc.doc, tc.doc, map[string]any{"where": tc.where})
			apiSameSet(t, tc.doc, got, tc.want)
		})
	}
}

// ---------------------------------------------------------------------------------------
// 1. Filter operators on every property type, AND/OR/NOT
// ---------------------------------------------------------------------------------------

func TestAPIFilterOperators(t *testing.T) {
	e := testenv.Seeded(t)
	apiRunFilterCases(t, e, []apiFilterCase{
		// String
		{"String eq", "organizations", apiObj("name", apiOp("eq", "Lynas Corporation")), []string{"lynas"}},
		{"String eq is case-sensitive", "organizations", apiObj("name", apiOp("eq", "lynas corporation")), nil},
		{"String in", "organizations", apiObj("name", apiOp("in", apiArr("Lynas Corporation", "KfW", "No Such Name"))), []string{"kfw", "lynas"}},
		{"String contains", "organizations", apiObj("name", apiOp("contains", "Rare Earth")), []string{"arafura", "jare", "rainbow-rare-earths"}},
		{"String startsWith", "organizations", apiObj("name", apiOp("startsWith", "Export")), []string{"edc", "efa", "kexim"}},
		{"String endsWith", "organizations", apiObj("name", apiOp("endsWith", "Bank")), []string{"kfw-ipex-bank"}},
		{"String contains on an optional property", "projects", apiObj("location", apiOp("contains", "Australia")), []string{"ecograf-bam-facility", "siviour"}},
		{"String eq null is absent", "projects", apiObj("location", apiOp("eq", nil)),
			[]string{"chvaletice", "epanko", "lionheart", "lofdal", "lynas-australia-rare-earths-deposit", "phalaborwa", "serra-verde-pela-ema"}},
		// ID
		{"ID eq", "countries", apiObj("id", apiOp("eq", "KR")), []string{"KR"}},
		{"ID in", "countries", apiObj("id", apiOp("in", apiArr("KR", "JP", "XX"))), []string{"JP", "KR"}},
		{"ID contains", "organizations", apiObj("id", apiOp("contains", "kfw")), []string{"kfw", "kfw-ipex-bank"}},
		{"ID startsWith", "organizations", apiObj("id", apiOp("startsWith", "us-department-of-")),
			[]string{"us-department-of-commerce", "us-department-of-defense", "us-department-of-state"}},
		{"ID endsWith", "projects", apiObj("id", apiOp("endsWith", "-deposit")), []string{"lynas-australia-rare-earths-deposit"}},
		// Int
		{"Int eq", "measurements", apiObj("year", apiOp("eq", 2030)), []string{
			"m-cn-refining-share-graphite-2030", "m-cn-refining-share-rare-earths-2030",
			"m-eu-crma-policy-benchmark-extraction-2030", "m-eu-crma-policy-benchmark-processing-2030",
			"m-eu-crma-policy-benchmark-recycling-2030", "m-global-demand-growth-critical-minerals-2030"}},
		{"Int in", "measurements", apiObj("year", apiOp("in", apiArr(2011, 2050))),
			[]string{"m-eu-crm-list-mineral-count-2011", "m-global-demand-growth-critical-minerals-2050"}},
		{"Int lt", "measurements", apiObj("year", apiOp("lt", 2014)), []string{"m-eu-crm-list-mineral-count-2011"}},
		{"Int lte", "measurements", apiObj("year", apiOp("lte", 2014)), []string{"m-eu-crm-list-mineral-count-2011", "m-eu-crm-list-mineral-count-2014"}},
		{"Int gt", "measurements", apiObj("year", apiOp("gt", 2030)), []string{"m-global-demand-growth-critical-minerals-2050"}},
		{"Int gte and lte", "measurements", apiObj("year", apiObj("gte", 2017, "lte", 2020)), []string{
			"m-eu-crm-list-mineral-count-2017", "m-eu-crm-list-mineral-count-2020", "m-jp-import-dependence-rare-earths-2020",
			"m-top3-top-producers-share-critical-minerals-2020", "m-top3-top-producers-share-refining-2020"}},
		// Float
		{"Float eq", "measurements", apiObj("value", apiOp("eq", 1.27)), []string{"m-cn-production-natural-graphite-2024"}},
		{"Float eq an integer literal", "measurements", apiObj("value", apiOp("eq", 721)), []string{"m-us-tariff-rate-active-anode-material-2025"}},
		{"Float in", "measurements", apiObj("value", apiOp("in", apiArr(98.8, 721))),
			[]string{"m-cn-refining-share-gallium-2024", "m-us-tariff-rate-active-anode-material-2025"}},
		{"Float lt", "measurements", apiObj("value", apiOp("lt", 2)), []string{"m-cn-production-natural-graphite-2024",
			"m-msp-project-count-cobalt-2023-10", "m-msp-project-count-lithium-2023-10", "m-msp-project-count-manganese-2023-10"}},
		{"Float lte", "measurements", apiObj("value", apiOp("lte", 1)),
			[]string{"m-msp-project-count-cobalt-2023-10", "m-msp-project-count-lithium-2023-10", "m-msp-project-count-manganese-2023-10"}},
		{"Float gt", "measurements", apiObj("value", apiOp("gt", 3300000)), []string{"m-cl-production-copper-2024"}},
		{"Float gte", "measurements", apiObj("value", apiOp("gte", 3300000)), []string{"m-cd-production-copper-2024", "m-cl-production-copper-2024"}},
		// PartialDate
		{"PartialDate eq", "partnerships", apiObj("validFrom", apiOp("eq", "2022-06")), []string{"msp"}},
		{"PartialDate in", "partnerships", apiObj("validFrom", apiOp("in", apiArr("2010", "2026-02-04"))), []string{"forge", "us-eu-japan-trilateral"}},
		{"PartialDate lt", "partnerships", apiObj("validFrom", apiOp("lt", "2022")), []string{"us-eu-japan-trilateral"}},
		{"PartialDate lte", "partnerships", apiObj("validFrom", apiOp("lte", "2022-06")), []string{"msp", "us-eu-japan-trilateral"}},
		// A day of June 2022 sorts after the month "2022-06" (partial dates compare as strings).
		{"PartialDate gt", "partnerships", apiObj("validFrom", apiOp("gt", "2022-06")), []string{"forge", "msp-finance-network"}},
		{"PartialDate gte a year", "partnerships", apiObj("validFrom", apiOp("gte", "2024")), []string{"forge", "msp-finance-network"}},
		// Enums
		{"enum eq", "projects", apiObj("stage", apiOp("eq", "REFINING")),
			[]string{"chvaletice", "ecograf-bam-facility", "lionheart", "ontario-cobalt-refinery", "tech-townsville"}},
		{"enum in", "projects", apiObj("stage", apiOp("in", apiArr("RECYCLING", "REFINING"))),
			[]string{"chvaletice", "ecograf-bam-facility", "hypromag-magnet-recycling", "lionheart", "ontario-cobalt-refinery", "tech-townsville"}},
		{"enum eq on an optional enum", "projects", apiObj("status", apiOp("eq", "OPERATING")), []string{"lynas-australia-rare-earths-deposit"}},
		{"enum kind eq", "organizations", apiObj("kind", apiOp("eq", "JOINT_VENTURE")), []string{"jare"}},
		{"enum kind in", "organizations", apiObj("kind", apiOp("in", apiArr("SUPRANATIONAL_UNION", "INTERNATIONAL_ORGANIZATION"))), []string{"eu", "iea"}},
		{"enum kind eq on minerals", "minerals", apiObj("kind", apiOp("eq", "FORM")), []string{"natural-graphite", "synthetic-graphite"}},
		{"in of nothing", "projects", apiObj("id", apiOp("in", apiArr())), nil},
		{"enum eq null is absent", "projects", apiObj("status", apiOp("eq", nil)),
			slices.DeleteFunc(slices.Clone(apiAllProjects), func(id string) bool { return id == "lynas-australia-rare-earths-deposit" })},
		// Lists
		{"list includes on ids", "projects", apiObj("sources", apiOp("includes", "ispi-2025-06-26")),
			[]string{"lynas-australia-rare-earths-deposit", "ontario-cobalt-refinery"}},
		{"list includes", "organizations", apiObj("aliases", apiOp("includes", "DFC")), []string{"dfc"}},
		{"list includes a second alias", "partnerships", apiObj("aliases", apiOp("includes", "Mineral Security Partnership")), []string{"msp"}},
		{"list includes is not a substring match", "countries", apiObj("aliases", apiOp("includes", "Kore")), nil},
		{"list includes on countries", "countries", apiObj("aliases", apiOp("includes", "Korea")), []string{"KR"}},
		// Boolean
		{"Boolean eq", "countries", apiObj("territory", apiOp("eq", true)), []string{"GL", "NC"}}, // Greenland; New Caledonia (a USGS country name)
		// Logic
		{"several keys are ANDed", "projects", apiObj("stage", apiOp("eq", "MINING"), "location", apiOp("eq", nil)),
			[]string{"epanko", "lofdal", "lynas-australia-rare-earths-deposit", "phalaborwa", "serra-verde-pela-ema"}},
		{"AND", "projects", apiObj("AND", apiArr(apiObj("stage", apiOp("eq", "MINING")), apiObj("name", apiOp("contains", "raphite")))),
			[]string{"balama", "epanko", "siviour"}},
		{"OR", "projects", apiObj("OR", apiArr(apiObj("id", apiOp("eq", "chvaletice")), apiObj("name", apiOp("startsWith", "Nolans")))),
			[]string{"chvaletice", "nolans"}},
		{"NOT", "projects", apiObj("NOT", apiObj("stage", apiOp("eq", "MINING"))),
			[]string{"chvaletice", "ecograf-bam-facility", "hypromag-magnet-recycling", "lionheart", "ontario-cobalt-refinery", "tech-townsville"}},
		// NOT of a condition on an absent property is null, as in Cypher and the library:
		// the projects without a location drop out with Ontario's.
		{"NOT on an optional property drops nodes without it", "projects", apiObj("NOT", apiObj("location", apiOp("eq", "Ontario"))),
			[]string{"balama", "ecograf-bam-facility", "hypromag-magnet-recycling", "kabanga", "nolans", "siviour", "tech-townsville"}},
		{"nested AND OR NOT", "projects", apiObj("OR", apiArr(
			apiObj("AND", apiArr(apiObj("stage", apiOp("eq", "REFINING")), apiObj("NOT", apiObj("supportingPartnerships", apiObj("some", apiObj("id", apiOp("eq", "msp"))))))),
			apiObj("status", apiOp("eq", "OPERATING")))),
			[]string{"ecograf-bam-facility", "lionheart", "lynas-australia-rare-earths-deposit", "ontario-cobalt-refinery"}},
		{"AND of nothing is true", "projects", apiObj("AND", apiArr()), apiAllProjects},
		{"OR of nothing is no filter, as in the library", "projects", apiObj("OR", apiArr()), apiAllProjects},
		{"no where is every node", "projects", nil, apiAllProjects},
	})
}

// Null operands: "a null where, quantifier or logical operand is ignored" (graph/store/
// compile.go), whether the null comes in a variable or as a literal.
func TestAPINullOperands(t *testing.T) {
	e := testenv.Seeded(t)
	// gqlgen hands an explicit null of a map-bound input over as a typed nil
	// (map[string]any(nil) or []map[string]any(nil)): compile.go's `val == nil` checks do
	// not see it, and plain() returns it as is, so it compiles as an empty where ({}) or
	// an empty list ([]).
	withFinanciers := []string{"balama", "ecograf-bam-facility", "epanko", "kabanga", "lofdal",
		"nolans", "phalaborwa", "serra-verde-pela-ema", "siviour", "tech-townsville"}
	withoutFinanciers := []string{"chvaletice", "hypromag-magnet-recycling", "lionheart", "lynas-australia-rare-earths-deposit", "ontario-cobalt-refinery"}
	for _, tc := range []struct {
		name  string
		where map[string]any
		want  []string
		bug   string
	}{
		{"property null", apiObj("name", nil), apiAllProjects, ""},
		{"operator eq null is IS NULL", apiObj("location", apiOp("eq", nil)),
			[]string{"chvaletice", "epanko", "lionheart", "lofdal", "lynas-australia-rare-earths-deposit", "phalaborwa", "serra-verde-pela-ema"}, ""},
		{"relationship null", apiObj("financiers", nil), apiAllProjects, ""},
		{"AND null", apiObj("AND", nil), apiAllProjects, ""},
		{"quantifier all null", apiObj("financiers", apiObj("all", nil)), apiAllProjects, ""},
		// A connection quantifier without a predicate is no filter, as in the library.
		{"connection edge null", apiObj("financiersConnection", apiObj("some", apiObj("edge", nil))), apiAllProjects, ""},
		{"connection node null", apiObj("financiersConnection", apiObj("none", apiObj("node", nil))), apiAllProjects, ""},
		{"NOT null", apiObj("NOT", nil), apiAllProjects, ""},
		{"OR null", apiObj("OR", nil), apiAllProjects, ""},
		// As in the library: some of null asks for a related node, none of null for none.
		{"quantifier some null", apiObj("financiers", apiObj("some", nil)), withFinanciers, ""},
		{"quantifier none null", apiObj("financiers", apiObj("none", nil)), withoutFinanciers, ""},
		{"quantifier single null", apiObj("financiers", apiObj("single", nil)), apiAllProjects, ""},
		{"connection quantifier some null", apiObj("financiersConnection", apiObj("some", nil)), apiAllProjects, ""},
		{"NOT null inside a quantifier", apiObj("financiers", apiObj("some", apiObj("NOT", nil))), withFinanciers, ""},
		{"NOT null inside a connection quantifier", apiObj("financiersConnection", apiObj("some", apiObj("NOT", nil))), apiAllProjects, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" {
				t.Skip("bug: " + tc.bug)
			}
			apiSameSet(t, "projects", apiList(t, e, "projects", "projects", apiObj("where", tc.where)), tc.want)
		})
	}
	t.Run("literal nulls", func(t *testing.T) {
		var data map[string][]struct{ ID string }
		apiData(t, e, "projects_null_operands", nil, &data)
		for field, want := range map[string]int{"notNull": len(apiAllProjects), "orNull": len(apiAllProjects), "someNull": len(withFinanciers),
			"noneNull": len(withoutFinanciers), "singleNull": len(apiAllProjects), "connectionSomeNull": len(apiAllProjects)} {
			if n := len(data[field]); n != want {
				t.Errorf("%s: %d projects, want %d", field, n, want)
			}
		}
	})
}

// ---------------------------------------------------------------------------------------
// 2. Relationship quantifiers, and connection quantifiers with edge-property filters
// ---------------------------------------------------------------------------------------

func TestAPIQuantifiers(t *testing.T) {
	e := testenv.Seeded(t)

	financier := apiObj("kind", apiOp("eq", "FINANCIER"))
	loan := apiObj("edge", apiObj("instrument", apiOp("eq", "LOAN")))
	apiRunFilterCases(t, e, []apiFilterCase{
		// Project.financiers
		{"relationship some", "projects", apiObj("financiers", apiObj("some", financier)), []string{
			"balama", "ecograf-bam-facility", "epanko", "kabanga", "nolans", "phalaborwa",
			"serra-verde-pela-ema", "siviour", "tech-townsville"}},
		// As in the library, `all` needs a financier: projects without one (the Lynas
		// deposit is owned, not financed) do not hold it; lofdal and phalaborwa have a
		// company among their financiers.
		{"relationship all", "projects", apiObj("financiers", apiObj("all", financier)), []string{
			"balama", "ecograf-bam-facility", "epanko", "kabanga",
			"nolans", "serra-verde-pela-ema", "siviour", "tech-townsville"}},
		{"relationship none", "projects", apiObj("financiers", apiObj("none", apiObj("id", apiOp("eq", "dfc")))), []string{
			"chvaletice", "ecograf-bam-facility", "epanko", "hypromag-magnet-recycling", "lionheart", "lofdal",
			"lynas-australia-rare-earths-deposit", "nolans", "ontario-cobalt-refinery", "siviour", "tech-townsville"}},
		// Exactly one financing by a FINANCIER, as the library counts: balama has two
		// financings by the DFC (one financier node, listed once); nolans and
		// tech-townsville have several financiers.
		{"relationship single counts relationships", "projects", apiObj("financiers", apiObj("single", financier)), []string{
			"ecograf-bam-facility", "epanko", "kabanga", "phalaborwa", "serra-verde-pela-ema", "siviour"}},
		// A quantifier of {} is no filter, as in the library; of a where without a
		// predicate, some and none still ask for a related node (or none).
		{"relationship some of {}", "projects", apiObj("financiers", apiObj("some", apiObj())), apiAllProjects},
		{"relationship none of {}", "projects", apiObj("financiers", apiObj("none", apiObj())), apiAllProjects},
		{"relationship all of {}", "projects", apiObj("financiers", apiObj("all", apiObj())), apiAllProjects},
		{"relationship single of {}", "projects", apiObj("financiers", apiObj("single", apiObj())), apiAllProjects},
		{"relationship some of anything", "projects", apiObj("financiers", apiObj("some", apiObj("AND", apiArr()))), []string{
			"balama", "ecograf-bam-facility", "epanko", "kabanga", "lofdal", "nolans",
			"phalaborwa", "serra-verde-pela-ema", "siviour", "tech-townsville"}},
		{"relationship none of anything", "projects", apiObj("financiers", apiObj("none", apiObj("AND", apiArr()))),
			[]string{"chvaletice", "hypromag-magnet-recycling", "lionheart", "lynas-australia-rare-earths-deposit", "ontario-cobalt-refinery"}},
		{"relationship single of any financier", "projects", apiObj("financiers", apiObj("single", apiObj("NOT", apiObj("id", apiOp("eq", "zz"))))), []string{
			"ecograf-bam-facility", "epanko", "kabanga", "lofdal", "serra-verde-pela-ema", "siviour"}},
		{"relationship some and none together", "projects", apiObj("financiers", apiObj("some", apiObj("id", apiOp("eq", "efa")), "none", apiObj("id", apiOp("eq", "edc")))),
			[]string{"ecograf-bam-facility", "siviour"}},
		{"relationship some on a reverse relationship", "minerals", apiObj("partOf", apiObj("some", apiObj("id", apiOp("eq", "graphite")))),
			[]string{"natural-graphite", "synthetic-graphite"}},
		{"relationship some nested two levels", "countries", apiObj("projects", apiObj("some", apiObj("owners", apiObj("some", apiObj("id", apiOp("eq", "jogmec")))))),
			[]string{"NA"}},
		// Organization.financesProjectsConnection with an edge filter
		{"connection some with edge filter", "organizations", apiObj("financesProjectsConnection", apiObj("some", loan)),
			[]string{"dfc", "edc", "efa", "kfw-ipex-bank", "naif"}},
		// Financiers whose every financing of a project is a loan, and that have one: ebrd,
		// jogmec (which owns a stake in lofdal), kexim and kfw finance no project.
		{"connection all with edge filter", "organizations", apiObj("kind", apiOp("eq", "FINANCIER"), "financesProjectsConnection", apiObj("all", loan)),
			[]string{"edc", "efa", "kfw-ipex-bank", "naif"}},
		{"connection none with edge filter", "organizations", apiObj("kind", apiOp("eq", "FINANCIER"), "financesProjectsConnection", apiObj("none", loan)),
			[]string{"ebrd", "euler-hermes", "jogmec", "kexim", "kfw"}},
		{"connection single with edge filter", "organizations", apiObj("financesProjectsConnection", apiObj("single", apiObj("edge", apiObj("instrument", apiOp("eq", "EQUITY"))))),
			[]string{"dfc", "namibia-critical-metals", "techmet"}},
		// The DFC financed balama twice: two relationships, so `single` over the
		// connection (relationships) fails where `single` over the nodes holds.
		{"connection single counts relationships", "organizations", apiObj("financesProjectsConnection", apiObj("single", apiObj("node", apiObj("id", apiOp("eq", "balama"))))), nil},
		{"relationship single on the same data", "organizations", apiObj("financesProjects", apiObj("single", apiObj("id", apiOp("eq", "balama")))), nil},
		{"connection some with node and edge", "organizations", apiObj("financesProjectsConnection", apiObj("some", apiObj(
			"node", apiObj("stage", apiOp("eq", "REFINING")), "edge", apiObj("amount", apiOp("gte", 250))))),
			[]string{"edc", "efa", "euler-hermes", "naif"}},
		{"connection some with edge OR and NOT", "organizations", apiObj("financesProjectsConnection", apiObj("some", apiObj("edge", apiObj(
			"OR", apiArr(apiObj("instrument", apiOp("eq", "INSURANCE")), apiObj("status", apiOp("eq", "COMMITTED"))),
			"NOT", apiObj("validFrom", apiOp("lt", "2024")))))),
			[]string{"dfc"}},
		{"connection some with edge stake", "projects", apiObj("ownersConnection", apiObj("some", apiObj("edge", apiObj("stake", apiOp("eq", 40))))),
			[]string{"lofdal"}},
		// Country.memberOfConnection: the MSP's founding partners; KR is also the chair.
		{"memberOfConnection role FOUNDING_PARTNER on msp", "countries", apiObj("memberOfConnection", apiObj("some", apiObj(
			"node", apiObj("id", apiOp("eq", "msp")), "edge", apiObj("role", apiOp("eq", "FOUNDING_PARTNER"))))),
			apiMSPFounders},
		{"chairs some msp", "countries", apiObj("chairs", apiObj("some", apiObj("id", apiOp("eq", "msp")))),
			[]string{"KR"}},
		// One membership per member of the MSP.
		{"memberOfConnection single on msp", "countries", apiObj("memberOfConnection", apiObj("single", apiObj("node", apiObj("id", apiOp("eq", "msp"))))),
			apiMSPCountries},
		// MSP members whose every membership of any partnership is dated after 2022:
		// the later partners and the 2025 observers.
		{"memberOfConnection all edge validFrom", "countries", apiObj(
			"memberOf", apiObj("some", apiObj("id", apiOp("eq", "msp"))),
			"memberOfConnection", apiObj("all", apiObj("edge", apiObj("validFrom", apiOp("gt", "2022-06-14"))))),
			[]string{"BE", "EE", "IN", "IT", "NO", "NZ", "PL"}},
		{"partnership memberCountriesConnection some role", "partnerships", apiObj("memberCountriesConnection", apiObj("some", apiObj("edge", apiObj("role", apiOp("eq", "FOUNDING_PARTNER"))))),
			[]string{"msp"}},
		{"partnership supportedBy some financier", "partnerships", apiObj("supportedBy", apiObj("some", financier)), []string{"msp"}},
	})
}

// ---------------------------------------------------------------------------------------
// 6. The example question as one filter, and its relaxed variants
// ---------------------------------------------------------------------------------------

func TestAPIExampleQuestion(t *testing.T) {
	e := testenv.Seeded(t)

	t.Run("MSP projects refining graphite financed by JOGMEC", func(t *testing.T) {
		// The data's answer is none: JOGMEC finances no project (it owns 40% of lofdal: rare
		// earths, mining, not an MSP project), and no MSP project refines graphite.
		got := apiList(t, e, "msp_graphite_refining_jogmec", "projects", nil)
		apiSameSet(t, "projects", got, nil)
	})

	refining := apiObj("stage", apiOp("eq", "REFINING"))
	graphite := apiObj("minerals", apiObj("some", apiObj("OR", apiArr(
		apiObj("id", apiOp("eq", "graphite")),
		apiObj("partOf", apiObj("some", apiObj("id", apiOp("eq", "graphite"))))))))
	msp := apiObj("supportingPartnerships", apiObj("some", apiObj("id", apiOp("eq", "msp"))))
	jogmec := apiObj("financiers", apiObj("some", apiObj("id", apiOp("eq", "jogmec"))))
	ownedByJOGMEC := apiObj("owners", apiObj("some", apiObj("id", apiOp("eq", "jogmec"))))
	and := func(ws ...map[string]any) map[string]any {
		list := make([]any, len(ws))
		for i, w := range ws {
			list[i] = w
		}
		return apiObj("AND", list)
	}
	apiRunFilterCases(t, e, []apiFilterCase{
		{"the same question through variables", "projects", and(refining, graphite, msp, jogmec), nil},
		{"refining, MSP", "projects", and(refining, msp), []string{"chvaletice", "tech-townsville"}},
		{"graphite, MSP", "projects", and(graphite, msp), []string{"balama", "epanko"}},
		{"graphite", "projects", graphite, []string{"balama", "epanko", "siviour"}},
		{"refining, graphite", "projects", and(refining, graphite), nil},
		{"refining, graphite, MSP", "projects", and(refining, graphite, msp), nil},
		{"financed by JOGMEC", "projects", jogmec, nil},
		{"owned in part by JOGMEC", "projects", ownedByJOGMEC, []string{"lofdal"}},
		{"MSP, financed by JOGMEC", "projects", and(msp, jogmec), nil},
		{"MSP projects", "projects", msp, []string{"balama", "chvaletice", "epanko", "hypromag-magnet-recycling", "kabanga", "tech-townsville"}},
	})
}

// ---------------------------------------------------------------------------------------
// 3. Sorting
// ---------------------------------------------------------------------------------------

func TestAPISorting(t *testing.T) {
	e := testenv.Seeded(t)
	asc := func(f string) map[string]any { return apiObj(f, "ASC") }
	desc := func(f string) map[string]any { return apiObj(f, "DESC") }

	roots := []struct {
		name  string
		doc   string
		vars  map[string]any
		want  []string
		field string
	}{
		// Enums sort by their name (MINING < RECYCLING < REFINING), strings by code point.
		{"two keys ASC then DESC", "projects", apiObj("sort", apiArr(asc("stage"), desc("name"))), []string{
			"siviour", "serra-verde-pela-ema", "phalaborwa", "nolans", "lynas-australia-rare-earths-deposit", "lofdal",
			"kabanga", "epanko", "balama", "hypromag-magnet-recycling", "tech-townsville", "lionheart",
			"ecograf-bam-facility", "ontario-cobalt-refinery", "chvaletice"}, ""},
		{"id DESC", "projects", apiObj("sort", apiArr(desc("id")), "limit", 3), []string{"tech-townsville", "siviour", "serra-verde-pela-ema"}, ""},
		{"no sort is by id", "projects", nil, apiAllProjects, ""},
		{"name ASC by code point", "organizations", apiObj("sort", apiArr(asc("name")), "limit", 6),
			[]string{"arafura", "ecograf", "euler-hermes", "euro-manganese", "ebrd", "eu"}, ""},
		// Nulls come first in DESC: the two reserves the article states without a figure.
		{"Float DESC", "measurements", apiObj("sort", apiArr(desc("value")), "limit", 3),
			[]string{"m-au-reserves-critical-minerals", "m-ca-reserves-critical-minerals", "m-cl-production-copper-2024"}, ""},
		{"Int DESC then Float ASC", "measurements", apiObj("where", apiObj("year", apiOp("gte", 2030)), "sort", apiArr(desc("year"), asc("value"))), []string{
			"m-global-demand-growth-critical-minerals-2050", "m-global-demand-growth-critical-minerals-2030",
			"m-eu-crma-policy-benchmark-extraction-2030", "m-eu-crma-policy-benchmark-recycling-2030",
			"m-eu-crma-policy-benchmark-processing-2030", "m-cn-refining-share-rare-earths-2030", "m-cn-refining-share-graphite-2030"}, ""},
		// Nulls come first in DESC: measurements without a year, by value, then by id (ties
		// left by a sort come in a fixed order; ending the sort with id orders them by id).
		{"DESC puts nulls first", "measurements", apiObj("sort", apiArr(desc("year"), asc("value"), asc("id")), "limit", 3), []string{
			"m-west-project-count-ex-china-rare-earth-deposits", "m-msp-project-count-recycling", "m-msp-project-count-refining"}, ""},
		{"PartialDate ASC, nulls last", "partnerships", apiObj("sort", apiArr(asc("validFrom"))), []string{
			"us-eu-japan-trilateral", "msp", "msp-finance-network", "forge", "g7", "msp-forum"}, ""},
		{"PartialDate DESC, nulls first", "partnerships", apiObj("sort", apiArr(desc("validFrom"))), []string{
			"g7", "msp-forum", "forge", "msp-finance-network", "msp", "us-eu-japan-trilateral"}, ""},
		// Relationship fields
		{"relationship field DESC", "partnership_member_countries", apiObj("id", "msp", "sort", apiArr(desc("name")), "limit", 3),
			[]string{"US", "GB", "SE"}, "memberCountries"},
		{"relationship field ASC with offset", "partnership_member_countries", apiObj("id", "msp", "sort", apiArr(asc("name")), "offset", 15),
			[]string{"GB", "US"}, "memberCountries"},
		{"relationship field lists distinct nodes", "partnership_member_countries", apiObj("id", "msp"), apiMSPCountries, "memberCountries"},
		{"relationship field DESC with where", "partnership_supports", apiObj("id", "msp", "where", apiObj("stage", apiOp("eq", "MINING")), "sort", apiArr(desc("name"))),
			[]string{"kabanga", "epanko", "balama"}, "supports"},
		{"relationship field by name", "partnership_supports", apiObj("id", "msp", "sort", apiArr(asc("name"))),
			[]string{"balama", "chvaletice", "epanko", "hypromag-magnet-recycling", "kabanga", "tech-townsville"}, "supports"},
	}
	for _, tc := range roots {
		t.Run(tc.name, func(t *testing.T) {
			if tc.field == "" {
				apiSameList(t, tc.doc, apiList(t, e, tc.doc, tc.doc, tc.vars), tc.want)
				return
			}
			var data struct {
				Partnership map[string]json.RawMessage
			}
			apiData(t, e, tc.doc, tc.vars, &data)
			var items []struct{ ID string }
			if err := json.Unmarshal(data.Partnership[tc.field], &items); err != nil {
				t.Fatalf("%s: %v", tc.field, err)
			}
			var got []string
			for _, n := range items {
				got = append(got, n.ID)
			}
			apiSameList(t, tc.field, got, tc.want)
		})
	}

	// Connections sorted by an edge property: nolans' financings by amount (the EFA's
	// and the NAIF's have none: last in ASC, first in DESC, by node id).
	for _, tc := range []struct {
		dir  string
		want []string
	}{
		{"ASC", []string{"kfw-ipex-bank", "edc", "euler-hermes", "efa", "naif"}},
		{"DESC", []string{"efa", "naif", "euler-hermes", "edc", "kfw-ipex-bank"}},
	} {
		t.Run("connection by edge amount "+tc.dir, func(t *testing.T) {
			c := apiFinanciersOf(t, e, apiObj("id", "nolans", "sort", apiArr(apiObj("edge", apiObj("amount", tc.dir)))))
			var got []string
			for _, ed := range c.Edges {
				got = append(got, ed.Node.ID)
			}
			apiSameList(t, "nolans financiers", got, tc.want)
		})
	}
	// Three MSP Forum memberships by validFrom (AR 2024-08, CD 2024-09, GL undated): the
	// membership without a date is last in ASC, first in DESC.
	for _, tc := range []struct {
		dir  string
		want []string
	}{
		{"ASC", []string{"AR", "CD", "GL"}},
		{"DESC", []string{"GL", "CD", "AR"}},
	} {
		t.Run("connection by edge validFrom "+tc.dir, func(t *testing.T) {
			c := apiMembersOf(t, e, apiObj("id", "msp-forum", "where", apiObj("node", apiObj("id", apiOp("in", apiArr("AR", "CD", "GL")))),
				"sort", apiArr(apiObj("edge", apiObj("validFrom", tc.dir)))))
			var got []string
			for _, ed := range c.Edges {
				got = append(got, ed.Node.ID)
			}
			apiSameList(t, "forum members", got, tc.want)
		})
	}
	t.Run("connection by node then edge", func(t *testing.T) {
		c := apiMembersOf(t, e, apiObj("id", "msp", "first", 6, "sort", apiArr(apiObj("node", apiObj("name", "DESC")), apiObj("edge", apiObj("role", "ASC")))))
		apiSameList(t, "memberships", c.keys(), []string{
			"US|FOUNDING_PARTNER", "GB|FOUNDING_PARTNER", "SE|FOUNDING_PARTNER", "KR|FOUNDING_PARTNER", "PL|OBSERVER", "NO|PARTNER"})
	})
}

// ---------------------------------------------------------------------------------------
// Connection documents
// ---------------------------------------------------------------------------------------

type apiPageInfo struct {
	HasNextPage, HasPreviousPage bool
	StartCursor, EndCursor       *string
}

type apiCount struct{ Nodes, Edges int }

type apiProvenance struct {
	Quote, Note, Evidence, Locator string
	Source                         struct{ ID, Title string }
}

// text is the stored text of the entry: the quote, or for a COMPILED entry its note
// (which is never served as a quote).
func (p apiProvenance) text() string {
	if p.Evidence == "COMPILED" {
		if p.Quote != "" {
			return "<COMPILED entry served as a quote>"
		}
		return p.Note
	}
	if p.Note != "" {
		return "<quote served as a note>"
	}
	return p.Quote
}

// apiMembers is Partnership.memberCountriesConnection.
type apiMembers struct {
	TotalCount int
	PageInfo   apiPageInfo
	Aggregate  struct{ Count apiCount }
	Edges      []struct {
		Cursor     string
		Node       struct{ ID, Name string }
		Properties struct {
			Role, ValidFrom, ValidTo, Note string
			Sources, Quotes                []string
			Provenance                     []apiProvenance
		}
	}
}

// keys returns country|role of each edge.
func (c apiMembers) keys() []string {
	out := make([]string, len(c.Edges))
	for i, ed := range c.Edges {
		out[i] = ed.Node.ID + "|" + ed.Properties.Role
	}
	return out
}

func apiMembersOf(t *testing.T, e *testenv.Server, vars map[string]any) apiMembers {
	t.Helper()
	var data struct {
		Partnership *struct{ MemberCountriesConnection apiMembers }
	}
	apiData(t, e, "partnership_member_countries_connection", vars, &data)
	if data.Partnership == nil {
		t.Fatalf("no partnership %v", vars["id"])
	}
	return data.Partnership.MemberCountriesConnection
}

// apiFinanciers is Project.financiersConnection.
type apiFinanciers struct {
	TotalCount int
	PageInfo   apiPageInfo
	Aggregate  struct{ Count apiCount }
	Edges      []struct {
		Node       struct{ ID, Kind string }
		Properties struct {
			Instrument, Currency, Qualifier, Status, ValidFrom, ValidTo string
			Amount, Stake                                               *float64
			Sources                                                     []string
			Provenance                                                  []apiProvenance
		}
	}
}

func apiFinanciersOf(t *testing.T, e *testenv.Server, vars map[string]any) apiFinanciers {
	t.Helper()
	var data struct {
		Project *struct{ FinanciersConnection apiFinanciers }
	}
	apiData(t, e, "project_financiers_connection", vars, &data)
	if data.Project == nil {
		t.Fatalf("no project %v", vars["id"])
	}
	return data.Project.FinanciersConnection
}

// apiRootPage is one page of a root connection.
type apiRootPage struct {
	TotalCount int
	PageInfo   apiPageInfo
	Edges      []struct {
		Cursor string
		Node   struct{ ID string }
	}
}

func apiRootPageOf(t *testing.T, e *testenv.Server, doc, field string, vars map[string]any) apiRootPage {
	t.Helper()
	var data map[string]apiRootPage
	apiData(t, e, doc, vars, &data)
	p, ok := data[field]
	if !ok {
		t.Fatalf("%s: no field %s", doc, field)
	}
	return p
}

// ---------------------------------------------------------------------------------------
// 4. Pagination
// ---------------------------------------------------------------------------------------

// apiOnce checks that pages hold every item of want exactly once, in want's order.
func apiOnce(t *testing.T, what string, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, id := range got {
		seen[id]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("%s: %s came %d times", what, id, n)
		}
	}
	apiSameList(t, what, got, want)
}

func TestAPIPagination(t *testing.T) {
	e := testenv.Seeded(t)

	// limit/offset over root lists, against the unpaginated list in the same order.
	for _, tc := range []struct {
		name, doc string
		sort      []any
		where     map[string]any
		limit     int
		wantTotal int
		wantPages []int
	}{
		{"projects by name", "projects", apiArr(apiObj("name", "ASC")), nil, 4, 15, []int{4, 4, 4, 3, 0}},
		{"projects by default order", "projects", nil, nil, 5, 15, []int{5, 5, 5, 0}},
		// Many ties on value (13000 three times, 7 and 2 twice...): the id decides.
		{"measurements by value DESC", "measurements", apiArr(apiObj("value", "DESC")), nil, 7, 99, nil},
		{"measurements by year ASC, nulls last", "measurements", apiArr(apiObj("year", "ASC")), nil, 9, 99, nil},
		{"MINING projects by stage and location DESC", "projects", apiArr(apiObj("stage", "ASC"), apiObj("location", "DESC")), apiObj("stage", apiOp("eq", "MINING")), 2, 9, []int{2, 2, 2, 2, 1, 0}},
	} {
		t.Run("limit offset "+tc.name, func(t *testing.T) {
			all := apiList(t, e, tc.doc, tc.doc, map[string]any{"sort": tc.sort, "where": tc.where})
			if len(all) != tc.wantTotal {
				t.Fatalf("the list has %d items, want %d", len(all), tc.wantTotal)
			}
			var got []string
			var sizes []int
			for offset := 0; ; offset += tc.limit {
				page := apiList(t, e, tc.doc, tc.doc, map[string]any{"sort": tc.sort, "where": tc.where, "limit": tc.limit, "offset": offset})
				sizes = append(sizes, len(page))
				got = append(got, page...)
				if len(page) == 0 {
					break
				}
				if len(page) > tc.limit || offset > len(all) {
					t.Fatalf("page at offset %d has %d items", offset, len(page))
				}
			}
			apiOnce(t, "pages", got, all)
			if tc.wantPages != nil && !reflect.DeepEqual(sizes, tc.wantPages) {
				t.Errorf("page sizes %v, want %v", sizes, tc.wantPages)
			}
		})
	}
	t.Run("limit offset projects total", func(t *testing.T) {
		apiSameList(t, "every project", apiSorted(apiList(t, e, "projects", "projects", nil)), apiAllProjects)
		apiSameList(t, "limit 0", apiList(t, e, "projects", "projects", apiObj("limit", 0)), nil)
		apiSameList(t, "offset past the end", apiList(t, e, "projects", "projects", apiObj("offset", 100)), nil)
	})

	// first/after over root connections, against the list in the same order.
	for _, tc := range []struct {
		name, doc, field, listDoc string
		sort                      []any
		where                     map[string]any
		first                     int
		wantTotal                 int
		wantPages                 []int
	}{
		{"projects", "projects_connection", "projectsConnection", "projects", nil, nil, 4, 15, []int{4, 4, 4, 3}},
		{"projects by name DESC", "projects_connection", "projectsConnection", "projects", apiArr(apiObj("name", "DESC")), nil, 6, 15, []int{6, 6, 3}},
		{"projects by location, nulls last", "projects_connection", "projectsConnection", "projects", apiArr(apiObj("location", "ASC")), nil, 4, 15, []int{4, 4, 4, 3}},
		{"projects by location DESC, nulls first", "projects_connection", "projectsConnection", "projects", apiArr(apiObj("location", "DESC")), nil, 4, 15, []int{4, 4, 4, 3}},
		{"MINING projects", "projects_connection", "projectsConnection", "projects", apiArr(apiObj("name", "ASC")), apiObj("stage", apiOp("eq", "MINING")), 3, 9, []int{3, 3, 3}},
		{"measurements by value DESC", "measurements_connection", "measurementsConnection", "measurements", apiArr(apiObj("value", "DESC")), nil, 10, 99, nil},
		{"measurements by year DESC, nulls first", "measurements_connection", "measurementsConnection", "measurements", apiArr(apiObj("year", "DESC"), apiObj("value", "ASC")), nil, 7, 99, nil},
		{"measurements by year ASC, nulls last", "measurements_connection", "measurementsConnection", "measurements", apiArr(apiObj("year", "ASC")), nil, 13, 99, nil},
		{"default page size", "measurements_connection", "measurementsConnection", "measurements", nil, nil, 0, 99, []int{20, 20, 20, 20, 19}},
		{"projects by id DESC", "projects_connection", "projectsConnection", "projects", apiArr(apiObj("id", "DESC")), nil, 4, 15, []int{4, 4, 4, 3}},
		// Names with non-ASCII letters (Gécamines) and spaces in the cursors.
		{"organizations by name, one by one", "organizations_connection", "organizationsConnection", "organizations", apiArr(apiObj("name", "ASC")), nil, 1, 36, nil},
		{"companies and financiers by kind and name DESC", "organizations_connection", "organizationsConnection", "organizations",
			apiArr(apiObj("kind", "ASC"), apiObj("name", "DESC")), apiObj("kind", apiOp("in", apiArr("FINANCIER", "COMPANY"))), 5, 27, []int{5, 5, 5, 5, 5, 2}},
	} {
		t.Run("first after "+tc.name, func(t *testing.T) {
			all := apiList(t, e, tc.listDoc, tc.listDoc, map[string]any{"sort": tc.sort, "where": tc.where})
			if len(all) != tc.wantTotal {
				t.Fatalf("the list has %d items, want %d", len(all), tc.wantTotal)
			}
			var got []string
			var sizes []int
			var after any
			for i := 0; ; i++ {
				vars := map[string]any{"sort": tc.sort, "where": tc.where, "after": after}
				if tc.first > 0 {
					vars["first"] = tc.first
				}
				p := apiRootPageOf(t, e, tc.doc, tc.field, vars)
				if p.TotalCount != tc.wantTotal {
					t.Errorf("page %d: totalCount %d, want %d", i, p.TotalCount, tc.wantTotal)
				}
				if p.PageInfo.HasPreviousPage != (i > 0) {
					t.Errorf("page %d: hasPreviousPage %v", i, p.PageInfo.HasPreviousPage)
				}
				sizes = append(sizes, len(p.Edges))
				for _, ed := range p.Edges {
					got = append(got, ed.Node.ID)
				}
				if n := len(p.Edges); n > 0 {
					if p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[n-1].Cursor {
						t.Errorf("page %d: endCursor %v is not the last edge's cursor", i, p.PageInfo.EndCursor)
					}
					if p.PageInfo.StartCursor == nil || *p.PageInfo.StartCursor != p.Edges[0].Cursor {
						t.Errorf("page %d: startCursor %v is not the first edge's cursor", i, p.PageInfo.StartCursor)
					}
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				if len(p.Edges) == 0 || i > tc.wantTotal {
					t.Fatalf("page %d: hasNextPage with %d edges", i, len(p.Edges))
				}
				after = *p.PageInfo.EndCursor
			}
			apiOnce(t, "pages", got, all)
			if tc.wantPages != nil && !reflect.DeepEqual(sizes, tc.wantPages) {
				t.Errorf("page sizes %v, want %v", sizes, tc.wantPages)
			}
		})
	}
	t.Run("first after empty connection", func(t *testing.T) {
		p := apiRootPageOf(t, e, "projects_connection", "projectsConnection", apiObj("where", apiObj("id", apiOp("eq", "no-such-project"))))
		if p.TotalCount != 0 || len(p.Edges) != 0 || p.PageInfo.HasNextPage || p.PageInfo.EndCursor != nil || p.PageInfo.StartCursor != nil {
			t.Errorf("got %+v", p)
		}
	})
	t.Run("first after the last cursor is an empty last page", func(t *testing.T) {
		p := apiRootPageOf(t, e, "projects_connection", "projectsConnection", apiObj("first", 15))
		if len(p.Edges) != 15 || p.PageInfo.HasNextPage {
			t.Fatalf("15 of 15: %d edges, hasNextPage %v", len(p.Edges), p.PageInfo.HasNextPage)
		}
		p = apiRootPageOf(t, e, "projects_connection", "projectsConnection", apiObj("first", 15, "after", *p.PageInfo.EndCursor))
		if len(p.Edges) != 0 || p.PageInfo.HasNextPage || p.TotalCount != 15 {
			t.Errorf("after the last: %+v", p)
		}
	})

	// first/after over a relationship connection: the MSP's memberships, one edge per
	// relationship (one per country).
	for _, tc := range []struct {
		name  string
		sort  []any
		first int
		want  []string // in order; nil: apiMSPMemberships in any order
	}{
		{"default order", nil, 5, nil},
		{"by role", apiArr(apiObj("edge", apiObj("role", "ASC"))), 3, nil},
		{"by validFrom DESC, nulls first", apiArr(apiObj("edge", apiObj("validFrom", "DESC"))), 4, nil},
		{"by node name", apiArr(apiObj("node", apiObj("name", "ASC"))), 7, nil},
	} {
		t.Run("relationship connection "+tc.name, func(t *testing.T) {
			full := apiMembersOf(t, e, apiObj("id", "msp", "first", 100, "sort", tc.sort))
			if full.PageInfo.HasNextPage {
				t.Error("first 100: hasNextPage")
			}
			apiSameSet(t, "memberships", full.keys(), apiMSPMemberships)
			var got []string
			nodes := map[string]bool{}
			var after any
			pages := 0
			for {
				c := apiMembersOf(t, e, apiObj("id", "msp", "first", tc.first, "after", after, "sort", tc.sort))
				pages++
				if n := len(apiMSPMemberships); c.TotalCount != n || c.Aggregate.Count != (apiCount{Nodes: len(apiMSPCountries), Edges: n}) {
					t.Errorf("page %d: totalCount %d, aggregate %+v; want %d and {%d %d}", pages, c.TotalCount, c.Aggregate.Count, n, len(apiMSPCountries), n)
				}
				if len(c.Edges) > tc.first {
					t.Fatalf("page %d: %d edges", pages, len(c.Edges))
				}
				got = append(got, c.keys()...)
				for _, ed := range c.Edges {
					nodes[ed.Node.ID] = true
				}
				if !c.PageInfo.HasNextPage {
					if len(c.Edges) == 0 {
						t.Errorf("page %d: an empty last page", pages)
					}
					break
				}
				if pages > 30 {
					t.Fatal("does not end")
				}
				after = *c.PageInfo.EndCursor
			}
			apiOnce(t, "pages", got, full.keys())
			if want := (len(apiMSPMemberships) + tc.first - 1) / tc.first; pages != want {
				t.Errorf("%d pages, want %d", pages, want)
			}
			apiSameSet(t, "member countries", slices.Collect(func(yield func(string) bool) {
				for id := range nodes {
					if !yield(id) {
						return
					}
				}
			}), apiMSPCountries)
		})
	}
}

// ---------------------------------------------------------------------------------------
// 5. Connections: edge properties, provenance, aggregate counts
// ---------------------------------------------------------------------------------------

func TestAPIConnections(t *testing.T) {
	e := testenv.Seeded(t)

	t.Run("balama's two financings by the DFC", func(t *testing.T) {
		c := apiFinanciersOf(t, e, apiObj("id", "balama", "sort", apiArr(apiObj("edge", apiObj("validFrom", "ASC")))))
		if c.TotalCount != 2 || c.Aggregate.Count != (apiCount{Nodes: 1, Edges: 2}) {
			t.Errorf("totalCount %d, aggregate %+v; want 2 and {1 2}", c.TotalCount, c.Aggregate.Count)
		}
		if len(c.Edges) != 2 {
			t.Fatalf("%d edges, want 2", len(c.Edges))
		}
		type fin struct {
			node, kind, instrument, currency, qualifier, status, validFrom, validTo string
			amount                                                                  float64
			source, title, quotePrefix                                              string
		}
		want := []fin{
			{"dfc", "FINANCIER", "LOAN", "USD million", "UP_TO", "CONDITIONAL", "2023-09", "2024-10", 150,
				"greencarcongress-dfc-balama-2023-09",
				"US DFC approves $150M conditional loan commitment for Balama graphite mine in Mozambique (Green Car Congress, Sep 2023)",
				"US DFC,loan_to,Twigg Exploration and Mining (Balama graphite),up to 150,USD million,2023,"},
			{"dfc", "FINANCIER", "LOAN", "USD million", "", "COMMITTED", "2024-10", "", 150,
				"africa-press-twigg-dfc", "Syrah's Twigg to Get $8.5M from DFC for Mine (Africa-Press)",
				"US DFC,loan_agreement_signed,Twigg Exploration and Mining (Balama graphite),150,USD million,2024,"},
		}
		for i, w := range want {
			ed := c.Edges[i]
			p := ed.Properties
			amount := -1.0
			if p.Amount != nil {
				amount = *p.Amount
			}
			got := fin{ed.Node.ID, ed.Node.Kind, p.Instrument, p.Currency, p.Qualifier, p.Status, p.ValidFrom, p.ValidTo, amount, "", "", ""}
			if len(p.Provenance) >= 1 {
				got.source, got.title = p.Provenance[0].Source.ID, p.Provenance[0].Source.Title
				if strings.HasPrefix(p.Provenance[0].text(), w.quotePrefix) {
					got.quotePrefix = w.quotePrefix
				} else {
					got.quotePrefix = p.Provenance[0].text()
				}
			}
			if got != w {
				t.Errorf("edge %d:\n got %+v\nwant %+v", i, got, w)
			}
			// The conditional commitment's end is stated by the row of the agreement that
			// took its place.
			wantSources := []string{w.source}
			if w.validTo != "" {
				wantSources = append(wantSources, "africa-press-twigg-dfc")
			}
			if !reflect.DeepEqual(p.Sources, wantSources) {
				t.Errorf("edge %d: sources %q, want %q", i, p.Sources, wantSources)
			}
			if p.Stake != nil {
				t.Errorf("edge %d: stake %v, want none", i, *p.Stake)
			}
		}
	})
	t.Run("edge filter on a relationship connection", func(t *testing.T) {
		c := apiFinanciersOf(t, e, apiObj("id", "balama", "where", apiObj("edge", apiObj("status", apiOp("eq", "COMMITTED")))))
		if c.TotalCount != 1 || c.Aggregate.Count != (apiCount{Nodes: 1, Edges: 1}) || len(c.Edges) != 1 || c.Edges[0].Properties.ValidFrom != "2024-10" {
			t.Errorf("got %+v", c)
		}
	})
	t.Run("edge Float property", func(t *testing.T) {
		var got struct {
			Project struct {
				OwnersConnection struct {
					Edges []struct {
						Properties struct {
							Stake     *float64
							ValidFrom string
						}
					}
				}
			}
		}
		apiQuery(t, e, `{ project(id: "lofdal") { ownersConnection(where: { node: { id: { eq: "jogmec" } } }) { edges { properties { stake validFrom } } } } }`, nil, &got)
		edges := got.Project.OwnersConnection.Edges
		if len(edges) != 1 || edges[0].Properties.Stake == nil || *edges[0].Properties.Stake != 40 || edges[0].Properties.ValidFrom != "2025" {
			t.Errorf("got %+v", edges)
		}
	})
	t.Run("nolans has five financiers, five financings", func(t *testing.T) {
		c := apiFinanciersOf(t, e, apiObj("id", "nolans"))
		if c.TotalCount != 5 || c.Aggregate.Count != (apiCount{Nodes: 5, Edges: 5}) {
			t.Errorf("totalCount %d aggregate %+v", c.TotalCount, c.Aggregate.Count)
		}
	})

	t.Run("the MSP: 17 memberships of 17 countries", func(t *testing.T) {
		c := apiMembersOf(t, e, apiObj("id", "msp", "first", 100))
		if c.TotalCount != 17 || c.Aggregate.Count != (apiCount{Nodes: 17, Edges: 17}) || len(c.Edges) != 17 {
			t.Errorf("totalCount %d, aggregate %+v, %d edges; want 17, {17 17}, 17", c.TotalCount, c.Aggregate.Count, len(c.Edges))
		}
		for _, ed := range c.Edges {
			p := ed.Properties
			if len(p.Provenance) == 0 || len(p.Provenance) != len(p.Sources) || len(p.Sources) != len(p.Quotes) {
				t.Errorf("%s|%s: %d provenance, %d sources, %d quotes", ed.Node.ID, p.Role, len(p.Provenance), len(p.Sources), len(p.Quotes))
				continue
			}
			for i, pr := range p.Provenance {
				if pr.Source.ID != p.Sources[i] || pr.text() != p.Quotes[i] || pr.Source.Title == "" {
					t.Errorf("%s|%s: provenance %d %+v does not match source %q quote %q", ed.Node.ID, p.Role, i, pr, p.Sources[i], p.Quotes[i])
				}
			}
		}
	})
	t.Run("KR: one membership of the MSP, founding partner, open-ended", func(t *testing.T) {
		c := apiMembersOf(t, e, apiObj("id", "msp", "where", apiObj("node", apiObj("id", apiOp("eq", "KR")))))
		if c.TotalCount != 1 || len(c.Edges) != 1 {
			t.Fatalf("totalCount %d, %d edges; want 1", c.TotalCount, len(c.Edges))
		}
		f := c.Edges[0].Properties
		if f.Role != "FOUNDING_PARTNER" || f.ValidFrom != "2022-06-14" || f.ValidTo != "" || len(f.Provenance) != 3 {
			t.Errorf("founding partner: role %s validFrom %q validTo %q, %d provenance", f.Role, f.ValidFrom, f.ValidTo, len(f.Provenance))
		}
		levels := map[string]int{}
		for _, pr := range f.Provenance {
			levels[pr.Evidence]++
			if pr.Evidence == "VERBATIM" && pr.Quote != "Korea is also concluding its one-year of chairmanship of the Mineral Security Partnership by the end of June" {
				t.Errorf("the article's quote: %+v", pr)
			}
		}
		if levels["VERBATIM"] != 1 || levels["COMPILED"] != 2 {
			t.Errorf("provenance levels %v, want 1 VERBATIM and 2 COMPILED", levels)
		}
	})
	for _, tc := range []struct {
		name  string
		where map[string]any
		want  []string
		count apiCount
	}{
		{"founding partners", apiObj("edge", apiObj("role", apiOp("eq", "FOUNDING_PARTNER"))),
			[]string{"AU|FOUNDING_PARTNER", "CA|FOUNDING_PARTNER", "DE|FOUNDING_PARTNER", "FI|FOUNDING_PARTNER", "FR|FOUNDING_PARTNER",
				"GB|FOUNDING_PARTNER", "JP|FOUNDING_PARTNER", "KR|FOUNDING_PARTNER", "SE|FOUNDING_PARTNER", "US|FOUNDING_PARTNER"}, apiCount{10, 10}},
		{"observers", apiObj("edge", apiObj("role", apiOp("in", apiArr("OBSERVER")))), []string{"BE|OBSERVER", "NZ|OBSERVER", "PL|OBSERVER"}, apiCount{3, 3}},
		{"not founding partners", apiObj("NOT", apiObj("edge", apiObj("role", apiOp("eq", "FOUNDING_PARTNER")))),
			[]string{"BE|OBSERVER", "EE|PARTNER", "IN|PARTNER", "IT|PARTNER", "NO|PARTNER", "NZ|OBSERVER", "PL|OBSERVER"}, apiCount{7, 7}},
		{"undated memberships", apiObj("edge", apiObj("validFrom", apiOp("eq", nil))), nil, apiCount{0, 0}},
		{"node and edge", apiObj("node", apiObj("name", apiOp("startsWith", "United"))), []string{"GB|FOUNDING_PARTNER", "US|FOUNDING_PARTNER"}, apiCount{2, 2}},
		{"edge OR", apiObj("OR", apiArr(apiObj("edge", apiObj("role", apiOp("eq", "OBSERVER"))), apiObj("node", apiObj("id", apiOp("eq", "EE"))))),
			[]string{"BE|OBSERVER", "EE|PARTNER", "NZ|OBSERVER", "PL|OBSERVER"}, apiCount{4, 4}},
	} {
		t.Run("msp memberships "+tc.name, func(t *testing.T) {
			c := apiMembersOf(t, e, apiObj("id", "msp", "where", tc.where, "first", 100))
			apiSameSet(t, "memberships", c.keys(), tc.want)
			if c.TotalCount != len(tc.want) || c.Aggregate.Count != tc.count {
				t.Errorf("totalCount %d, aggregate %+v; want %d and %+v", c.TotalCount, c.Aggregate.Count, len(tc.want), tc.count)
			}
		})
	}
}

func TestAPIBatchedRelationships(t *testing.T) {
	e := testenv.Seeded(t)
	type ids []struct{ ID string }
	var data struct {
		Projects []struct {
			ID                   string
			TopTwo, All, SkipOne ids
			Loans                struct{ TotalCount int }
			Biggest              struct {
				TotalCount int
				PageInfo   struct{ HasNextPage bool }
				Edges      []struct {
					Node       struct{ ID string }
					Properties struct{ Amount float64 }
				}
			}
			Counts struct{ Aggregate struct{ Count apiCount } }
		}
	}
	apiData(t, e, "projects_financiers_batched", apiObj("ids", apiArr("balama", "nolans", "tech-townsville", "chvaletice")), &data)
	flat := func(xs ids) []string {
		out := []string{}
		for _, x := range xs {
			out = append(out, x.ID)
		}
		return out
	}
	type want struct {
		topTwo, all, skipOne []string
		loans, biggestTotal  int
		biggest              string
		biggestAmount        float64
		hasNext              bool
		count                apiCount
	}
	wants := map[string]want{
		// The DFC financed balama twice, for the same amount: the edge ids break the tie.
		"balama": {[]string{"dfc"}, []string{"dfc"}, []string{}, 2, 2, "dfc", 150, true, apiCount{1, 2}},
		"nolans": {[]string{"naif", "kfw-ipex-bank"}, []string{"edc", "efa", "euler-hermes", "kfw-ipex-bank", "naif"},
			[]string{"efa", "euler-hermes", "kfw-ipex-bank", "naif"}, 4, 3, "euler-hermes", 600, true, apiCount{5, 5}},
		"tech-townsville": {[]string{"naif", "efa"}, []string{"edc", "efa", "euler-hermes", "naif"},
			[]string{"efa", "euler-hermes", "naif"}, 3, 4, "euler-hermes", 500, true, apiCount{4, 4}},
		"chvaletice": {[]string{}, []string{}, []string{}, 0, 0, "", 0, false, apiCount{0, 0}},
	}
	if len(data.Projects) != len(wants) {
		t.Fatalf("%d projects, want %d", len(data.Projects), len(wants))
	}
	for _, p := range data.Projects {
		w, ok := wants[p.ID]
		if !ok {
			t.Errorf("unexpected project %s", p.ID)
			continue
		}
		got := want{flat(p.TopTwo), flat(p.All), flat(p.SkipOne), p.Loans.TotalCount, p.Biggest.TotalCount, "", 0,
			p.Biggest.PageInfo.HasNextPage, p.Counts.Aggregate.Count}
		if len(p.Biggest.Edges) > 0 {
			got.biggest, got.biggestAmount = p.Biggest.Edges[0].Node.ID, p.Biggest.Edges[0].Properties.Amount
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s:\n got %+v\nwant %+v", p.ID, got, w)
		}
	}

	t.Run("counts selected through fragments", func(t *testing.T) {
		var data struct {
			ProjectsConnection struct{ Total int }
			Partnership        struct {
				MemberCountriesConnection struct{ Aggregate struct{ Count apiCount } }
			}
		}
		apiData(t, e, "connection_counts_in_fragments", nil, &data)
		if data.ProjectsConnection.Total != 15 || data.Partnership.MemberCountriesConnection.Aggregate.Count != (apiCount{17, 17}) {
			t.Errorf("got %+v", data)
		}
	})
}

// ---------------------------------------------------------------------------------------
// 7. Lookups
// ---------------------------------------------------------------------------------------

func TestAPILookups(t *testing.T) {
	e := testenv.Seeded(t)

	t.Run("project by id", func(t *testing.T) {
		var data struct {
			Project *struct {
				ID, Name, Stage, Location string
				Status                    *string
				Aliases, Sources          []string
				Provenance                []apiProvenance
			}
		}
		apiData(t, e, "project", apiObj("id", "balama"), &data)
		p := data.Project
		if p == nil {
			t.Fatal("balama not found")
		}
		if p.ID != "balama" || p.Name != "Balama Graphite Operation" || p.Stage != "MINING" || p.Location != "Cabo Delgado" ||
			p.Status != nil || !reflect.DeepEqual(p.Aliases, []string{"Balama"}) || !reflect.DeepEqual(p.Sources, []string{"ews-dfc-twigg"}) {
			t.Errorf("got %+v", *p)
		}
		if len(p.Provenance) != 1 || p.Provenance[0].Source.ID != "ews-dfc-twigg" ||
			!strings.HasPrefix(p.Provenance[0].text(), "Balama Graphite Operation,located_in,Mozambique (Cabo Delgado)") {
			t.Errorf("provenance %+v", p.Provenance)
		}
	})
	for _, id := range []string{"no-such-project", "jogmec", "ispi-2025-06-26", ""} {
		t.Run(fmt.Sprintf("project(id: %q) is null", id), func(t *testing.T) {
			var data struct{ Project *struct{ ID string } }
			apiData(t, e, "project", apiObj("id", id), &data)
			if data.Project != nil {
				t.Errorf("got %+v", *data.Project)
			}
		})
	}

	type entity struct {
		Typename                                                      string `json:"__typename"`
		ID, Name                                                      string
		Territory                                                     *bool
		Kind, PartnershipKind, MineralKind, PolicyKind, AgreementKind string
		EventKind, Stage, Symbol, Status, Location, ValidFrom, Unit   string
		Value                                                         *float64
		Year                                                          *int
	}
	f := func(v float64) *float64 { return &v }
	i := func(v int) *int { return &v }
	b := func(v bool) *bool { return &v }
	for _, tc := range []struct {
		id   string
		want *entity
	}{
		{"KR", &entity{Typename: "Country", ID: "KR", Name: "South Korea"}},
		{"GL", &entity{Typename: "Country", ID: "GL", Name: "Greenland", Territory: b(true)}},
		{"jogmec", &entity{Typename: "Organization", ID: "jogmec", Name: "Japan Organization for Metals and Energy Security", Kind: "FINANCIER"}},
		{"msp", &entity{Typename: "Partnership", ID: "msp", Name: "Minerals Security Partnership", PartnershipKind: "INITIATIVE", ValidFrom: "2022-06"}},
		{"chvaletice", &entity{Typename: "Project", ID: "chvaletice", Name: "Chvaletice Manganese Project", Stage: "REFINING"}},
		{"cobalt", &entity{Typename: "Mineral", ID: "cobalt", Name: "Cobalt", MineralKind: "ELEMENT", Symbol: "Co"}},
		{"m-msp-member-count-2025", &entity{Typename: "Measurement", ID: "m-msp-member-count-2025", Value: f(15), Year: i(2025), Unit: "members"}},
		{"ira", &entity{Typename: "Policy", ID: "ira", PolicyKind: "LAW"}},
		{"canada-us-joint-action-plan", &entity{Typename: "Agreement", ID: "canada-us-joint-action-plan", AgreementKind: "JOINT_ACTION_PLAN", Status: "IN_FORCE"}},
		{"pdac-2022", &entity{Typename: "Event", ID: "pdac-2022", EventKind: "CONFERENCE", Location: "Toronto"}},
		{"ev-batteries", &entity{Typename: "Technology", ID: "ev-batteries", Name: "EV batteries"}},
		{"ispi-2025-06-26", nil}, // a Source is not an Entity
		{"no-such-entity", nil},
		{"kr", nil}, // ids are case-sensitive
	} {
		t.Run("node "+tc.id, func(t *testing.T) {
			var data struct{ Node *entity }
			apiData(t, e, "node", apiObj("id", tc.id), &data)
			got := data.Node
			if tc.want == nil || got == nil {
				if (tc.want == nil) != (got == nil) {
					t.Fatalf("got %+v, want %+v", got, tc.want)
				}
				return
			}
			// Names not given in the table are not compared.
			if tc.want.Name == "" {
				got.Name = ""
			}
			if !reflect.DeepEqual(*got, *tc.want) {
				t.Errorf("\n got %+v\nwant %+v", *got, *tc.want)
			}
		})
	}
	t.Run("nodes in the order asked, null for unknown ids", func(t *testing.T) {
		var data struct {
			Nodes []*struct {
				Typename string `json:"__typename"`
				ID       string
			}
		}
		ids := []string{"msp", "no-such-entity", "KR", "lynas", "msp", "ispi-2025-06-26", "graphite"}
		apiData(t, e, "nodes", apiObj("ids", ids), &data)
		want := []string{"Partnership:msp", "null", "Country:KR", "Organization:lynas", "Partnership:msp", "null", "Mineral:graphite"}
		got := make([]string, len(data.Nodes))
		for i, n := range data.Nodes {
			got[i] = "null"
			if n != nil {
				got[i] = n.Typename + ":" + n.ID
			}
		}
		apiSameList(t, "nodes", got, want)
	})
	t.Run("nodes of no ids", func(t *testing.T) {
		var data struct{ Nodes []any }
		apiData(t, e, "nodes", apiObj("ids", []any{}), &data)
		if data.Nodes == nil || len(data.Nodes) != 0 {
			t.Errorf("got %v", data.Nodes)
		}
	})
}

// ---------------------------------------------------------------------------------------
// 8. Search, neighbourhood, paths
// ---------------------------------------------------------------------------------------

type apiHit struct {
	Score  float64
	Entity struct {
		Typename string `json:"__typename"`
		ID, Name string
	}
}

func apiSearch(t *testing.T, e *testenv.Server, vars map[string]any) []apiHit {
	t.Helper()
	var data struct{ Search []apiHit }
	apiData(t, e, "search", vars, &data)
	for i := 1; i < len(data.Search); i++ {
		if data.Search[i].Score > data.Search[i-1].Score {
			t.Errorf("scores do not decrease: %v then %v", data.Search[i-1].Score, data.Search[i].Score)
		}
	}
	return data.Search
}

func apiHitIDs(hits []apiHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Entity.ID
	}
	return out
}

type apiGraphEdge struct {
	ID, Type, From, To, ValidFrom string
	Sources, Quotes               []string
	Provenance                    []apiProvenance
}

type apiSubgraph struct {
	Truncated bool
	Nodes     []struct {
		Typename string `json:"__typename"`
		ID       string
	}
	Edges []apiGraphEdge
}

func (g apiSubgraph) nodeIDs() []string {
	out := make([]string, len(g.Nodes))
	for i, n := range g.Nodes {
		out[i] = n.ID
	}
	return out
}

func (g apiSubgraph) edgeIDs() []string {
	out := make([]string, len(g.Edges))
	for i, ed := range g.Edges {
		out[i] = ed.ID
	}
	return out
}

func TestAPIExploration(t *testing.T) {
	e := testenv.Seeded(t)

	t.Run("search Lynas", func(t *testing.T) {
		hits := apiSearch(t, e, apiObj("text", "Lynas"))
		if len(hits) < 2 || hits[0].Entity.ID != "lynas" || hits[0].Entity.Typename != "Organization" {
			t.Fatalf("hits %q, want lynas first", apiHitIDs(hits))
		}
		if !slices.Contains(apiHitIDs(hits), "lynas-australia-rare-earths-deposit") {
			t.Errorf("hits %q lack the Lynas deposit", apiHitIDs(hits))
		}
	})
	t.Run("search with a typo", func(t *testing.T) {
		ids := apiHitIDs(apiSearch(t, e, apiObj("text", "Lynaz")))
		if len(ids) == 0 || ids[0] != "lynas" || !slices.Contains(ids, "lynas-australia-rare-earths-deposit") {
			t.Errorf("hits %q, want lynas first and the deposit", ids)
		}
	})
	t.Run("search by prefix", func(t *testing.T) {
		ids := apiHitIDs(apiSearch(t, e, apiObj("text", "graphit", "kinds", apiArr("Mineral"))))
		for _, want := range []string{"graphite", "natural-graphite", "synthetic-graphite"} {
			if !slices.Contains(ids, want) {
				t.Errorf("hits %q lack %s", ids, want)
			}
		}
	})
	t.Run("search by alias ranks the exact alias first", func(t *testing.T) {
		hits := apiSearch(t, e, apiObj("text", "JOGMEC"))
		if len(hits) == 0 || hits[0].Entity.ID != "jogmec" {
			t.Errorf("hits %q, want jogmec first", apiHitIDs(hits))
		}
	})
	for _, tc := range []struct {
		kinds []any
		first string
		types []string
	}{
		{apiArr("Project"), "lynas-australia-rare-earths-deposit", []string{"Project"}},
		{apiArr("Organization"), "lynas", []string{"Organization"}},
		{apiArr("Organization", "Project"), "lynas", []string{"Organization", "Project"}},
	} {
		t.Run(fmt.Sprintf("search kinds %v", tc.kinds), func(t *testing.T) {
			hits := apiSearch(t, e, apiObj("text", "Lynas", "kinds", tc.kinds))
			if len(hits) == 0 || hits[0].Entity.ID != tc.first {
				t.Fatalf("hits %q, want %s first", apiHitIDs(hits), tc.first)
			}
			for _, h := range hits {
				if !slices.Contains(tc.types, h.Entity.Typename) {
					t.Errorf("hit %s is a %s", h.Entity.ID, h.Entity.Typename)
				}
			}
		})
	}
	t.Run("search kinds empty or null is every kind", func(t *testing.T) {
		all := apiHitIDs(apiSearch(t, e, apiObj("text", "Lynas")))
		apiSameList(t, "kinds []", apiHitIDs(apiSearch(t, e, apiObj("text", "Lynas", "kinds", apiArr()))), all)
		apiSameList(t, "kinds null", apiHitIDs(apiSearch(t, e, apiObj("text", "Lynas", "kinds", nil))), all)
	})
	t.Run("search first", func(t *testing.T) {
		if hits := apiSearch(t, e, apiObj("text", "rare earths", "first", 3)); len(hits) != 3 {
			t.Errorf("%d hits, want 3", len(hits))
		}
	})
	t.Run("search without hits", func(t *testing.T) {
		if hits := apiSearch(t, e, apiObj("text", "qqqqxxxxzzzz")); len(hits) != 0 {
			t.Errorf("hits %q", apiHitIDs(hits))
		}
	})

	neighborhood := func(t *testing.T, vars map[string]any) apiSubgraph {
		t.Helper()
		var data struct{ Neighborhood apiSubgraph }
		apiData(t, e, "neighborhood", vars, &data)
		g := data.Neighborhood
		for _, ed := range g.Edges {
			if len(ed.Provenance) == 0 || len(ed.Provenance) != len(ed.Sources) || len(ed.Sources) != len(ed.Quotes) {
				t.Errorf("edge %s: %d provenance, %d sources, %d quotes", ed.ID, len(ed.Provenance), len(ed.Sources), len(ed.Quotes))
			}
			for i, p := range ed.Provenance {
				if i < len(ed.Sources) && (p.Source.ID != ed.Sources[i] || p.text() != ed.Quotes[i] || p.Source.Title == "") {
					t.Errorf("edge %s: provenance %d %+v", ed.ID, i, p)
				}
			}
		}
		if !slices.IsSorted(g.edgeIDs()) {
			t.Errorf("edges not ordered by id: %q", g.edgeIDs())
		}
		return g
	}
	lynasEdges := []string{
		"jare|FINANCES|lynas|contribution-2023", "jare|FINANCES|lynas|equity-2022", "jare|FINANCES|lynas|loan-equity-2011",
		"lynas|OPERATES|lynas-australia-rare-earths-deposit|", "lynas|OWNS|lynas-australia-rare-earths-deposit|",
	}
	t.Run("neighborhood of lynas, depth 1", func(t *testing.T) {
		g := neighborhood(t, apiObj("id", "lynas"))
		ids := g.nodeIDs()
		if len(ids) == 0 || ids[0] != "lynas" {
			t.Fatalf("nodes %q, want lynas first", ids)
		}
		apiSameSet(t, "nodes", ids, []string{"lynas", "jare", "lynas-australia-rare-earths-deposit"})
		apiSameList(t, "edges", g.edgeIDs(), lynasEdges)
		if g.Truncated {
			t.Error("truncated")
		}
		// JARE's 2011 financing is the article's "early investment, through JOGMEC".
		for _, ed := range g.Edges {
			if ed.ID == "jare|FINANCES|lynas|loan-equity-2011" {
				if ed.Type != "FINANCES" || ed.From != "jare" || ed.To != "lynas" || len(ed.Provenance) != 2 ||
					ed.Provenance[1].Quote != "with the early investment, through JOGMEC, in the Australian Lynas operations" ||
					ed.Provenance[1].Source.ID != "ispi-2025-06-26" || ed.Provenance[0].Note == "" {
					t.Errorf("jare finances lynas: %+v", ed)
				}
			}
		}
	})
	t.Run("neighborhood of lynas, depth 2", func(t *testing.T) {
		g := neighborhood(t, apiObj("id", "lynas", "depth", 2))
		ids := g.nodeIDs()
		for _, want := range []string{"lynas", "jogmec", "sojitz", "AU", "rare-earths"} {
			if !slices.Contains(ids, want) {
				t.Errorf("nodes %q lack %s", ids, want)
			}
		}
		// Nearest first: the three nodes of depth 1 come before the others.
		if len(ids) < 4 {
			t.Fatalf("nodes %q", ids)
		}
		apiSameSet(t, "first three nodes", ids[:3], []string{"lynas", "jare", "lynas-australia-rare-earths-deposit"})
		for _, want := range []string{"jare|PART_OF|jogmec|", "lynas-australia-rare-earths-deposit|LOCATED_IN|AU|"} {
			if !slices.Contains(g.edgeIDs(), want) {
				t.Errorf("edges lack %s", want)
			}
		}
	})
	t.Run("neighborhood through FINANCES only", func(t *testing.T) {
		g := neighborhood(t, apiObj("id", "lynas", "relationTypes", apiArr("FINANCES")))
		apiSameSet(t, "nodes", g.nodeIDs(), []string{"lynas", "jare"})
		apiSameList(t, "edges", g.edgeIDs(), []string{
			"jare|FINANCES|lynas|contribution-2023", "jare|FINANCES|lynas|equity-2022", "jare|FINANCES|lynas|loan-equity-2011"})
	})
	t.Run("neighborhood limit truncates", func(t *testing.T) {
		g := neighborhood(t, apiObj("id", "lynas", "limit", 2))
		if len(g.Nodes) != 2 || g.Nodes[0].ID != "lynas" || !g.Truncated {
			t.Errorf("nodes %q truncated %v, want lynas and one more, truncated", g.nodeIDs(), g.Truncated)
		}
	})

	paths := func(t *testing.T, vars map[string]any) []struct {
		Length int
		Nodes  []struct{ ID string }
		Edges  []apiGraphEdge
	} {
		t.Helper()
		var data struct {
			Paths []struct {
				Length int
				Nodes  []struct{ ID string }
				Edges  []apiGraphEdge
			}
		}
		apiData(t, e, "paths", vars, &data)
		return data.Paths
	}
	finance := apiArr("FINANCES", "PART_OF", "SUPPORTS")
	t.Run("paths lynas to msp via jare and jogmec", func(t *testing.T) {
		ps := paths(t, apiObj("from", "lynas", "to", "msp", "relationTypes", finance))
		if len(ps) != 3 { // one per JARE financing of Lynas
			t.Fatalf("%d paths, want 3: %+v", len(ps), ps)
		}
		for _, p := range ps {
			var nodes, edges []string
			for _, n := range p.Nodes {
				nodes = append(nodes, n.ID)
			}
			for _, ed := range p.Edges {
				edges = append(edges, ed.Type+":"+ed.From+"->"+ed.To)
				if len(ed.Provenance) == 0 {
					t.Errorf("edge %s without provenance", ed.ID)
				}
			}
			apiSameList(t, "nodes", nodes, []string{"lynas", "jare", "jogmec", "msp"})
			// Each edge in its stored direction: JARE finances Lynas, JARE is part of JOGMEC,
			// JOGMEC supports the MSP.
			apiSameList(t, "edges", edges, []string{"FINANCES:jare->lynas", "PART_OF:jare->jogmec", "SUPPORTS:jogmec->msp"})
			if p.Length != 3 {
				t.Errorf("length %d, want 3", p.Length)
			}
		}
	})
	t.Run("paths msp to lynas run the other way", func(t *testing.T) {
		ps := paths(t, apiObj("from", "msp", "to", "lynas", "relationTypes", finance))
		if len(ps) != 3 || len(ps[0].Nodes) != 4 || ps[0].Nodes[0].ID != "msp" || ps[0].Nodes[1].ID != "jogmec" || ps[0].Nodes[3].ID != "lynas" {
			t.Errorf("got %+v", ps)
		}
	})
	t.Run("paths too short or through other types", func(t *testing.T) {
		if ps := paths(t, apiObj("from", "lynas", "to", "msp", "maxHops", 1)); len(ps) != 0 {
			t.Errorf("maxHops 1: %+v", ps)
		}
		if ps := paths(t, apiObj("from", "lynas", "to", "msp", "relationTypes", apiArr("MEMBER_OF", "FINANCES"))); len(ps) != 0 {
			t.Errorf("MEMBER_OF, FINANCES: %+v", ps)
		}
	})
	t.Run("paths between the founders of the MSP", func(t *testing.T) {
		// KR and JP are both MSP founding partners, members of the trilateral (JP)...
		// every shortest path is of the same length and ordered by the ids along it.
		ps := paths(t, apiObj("from", "KR", "to", "JP", "relationTypes", apiArr("MEMBER_OF"), "limit", 20))
		if len(ps) == 0 {
			t.Fatal("no path")
		}
		var keys []string
		for _, p := range ps {
			if p.Length != 2 || len(p.Nodes) != 3 || len(p.Edges) != 2 || p.Nodes[0].ID != "KR" || p.Nodes[1].ID != "msp" || p.Nodes[2].ID != "JP" {
				t.Errorf("path %+v", p)
				continue
			}
			keys = append(keys, strings.TrimPrefix(p.Edges[0].ID, "KR|MEMBER_OF|msp|")+" "+strings.TrimPrefix(p.Edges[1].ID, "JP|MEMBER_OF|msp|"))
		}
		// One membership each: one path through the MSP.
		apiSameList(t, "paths by their relationships' keys", keys, []string{" "})
		first := paths(t, apiObj("from", "KR", "to", "JP", "relationTypes", apiArr("MEMBER_OF"), "limit", 1))
		if len(first) != 1 || len(first[0].Edges) != 2 || first[0].Edges[0].ID != "KR|MEMBER_OF|msp|" || first[0].Edges[1].ID != "JP|MEMBER_OF|msp|" {
			t.Errorf("limit 1: %+v", first)
		}
	})
}

// ---------------------------------------------------------------------------------------
// 9. Errors
// ---------------------------------------------------------------------------------------

func TestAPIErrors(t *testing.T) {
	e := testenv.Seeded(t)
	for _, tc := range []struct {
		name  string
		doc   string
		vars  map[string]any
		codes []string // any of these
		says  []string // the message names these (the argument path)
	}{
		{"bad enum literal in where", "projects_bad_enum_literal", nil, []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, []string{"GRAPHITE"}},
		{"bad enum value in a where variable", "projects", apiObj("where", apiObj("stage", apiOp("eq", "GRAPHITE"))), []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, []string{"GRAPHITE"}},
		{"unknown where field", "projects", apiObj("where", apiObj("color", apiOp("eq", "red"))), []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, []string{"color"}},
		{"limit 5000", "projects", apiObj("limit", 5000), []string{"BAD_USER_INPUT"}, []string{"limit"}},
		{"negative limit", "projects", apiObj("limit", -1), []string{"BAD_USER_INPUT"}, []string{"limit"}},
		{"negative offset", "projects", apiObj("offset", -1), []string{"BAD_USER_INPUT"}, []string{"offset"}},
		// The query limits may refuse the page size first (their message names it too).
		{"first 5000", "projects_connection", apiObj("first", 5000), []string{"BAD_USER_INPUT", "QUERY_TOO_COMPLEX"}, []string{"first"}},
		{"negative first", "projects_connection", apiObj("first", -1), []string{"BAD_USER_INPUT"}, []string{"first"}},
		{"limit 5000 on a relationship field", "partnership_member_countries", apiObj("id", "msp", "limit", 5000), []string{"BAD_USER_INPUT"}, []string{"limit"}},
		{"first 5000 on a relationship connection", "partnership_member_countries_connection", apiObj("id", "msp", "first", 5000), []string{"BAD_USER_INPUT", "QUERY_TOO_COMPLEX"}, []string{"first"}},
		{"malformed cursor", "projects_connection", apiObj("after", "not a cursor"), []string{"BAD_USER_INPUT"}, []string{"after"}},
		{"malformed base64 JSON cursor", "projects_connection", apiObj("after", base64.StdEncoding.EncodeToString([]byte(`{"s":1}`))), []string{"BAD_USER_INPUT"}, []string{"after"}},
		{"malformed cursor on a relationship connection", "partnership_member_countries_connection", apiObj("id", "msp", "after", "%%%"), []string{"BAD_USER_INPUT"}, []string{"after"}},
		{"malformed PartialDate", "partnerships", apiObj("where", apiObj("validFrom", apiOp("gt", "2024-13"))), []string{"BAD_USER_INPUT"}, []string{"validFrom"}},
		{"an unknown key in a sort element of two", "projects", apiObj("sort", apiArr(apiObj("name", "ASC", "colour", "DESC"))), []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, []string{"colour"}},
		{"bad sort direction", "projects", apiObj("sort", apiArr(apiObj("name", "UP"))), []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, []string{"UP"}},
		{"wrong operator type", "measurements", apiObj("where", apiObj("year", apiOp("eq", "twenty"))), []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, []string{"year"}},
		{"filters nested too deep", "projects", apiObj("where", apiObj("NOT", apiObj("NOT", apiObj("NOT", apiObj("NOT", apiObj("NOT", apiObj("NOT", apiObj("NOT", apiObj("NOT", apiObj("NOT", apiObj("id", apiOp("eq", "x")))))))))))),
			[]string{"BAD_USER_INPUT"}, []string{"where.NOT"}},
		{"a connection where on a relationship filter", "organizations", apiObj("where", apiObj("financesProjectsConnection", apiObj("any", apiObj()))),
			[]string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, []string{"any"}},
		{"unknown search kind", "search", apiObj("text", "Lynas", "kinds", apiArr("Spaceship")), []string{"BAD_USER_INPUT"}, []string{"Spaceship"}},
		{"search Source kind", "search", apiObj("text", "Lynas", "kinds", apiArr("Source")), []string{"BAD_USER_INPUT"}, []string{"Source"}},
		{"empty search", "search", apiObj("text", "  "), []string{"BAD_USER_INPUT"}, []string{"empty"}},
		{"search without a word", "search", apiObj("text", "*:*"), []string{"BAD_USER_INPUT"}, []string{"letter or digit"}},
		{"search too long", "search", apiObj("text", strings.Repeat("a", 201)), []string{"BAD_USER_INPUT"}, []string{"200"}},
		{"search first 0", "search", apiObj("text", "Lynas", "first", 0), []string{"BAD_USER_INPUT"}, []string{"first"}},
		{"search first 101", "search", apiObj("text", "Lynas", "first", 101), []string{"BAD_USER_INPUT"}, []string{"first"}},
		{"neighborhood of an unknown id", "neighborhood", apiObj("id", "no-such-entity"), []string{"NOT_FOUND"}, []string{"no-such-entity"}},
		{"neighborhood of a source", "neighborhood", apiObj("id", "ispi-2025-06-26"), []string{"NOT_FOUND"}, nil},
		{"neighborhood depth 4", "neighborhood", apiObj("id", "lynas", "depth", 4), []string{"BAD_USER_INPUT"}, []string{"depth"}},
		{"neighborhood limit 501", "neighborhood", apiObj("id", "lynas", "limit", 501), []string{"BAD_USER_INPUT", "QUERY_TOO_COMPLEX"}, []string{"limit"}},
		{"neighborhood unknown relation type", "neighborhood", apiObj("id", "lynas", "relationTypes", apiArr("KNOWS")), []string{"BAD_USER_INPUT"}, []string{"KNOWS"}},
		{"paths from an unknown id", "paths", apiObj("from", "no-such-entity", "to", "msp"), []string{"NOT_FOUND"}, []string{"no-such-entity"}},
		{"paths to an unknown id", "paths", apiObj("from", "lynas", "to", "no-such-entity"), []string{"NOT_FOUND"}, []string{"no-such-entity"}},
		{"paths to itself", "paths", apiObj("from", "lynas", "to", "lynas"), []string{"BAD_USER_INPUT"}, []string{"lynas"}},
		{"paths maxHops 7", "paths", apiObj("from", "lynas", "to", "msp", "maxHops", 7), []string{"BAD_USER_INPUT"}, []string{"maxHops"}},
		{"paths limit 21", "paths", apiObj("from", "lynas", "to", "msp", "limit", 21), []string{"BAD_USER_INPUT"}, []string{"limit"}},
		{"paths unknown relation type", "paths", apiObj("from", "lynas", "to", "msp", "relationTypes", apiArr("member_of")), []string{"BAD_USER_INPUT"}, []string{"member_of"}},
		{"nodes of 101 ids", "nodes", apiObj("ids", make([]string, 101)), []string{"BAD_USER_INPUT"}, []string{"ids"}},
		{"missing required variable", "node", nil, []string{"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}, []string{"id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := apiRun(t, e, tc.doc, tc.vars)
			if len(r.Errors) == 0 {
				t.Fatalf("no error; data %s", r.Data)
			}
			got := r.Errors[0]
			code, _ := got.Extensions["code"].(string)
			if !slices.Contains(tc.codes, code) {
				t.Errorf("code %q (%q), want one of %v", code, got.Message, tc.codes)
			}
			for _, s := range tc.says {
				// The message names the argument, or, for gqlgen's validation and
				// coercion errors, the error's path does.
				if !apiNames(got, s) {
					t.Errorf("message %q (path %v) does not name %q", got.Message, got.Path, s)
				}
			}
		})
	}

	t.Run("a cursor of another sort order", func(t *testing.T) {
		p := apiRootPageOf(t, e, "projects_connection", "projectsConnection", apiObj("first", 2))
		r := apiRun(t, e, "projects_connection", apiObj("first", 2, "after", *p.PageInfo.EndCursor, "sort", apiArr(apiObj("name", "ASC"))))
		if len(r.Errors) == 0 || r.Codes()[0] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "after") {
			t.Errorf("got %+v", r.Errors)
		}
	})
	t.Run("a cursor of another list", func(t *testing.T) {
		p := apiRootPageOf(t, e, "measurements_connection", "measurementsConnection", apiObj("first", 2))
		r := apiRun(t, e, "projects_connection", apiObj("first", 2, "after", *p.PageInfo.EndCursor))
		if len(r.Errors) == 0 || r.Codes()[0] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "after") {
			t.Errorf("got %+v", r.Errors)
		}
	})
	t.Run("an error in one field leaves the others", func(t *testing.T) {
		// Two root fields, one with a bad limit in a nested field: the error has its path,
		// its nullable parent is null, the other field answers.
		r := apiRun(t, e, "partial_error", nil)
		if len(r.Errors) != 1 || r.Codes()[0] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "limit") ||
			fmt.Sprint(r.Errors[0].Path) != "[broken memberCountries]" || string(r.Data) != `{"broken":null,"fine":{"id":"balama"}}` {
			t.Errorf("got %s %+v", r.Data, r.Errors)
		}
	})
}

// ---------------------------------------------------------------------------------------
// 10. Hostile strings in every string and ID argument
// ---------------------------------------------------------------------------------------

// apiInvalidUTF8 stands for a value sent as raw bytes that are not UTF-8: json.Marshal
// cannot write those, so the request body is patched after marshalling.
const apiInvalidUTF8 = "\x00INVALID-UTF-8\x00"

var apiHostileValues = []struct{ name, value string }{
	{"single quote", `'`},
	{"double quote", `"`},
	{"backtick", "`"},
	{"cypher injection", `}) DETACH DELETE n //`},
	{"quoted cypher injection", "x'}) MATCH (n) DETACH DELETE n RETURN 1 //\"`"},
	{"NUL", "\u0000"},
	{"100 KB", strings.Repeat("'\"`}) DETACH DELETE n //", 100<<10/22)},
	{"invalid UTF-8", apiInvalidUTF8},
	{"lucene match all", `*:*`},
	{"lucene syntax", `name:lynas~ OR id:/.*/ AND (a* [b TO c]) \`},
	{"backslashes", `\\' \" \u0027`},
	{"parameter name", `$p0`},
}

// apiSite is a place in the API where a client's string goes.
type apiSite struct {
	name string
	doc  string
	vars func(s string) map[string]any
	// allowed is hand-written Cypher returning a column id: every entity id the answer may
	// hold for the value $s, so an injection that reads more fails. Empty: no id at all
	// (the value must be refused). apiSearchAllowed: what the same search finds for the
	// words of its text alone, without kinds (the relevance ranking is Lucene's, not
	// something Cypher can restate).
	allowed string
	// exact: an answer without errors holds exactly the ids allowed returns.
	exact bool
}

// apiSearchAllowed marks the search sites (see apiSite.allowed).
const apiSearchAllowed = "search"

// apiDataIDs returns every entity id in an answer's data: the id fields of its objects,
// except those of provenance sources.
func apiDataIDs(t *testing.T, data json.RawMessage) []string {
	t.Helper()
	var ids []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if id, ok := x["id"].(string); ok {
				ids = append(ids, id)
			}
			for k, e := range x {
				if k != "source" && k != "provenance" {
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var v any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("data: %v", err)
		}
	}
	walk(v)
	return ids
}

// checkAllowed fails the test when the answer to site for value s holds an id the site's
// query does not allow, or (exact sites, no errors) lacks one it does.
func apiCheckAllowed(t *testing.T, e *testenv.Server, site apiSite, s string, r *testenv.Response) {
	t.Helper()
	var allowed []string
	switch site.allowed {
	case "":
	case apiSearchAllowed:
		text, _ := site.vars(s)["text"].(string)
		words := strings.Join(regexp.MustCompile(`[\pL\pN]+`).FindAllString(text, -1), " ")
		if words != "" {
			plain := apiSend(t, e, apiHostileBody(t, testenv.Doc(t, "search"), apiObj("text", words)))
			allowed = apiDataIDs(t, plain.Data)
		}
	default:
		for _, row := range storetest.Query(t, e.Driver, site.allowed, map[string]any{"s": s}) {
			id, _ := row["id"].(string)
			allowed = append(allowed, id)
		}
	}
	got := apiDataIDs(t, r.Data)
	for _, id := range got {
		if !slices.Contains(allowed, id) {
			t.Errorf("the answer holds %q, which its query does not allow (allowed: %v)", id, allowed)
		}
	}
	if site.exact && len(r.Errors) == 0 {
		apiSameSet(t, "ids", slices.Compact(apiSorted(got)), slices.Compact(apiSorted(allowed)))
	}
}

// apiInvalidBytes are the bytes sent for apiInvalidUTF8: a lone continuation byte, a
// byte that never occurs in UTF-8, a truncated sequence and an encoded surrogate.
const apiInvalidBytes = "\xff\xfe\xc3(\xed\xa0\x80"

// apiCleanErrors checks that an answer to hostile input is data or errors with a code
// a client may be given for its input.
func apiCleanErrors(t *testing.T, r *testenv.Response) {
	t.Helper()
	for _, ge := range r.Errors {
		if code, _ := ge.Extensions["code"].(string); !slices.Contains(apiCleanCodes, code) {
			t.Errorf("code %q: %.200q", code, ge.Message)
		}
	}
	if len(r.Errors) == 0 && (r.Status != http.StatusOK || string(r.Data) == "null" || len(r.Data) == 0) {
		t.Errorf("HTTP %d without errors or data", r.Status)
	}
}

// apiOperation returns the text of the operation named name in doc: from its
// `query name` line to the next operation.
func apiOperation(t *testing.T, doc, name string) string {
	t.Helper()
	start := strings.Index(doc, "\nquery "+name+" {")
	if start < 0 {
		t.Fatalf("no operation %s", name)
	}
	op := doc[start+1:]
	if end := strings.Index(op, "\nquery "); end >= 0 {
		op = op[:end]
	}
	return op
}

// apiHostileBody marshals the request and replaces the invalid UTF-8 placeholder (JSON-
// escaped by Marshal) with raw invalid bytes.
func apiHostileBody(t *testing.T, doc string, vars map[string]any) []byte {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	placeholder, _ := json.Marshal(apiInvalidUTF8)
	placeholder = placeholder[1 : len(placeholder)-1]
	return bytes.ReplaceAll(body, placeholder, []byte(apiInvalidBytes))
}

func TestAPIHostileInput(t *testing.T) {
	e := testenv.Seeded(t)
	nodesBefore, relsBefore := storetest.Totals(t, e.Driver)

	// A real cursor to forge: its sort-key values replaced by the hostile value, behind the
	// signature the service gave the original (graph/store/cursor.go: a 16-byte MAC, then
	// the JSON), so that only the signature check can refuse it.
	first := apiRootPageOf(t, e, "projects_connection", "projectsConnection", apiObj("first", 1, "sort", apiArr(apiObj("name", "ASC"))))
	forge := func(t *testing.T, s string) string {
		const macLen = 16
		raw, err := base64.StdEncoding.DecodeString(*first.PageInfo.EndCursor)
		var body map[string]any
		if err != nil || len(raw) < macLen || json.Unmarshal(raw[macLen:], &body) != nil {
			t.Fatalf("the cursor %q is not a MAC and base64 JSON any more: update forge", *first.PageInfo.EndCursor)
		}
		vals, ok := body["v"].([]any)
		if !ok {
			t.Fatalf("the cursor %q has no values any more: update forge", *first.PageInfo.EndCursor)
		}
		for i := range vals {
			vals[i] = s
		}
		out, _ := json.Marshal(body)
		return base64.StdEncoding.EncodeToString(append(raw[:macLen:macLen], out...))
	}

	sites := []apiSite{
		{"where eq", "projects", func(s string) map[string]any { return apiObj("where", apiObj("name", apiOp("eq", s))) }, `MATCH (n:Project) WHERE n.name = $s RETURN n.id AS id`, true},
		{"where contains", "projects", func(s string) map[string]any { return apiObj("where", apiObj("name", apiOp("contains", s))) }, `MATCH (n:Project) WHERE n.name CONTAINS $s RETURN n.id AS id`, true},
		{"where startsWith", "projects", func(s string) map[string]any { return apiObj("where", apiObj("location", apiOp("startsWith", s))) }, `MATCH (n:Project) WHERE n.location STARTS WITH $s RETURN n.id AS id`, true},
		{"where endsWith", "organizations", func(s string) map[string]any { return apiObj("where", apiObj("name", apiOp("endsWith", s))) }, `MATCH (n:Organization) WHERE n.name ENDS WITH $s RETURN n.id AS id`, true},
		{"where in", "projects", func(s string) map[string]any { return apiObj("where", apiObj("id", apiOp("in", apiArr(s, "balama")))) }, `MATCH (n:Project) WHERE n.id IN [$s, 'balama'] RETURN n.id AS id`, true},
		{"where ID contains", "countries", func(s string) map[string]any { return apiObj("where", apiObj("id", apiOp("contains", s))) }, `MATCH (n:Country) WHERE n.id CONTAINS $s RETURN n.id AS id`, true},
		{"where includes", "organizations", func(s string) map[string]any { return apiObj("where", apiObj("aliases", apiOp("includes", s))) }, `MATCH (n:Organization) WHERE $s IN n.aliases RETURN n.id AS id`, true},
		{"where PartialDate", "partnerships", func(s string) map[string]any { return apiObj("where", apiObj("validFrom", apiOp("gte", s))) }, `MATCH (n:Partnership) WHERE n.validFrom >= $s RETURN n.id AS id`, false},
		{"where enum", "projects", func(s string) map[string]any { return apiObj("where", apiObj("stage", apiOp("eq", s))) }, `MATCH (n:Project) WHERE n.stage = $s RETURN n.id AS id`, true},
		{"where Float", "measurements", func(s string) map[string]any { return apiObj("where", apiObj("value", apiOp("lt", s))) }, "", false},
		{"where key", "projects", func(s string) map[string]any { return apiObj("where", apiObj(s, apiOp("eq", "x"))) }, "", false},
		{"where operator", "projects", func(s string) map[string]any { return apiObj("where", apiObj("name", apiOp(s, "x"))) }, "", false},
		{"where relationship", "projects", func(s string) map[string]any {
			return apiObj("where", apiObj("financiers", apiObj("some", apiObj("name", apiOp("contains", s)))))
		}, `MATCH (n:Project) WHERE EXISTS { MATCH (o)-[:FINANCES]->(n) WHERE o.name CONTAINS $s } RETURN n.id AS id`, true},
		{"where connection edge", "organizations", func(s string) map[string]any {
			return apiObj("where", apiObj("financesProjectsConnection", apiObj("some", apiObj("edge", apiObj("currency", apiOp("eq", s), "note", apiOp("contains", s))))))
		}, `MATCH (n:Organization) WHERE EXISTS { MATCH (n)-[r:FINANCES]->() WHERE r.currency = $s AND r.note CONTAINS $s } RETURN n.id AS id`, true},
		{"relationship field where", "partnership_member_countries", func(s string) map[string]any {
			return apiObj("id", "msp", "where", apiObj("name", apiOp("startsWith", s)))
		}, `MATCH (p:Partnership {id: 'msp'}) RETURN p.id AS id UNION MATCH (c:Country)-[r:MEMBER_OF]->(:Partnership {id: 'msp'}) WHERE c.name STARTS WITH $s RETURN c.id AS id`, true},
		{"relationship connection where", "partnership_member_countries_connection", func(s string) map[string]any {
			return apiObj("id", "msp", "where", apiObj("edge", apiObj("note", apiOp("contains", s))))
		}, `MATCH (p:Partnership {id: 'msp'}) RETURN p.id AS id UNION MATCH (c:Country)-[r:MEMBER_OF]->(:Partnership {id: 'msp'}) WHERE r.note CONTAINS $s RETURN c.id AS id`, true},
		{"sort key", "projects", func(s string) map[string]any { return apiObj("sort", apiArr(apiObj(s, "ASC"))) }, "", false},
		{"sort direction", "projects", func(s string) map[string]any { return apiObj("sort", apiArr(apiObj("name", s))) }, "", false},
		{"connection sort key", "partnership_member_countries_connection", func(s string) map[string]any {
			return apiObj("id", "msp", "sort", apiArr(apiObj("edge", apiObj(s, "ASC"))))
		}, `MATCH (p:Partnership {id: 'msp'}) RETURN p.id AS id`, false},
		{"project(id:)", "project", func(s string) map[string]any { return apiObj("id", s) }, `MATCH (n:Project {id: $s}) RETURN n.id AS id`, true},
		{"partnership(id:)", "partnership_member_countries", func(s string) map[string]any { return apiObj("id", s) }, `MATCH (n:Partnership {id: $s}) RETURN n.id AS id UNION MATCH (c:Country)-[:MEMBER_OF]->(:Partnership {id: $s}) RETURN c.id AS id`, true},
		{"node(id:)", "node", func(s string) map[string]any { return apiObj("id", s) }, `MATCH (n:Entity {id: $s}) RETURN n.id AS id`, true},
		{"nodes(ids:)", "nodes", func(s string) map[string]any { return apiObj("ids", apiArr(s, "jogmec", s)) }, `MATCH (n:Entity) WHERE n.id IN [$s, 'jogmec'] RETURN n.id AS id`, true},
		{"after", "projects_connection", func(s string) map[string]any { return apiObj("after", s) }, "", false},
		{"after on a relationship connection", "partnership_member_countries_connection", func(s string) map[string]any {
			return apiObj("id", "msp", "after", s)
		}, `MATCH (p:Partnership {id: 'msp'}) RETURN p.id AS id`, false},
		{"search(text:)", "search", func(s string) map[string]any { return apiObj("text", s) }, apiSearchAllowed, false},
		{"search(text:) with a word", "search", func(s string) map[string]any { return apiObj("text", "Lynas "+s) }, apiSearchAllowed, false},
		{"search(kinds:)", "search", func(s string) map[string]any { return apiObj("text", "Lynas", "kinds", apiArr(s)) }, apiSearchAllowed, false},
		{"neighborhood(id:)", "neighborhood", func(s string) map[string]any { return apiObj("id", s) }, `MATCH (n:Entity {id: $s}) RETURN n.id AS id`, false},
		{"neighborhood(relationTypes:)", "neighborhood", func(s string) map[string]any { return apiObj("id", "lynas", "relationTypes", apiArr(s)) }, `RETURN 'lynas' AS id`, false},
		{"paths(from:)", "paths", func(s string) map[string]any { return apiObj("from", s, "to", "msp") }, "", false},
		{"paths(to:)", "paths", func(s string) map[string]any { return apiObj("from", "lynas", "to", s) }, "", false},
		{"paths(relationTypes:)", "paths", func(s string) map[string]any { return apiObj("from", "lynas", "to", "msp", "relationTypes", apiArr(s)) }, "", false},
	}
	for _, site := range sites {
		t.Run(site.name, func(t *testing.T) {
			for _, hv := range apiHostileValues {
				t.Run(hv.name, func(t *testing.T) {
					r := apiSend(t, e, apiHostileBody(t, testenv.Doc(t, site.doc), site.vars(hv.value)))
					apiCleanErrors(t, r)
					apiCheckAllowed(t, e, site, hv.value, r)
				})
			}
		})
	}
	// Client text is quoted in messages as a short prefix (see truncate in
	// graph/store/compile.go): a 100 KB value is not sent back whole.
	long := apiHostileValues[6].value
	if len(long) < 100<<10-100 {
		t.Fatalf("the 100 KB value is %d bytes", len(long))
	}
	for _, tc := range []struct {
		site, bug string
	}{
		{"where PartialDate", ""},
		{"where enum", ""},
		{"sort direction", ""},
		{"search(kinds:)", ""},
		{"neighborhood(id:)", ""},
		{"neighborhood(relationTypes:)", ""},
		{"paths(from:)", ""},
		{"paths(to:)", ""},
		{"paths(relationTypes:)", ""},
		{"where key", ""},
		{"sort key", ""},
		{"after", ""},
		{"search(text:)", ""},
		{"where in", ""},
	} {
		t.Run("100 KB is not echoed/"+tc.site, func(t *testing.T) {
			if tc.bug != "" {
				t.Skip("bug: a 100 KB argument comes back whole in the error message: " + tc.bug)
			}
			i := slices.IndexFunc(sites, func(s apiSite) bool { return s.name == tc.site })
			if i < 0 {
				t.Fatalf("no site %q", tc.site)
			}
			r := apiSend(t, e, apiHostileBody(t, testenv.Doc(t, sites[i].doc), sites[i].vars(long)))
			for _, ge := range r.Errors {
				if len(ge.Message) > 1000 {
					t.Errorf("a %d-byte message: %.200q…", len(ge.Message), ge.Message)
				}
			}
			// Data or errors, the answer as a whole is no echo either (and is an answer).
			if len(r.Body) == 0 || len(r.Body) > len(long)/10 {
				t.Errorf("a %d-byte answer to a %d-byte value: %.200q…", len(r.Body), len(long), r.Body)
			}
		})
	}

	t.Run("forged cursor", func(t *testing.T) {
		for _, hv := range apiHostileValues {
			t.Run(hv.name, func(t *testing.T) {
				r := apiSend(t, e, apiHostileBody(t, testenv.Doc(t, "projects_connection"),
					apiObj("first", 3, "sort", apiArr(apiObj("name", "ASC")), "after", forge(t, hv.value))))
				// Cursors are signed (graph/store/cursor.go): a forged one is refused.
				if len(r.Errors) == 0 {
					t.Errorf("a forged cursor was accepted: %.200s", r.Data)
				}
				for _, ge := range r.Errors {
					if code, _ := ge.Extensions["code"].(string); code != "BAD_USER_INPUT" {
						t.Errorf("code %q: %.200q", code, ge.Message)
					}
				}
			})
		}
	})
	t.Run("literals in the document", func(t *testing.T) {
		// The document itself carries the value, escaped as a GraphQL string, through
		// POST and through GET, where the URL may carry bytes that are not UTF-8 (a JSON
		// body cannot: its decoder replaces them).
		escape := func(s string) string {
			var b strings.Builder
			for _, c := range []byte(s) {
				switch {
				case c == '"' || c == '\\':
					b.WriteByte('\\')
					b.WriteByte(c)
				case c < 0x20:
					fmt.Fprintf(&b, `\u%04x`, c)
				default:
					b.WriteByte(c)
				}
			}
			return b.String()
		}
		operations := []string{"Node", "Nodes", "Project", "Where", "EdgeWhere", "After", "Search", "SearchKinds",
			"Neighborhood", "NeighborhoodTypes", "PathsFrom", "PathsTo"}
		literals := testenv.Doc(t, "hostile_literals")
		for _, hv := range apiHostileValues {
			value := hv.value
			if value == apiInvalidUTF8 {
				value = apiInvalidBytes
			}
			for _, op := range operations {
				// Only the named operation is sent, so that one value is in the request once.
				doc := strings.ReplaceAll(apiOperation(t, literals, op), "HOSTILE", escape(value))
				t.Run(hv.name+"/"+op+"/POST", func(t *testing.T) {
					body, _ := json.Marshal(map[string]any{"query": doc})
					apiCleanErrors(t, apiSend(t, e, body))
				})
				if len(doc) > 8000 {
					continue // too long for a URL
				}
				t.Run(hv.name+"/"+op+"/GET", func(t *testing.T) {
					apiCleanErrors(t, apiServe(t, e, httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(doc), nil)))
				})
			}
		}
	})
	t.Run("malformed bodies", func(t *testing.T) {
		for _, body := range []string{"", "{", `{"query": 1}`, `{"query": "{ project(id: \"balama\") { id } }", "variables": []}`, "\xff\xfe", `{"query": "\xff"}`} {
			r := e.Do(t, testenv.Post([]byte(body)))
			if r.Status >= 500 {
				t.Errorf("body %q: HTTP %d %s", body, r.Status, r.Body)
			}
			if m := testenv.Leak(string(r.Body), ""); m != "" {
				t.Errorf("body %q: answer shows %q: %s", body, m, r.Body)
			}
			for _, line := range e.Logs.Take(slog.LevelWarn) {
				t.Errorf("body %q: the server logged: %.600s", body, line)
			}
		}
	})

	nodesAfter, relsAfter := storetest.Totals(t, e.Driver)
	if nodesAfter != nodesBefore || relsAfter != relsBefore {
		t.Errorf("the database changed: %d nodes, %d relationships before; %d, %d after", nodesBefore, relsBefore, nodesAfter, relsAfter)
	}
	if got := apiList(t, e, "projects", "projects", nil); len(got) != len(apiAllProjects) {
		t.Errorf("%d projects after the hostile requests, want %d", len(got), len(apiAllProjects))
	}
}
