package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
)

// Example is a saved query of the pages: a README example of the playground, or a query of
// the Insights page with the page's default variables.
type Example struct {
	Title     string         `json:"title"`
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

// SavedExamples returns the playground's README examples and the Insights page's queries,
// as the build wrote them into dist/.
func SavedExamples() ([]Example, error) {
	var all []Example
	for _, name := range []string{"examples.json", "insights-examples.json"} {
		raw, err := fs.ReadFile(dist, "dist/"+name)
		if err != nil {
			return nil, fmt.Errorf("web: %w (rebuild web/: make web-build)", err)
		}
		var some []Example
		if err := json.Unmarshal(raw, &some); err != nil {
			return nil, fmt.Errorf("web: dist/%s: %w", name, err)
		}
		all = append(all, some...)
	}
	return all, nil
}
