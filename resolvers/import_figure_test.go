package resolvers

import (
	"reflect"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// importFigure decodes what the generated SetProps decodes: the same Measurement for
// the properties it sets itself (present, null or absent; a value stored as an integer),
// and SetProps' own for any other.
func TestImportFigureDecodesAsSetProps(t *testing.T) {
	for _, props := range []map[string]any{
		{"id": "m1", "stageDetail": "Metal", "period": "2021–24", "value": 42.5, "qualifier": "EXACT"},
		{"id": "m2", "stageDetail": nil, "period": nil, "value": nil, "qualifier": nil},
		{"id": "m3", "value": int64(7)},
		{"id": "m4", "stageDetail": "Ore", "value": 3.0, "name": "a name", "sources": []any{"s"}},
		{},
	} {
		got, err := importFigure(props)
		if err != nil {
			t.Fatal(err)
		}
		want, err := store.Decode[model.Measurement](props)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v: got %+v, want %+v", props, *got, *want)
		}
	}
}
