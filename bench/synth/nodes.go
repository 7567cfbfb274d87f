package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The nodes of the synthetic graph, type by type.

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
