// Package synth generates a deterministic synthetic knowledge graph in the model of
// schema/model.graphqls, for benchmarks: all ISO countries, ~60 minerals with their
// PART_OF hierarchy, organisations of every kind, projects at every stage, financings
// with instrument, amount, currency and date, agreements, partnerships with dated
// memberships, policies, events and measurements over years. Degrees follow power laws
// (China, the United States, the DFC, JOGMEC and the MSP are hubs; most nodes have a few
// relationships), and every node and relationship cites a synthetic Source.
//
// Scale 1 is about 10,000 nodes and 25,000 relationships; both grow linearly with the
// scale (10 ≈ 100k nodes, 100 ≈ 1M). The same scale and seed give the same graph, byte
// for byte: every entity draws from its own random stream, so the output does not
// depend on batch sizes or on the order in which it is consumed.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Per unit of scale: how many numbered nodes of each type.
const (
	sourcesPerScale      = 20
	orgsPerScale         = 1500
	projectsPerScale     = 2500
	partnershipsPerScale = 40
	agreementsPerScale   = 300
	policiesPerScale     = 600
	eventsPerScale       = 150
	measurementsPerScale = 4800
)

// Generator produces the graph of one scale and seed.
type Generator struct {
	Scale int
	Seed  uint64

	nSources, nOrgs, nProjects, nPartnerships, nAgreements, nPolicies, nEvents, nMeasurements int

	orgKind    []string // by organisation index
	financiers []int    // organisation indices by kind, hubs first
	companies  []int
	govBodies  []int

	cdfCountries, cdfMinerals, cdfTech, cdfSources, cdfFinanciers, cdfCompanies,
	cdfGov, cdfPartnerships, cdfOrgs, cdfProjects, cdfPolicies, cdfEvents []float64
}

// New returns the generator of scale (≥ 1) and seed.
func New(scale int, seed uint64) *Generator {
	if scale < 1 {
		scale = 1
	}
	g := &Generator{
		Scale: scale, Seed: seed,
		nSources:      5 + sourcesPerScale*scale,
		nOrgs:         orgsPerScale * scale,
		nProjects:     projectsPerScale * scale,
		nPartnerships: partnershipsPerScale * scale,
		nAgreements:   agreementsPerScale * scale,
		nPolicies:     policiesPerScale * scale,
		nEvents:       eventsPerScale * scale,
		nMeasurements: measurementsPerScale * scale,
	}
	g.orgKind = make([]string, g.nOrgs)
	for i := range g.nOrgs {
		kind := ""
		if i < len(namedOrgs) {
			kind = namedOrgs[i].kind
		} else {
			r := g.rng(tagOrgKind, i)
			kind = pickWeighted(r, []string{"COMPANY", "FINANCIER", "GOVERNMENT_BODY", "INDUSTRY_ASSOCIATION",
				"INTERNATIONAL_ORGANIZATION", "RESEARCH_INSTITUTE", "JOINT_VENTURE"},
				[]float64{70, 4, 10, 4, 1, 6, 5})
		}
		g.orgKind[i] = kind
		switch kind {
		case "FINANCIER":
			g.financiers = append(g.financiers, i)
		case "COMPANY", "JOINT_VENTURE":
			g.companies = append(g.companies, i)
		case "GOVERNMENT_BODY":
			g.govBodies = append(g.govBodies, i)
		}
	}
	g.cdfCountries = zipfCDF(len(countries), 1.0)
	g.cdfMinerals = zipfCDF(len(minerals), 0.9)
	g.cdfTech = zipfCDF(len(technologies), 0.8)
	g.cdfSources = zipfCDF(g.nSources, 1.0)
	g.cdfFinanciers = zipfCDF(len(g.financiers), 1.0)
	g.cdfCompanies = zipfCDF(len(g.companies), 0.7)
	g.cdfGov = zipfCDF(len(g.govBodies), 0.9)
	g.cdfPartnerships = zipfCDF(g.nPartnerships, 1.1)
	g.cdfOrgs = zipfCDF(g.nOrgs, 0.8)
	g.cdfProjects = zipfCDF(g.nProjects, 0.5)
	g.cdfPolicies = zipfCDF(g.nPolicies, 0.7)
	g.cdfEvents = zipfCDF(g.nEvents, 0.7)
	return g
}

// Random-stream tags: each (tag, index) pair has a stream of its own.
const (
	tagOrgKind = iota + 1
	tagSource
	tagCountry
	tagMineral
	tagOrg
	tagProject
	tagPartnership
	tagAgreement
	tagPolicy
	tagEvent
	tagMeasurement
	tagFinancing
	tagUSGS
)

func (g *Generator) rng(tag, i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.Seed, uint64(tag)<<48|uint64(i)))
}

// zipfCDF is the cumulative weight of ranks 1..n with weight 1/rank^s.
func zipfCDF(n int, s float64) []float64 {
	cdf := make([]float64, n)
	sum := 0.0
	for i := range n {
		sum += 1 / math.Pow(float64(i+1), s)
		cdf[i] = sum
	}
	return cdf
}

// zipf draws a rank 0..len(cdf)-1 from a power law.
func zipf(r *rand.Rand, cdf []float64) int {
	u := r.Float64() * cdf[len(cdf)-1]
	i := sort.SearchFloat64s(cdf, u)
	if i >= len(cdf) {
		i = len(cdf) - 1
	}
	return i
}

func pickWeighted(r *rand.Rand, items []string, weights []float64) string {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	u := r.Float64() * total
	for i, w := range weights {
		if u < w {
			return items[i]
		}
		u -= w
	}
	return items[len(items)-1]
}

func pick[T any](r *rand.Rand, items []T) T { return items[r.IntN(len(items))] }

// Ids of numbered nodes.

// SourceID is the id of source i.
func SourceID(i int) string { return fmt.Sprintf("synthetic-source-%05d", i) }

// OrgID is the id of organisation i (the named ones first).
func OrgID(i int) string {
	if i < len(namedOrgs) {
		return namedOrgs[i].id
	}
	return fmt.Sprintf("org-%06d", i)
}

// ProjectID is the id of project i.
func ProjectID(i int) string { return fmt.Sprintf("project-%06d", i) }

// PartnershipID is the id of partnership i (the named ones first).
func PartnershipID(i int) string {
	if i < len(namedPartnerships) {
		return namedPartnerships[i][0]
	}
	return fmt.Sprintf("partnership-%05d", i)
}

// AgreementID is the id of agreement i.
func AgreementID(i int) string { return fmt.Sprintf("agreement-%06d", i) }

// PolicyID is the id of policy i.
func PolicyID(i int) string { return fmt.Sprintf("policy-%06d", i) }

// EventID is the id of event i.
func EventID(i int) string { return fmt.Sprintf("event-%06d", i) }

// MeasurementID is the id of measurement i.
func MeasurementID(i int) string { return fmt.Sprintf("measurement-%07d", i) }

// CountryID is the ISO code of country rank i (0 is China, the largest hub).
func CountryID(i int) string { return countries[i][0] }

// MineralID is the id of mineral rank i.
func MineralID(i int) string { return minerals[i].id }

// Counts tells how many nodes and relationships the generator writes.
type Counts struct {
	Nodes, Relations int
	ByType           map[string]int
}

// Count runs the generator without keeping anything and counts what it emits.
func (g *Generator) Count() Counts {
	c := Counts{ByType: map[string]int{}}
	g.Emit(func(n *store.NodeInput, r *store.RelationInput) error {
		if n != nil {
			c.Nodes++
			c.ByType[n.Type]++
		} else {
			c.Relations++
			c.ByType[r.Type]++
		}
		return nil
	})
	return c
}

// EstimatedRows is a cheap estimate of nodes + relationships, for progress bars before
// Count has run.
func (g *Generator) EstimatedRows() int { return 35_500 * g.Scale }

// Batches emits the graph in batches of at most size rows (nodes + relationships):
// every Source first, then the other nodes, then the relationships, so that a batch's
// relationships and provenance only refer to nodes written by it or before it.
func (g *Generator) Batches(size int, fn func(store.Batch) error) error {
	var b store.Batch
	flush := func() error {
		if len(b.Nodes)+len(b.Relations) == 0 {
			return nil
		}
		err := fn(b)
		b = store.Batch{}
		return err
	}
	err := g.Emit(func(n *store.NodeInput, r *store.RelationInput) error {
		if n != nil {
			b.Nodes = append(b.Nodes, *n)
		} else {
			b.Relations = append(b.Relations, *r)
		}
		if len(b.Nodes)+len(b.Relations) >= size {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// emitter receives one node or one relationship at a time.
type emitter func(*store.NodeInput, *store.RelationInput) error

// Emit calls fn with every node (Sources first), then every relationship.
func (g *Generator) Emit(fn func(*store.NodeInput, *store.RelationInput) error) error {
	e := &emit{g: g, fn: fn}
	steps := []func(){
		e.sources, e.usgsSources, e.countries, e.minerals, e.technologies, e.organizations, e.partnerships,
		e.projects, e.agreements, e.policies, e.events, e.measurements, e.usgsNodes,
		e.mineralRelations, e.countryRelations, e.organizationRelations, e.partnershipRelations,
		e.projectRelations, e.agreementRelations, e.policyRelations, e.eventRelations, e.measurementRelations,
		e.usgsRelations,
	}
	for _, step := range steps {
		step()
		if e.err != nil {
			return e.err
		}
	}
	return nil
}

type emit struct {
	g   *Generator
	fn  emitter
	err error
}

func (e *emit) node(typ, id string, props map[string]any, r *rand.Rand) {
	if e.err != nil {
		return
	}
	e.provenance(props, r, typ+" "+id)
	e.err = e.fn(&store.NodeInput{Type: typ, ID: id, Props: props}, nil)
}

func (e *emit) rel(relType, fromType, from, toType, to, key string, props map[string]any, r *rand.Rand) {
	if e.err != nil {
		return
	}
	if props == nil {
		props = map[string]any{}
	}
	e.provenance(props, r, from+" "+relType+" "+to)
	e.err = e.fn(nil, &store.RelationInput{Type: relType, From: from, FromType: fromType, To: to, ToType: toType, Key: key, Props: props})
}

// provenance cites one synthetic source (power law: a few sources back most facts).
func (e *emit) provenance(props map[string]any, r *rand.Rand, what string) {
	if _, ok := props["sources"]; ok {
		return
	}
	src := zipf(r, e.g.cdfSources)
	props["sources"] = []string{SourceID(src)}
	props["quotes"] = []string{"Synthetic statement of " + what + "."}
}

// date is a partial date between 2010 and 2025 at year, month or day precision.
func date(r *rand.Rand, from, to int) string {
	y := from + r.IntN(to-from+1)
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d", y)
	case 1:
		return fmt.Sprintf("%d-%02d", y, 1+r.IntN(12))
	}
	return fmt.Sprintf("%d-%02d-%02d", y, 1+r.IntN(12), 1+r.IntN(28))
}

// --- nodes -------------------------------------------------------------------------

func (e *emit) sources() {
	for i := range e.g.nSources {
		r := e.g.rng(tagSource, i)
		props := map[string]any{
			"title":     fmt.Sprintf("Synthetic critical-minerals dataset, part %d", i),
			"url":       fmt.Sprintf("https://example.org/synthetic/%d", i),
			"publisher": pick(r, []string{"Synthetic Statistics Office", "Benchmark Institute", "Example Press"}),
			"published": date(r, 2015, 2025),
			"evidence":  "COMPILED",
			"sources":   []string{SourceID(i)},
			"quotes":    []string{fmt.Sprintf("Synthetic critical-minerals dataset, part %d", i)},
		}
		e.node("Source", SourceID(i), props, r)
	}
}

func (e *emit) countries() {
	for i, c := range countries {
		r := e.g.rng(tagCountry, i)
		props := map[string]any{"name": c[1], "aliases": []string{c[0]}}
		if c[0] == "GL" || c[0] == "HK" || c[0] == "MO" || c[0] == "PR" || c[0] == "AQ" {
			props["territory"] = true
		}
		e.node("Country", c[0], props, r)
	}
}

func (e *emit) minerals() {
	for i, m := range minerals {
		r := e.g.rng(tagMineral, i)
		props := map[string]any{"name": m.name, "aliases": []string{}, "kind": m.kind}
		if m.symbol != "" {
			props["symbol"] = m.symbol
			props["aliases"] = []string{m.symbol}
		}
		e.node("Mineral", m.id, props, r)
	}
}

func (e *emit) technologies() {
	for i, t := range technologies {
		e.node("Technology", t[0], map[string]any{"name": t[1], "aliases": []string{}}, e.g.rng(tagMineral, 1000+i))
	}
}

func (e *emit) orgName(i int) (string, []string) {
	if i < len(namedOrgs) {
		return namedOrgs[i].name, []string{namedOrgs[i].alias}
	}
	r := e.g.rng(tagOrg, i)
	place := pick(r, places)
	switch e.g.orgKind[i] {
	case "FINANCIER":
		return fmt.Sprintf("%s Development Bank %d", place, i), []string{fmt.Sprintf("%cDB%d", place[0], i)}
	case "GOVERNMENT_BODY":
		return fmt.Sprintf("Ministry of Mines of %s %d", countries[zipf(r, e.g.cdfCountries)][1], i), []string{}
	case "INDUSTRY_ASSOCIATION":
		return fmt.Sprintf("%s Minerals Council %d", place, i), []string{}
	case "INTERNATIONAL_ORGANIZATION":
		return fmt.Sprintf("International %s Agency %d", pick(r, companyWords), i), []string{}
	case "RESEARCH_INSTITUTE":
		return fmt.Sprintf("%s Institute of Mineral Studies %d", place, i), []string{}
	case "JOINT_VENTURE":
		return fmt.Sprintf("%s %s Joint Venture %d", place, pick(r, companyWords), i), []string{}
	}
	w := pick(r, companyWords)
	return fmt.Sprintf("%s %s %d", place, w, i), []string{fmt.Sprintf("%c%c%d", place[0], w[0], i)}
}

func (e *emit) organizations() {
	for i := range e.g.nOrgs {
		r := e.g.rng(tagOrg, i)
		name, aliases := e.orgName(i)
		props := map[string]any{"name": name, "aliases": aliases, "kind": e.g.orgKind[i]}
		if r.IntN(4) == 0 {
			props["description"] = fmt.Sprintf("A synthetic %s active in %s.", lowerKind(e.g.orgKind[i]), minerals[zipf(r, e.g.cdfMinerals)].name)
		}
		e.node("Organization", OrgID(i), props, r)
	}
}

func lowerKind(k string) string {
	b := []byte(k)
	for i, c := range b {
		if c == '_' {
			b[i] = ' '
		} else if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func (e *emit) partnerships() {
	for i := range e.g.nPartnerships {
		r := e.g.rng(tagPartnership, i)
		var props map[string]any
		if i < len(namedPartnerships) {
			p := namedPartnerships[i]
			props = map[string]any{"name": p[1], "aliases": []string{}, "kind": p[2]}
			switch p[0] {
			case "msp":
				props["aliases"] = []string{"MSP"}
				props["validFrom"], props["validTo"] = "2022-06-14", "2026-02"
			case "forge":
				props["aliases"] = []string{"FORGE"}
				props["validFrom"] = "2026-02"
			default:
				props["validFrom"] = date(r, 2000, 2024)
			}
		} else {
			kind := pickWeighted(r, []string{"INITIATIVE", "FORUM", "FINANCE_NETWORK", "CONFERENCE", "GROUP"}, []float64{40, 20, 10, 15, 15})
			props = map[string]any{
				"name":      fmt.Sprintf("%s %s %s %d", pick(r, places), minerals[zipf(r, e.g.cdfMinerals)].name, lowerKind(kind), i),
				"aliases":   []string{},
				"kind":      kind,
				"validFrom": date(r, 2005, 2025),
			}
			if r.IntN(5) == 0 {
				props["validTo"] = date(r, 2026, 2030)
			}
		}
		e.node("Partnership", PartnershipID(i), props, r)
	}
}

var stages = []string{"EXPLORATION", "MINING", "REFINING", "MANUFACTURING", "RECYCLING"}
var projectStatuses = []string{"EXPLORATION", "DEVELOPMENT", "CONSTRUCTION", "OPERATING", "SUSPENDED"}

// planted reports whether project i answers the example question by construction
// (REFINING, a graphite-family mineral, supported by the MSP, financed by JOGMEC): about
// one project in a thousand, so the question's answer grows with the scale.
func planted(i int) bool { return i%997 == 13 }

func (e *emit) projectStage(i int, r *rand.Rand) string {
	if planted(i) {
		return "REFINING"
	}
	return pickWeighted(r, stages, []float64{15, 40, 25, 12, 8})
}

func (e *emit) projects() {
	for i := range e.g.nProjects {
		r := e.g.rng(tagProject, i)
		stage := e.projectStage(i, r)
		place := pick(r, places)
		m := minerals[zipf(r, e.g.cdfMinerals)]
		props := map[string]any{
			"name":     fmt.Sprintf("%s %s %s %d", place, m.name, pick(r, features), i),
			"aliases":  []string{},
			"stage":    stage,
			"status":   pickWeighted(r, projectStatuses, []float64{20, 30, 15, 30, 5}),
			"location": place,
		}
		if r.IntN(3) == 0 {
			props["description"] = fmt.Sprintf("A synthetic %s project for %s.", lowerKind(stage), m.name)
		}
		e.node("Project", ProjectID(i), props, r)
	}
}

func (e *emit) agreements() {
	for i := range e.g.nAgreements {
		r := e.g.rng(tagAgreement, i)
		kind := pickWeighted(r, []string{"MOU", "PARTNERSHIP", "DIALOGUE", "WORKING_GROUP", "JOINT_ACTION_PLAN", "FTA", "ARRANGEMENT"},
			[]float64{40, 20, 10, 10, 5, 5, 10})
		props := map[string]any{
			"name":      fmt.Sprintf("%s on %s cooperation %d", kind, minerals[zipf(r, e.g.cdfMinerals)].name, i),
			"aliases":   []string{},
			"kind":      kind,
			"status":    pickWeighted(r, []string{"NEGOTIATING", "SIGNED", "IN_FORCE", "ENDED"}, []float64{10, 40, 40, 10}),
			"validFrom": date(r, 2010, 2025),
		}
		e.node("Agreement", AgreementID(i), props, r)
	}
}

var policyKinds = []string{"LAW", "BILL", "EXECUTIVE_ORDER", "TAX_CREDIT", "TARIFF", "DUTY", "TRADE_INVESTIGATION",
	"STRATEGY", "EXPORT_CONTROL", "EXEMPTION", "FUND", "REGULATION"}

func (e *emit) policies() {
	for i := range e.g.nPolicies {
		r := e.g.rng(tagPolicy, i)
		kind := pick(r, policyKinds)
		props := map[string]any{
			"name":      fmt.Sprintf("%s %s %s %d", countries[zipf(r, e.g.cdfCountries)][1], minerals[zipf(r, e.g.cdfMinerals)].name, lowerKind(kind), i),
			"aliases":   []string{},
			"kind":      kind,
			"status":    pickWeighted(r, []string{"PROPOSED", "PRELIMINARY", "ANNOUNCED", "ONGOING", "IN_FORCE", "ENDED"}, []float64{10, 5, 10, 10, 55, 10}),
			"validFrom": date(r, 2010, 2025),
		}
		e.node("Policy", PolicyID(i), props, r)
	}
}

func (e *emit) events() {
	for i := range e.g.nEvents {
		r := e.g.rng(tagEvent, i)
		kind := pickWeighted(r, []string{"CONFERENCE", "CRISIS", "ELECTION", "ANNOUNCEMENT"}, []float64{50, 10, 10, 30})
		d := date(r, 2010, 2025)
		props := map[string]any{
			"name":      fmt.Sprintf("%s %s %s %d", pick(r, places), lowerKind(kind), d[:4], i),
			"aliases":   []string{},
			"kind":      kind,
			"validFrom": d,
			"location":  pick(r, places),
		}
		e.node("Event", EventID(i), props, r)
	}
}

var metrics = []string{"PRODUCTION_SHARE", "TOP_PRODUCERS_SHARE", "REFINING_SHARE", "RESERVES_SHARE", "CAPACITY_SHARE",
	"IMPORT_DEPENDENCE", "NET_IMPORT_RELIANCE", "MINERAL_COUNT", "PRODUCTION", "DEMAND_GROWTH", "TARIFF_RATE",
	"CREDIT_RATE", "PROJECT_COUNT", "MEMBER_COUNT", "OWNERSHIP_STAKE", "POLICY_BENCHMARK"}

// measurementAbout is what measurement i is about: a type and an index. Shares and
// dependences are about countries; capacities about projects; and so on.
func (e *emit) measurementAbout(r *rand.Rand) (typ string, idx int) {
	switch u := r.IntN(100); {
	case u < 70:
		return "Country", zipf(r, e.g.cdfCountries)
	case u < 80:
		return "Organization", zipf(r, e.g.cdfOrgs)
	case u < 94:
		return "Project", zipf(r, e.g.cdfProjects)
	case u < 97:
		return "Policy", zipf(r, e.g.cdfPolicies)
	case u < 99:
		return "Partnership", zipf(r, e.g.cdfPartnerships)
	}
	return "Technology", zipf(r, e.g.cdfTech)
}

func (e *emit) measurements() {
	for i := range e.g.nMeasurements {
		r := e.g.rng(tagMeasurement, i)
		metric := pickWeighted(r, metrics, []float64{25, 3, 15, 8, 6, 12, 5, 1, 10, 3, 3, 1, 2, 1, 3, 2})
		m := minerals[zipf(r, e.g.cdfMinerals)]
		year := 2000 + r.IntN(31)
		unit, value := "%", math.Round(r.Float64()*1000)/10
		switch metric {
		case "PRODUCTION":
			unit, value = "t", float64(100+r.IntN(500_000))
		case "DEMAND_GROWTH":
			unit, value = "x", math.Round(10+r.Float64()*400)/10
		case "MINERAL_COUNT", "PROJECT_COUNT", "MEMBER_COUNT":
			unit, value = "count", float64(1+r.IntN(60))
		}
		props := map[string]any{
			"name":    fmt.Sprintf("%s of %s, %d (%d)", lowerKind(metric), m.name, year, i),
			"aliases": []string{},
			"metric":  metric,
			"value":   value,
			"unit":    unit,
			"year":    int64(year),
		}
		if r.IntN(4) == 0 {
			props["qualifier"] = pick(r, []string{"EXACT", "APPROXIMATE", "OVER", "UP_TO"})
		}
		if r.IntN(3) == 0 {
			props["stage"] = pick(r, stages)
		}
		e.node("Measurement", MeasurementID(i), props, r)
	}
}

// --- relationships -------------------------------------------------------------------

func fact(r *rand.Rand) map[string]any {
	p := map[string]any{}
	if r.IntN(2) == 0 {
		p["validFrom"] = date(r, 2010, 2025)
	}
	return p
}

func (e *emit) mineralRelations() {
	idx := map[string]int{}
	for i, m := range minerals {
		idx[m.id] = i
	}
	for i, m := range minerals {
		r := e.g.rng(tagMineral, 2000+i)
		for _, p := range m.partOf {
			e.rel("PART_OF", "Mineral", m.id, "Mineral", p, "", map[string]any{}, r)
		}
		// Used in one to four technologies.
		seen := map[int]bool{}
		for range 1 + r.IntN(4) {
			t := zipf(r, e.g.cdfTech)
			if !seen[t] {
				seen[t] = true
				e.rel("USED_IN", "Mineral", m.id, "Technology", technologies[t][0], "", fact(r), r)
			}
		}
	}
}

func (e *emit) countryRelations() {
	for i := range countries {
		r := e.g.rng(tagCountry, 1000+i)
		// Countries depend on a few suppliers, most on China.
		seen := map[int]bool{i: true}
		for range r.IntN(4) {
			c := zipf(r, e.g.cdfCountries)
			if !seen[c] {
				seen[c] = true
				e.rel("DEPENDS_ON", "Country", CountryID(i), "Country", CountryID(c), "", fact(r), r)
			}
		}
	}
}

func (e *emit) organizationRelations() {
	g := e.g
	for i := range g.nOrgs {
		r := g.rng(tagOrg, 1_000_000+i)
		id := OrgID(i)
		country := zipf(r, g.cdfCountries)
		if i < len(namedOrgs) {
			country = countryIndex(namedOrgs[i].country)
		}
		e.rel("BASED_IN", "Organization", id, "Country", CountryID(country), "", fact(r), r)
		kind := g.orgKind[i]
		// A tenth belong to a larger organisation (a subsidiary, a department).
		if i >= len(namedOrgs) && r.IntN(10) == 0 {
			parent := zipf(r, g.cdfOrgs)
			if parent != i {
				e.rel("PART_OF", "Organization", id, "Organization", OrgID(parent), "", fact(r), r)
			}
		}
		switch kind {
		case "FINANCIER":
			if r.IntN(3) == 0 || i < 5 {
				e.rel("MEMBER_OF", "Organization", id, "Partnership", "msp-finance-network", "",
					map[string]any{"role": "MEMBER", "validFrom": date(r, 2023, 2025)}, r)
			}
			if r.IntN(4) == 0 || i < 3 {
				e.rel("SUPPORTS", "Organization", id, "Partnership", PartnershipID(zipf(r, g.cdfPartnerships)), "", fact(r), r)
			}
			// Stakes in companies.
			for k := range r.IntN(3) {
				c := g.companies[zipf(r, g.cdfCompanies)]
				e.rel("FINANCES", "Organization", id, "Organization", OrgID(c), fmt.Sprintf("%d", k),
					map[string]any{"instrument": "EQUITY", "stake": math.Round(r.Float64()*500) / 10,
						"validFrom": date(r, 2010, 2025), "status": "COMMITTED"}, r)
			}
		case "GOVERNMENT_BODY":
			if r.IntN(20) == 0 {
				e.rel("LAUNCHED", "Organization", id, "Partnership", PartnershipID(zipf(r, g.cdfPartnerships)), "", fact(r), r)
			}
		case "COMPANY", "INDUSTRY_ASSOCIATION":
			if r.IntN(30) == 0 {
				e.rel("LOBBIES", "Organization", id, "Country", CountryID(zipf(r, g.cdfCountries)), "", fact(r), r)
			}
			if r.IntN(60) == 0 && len(g.govBodies) > 0 {
				e.rel("LOBBIES", "Organization", id, "Organization", OrgID(g.govBodies[zipf(r, g.cdfGov)]), "", fact(r), r)
			}
		}
		if i == 12 { // the EU is a partner of the MSP
			e.rel("MEMBER_OF", "Organization", id, "Partnership", "msp", "",
				map[string]any{"role": "PARTNER", "validFrom": "2022-06-14", "validTo": "2026-02"}, r)
		}
	}
}

func countryIndex(code string) int {
	for i, c := range countries {
		if c[0] == code {
			return i
		}
	}
	panic("synth: unknown country " + code)
}

func (e *emit) partnershipRelations() {
	g := e.g
	for i := range g.nPartnerships {
		r := g.rng(tagPartnership, 1_000_000+i)
		id := PartnershipID(i)
		seen := map[int]bool{}
		member := func(c int, role, from string, to string) {
			if seen[c] {
				return
			}
			seen[c] = true
			props := map[string]any{"role": role, "validFrom": from}
			if to != "" {
				props["validTo"] = to
			}
			e.rel("MEMBER_OF", "Country", CountryID(c), "Partnership", id, "", props, r)
		}
		switch id {
		case "msp":
			for _, c := range mspFounders {
				member(countryIndex(c), "FOUNDING_PARTNER", "2022-06-14", "2026-02")
			}
			for _, c := range mspPartners {
				member(countryIndex(c), "PARTNER", date(r, 2023, 2024), "2026-02")
			}
		case "forge":
			for _, c := range append(append([]string{}, mspFounders...), mspPartners...) {
				member(countryIndex(c), "FOUNDING_PARTNER", "2026-02", "")
			}
			e.rel("SUCCEEDED_BY", "Partnership", "msp", "Partnership", "forge", "", fact(r), r)
		case "msp-forum", "msp-finance-network":
			e.rel("PART_OF", "Partnership", id, "Partnership", "msp", "", fact(r), r)
		}
		if i >= 2 {
			// Power-law sizes: most partnerships have a handful of members, a few dozens.
			n := 2 + int(3/math.Max(0.04, r.Float64()))
			if n > 60 {
				n = 60
			}
			start := date(r, 2005, 2022)
			for k := range n {
				c := zipf(r, g.cdfCountries)
				role, from, to := "PARTNER", date(r, 2005, 2025), ""
				switch {
				case k < 3:
					role, from = "FOUNDING_PARTNER", start
				case k == 3:
					role = "MEMBER" // a chair is a CHAIRS relation; the synthetic graph has none
				case r.IntN(10) == 0:
					role = "OBSERVER"
				}
				if r.IntN(8) == 0 {
					to = date(r, 2024, 2030)
				}
				member(c, role, from, to)
			}
		}
		for k := range r.IntN(3) {
			e.rel("INVOLVES_MINERAL", "Partnership", id, "Mineral", MineralID(zipf(r, g.cdfMinerals)), fmt.Sprintf("%d", k), fact(r), r)
		}
		if r.IntN(3) == 0 {
			e.rel("ANNOUNCED_AT", "Partnership", id, "Event", EventID(zipf(r, g.cdfEvents)), "", fact(r), r)
		}
		if i >= len(namedPartnerships) && r.IntN(20) == 0 {
			if p := zipf(r, g.cdfPartnerships); p != i {
				e.rel("PART_OF", "Partnership", id, "Partnership", PartnershipID(p), "", fact(r), r)
			}
		}
	}
}

var instruments = []string{"LOAN", "GUARANTEE", "EQUITY", "GRANT", "OFFTAKE", "INSURANCE", "MIXED"}

func (e *emit) projectRelations() {
	g := e.g
	for i := range g.nProjects {
		r := g.rng(tagProject, 1_000_000+i)
		id := ProjectID(i)
		e.rel("LOCATED_IN", "Project", id, "Country", CountryID(zipf(r, g.cdfCountries)), "", fact(r), r)
		e.rel("OPERATES", "Organization", OrgID(g.companies[zipf(r, g.cdfCompanies)]), "Project", id, "", fact(r), r)
		// One or two minerals.
		m1 := zipf(r, g.cdfMinerals)
		if planted(i) {
			m1 = graphiteFamily[i%len(graphiteFamily)]
		}
		e.rel("INVOLVES_MINERAL", "Project", id, "Mineral", MineralID(m1), "", fact(r), r)
		if r.IntN(2) == 0 {
			if m2 := zipf(r, g.cdfMinerals); m2 != m1 {
				e.rel("INVOLVES_MINERAL", "Project", id, "Mineral", MineralID(m2), "", fact(r), r)
			}
		}
		// Financings: most projects have none or one, some several; the DFC and JOGMEC
		// are the hubs.
		n := pickWeighted(r, []string{"0", "1", "2", "3"}, []float64{35, 35, 20, 10})[0] - '0'
		var fins []int
		for range n {
			fins = append(fins, zipf(r, g.cdfFinanciers))
		}
		if planted(i) {
			fins = append(fins, 1) // JOGMEC
		}
		for k, f := range fins {
			fr := g.rng(tagFinancing, i*8+k)
			instrument := pickWeighted(fr, instruments, []float64{45, 15, 15, 10, 8, 4, 3})
			props := map[string]any{
				"instrument": instrument,
				"amount":     math.Round(1+fr.Float64()*9990) / 10, // USD 0.1–1,000 million
				"currency":   "USD million",
				"status":     pickWeighted(fr, []string{"INDICATIVE", "CONDITIONAL", "COMMITTED", "DISBURSED"}, []float64{20, 20, 40, 20}),
				"validFrom":  date(fr, 2012, 2025),
			}
			if fr.IntN(4) == 0 {
				props["qualifier"] = "UP_TO"
			}
			if instrument == "EQUITY" {
				props["stake"] = math.Round(fr.Float64()*500) / 10
			}
			e.rel("FINANCES", "Organization", OrgID(g.financiers[f]), "Project", id, fmt.Sprintf("%d", k), props, fr)
		}
		// Partnerships support a few projects, the MSP most.
		if planted(i) {
			e.rel("SUPPORTS", "Partnership", "msp", "Project", id, "", fact(r), r)
		} else if r.IntN(12) == 0 {
			e.rel("SUPPORTS", "Partnership", PartnershipID(zipf(r, g.cdfPartnerships)), "Project", id, "", fact(r), r)
		}
	}
}

func (e *emit) agreementRelations() {
	g := e.g
	for i := range g.nAgreements {
		r := g.rng(tagAgreement, 1_000_000+i)
		id := AgreementID(i)
		a := zipf(r, g.cdfCountries)
		b := zipf(r, g.cdfCountries)
		if b == a {
			b = (a + 1 + r.IntN(len(countries)-1)) % len(countries)
		}
		e.rel("PARTY_TO", "Country", CountryID(a), "Agreement", id, "", fact(r), r)
		e.rel("PARTY_TO", "Country", CountryID(b), "Agreement", id, "", fact(r), r)
		if r.IntN(8) == 0 {
			e.rel("PARTY_TO", "Organization", OrgID(zipf(r, g.cdfOrgs)), "Agreement", id, "", fact(r), r)
		}
		m1 := zipf(r, g.cdfMinerals)
		e.rel("INVOLVES_MINERAL", "Agreement", id, "Mineral", MineralID(m1), "", fact(r), r)
		if m2 := zipf(r, g.cdfMinerals); m2 != m1 && r.IntN(2) == 0 {
			e.rel("INVOLVES_MINERAL", "Agreement", id, "Mineral", MineralID(m2), "", fact(r), r)
		}
		if r.IntN(10) == 0 {
			e.rel("SUPPORTS", "Agreement", id, "Project", ProjectID(zipf(r, g.cdfProjects)), "", fact(r), r)
		}
	}
}

func (e *emit) policyRelations() {
	g := e.g
	for i := range g.nPolicies {
		r := g.rng(tagPolicy, 1_000_000+i)
		id := PolicyID(i)
		if r.IntN(10) == 0 && len(g.govBodies) > 0 {
			e.rel("ISSUES", "Organization", OrgID(g.govBodies[zipf(r, g.cdfGov)]), "Policy", id, "", fact(r), r)
		} else {
			e.rel("ISSUES", "Country", CountryID(zipf(r, g.cdfCountries)), "Policy", id, "", fact(r), r)
		}
		switch u := r.IntN(20); {
		case u < 4:
			e.rel("TARGETS", "Policy", id, "Country", CountryID(zipf(r, g.cdfCountries)), "", fact(r), r)
		case u < 5:
			e.rel("TARGETS", "Policy", id, "Organization", OrgID(zipf(r, g.cdfOrgs)), "", fact(r), r)
		case u < 7:
			e.rel("TARGETS", "Policy", id, "Technology", technologies[zipf(r, g.cdfTech)][0], "", fact(r), r)
		}
		e.rel("INVOLVES_MINERAL", "Policy", id, "Mineral", MineralID(zipf(r, g.cdfMinerals)), "", fact(r), r)
		if i > 0 && r.IntN(20) == 0 {
			e.rel("PART_OF", "Policy", id, "Policy", PolicyID(r.IntN(i)), "", fact(r), r)
		}
		if i > 0 && r.IntN(20) == 0 {
			e.rel("AMENDS", "Policy", id, "Policy", PolicyID(r.IntN(i)), "", fact(r), r)
		}
	}
}

func (e *emit) eventRelations() {
	g := e.g
	for i := range g.nEvents {
		r := g.rng(tagEvent, 1_000_000+i)
		e.rel("LOCATED_IN", "Event", EventID(i), "Country", CountryID(zipf(r, g.cdfCountries)), "", fact(r), r)
	}
}

func (e *emit) measurementRelations() {
	g := e.g
	for i := range g.nMeasurements {
		r := g.rng(tagMeasurement, 1_000_000+i)
		id := MeasurementID(i)
		typ, idx := e.measurementAbout(r)
		var to string
		switch typ {
		case "Country":
			to = CountryID(idx)
		case "Organization":
			to = OrgID(idx)
		case "Project":
			to = ProjectID(idx)
		case "Policy":
			to = PolicyID(idx)
		case "Partnership":
			to = PartnershipID(idx)
		case "Technology":
			to = technologies[idx][0]
		}
		e.rel("ABOUT", "Measurement", id, typ, to, "", map[string]any{}, r)
		e.rel("INVOLVES_MINERAL", "Measurement", id, "Mineral", MineralID(zipf(r, g.cdfMinerals)), "", map[string]any{}, r)
		if typ == "Country" && r.IntN(8) == 0 {
			e.rel("RELATIVE_TO", "Measurement", id, "Country", CountryID(zipf(r, g.cdfCountries)), "", map[string]any{}, r)
		}
	}
}
