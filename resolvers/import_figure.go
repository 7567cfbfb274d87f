package resolvers

import (
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/scalar"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// importFigure decodes an import-source figure. Most answers read only what an import
// source's fields are read from (its id, stageDetail, period, value and qualifier):
// those are set directly, as SetProps sets them, instead of looking up each of a
// Measurement's 28 properties in each of hundreds of figures.
func importFigure(props map[string]any) (*model.Measurement, error) {
	for name := range props {
		switch name {
		case "id", "stageDetail", "period", "value", "qualifier":
		default:
			return store.Decode[model.Measurement](props)
		}
	}
	// The lists absent are empty, not null, as SetProps leaves them (no allocation).
	none := scalar.Strings(nil)
	m := &model.Measurement{Aliases: none, Sources: none, Quotes: none, Locators: none}
	m.ID, _ = scalar.String(props["id"])
	m.StageDetail = stringPtr(props["stageDetail"])
	m.Period = stringPtr(props["period"])
	if v, ok := scalar.Float(props["value"]); ok {
		m.Value = &v
	}
	if q, ok := scalar.String(props["qualifier"]); ok {
		vq := model.ValueQualifier(q)
		m.Qualifier = &vq
	}
	return m, nil
}

func stringPtr(v any) *string {
	if s, ok := scalar.String(v); ok {
		return &s
	}
	return nil
}
