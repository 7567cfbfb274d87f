package usgs

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

const (
	file2025 = "MCS2025_World_Data.csv"
	file2026 = "MCS2026_Commodities_Data.csv"
)

func readStored(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../sources/usgs/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustNames(t *testing.T) *Names {
	t.Helper()
	names, err := DefaultNames()
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// parseStored parses a stored release file of seed/sources/usgs; it must parse cleanly.
func parseStored(t *testing.T, name string) *File {
	t.Helper()
	f, problems := Parse(name, readStored(t, name), mustNames(t))
	for i, p := range problems {
		if i < 20 {
			t.Error(p)
		}
	}
	if len(problems) > 0 {
		t.Fatalf("%s: %d problems", name, len(problems))
	}
	return f
}

// The row counts are those of the source README (1,250 and 8,886 data rows); the counts
// by section and value come from an independent count of the files with Python's csv
// module (cp1252 for 2026).
func TestStoredFilesRowsAndSections(t *testing.T) {
	f25 := parseStored(t, file2025)
	if f25.Layout != WorldData || f25.Edition != "MCS2025" || f25.Rows != 1250 {
		t.Errorf("%s: %s %s %d rows, want World Data MCS2025 1250 rows", file2025, f25.Layout, f25.Edition, f25.Rows)
	}
	// Every one of the five value cells of every row is a record or skipped by a rule;
	// the two "United States and Canada" rows are skipped whole.
	if f25.Skipped[SkipCombined] != 2 {
		t.Errorf("2025: %d combined rows skipped, want 2", f25.Skipped[SkipCombined])
	}
	if got, want := len(f25.Records)+f25.Skipped[SkipEmptyCell2025], (1250-2)*5; got != want {
		t.Errorf("2025: %d records + %d empty cells = %d, want %d cells", len(f25.Records), f25.Skipped[SkipEmptyCell2025], got, want)
	}

	f26 := parseStored(t, file2026)
	if f26.Layout != CommoditiesData || f26.Edition != "MCS2026" || f26.Rows != 8886 {
		t.Errorf("%s: %s %s %d rows, want Commodities Data MCS2026 8886 rows", file2026, f26.Layout, f26.Edition, f26.Rows)
	}
	byMetric := map[Metric]int{}
	for _, r := range f26.Records {
		byMetric[r.Metric]++
	}
	// Sections: World… 3,303 rows (36 reserves in words, 14 of them world totals or
	// "Other countries", kept without a value); Import Sources 720 (one row about "China,
	// Germany, and Russia"); Salient Statistics 4,863, of which 527 net import reliance.
	world := byMetric[Production] + byMetric[Reserves] + byMetric[Capacity]
	if world != 3303-22 || f26.Skipped[SkipQualitative] != 22 {
		t.Errorf("2026 world tables: %d records, %d in words; want %d and 22", world, f26.Skipped[SkipQualitative], 3303-22)
	}
	var words int
	for _, r := range f26.Records {
		if strings.Contains(r.Note, "[published in words: ") {
			words++
			if r.Aggregate == "" || r.Qualifier != NotAvailable || r.Value != nil || r.Metric != Reserves {
				t.Errorf("%s: %+v, want a world total or other countries without a value", r.Locator(), r)
			}
		}
	}
	if words != 14 {
		t.Errorf("%d aggregates in words kept, want 14", words)
	}
	if byMetric[ImportSourceShare] != 719 || f26.Skipped[SkipCombined] != 1 {
		t.Errorf("2026 import sources: %d records, %d combined; want 719 and 1", byMetric[ImportSourceShare], f26.Skipped[SkipCombined])
	}
	if byMetric[NetImportReliance] != 527 || f26.Skipped[SkipOutOfScope] != 4863-527 {
		t.Errorf("2026 salient statistics: %d net import reliance, %d out of scope; want 527 and %d", byMetric[NetImportReliance], f26.Skipped[SkipOutOfScope], 4863-527)
	}
}

// find returns the record of file f at line with metric and year.
func find(t *testing.T, f *File, line int, m Metric, year int) Record {
	t.Helper()
	for _, r := range f.Records {
		if r.Line == line && r.Metric == m && r.Year == year {
			return r
		}
	}
	t.Fatalf("%s:%d: no %s record for %d", f.Name, line, m, year)
	return Record{}
}

func val(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

func TestWorldDataQuirks(t *testing.T) {
	f := parseStored(t, file2025)
	data := readStored(t, file2025)
	lines := strings.Split(string(bytes.TrimPrefix(data, bom)), "\r\n")

	// Trailing space ("Lithium "), the stray space of "PROD_EST_ 2024" (estimated).
	li := find(t, f, 630, Production, 2024)
	if li.Commodity != "Lithium" || li.MineralID != "lithium" || li.CountryID != "AU" || val(li.Value) != 88000 ||
		li.Unit != "metric tons" || li.CanonicalUnit != "t" || val(li.CanonicalValue) != 88000 || !li.Estimated || li.Stage != Mining {
		t.Errorf("lithium Australia 2024: %+v", li)
	}
	if li.Row != lines[629] || strings.ContainsAny(li.Row, "\r\n") {
		t.Errorf("line 630: the row is not the published line: %q", li.Row)
	}
	if find(t, f, 630, Production, 2023).Estimated {
		t.Error("lithium Australia 2023 is final, not estimated")
	}
	// Thousand metric tons to tonnes; world totals are an aggregate, not a country.
	mn := find(t, f, 674, Production, 2024)
	world := find(t, f, 676, Production, 2024)
	if mn.CountryID != "ZA" || val(mn.Value) != 7400 || val(mn.CanonicalValue) != 7.4e6 || world.Aggregate != World || world.CountryID != "" || val(world.CanonicalValue) != 2e7 {
		t.Errorf("manganese: South Africa %+v, world %+v", mn, world)
	}
	// "Gemanium": germanium, every production value withheld.
	ge := find(t, f, 404, Production, 2024)
	if ge.MineralID != "germanium" || ge.Commodity != "Germanium" || !strings.Contains(ge.Note, `published as "Gemanium"`) ||
		!strings.Contains(ge.Row, "Gemanium") || ge.Qualifier != Withheld || ge.Value != nil || ge.CountryID != "CN" {
		t.Errorf("germanium China: %+v", ge)
	}
	// A lower bound (>90000000) in the reserves column.
	ree := find(t, f, 897, Reserves, 2024)
	if ree.Qualifier != Over || val(ree.Value) != 9e7 || ree.Aggregate != World {
		t.Errorf("rare earths world reserves: %+v", ree)
	}
	// A lower bound with separators (>17,000,000).
	var grouped bool
	for _, r := range f.Records {
		if strings.Contains(r.Row, ">17,000,000") && r.Metric == Reserves {
			grouped = r.Qualifier == Over && val(r.Value) == 17e6
		}
	}
	if !grouped {
		t.Error("no reserves record >17,000,000 read as over 17 million")
	}
	// Withheld by note: "W for 23-24" with empty cells.
	var withheld int
	for _, r := range f.Records {
		if strings.Contains(r.Row, "W for 23-24") && r.Metric == Production {
			if r.Qualifier != Withheld || r.Value != nil {
				t.Errorf("%s: %+v, want withheld", r.Locator(), r)
			}
			withheld++
		}
	}
	if withheld != 2*14 {
		t.Errorf("%d withheld records from the 14 rows noted W for 23-24, want 28", withheld)
	}
	// No-break space inside a name: "United\u00a0States (kyanite)".
	var nbsp bool
	for _, r := range f.Records {
		if strings.Contains(r.Row, "United\u00a0States (kyanite)") {
			nbsp = r.CountryID == "US" && strings.HasSuffix(r.StageDetail, "; kyanite")
		}
	}
	if !nbsp {
		t.Error("United\u00a0States (kyanite) not read as US with the qualifier kyanite")
	}
	// Carats, kilograms, a reserves unit named in the notes, a row without a unit.
	gem := find(t, f, 395, Production, 2024)
	if gem.CanonicalUnit != "carat" || val(gem.CanonicalValue) != 420000 {
		t.Errorf("gemstones Sierra Leone: %+v", gem)
	}
	ga := find(t, f, 371, Production, 2024)
	if ga.Unit != "kilograms" || ga.CanonicalUnit != "kg" || val(ga.Value) != 750000 || ga.Stage != Primary {
		t.Errorf("gallium China: %+v", ga)
	}
	fe := find(t, f, 537, Reserves, 2024)
	if fe.Unit != "million metric tons" || val(fe.CanonicalValue) != 58000e6 {
		t.Errorf("iron ore Australia reserves (notes: Crude Ore, million metric tons): %+v", fe)
	}
	// The note "(Reserve data is thousand metric tons)" is on some molybdenum rows only
	// (United States, Mongolia, world total); China's 5,900 is in thousand tons too.
	if mo := find(t, f, 713, Reserves, 2024); mo.Unit != "thousand metric tons" || val(mo.CanonicalValue) != 5.9e6 || !strings.Contains(mo.Note, "reserves unit from the note") {
		t.Errorf("molybdenum China reserves: %+v", mo)
	}
	if mo := find(t, f, 713, Production, 2024); mo.Unit != "metric tons" {
		t.Errorf("molybdenum China production: %+v", mo)
	}
	if fe := find(t, f, 537, Production, 2024); fe.Unit != "thousand metric tons" {
		t.Errorf("iron ore Australia production: %+v", fe)
	}
	ti := find(t, f, 1132, Production, 2024)
	if ti.Unit != "metric tons" || !strings.Contains(ti.Note, "unit not published") {
		t.Errorf("titanium mineral concentrates Sierra Leone (no unit): %+v", ti)
	}
}

func TestCommoditiesDataQuirks(t *testing.T) {
	f := parseStored(t, file2026)
	li := find(t, f, 4238, Production, 2024)
	if li.CountryID != "AU" || val(li.Value) != 82700 || !strings.Contains(li.Row, `"82,700"`) || li.Edition != "MCS2026" {
		t.Errorf("lithium Australia 2024: %+v", li)
	}
	// cp1252: the em dash (0x97) is zero, decoded to U+2014 in the row.
	cu := find(t, f, 2000, Production, 2024)
	if cu.Qualifier != Zero || val(cu.Value) != 0 || !strings.Contains(cu.Row, ",—,") {
		t.Errorf("copper Japan mine production: %+v", cu)
	}
	// A period, and the importer as the subject with the source country as the country.
	cl := find(t, f, 4233, ImportSourceShare, 2024)
	if cl.YearFrom != 2021 || cl.Period != "2021–24" || cl.SubjectID != "US" || cl.CountryID != "CL" || val(cl.Value) != 54 || cl.CanonicalUnit != "%" {
		t.Errorf("lithium import sources Chile: %+v", cl)
	}
	co := find(t, f, 1844, NetImportReliance, 2025)
	if val(co.Value) != 79 || !co.Estimated || co.SubjectID != "US" || co.Critical == nil || !*co.Critical {
		t.Errorf("cobalt net import reliance 2025: %+v", co)
	}
	// The row published without its Notes cell: a range, and the flag read from its place.
	y := find(t, f, 8533, Production, 2025)
	if y.Qualifier != Range || val(y.Value) != 10000 || val(y.ValueMax) != 15000 || y.Critical == nil || !*y.Critical || y.Aggregate != World {
		t.Errorf("yttrium world total: %+v", y)
	}
	// Every code is read, from rows that carry it as their Value cell.
	seen := map[Qualifier]bool{}
	for _, r := range f.Records {
		seen[r.Qualifier] = true
		if strings.Contains(r.Row, "\r") {
			t.Fatalf("%s: the row keeps its CR", r.Locator())
		}
	}
	for _, q := range []Qualifier{Exact, Over, Under, Range, Withheld, Zero, NotAvailable, NotApplicable, NetExporter, LessThanHalfUnit} {
		if !seen[q] {
			t.Errorf("no record with qualifier %s", q)
		}
	}
}

func TestParseValue(t *testing.T) {
	for _, c := range []struct {
		in     string
		v, max float64
		q      Qualifier
	}{
		{"226,000", 226000, -1, Exact}, {"88000", 88000, -1, Exact}, {" 68\u00a0", 68, -1, Exact}, {"0.5", 0.5, -1, Exact},
		{">50", 50, -1, Over}, {">90000000", 9e7, -1, Over}, {">2,000,000", 2e6, -1, Over}, {"<1", 1, -1, Under},
		{"50–300", 50, 300, Range}, {"10,000 - 15,000", 10000, 15000, Range}, {"330 - 390", 330, 390, Range},
		{"W", -1, -1, Withheld}, {"—", 0, -1, Zero}, {"NA", -1, -1, NotAvailable}, {"XX", -1, -1, NotApplicable},
		{"E", -1, -1, NetExporter}, {"s", -1, -1, LessThanHalfUnit},
	} {
		got, err := parseValue(c.in)
		if err != nil || got.qualifier != c.q || val(got.v) != c.v || val(got.max) != c.max {
			t.Errorf("parseValue(%q) = %+v (%v %v), %v; want %v %v %s", c.in, got, val(got.v), val(got.max), err, c.v, c.max, c.q)
		}
	}
	for _, w := range []string{"Large", "Small", "Moderate", "Very small"} {
		if got, err := parseValue(w); err != nil || !got.qualitative {
			t.Errorf("parseValue(%q) = %+v, %v; want qualitative", w, got, err)
		}
	}
	for _, bad := range []string{"Q", "12,34", "1,2345", ">", "abc", "300–50", "w", "1.2.3"} {
		if _, err := parseValue(bad); err == nil {
			t.Errorf("parseValue(%q) accepted", bad)
		}
	}
}

// Broken copies of the real files give exactly one problem, at the damaged line.
func TestBrokenCopies(t *testing.T) {
	d25, d26 := readStored(t, file2025), readStored(t, file2026)
	replace := func(data []byte, old, new string) []byte {
		t.Helper()
		if bytes.Count(data, []byte(old)) != 1 {
			t.Fatalf("%q is not unique in the file", old)
		}
		return bytes.Replace(data, []byte(old), []byte(new), 1)
	}
	// Cut the 2026 file in the middle of line 4238 (lithium, Australia, 2024).
	cut := bytes.Index(d26, []byte(`Lithium,Australia,Production,Mine production,metric tons,2024,"82,700"`))
	for _, c := range []struct {
		what, name string
		data       []byte
		want       string
	}{
		{"truncated row", file2026, d26[:cut+len("Lithium,Australia,Production")], "MCS2026_Commodities_Data.csv:4238: the row has 5 fields, want 12"},
		{"unknown value code", file2025, replace(d25, ",91700,88000,", ",91700,Q,"), `MCS2025_World_Data.csv:630: PROD_EST_ 2024: "Q" is neither a number`},
		{"renamed column", file2025, replace(d25, "PROD_NOTES", "PRODUCTION_NOTES"), "MCS2025_World_Data.csv:1: not a USGS MCS data file: want the header of the MCS World Data layout (SOURCE,COMMODITY,"},
		{"non-numeric value", file2026, replace(d26, `metric tons,2024,"82,700"`, `metric tons,2024,"82,70"`), `MCS2026_Commodities_Data.csv:4238: Value: "82,70" is neither a number`},
		{"unknown unit", file2026, replace(d26, `Lithium,Australia,Production,Mine production,metric tons,2024`, `Lithium,Australia,Production,Mine production,short tons,2024`), `MCS2026_Commodities_Data.csv:4238: Unit: "short tons" is not a known unit`},
		{"unknown country", file2025, replace(d25, "MCS2025,Lithium ,Australia,", "MCS2025,Lithium ,Atlantis,"), `MCS2025_World_Data.csv:630: COUNTRY: "Atlantis" is not in the country table`},
		{"unknown commodity", file2025, replace(d25, "MCS2025,Lithium ,Australia,", "MCS2025,Lithum,Australia,"), `MCS2025_World_Data.csv:630: COMMODITY: "Lithum" is not in the commodity table`},
		{"critical flag", file2026, replace(d26, `"82,700",Estimated.,Yes,`, `"82,700",Estimated.,Maybe,`), `MCS2026_Commodities_Data.csv:4238: Is critical mineral 2025: "Maybe" is neither Yes nor No`},
	} {
		f, problems := Parse(c.name, c.data, mustNames(t))
		if f != nil || len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), c.want) || strings.Contains(problems[0].Error(), "\n") {
			t.Errorf("%s: got %v, want one problem starting %q", c.what, problems, c.want)
		}
	}
}

// Without its BOM the World Data file still parses; the BOM is never part of a row.
func TestWorldDataWithoutBOM(t *testing.T) {
	data := readStored(t, file2025)
	if !bytes.HasPrefix(data, bom) {
		t.Fatal("the stored 2025 file has no BOM")
	}
	f, problems := Parse(file2025, bytes.TrimPrefix(data, bom), mustNames(t))
	if len(problems) > 0 || len(f.Records) != len(parseStored(t, file2025).Records) {
		t.Fatalf("without BOM: %v", problems)
	}
	for _, r := range f.Records {
		if strings.HasPrefix(r.Row, "\ufeff") {
			t.Fatalf("%s starts with a BOM", r.Locator())
		}
	}
}
