package resolvers

import (
	"context"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
	"github.com/mineralgraph/mineralgraph/seed"
)

// maxWriteItems bounds one write request; bigger loads go through several requests or
// `mineralgraph import`.
const maxWriteItems = 5000

// storedTexts hold a write's quotes to the texts the project stores: a VERBATIM quote
// must be in its source's text, a DATA_ROW quote the row its locator names.
var storedTexts = store.NewStoredTexts(seed.StoredSources())

// upsertMutation resolves Mutation.upsert: one transaction through the seed loader's
// write path, stamped and logged with the key's name.
func upsertMutation(ctx context.Context, st *store.Store, logger logger, input model.UpsertInput) (*model.WriteSummary, error) {
	writer, err := auth.Writer(ctx)
	if err != nil {
		return nil, err
	}
	if len(input.Nodes) > maxWriteItems || len(input.Relations) > maxWriteItems {
		return nil, apperr.Errorf(apperr.BadUserInput, "input: at most %d nodes and %d relations per request", maxWriteItems, maxWriteItems)
	}
	var b store.Batch
	typeOf := map[string]string{}
	for i, n := range input.Nodes {
		props, err := withProvenance(n.Properties, n.Provenance, n.Type == "Source", "input.nodes", i)
		if err != nil {
			return nil, err
		}
		b.Nodes = append(b.Nodes, store.NodeInput{Type: n.Type, ID: n.ID, Props: props})
		typeOf[n.ID] = n.Type
	}
	if err := endTypes(ctx, st, input.Relations, typeOf); err != nil {
		return nil, err
	}
	for i, r := range input.Relations {
		props, err := withProvenance(r.Properties, r.Provenance, false, "input.relations", i)
		if err != nil {
			return nil, err
		}
		b.Relations = append(b.Relations, store.RelationInput{Type: r.Type, From: r.From, FromType: typeOf[r.From],
			To: r.To, ToType: typeOf[r.To], Key: deref(r.Key), Props: props})
	}
	sum, err := st.Apply(ctx, b, store.ApplyOptions{Writer: writer, StoredTexts: storedTexts})
	if err != nil {
		return nil, err
	}
	logger.InfoContext(ctx, "write", "writer", writer, "mutation", "upsert", "summary", sum.String())
	return summary(sum, writer), nil
}

// deleteMutation resolves Mutation.delete.
func deleteMutation(ctx context.Context, st *store.Store, logger logger, input model.DeleteInput) (*model.WriteSummary, error) {
	writer, err := auth.Writer(ctx)
	if err != nil {
		return nil, err
	}
	if len(input.Ids) > maxWriteItems || len(input.Relations) > maxWriteItems {
		return nil, apperr.Errorf(apperr.BadUserInput, "input: at most %d ids and %d relations per request", maxWriteItems, maxWriteItems)
	}
	refs := make([]store.RelationRef, 0, len(input.Relations))
	for _, r := range input.Relations {
		refs = append(refs, store.RelationRef{Type: r.Type, From: r.From, To: r.To, Key: deref(r.Key)})
	}
	sum, err := st.Delete(ctx, input.Ids, refs)
	if err != nil {
		return nil, err
	}
	logger.InfoContext(ctx, "write", "writer", writer, "mutation", "delete", "summary", sum.String())
	return summary(sum, writer), nil
}

// withProvenance returns the stored properties: the given ones plus the provenance
// arrays, which can only come from `provenance`. The evidence level of a fact is derived
// from its sources by the write path; only a Source states its own.
func withProvenance(props map[string]any, prov []*model.ProvenanceInput, isSource bool, path string, i int) (map[string]any, error) {
	out := make(map[string]any, len(props)+3)
	for k, v := range props {
		switch {
		case k == "sources" || k == "quotes" || k == "locators":
			return nil, apperr.Errorf(apperr.BadUserInput, "%s[%d].properties: %s comes from provenance", path, i, k)
		case k == "evidence" && !isSource:
			return nil, apperr.Errorf(apperr.BadUserInput, "%s[%d].properties: evidence is derived from the cited sources", path, i)
		}
		out[k] = v
	}
	if len(prov) == 0 {
		return nil, apperr.Errorf(apperr.BadUserInput, "%s[%d].provenance: at least one source with a quote is required", path, i)
	}
	sources, quotes, locators := make([]any, len(prov)), make([]any, len(prov)), make([]any, len(prov))
	for j, p := range prov {
		if p.Quote == "" {
			return nil, apperr.Errorf(apperr.BadUserInput, "%s[%d].provenance[%d].quote: must not be empty", path, i, j)
		}
		sources[j], quotes[j], locators[j] = p.Source, p.Quote, deref(p.Locator)
	}
	out["sources"], out["quotes"], out["locators"] = sources, quotes, locators
	return out, nil
}

// endTypes finds the types of relation ends that are not in the request: one query.
func endTypes(ctx context.Context, st *store.Store, rels []*model.RelationUpsert, typeOf map[string]string) error {
	var ids []string
	for _, r := range rels {
		for _, id := range []string{r.From, r.To} {
			if _, ok := typeOf[id]; !ok {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := st.NodesByID(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		n, ok := found[id]
		if !ok {
			return apperr.Errorf(apperr.BadUserInput, "input.relations: node %q does not exist and is not in the request", id)
		}
		typeOf[id] = n.Type
	}
	return nil
}

func summary(s store.Summary, writer string) *model.WriteSummary {
	return &model.WriteSummary{
		NodesCreated: s.NodesCreated, NodesUpdated: s.NodesUpdated, NodesUnchanged: s.NodesUnchanged, NodesDeleted: s.NodesDeleted,
		RelationsCreated: s.RelationsCreated, RelationsUpdated: s.RelationsUpdated, RelationsUnchanged: s.RelationsUnchanged,
		RelationsDeleted: s.RelationsDeleted, Changed: s.Changed(), Writer: writer,
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
