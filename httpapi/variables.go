package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// strictVariables checks the JSON numbers of variables before gqlgen coerces them: the
// spec's Int input coercion takes only integers, yet gqlgen takes the string "5" as an
// Int and reports 1.5 as "cannot use value 0 as Int". Every Int and Float position is
// checked, in lists and input objects too.
type strictVariables struct {
	schema    *ast.Schema
	maxTokens int
	docs      graphql.Cache[*ast.QueryDocument] // gqlgen's; nil: none
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = &strictVariables{}

func (*strictVariables) ExtensionName() string { return "StrictVariables" }

func (v *strictVariables) Validate(schema graphql.ExecutableSchema) error {
	v.schema = schema.Schema()
	return nil
}

func (v *strictVariables) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if len(params.Variables) == 0 || params.Query == "" {
		return nil
	}
	doc := cached(ctx, v.docs, params.Query)
	if doc == nil {
		var err error
		if doc, err = parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, v.maxTokens); err != nil {
			return nil // gqlgen reports it
		}
	}
	op := doc.Operations.ForName(params.OperationName)
	if op == nil {
		return nil
	}
	for _, def := range op.VariableDefinitions {
		if value, ok := params.Variables[def.Variable]; ok {
			if msg := v.check(def.Type, value, 0); msg != "" {
				err := gqlerror.ErrorPathf(ast.Path{ast.PathName("variable"), ast.PathName(def.Variable)}, "variable $%s: %s", def.Variable, msg)
				errcode.Set(err, errcode.ValidationFailed)
				return err
			}
		}
	}
	return nil
}

// check returns what is wrong with value as a t, or "".
func (v *strictVariables) check(t *ast.Type, value any, depth int) string {
	if value == nil || depth > 20 {
		return "" // nullability, and anything deeper, is gqlgen's to judge
	}
	if t.Elem != nil {
		items, ok := value.([]any)
		if !ok {
			return v.check(t.Elem, value, depth+1) // a single value stands for a list of one
		}
		for i, item := range items {
			if msg := v.check(t.Elem, item, depth+1); msg != "" {
				return fmt.Sprintf("item %d: %s", i, msg)
			}
		}
		return ""
	}
	switch t.NamedType {
	case "Int":
		n, ok := value.(json.Number)
		switch {
		case !ok:
			return "expected an Int (a whole number), got " + jsonKind(value)
		case strings.ContainsAny(n.String(), ".eE"):
			return fmt.Sprintf("expected an Int (a whole number), got %s", shorten(n.String()))
		}
		if _, err := n.Int64(); err != nil {
			return fmt.Sprintf("expected an Int, got %s, out of range", shorten(n.String()))
		}
	case "Float":
		n, ok := value.(json.Number)
		if !ok {
			return "expected a Float (a number), got " + jsonKind(value)
		}
		// A Float is finite (the spec's input coercion); 1e400 would be read as +Inf.
		if f, err := n.Float64(); err != nil || math.IsInf(f, 0) {
			return fmt.Sprintf("expected a Float, got %s, out of range", shorten(n.String()))
		}
	default:
		def := v.schema.Types[t.NamedType]
		fields, ok := value.(map[string]any)
		if def == nil || def.Kind != ast.InputObject || !ok {
			return ""
		}
		for _, f := range def.Fields {
			if msg := v.check(f.Type, fields[f.Name], depth+1); msg != "" {
				return f.Name + ": " + msg
			}
		}
	}
	return ""
}

// jsonKind names the JSON kind of a decoded value for a message.
func jsonKind(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", shorten(v))
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "another kind of value"
}
