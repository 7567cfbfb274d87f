package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Rows of a shape the explorer's statements never return (a driver or statement change)
// are INTERNAL: the client reads "internal error", the detail is the cause for the log.
// Issue 17: these used to send "unexpected node shape" and the like to the client.
func TestExploreShapeErrorsAreInternal(t *testing.T) {
	okNode := map[string]any{"labels": []any{"Country"}, "props": map[string]any{"id": "AU"}}
	okEdge := map[string]any{"id": "e1", "type": "PARTY_TO", "from": "a", "to": "b", "props": map[string]any{}}
	cases := []struct {
		name  string
		run   func() error
		cause string
	}{
		{"a node that is not a map", func() error { _, err := exploreNodes([]any{okNode, "AU"}); return err }, "a node is a string"},
		{"a node without props", func() error { _, err := exploreNodes([]any{map[string]any{"labels": []any{}}}); return err }, "a node's props are a <nil>"},
		{"an edge that is not a map", func() error { _, err := exploreEdges([]any{okEdge, 7}); return err }, "an edge is a int"},
		{"an edge with props of a list", func() error {
			_, err := exploreEdges([]any{map[string]any{"id": "e1", "props": []any{}}})
			return err
		}, "an edge's props are a []interface {}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.Internal || e.Message != apperr.InternalMessage {
				t.Fatalf("error %#v, want INTERNAL with the message %q", err, apperr.InternalMessage)
			}
			if e.Cause == nil || !strings.Contains(e.Cause.Error(), tc.cause) {
				t.Errorf("cause %v, want it to say %q", e.Cause, tc.cause)
			}
		})
	}
	if nodes, err := exploreNodes([]any{okNode}); err != nil || len(nodes) != 1 || nodes[0].Props["id"] != "AU" {
		t.Errorf("a well-formed node: %v %v", nodes, err)
	}
	if edges, err := exploreEdges([]any{okEdge}); err != nil || len(edges) != 1 || edges[0].Type != "PARTY_TO" {
		t.Errorf("a well-formed edge: %v %v", edges, err)
	}
}
