// Package web serves the researchers' pages, built from the sources in this directory by
// `npm ci && npm run build` into dist/, which is committed and embedded, so that a plain
// `go build` needs no Node: the GraphiQL playground at /graphiql, the graph explorer at
// /explore and the charts at /insights. The pages load everything from this server (the
// Content-Security-Policy says so to the browser too); `make web-check` checks that dist/ is what the sources build to.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed all:dist
var dist embed.FS

// Routes are the paths Handler serves, as net/http patterns.
var Routes = []string{"GET /{$}", "GET /graphiql", "GET /explore", "GET /insights", "GET /source", "GET /assets/"}

// csp keeps the pages to their own origin: scripts, styles, fonts and requests alike.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Handler serves the pages and their assets (see Routes); / redirects to the playground.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/graphiql", http.StatusFound)
	})
	mux.Handle("GET /graphiql", page("graphiql.html"))
	mux.Handle("GET /explore", page("explore.html"))
	mux.Handle("GET /insights", page("insights.html"))
	mux.Handle("GET /source", page("source.html"))
	mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
		// Asset names carry a hash of their content.
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		serveFile(w, r, strings.TrimPrefix(r.URL.Path, "/"))
	})
	return mux
}

func page(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		serveFile(w, r, name)
	})
}

type file struct {
	data, gz []byte // gz is nil for files not worth compressing
	etag     string
}

var files sync.Map // name → *file, made on first request

func load(name string) (*file, bool) {
	if f, ok := files.Load(name); ok {
		return f.(*file), true
	}
	data, err := fs.ReadFile(dist, "dist/"+name)
	if err != nil {
		return nil, false
	}
	sum := sha256.Sum256(data)
	f := &file{data: data, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	switch path.Ext(name) {
	case ".js", ".css", ".html", ".json", ".svg":
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(data)
		_ = zw.Close()
		f.gz = buf.Bytes()
	}
	actual, _ := files.LoadOrStore(name, f)
	return actual.(*file), true
}

// serveFile serves dist/name, gzipped when the client takes it, with an ETag.
func serveFile(w http.ResponseWriter, r *http.Request, name string) {
	f, ok := load(name)
	if !fs.ValidPath(name) || !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)
	data, etag := f.data, f.etag
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			data, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(coding) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
