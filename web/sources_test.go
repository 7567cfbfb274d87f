package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// The stored sources are served as plain text, texts and data files only, nothing outside.
func TestSources(t *testing.T) {
	h := Sources(fstest.MapFS{
		"a.txt":       {Data: []byte("the quote")},
		"usgs/b.csv":  {Data: []byte("h1,h2\n1,2\n")},
		"secret.yaml": {Data: []byte("no")},
	})
	for path, want := range map[string]int{
		"/sources/a.txt": 200, "/sources/usgs/b.csv": 200, "/sources/secret.yaml": 404,
		"/sources/../web.go": 404, "/sources/missing.txt": 404,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", path, rec.Code, want)
		}
		if want == 200 && rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", path, rec.Header().Get("Content-Type"))
		}
	}
}

// A file published in Windows-1252 reaches the page as UTF-8, its em dash intact.
func TestSourcesDecodeWindows1252(t *testing.T) {
	h := Sources(fstest.MapFS{"usgs/c.csv": {Data: []byte("Value\r\n\x97\r\n")}})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sources/usgs/c.csv", nil))
	if body := rec.Body.String(); !utf8.ValidString(body) || body != "Value\r\n\u2014\r\n" {
		t.Errorf("served %q, want the em dash as UTF-8", body)
	}
}
