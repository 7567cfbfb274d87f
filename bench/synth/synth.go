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

// EstimatedRows is a cheap estimate of nodes + relationships, for progress bars: within
// 0.1 % from scale 10 up (456,608 at 10 and 4,561,629 at 100 for seed 1; 37,313 at 1).
func (g *Generator) EstimatedRows() int { return 45_611*g.Scale + 498 }

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
