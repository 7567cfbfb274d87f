package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// The import command, a process of its own with its own driver, advances the data
// version in its write: a serving instance whose cache holds the answer from before
// gives the new one within the version's lag, the answer of a server without cache.
// Within the lag means: every request sent more than the lag after the import returned
// gets the new answer. (Timed by when each request was sent, not answered: on a busy
// machine an answer legitimately from the cache, to a request sent within the lag, can
// arrive after it.)
func TestImportSeenThroughTheCache(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	seedSubgraph(t, st, "jogmec", "lofdal") // the two nodes the import links
	const lag = 500 * time.Millisecond
	// patient: at load 20 a request took longer than the default 10 s, and its error (null
	// data) is never cached.
	srv := testenv.Over(t, st, driver, patient, testenv.Tune(func(o *httpapi.Options) { o.Cache.VersionLag = lag; o.Cache.MaxAge = time.Hour }))
	uncached := testenv.Over(t, st, driver, patient, testenv.Tune(func(o *httpapi.Options) { o.Cache.Bytes = 0 }))
	doc := `{ projects(where: {id: {eq: "lofdal"}}) { id financiersConnection { edges { properties { instrument amount } node { id } } } } }`
	post := func(h *testenv.Server) *testenv.Response {
		t.Helper()
		r := h.Post(t, doc, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("%+v", r.Errors)
		}
		return r
	}
	before := string(post(srv).Data)
	// Asked again, it comes from the cache. On a busy machine the version's read can miss
	// its deadline (a second); the answer is then computed afresh, not cached: ask again.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		r := post(srv)
		if string(r.Data) != before {
			t.Fatalf("asked again, the answer changed: %s, then %s", before, r.Data)
		}
		if r.Header.Get(httpapi.CacheHeader) == "hit" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not cached after a minute of asking: X-Cache %q", r.Header.Get(httpapi.CacheHeader))
		}
	}

	path := filepath.Join(t.TempDir(), "good.csv")
	csv := "subject,relation,object,value,unit,year,source_title,source_url,quote,properties\n" +
		"jogmec,FINANCES,lofdal,12.5,USD million,2025,JOGMEC report,https://example.org/r,JOGMEC funded Lofdal,instrument=EQUITY\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Neo4jURI = storetest.URI(t)
	var out bytes.Buffer
	if err := importCommand(context.Background(), cfg, []string{path}, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	imported := time.Now()
	want := string(post(uncached).Data)
	if want == before || !strings.Contains(want, "EQUITY") {
		t.Fatalf("the import changed nothing the query shows: %s", want)
	}
	for {
		sent := time.Since(imported)
		got := string(post(srv).Data)
		if got == want {
			break
		}
		if sent > lag {
			t.Fatalf("a request sent %v after the import (lag %v) is answered\n%s\nwant\n%s", sent, lag, got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
