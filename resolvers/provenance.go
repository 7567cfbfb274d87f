package resolvers

import (
	"context"
	"fmt"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// provenance pairs each source id with its text and locator; the source's evidence level
// says whether the text is a quote or a compiled note. All sources of a request share
// one batch.
func provenance(ctx context.Context, sourceIDs, quotes, locators []string) ([]*model.Provenance, error) {
	l := loader.For(ctx)
	thunks := make([]func() (store.Node, bool, error), len(sourceIDs))
	for i, id := range sourceIDs {
		thunks[i] = l.SourceThunk(ctx, id)
	}
	out := make([]*model.Provenance, 0, len(sourceIDs))
	for i, thunk := range thunks {
		node, ok, err := thunk()
		if err != nil {
			return nil, err
		}
		if !ok || i >= len(quotes) {
			// The write path refuses both, so the data is damaged: say so in the log only.
			return nil, &apperr.Error{Code: apperr.Internal, Message: "internal error",
				Cause: fmt.Errorf("provenance entry %d of %d (%d quotes) refers to source %q, found: %t", i, len(sourceIDs), len(quotes), sourceIDs[i], ok)}
		}
		src, err := store.Decode[model.Source](node.Props)
		if err != nil {
			return nil, err
		}
		p := &model.Provenance{Source: src, Evidence: src.Evidence}
		if src.Evidence == model.EvidenceLevelCompiled {
			p.Note = &quotes[i]
		} else {
			p.Quote = &quotes[i]
		}
		if i < len(locators) && locators[i] != "" {
			p.Locator = &locators[i]
		}
		out = append(out, p)
	}
	return out, nil
}
