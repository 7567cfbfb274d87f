package store

import (
	"context"
	"fmt"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Evidence levels of the model's EvidenceLevel enum, strongest first.
const (
	Verbatim = "VERBATIM"
	DataRow  = "DATA_ROW"
	Compiled = "COMPILED"
)

// StrongestEvidence returns the strongest of the given levels ("" for none or only
// unknown ones). A fact backed by a quote and by a compiled note is as strong as its quote.
func StrongestEvidence(levels []string) string {
	best := ""
	for _, l := range levels {
		if r := evidenceRank(l); r >= 0 && (best == "" || r < evidenceRank(best)) {
			best = l
		}
	}
	return best
}

func evidenceRank(level string) int {
	for i, l := range Enums["EvidenceLevel"] {
		if l == level {
			return i
		}
	}
	return -1
}

// provenanceRows yields the stored properties of every node and relationship of the plan,
// with what naming the row for an error message (a function: formatting it for every
// row was ~8 % of a bulk load's client CPU, profiled).
func (p *plan) provenanceRows(yield func(what func() string, isSource bool, props map[string]any) error) error {
	for _, g := range p.nodes {
		for _, r := range g.rows {
			what := func() string { return fmt.Sprintf("%s %q", g.t.Name, r["id"]) }
			if err := yield(what, g.t.Name == "Source", r["props"].(map[string]any)); err != nil {
				return err
			}
		}
	}
	for _, g := range p.rels {
		for _, r := range g.rows {
			what := func() string { return fmt.Sprintf("relation %s", r["id"]) }
			if err := yield(what, false, r["props"].(map[string]any)); err != nil {
				return err
			}
		}
	}
	return nil
}

// setEvidence stores on every node and relationship of the plan the strongest level of
// the sources it cites, taken from the Source nodes of the batch or else of the
// database, and checks that each data row has a locator. It fails with BAD_USER_INPUT
// when a cited source exists in neither. It returns the ids of the batch's sources whose
// level differs from the stored one: facts outside the batch that cite them need their
// evidence refreshed.
func (p *plan) setEvidence(ctx context.Context, tx neo4j.ManagedTransaction) ([]string, error) {
	return p.setEvidenceFrom(func(ids []string) (map[string]string, error) { return storedEvidence(ctx, tx, ids) })
}

// setEvidenceFrom is setEvidence with the stored levels of the given source ids read by
// stored: from the database, or from the sources an offline export has written
// (bulk_export.go).
func (p *plan) setEvidenceFrom(stored func(ids []string) (map[string]string, error)) ([]string, error) {
	levels := map[string]string{}
	var inBatch []string
	for _, g := range p.nodes {
		if g.t.Name != "Source" {
			continue
		}
		for _, r := range g.rows {
			id := r["id"].(string)
			levels[id] = r["props"].(map[string]any)["evidence"].(string)
			inBatch = append(inBatch, id)
		}
	}
	var lookup []string
	seen := map[string]bool{}
	_ = p.provenanceRows(func(_ func() string, _ bool, props map[string]any) error {
		for _, s := range props["sources"].([]any) {
			id, _ := s.(string)
			if _, known := levels[id]; !known && !seen[id] {
				seen[id] = true
				lookup = append(lookup, id)
			}
		}
		return nil
	})
	storedLevels, err := stored(append(lookup, inBatch...))
	if err != nil {
		return nil, err
	}
	var missing []any
	for _, id := range lookup {
		level, ok := storedLevels[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		levels[id] = level
	}
	if len(missing) > 0 {
		if len(missing) > 5 {
			missing = missing[:5]
		}
		return nil, apperr.Errorf(apperr.BadUserInput, "provenance cites sources that do not exist: %s", joinAny(missing))
	}
	var changed []string
	for _, id := range inBatch {
		if old, ok := storedLevels[id]; ok && old != levels[id] {
			changed = append(changed, id)
		}
	}
	err = p.provenanceRows(func(what func() string, isSource bool, props map[string]any) error {
		sources, locators := props["sources"].([]any), props["locators"].([]any)
		entry := make([]string, len(sources))
		for i, s := range sources {
			entry[i] = levels[s.(string)]
			if entry[i] == DataRow && locators[i] == "" && !isSource { // a source cites its own title
				return apperr.Errorf(apperr.BadUserInput, "%s: provenance[%d] cites the data file %q: a locator (<file>:<line>) is required", what(), i, s)
			}
		}
		if !isSource {
			props["evidence"] = StrongestEvidence(entry)
		}
		return nil
	})
	return changed, err
}

// storedEvidence returns the evidence level of those of ids that are Source nodes.
func storedEvidence(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) (map[string]string, error) {
	sources, err := sourcesByID(ctx, tx, ids) // quotes.go
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(sources))
	for id, c := range sources {
		out[id] = c.level
	}
	return out, nil
}

// refreshEvidence recomputes the evidence of the stored facts outside the batch that
// cite a source whose level the batch changed. Rare (a source re-classified), so a scan
// is acceptable.
func (p *plan) refreshEvidence(ctx context.Context, tx neo4j.ManagedTransaction, changed []string, audit map[string]any) error {
	if len(changed) == 0 {
		return nil
	}
	const strongest = `CALL (x) {
  UNWIND x.sources AS sid
  MATCH (s:Source {id: sid})
  RETURN min(CASE s.evidence WHEN 'VERBATIM' THEN 0 WHEN 'DATA_ROW' THEN 1 ELSE 2 END) AS rank
}
WITH x, ['VERBATIM', 'DATA_ROW', 'COMPILED'][rank] AS level WHERE x.evidence IS NULL OR x.evidence <> level
SET x.evidence = level, x.updatedBy = $writer, x.updatedAt = $now`
	params := map[string]any{"changed": changed, "writer": audit["writer"], "now": audit["now"]}
	for _, match := range []string{
		"MATCH (x) WHERE NOT x:Source AND any(s IN coalesce(x.sources, []) WHERE s IN $changed)\n",
		"MATCH ()-[x]->() WHERE any(s IN coalesce(x.sources, []) WHERE s IN $changed)\n",
	} {
		res, err := tx.Run(ctx, match+strongest, params)
		if err != nil {
			return err
		}
		if _, err := res.Consume(ctx); err != nil {
			return err
		}
	}
	return nil
}
