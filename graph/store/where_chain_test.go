package store_test

import (
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Quantifiers over quantifiers on the real Neo4j: a some directly over a some is
// compiled into one path pattern only when the relationship types differ, since within a
// pattern a relationship matches at most once. Expected ids from the fixture, by hand.
func TestNestedQuantifiers(t *testing.T) {
	s, _ := readFixture(t)
	projects := func(where obj) []string { return list(t, s, "Project", store.ListArgs{Where: where}) }
	// p-refinery's natural graphite is part of graphite; p-mine's graphite is not part of
	// anything.
	wantIDs(t, "a mineral part of graphite", projects(obj{"minerals": obj{"some": obj{"partOf": obj{"some": obj{"id": obj{"eq": "graphite"}}}}}}), "p-refinery")
	wantIDs(t, "NOT a mineral part of graphite", projects(obj{"NOT": obj{"minerals": obj{"some": obj{"partOf": obj{"some": obj{"id": obj{"eq": "graphite"}}}}}}}),
		"p-exp", "p-mine", "p-plant", "p-recycler")
	wantIDs(t, "no mineral part of graphite", projects(obj{"minerals": obj{"none": obj{"partOf": obj{"some": obj{"id": obj{"eq": "graphite"}}}}}}),
		"p-exp", "p-mine", "p-plant", "p-recycler")
	// The same relationship twice: dfc finances p-mine once, and that one relationship
	// both reaches dfc from p-mine and p-mine from dfc. A single path pattern would need
	// two relationships and lose p-mine.
	wantIDs(t, "financed by a financier of p-mine", projects(obj{"financiers": obj{"some": obj{"financesProjects": obj{"some": obj{"id": obj{"eq": "p-mine"}}}}}}),
		"p-mine", "p-refinery")
}
