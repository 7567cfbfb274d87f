package usgs

import (
	"regexp"
	"strings"
)

// The columns of the World Data layout, by position.
const (
	wdSource = iota
	wdCommodity
	wdCountry
	wdType
	wdUnit
	wdProd1
	wdProd2
	wdProdNotes
	wdCap1
	wdCap2
	wdCapNotes
	wdReserves
	wdReserveNotes
)

var (
	sourcePattern = regexp.MustCompile(`^MCS\d{4}$`)
	// withheldNote is how the World Data layout marks withheld production: the cells are
	// empty and PROD_NOTES says "W for 23-24".
	withheldNote = regexp.MustCompile(`\bW for \d\d-\d\d\b`)
	// reserveUnitNotes name the unit of a row's reserves when it is not UNIT_MEAS.
	reserveUnitNotes = regexp.MustCompile(`(?i)(thousand metric tons|million metric tons)`)
)

// withheldCommodities publish every value empty because all of them are withheld: the
// source README says so of germanium ("Gemanium"), whose chapter reports world
// production as W.
var withheldCommodities = map[string]bool{"Gemanium": true}

// pendingUnit is a record whose row has no unit: it takes the unit the other rows of its
// commodity and TYPE share, or is a problem if they do not share one.
type pendingUnit struct {
	index int
	typ   string
}

func (p *parser) worldDataRow(line int, raw string, c []string) {
	f := p.file
	source := clean(c[wdSource])
	if !sourcePattern.MatchString(source) {
		p.problem(line, "SOURCE", "%q is not an MCS edition (MCS<year>)", c[wdSource])
		return
	}
	if f.Edition == "" {
		f.Edition = source
	} else if source != f.Edition {
		p.problem(line, "SOURCE", "%q differs from the edition of the first row, %s", source, f.Edition)
		return
	}
	commodity, typ := clean(c[wdCommodity]), clean(c[wdType])
	mineral, country, ok := p.lookup(line, [2]string{"COMMODITY", "COUNTRY"}, commodity, typ, c[wdCountry])
	if !ok {
		return
	}
	years := worldDataHeader.FindStringSubmatch(p.headerLine)
	prodNotes, capNotes, resNotes := clean(c[wdProdNotes]), clean(c[wdCapNotes]), clean(c[wdReserveNotes])
	typeEstimated := strings.Contains(strings.ToLower(typ), "estimated")
	cells := []struct {
		column    string
		col       int
		metric    Metric
		year      string
		estimated bool
		note      string
	}{
		{"PROD_" + years[1], wdProd1, Production, years[1], typeEstimated || strings.Contains(prodNotes, "estimated "+years[1]), prodNotes},
		{"PROD_EST_ " + years[2], wdProd2, Production, years[2], true, prodNotes},
		{"CAP_" + years[3], wdCap1, Capacity, years[3], typeEstimated || strings.EqualFold(capNotes, "estimated"), capNotes},
		{"CAP_EST_ " + years[4], wdCap2, Capacity, years[4], true, capNotes},
		{"RESERVES_" + years[5], wdReserves, Reserves, years[5], false, resNotes},
	}
	unit := clean(c[wdUnit])
	spelt, spellNote := spelling(commodity)
	for _, cell := range cells {
		r := Record{
			File: f.Name, Line: line, Row: raw, Edition: f.Edition,
			Commodity: spelt, MineralID: mineral, Country: clean(c[wdCountry]),
			CountryID: country.ID, Aggregate: country.Aggregate,
			Metric: cell.metric, Stage: stageOf(cell.metric, typ), StageDetail: withDetail(typ, country.Detail),
			Unit: unit, Estimated: cell.estimated, Year: atoi(cell.year), Note: strings.TrimSpace(cell.note + " " + spellNote),
		}
		if cell.metric == Reserves {
			if m := reserveUnitNotes.FindString(resNotes); m != "" {
				r.Unit = strings.ToLower(m)
				p.reserveUnits[commodity+"|"+typ] = r.Unit
			}
		}
		raw := strings.TrimSpace(c[cell.col])
		if raw == "" {
			withheld := cell.metric == Production && (withheldNote.MatchString(prodNotes) || withheldCommodities[commodity])
			if !withheld {
				f.Skipped[SkipEmptyCell2025]++
				continue
			}
			r.Qualifier = Withheld
		} else {
			v, err := parseValue(raw)
			if err != nil {
				p.problem(line, cell.column, "%v", err)
				continue
			}
			if v.qualitative {
				if cell.metric != Reserves {
					p.problem(line, cell.column, "%q: words are read only as reserves", raw)
				} else {
					f.Skipped[SkipQualitative]++
				}
				continue
			}
			r.Value, r.ValueMax, r.Qualifier = v.v, v.max, v.qualifier
		}
		if r.Unit == "" {
			p.pending = append(p.pending, pendingUnit{index: len(f.Records), typ: typ})
		} else if err := canonical(&r); err != nil {
			p.problem(line, "UNIT_MEAS", "%v", err)
			continue
		}
		if cell.metric == Reserves && r.Unit == clean(c[wdUnit]) {
			p.reserveRows = append(p.reserveRows, pendingUnit{index: len(f.Records), typ: commodity + "|" + typ})
		}
		f.Records = append(f.Records, r)
	}
}

// inheritUnits gives the records of rows without a unit the one unit the other rows of
// their commodity and TYPE share, and says so in their note.
func (p *parser) inheritUnits() {
	for _, pu := range p.pending {
		r := &p.file.Records[pu.index]
		set := map[string]bool{}
		for _, other := range p.file.Records {
			if other.Commodity == r.Commodity && strings.HasPrefix(other.StageDetail, pu.typ) && other.Unit != "" && other.Metric != Reserves {
				set[other.Unit] = true
			}
		}
		if len(set) != 1 {
			p.problem(r.Line, "UNIT_MEAS", "empty, and the other rows of %s, %q do not share one unit to take", r.Commodity, pu.typ)
			continue
		}
		for u := range set {
			r.Unit = u
		}
		r.Note = strings.TrimSpace(r.Note + " [unit not published in this row: taken from the other rows of the same commodity and TYPE]")
		if err := canonical(r); err != nil {
			p.problem(r.Line, "UNIT_MEAS", "%v", err)
		}
	}
}

// noteReserveUnits gives the reserves of a commodity and TYPE the unit a reserves note
// names on another of its rows: USGS prints "(Reserve data is thousand metric tons)" on
// some molybdenum and vanadium rows only, though the whole column is in that unit (MCS
// 2025: China's molybdenum 5,900 of a world 15,000 thousand tons).
func (p *parser) noteReserveUnits() {
	for _, pr := range p.reserveRows {
		unit, ok := p.reserveUnits[pr.typ]
		if r := &p.file.Records[pr.index]; ok && r.Unit != unit {
			r.Unit = unit
			r.Note = strings.TrimSpace(r.Note + " [reserves unit from the note of the other rows of the same commodity and TYPE: " + unit + "]")
			if err := canonical(r); err != nil {
				p.problem(r.Line, "RESERVE_NOTES", "%v", err)
			}
		}
	}
}

func withDetail(wording, detail string) string {
	if detail == "" {
		return wording
	}
	return wording + "; " + detail
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
