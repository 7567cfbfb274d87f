package loader

import "github.com/mineralgraph/mineralgraph/graph/store"

// NewSplit is New reading nodes and sources by id from byID, and all else from st: a
// test cuts one of the two, so that one statement of a request fails and not the other.
func NewSplit(st, byID *store.Store) *Loaders { return newLoaders(st, byID) }
