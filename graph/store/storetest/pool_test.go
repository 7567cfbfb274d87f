package storetest

import (
	"slices"
	"testing"
)

// Each fixture claims an instance of its own, the writers' first one never; a fixture
// asks again and gets the same; once every instance is claimed, one is shared.
func TestHomeClaimsAnInstancePerFixture(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	uris := []string{"bolt://w", "bolt://a", "bolt://b"}
	if got := home(t, uris[:1], "seed"); got != "bolt://w" {
		t.Errorf("one instance: %s, want it", got)
	}
	seed, full := home(t, uris, "seed"), home(t, uris, "full")
	if seed != "bolt://a" || full != "bolt://b" {
		t.Errorf("seed at %s, full at %s; want bolt://a and bolt://b", seed, full)
	}
	if again := home(t, uris, "seed"); again != seed {
		t.Errorf("seed again at %s, want %s", again, seed)
	}
	if third := home(t, uris, "third"); !slices.Contains(uris[1:], third) {
		t.Errorf("a third fixture at %s, want one of the fixtures' instances", third)
	}
	// Another run's instances (other ports) are not claimed by this one's claims.
	if other := home(t, []string{"bolt://w2", "bolt://a2"}, "full"); other != "bolt://a2" {
		t.Errorf("next run: full at %s, want bolt://a2", other)
	}
}
