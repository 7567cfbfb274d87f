package web

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/mineralgraph/mineralgraph/internal/storedtext"
)

// Sources serves the stored source files (seed/sources) read-only under /sources/, as plain
// text, for the source view (/source) to show a quote or a data row in its place.
func Sources(stored fs.FS) http.Handler {
	c := &sourceCache{stored: stored}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/sources/")
		if !fs.ValidPath(name) || !map[string]bool{".txt": true, ".csv": true}[path.Ext(name)] {
			http.NotFound(w, r)
			return
		}
		data, ok := c.get(name)
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(data)
	})
}

// sourceCache holds each stored file as served, read and decoded once, at its first request:
// the USGS data file is 3 MB, too much to decode again for every source view. Only files
// that exist are kept, so the cache is bounded by what is stored.
type sourceCache struct {
	stored fs.FS
	mu     sync.Mutex
	files  map[string]*sourceFile
}

type sourceFile struct {
	once sync.Once
	data []byte
	ok   bool
}

func (c *sourceCache) get(name string) ([]byte, bool) {
	if _, err := fs.Stat(c.stored, name); err != nil {
		return nil, false
	}
	c.mu.Lock()
	if c.files == nil {
		c.files = map[string]*sourceFile{}
	}
	f := c.files[name]
	if f == nil {
		f = &sourceFile{}
		c.files[name] = f
	}
	c.mu.Unlock()
	// Concurrent first requests for one file wait for one decoding, not one each.
	f.once.Do(func() { f.data, f.ok = storedtext.Read(c.stored, name) })
	return f.data, f.ok
}
