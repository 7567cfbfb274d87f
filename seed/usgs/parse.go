package usgs

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Layout is one of the file layouts USGS publishes.
type Layout string

// The two layouts: recognised by their header rows, whatever the file is called.
const (
	WorldData       Layout = "World Data (wide)"
	CommoditiesData Layout = "Commodities Data (long)"
)

// File is a parsed release file.
type File struct {
	Name    string
	Layout  Layout
	Edition string
	// Rows is the number of data rows (lines after the header).
	Rows    int
	Records []Record
	// Skipped counts the rows (or cells) left out, by the rule that leaves them out.
	Skipped map[SkipRule]int
}

// SkipRule is a documented reason to leave a row or cell out.
type SkipRule string

// The skip rules (README.md beside this file).
const (
	SkipOutOfScope    SkipRule = "US salient statistics other than net import reliance (prices, trade, consumption, employment, stocks)"
	SkipQualitative   SkipRule = "reserves given in words (Large, Small, Moderate)"
	SkipCombined      SkipRule = "rows about several named countries together (United States and Canada; China, Germany, and Russia)"
	SkipEmptyCell2025 SkipRule = "empty value cells of the World Data layout (no data, or zero: the file does not tell)"
)

var (
	bom = []byte("\xef\xbb\xbf")
	// The World Data header; the year columns change with the edition. USGS wrote a
	// stray space into "PROD_EST_ 2024" and "CAP_EST_ 2024": both spellings are read.
	worldDataHeader = regexp.MustCompile(`^SOURCE,COMMODITY,COUNTRY,TYPE,UNIT_MEAS,PROD_(\d{4}),PROD_EST_ ?(\d{4}),PROD_NOTES,CAP_(\d{4}),CAP_EST_ ?(\d{4}),CAP_NOTES,RESERVES_(\d{4}),RESERVE_NOTES$`)
	editionInName   = regexp.MustCompile(`^MCS(\d{4})_`)
)

const commoditiesHeader = "MCS chapter,Section,Commodity,Country,Statistics,Statistics_detail,Unit,Year,Value,Notes,Is critical mineral 2025,Other notes"

const expectedHeaders = "want the header of the MCS World Data layout (SOURCE,COMMODITY,COUNTRY,TYPE,UNIT_MEAS,PROD_<year>,PROD_EST_ <year>,PROD_NOTES,CAP_<year>,CAP_EST_ <year>,CAP_NOTES,RESERVES_<year>,RESERVE_NOTES) or of the MCS Commodities Data layout (" + commoditiesHeader + ")"

// Parse reads one release file, given its base name (used in locators and problems) and
// its bytes as published. It returns the records, or every problem found; a file with
// problems yields no records.
func Parse(name string, data []byte, names *Names) (*File, []Problem) {
	name = filepath.Base(name)
	header, _, _ := bytes.Cut(bytes.TrimPrefix(data, bom), []byte("\n"))
	header = bytes.TrimRight(header, "\r")
	f := &File{Name: name, Skipped: map[SkipRule]int{}}
	p := &parser{file: f, names: names, headerLine: string(header), reserveUnits: map[string]string{}}
	switch {
	case worldDataHeader.Match(header):
		f.Layout = WorldData
		if !bytes.HasPrefix(data, bom) && !utf8.Valid(data) {
			return nil, []Problem{{File: name, Message: "the World Data layout is UTF-8, and this file is not"}}
		}
		data = bytes.TrimPrefix(data, bom)
		if !utf8.Valid(data) {
			return nil, []Problem{{File: name, Message: "the World Data layout is UTF-8, and this file is not"}}
		}
		p.rows(string(data), 13, p.worldDataRow)
	case string(header) == commoditiesHeader:
		f.Layout = CommoditiesData
		m := editionInName.FindStringSubmatch(name)
		if m == nil {
			return nil, []Problem{{File: name, Message: "the Commodities Data layout names its edition only in the file name, which must start with MCS<year>_ as published"}}
		}
		f.Edition = "MCS" + m[1]
		decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, []Problem{{File: name, Message: "cannot decode as Windows-1252: " + err.Error()}}
		}
		p.rows(string(decoded), 12, p.commoditiesRow)
	default:
		return nil, []Problem{{File: name, Line: 1, Message: fmt.Sprintf("not a USGS MCS data file: %s; got %q", expectedHeaders, string(header))}}
	}
	if f.Layout == WorldData {
		p.inheritUnits()
		p.noteReserveUnits()
	}
	if len(p.problems) > 0 {
		return nil, p.problems
	}
	return f, nil
}

type parser struct {
	file     *File
	names    *Names
	problems []Problem
	pending  []pendingUnit
	// reserveUnits are the reserves units notes name, by commodity and TYPE; reserveRows
	// the reserves records whose own row names none.
	reserveUnits map[string]string
	reserveRows  []pendingUnit
	// headerLine is the header row; the World Data layout's year columns are read from it.
	headerLine string
}

func (p *parser) problem(line int, column, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file.Name, Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
}

// rows splits the decoded text into physical lines (CRLF or LF) and hands each data row,
// split into its fields, to row. Neither layout has line breaks inside fields, so a line
// is a row and its text is the verbatim quote.
func (p *parser) rows(text string, width int, row func(line int, raw string, fields []string)) {
	lines := strings.Split(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, raw := range lines[1:] {
		line := i + 2
		raw = strings.TrimSuffix(raw, "\r")
		p.file.Rows++
		r := csv.NewReader(strings.NewReader(raw))
		r.FieldsPerRecord = -1
		fields, err := r.Read()
		if err != nil {
			p.problem(line, "", "not a CSV row: %v", err)
			continue
		}
		if len(fields) != width {
			p.problem(line, "", "the row has %d fields, want %d (a truncated or damaged row)", len(fields), width)
			continue
		}
		row(line, raw, fields)
	}
	if p.file.Rows == 0 {
		p.problem(1, "", "no data rows after the header")
	}
}

// misspellings are commodity names USGS published misspelt: the record carries the
// right spelling, and its note the published one (the quote keeps the row as published).
var misspellings = map[string]string{"Gemanium": "Germanium"}

// spelling returns the commodity name spelt right, and a note when it was not.
func spelling(commodity string) (string, string) {
	if right, ok := misspellings[commodity]; ok {
		return right, fmt.Sprintf("[commodity published as %q]", commodity)
	}
	return commodity, ""
}

// lookup maps a row's commodity (for its series) and country cell through the name
// tables; columns are the layout's names of those two columns. ok is false when the row
// is a problem or skipped (several countries together).
func (p *parser) lookup(line int, columns [2]string, commodity, series, countryCell string) (mineral string, country CountryName, ok bool) {
	mineral, ok = p.names.Mineral(commodity, series)
	if !ok {
		p.problem(line, columns[0], "%q is not in the commodity table (seed/usgs/names.yaml)", commodity)
		return "", country, false
	}
	country, ok = p.names.Country(countryCell)
	if !ok {
		p.problem(line, columns[1], "%q is not in the country table (seed/usgs/names.yaml)", clean(countryCell))
		return "", country, false
	}
	if country.Combined {
		p.file.Skipped[SkipCombined]++
		return "", country, false
	}
	return mineral, country, true
}
