package model

import (
	"reflect"
	"testing"
)

// SetProps decodes the values the Neo4j driver hands over (int64, float64, bool, string,
// []any); absent optional properties stay nil.
func TestSetPropsDecodes(t *testing.T) {
	var m Measurement
	m.SetProps(map[string]any{"id": "m1", "name": "n", "metric": "PRODUCTION", "value": int64(3), "year": float64(2024),
		"estimated": false, "validFrom": nil, "aliases": []any{"a", int64(1), "b"}, "stage": "MINING"})
	if m.ID != "m1" || m.Metric != MetricProduction || *m.Value != 3 || *m.Year != 2024 || *m.Estimated != false ||
		*m.Stage != SupplyChainStageMining || !reflect.DeepEqual(m.Aliases, []string{"a", "b"}) {
		t.Errorf("decoded %+v", m)
	}
	if m.ValueMax != nil || m.Qualifier != nil || m.Note != nil || m.CanonicalValue != nil {
		t.Errorf("absent properties decoded as present: %+v", m)
	}
	if !propBool(true) || propBool("true") || propBool(nil) {
		t.Error("propBool decodes only a stored boolean")
	}
}
