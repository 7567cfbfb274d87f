package e2e

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// fullServer is the API over the full seed (testenv.Full) for the tests that compare its
// analytics with the files: a minute per request, not the default 10 s, since these check
// the answers, not the deadline (httpapi's TestRequestDeadline does), and a loaded 2-core machine
// (load average 25) took longer than 10 s over a supply of the full seed.
func fullServer(t *testing.T, opts ...testenv.Option) *testenv.Server {
	t.Helper()
	return withStats(t, testenv.Full(t, append(opts, testenv.Patient())...))
}

// An independent reader of the stored USGS files for the analytics tests: it reads the
// CSV cells itself and applies the conventions the schema documents (which rows count,
// series, shares of the published world total), so that the API's answers are checked
// against the files, not against the importer. Only the name table (seed/usgs/names.yaml,
// data) is shared: it says which mineral and which country a published name is.

// usgsRow is one figure (production, reserves or capacity) as the file gives it.
type usgsRow struct {
	metric, edition, mineral, stage, series, unit string
	year                                          int
	country                                       string // ISO code, "WORLD" or "OTHER"
	value                                         float64
	withheld, noValue                             bool
}

// supplyGroup is what `supply` answers for one mineral, stage, edition, year and series.
type supplyGroup struct {
	metric, edition, mineral, stage, series string
	year                                    int
	split                                   bool   // the series must be named
	table                                   string // the series `supply` answers with
	units                                   map[string]bool
	world, other                            *float64
	countries                               map[string]float64
	withheld                                map[string]bool
}

type usgsNames struct {
	Commodities map[string]string `yaml:"commodities"`
	Countries   map[string]string `yaml:"countries"`
}

func readUSGSNames(t *testing.T) usgsNames {
	t.Helper()
	data, err := os.ReadFile("../seed/usgs/names.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var n usgsNames
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func trimName(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " ")) }

// testStage is the stage a series' wording names (the first keyword found).
func testStage(wording string) string {
	w := strings.ToLower(wording)
	for _, k := range [][2]string{{"mine", "MINING"}, {"mining", "MINING"}, {"refinery", "REFINING"}, {"refined", "REFINING"},
		{"smelter", "SMELTING"}, {"primary", "PRIMARY"}, {"plant", "PROCESSING"}, {"cement", "PROCESSING"}, {"clinker", "PROCESSING"},
		{"pig iron", "PROCESSING"}, {"raw steel", "PROCESSING"}, {"sponge", "PROCESSING"}, {"pigment", "PROCESSING"},
		{"ferrosilicon", "PROCESSING"}, {"silicon metal", "PROCESSING"}, {"fused aluminum oxide", "PROCESSING"}, {"silicon carbide", "PROCESSING"}} {
		if strings.Contains(w, k[0]) {
			return k[1]
		}
	}
	return ""
}

// testSeries is the documented series of a wording.
func testSeries(wording string) string {
	s := strings.ToLower(trimName(wording))
	for _, mark := range []string{", estimated", ": rounded", ", rounded"} {
		s = strings.ReplaceAll(s, mark, "")
	}
	return strings.TrimSpace(s)
}

// testUnitFactor converts a published unit to its canonical one (the factor and the
// canonical unit's name).
func testUnitFactor(unit string) (float64, string) {
	u := strings.ToLower(strings.TrimSpace(unit))
	f := 1.0
	switch {
	case strings.HasPrefix(u, "thousand "):
		f, u = 1e3, strings.TrimPrefix(u, "thousand ")
	case strings.HasPrefix(u, "thousands of "):
		f, u = 1e3, strings.TrimPrefix(u, "thousands of ")
	case strings.HasPrefix(u, "million "):
		f, u = 1e6, strings.TrimPrefix(u, "million ")
	}
	switch u {
	case "metric tons", "metric dry tons", "tons":
		return f, "t"
	case "kilograms":
		return f, "kg"
	case "carats":
		return f, "carat"
	case "cubic meters":
		return f, "m3"
	case "liters":
		return f, "L"
	}
	return f, u
}

// testValue reads a value cell: a number (thousands separators allowed; a bound `>N` or
// `<N` counts as N, a range as its lower end), W for withheld, — for zero, or nothing
// usable (NA, XX, s, words).
func testValue(cell string) (v float64, withheld, ok bool) {
	c := trimName(cell)
	switch c {
	case "W":
		return 0, true, false
	case "—":
		return 0, false, true
	}
	c = strings.TrimLeft(strings.ReplaceAll(c, ",", ""), "<>")
	if lo, _, isRange := strings.Cut(strings.ReplaceAll(c, "–", "-"), "-"); isRange {
		c = strings.TrimSpace(lo)
	}
	v, err := strconv.ParseFloat(c, 64)
	return v, false, err == nil
}

// readUSGSProduction returns the production figures of both stored files for the years asked.
func readUSGSProduction(t *testing.T, years map[int]bool) []usgsRow {
	return readUSGSFigures(t, "PRODUCTION", years)
}

// reserveUnitNote finds a unit in a MCS 2025 reserves note: "(Reserve data is thousand
// metric tons)", "Crude Ore, million metric tons".
var reserveUnitNote = regexp.MustCompile(`(?i)(?:reserve data is |, )((?:thousand |million )?metric tons)\b`)

// readUSGSFigures returns the figures of a metric (PRODUCTION, RESERVES, CAPACITY) of both
// stored files for the years asked. Reserves have no stage.
func readUSGSFigures(t *testing.T, metric string, years map[int]bool) []usgsRow {
	t.Helper()
	names := readUSGSNames(t)
	// place is the code of a country cell; a qualifier of the cell marks the row, except
	// for an aggregate joining several series ("World total (ilmenite and rutile, rounded)").
	place := func(cell, wording string) (code, series string, ok bool) {
		v, found := names.Countries[trimName(cell)]
		if !found {
			t.Fatalf("no code for country %q", cell)
		}
		code, qualifier, _ := strings.Cut(v, " ")
		series = testSeries(wording)
		if (code == "WORLD" || code == "OTHER") && strings.Contains(qualifier, " and ") {
			series += "; " + qualifier
		}
		return code, series, code != "COMBINED"
	}
	mineral := func(commodity, wording string) string {
		if id, ok := names.Commodities[trimName(commodity)+"|"+wording]; ok {
			return id
		}
		id, ok := names.Commodities[trimName(commodity)]
		if !ok {
			t.Fatalf("no mineral for commodity %q", commodity)
		}
		return id
	}
	stage := func(wording string) string {
		if metric == "RESERVES" {
			return ""
		}
		return testStage(wording)
	}
	var out []usgsRow
	// MCS 2025 World Data: production and capacity for two years per row, reserves for one;
	// withheld production is marked in the notes.
	columns := map[string]map[string]int{
		"PRODUCTION": {"PROD_2023": 2023, "PROD_EST_ 2024": 2024},
		"CAPACITY":   {"CAP_2023": 2023, "CAP_EST_ 2024": 2024},
		"RESERVES":   {"RESERVES_2024": 2024},
	}[metric]
	records := readTestCSV(t, "MCS2025_World_Data.csv", false)
	// A reserves note naming a unit is about the commodity's reserves column of that TYPE,
	// though USGS prints it on some of its rows only (molybdenum: the United States,
	// Mongolia and the world total, in thousand metric tons like the others).
	reserveUnit := map[string]string{}
	for _, rec := range records {
		if m := reserveUnitNote.FindStringSubmatch(rec["RESERVE_NOTES"]); m != nil {
			reserveUnit[trimName(rec["COMMODITY"])+"|"+rec["TYPE"]] = strings.ToLower(m[1])
		}
	}
	for _, rec := range records {
		typ := rec["TYPE"]
		code, series, ok := place(rec["COUNTRY"], typ)
		if !ok {
			continue
		}
		unit := rec["UNIT_MEAS"]
		if u, ok := reserveUnit[trimName(rec["COMMODITY"])+"|"+typ]; ok && metric == "RESERVES" {
			unit = u
		}
		for col, year := range columns {
			if !years[year] {
				continue
			}
			r := usgsRow{metric: metric, edition: "MCS2025", mineral: mineral(rec["COMMODITY"], typ), stage: stage(typ),
				series: series, unit: unit, year: year, country: code}
			v, _, ok := testValue(rec[col])
			switch {
			case ok:
				r.value = v
			case metric == "PRODUCTION" && strings.TrimSpace(rec[col]) == "" &&
				(strings.Contains(rec["PROD_NOTES"], "W for 23-24") || trimName(rec["COMMODITY"]) == "Gemanium"):
				r.withheld = true
			default:
				continue
			}
			out = append(out, r)
		}
	}
	// MCS 2026 Commodities Data: one figure per row.
	statistics := map[string]string{"PRODUCTION": "Production", "RESERVES": "Reserves", "CAPACITY": "Capacity"}[metric]
	for _, rec := range readTestCSV(t, "MCS2026_Commodities_Data.csv", true) {
		year, err := strconv.Atoi(rec["Year"])
		if rec["Statistics"] != statistics || !strings.HasPrefix(rec["Section"], "World") || err != nil || !years[year] {
			continue
		}
		code, series, ok := place(rec["Country"], rec["Statistics_detail"])
		if !ok {
			continue
		}
		r := usgsRow{metric: metric, edition: "MCS2026", mineral: mineral(rec["Commodity"], rec["Statistics_detail"]), stage: stage(rec["Statistics_detail"]),
			series: series, unit: rec["Unit"], year: year, country: code}
		v, withheld, ok := testValue(rec["Value"])
		switch {
		case ok:
			r.value = v
		case withheld:
			r.withheld = true
		case slices.Contains([]string{"NA", "XX", "s"}, trimName(rec["Value"])) || code == "WORLD" || code == "OTHER":
			// The row is there without a value; a total's row, even in words ("Large"),
			// makes its series a table.
			r.noValue = true
		default:
			continue // a country's reserves in words are not figures
		}
		out = append(out, r)
	}
	return out
}

func readTestCSV(t *testing.T, name string, cp1252 bool) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../seed/sources/usgs", name))
	if err != nil {
		t.Fatal(err)
	}
	if cp1252 {
		text, err := charmap.Windows1252.NewDecoder().String(string(data))
		if err != nil {
			t.Fatal(err)
		}
		data = []byte(text)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := records[0]
	out := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		m := map[string]string{}
		for i, h := range header {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out
}

// supplyGroups applies the documented rule: a series with a world total or "Other
// countries" is a table, unless it extends a table's series with ": " (then its rows are
// the table's); with several tables (or none and rows of several series) each series is
// its own group and must be named; otherwise every row of the mineral, stage, edition and
// year counts towards the one table.
func supplyGroups(rows []usgsRow) []*supplyGroup {
	type key struct {
		edition, mineral, stage string
		year                    int
	}
	byKey := map[key][]usgsRow{}
	var order []key
	for _, r := range rows {
		k := key{r.edition, r.mineral, r.stage, r.year}
		if _, seen := byKey[k]; !seen {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], r)
	}
	var out []*supplyGroup
	for _, k := range order {
		rs := byKey[k]
		aggregates, tables, allSeries := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, r := range rs {
			if r.country == "WORLD" || r.country == "OTHER" {
				aggregates[r.series] = true
			}
		}
		// extended is the table a series extends with ": " (talc's "mine production:
		// includes crude" is the table "mine production"'s), or the series itself.
		extended := func(series string) string {
			for a := range aggregates {
				if strings.HasPrefix(series, a+": ") {
					return a
				}
			}
			return series
		}
		for _, r := range rs {
			allSeries[r.series] = true
			if aggregates[r.series] && extended(r.series) == r.series {
				tables[r.series] = true
			}
		}
		split := len(tables) > 1 || (len(tables) == 0 && len(allSeries) > 1)
		// Unsplit, the answer's series is the one table, or the one series without a table.
		only := firstKey(allSeries)
		if len(tables) == 1 {
			only = firstKey(tables)
		}
		groups := map[string]*supplyGroup{}
		for _, r := range rs {
			series := extended(r.series)
			if !split {
				series = ""
			}
			g := groups[series]
			if g == nil {
				if split {
					only = series
				}
				g = &supplyGroup{metric: r.metric, edition: k.edition, mineral: k.mineral, stage: k.stage, year: k.year, series: series, split: split,
					table: only, units: map[string]bool{}, countries: map[string]float64{}, withheld: map[string]bool{}}
				groups[series] = g
				out = append(out, g)
			}
			f, unit := testUnitFactor(r.unit)
			if r.unit != "" { // the one row without a unit has its series' unit
				g.units[unit] = true
			}
			v := r.value * f
			switch {
			case r.noValue:
			case r.country == "WORLD" && !r.withheld:
				g.world = &v
			case r.country == "OTHER" && !r.withheld:
				g.other = &v
			case r.withheld && r.country != "WORLD" && r.country != "OTHER":
				g.withheld[r.country] = true
			case r.country != "WORLD" && r.country != "OTHER":
				g.countries[r.country] += v
			}
		}
	}
	return out
}

func firstKey(m map[string]bool) string {
	for k := range m {
		return k
	}
	return ""
}

// shares returns the group's world total and each country's share of it.
func (g *supplyGroup) shares() (float64, map[string]float64) {
	total := 0.0
	if g.world != nil {
		total = *g.world
	} else {
		for _, v := range g.countries {
			total += v
		}
		if g.other != nil {
			total += *g.other
		}
	}
	out := map[string]float64{}
	for c, v := range g.countries {
		if total > 0 {
			out[c] = 100 * v / total
		}
	}
	return total, out
}
