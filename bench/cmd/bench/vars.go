package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mineralgraph/mineralgraph/bench/synth"
)

// Query is one benchmark question: a GraphQL document, its hand-written Cypher, and
// the variables (GraphQL) and parameters (Cypher) chosen for a scale.
type Query struct {
	Name     string // file name without extension, e.g. 01_lookup_project
	GraphQL  string
	Cypher   string
	Vars     map[string]any
	Params   map[string]any
	OursOnly bool // search, paths, neighborhood, analytics: the library has no such root field
	Analytic bool // supply, concentration, coverage, dependency, disruption
	// Pool is the cold variants (drawPools): Vars/Params first, then other arguments of
	// the same kind drawn from the graph, so that a response cache cannot answer the cold
	// cells from the same question asked again. Vars/Params alone are the hot mix.
	Pool []Variant
}

// loadQueries reads bench/queries/*.graphql and the .cypher beside each one.
func loadQueries(dir, graph string, scale int, seed uint64) ([]Query, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.graphql"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	vars := variables(scale, seed)
	if graph == "seed" {
		vars = seedVariables()
	}
	var out []Query
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".graphql")
		gql, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		cy, err := os.ReadFile(strings.TrimSuffix(f, ".graphql") + ".cypher")
		if err != nil {
			return nil, fmt.Errorf("%s has no Cypher twin: %w", f, err)
		}
		v, ok := vars[name]
		if !ok && graph == "seed" {
			continue // a query of the synthetic graph only
		}
		if !ok {
			return nil, fmt.Errorf("no variables for query %s (see bench/cmd/bench/vars.go)", name)
		}
		q := Query{Name: name, GraphQL: string(gql), Cypher: string(cy), Vars: v.gql, Params: cypherParams(name, v.gql), OursOnly: v.oursOnly || v.analytic, Analytic: v.analytic}
		q.Pool = []Variant{{Vars: q.Vars, Params: q.Params}}
		out = append(out, q)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no queries in %s", dir)
	}
	return out, nil
}

type queryVars struct {
	gql                map[string]any
	oursOnly, analytic bool
}

// variables picks, for each query, arguments that exist in the graph of this scale and
// seed: fixed hubs (China, the MSP, JOGMEC) and numbered nodes at fixed fractions of
// their range, so each scale asks the same kind of question.
func variables(scale int, seed uint64) map[string]queryVars {
	projects := 2500 * scale
	text := "Kolwezi lithum" // a place and a typo
	return map[string]queryVars{
		"01_lookup_project":    {gql: map[string]any{"id": synth.ProjectID(projects/2 + 1)}},
		"02_lookup_hub":        {gql: map[string]any{"country": "CN"}},
		"03_list_filtered":     {gql: map[string]any{"prefix": "Kolwezi"}},
		"04_list_related":      {gql: map[string]any{"country": "US"}},
		"05_example_question":  {gql: map[string]any{"mineral": "graphite", "partnership": "msp", "financier": "jogmec"}},
		"06_nested_financing":  {gql: map[string]any{"financier": "kfw-ipex-bank", "minAmount": 500.0}},
		"07_nested_membership": {gql: map[string]any{"partnership": "msp"}},
		"08_connection_total":  {gql: map[string]any{"country": "ZM"}},
		"09_nested_connection": {gql: map[string]any{"mineral": "tellurium"}},
		"10_search":            {gql: map[string]any{"text": text}, oursOnly: true}, // Cypher parameters: cypherParams
		"11_paths":             {gql: map[string]any{"from": synth.ProjectID(projects/3 + 7), "to": "msp"}, oursOnly: true},
		"12_neighborhood":      {gql: map[string]any{"id": synth.OrgID(100)}, oursOnly: true},
		// Shapes of the compiler's issue 18: edge filters with totals, nested lists,
		// quantifiers, OR/NOT, a sort on a relationship property.
		"18_connection_edge_filter": {gql: map[string]any{"financier": "kfw-ipex-bank"}},
		"19_nested_lists":           {gql: map[string]any{"partnership": "msp"}},
		"20_quantifiers":            {gql: map[string]any{"country": "CD"}},
		"21_or_not":                 {gql: map[string]any{"prefix": "K", "partnership": "msp"}},
		"22_edge_sort":              {gql: map[string]any{"financier": "jogmec"}},
		// The analytics: the library has none. Their Cypher answers in the shape of the
		// GraphQL data, so the runner compares the two answers.
		"13_supply":        {gql: map[string]any{"mineral": "lithium", "stage": "MINING"}, analytic: true},
		"14_concentration": {gql: map[string]any{"stage": "MINING", "limit": 10}, analytic: true},
		"15_coverage":      {gql: map[string]any{"mineral": "lithium", "stage": "MINING", "partnership": "msp"}, analytic: true},
		"16_dependency":    {gql: map[string]any{"country": "US", "minReliance": 50.0, "partnership": "msp"}, analytic: true},
		"17_disruption":    {gql: map[string]any{"supplier": "CN", "mineral": "tellurium", "stage": "MINING"}, analytic: true},
	}
}

// filterQueries keeps the queries whose names contain one of the comma-separated words
// (all of them for "").
func filterQueries(queries []Query, words string) ([]Query, error) {
	if strings.TrimSpace(words) == "" {
		return queries, nil
	}
	var out []Query
	for _, q := range queries {
		for _, w := range strings.Split(words, ",") {
			if w = strings.TrimSpace(w); w != "" && strings.Contains(q.Name, w) {
				out = append(out, q)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-queries %q matches no query", words)
	}
	return out, nil
}

// seedVariables are the analytic queries' arguments on the seed data set (-graph seed):
// the real USGS figures; the other queries ask for synthetic ids and do not run there.
func seedVariables() map[string]queryVars {
	v := map[string]queryVars{}
	for name, qv := range variables(1, 1) {
		if qv.analytic {
			v[name] = qv
		}
	}
	// USGS publishes tellurium's refinery production only; China's rare earths are the
	// case in point of a disruption.
	v["17_disruption"] = queryVars{gql: map[string]any{"supplier": "CN", "mineral": "rare-earths", "stage": "MINING"}, analytic: true}
	return v
}
