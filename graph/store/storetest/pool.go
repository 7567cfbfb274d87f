package storetest

import (
	"crypto/sha256"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// home is the test Neo4j that holds the fixture called name, one of fixtures. With one
// instance in all, that one. With more, a fixture claims one of fixtures for itself: the
// claims, a file beside the first writer's lock (each run of make test-go has a temp dir
// of its own), last for the run, so that a fixture is loaded once instead of once per
// switch. Fixtures beyond the instances share one by a digest of the name, loading in
// turn as with a single instance.
func home(t testing.TB, writers, fixtures []string, name string) string {
	t.Helper()
	if len(fixtures) == 1 {
		return fixtures[0]
	}
	path := lockPath(writers[0]) + ".claims"
	defer lock(t, path, true)()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatalf("read the test fixtures' claims: %v", err)
	}
	claimed := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		fixture, uri, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !slices.Contains(fixtures, uri) {
			continue // an instance of an earlier run
		}
		if fixture == name {
			return uri
		}
		claimed[uri] = true
	}
	for _, uri := range fixtures {
		if !claimed[uri] {
			if err := os.WriteFile(path, append(b, name+"\t"+uri+"\n"...), 0o666); err != nil {
				t.Fatalf("claim a test Neo4j for the fixture: %v", err)
			}
			return uri
		}
	}
	sum := sha256.Sum256([]byte(name))
	return fixtures[int(sum[0])%len(fixtures)]
}

// lastWriter is the writers' instance this test process took last: taken again first
// when free, so that a package's statements are planned on one instance, not on each.
var lastWriter struct {
	sync.Mutex
	uri string
}

// takeWriter takes one of the writers' instances exclusively and returns it with its
// unlock. Test processes (packages) write side by side, one per instance; a test waits
// only when every instance is taken. The first instance, where SeededSmall keeps its
// fixture, is tried last.
func takeWriter(t testing.TB, writers []string) (uri string, unlock func()) {
	t.Helper()
	if len(writers) == 1 {
		return writers[0], lock(t, lockPath(writers[0]), true)
	}
	lastWriter.Lock()
	order := []string{lastWriter.uri}
	lastWriter.Unlock()
	for i := len(writers) - 1; i >= 0; i-- {
		order = append(order, writers[i])
	}
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		for _, uri := range order {
			if uri == "" {
				continue
			}
			if unlock, ok := tryLock(t, lockPath(uri)); ok {
				lastWriter.Lock()
				lastWriter.uri = uri
				lastWriter.Unlock()
				return uri, unlock
			}
		}
		time.Sleep(wait)
	}
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
