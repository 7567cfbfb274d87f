package usgs

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// namesYAML maps every commodity and country name of the releases to the graph's ids.
//
//go:embed names.yaml
var namesYAML []byte

// Names maps the names the releases use to the graph's ids.
type Names struct {
	// Commodities maps a commodity name (spaces trimmed), or "name|series wording" for a
	// series that belongs to another mineral than its commodity, to a Mineral id.
	Commodities map[string]string `yaml:"commodities"`
	// Countries maps a COUNTRY cell (spaces and no-break spaces trimmed) to
	// "<ISO code>[ <qualifier>]", "WORLD[ <qualifier>]", "OTHER[ <qualifier>]" or COMBINED.
	Countries map[string]string `yaml:"countries"`
}

// CountryName is what a COUNTRY cell stands for.
type CountryName struct {
	ID        string    // ISO 3166-1 alpha-2; "" for an aggregate or a combination
	Aggregate Aggregate // WORLD or OTHER_COUNTRIES
	Combined  bool      // several named countries together
	Detail    string    // the qualifier the cell adds ("beneficiated", "ilmenite")
}

var (
	defaultNames     *Names
	defaultNamesErr  error
	defaultNamesOnce sync.Once
)

// DefaultNames returns the compiled-in name tables (names.yaml).
func DefaultNames() (*Names, error) {
	defaultNamesOnce.Do(func() {
		var n Names
		if err := yaml.Unmarshal(namesYAML, &n); err != nil {
			defaultNamesErr = fmt.Errorf("usgs: names.yaml: %w", err)
			return
		}
		for cell, v := range n.Countries {
			if _, err := parseCountryName(v); err != nil {
				defaultNamesErr = fmt.Errorf("usgs: names.yaml: country %q: %w", cell, err)
				return
			}
		}
		defaultNames = &n
	})
	return defaultNames, defaultNamesErr
}

func parseCountryName(v string) (CountryName, error) {
	code, detail, _ := strings.Cut(v, " ")
	c := CountryName{Detail: strings.TrimSpace(detail)}
	switch {
	case code == "WORLD":
		c.Aggregate = World
	case code == "OTHER":
		c.Aggregate = OtherCountries
	case code == "COMBINED":
		c.Combined = true
	case len(code) == 2 && strings.ToUpper(code) == code:
		c.ID = code
	default:
		return c, fmt.Errorf("%q is neither an ISO 3166-1 alpha-2 code nor WORLD, OTHER or COMBINED", v)
	}
	return c, nil
}

// Country looks a COUNTRY cell up.
func (n *Names) Country(cell string) (CountryName, bool) {
	v, ok := n.Countries[clean(cell)]
	if !ok {
		return CountryName{}, false
	}
	c, err := parseCountryName(v)
	return c, err == nil
}

// Mineral looks a commodity up, for a series (TYPE or Statistics_detail) of it.
func (n *Names) Mineral(commodity, series string) (string, bool) {
	if id, ok := n.Commodities[clean(commodity)+"|"+clean(series)]; ok {
		return id, true
	}
	id, ok := n.Commodities[clean(commodity)]
	return id, ok
}

// MineralIDs returns every mineral id of the tables, sorted.
func (n *Names) MineralIDs() []string {
	set := map[string]bool{}
	for _, id := range n.Commodities {
		set[id] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// CountryIDs returns every ISO code of the tables, sorted.
func (n *Names) CountryIDs() []string {
	set := map[string]bool{}
	for cell := range n.Countries {
		if c, _ := n.Country(cell); c.ID != "" {
			set[c.ID] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
