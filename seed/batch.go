package seed

import (
	"maps"
	"slices"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Batch converts a valid data set into the batch the store writes: Source nodes first,
// then the other nodes and the relations in file order. The stored properties are the
// typed values plus the `sources`, `quotes` and `locators` arrays of the provenance, in
// order, and the evidence level the validator derived.
func (d *DataSet) Batch() store.Batch {
	var b store.Batch
	for _, sourcesFirst := range []bool{true, false} {
		for _, n := range d.Nodes {
			if (n.Type == "Source") != sourcesFirst {
				continue
			}
			in := n.NodeInput
			in.Props = withProvenance(n.Props, n.Provenance)
			b.Nodes = append(b.Nodes, in)
		}
	}
	for _, r := range d.Relations {
		in := r.RelationInput
		in.Props = withProvenance(r.Props, r.Provenance)
		b.Relations = append(b.Relations, in)
	}
	return b
}

func withProvenance(props map[string]any, prov []Provenance) map[string]any {
	out := make(map[string]any, len(props)+3)
	for k, v := range props {
		out[k] = v
	}
	sources := make([]string, len(prov))
	quotes := make([]string, len(prov))
	locators := make([]string, len(prov))
	for i, p := range prov {
		sources[i], quotes[i], locators[i] = p.Source, p.Quote, p.Locator
	}
	out["sources"], out["quotes"], out["locators"] = sources, quotes, locators
	return out
}

// Count is a number of items of one type.
type Count struct {
	Type string
	N    int
}

// NodeCounts returns the number of nodes per type, by type name.
func (d *DataSet) NodeCounts() []Count {
	m := map[string]int{}
	for _, n := range d.Nodes {
		m[n.Type]++
	}
	return sortedCounts(m)
}

// RelationCounts returns the number of relations per relationship type, by type name.
func (d *DataSet) RelationCounts() []Count {
	m := map[string]int{}
	for _, r := range d.Relations {
		m[r.Type]++
	}
	return sortedCounts(m)
}

// EvidenceCounts returns the number of provenance entries per evidence level of their
// source, and of facts (nodes but sources, and relations) per strongest level.
func (d *DataSet) EvidenceCounts() (entries, facts []Count) {
	levels := map[string]string{}
	for _, n := range d.Nodes {
		if n.Type == "Source" {
			levels[n.ID], _ = n.Props["evidence"].(string)
		}
	}
	e, f := map[string]int{}, map[string]int{}
	tally := func(props map[string]any, prov []Provenance) {
		for _, p := range prov {
			e[levels[p.Source]]++
		}
		if level, ok := props["evidence"].(string); ok {
			f[level]++
		}
	}
	for _, n := range d.Nodes {
		if n.Type != "Source" {
			tally(n.Props, n.Provenance)
		}
	}
	for _, r := range d.Relations {
		tally(r.Props, r.Provenance)
	}
	return sortedCounts(e), sortedCounts(f)
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, Count{k, m[k]})
	}
	return out
}
