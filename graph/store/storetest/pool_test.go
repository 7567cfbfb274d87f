package storetest

import (
	"slices"
	"testing"
)

// Each fixture claims an instance of its own, a writers' one never; a fixture asks again
// and gets the same; once every instance is claimed, one is shared.
func TestHomeClaimsAnInstancePerFixture(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	writers, fixtures := []string{"bolt://w"}, []string{"bolt://a", "bolt://b"}
	if got := home(t, writers, writers, "seed"); got != "bolt://w" {
		t.Errorf("one instance: %s, want it", got)
	}
	seed, full := home(t, writers, fixtures, "seed"), home(t, writers, fixtures, "full")
	if seed != "bolt://a" || full != "bolt://b" {
		t.Errorf("seed at %s, full at %s; want bolt://a and bolt://b", seed, full)
	}
	if again := home(t, writers, fixtures, "seed"); again != seed {
		t.Errorf("seed again at %s, want %s", again, seed)
	}
	if third := home(t, writers, fixtures, "third"); !slices.Contains(fixtures, third) {
		t.Errorf("a third fixture at %s, want one of the fixtures' instances", third)
	}
	// Another run's instances (other ports) are not claimed by this one's claims.
	if other := home(t, []string{"bolt://w2"}, []string{"bolt://a2"}, "full"); other != "bolt://a2" {
		t.Errorf("next run: full at %s, want bolt://a2", other)
	}
}

// NEO4J_TEST_WRITERS splits NEO4J_TEST_URI's instances: the writers' first, at least
// one, and at least one left for the fixtures.
func TestWritersAndFixtures(t *testing.T) {
	for _, c := range []struct {
		uris, writers string
		want          [2]int
	}{
		{"bolt://1", "", [2]int{1, 1}},
		{"bolt://1", "2", [2]int{1, 1}},
		{"bolt://1 bolt://2 bolt://3", "", [2]int{1, 2}},
		{"bolt://1 bolt://2 bolt://3 bolt://4", "2", [2]int{2, 2}},
		{"bolt://1 bolt://2 bolt://3", "5", [2]int{2, 1}},
	} {
		t.Setenv(EnvURI, c.uris)
		t.Setenv(EnvWriters, c.writers)
		w, f := writers(t), fixtures(t)
		if len(w) != c.want[0] || len(f) != c.want[1] || w[0] != "bolt://1" {
			t.Errorf("%q with %s=%q: writers %v, fixtures %v; want %d and %d", c.uris, EnvWriters, c.writers, w, f, c.want[0], c.want[1])
		}
		if len(f) > 1 && slices.Contains(f, w[len(w)-1]) {
			t.Errorf("%q: the fixtures %v include a writers' instance %v", c.uris, f, w)
		}
	}
}

// A test takes a free writers' instance without waiting, the one its process took last
// first, and the first instance (SeededSmall's) only when the others are taken.
func TestTakeWriterTakesAFreeInstance(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	writers := []string{"bolt://w1", "bolt://w2", "bolt://w3"}
	lastWriter.uri = ""
	a, unlockA := takeWriter(t, writers)
	b, unlockB := takeWriter(t, writers)
	c, unlockC := takeWriter(t, writers)
	if a != "bolt://w3" || b != "bolt://w2" || c != "bolt://w1" {
		t.Errorf("took %s, %s, %s; want w3, w2, then w1", a, b, c)
	}
	unlockA()
	unlockC()
	if again, unlock := takeWriter(t, writers); again != "bolt://w1" {
		t.Errorf("after w1, took %s; want w1 again", again)
	} else {
		unlock()
	}
	unlockB()
	lastWriter.uri = ""
}
