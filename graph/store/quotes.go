package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// citedSource is what a provenance entry is held to: its source's level and stored file.
type citedSource struct{ level, storedAs string }

// maxQuoteProblems bounds the problems one refused write lists.
const maxQuoteProblems = 5

// checkQuotes fails with BAD_USER_INPUT when a provenance entry of the plan does not hold
// to its source's evidence level (StoredTexts.check), and when a Source of the batch that
// becomes VERBATIM or DATA_ROW, or changes its stored file, would promote facts outside
// the batch whose texts are not in it. A Source's citation of itself by its title is
// metadata, not evidence, and is not checked. Sources that do not exist are
// setEvidence's to report, which runs first.
func (p *plan) checkQuotes(ctx context.Context, tx neo4j.ManagedTransaction, texts *StoredTexts) error {
	cited := map[string]citedSource{}
	var batchSources []string
	for _, g := range p.nodes {
		if g.t.Name != "Source" {
			continue
		}
		for _, r := range g.rows {
			props := r["props"].(map[string]any)
			id := r["id"].(string)
			level, _ := props["evidence"].(string)
			storedAs, _ := props["storedAs"].(string)
			cited[id] = citedSource{level, storedAs}
			batchSources = append(batchSources, id)
		}
	}
	var lookup []string
	_ = p.provenanceRows(func(_ func() string, _ bool, props map[string]any) error {
		sources, _ := props["sources"].([]any)
		for _, s := range sources {
			if id, _ := s.(string); id != "" {
				if _, known := cited[id]; !known {
					cited[id] = citedSource{}
					lookup = append(lookup, id)
				}
			}
		}
		return nil
	})
	stored, err := sourcesByID(ctx, tx, append(lookup, batchSources...))
	if err != nil {
		return err
	}
	for _, id := range lookup {
		cited[id] = stored[id]
	}
	var problems []string
	_ = p.provenanceRows(func(what func() string, isSource bool, props map[string]any) error {
		sources, _ := props["sources"].([]any)
		quotes, _ := props["quotes"].([]any)
		locators, _ := props["locators"].([]any)
		for i, s := range sources {
			id, _ := s.(string)
			quote, locator := at(quotes, i), at(locators, i)
			if isSource && id == props["id"] && quote == props["title"] {
				continue
			}
			c := cited[id]
			if why := texts.check(c.level, c.storedAs, quote, locator); why != "" && len(problems) < maxQuoteProblems {
				problems = append(problems, fmt.Sprintf("%s: provenance[%d] (source %q): %s", what(), i, id, why))
			}
		}
		return nil
	})
	if len(problems) == 0 {
		problems, err = p.checkPromoted(ctx, tx, texts, cited, stored, batchSources)
		if err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		return apperr.Errorf(apperr.BadUserInput, "%s", strings.Join(problems, "; "))
	}
	return nil
}

// checkPromoted holds the stored facts outside the batch that cite a Source of the batch
// to what the batch makes of it: VERBATIM or DATA_ROW where it was not, or another stored
// file. Rare (a source re-classified or moved), so a scan is acceptable.
func (p *plan) checkPromoted(ctx context.Context, tx neo4j.ManagedTransaction, texts *StoredTexts, cited, stored map[string]citedSource, batchSources []string) ([]string, error) {
	var promoted []string
	for _, id := range batchSources {
		old, existed := stored[id]
		now := cited[id]
		if existed && (now.level == Verbatim || now.level == DataRow) && old != now {
			promoted = append(promoted, id)
		}
	}
	if len(promoted) == 0 {
		return nil, nil
	}
	inBatch := map[string]bool{}
	for _, id := range p.nodeIDs {
		inBatch[id] = true
	}
	for _, id := range p.relIDs {
		inBatch[id] = true
	}
	var problems []string
	for _, match := range []string{
		"MATCH (x) WHERE NOT x:Source AND any(s IN coalesce(x.sources, []) WHERE s IN $ids)\n",
		"MATCH ()-[x]->() WHERE any(s IN coalesce(x.sources, []) WHERE s IN $ids)\n",
	} {
		res, err := tx.Run(ctx, match+"RETURN x.id AS id, x.sources AS sources, x.quotes AS quotes, x.locators AS locators",
			map[string]any{"ids": promoted})
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			m := rec.AsMap()
			id, _ := m["id"].(string)
			if inBatch[id] {
				continue // checked with the batch
			}
			sources, _ := m["sources"].([]any)
			quotes, _ := m["quotes"].([]any)
			locators, _ := m["locators"].([]any)
			for i, s := range sources {
				sid, _ := s.(string)
				c, ok := cited[sid]
				if !ok || !slices.Contains(promoted, sid) {
					continue
				}
				if why := texts.check(c.level, c.storedAs, at(quotes, i), at(locators, i)); why != "" && len(problems) < maxQuoteProblems {
					problems = append(problems, fmt.Sprintf("source %q as written would make the stored %q's provenance[%d] %s, but %s", sid, id, i, c.level, why))
				}
			}
		}
	}
	return problems, nil
}

// at is the i-th string of a provenance array, "" where there is none.
func at(list []any, i int) string {
	if i >= len(list) {
		return ""
	}
	s, _ := list[i].(string)
	return s
}

// sourcesByID returns the level and stored file of those of ids that are Source nodes.
func sourcesByID(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) (map[string]citedSource, error) {
	out := map[string]citedSource{}
	if len(ids) == 0 {
		return out, nil
	}
	res, err := tx.Run(ctx, `UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s.id AS id, s.evidence AS evidence, s.storedAs AS storedAs`, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		id, _ := rec.Values[0].(string)
		level, _ := rec.Values[1].(string)
		storedAs, _ := rec.Values[2].(string)
		out[id] = citedSource{level, storedAs}
	}
	return out, nil
}
