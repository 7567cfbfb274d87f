package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/seed/seedtest"
)

// On the seed data set and the USGS releases, dependency from the import-source
// summaries answers exactly what the statement reading every import-source figure
// answers — the same minerals, sources, order, shares, qualifiers, partner flags and
// agreements, or the same error — for every year with figures and none, thresholds,
// partnerships, dates and agreement limits, with every property of the figures and with
// the benchmark's projection (which the summaries answer without reading a figure).
//
// Every pair of arguments and projection is compared, each pair either without a year
// or with every year, so that every arguments and every projection meet both: each
// (arguments, projection, year given or not) is a statement Neo4j plans apart, for both
// sides, at about a CPU-second apiece on the test Neo4j, and all 36 of them took half of
// this test's ~100 CPU-s; the years beyond the first of a pair reuse its plans.
func TestDependencySummariesMatchTheFigures(t *testing.T) {
	st, _ := seedtest.Full(t)
	ctx := context.Background()
	fifty, ninety, zero := 50.0, 90.0, 0.0
	msp, forum, asOf, edition := "msp", "msp-forum", "2023-06", "MCS2026"
	benchProps := store.DependencyProps{Home: []string{}, Partnership: []string{}, Mineral: []string{"id", "name"},
		Reliance: []string{"stageDetail", "value", "qualifier", "estimated"}, Source: []string{"stageDetail", "period", "value", "qualifier"},
		Country: []string{"id"}, Agreement: []string{"id"}}
	moreProps := benchProps
	moreProps.Source = []string{"unit", "value"}
	compared := 0
	noYear, everyYear := []*int{nil}, []*int{ptrTo(2021), ptrTo(2024), ptrTo(2025), ptrTo(1990)}
	for i, a := range []store.DependencyArgs{
		{}, {MinReliance: &fifty, Partnership: &msp}, {MoreThan: &ninety, Partnership: &forum, AsOf: &asOf},
		{MinReliance: &zero, Edition: &edition, AgreementLimit: store.DependencyMaxAgreements},
		{Country: "CN"}, {Country: "nowhere"},
	} {
		for j, props := range []store.DependencyProps{{}, benchProps, moreProps} {
			years := noYear
			if (i+j)%2 == 1 {
				years = everyYear
			}
			for _, year := range years {
				a.Year, a.Props = year, props
				if a.Country == "" {
					a.Country = "US"
				}
				if a.AgreementLimit == 0 {
					a.AgreementLimit = store.DependencyDefaultAgreements
				}
				got, want := dependencyText(t)(st.Dependency(ctx, a)), dependencyText(t)(store.DependencyFromFigures(st, ctx, a))
				if got != want {
					t.Errorf("%+v:\n got %.800s\nwant %.800s", a, got, want)
				}
				compared++
			}
		}
	}
	// The comparison shows something: the default answer lists import sources.
	d, err := st.Dependency(ctx, store.DependencyArgs{Country: "US", AgreementLimit: 10})
	if err != nil {
		t.Fatal(err)
	}
	sources := 0
	for _, m := range d.Minerals {
		sources += len(m.ImportSources)
	}
	if sources < 400 {
		t.Fatalf("%d import sources in the United States' answer: the fixture has no USGS figures?", sources)
	}
	t.Logf("%d answers compared", compared)
}

// dependencyText is an answer of Dependency as text: every value exactly, its error.
func dependencyText(t *testing.T) func(*store.Dependency, error) string {
	return func(d *store.Dependency, err error) string {
		b, jerr := json.Marshal(d)
		if jerr != nil {
			t.Fatal(jerr)
		}
		return fmt.Sprintf("%s %v", b, err)
	}
}

func ptrTo[T any](v T) *T { return &v }
