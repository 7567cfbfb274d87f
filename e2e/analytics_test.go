package e2e

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
	"github.com/mineralgraph/mineralgraph/seed"
)

type apiShare struct {
	Country struct{ ID string }
	Value   *float64
	Share   *float64
}

type apiSupply struct {
	Stage                 *string
	Edition, Series, Unit string
	Year                  int
	WorldTotal            *float64
	Hhi, Cr1, Cr3, Cr5    float64
	OtherShare            *float64
	Shares, Withheld      []apiShare
}

const supplyFields = `edition year series unit worldTotal hhi cr1 cr3 cr5 otherShare
	shares { country { id } value share } withheld { country { id } }`

// The analytics on the full seed: one database for every subtest.
func TestAnalytics(t *testing.T) {
	h := fullServer(t, testenv.Debug())
	t.Run("supply agrees with the USGS files for every mineral and stage, 2023 and 2024", func(t *testing.T) {
		supplyAgainstFiles(t, h, "PRODUCTION", map[int]bool{2023: true, 2024: true}, 150)
	})
	t.Run("reserves agree with the USGS files for every mineral and year", func(t *testing.T) {
		supplyAgainstFiles(t, h, "RESERVES", map[int]bool{2023: true, 2024: true, 2025: true}, 100)
	})
	t.Run("capacity agrees with the USGS files for every mineral, stage and year", func(t *testing.T) {
		supplyAgainstFiles(t, h, "CAPACITY", map[int]bool{2023: true, 2024: true, 2025: true}, 15)
	})
	t.Run("concentration ranks as the files do", func(t *testing.T) { concentrationAgainstFiles(t, h, "PRODUCTION", "MINING", 2024) })
	t.Run("concentration ranks reserves as the files do", func(t *testing.T) { concentrationAgainstFiles(t, h, "RESERVES", "", 2025) })
	t.Run("coverage adds up the members' shares in the files", func(t *testing.T) { coverageAgainstFiles(t, h) })
	t.Run("dependency lists the files' net import reliance", func(t *testing.T) { dependencyAgainstFiles(t, h) })
	t.Run("disruption takes the supplier out of the files' figures", func(t *testing.T) { disruptionAgainstFiles(t, h) })
	t.Run("supply refuses what it cannot add up", func(t *testing.T) { supplyRefusals(t, h) })
	t.Run("round trips", func(t *testing.T) { analyticsRoundTrips(t, h) })
	t.Run("a field that fails leaves the others their answers", func(t *testing.T) { failingFieldBesideOthers(t, h) })
}

// supplyAgainstFiles checks every series of the files for a metric and the years asked:
// the stage where it has one; a series without a stage beside staged ones is named by
// its series alone. The series are asked for by the most the API takes in one request
// (MaxRootFields aliases), a batch with an error again one by one to say which fails.
func supplyAgainstFiles(t *testing.T, h *testenv.Server, metric string, years map[int]bool, least int) {
	groups := supplyGroups(readUSGSFigures(t, metric, years))
	stagesOf := map[string]map[string]bool{}
	for _, g := range groups {
		k := fmt.Sprint(g.edition, g.mineral, g.year)
		if stagesOf[k] == nil {
			stagesOf[k] = map[string]bool{}
		}
		stagesOf[k][g.stage] = true
	}
	type ask struct {
		g          *supplyGroup
		args, name string
	}
	var asks []ask
	checked, refused, unstaged := 0, 0, 0
	for _, g := range groups {
		args := fmt.Sprintf(`mineral: %q, metric: %s, year: %d, edition: %q`, g.mineral, metric, g.year, g.edition)
		if g.stage != "" {
			args += ", stage: " + g.stage
		}
		if g.split || (g.stage == "" && len(stagesOf[fmt.Sprint(g.edition, g.mineral, g.year)]) > 1) {
			args += fmt.Sprintf(", series: %q", g.table)
		}
		name := fmt.Sprintf("%s %s %s %d %s %q", metric, g.edition, g.mineral, g.year, g.stage, g.table)
		if len(g.units) > 1 {
			// A refusal alone: an error in one field of a batch would null all of its data.
			if resp := h.Post(t, `{ supply(`+args+`) { stage `+supplyFields+` } }`, nil); resp.Code() != "BAD_USER_INPUT" {
				t.Errorf("%s: units %v, want a BAD_USER_INPUT error, got %s", name, g.units, resp.Data)
			}
			refused++
			continue
		}
		asks = append(asks, ask{g, args, name})
	}
	ok := func(a ask, s apiSupply) {
		compareSupply(t, a.name, a.g, s)
		checked++
		if a.g.stage == "" && len(stagesOf[fmt.Sprint(a.g.edition, a.g.mineral, a.g.year)]) > 1 {
			unstaged++
		}
	}
	// Each statement shape (which arguments are given) alone first: the fields of a batch
	// run at once, and on a database that has not planned the shape yet each would plan
	// it (seconds of CPU apiece). The answers are checked in the batches.
	planned := map[string]bool{}
	for _, a := range asks {
		shape := fmt.Sprint(a.g.stage == "", strings.Contains(a.args, "series:"))
		if !planned[shape] {
			planned[shape] = true
			h.Post(t, `{ supply(`+a.args+`) { stage `+supplyFields+` } }`, nil)
		}
	}
	for batch := range slices.Chunk(asks, h.Options.Limits.MaxRootFields) {
		var doc strings.Builder
		doc.WriteString("{")
		for i, a := range batch {
			fmt.Fprintf(&doc, " s%d: supply(%s) { stage %s }", i, a.args, supplyFields)
		}
		doc.WriteString(" }")
		resp := h.Post(t, doc.String(), nil)
		if len(resp.Errors) == 0 {
			var got map[string]apiSupply
			if err := json.Unmarshal(resp.Data, &got); err != nil {
				t.Fatal(err)
			}
			for i, a := range batch {
				ok(a, got[fmt.Sprintf("s%d", i)])
			}
			continue
		}
		t.Logf("a batch of %d series: %+v; asking for each alone", len(batch), resp.Errors)
		for _, a := range batch {
			resp := h.Post(t, `{ supply(`+a.args+`) { stage `+supplyFields+` } }`, nil)
			if len(resp.Errors) > 0 {
				t.Errorf("%s: %+v", a.name, resp.Errors)
				continue
			}
			var got struct{ Supply apiSupply }
			if err := json.Unmarshal(resp.Data, &got); err != nil {
				t.Fatal(err)
			}
			ok(a, got.Supply)
		}
	}
	t.Logf("%s: %d series checked against the files (%d without a stage beside staged ones, named by series), %d refused for mixed units", metric, checked, unstaged, refused)
	if checked < least {
		t.Errorf("%s: only %d series checked, want at least %d", metric, checked, least)
	}
}

func compareSupply(t *testing.T, name string, g *supplyGroup, s apiSupply) {
	t.Helper()
	stage := ""
	if s.Stage != nil {
		stage = *s.Stage
	}
	if s.Series != g.table || stage != g.stage {
		t.Errorf("%s: series %q of stage %q, want %q of %q", name, s.Series, stage, g.table, g.stage)
	}
	total, want := g.shares()
	if s.WorldTotal == nil || math.Abs(*s.WorldTotal-total) > 1e-6*math.Max(1, total) {
		t.Errorf("%s: world total %v, want %v", name, fmtPtr(s.WorldTotal), total)
	}
	got := map[string]float64{}
	for _, e := range s.Shares {
		if e.Share != nil {
			got[e.Country.ID] += *e.Share
		}
	}
	var wantList []float64
	for c, w := range want {
		wantList = append(wantList, w)
		if math.Abs(got[c]-w) > 0.05 {
			t.Errorf("%s: %s share %.3f, want %.3f", name, c, got[c], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d countries with a share, want %d", name, len(got), len(want))
	}
	hhi, cr := concentrationOf(wantList)
	if math.Abs(s.Hhi-hhi) > 0.5 {
		t.Errorf("%s: HHI %.2f, want %.2f", name, s.Hhi, hhi)
	}
	for j, gotCR := range []float64{s.Cr1, s.Cr3, s.Cr5} {
		if math.Abs(gotCR-cr[j]) > 0.05 {
			t.Errorf("%s: CR%d %.3f, want %.3f", name, []int{1, 3, 5}[j], gotCR, cr[j])
		}
	}
	if g.other != nil && total > 0 && (s.OtherShare == nil || math.Abs(*s.OtherShare-100**g.other/total) > 0.05) {
		t.Errorf("%s: other share %s, want %.3f", name, fmtPtr(s.OtherShare), 100**g.other/total)
	}
	withheld := map[string]bool{}
	for _, w := range s.Withheld {
		withheld[w.Country.ID] = true
	}
	for c := range g.withheld {
		if !withheld[c] {
			t.Errorf("%s: %s is withheld in the file, not in the answer %v", name, c, withheld)
		}
	}
}

// concentrationOf is the HHI and CR1/3/5 of shares.
func concentrationOf(shares []float64) (float64, []float64) {
	sorted := append([]float64(nil), shares...)
	sort.Sort(sort.Reverse(sort.Float64Slice(sorted)))
	hhi, cr := 0.0, []float64{0, 0, 0}
	for i, w := range sorted {
		hhi += w * w
		for j, n := range []int{1, 3, 5} {
			if i < n {
				cr[j] += w
			}
		}
	}
	return hhi, cr
}

// concentration ranks what the files' figures rank: every table with a published world
// total of the metric and stage (MINING, or none for reserves) in year (MCS 2026), by HHI.
func concentrationAgainstFiles(t *testing.T, h *testenv.Server, metric, stage string, year int) {
	type ranked struct {
		mineral string
		hhi     float64
	}
	var want []ranked
	for _, g := range supplyGroups(readUSGSFigures(t, metric, map[int]bool{year: true})) {
		if g.edition != "MCS2026" || g.stage != stage || g.world == nil || len(g.units) > 1 {
			continue
		}
		_, shares := g.shares()
		if len(shares) == 0 {
			continue
		}
		var list []float64
		for _, v := range shares {
			list = append(list, v)
		}
		hhi, _ := concentrationOf(list)
		want = append(want, ranked{g.mineral, hhi})
	}
	sort.Slice(want, func(i, j int) bool { return want[i].hhi > want[j].hhi })
	stageArg := "null"
	if stage != "" {
		stageArg = stage
	}
	resp := h.Post(t, fmt.Sprintf(`{ concentration(stage: %s, metric: %s, year: %d, limit: 100) { edition year minerals { mineral { id } hhi } } }`, stageArg, metric, year), nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("%+v", resp.Errors)
	}
	var got struct {
		Concentration struct {
			Edition  string
			Year     int
			Minerals []struct {
				Mineral struct{ ID string }
				Hhi     float64
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &got); err != nil {
		t.Fatal(err)
	}
	c := got.Concentration
	if c.Edition != "MCS2026" || c.Year != year || len(c.Minerals) != len(want) || len(want) < 20 {
		t.Fatalf("%s %d: %d minerals ranked, want MCS2026 %d and %d", c.Edition, c.Year, len(c.Minerals), year, len(want))
	}
	for i, m := range c.Minerals {
		if math.Abs(m.Hhi-want[i].hhi) > 0.5 {
			t.Errorf("rank %d: %s HHI %.2f, want %s %.2f", i+1, m.Mineral.ID, m.Hhi, want[i].mineral, want[i].hhi)
		}
	}
}

// The MSP's share of cobalt mine production in 2025 (MCS 2026) as of three dates, from the
// files' rows and the memberships read through the ordinary API with the as-of rule
// applied here; and a list of countries.
func coverageAgainstFiles(t *testing.T, h *testenv.Server) {
	var cobalt *supplyGroup
	for _, g := range supplyGroups(readUSGSProduction(t, map[int]bool{2025: true})) {
		if g.edition == "MCS2026" && g.mineral == "cobalt" && g.stage == "MINING" {
			cobalt = g
		}
	}
	if cobalt == nil {
		t.Fatal("no 2025 cobalt mine production in the files")
	}
	_, shares := cobalt.shares()
	resp := h.Post(t, `{ partnership(id: "msp") { validFrom validTo memberCountriesConnection(first: 1000) {
		edges { properties { role validFrom validTo } node { id } } } } }`, nil)
	var msp struct {
		Partnership struct {
			ValidFrom, ValidTo        *string
			MemberCountriesConnection struct {
				Edges []struct {
					Properties struct {
						Role               string
						ValidFrom, ValidTo *string
					}
					Node struct{ ID string }
				}
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &msp); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%v %+v", err, resp.Errors)
	}
	holds := func(from, to *string, asOf string) bool {
		return (from == nil || *from <= asOf) && (to == nil || asOf < *to)
	}
	// 2027: after the MSP's end (validTo 2026-02-04), when it has no members.
	for _, asOf := range []string{"2022-07", "2025-06", "2027"} {
		members := map[string]bool{}
		for _, e := range msp.Partnership.MemberCountriesConnection.Edges {
			p := e.Properties
			if p.Role != "OBSERVER" && holds(p.ValidFrom, p.ValidTo, asOf) && holds(msp.Partnership.ValidFrom, msp.Partnership.ValidTo, asOf) {
				members[e.Node.ID] = true
			}
		}
		want := 0.0
		for c, v := range shares {
			if members[c] {
				want += v
			}
		}
		var got struct {
			Coverage struct {
				Share   float64
				Members []struct{ ID string }
			}
		}
		resp := h.Post(t, fmt.Sprintf(`{ coverage(mineral: "cobalt", stage: MINING, year: 2025, edition: "MCS2026",
			of: { partnership: "msp", asOf: %q }) { share members { id } } }`, asOf), nil)
		if err := json.Unmarshal(resp.Data, &got); err != nil || len(resp.Errors) > 0 {
			t.Fatalf("%v %+v", err, resp.Errors)
		}
		if math.Abs(got.Coverage.Share-want) > 0.05 || len(got.Coverage.Members) != len(members) {
			t.Errorf("MSP as of %s: share %.3f of %d members, want %.3f of %d", asOf, got.Coverage.Share, len(got.Coverage.Members), want, len(members))
		}
	}
	var got struct {
		Coverage struct {
			Share            float64
			LargestNonMember struct{ Country struct{ ID string } }
		}
	}
	resp = h.Post(t, `{ coverage(mineral: "cobalt", stage: MINING, year: 2025, of: { countries: ["ID", "PH", "AU"] }) {
		share largestNonMember { country { id } } } }`, nil)
	if err := json.Unmarshal(resp.Data, &got); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%v %+v", err, resp.Errors)
	}
	if want := shares["ID"] + shares["PH"] + shares["AU"]; math.Abs(got.Coverage.Share-want) > 0.05 || got.Coverage.LargestNonMember.Country.ID != "CD" {
		t.Errorf("Indonesia, the Philippines and Australia: %+v, want %.3f and CD outside", got.Coverage, want)
	}
}

// The minerals the United States was more than 75 % net-import-reliant on in 2025, from the
// file's rows, most reliant first; and the partners among gallium's import sources.
func dependencyAgainstFiles(t *testing.T, h *testenv.Server) {
	names := readUSGSNames(t)
	type figure struct {
		mineral, qualifier string
		value              float64
	}
	var want []figure
	for _, rec := range readTestCSV(t, "MCS2026_Commodities_Data.csv", true) {
		if rec["Statistics"] != "Net import reliance" || rec["Year"] != "2025" || rec["Country"] != "United States" {
			continue
		}
		mineral, ok := names.Commodities[trimName(rec["Commodity"])+"|"+rec["Statistics_detail"]]
		if !ok {
			mineral = names.Commodities[trimName(rec["Commodity"])]
		}
		cell := strings.ReplaceAll(strings.TrimSpace(rec["Value"]), ",", "")
		qualifier := "EXACT"
		if strings.HasPrefix(cell, ">") {
			qualifier, cell = "OVER", cell[1:]
		}
		v, err := strconv.ParseFloat(cell, 64)
		if err == nil && (v > 75 || (qualifier == "OVER" && v >= 75)) {
			want = append(want, figure{mineral, qualifier, v})
		}
	}
	resp := h.Post(t, `{ dependency(year: 2025, moreThan: 75) { edition minerals { mineral { id } reliance qualifier } } }`, nil)
	var got struct {
		Dependency struct {
			Edition  string
			Minerals []struct {
				Mineral   struct{ ID string }
				Reliance  float64
				Qualifier string
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &got); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%v %+v", err, resp.Errors)
	}
	left := append([]figure(nil), want...)
	for i, m := range got.Dependency.Minerals {
		f := figure{m.Mineral.ID, m.Qualifier, m.Reliance}
		j := slices.Index(left, f)
		if j < 0 {
			t.Errorf("%+v is not in the file's figures above 75 %%", f)
			continue
		}
		left = slices.Delete(left, j, j+1)
		if i > 0 && m.Reliance > got.Dependency.Minerals[i-1].Reliance {
			t.Errorf("%s (%v) comes after a smaller figure", m.Mineral.ID, m.Reliance)
		}
	}
	if len(left) > 0 || len(want) < 20 {
		t.Errorf("the answer lacks %+v (%d figures in the file)", left, len(want))
	}
	resp = h.Post(t, `{ dependency(year: 2025, moreThan: 99, partnership: "msp", asOf: "2025-06", agreementLimit: 1) { minerals { mineral { id }
		importSources { country { id } form partner agreements { id } agreementCount } } } }`, nil)
	var gallium struct {
		Dependency struct {
			Minerals []struct {
				Mineral       struct{ ID string }
				ImportSources []struct {
					Country        *struct{ ID string }
					Partner        bool
					Agreements     []struct{ ID string }
					AgreementCount int
				}
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &gallium); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%v %+v", err, resp.Errors)
	}
	partners := map[string]bool{}
	shared := sharedAgreements(t, "US")
	for _, m := range gallium.Dependency.Minerals {
		for _, s := range m.ImportSources {
			if m.Mineral.ID == "gallium" && s.Country != nil {
				partners[s.Country.ID] = s.Partner
			}
			// The first agreement by name of those the seed data makes both parties to.
			var ids, want []string
			for _, a := range s.Agreements {
				ids = append(ids, a.ID)
			}
			if s.Country != nil {
				want = shared[s.Country.ID][:min(1, len(shared[s.Country.ID]))]
			}
			if s.Country != nil && (s.AgreementCount != len(shared[s.Country.ID]) || !slices.Equal(ids, want)) {
				t.Errorf("%s from %s: agreements %v of %d, want %v of %v", m.Mineral.ID, s.Country.ID, ids, s.AgreementCount, want, shared[s.Country.ID])
			}
		}
	}
	if !partners["CA"] || !partners["JP"] || partners["CN"] {
		t.Errorf("gallium's import sources as MSP partners: %v; want Canada and Japan, not China", partners)
	}
}

// sharedAgreements is, by country, the agreements of the seed data the country and home
// are both parties to, ordered by name then id.
func sharedAgreements(t *testing.T, home string) map[string][]string {
	ds, problems := seed.LoadEmbedded()
	if len(problems) > 0 {
		t.Fatalf("seed data: %v", problems)
	}
	names := map[string]string{}
	for _, n := range ds.Nodes {
		if n.Type == "Agreement" {
			names[n.ID], _ = n.Props["name"].(string)
		}
	}
	parties := map[string][]string{}
	for _, r := range ds.Relations {
		if r.Type == "PARTY_TO" && r.FromType == "Country" && !slices.Contains(parties[r.To], r.From) {
			parties[r.To] = append(parties[r.To], r.From)
		}
	}
	out := map[string][]string{}
	for a, cs := range parties {
		if slices.Contains(cs, home) {
			for _, c := range cs {
				out[c] = append(out[c], a)
			}
		}
	}
	for _, as := range out {
		slices.SortFunc(as, func(a, b string) int { return cmp.Or(cmp.Compare(names[a], names[b]), cmp.Compare(a, b)) })
	}
	return out
}

// 2024 world tungsten mine production without China (MCS 2026), from the file's rows.
func disruptionAgainstFiles(t *testing.T, h *testenv.Server) {
	var tungsten *supplyGroup
	for _, g := range supplyGroups(readUSGSProduction(t, map[int]bool{2024: true})) {
		if g.edition == "MCS2026" && g.mineral == "tungsten" && g.stage == "MINING" {
			tungsten = g
		}
	}
	if tungsten == nil || tungsten.world == nil {
		t.Fatal("no 2024 tungsten mine production in the files")
	}
	rest := *tungsten.world - tungsten.countries["CN"]
	var shares []float64
	top, topShare := "", 0.0
	for c, v := range tungsten.countries {
		if c != "CN" {
			shares = append(shares, 100*v/rest)
			if 100*v/rest > topShare {
				top, topShare = c, 100*v/rest
			}
		}
	}
	hhi, _ := concentrationOf(shares)
	resp := h.Post(t, `{ disruption(supplier: "CN", mineral: "tungsten", stage: MINING, year: 2024) {
		lost { share } remainingTotal remainingHhi remainingTop { country { id } share } importersAtStake { country { id } } } }`, nil)
	var got struct {
		Disruption struct {
			Lost           struct{ Share float64 }
			RemainingTotal float64
			RemainingHhi   float64
			RemainingTop   struct {
				Country struct{ ID string }
				Share   float64
			}
			ImportersAtStake []struct{ Country struct{ ID string } }
		}
	}
	if err := json.Unmarshal(resp.Data, &got); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%v %+v", err, resp.Errors)
	}
	d := got.Disruption
	if math.Abs(d.Lost.Share-100*tungsten.countries["CN"]/(*tungsten.world)) > 0.05 || d.RemainingTotal != rest ||
		math.Abs(d.RemainingHhi-hhi) > 0.5 || d.RemainingTop.Country.ID != top || math.Abs(d.RemainingTop.Share-topShare) > 0.05 {
		t.Errorf("got %+v; want %.0f remaining, HHI %.2f, %s on top with %.3f", d, rest, hhi, top, topShare)
	}
	if len(d.ImportersAtStake) == 0 || d.ImportersAtStake[0].Country.ID != "US" {
		t.Errorf("importers at stake %+v, want the United States", d.ImportersAtStake)
	}
}

func supplyRefusals(t *testing.T, h *testenv.Server) {
	for _, c := range []struct{ query, code, says string }{
		{`{ supply(mineral: "copper") { hhi } }`, "BAD_USER_INPUT", "several stages"},
		{`{ supply(mineral: "mica", year: 2024) { hhi } }`, "BAD_USER_INPUT", `"mica (scrap and flake): production" (no stage), "mica (sheet): mine production" (MINING)`},
		{`{ supply(mineral: "mica", stage: MINING, series: "mica (scrap and flake): production") { hhi } }`, "BAD_USER_INPUT", "has no series"},
		{`{ supply(mineral: "mica", metric: RESERVES) { hhi } }`, "BAD_USER_INPUT", `"mica (scrap and flake): reserves", "mica (sheet): reserves"`},
		{`{ supply(mineral: "titanium-mineral-concentrates", stage: MINING, year: 2024) { hhi } }`, "BAD_USER_INPUT", "mine production: ilmenite"},
		{`{ supply(mineral: "titanium-mineral-concentrates", stage: MINING, year: 2024, series: "mine production: iron") { hhi } }`, "BAD_USER_INPUT", "has no series"},
		{`{ supply(mineral: "nickel", stage: MINING, series: "refinery production") { hhi } }`, "BAD_USER_INPUT", "has no series"},
		{`{ supply(mineral: "unobtainium") { hhi } }`, "NOT_FOUND", "no mineral"},
		{`{ supply(mineral: "nickel", stage: MINING, year: 1990) { hhi } }`, "NOT_FOUND", "no production figures"},
		// USGS publishes graphite's figures as natural graphite's (seed: natural-graphite is
		// part of graphite): the refusal names it; nickel's has no part to name.
		{`{ supply(mineral: "graphite") { hhi } }`, "NOT_FOUND", `no production figures for graphite; its parts with such figures: "natural-graphite" (ask`},
		{`{ supply(mineral: "graphite", metric: RESERVES) { hhi } }`, "NOT_FOUND", `no reserves figures for graphite; its parts with such figures: "natural-graphite"`},
		{`{ coverage(mineral: "graphite", stage: MINING, of: { partnership: "msp" }) { share } }`, "NOT_FOUND", `its parts with such figures: "natural-graphite"`},
		{`{ disruption(supplier: "CN", mineral: "graphite", stage: MINING) { remainingHhi } }`, "NOT_FOUND", `its parts with such figures: "natural-graphite"`},
		{`{ supply(mineral: "graphite", year: 1990) { hhi } }`, "NOT_FOUND", `no production figures for graphite (year 1990)`},
		{`{ supply(mineral: "nickel", year: 3000) { hhi } }`, "BAD_USER_INPUT", "year"},
		{`{ concentration(limit: 0) { year } }`, "BAD_USER_INPUT", "limit"},
		{`{ disruption(supplier: "QQ", mineral: "tungsten", stage: MINING) { remainingHhi } }`, "NOT_FOUND", "no country"},
		{`{ disruption(supplier: "CN", mineral: "copper") { remainingHhi } }`, "BAD_USER_INPUT", "several stages"},
		{`{ dependency(country: "QQ") { year } }`, "NOT_FOUND", "no country"},
		{`{ dependency(country: "FR") { year } }`, "NOT_FOUND", "no net import reliance"},
		{`{ dependency(moreThan: 120) { year } }`, "BAD_USER_INPUT", "moreThan"},
		{`{ dependency(asOf: "2025") { year } }`, "BAD_USER_INPUT", "partnership"},
		{`{ dependency(agreementLimit: 1001) { year } }`, "BAD_USER_INPUT", "agreementLimit"},
		{`{ coverage(mineral: "cobalt", stage: MINING, of: { partnership: "nope" }) { share } }`, "NOT_FOUND", "no partnership"},
		{`{ coverage(mineral: "cobalt", stage: MINING, of: { countries: ["AU", "ZZ"] }) { share } }`, "BAD_USER_INPUT", "ZZ"},
		{`{ coverage(mineral: "cobalt", stage: MINING, of: { }) { share } }`, "BAD_USER_INPUT", "either"},
		{`{ coverage(mineral: "cobalt", stage: MINING, of: { countries: ["AU"], asOf: "2025" }) { share } }`, "BAD_USER_INPUT", "asOf"},
		{`{ concentration(year: 1990) { year } }`, "NOT_FOUND", "no production figures"},
	} {
		resp := h.Post(t, c.query, nil)
		if len(resp.Errors) != 1 || resp.Code() != c.code || !strings.Contains(resp.Errors[0].Message, c.says) {
			t.Errorf("%s: got %+v, want %s saying %q", c.query, resp.Errors, c.code, c.says)
		}
		if len(resp.Errors) == 1 && !strings.Contains(c.says, "its parts") && strings.Contains(resp.Errors[0].Message, "its parts") {
			t.Errorf("%s: %q names parts it should not", c.query, resp.Errors[0].Message)
		}
	}
}

// The analytic and explore fields are nullable: a client asking several in one query
// loses only the one that fails (GraphQL nulls the nearest nullable parent: with
// non-null fields, the whole data).
func failingFieldBesideOthers(t *testing.T, h *testenv.Server) {
	const good = `supply(mineral: "natural-graphite", stage: MINING) { hhi }`
	var alone struct{ Supply struct{ HHI float64 } }
	h.Data(t, "{ "+good+" }", nil, &alone)
	resp := h.Post(t, `{ bad: supply(mineral: "graphite") { hhi } good: `+good+`
		lost: neighborhood(id: "no-such-entity") { nodes { id } } paths(from: "US", to: "US") { length } }`, nil)
	var data struct {
		Bad, Lost, Paths *json.RawMessage
		Good             *struct{ HHI float64 }
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatalf("HTTP %d, data %.500s: %v", resp.Status, resp.Data, err)
	}
	if data.Good == nil || data.Good.HHI != alone.Supply.HHI {
		t.Errorf("good: %+v, want the answer it has alone (hhi %v)", data.Good, alone.Supply.HHI)
	}
	if data.Bad != nil || data.Lost != nil || data.Paths != nil {
		t.Errorf("the failing fields are not null: %s", resp.Data)
	}
	paths := map[string]string{}
	for _, e := range resp.Errors {
		if len(e.Path) == 1 {
			paths[fmt.Sprint(e.Path[0])] = e.Code()
		}
	}
	want := map[string]string{"bad": "NOT_FOUND", "lost": "NOT_FOUND", "paths": "BAD_USER_INPUT"}
	if !reflect.DeepEqual(paths, want) || len(resp.Errors) != len(want) {
		t.Errorf("errors %+v, want one per failing field with its path and code: %v", resp.Errors, want)
	}
}

// Each analytic query is one statement; the provenance it asks for is one more.
func analyticsRoundTrips(t *testing.T, h *testenv.Server) {
	for _, c := range []struct {
		query string
		want  float64
	}{
		{`{ supply(mineral: "nickel", stage: MINING, year: 2024) { hhi shares { share country { name } measurements { id } } } }`, 1},
		{`{ supply(mineral: "nickel", stage: MINING, year: 2024) { hhi shares { measurements { provenance { locator } } } } }`, 2},
		{`{ concentration(limit: 100) { minerals { mineral { name } hhi top { country { name } measurements { id } } } } }`, 1},
		{`{ coverage(mineral: "cobalt", stage: MINING, of: { partnership: "msp" }) { share members { name } contributing { country { id } } largestNonMember { share } } }`, 1},
		{`{ dependency(partnership: "msp") { minerals { mineral { name } reliance importSources { country { name } partner agreements { name } } } } }`, 1},
		{`{ disruption(supplier: "CN", mineral: "rare-earths", stage: MINING) { remaining { share } remainingTop { country { name } } importersAtStake { share }
			projects { name } financings { financier { name } financing { amount } } agreements { name } policies { name } } }`, 1},
	} {
		resp := h.Post(t, c.query, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: %+v", c.query, resp.Errors)
		}
		if n, _ := resp.Extensions["cypherRoundTrips"].(float64); n != c.want {
			t.Errorf("%s: %v round trips, want %v", c.query, n, c.want)
		}
	}
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}
