// Package usgs reads the data releases of the U.S. Geological Survey's Mineral Commodity
// Summaries (MCS) as published: the MCS 2025 World Data Release (wide, UTF-8 with BOM) and
// the MCS 2026 Commodities Data file (long, Windows-1252). It is pure Go and touches no
// database: Parse turns a file into typed records, each with its verbatim row and line,
// or into `file:line: column: why` problems. The quirks it handles, and the rules by which
// it skips rows, are listed in README.md beside this file.
package usgs

import (
	"fmt"
	"strings"
)

// Metric is what a figure measures; the values are those of the schema's Metric enum.
type Metric string

// The metrics the releases publish that the importer keeps.
const (
	Production        Metric = "PRODUCTION"
	Reserves          Metric = "RESERVES"
	Capacity          Metric = "CAPACITY"
	NetImportReliance Metric = "NET_IMPORT_RELIANCE"
	ImportSourceShare Metric = "IMPORT_SOURCE_SHARE"
)

// Stage is the supply-chain stage a production or capacity figure refers to, mapped from
// the wording of TYPE (2025) or Statistics_detail (2026); "" when the wording names none.
type Stage string

// Stages, as in the schema's SupplyChainStage enum.
const (
	Mining     Stage = "MINING"
	Refining   Stage = "REFINING"
	Smelting   Stage = "SMELTING"
	Primary    Stage = "PRIMARY"
	Processing Stage = "PROCESSING"
)

// Qualifier says how a published value relates to the true figure; the values are those
// of the schema's ValueQualifier enum.
type Qualifier string

// Qualifiers of published values.
const (
	Exact            Qualifier = "EXACT"
	Over             Qualifier = "OVER"                // >N
	Under            Qualifier = "UNDER"               // <N
	Range            Qualifier = "RANGE"               // A–B: Value..ValueMax
	Withheld         Qualifier = "WITHHELD"            // W: withheld to avoid disclosing company proprietary data
	Zero             Qualifier = "ZERO"                // —
	NotAvailable     Qualifier = "NOT_AVAILABLE"       // NA
	NotApplicable    Qualifier = "NOT_APPLICABLE"      // XX
	NetExporter      Qualifier = "NET_EXPORTER"        // E (net import reliance)
	LessThanHalfUnit Qualifier = "LESS_THAN_HALF_UNIT" // s
)

// Aggregate marks a row that is not about one country.
type Aggregate string

// Aggregates of the world tables and import sources.
const (
	World          Aggregate = "WORLD"
	OtherCountries Aggregate = "OTHER_COUNTRIES"
)

// Record is one published figure.
type Record struct {
	File    string // base name of the file, as published
	Line    int    // physical line, 1 = header
	Row     string // the line as published, decoded to UTF-8, without its line ending
	Edition string // MCS2025, MCS2026

	Commodity string // as published, spaces trimmed
	MineralID string // the graph's Mineral id for the commodity
	Country   string // the COUNTRY column as published, spaces trimmed
	CountryID string // ISO 3166-1 alpha-2 code; "" for an aggregate
	Aggregate Aggregate
	// Subject is the country the figure is about when it is not Country: for import
	// sources, the importer (US); Country is then the source of the imports.
	SubjectID string

	Metric      Metric
	Stage       Stage
	StageDetail string // TYPE or Statistics_detail as published, plus the COUNTRY column's qualifier when it has one

	Value, ValueMax                   *float64 // in Unit; nil when the value is a code (W, NA…)
	Unit                              string   // as published
	CanonicalUnit                     string   // t, kg, carat, m3, L, %
	CanonicalValue, CanonicalValueMax *float64
	Qualifier                         Qualifier
	Estimated                         bool

	Year     int // the year, or the last year of a period
	YearFrom int // the first year of a period (import sources 2021–24); 0 otherwise
	Period   string
	Note     string
	// Critical is the 2026 file's "Is critical mineral 2025" flag; nil when the row has none.
	Critical *bool
}

// Locator is where the record's row is: `<file name>:<line>`.
func (r Record) Locator() string { return fmt.Sprintf("%s:%d", r.File, r.Line) }

// Problem is a value or row the parser cannot read, at a line of a file.
type Problem struct {
	File    string
	Line    int
	Column  string
	Message string
}

func (p Problem) Error() string {
	switch {
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	case p.Column == "":
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Column, p.Message)
}

// SourceID is the id of the Source node of a release: usgs-<edition>-world-data or
// usgs-<edition>-commodities-data (seed/data/sources.yaml defines them).
func SourceID(edition string, layout Layout) string {
	kind := "commodities-data"
	if layout == WorldData {
		kind = "world-data"
	}
	return "usgs-" + strings.ToLower(edition) + "-" + kind
}

// SourceID is the id of the Source node of the file's release.
func (f *File) SourceID() string { return SourceID(f.Edition, f.Layout) }
