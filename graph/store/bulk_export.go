package store

import (
	"maps"
	"time"
)

// Export turns batches into the values CreateNew would store, without a database: for a
// load by Neo4j's offline importer (bulk_csv.go). It checks each batch as CreateNew does
// (prepare: types, properties, provenance, relationship declarations; the evidence of
// every fact from the sources it cites) and hands out the same properties, derived ones
// and audit stamps included. The evidence of a source cited by a later batch comes from
// the batches added before, as CreateNew reads it from the database. Checks that need
// the written database (an id twice across batches, a relationship whose end was never
// written) are the importer's and the constraints'.
type Export struct {
	audit  map[string]any    // updatedBy, updatedAt: CreateNew's stamps
	levels map[string]string // the evidence level of every Source added so far, by id
}

// NewExport starts an export whose rows are stamped as written by writer at now
// ("internal" when writer is empty, as CreateNew).
func NewExport(writer string, now time.Time) *Export {
	if writer == "" {
		writer = "internal"
	}
	return &Export{
		audit:  map[string]any{"updatedBy": writer, "updatedAt": now.UTC().Format(time.RFC3339)},
		levels: map[string]string{},
	}
}

// ExportedNode is a node as CreateNew stores it: its type (whose Labels it gets) and
// every property.
type ExportedNode struct {
	Type  *NodeType
	Props map[string]any
}

// ExportedRelation is a relationship as CreateNew stores it, with the ids and types of
// its ends.
type ExportedRelation struct {
	From, Type, To string // node types and relationship type
	FromID, ToID   string
	Props          map[string]any
}

// Add checks b and yields its nodes, then its relationships, with what CreateNew would
// store for them. Nothing is yielded when the batch fails its checks.
func (e *Export) Add(b Batch, node func(ExportedNode) error, rel func(ExportedRelation) error) error {
	p, err := prepare(b, false)
	if err != nil {
		return err
	}
	known := func(ids []string) (map[string]string, error) {
		out := map[string]string{}
		for _, id := range ids {
			if level, ok := e.levels[id]; ok {
				out[id] = level
			}
		}
		return out, nil
	}
	if _, err := p.setEvidenceFrom(known); err != nil {
		return err
	}
	for _, g := range p.nodes {
		for _, r := range g.rows {
			props := r["props"].(map[string]any)
			if g.t.Name == "Source" {
				e.levels[r["id"].(string)] = props["evidence"].(string)
			}
			maps.Copy(props, e.audit)
			if err := node(ExportedNode{Type: g.t, Props: props}); err != nil {
				return err
			}
		}
	}
	for _, g := range p.rels {
		for _, r := range g.rows {
			props := r["props"].(map[string]any)
			maps.Copy(props, e.audit)
			if err := rel(ExportedRelation{From: g.from, Type: g.relType, To: g.to,
				FromID: r["from"].(string), ToID: r["to"].(string), Props: props}); err != nil {
				return err
			}
		}
	}
	return nil
}

// nodeColumns are the properties CreateNew can store on a node of t, in the order of its
// statement, then the audit stamps; relationColumns the same for a relationship of decl.
func nodeColumns(t *NodeType) []string {
	return append(columns(t.Properties, t.Property), auditKeys...)
}

func relationColumns(decl Relation) []string {
	return append(columns(RelationshipProperties[decl.Properties], nil), auditKeys...)
}
