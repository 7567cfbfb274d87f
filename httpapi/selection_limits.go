package httpapi

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Codes of documents refused for their shape before validation, and of a mutation
// document with more than one field.
const (
	codeTooManyRootFields = string(apperr.TooManyRootFields)
	codeSelectionTooLarge = string(apperr.SelectionTooLarge)
	codeOneMutation       = string(apperr.OneMutationPerRequest)
)

func init() {
	// Refusals before execution answer as validation errors do (GraphQL over HTTP).
	for _, code := range []string{codeTooDeep, codeTooComplex, codeTooManyRootFields, codeSelectionTooLarge, codeOneMutation} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// selectionLimits refuses, before validation, documents with too many root fields
// (each is at least one database call, and gqlgen resolves them concurrently) or a
// selection set with too many fields (validation compares the fields of a selection set
// pairwise: n fields of one name cost n²/2 comparisons and as many errors).
type selectionLimits struct {
	maxRootFields, maxSelections, maxTokens int
	docs                                    graphql.Cache[*ast.QueryDocument] // gqlgen's; nil: none
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = selectionLimits{}

func (selectionLimits) ExtensionName() string                          { return "SelectionLimits" }
func (selectionLimits) Validate(schema graphql.ExecutableSchema) error { return nil }

func (l selectionLimits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil // a persisted query: checked when it was first sent
	}
	if cached(ctx, l.docs, params.Query) != nil {
		return nil // gqlgen caches a document only after it passed these limits
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, l.maxTokens)
	if err != nil {
		return nil // gqlgen parses it again and reports the error
	}
	c := selectionCounter{doc: doc}
	for _, op := range doc.Operations {
		if n := c.size(op.SelectionSet); n > l.maxRootFields {
			return coded(codeTooManyRootFields, fmt.Sprintf("the operation has %d root fields (aliases included); the limit is %d: send several requests", n, l.maxRootFields))
		}
		if n := c.largest(op.SelectionSet); n > l.maxSelections {
			return coded(codeSelectionTooLarge, fmt.Sprintf("a selection set has %d fields (fragments included); the limit is %d", n, l.maxSelections))
		}
	}
	for _, f := range doc.Fragments {
		if n := c.largest(f.SelectionSet); n > l.maxSelections {
			return coded(codeSelectionTooLarge, fmt.Sprintf("a selection set has %d fields (fragments included); the limit is %d", n, l.maxSelections))
		}
	}
	return nil
}

// selectionCounter counts the fields of selection sets, a fragment's fields where it is
// spread (once per set: validation compares a fragment with itself once) and a spread
// inside it as one: validation compares fragments pair by pair and remembers the
// pairs, so nesting them does not multiply its work. __typename is not counted: it
// takes no arguments, so its repetitions never conflict, and it costs nothing.
type selectionCounter struct {
	doc *ast.QueryDocument
}

func (c selectionCounter) size(set ast.SelectionSet) int {
	return c.count(set, map[string]bool{}, true)
}

func (c selectionCounter) count(set ast.SelectionSet, spread map[string]bool, expand bool) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name != "__typename" {
				n++
			}
		case *ast.InlineFragment:
			n += c.count(s.SelectionSet, spread, expand)
		case *ast.FragmentSpread:
			switch f := c.doc.Fragments.ForName(s.Name); {
			case !expand:
				n++
			case f != nil && !spread[s.Name]:
				spread[s.Name] = true
				n += c.count(f.SelectionSet, spread, false)
			}
		}
	}
	return n
}

// largest is the size of the largest selection set in set and below it.
func (c selectionCounter) largest(set ast.SelectionSet) int {
	n := c.size(set)
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n = max(n, c.largest(s.SelectionSet))
		case *ast.InlineFragment:
			n = max(n, c.largest(s.SelectionSet))
		}
	}
	return n
}

// cached is the document of query in gqlgen's cache of parsed and validated documents,
// nil when it is not there: the extensions that read a document before gqlgen does
// parse it themselves only the first time it is sent.
func cached(ctx context.Context, docs graphql.Cache[*ast.QueryDocument], query string) *ast.QueryDocument {
	if docs == nil {
		return nil
	}
	doc, _ := docs.Get(ctx, query)
	return doc
}
