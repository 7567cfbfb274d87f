package seed

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/seed/usgs"
)

// usgsReleases are the stored USGS data releases, compiled in: the seed loads them with
// the YAML data set.
//
//go:embed sources/usgs/*.csv
var usgsReleases embed.FS

// ReleaseFile is a data release file: its base name as published and its bytes.
type ReleaseFile struct {
	Name string
	Data []byte
}

// EmbeddedUSGSReleases returns the compiled-in USGS release files, by name.
func EmbeddedUSGSReleases() []ReleaseFile {
	names, _ := fs.Glob(usgsReleases, "sources/usgs/*.csv")
	sort.Strings(names)
	out := make([]ReleaseFile, 0, len(names))
	for _, n := range names {
		data, _ := usgsReleases.ReadFile(n) // embedded: cannot fail
		out = append(out, ReleaseFile{Name: path.Base(n), Data: data})
	}
	return out
}

// USGSLoad is what the release files hold: the parsed files and the batch of their figures.
type USGSLoad struct {
	Files []*usgs.File
	Batch store.Batch
}

// Records returns the number of figures.
func (l *USGSLoad) Records() int { return len(l.Batch.Nodes) }

// LoadUSGS parses release files and builds the batch of their figures. Each figure is a
// Measurement, about its country (the United States for import sources and net import
// reliance, whose source country is its counterpart), of its mineral; world totals and
// "Other countries" carry their aggregate instead of a country. Its provenance is the
// release's Source (a DATA_ROW source) with the verbatim row and its locator. Problems name `file:line: column`; with any
// problem there is no batch.
func LoadUSGS(files []ReleaseFile) (*USGSLoad, []Problem) {
	names, err := usgs.DefaultNames()
	if err != nil {
		return nil, []Problem{{File: "seed/usgs/names.yaml", Message: err.Error()}}
	}
	load := &USGSLoad{}
	var problems []Problem
	for _, rf := range files {
		f, ps := usgs.Parse(rf.Name, rf.Data, names)
		for _, p := range ps {
			problems = append(problems, Problem{File: p.File, Line: p.Line, Message: columnMessage(p)})
		}
		if f != nil {
			load.Files = append(load.Files, f)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	seen := map[string]string{}
	for _, f := range load.Files {
		if prev, dup := seen[f.SourceID()]; dup {
			return nil, []Problem{{File: f.Name, Message: fmt.Sprintf("the same release (%s) as %s: load each release once", f.SourceID(), prev)}}
		}
		seen[f.SourceID()] = f.Name
		for _, r := range f.Records {
			addUSGSRecord(&load.Batch, f.SourceID(), r)
		}
	}
	return load, nil
}

func columnMessage(p usgs.Problem) string {
	if p.Column == "" {
		return p.Message
	}
	return p.Column + ": " + p.Message
}

// USGSMeasurementID is the id of a figure: its release, line, metric and year, e.g.
// usgs-mcs2025-630-production-2024 (a World Data row holds up to five figures).
func USGSMeasurementID(r usgs.Record) string {
	return fmt.Sprintf("usgs-%s-%d-%s-%d", strings.ToLower(r.Edition), r.Line, strings.ToLower(strings.ReplaceAll(string(r.Metric), "_", "-")), r.Year)
}

func addUSGSRecord(b *store.Batch, source string, r usgs.Record) {
	id := USGSMeasurementID(r)
	prov := func() map[string]any {
		return map[string]any{"sources": []any{source}, "quotes": []any{r.Row}, "locators": []any{r.Locator()}}
	}
	props := prov()
	where := r.Country
	if r.SubjectID != "" && r.SubjectID != r.CountryID {
		where = "United States from " + r.Country
	}
	when := strconv.Itoa(r.Year)
	if r.Period != "" {
		when = r.Period
	}
	props["name"] = fmt.Sprintf("%s, %s: %s %s (%s)", r.Commodity, where, strings.ToLower(strings.ReplaceAll(string(r.Metric), "_", " ")), when, r.Edition)
	props["aliases"] = []any{}
	props["metric"] = string(r.Metric)
	props["qualifier"] = string(r.Qualifier)
	props["unit"] = r.Unit
	props["canonicalUnit"] = r.CanonicalUnit
	props["estimated"] = r.Estimated
	props["year"] = int64(r.Year)
	props["edition"] = r.Edition
	props["commodity"] = r.Commodity
	props["stageDetail"] = r.StageDetail
	for k, v := range map[string]*float64{"value": r.Value, "valueMax": r.ValueMax, "canonicalValue": r.CanonicalValue, "canonicalValueMax": r.CanonicalValueMax} {
		if v != nil {
			props[k] = *v
		}
	}
	if r.YearFrom != 0 {
		props["yearFrom"], props["period"] = int64(r.YearFrom), r.Period
	}
	if r.Aggregate != "" {
		props["aggregate"] = string(r.Aggregate)
	}
	if r.Stage != "" {
		props["stage"] = string(r.Stage)
	}
	if r.Note != "" {
		props["note"] = r.Note
	}
	b.Nodes = append(b.Nodes, store.NodeInput{Type: "Measurement", ID: id, Props: props})
	rel := func(typ, to, toType string) {
		b.Relations = append(b.Relations, store.RelationInput{Type: typ, From: id, FromType: "Measurement", To: to, ToType: toType, Props: prov()})
	}
	rel("INVOLVES_MINERAL", r.MineralID, "Mineral")
	switch {
	case r.SubjectID != "":
		rel("ABOUT", r.SubjectID, "Country")
		if r.CountryID != "" && r.CountryID != r.SubjectID {
			rel("RELATIVE_TO", r.CountryID, "Country")
		}
	case r.CountryID != "":
		rel("ABOUT", r.CountryID, "Country")
	}
}

// PrintUSGSLoad prints, per file, its layout, edition, rows, figures by metric and the
// rows or cells skipped by each rule.
func PrintUSGSLoad(out io.Writer, cmd string, load *USGSLoad) {
	for _, f := range load.Files {
		byMetric := map[usgs.Metric]int{}
		for _, r := range f.Records {
			byMetric[r.Metric]++
		}
		var parts []string
		for _, m := range []usgs.Metric{usgs.Production, usgs.Reserves, usgs.Capacity, usgs.NetImportReliance, usgs.ImportSourceShare} {
			if byMetric[m] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", m, byMetric[m]))
			}
		}
		fmt.Fprintf(out, "%s: %s (%s %s): %d rows, %d figures (%s)\n", cmd, f.Name, f.Edition, f.Layout, f.Rows, len(f.Records), strings.Join(parts, ", "))
		for _, rule := range slices.Sorted(maps.Keys(f.Skipped)) {
			fmt.Fprintf(out, "%s:   skipped %d: %s\n", cmd, f.Skipped[rule], rule)
		}
	}
}
