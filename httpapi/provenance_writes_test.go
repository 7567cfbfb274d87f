package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// TestWritesHoldQuotesToTheStoredTexts: a writer cannot serve a text as a verbatim quote
// or a published data row unless it is one. A VERBATIM entry's quote must be in its
// source's stored text, a DATA_ROW entry's quote must be the row its locator names in the
// stored file, a VERBATIM source must name a stored text, and re-classifying a source as
// VERBATIM must not promote the notes already citing it. A refused write writes nothing.
// The texts below are copied from seed/sources (the article; the MCS 2026 file's line
// 4233, which the README's USGS example 3 shows).
func TestWritesHoldQuotesToTheStoredTexts(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader"))
	const upsert = `mutation($input: UpsertInput!) { upsert(input: $input) { nodesCreated relationsCreated changed } }`
	const articleQuote = "with the early investment, through JOGMEC, in the Australian Lynas operations"
	const usgsRow = "LITHIUM,Import Sources,Lithium,Chile,Import sources 2021-2024,All,percent,2021–24,54,,Yes,"
	source := func(id, title, evidence, storedAs string) map[string]any {
		props := map[string]any{"title": title, "evidence": evidence, "url": "https://example.org/" + id}
		if storedAs != "" {
			props["storedAs"] = storedAs
		}
		return map[string]any{"type": "Source", "id": id, "properties": props,
			"provenance": []map[string]any{{"source": id, "quote": title}}}
	}
	project := func(id string, prov ...map[string]any) map[string]any {
		return map[string]any{"type": "Project", "id": id, "properties": map[string]any{"name": id, "stage": "MINING"}, "provenance": prov}
	}
	cite := func(source, quote, locator string) map[string]any {
		p := map[string]any{"source": source, "quote": quote}
		if locator != "" {
			p["locator"] = locator
		}
		return p
	}
	write := func(nodes ...map[string]any) *testenv.Response {
		t.Helper()
		return env.PostKey(t, upsert, map[string]any{"input": map[string]any{"nodes": nodes}})
	}
	projects := func() []string {
		t.Helper()
		var got struct{ Projects []struct{ ID string } }
		env.Data(t, `{ projects(sort: [{ id: ASC }]) { id } }`, nil, &got)
		var ids []string
		for _, p := range got.Projects {
			ids = append(ids, p.ID)
		}
		return ids
	}

	if r := write(source("ispi", "Mineral (In)Security", "VERBATIM", "seed/sources/ispi-2025-06-26-mineral-insecurity.txt"),
		source("mcs2026", "Mineral Commodity Summaries 2026 Data Release", "DATA_ROW", "seed/sources/usgs/MCS2026_Commodities_Data.csv"),
		source("press", "A press release", "COMPILED", "")); len(r.Errors) > 0 {
		t.Fatalf("sources: %+v", r.Errors)
	}

	refused := []struct {
		name  string
		nodes []map[string]any
		why   string
	}{
		{"a VERBATIM quote that is not in the stored text",
			[]map[string]any{project("p1", cite("ispi", "JOGMEC finances graphite refining in Mozambique", ""))}, "not in the stored text"},
		{"a VERBATIM quote changed by one character",
			[]map[string]any{project("p1", cite("ispi", strings.Replace(articleQuote, "early", "earl", 1), ""))}, "not in the stored text"},
		{"a DATA_ROW quote that is not the row at its locator",
			[]map[string]any{project("p1", cite("mcs2026", strings.Replace(usgsRow, ",54,", ",55,", 1), "MCS2026_Commodities_Data.csv:4233"))}, "not the row at"},
		{"a DATA_ROW quote whose locator names the next line",
			[]map[string]any{project("p1", cite("mcs2026", usgsRow, "MCS2026_Commodities_Data.csv:4234"))}, "not the row at"},
		{"a DATA_ROW locator naming another file",
			[]map[string]any{project("p1", cite("mcs2026", usgsRow, "MCS2025_World_Data.csv:4233"))}, "is not a data row"},
		{"a DATA_ROW locator past the end of the file",
			[]map[string]any{project("p1", cite("mcs2026", usgsRow, "MCS2026_Commodities_Data.csv:99999999"))}, "is not a data row"},
		{"a DATA_ROW locator naming the header",
			[]map[string]any{project("p1", cite("mcs2026", usgsRow, "MCS2026_Commodities_Data.csv:1"))}, "is not a data row"},
		{"a VERBATIM source that names no stored text",
			[]map[string]any{source("unstored", "Unstored", "VERBATIM", ""), project("p1", cite("unstored", "anything at all", ""))}, "names no text this server stores"},
		{"a VERBATIM source naming a file the server does not store",
			[]map[string]any{source("elsewhere", "Elsewhere", "VERBATIM", "seed/sources/nope.txt"), project("p1", cite("elsewhere", "anything at all", ""))}, "names no text this server stores"},
		{"a COMPILED source without the page's url",
			[]map[string]any{{"type": "Source", "id": "nourl", "properties": map[string]any{"title": "No URL", "evidence": "COMPILED"},
				"provenance": []map[string]any{{"source": "nourl", "quote": "No URL"}}}}, "give the page's url"},
		{"one bad entry among good ones",
			[]map[string]any{project("p1", cite("ispi", articleQuote, "")), project("p2", cite("press", "a note", ""), cite("ispi", "an invented quote", ""))}, `Project "p2": provenance[1]`},
	}
	for _, c := range refused {
		r := write(c.nodes...)
		if r.Code() != "BAD_USER_INPUT" || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, c.why) {
			t.Errorf("%s: want one BAD_USER_INPUT saying %q, got %s", c.name, c.why, r.Body)
		}
	}
	if got := projects(); len(got) != 0 {
		t.Fatalf("refused writes wrote projects %v", got)
	}

	// What holds is written, and served at its level.
	if r := write(project("p1", cite("ispi", articleQuote, "")),
		project("p2", cite("mcs2026", usgsRow, "MCS2026_Commodities_Data.csv:4233")),
		project("p3", cite("press", "the project's own summary of the release", ""))); len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"nodesCreated":3`) {
		t.Fatalf("valid quotes refused: %s", r.Body)
	}
	var got struct {
		Projects []struct {
			ID         string
			Evidence   string
			Provenance []struct{ Evidence, Locator string }
		}
	}
	env.Data(t, `{ projects(sort: [{ id: ASC }]) { id evidence provenance { evidence locator } } }`, nil, &got)
	gotJSON, _ := json.Marshal(got.Projects)
	want := `[{"ID":"p1","Evidence":"VERBATIM","Provenance":[{"Evidence":"VERBATIM","Locator":""}]},` +
		`{"ID":"p2","Evidence":"DATA_ROW","Provenance":[{"Evidence":"DATA_ROW","Locator":"MCS2026_Commodities_Data.csv:4233"}]},` +
		`{"ID":"p3","Evidence":"COMPILED","Provenance":[{"Evidence":"COMPILED","Locator":""}]}]`
	if string(gotJSON) != want {
		t.Errorf("written projects:\n got %s\nwant %s", gotJSON, want)
	}

	// Re-classifying the press release as a stored verbatim text would serve p3's note as
	// a quote of the article: refused, and p3 stays COMPILED.
	r := write(source("press", "A press release", "VERBATIM", "seed/sources/ispi-2025-06-26-mineral-insecurity.txt"))
	if r.Code() != "BAD_USER_INPUT" || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, `"p3"`) {
		t.Errorf("re-classifying a cited source as VERBATIM: want BAD_USER_INPUT naming p3, got %s", r.Body)
	}
	var p3 struct{ Project struct{ Evidence string } }
	env.Data(t, `{ project(id: "p3") { evidence } }`, nil, &p3)
	if p3.Project.Evidence != "COMPILED" {
		t.Errorf("p3's evidence after the refused re-classification: %q, want COMPILED", p3.Project.Evidence)
	}
}
