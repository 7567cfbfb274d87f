package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed/seedtest"
)

// On the seed data set and the USGS releases (the graph `make run` serves), concentration
// from the summaries answers exactly what the computation from every figure answers —
// the same entries, numbers, nodes and order, or the same error — for every metric, stage
// (and none), edition and year with figures, each alone and together, either sort,
// critical minerals or all; smaller limits cut the same order, and a projection of the
// nodes (as the API asks) projects the same.
func TestConcentrationSummariesMatchTheFigures(t *testing.T) {
	st, driver := seedtest.Full(t)
	ctx := context.Background()
	type selection struct {
		metric  string
		stage   *string
		edition *string
		year    *int
	}
	var sels []selection
	seen := map[string]bool{}
	add := func(s selection) {
		if k := fmt.Sprint(s.metric, deref(s.stage), deref(s.edition), deref(s.year)); !seen[k] {
			seen[k] = true
			sels = append(sels, s)
		}
	}
	for _, row := range storetest.Query(t, driver, `MATCH (m:Measurement)
WHERE m.metric IN $metrics AND m.edition IS NOT NULL AND m.year IS NOT NULL AND m.yearFrom IS NULL
RETURN DISTINCT m.metric AS metric, m.stage AS stage, m.edition AS edition, m.year AS year`, map[string]any{"metrics": store.SupplyMetrics}) {
		metric, edition, year := row["metric"].(string), row["edition"].(string), int(row["year"].(int64))
		var stage *string
		if s, ok := row["stage"].(string); ok {
			stage = &s
		}
		for _, st := range []*string{stage, nil} {
			add(selection{metric, st, nil, nil})
			add(selection{metric, st, &edition, nil})
			add(selection{metric, st, nil, &year})
			add(selection{metric, st, &edition, &year})
		}
	}
	if len(sels) < 20 {
		t.Fatalf("only %d selections: the fixture has no USGS figures?", len(sels))
	}
	compare := func(a store.ConcentrationArgs) {
		t.Helper()
		got := rankingText(t)(st.Concentration(ctx, a))
		if want := rankingText(t)(store.ConcentrationFromFigures(st, ctx, a)); got != want {
			t.Errorf("%s stage %v edition %v year %v sort %s critical %v limit %d:\n got %.600s\nwant %.600s", a.Metric, deref(a.Stage),
				deref(a.Edition), deref(a.Year), a.Sort, a.CriticalOnly, a.Limit, got, want)
		}
	}
	for _, s := range sels {
		a := store.ConcentrationArgs{Metric: s.metric, Stage: s.stage, Edition: s.edition, Year: s.year, Sort: "HHI", Limit: store.ConcentrationMaxLimit}
		compare(a)
		if s.edition != nil || s.year != nil {
			continue
		}
		for _, sort := range []string{"HHI", "TOP_SHARE"} {
			for _, critical := range []bool{false, true} {
				a.Sort, a.CriticalOnly = sort, critical
				compare(a)
			}
		}
		a.Sort, a.CriticalOnly = "TOP_SHARE", false
		for _, limit := range []int{1, 10} {
			a.Limit = limit
			compare(a)
		}
		a.Props = &store.SupplyProps{Mineral: []string{"name"}, Country: []string{"name"}, Figure: []string{"value", "qualifier"}, World: []string{"value"}}
		compare(a)
	}
	t.Logf("%d selections compared", len(sels))
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
