package web

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Sources serves the stored source files (seed/sources) read-only under /sources/, as plain
// text, for the source view (/source) to show a quote or a data row in its place.
func Sources(stored fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/sources/")
		if !fs.ValidPath(name) || !map[string]bool{".txt": true, ".csv": true}[path.Ext(name)] {
			http.NotFound(w, r)
			return
		}
		data, err := fs.ReadFile(stored, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		// Served as UTF-8: a file published in Windows-1252 (USGS MCS 2026) is decoded, so
		// that its dashes and quotes read as published and quotes match their rows.
		if !utf8.Valid(data) {
			if decoded, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
				data = decoded
			}
		}
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(data)
	})
}
