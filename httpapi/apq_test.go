package httpapi_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

func apqBody(hash, query string) []byte {
	m := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
	if query != "" {
		m["query"] = query
	}
	b, _ := json.Marshal(m)
	return b
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// A client sends the hash alone, learns the server does not know it, sends hash and
// document, then the hash alone works; a hash that is not the document's is refused
// with a code; documents are kept within the configured bytes.
func TestAutomaticPersistedQueries(t *testing.T) {
	env := testenv.Seeded(t, testenv.Tune(func(o *httpapi.Options) { o.Cache.APQBytes = 16 << 10 }))
	doc := `{ projects(limit: 2, sort: [{id: ASC}]) { id } }`
	want := string(env.Post(t, doc, nil).Data)

	if r := env.Do(t, testenv.Post(apqBody(sha(doc), ""))); r.Code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("unknown hash: %v %s", r.Codes(), r.Body)
	}
	if r := env.Do(t, testenv.Post(apqBody(sha(doc), doc))); string(r.Data) != want || len(r.Errors) > 0 {
		t.Fatalf("hash and document: %s", r.Body)
	}
	r := env.Do(t, testenv.Post(apqBody(sha(doc), "")))
	if string(r.Data) != want || len(r.Errors) > 0 {
		t.Fatalf("hash alone: %s", r.Body)
	}
	if got := r.Header.Get(httpapi.CacheHeader); got != "hit" {
		t.Errorf("the persisted query's answer: %s %q, want hit", httpapi.CacheHeader, got)
	}

	bad := env.Do(t, testenv.Post(apqBody(sha("something else"), doc)))
	if bad.Code() != "BAD_USER_INPUT" || !strings.Contains(bad.Errors[0].Message, "hash does not match") {
		t.Errorf("a hash that is not the document's: %s", bad.Body)
	}

	// A document over an eighth of the bytes is not kept: the client keeps sending it.
	long := "# " + strings.Repeat("long ", 500) + "\n" + doc
	if r := env.Do(t, testenv.Post(apqBody(sha(long), long))); len(r.Errors) > 0 {
		t.Fatalf("long document: %s", r.Body)
	}
	if r := env.Do(t, testenv.Post(apqBody(sha(long), ""))); r.Code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("a document over the bound was kept: %s", r.Body)
	}
}
