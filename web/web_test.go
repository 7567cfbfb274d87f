package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var assetRef = regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)

// The pages and every asset they link are served, and the pages allow no other origin.
func TestPagesAndAssets(t *testing.T) {
	h := Handler()
	if rec := get(t, h, "/"); rec.Code != http.StatusFound || rec.Header().Get("Location") != "/graphiql" {
		t.Errorf("/ answers %d to %q, want a redirect to /graphiql", rec.Code, rec.Header().Get("Location"))
	}
	for _, page := range []string{"/graphiql", "/explore", "/insights", "/source"} {
		rec := get(t, h, page)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", page, rec.Code, rec.Header().Get("Content-Type"))
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", page, csp)
		}
		refs := assetRef.FindAllStringSubmatch(rec.Body.String(), -1)
		if len(refs) == 0 {
			t.Errorf("%s links no assets", page)
		}
		for _, ref := range refs {
			a := get(t, h, ref[1])
			if a.Code != http.StatusOK || a.Header().Get("Cache-Control") == "" {
				t.Errorf("%s: %s answers %d", page, ref[1], a.Code)
			}
		}
		if strings.Contains(rec.Body.String(), "://") {
			t.Errorf("%s names another host:\n%s", page, rec.Body.String())
		}
	}
	for _, missing := range []string{"/assets/none.js", "/assets/", "/examples.json", "/graphiql.html"} {
		if rec := get(t, h, missing); rec.Code != http.StatusNotFound {
			t.Errorf("%s answers %d, want 404", missing, rec.Code)
		}
	}
}

func TestGzipAndETag(t *testing.T) {
	h := Handler()
	plain := get(t, h, "/explore")
	rec := get(t, h, "/explore", "Accept-Encoding", "gzip, deflate")
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: %v", rec.Header())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if !bytes.Equal(body, plain.Body.Bytes()) {
		t.Error("the gzipped page differs from the plain one")
	}
	again := get(t, h, "/explore", "If-None-Match", plain.Header().Get("ETag"))
	if again.Code != http.StatusNotModified {
		t.Errorf("If-None-Match answers %d, want 304", again.Code)
	}
}

// The playground's saved examples are the README's example queries, in order.
func TestExamplesAreTheREADMEs(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range regexp.MustCompile("(?m)^\\d+\\. .+\n\n```graphql\n((?s:.*?))```").FindAllStringSubmatch(string(readme), -1) {
		want = append(want, m[1])
	}
	raw, err := fs.ReadFile(dist, "dist/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	var built []struct{ Title, Query string }
	if err := json.Unmarshal(raw, &built); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ex := range built {
		got = append(got, ex.Query)
	}
	if len(want) < 5 || !reflect.DeepEqual(got, want) {
		t.Errorf("web/dist/examples.json has %d examples that differ from the README's %d: rebuild web/ (cd web && npm ci && npm run build)", len(got), len(want))
	}
	if !strings.HasPrefix(built[0].Title, "The example question") {
		t.Errorf("first example %q, want the example question", built[0].Title)
	}
}

// Page weights, gzipped: the explorer's JavaScript must stay under 1.5 MB, the Insights
// page (everything it loads first) under 400 kB.
func TestPageWeights(t *testing.T) {
	h := Handler()
	gz := func(p string) int {
		return get(t, h, p, "Accept-Encoding", "gzip").Body.Len()
	}
	linked := map[string]map[string]bool{}
	for _, page := range []string{"/graphiql", "/explore", "/insights"} {
		linked[page] = map[string]bool{}
		for _, ref := range assetRef.FindAllStringSubmatch(get(t, h, page).Body.String(), -1) {
			linked[page][ref[1]] = true
		}
	}
	// The playground also loads CodeMirror's chunks lazily: count every asset the other
	// pages do not link.
	assets, _ := fs.ReadDir(dist, "dist/assets")
	for _, a := range assets {
		if p := "/assets/" + a.Name(); !linked["/explore"][p] && !linked["/insights"][p] {
			linked["/graphiql"][p] = true
		}
	}
	for page, refs := range linked {
		total, js := gz(page), 0
		for ref := range refs {
			n := gz(ref)
			total += n
			if strings.HasSuffix(ref, ".js") {
				js += n
			}
		}
		t.Logf("%s: %d kB gzipped in all, %d kB of it JavaScript", page, total/1000, js/1000)
		if page == "/explore" && js > 1_500_000 {
			t.Errorf("the explorer's JavaScript weighs %d bytes gzipped, over 1.5 MB", js)
		}
		if page == "/insights" && total > 400_000 {
			t.Errorf("the Insights page weighs %d bytes gzipped, over 400 kB", total)
		}
	}
}
