package e2e

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// Query.dependency on the full seed against a reference computed here from the figures,
// memberships and agreements as plain Cypher reads them: for several thresholds,
// partnerships, dates, agreement limits and years, every field of every figure and import
// source, in the answer's order (the store sorts the sources itself, so the order is
// checked as much as the values), in one statement each.
func TestDependencyAgainstFigures(t *testing.T) {
	h := fullServer(t, testenv.Debug())
	ref := readDependencyFigures(t, h)
	const query = `query($minReliance: Float, $moreThan: Float, $partnership: ID, $asOf: PartialDate, $agreementLimit: Int, $year: Int) {
  dependency(minReliance: $minReliance, moreThan: $moreThan, partnership: $partnership, asOf: $asOf, agreementLimit: $agreementLimit, year: $year) {
    edition year asOf minerals { mineral { id } detail reliance qualifier estimated measurement { id }
      importSources { country { id } form period share qualifier partner agreements { id } agreementCount measurement { id } } } } }`
	for _, v := range []map[string]any{
		{}, {"minReliance": 50.0, "partnership": "msp"}, {"minReliance": 59.5, "partnership": "msp", "agreementLimit": 1},
		{"minReliance": 100.0, "agreementLimit": 0}, {"moreThan": 75.0, "partnership": "msp", "asOf": "2023"},
		{"moreThan": 99.0, "partnership": "msp", "asOf": "2025-06", "agreementLimit": 1000},
		{"moreThan": 99.0, "partnership": "msp", "asOf": "2026-06"}, {"year": 2024, "partnership": "msp"},
	} {
		resp := h.Post(t, query, v)
		var got struct{ Dependency depAnswer }
		resp.Decode(t, &got)
		if n, _ := resp.Extensions["cypherRoundTrips"].(float64); n != 1 {
			t.Errorf("%v: %v round trips, want 1", v, n)
		}
		want := ref.answer(t, v)
		if g, w := got.Dependency.lines(), want.lines(); !slices.Equal(g, w) {
			for i := range max(len(g), len(w)) {
				if i >= len(g) || i >= len(w) || g[i] != w[i] {
					t.Errorf("%v: line %d of %d (want %d):\n got %q\nwant %q", v, i, len(g), len(w), lineAt(g, i), lineAt(w, i))
					break
				}
			}
		}
		if len(want.Minerals) == 0 {
			t.Errorf("%v: the reference has no figures: the test checks nothing", v)
		}
	}
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}

type depID struct {
	ID string `json:"id"`
}

type depAnswer struct {
	Edition  string
	Year     int
	AsOf     *string
	Minerals []depMineral
}

type depMineral struct {
	Mineral       depID
	Detail        *string
	Reliance      *float64
	Qualifier     *string
	Estimated     *bool
	Measurement   depID
	ImportSources []depSource
}

type depSource struct {
	Country        *depID
	Form, Period   *string
	Share          *float64
	Qualifier      *string
	Partner        bool
	Agreements     []depID
	AgreementCount int
	Measurement    depID
}

// lines is the answer one line per figure and per import source, nulls spelled out.
func (a depAnswer) lines() []string {
	out := []string{fmt.Sprintf("%s %d as of %s", a.Edition, a.Year, str(a.AsOf))}
	for _, m := range a.Minerals {
		out = append(out, fmt.Sprintf("%s %s: %s %s %s %s", m.Mineral.ID, m.Measurement.ID, str(m.Detail), str(m.Reliance), str(m.Qualifier), str(m.Estimated)))
		for _, s := range m.ImportSources {
			var ids []string
			for _, a := range s.Agreements {
				ids = append(ids, a.ID)
			}
			out = append(out, fmt.Sprintf("  %s from %s: %s %s %s %s partner %v, %d agreements %v", s.Measurement.ID, str(s.Country),
				str(s.Form), str(s.Period), str(s.Share), str(s.Qualifier), s.Partner, s.AgreementCount, ids))
		}
	}
	return out
}

func str[T any](p *T) string {
	if p == nil {
		return "null"
	}
	if id, ok := any(p).(*depID); ok {
		return id.ID
	}
	return fmt.Sprint(*p)
}

// depFigures are the United States' net import reliance and import source figures, the
// MSP's memberships and the agreements' parties, as stored.
type depFigures struct {
	figures     []map[string]any
	memberships []map[string]any
	parties     map[string][]string // agreement id: its party countries
	names       map[string]string   // agreement id: name
}

func readDependencyFigures(t *testing.T, h *testenv.Server) depFigures {
	f := depFigures{parties: map[string][]string{}, names: map[string]string{}}
	f.figures = storetest.Query(t, h.Driver, `MATCH (m:Measurement)-[:ABOUT]->(:Country {id: 'US'})
		WHERE m.metric IN ['NET_IMPORT_RELIANCE', 'IMPORT_SOURCE_SHARE']
		MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral) OPTIONAL MATCH (m)-[:RELATIVE_TO]->(c:Country)
		RETURN m.id AS id, m.metric AS metric, m.edition AS edition, m.year AS year, m.value AS value, m.qualifier AS qualifier,
		  m.estimated AS estimated, m.stageDetail AS detail, m.period AS period, x.id AS mineral, x.name AS mineralName, c.id AS country, c.name AS countryName`, nil)
	f.memberships = storetest.Query(t, h.Driver, `MATCH (c:Country)-[r:MEMBER_OF]->(p:Partnership {id: 'msp'})
		RETURN c.id AS country, r.role AS role, r.validFrom AS validFrom, r.validTo AS validTo,
		  p.validFrom AS partnershipFrom, p.validTo AS partnershipTo`, nil)
	for _, r := range storetest.Query(t, h.Driver, `MATCH (c:Country)-[:PARTY_TO]->(a:Agreement) RETURN c.id AS country, a.id AS id, a.name AS name`, nil) {
		id := r["id"].(string)
		f.parties[id] = append(f.parties[id], r["country"].(string))
		f.names[id], _ = r["name"].(string)
	}
	return f
}

// answer computes Query.dependency's answer for the United States as the schema describes
// it: the latest edition and year (or the year asked), the figures known to pass the
// threshold most reliant first, each mineral's import sources of the edition by form, then
// share, largest first, then country name; partners as of the date; shared agreements by name.
func (f depFigures) answer(t *testing.T, v map[string]any) depAnswer {
	var a depAnswer
	latest := map[string]any(nil)
	for _, m := range f.figures {
		if m["metric"] == "NET_IMPORT_RELIANCE" && m["edition"] != nil && m["year"] != nil && (v["year"] == nil || m["year"] == int64(v["year"].(int))) &&
			(latest == nil || cmp.Or(cmp.Compare(m["edition"].(string), latest["edition"].(string)), cmp.Compare(m["year"].(int64), latest["year"].(int64))) > 0) {
			latest = m
		}
	}
	if latest == nil {
		t.Fatalf("%v: no net import reliance figures", v)
	}
	a.Edition, a.Year = latest["edition"].(string), int(latest["year"].(int64))
	asOf := fmt.Sprint(a.Year)
	if d, ok := v["asOf"].(string); ok {
		asOf = d
	}
	if v["partnership"] != nil {
		a.AsOf = &asOf
	}
	known := func(q any) bool { return slices.Contains([]any{"EXACT", "APPROXIMATE", "OVER", "RANGE"}, q) }
	var kept []map[string]any
	for _, m := range f.figures {
		if m["metric"] != "NET_IMPORT_RELIANCE" || m["edition"] != latest["edition"] || m["year"] != latest["year"] {
			continue
		}
		value, hasValue := m["value"].(float64)
		if min, ok := v["minReliance"].(float64); ok && !(hasValue && value >= min && known(m["qualifier"])) {
			continue
		}
		if more, ok := v["moreThan"].(float64); ok && !(hasValue && (value > more && known(m["qualifier"]) || value >= more && m["qualifier"] == "OVER")) {
			continue
		}
		kept = append(kept, m)
	}
	rank := func(m map[string]any) (float64, int) {
		value, ok := m["value"].(float64)
		if !ok {
			value = -2
		}
		switch m["qualifier"] {
		case "NET_EXPORTER":
			return -1, 0
		case "OVER":
			return value, 1
		case "UNDER":
			return value, -1
		}
		return value, 0
	}
	slices.SortStableFunc(kept, func(x, y map[string]any) int {
		xv, xq := rank(x)
		yv, yq := rank(y)
		return cmp.Or(cmp.Compare(yv, xv), cmp.Compare(yq, xq), nullsLast(x["mineralName"], y["mineralName"]), nullsLast(x["detail"], y["detail"]))
	})
	sources := map[any][]map[string]any{}
	for _, m := range f.figures {
		if m["metric"] == "IMPORT_SOURCE_SHARE" && m["edition"] == latest["edition"] && m["year"] != nil {
			sources[m["mineral"]] = append(sources[m["mineral"]], m)
		}
	}
	for _, list := range sources {
		slices.SortStableFunc(list, func(x, y map[string]any) int {
			return cmp.Or(nullsLast(x["detail"], y["detail"]), cmp.Compare(numOrMinus1(y["value"]), numOrMinus1(x["value"])), nullsLast(x["countryName"], y["countryName"]))
		})
	}
	limit := 10
	if l, ok := v["agreementLimit"].(int); ok {
		limit = l
	}
	for _, m := range kept {
		e := depMineral{Mineral: depID{m["mineral"].(string)}, Detail: ptr[string](m["detail"]), Reliance: ptr[float64](m["value"]),
			Qualifier: ptr[string](m["qualifier"]), Estimated: ptr[bool](m["estimated"]), Measurement: depID{m["id"].(string)}}
		for _, s := range sources[m["mineral"]] {
			src := depSource{Form: ptr[string](s["detail"]), Period: ptr[string](s["period"]), Share: ptr[float64](s["value"]),
				Qualifier: ptr[string](s["qualifier"]), Measurement: depID{s["id"].(string)}}
			if c, ok := s["country"].(string); ok {
				src.Country = &depID{c}
				src.Partner = v["partnership"] != nil && f.partner(c, asOf)
				shared := f.shared("US", c)
				src.AgreementCount = len(shared)
				for _, id := range shared[:min(limit, len(shared))] {
					src.Agreements = append(src.Agreements, depID{id})
				}
			}
			e.ImportSources = append(e.ImportSources, src)
		}
		a.Minerals = append(a.Minerals, e)
	}
	return a
}

// partner is whether country is a member of the MSP other than an observer on date, the
// MSP itself holding on that date.
func (f depFigures) partner(country, date string) bool {
	holds := func(r map[string]any, fromKey, toKey string) bool {
		from, _ := r[fromKey].(string)
		to, _ := r[toKey].(string)
		return (from == "" || from <= date) && (to == "" || date < to)
	}
	for _, r := range f.memberships {
		if r["country"] == country && r["role"] != nil && r["role"] != "OBSERVER" && holds(r, "validFrom", "validTo") && holds(r, "partnershipFrom", "partnershipTo") {
			return true
		}
	}
	return false
}

// shared are the agreements both countries are parties to, by name (then id).
func (f depFigures) shared(a, b string) []string {
	var out []string
	for id, parties := range f.parties {
		if a != b && slices.Contains(parties, a) && slices.Contains(parties, b) {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(x, y string) int { return cmp.Or(cmp.Compare(f.names[x], f.names[y]), cmp.Compare(x, y)) })
	return out
}

// nullsLast orders strings, nulls after them (Cypher's ascending order).
func nullsLast(a, b any) int {
	x, xok := a.(string)
	y, yok := b.(string)
	switch {
	case xok && yok:
		return cmp.Compare(x, y)
	case xok:
		return -1
	case yok:
		return 1
	}
	return 0
}

func numOrMinus1(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	return -1
}

func ptr[T any](v any) *T {
	if x, ok := v.(T); ok {
		return &x
	}
	return nil
}
