package e2e

import "testing"

// The Insights page asks for every mineral's ranking with the provenance of each top
// figure. The cost estimate bounds a list of figures inside an analytic answer by the
// figures the graph holds, not by 1000 for each row: with the latter this query was
// refused as costing 702,801.
func TestAnalyticListsPassTheCostLimit(t *testing.T) {
	h := fullServer(t)
	resp := h.Post(t, `query($stage: SupplyChainStage, $year: Int) {
  concentration(stage: $stage, year: $year, sort: HHI, criticalOnly: false, limit: 100) {
    edition year minerals { mineral { id name } series hhi cr1 cr3 worldTotalMeasurement { id }
      top { country { id name } share measurements { id provenance { evidence locator source { id title } } } } }
  }
}`, map[string]any{"stage": "MINING", "year": nil})
	if len(resp.Errors) > 0 {
		t.Fatalf("%+v", resp.Errors)
	}
	var got struct {
		Concentration struct {
			Minerals []struct {
				Top struct{ Measurements []struct{ ID string } }
			}
		}
	}
	resp.Decode(t, &got)
	if len(got.Concentration.Minerals) < 10 || len(got.Concentration.Minerals[0].Top.Measurements) == 0 {
		t.Errorf("want a ranking of minerals with their top figures, got %d minerals", len(got.Concentration.Minerals))
	}
}
