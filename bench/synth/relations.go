package synth

import (
	"fmt"
	"math"
)

// The relationships of the synthetic graph, type by type.

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
