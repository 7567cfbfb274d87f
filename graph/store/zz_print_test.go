package store

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestZZPrint(t *testing.T) {
	q, _ := luceneQuery("Kolwezi lithum")
	b, _ := json.Marshal(map[string]any{"index": fulltextIndex, "nameQuery": "name:" + q, "aliasQuery": "aliasText:" + q, "descriptionQuery": "description:" + q,
		"descriptionWeight": searchDescriptionWeight, "degreeWeight": searchDegreeWeight, "candidates": searchCandidates, "labels": []string{}, "exact": searchNormalize("Kolwezi lithum"), "first": 10})
	fmt.Println(string(b))
}
