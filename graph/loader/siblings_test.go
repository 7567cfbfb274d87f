package loader

import (
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// A field left out of the statement is asked for by its parents one after another
// (graph/inorder): the first one to ask gets every node the field was planned below, at
// each place it was planned, to queue in one batch; the others get none.
func TestSiblingsAreEveryParentOfTheOccurrenceOnce(t *testing.T) {
	node := func(id string) store.Node { return store.Node{Props: map[string]any{"id": id}} }
	financed, minerals := &ast.Field{Name: "financesProjects"}, &ast.Field{Name: "minerals"}
	plans := []planned{{field: financed, children: []planned{{field: minerals}}}}
	l := newLoaders(nil, nil)
	answer := []store.Fetched{{
		Lists:    map[string][]store.Node{"org-0": {node("p-0"), node("p-1")}, "org-1": {node("p-2")}},
		Children: []store.Fetched{{}}, // minerals left out: its parents read it themselves
	}}
	l.prime(plans, level{nodes: []store.Node{node("org-0"), node("org-1")}}, answer, map[string]bool{})
	l.prime(plans, level{nodes: []store.Node{node("org-2")}}, []store.Fetched{{Lists: map[string][]store.Node{}, Children: []store.Fetched{{}}}}, map[string]bool{})

	if got := l.siblings(minerals, "p-9"); got != nil {
		t.Errorf("siblings of a node the field was not planned below: %v", got)
	}
	l.asked[minerals] = false
	got := l.siblings(minerals, "p-1")
	slices.Sort(got)
	if !slices.Equal(got, []string{"p-0", "p-1", "p-2"}) {
		t.Errorf("siblings %v, want the projects of both organisations", got)
	}
	if again := l.siblings(minerals, "p-2"); again != nil {
		t.Errorf("asked again, siblings %v: queued twice", again)
	}
	if got := l.siblings(financed, "org-1"); !slices.Equal(got, []string{"org-0", "org-1", "org-2"}) {
		t.Errorf("siblings %v, want the organisations of both reads", got)
	}
}
