package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
	"github.com/mineralgraph/mineralgraph/seed"
)

// The import command, a process of its own with its own driver, advances the data
// version in its write: a serving instance whose cache holds the answer from before
// gives the new one within the version's lag, the answer of a server without cache.
func TestImportSeenThroughTheCache(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	ds, problems := seed.LoadEmbedded()
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	// The two nodes the import links and the sources: the whole seed takes half a minute.
	var batch store.Batch
	for _, n := range ds.Batch().Nodes {
		if n.Type == "Source" || n.ID == "jogmec" || n.ID == "lofdal" {
			batch.Nodes = append(batch.Nodes, n)
		}
	}
	if _, err := st.Apply(context.Background(), batch, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	const lag = 500 * time.Millisecond
	srv := testenv.Over(t, st, driver, testenv.Tune(func(o *httpapi.Options) { o.Cache.VersionLag = lag; o.Cache.MaxAge = time.Hour }))
	uncached := testenv.Over(t, st, driver, testenv.Tune(func(o *httpapi.Options) { o.Cache.Bytes = 0 }))
	doc := `{ projects(where: {id: {eq: "lofdal"}}) { id financiersConnection { edges { properties { instrument amount } node { id } } } } }`
	before := string(srv.Post(t, doc, nil).Data)
	if r := srv.Post(t, doc, nil); string(r.Data) != before || r.Header.Get(httpapi.CacheHeader) != "hit" {
		t.Fatalf("not cached: %s %q", r.Data, r.Header.Get(httpapi.CacheHeader))
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
	want := string(uncached.Post(t, doc, nil).Data)
	if want == before || !strings.Contains(want, "EQUITY") {
		t.Fatalf("the import changed nothing the query shows: %s", want)
	}
	for {
		got := string(srv.Post(t, doc, nil).Data)
		if got == want {
			break
		}
		if time.Since(imported) > lag+time.Second {
			t.Fatalf("%v after the import the cached server answers\n%s\nwant\n%s", time.Since(imported), got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
