package storetest

import (
	"crypto/sha256"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// home is the test Neo4j that holds the fixture called name. With one, that one. With
// more, writers keep the first, and a fixture claims one of the others for itself: the
// claims, a file beside the first one's lock (each run of make test-go has a temp dir
// of its own), last for the run, so that a fixture is loaded once instead of once per
// switch. Fixtures beyond the instances share one by a digest of the name, loading in
// turn as with a single instance.
func home(t testing.TB, uris []string, name string) string {
	t.Helper()
	if len(uris) == 1 {
		return uris[0]
	}
	path := lockPath(uris[0]) + ".claims"
	defer lock(t, path, true)()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatalf("read the test fixtures' claims: %v", err)
	}
	claimed := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		fixture, uri, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !slices.Contains(uris[1:], uri) {
			continue // an instance of an earlier run
		}
		if fixture == name {
			return uri
		}
		claimed[uri] = true
	}
	for _, uri := range uris[1:] {
		if !claimed[uri] {
			if err := os.WriteFile(path, append(b, name+"\t"+uri+"\n"...), 0o666); err != nil {
				t.Fatalf("claim a test Neo4j for the fixture: %v", err)
			}
			return uri
		}
	}
	sum := sha256.Sum256([]byte(name))
	return uris[1+int(sum[0])%(len(uris)-1)]
}

// held is the URI of the database the running test took, for URI: tests of a package
// run one at a time (none is parallel), and a test that took one database and connects
// again by URI must reach the same one.
var held struct {
	sync.Mutex
	uri string
}

func hold(t testing.TB, uri string) {
	held.Lock()
	before := held.uri
	held.uri = uri
	held.Unlock()
	t.Cleanup(func() {
		held.Lock()
		held.uri = before
		held.Unlock()
	})
}

func heldURI() string {
	held.Lock()
	defer held.Unlock()
	return held.uri
}
