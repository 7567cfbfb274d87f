package synth

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Synthetic USGS figures: Measurement nodes shaped exactly as `mineralgraph import usgs`
// writes the Mineral Commodity Summaries (seed/usgs.go, addUSGSRecord), so the analytics
// (graph/store/analytics*.go) read them as they read the real releases: per mineral and
// edition, production by country for two years and each stage, with the WORLD total and
// OTHER_COUNTRIES rows, withheld (W) figures, reserves and some refinery capacity; the
// United States' net import reliance (five years, one or two forms) and its import
// sources over a period. One edition per unit of scale, edition k being MCS(2026-k):
// the history a query must skip to find the latest figures grows with the scale.

// usgsProfile is what stays the same from edition to edition for one mineral.
type usgsProfile struct {
	mineral    int
	stages     []string
	producers  []int     // country ranks, largest producer first
	weights    []float64 // relative sizes, decreasing
	usWithheld bool
	capacity   bool
	base       float64 // world production of the latest year, in the canonical unit
	other      float64 // "Other countries" share of the world total
	unit       [2]string
	forms      []string
	reliance   float64 // percent; -1: net exporter
}

// usgsGroups are the mineral groups USGS publishes no table for.
var usgsGroups = map[string]bool{"critical-minerals": true, "battery-minerals": true, "light-rare-earths": true, "heavy-rare-earths": true}

var usgsProcessed = map[string]bool{"lithium-hydroxide": true, "lithium-carbonate": true, "nickel-sulphate": true,
	"cobalt-sulphate": true, "active-anode-material": true, "ndfeb-magnets": true}

var usgsKilograms = map[string]bool{"gallium": true, "germanium": true, "indium": true}

func (g *Generator) usgsProfiles() []usgsProfile {
	var out []usgsProfile
	for i, m := range minerals {
		if usgsGroups[m.id] {
			continue
		}
		r := g.rng(tagUSGS, i)
		p := usgsProfile{mineral: i, unit: [2]string{"metric tons", "t"}}
		if usgsKilograms[m.id] {
			p.unit = [2]string{"kilograms", "kg"}
		}
		switch {
		case usgsProcessed[m.id]:
			p.stages = []string{"PROCESSING"}
		case r.IntN(5) < 2:
			p.stages = []string{"MINING", "REFINING"}
			p.capacity = r.IntN(2) == 0
		default:
			p.stages = []string{"MINING"}
		}
		n := 3 + r.IntN(14)
		seen := map[int]bool{}
		for len(p.producers) < n {
			if c := zipf(r, g.cdfCountries); !seen[c] {
				seen[c] = true
				p.producers = append(p.producers, c)
			}
		}
		skew := 0.8 + 1.2*r.Float64()
		for j := range p.producers {
			p.weights = append(p.weights, math.Pow(float64(j+1), -skew))
		}
		p.usWithheld = seen[1] && r.IntN(3) == 0
		p.base = math.Pow(10, 2+5*r.Float64())
		p.other = 0.02 + 0.1*r.Float64()
		p.forms = []string{""}
		if r.IntN(8) == 0 {
			p.forms = []string{"Compounds and metals", "Mineral concentrates"}
		}
		p.reliance = 100 * r.Float64()
		if r.IntN(7) == 0 {
			p.reliance = -1
		}
		out = append(out, p)
	}
	return out
}

// usgsEditions is the number of synthetic editions: one per unit of scale.
func (g *Generator) usgsEditions() int { return g.Scale }

// USGSEdition is the name of synthetic edition k (0 is the latest, MCS2026).
func USGSEdition(k int) string { return fmt.Sprintf("MCS%d", 2026-k) }

// usgsSourceID is the Source of edition k's figures.
func usgsSourceID(k int) string { return "synthetic-usgs-" + strings.ToLower(USGSEdition(k)) }

// usgsFigure is one Measurement with the country it is about and, for an import source,
// the country the imports come from.
type usgsFigure struct {
	id          string
	props       map[string]any
	mineral     string
	about, from string // country ids; about "" for an aggregate of a world table
}

// sig rounds v to n significant digits, as USGS publishes.
func sig(v float64, n int) float64 {
	if v <= 0 {
		return 0
	}
	d := math.Pow(10, float64(n)-math.Ceil(math.Log10(v)))
	return math.Round(v*d) / d
}

var stageWords = map[string]string{"MINING": "Mine", "REFINING": "Refinery", "PROCESSING": "Plant", "SMELTING": "Smelter"}

// usgsFigures calls fn with every figure of profile p in edition k, in a fixed order.
func (g *Generator) usgsFigures(k int, p *usgsProfile, fn func(usgsFigure)) {
	ed := 2026 - k
	edition := USGSEdition(k)
	m := minerals[p.mineral]
	r := g.rng(tagUSGS, 1<<20|k<<8|p.mineral)
	seq := 0
	emit := func(metric, stage, detail string, year int, value *float64, qualifier, aggregate, about, from, where string, extra map[string]any) {
		seq++
		id := fmt.Sprintf("synthetic-%s-%s-%03d", strings.ToLower(edition), m.id, seq)
		unit, canon := p.unit[0], p.unit[1]
		if metric == "NET_IMPORT_RELIANCE" || metric == "IMPORT_SOURCE_SHARE" {
			unit, canon = "percent", "%"
		}
		when := fmt.Sprint(year)
		if per, ok := extra["period"]; ok {
			when = per.(string)
		}
		shown := "W"
		if value != nil {
			shown = fmt.Sprint(*value)
		}
		row := fmt.Sprintf("%s,%s,%s,%s,%s,%s,%s", m.name, where, metric, detail, unit, when, shown)
		props := map[string]any{
			"name":    fmt.Sprintf("%s, %s: %s %s (%s)", m.name, where, strings.ToLower(strings.ReplaceAll(metric, "_", " ")), when, edition),
			"aliases": []string{}, "metric": metric, "qualifier": qualifier, "unit": unit, "canonicalUnit": canon,
			"estimated": year == ed-1, "year": int64(year), "edition": edition, "commodity": m.name, "stageDetail": detail,
			"sources": []string{usgsSourceID(k)}, "quotes": []string{row},
			"locators": []string{fmt.Sprintf("SYNTHETIC_%s.csv:%d", edition, seq)},
		}
		if value != nil {
			props["value"], props["canonicalValue"] = *value, *value
		}
		if aggregate != "" {
			props["aggregate"] = aggregate
		}
		if stage != "" {
			props["stage"] = stage
		}
		for key, v := range extra {
			props[key] = v
		}
		fn(usgsFigure{id: id, props: props, mineral: m.id, about: about, from: from})
	}
	table := func(metric, stage, detail string, year int, total float64) {
		sum := 0.0
		for j, c := range p.producers {
			if CountryID(c) == "US" && p.usWithheld && metric != "RESERVES" {
				emit(metric, stage, detail, year, nil, "WITHHELD", "", "US", "", countries[c][1], nil)
				continue
			}
			v := sig(total*p.weights[j]*(0.85+0.3*r.Float64()), 3)
			sum += v
			emit(metric, stage, detail, year, &v, "EXACT", "", CountryID(c), "", countries[c][1], nil)
		}
		other := sig(sum*p.other/(1-p.other), 2)
		world := sig(sum+other, 2)
		emit(metric, stage, detail, year, &other, "EXACT", "OTHER_COUNTRIES", "", "", "Other countries", nil)
		emit(metric, stage, detail+": rounded", year, &world, "EXACT", "WORLD", "", "", "World total", nil)
	}
	size := p.base * math.Pow(1.04, -float64(k))
	for _, stage := range p.stages {
		detail := stageWords[stage] + " production"
		for y := ed - 2; y <= ed-1; y++ {
			table("PRODUCTION", stage, detail, y, size*math.Pow(1.04, float64(y-ed+1)))
		}
		if stage == "REFINING" && p.capacity {
			table("CAPACITY", stage, "Refinery capacity", ed-1, size*1.3)
		}
	}
	table("RESERVES", "", "Reserves", ed-1, size*40)
	for _, form := range p.forms {
		detail := "Net import reliance as a percentage of apparent consumption"
		if form != "" {
			detail += ": " + form
		}
		for y := ed - 5; y <= ed-1; y++ {
			level := p.reliance + 10*(r.Float64()-0.5)
			switch {
			case p.reliance < 0:
				emit("NET_IMPORT_RELIANCE", "", detail, y, nil, "NET_EXPORTER", "", "US", "", "United States", nil)
			case level > 95:
				v := 95.0
				emit("NET_IMPORT_RELIANCE", "", detail, y, &v, "OVER", "", "US", "", "United States", nil)
			case level < 25 && y%2 == 0:
				v := 25.0
				emit("NET_IMPORT_RELIANCE", "", detail, y, &v, "UNDER", "", "US", "", "United States", nil)
			default:
				v := math.Round(max(level, 0))
				emit("NET_IMPORT_RELIANCE", "", detail, y, &v, "EXACT", "", "US", "", "United States", nil)
			}
		}
	}
	if p.reliance < 0 {
		return // a net exporter: USGS lists no import sources
	}
	period := fmt.Sprintf("%d–%02d", ed-5, (ed-2)%100)
	for _, form := range p.forms {
		detail := "All"
		if form != "" {
			detail = form
		}
		n := 2 + r.IntN(4)
		var srcs []int
		seen := map[int]bool{1: true} // not the United States itself
		for len(srcs) < n {
			if c := zipf(r, g.cdfCountries); !seen[c] {
				seen[c] = true
				srcs = append(srcs, c)
			}
		}
		ws := make([]float64, n)
		sum := 0.0
		for j := range ws {
			ws[j] = r.Float64() + 0.1
			sum += ws[j]
		}
		sort.Sort(sort.Reverse(sort.Float64Slice(ws)))
		other := float64(2 + r.IntN(9))
		left := 100 - other
		extra := map[string]any{"yearFrom": int64(ed - 5), "period": period}
		for j, c := range srcs {
			v := math.Round(ws[j] / sum * (100 - other))
			if j == n-1 {
				v = max(left, 0)
			}
			left -= v
			emit("IMPORT_SOURCE_SHARE", "", detail, ed-2, &v, "EXACT", "", "US", CountryID(c), "United States from "+countries[c][1], extra)
		}
		emit("IMPORT_SOURCE_SHARE", "", detail, ed-2, &other, "EXACT", "OTHER_COUNTRIES", "US", "", "United States from Other countries", extra)
	}
}

// usgs emits the figures' nodes (nodes) or their relationships (!nodes).
func (e *emit) usgs(nodes bool) {
	profiles := e.g.usgsProfiles()
	for k := range e.g.usgsEditions() {
		for i := range profiles {
			e.g.usgsFigures(k, &profiles[i], func(f usgsFigure) {
				if nodes {
					e.node("Measurement", f.id, f.props, nil)
					return
				}
				prov := func() map[string]any {
					return map[string]any{"sources": f.props["sources"], "quotes": f.props["quotes"], "locators": f.props["locators"]}
				}
				e.rel("INVOLVES_MINERAL", "Measurement", f.id, "Mineral", f.mineral, "", prov(), nil)
				if f.about != "" {
					e.rel("ABOUT", "Measurement", f.id, "Country", f.about, "", prov(), nil)
				}
				if f.from != "" {
					e.rel("RELATIVE_TO", "Measurement", f.id, "Country", f.from, "", prov(), nil)
				}
			})
		}
	}
}

func (e *emit) usgsNodes()     { e.usgs(true) }
func (e *emit) usgsRelations() { e.usgs(false) }

// usgsSources emits the Source of each synthetic edition.
func (e *emit) usgsSources() {
	for k := range e.g.usgsEditions() {
		id := usgsSourceID(k)
		title := fmt.Sprintf("Synthetic Mineral Commodity Summaries %d data release", 2026-k)
		e.node("Source", id, map[string]any{
			"title": title, "url": "https://example.org/synthetic/" + strings.ToLower(USGSEdition(k)),
			"publisher": "Synthetic Geological Survey", "published": fmt.Sprint(2026 - k), "evidence": "DATA_ROW",
			"sources": []string{id}, "quotes": []string{title},
		}, nil)
	}
}
