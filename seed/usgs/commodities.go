package usgs

import (
	"regexp"
	"strings"
)

// The columns of the Commodities Data layout, by position.
const (
	cdChapter = iota
	cdSection
	cdCommodity
	cdCountry
	cdStatistics
	cdDetail
	cdUnit
	cdYear
	cdValue
	cdNotes
	cdCritical
	cdOtherNotes
)

// importer is the country the import-source shares and net import reliance are about.
const importer = "US"

var (
	yearPattern   = regexp.MustCompile(`^\d{4}$`)
	periodPattern = regexp.MustCompile(`^(\d{4})[–-](\d{2})$`)
)

func (p *parser) commoditiesRow(line int, raw string, c []string) {
	f := p.file
	section, statistics := clean(c[cdSection]), clean(c[cdStatistics])
	var metric Metric
	switch {
	case strings.HasPrefix(section, "World"):
		switch statistics {
		case "Production":
			metric = Production
		case "Reserves":
			metric = Reserves
		case "Capacity":
			metric = Capacity
		default:
			p.problem(line, "Statistics", "%q is not a statistic of a world table (Production, Reserves, Capacity)", statistics)
			return
		}
	case section == "Import Sources":
		if !strings.HasPrefix(statistics, "Import sources") {
			p.problem(line, "Statistics", "%q is not an import-sources statistic", statistics)
			return
		}
		metric = ImportSourceShare
	case strings.HasPrefix(section, "Salient Statistics"):
		if statistics != "Net import reliance" {
			f.Skipped[SkipOutOfScope]++
			return
		}
		metric = NetImportReliance
	default:
		p.problem(line, "Section", "%q is not a section this importer knows (World…, Import Sources, Salient Statistics—United States)", section)
		return
	}

	notes, flag := clean(c[cdNotes]), clean(c[cdCritical])
	commodity, detail := clean(c[cdCommodity]), clean(c[cdDetail])
	var shifted bool
	if flag != "Yes" && flag != "No" && flag != "" {
		// One published row (Yttrium, world total) lacks its Notes cell: the flag sits
		// under Notes and the commodity name under the flag. Read it as published
		// without the missing cell; anything else is a problem.
		if (notes == "Yes" || notes == "No") && strings.EqualFold(flag, commodity) && clean(c[cdOtherNotes]) == "" {
			flag, notes, shifted = notes, "", true
		} else {
			p.problem(line, "Is critical mineral 2025", "%q is neither Yes nor No", c[cdCritical])
			return
		}
	}

	mineral, country, ok := p.lookup(line, [2]string{"Commodity", "Country"}, commodity, detail, c[cdCountry])
	if !ok {
		return
	}

	r := Record{
		File: f.Name, Line: line, Row: raw, Edition: f.Edition,
		Commodity: commodity, MineralID: mineral, Country: clean(c[cdCountry]),
		CountryID: country.ID, Aggregate: country.Aggregate,
		Metric: metric, Stage: stageOf(metric, detail), StageDetail: withDetail(detail, country.Detail),
		Unit: clean(c[cdUnit]), Estimated: strings.HasPrefix(notes, "Estimated"), Note: notes,
	}
	if shifted {
		r.Note = "[published without its Notes cell: the columns after Value are shifted by one]"
	}
	switch flag {
	case "Yes", "No":
		b := flag == "Yes"
		r.Critical = &b
	}
	if metric == ImportSourceShare || metric == NetImportReliance {
		r.SubjectID = importer
	}

	year := clean(c[cdYear])
	switch m := periodPattern.FindStringSubmatch(year); {
	case yearPattern.MatchString(year):
		r.Year = atoi(year)
	case m != nil:
		r.YearFrom, r.Year, r.Period = atoi(m[1]), atoi(m[1][:2]+m[2]), year
	default:
		p.problem(line, "Year", "%q is neither a year nor a period like 2021–24", c[cdYear])
		return
	}

	cell := strings.TrimSpace(c[cdValue])
	if clean(cell) == "" {
		p.problem(line, "Value", "empty (this layout marks missing values with a code: W, NA, XX…)")
		return
	}
	v, err := parseValue(cell)
	if err != nil {
		p.problem(line, "Value", "%v", err)
		return
	}
	if v.qualitative {
		switch {
		case metric != Reserves:
			p.problem(line, "Value", "%q: words are read only as reserves", cell)
			return
		case r.Aggregate == "":
			f.Skipped[SkipQualitative]++
			return
		}
		// A world total or "Other countries" in words is kept without a value: its row
		// says the table exists (mica: scrap and flake beside sheet).
		v.qualifier = NotAvailable
		r.Note = strings.TrimSpace(r.Note + " [published in words: " + clean(cell) + "]")
	}
	r.Value, r.ValueMax, r.Qualifier = v.v, v.max, v.qualifier
	if err := canonical(&r); err != nil {
		p.problem(line, "Unit", "%v", err)
		return
	}
	f.Records = append(f.Records, r)
}
