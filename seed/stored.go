package seed

import (
	"embed"
	"io/fs"
)

// storedSources are the texts and data files the provenance quotes are read from (a
// Source's storedAs, less its seed/sources/ prefix), for the pages' source view.
//
//go:embed sources
var storedSources embed.FS

// StoredSources is seed/sources, read-only.
func StoredSources() fs.FS {
	sub, err := fs.Sub(storedSources, "sources")
	if err != nil {
		panic(err) // the directory is compiled in
	}
	return sub
}
