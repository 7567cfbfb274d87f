package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
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

// countingFS counts the whole-file reads of the files it holds.
type countingFS struct {
	fstest.MapFS
	reads atomic.Int32
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.reads.Add(1)
	return c.MapFS.ReadFile(name)
}

// A file is read and decoded once, at its first request, however many ask for it at once;
// every answer is the same UTF-8.
func TestSourcesDecodeOnce(t *testing.T) {
	stored := &countingFS{MapFS: fstest.MapFS{"usgs/c.csv": {Data: []byte("Value\r\n\x93a\x94 \x96 b\r\n")}}}
	h := Sources(stored)
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sources/usgs/c.csv", nil))
			bodies[i] = rec.Body.String()
		}()
	}
	wg.Wait()
	for i, body := range bodies {
		if body != "Value\r\n\u201ca\u201d \u2013 b\r\n" {
			t.Errorf("answer %d: %q", i, body)
		}
	}
	if n := stored.reads.Load(); n != 1 {
		t.Errorf("the file was read %d times, want once", n)
	}
	// A name that is not stored is not remembered: the cache holds stored files only.
	for range 3 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sources/usgs/none.csv", nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("a missing file answers %d", rec.Code)
		}
	}
	if n := stored.reads.Load(); n != 1 {
		t.Errorf("%d reads after asking for missing files, want 1", n)
	}
}

// The stored USGS 2026 data file, published in Windows-1252, is served as its own decoding,
// computed here from the code page's table (the bytes 0x80–0x9F it uses; above them it is
// Latin-1), the same on the first request and the next.
func TestSourcesServeStoredFile(t *testing.T) {
	const name = "usgs/MCS2026_Commodities_Data.csv"
	raw, err := os.ReadFile("../seed/sources/" + name)
	if err != nil {
		t.Fatal(err)
	}
	cp1252 := map[byte]rune{0x91: '\u2018', 0x92: '\u2019', 0x93: '\u201c', 0x94: '\u201d', 0x96: '\u2013', 0x97: '\u2014'}
	var want strings.Builder
	for _, b := range raw {
		switch r, ok := cp1252[b]; {
		case ok:
			want.WriteRune(r)
		case b >= 0x80 && b < 0xa0:
			t.Fatalf("byte %#x is not in this test's table", b)
		default:
			want.WriteRune(rune(b))
		}
	}
	h := Sources(os.DirFS("../seed/sources"))
	for i := range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sources/"+name, nil))
		if rec.Code != http.StatusOK || rec.Body.String() != want.String() {
			t.Fatalf("request %d: %d, %d bytes, want the file's decoding (%d bytes)", i+1, rec.Code, rec.Body.Len(), want.Len())
		}
	}
}
