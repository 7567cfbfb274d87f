package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// gqlgen resolves a leaf that only reads a struct field (an entity's stored property,
// an analytic's figure) like any resolver: a FieldContext, a context value, closures,
// the field middleware (httpapi's codeResolverErrors), the value boxed and unboxed, a
// deferred recover — for a read that cannot fail. The `dependency` answer has
// thousands. inlinePlainFields makes such a field marshal its value directly, when the
// marshaller cannot report an error, which would need the field's context for its path:
// a value type (String!, Int!, Boolean!, ID!, an enum!) or an optional pointer; a Float
// only when finite (graphql.MarshalFloatContext refuses NaN and infinities: those keep
// gqlgen's way, and its error). A non-null pointer keeps gqlgen's way too (its
// marshaller reports a nil).
//
// An object field read from a struct field (a connection's edges and pageInfo, an
// edge's node and properties, an import source's country) needs its FieldContext: the
// fields below it find their path, and their errors and nulls their place, through it.
// It keeps the context and the recovery from a panic below it, and marshals the value
// directly, without the closures, the boxing and the field middleware, which only
// handles a resolver's error: a pointer or a list, which the marshaller receives as
// gqlgen passed it (a nil one included: the marshaller reports a non-null one as null).

// plainField is gqlgen's body of a field read from its object's struct field.
var plainField = regexp.MustCompile(`(?m)^(func \(ec \*executionContext\) _\w+\(ctx context\.Context, field graphql\.CollectedField, obj \*model\.\w+\) \(ret graphql\.Marshaler\) \{\n)` +
	`\treturn graphql\.ResolveField\(\n\t\tctx,\n\t\tec\.OperationContext,\n\t\tfield,\n` +
	`\t\tfunc\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{\n\t\t\treturn ec\.(fieldContext_\w+)\(ctx, field\)\n\t\t\},\n` +
	`\t\tfunc\(ctx context\.Context\) \(any, error\) \{\n\t\t\treturn obj\.(\w+), nil\n\t\t\},\n` +
	`\t\tnil,\n` +
	`\t\tfunc\(ctx context\.Context, selections ast\.SelectionSet, v ([^)]+)\) graphql\.Marshaler \{\n\t\t\treturn ec\.(marshal[^(\s]+)\(ctx, selections, v\)\n\t\t\},\n` +
	`\t\ttrue,\n\t\t(?:true|false),\n\t\)\n\}\n`)

// inlinePlainFields rewrites exec's plain leaves and object fields; n is how many. It fails when gqlgen's
// output has none (a gqlgen that generates fields otherwise: see this file).
func inlinePlainFields(exec []byte) (out []byte, n int, err error) {
	leaves := map[string]bool{} // the field context functions of leaves
	for _, m := range scalarContext.FindAllSubmatch(exec, -1) {
		leaves[string(m[1])] = true
	}
	marshallers := map[string][]byte{} // body by name and Go type
	for _, m := range marshaller.FindAllSubmatch(exec, -1) {
		marshallers[string(m[1])+" "+string(m[2])] = m[3]
	}
	objects := map[string]bool{} // the field context functions of plain object fields
	for _, m := range objectContext.FindAllSubmatch(exec, -1) {
		objects[string(m[1])] = bytes.Contains(m[0], []byte("\t\tIsMethod:   false,\n\t\tIsResolver: false,\n"))
	}
	out = plainField.ReplaceAllFunc(exec, func(m []byte) []byte {
		g := plainField.FindSubmatch(m)
		head, fieldContext, structField, goType, marshal := g[1], string(g[2]), string(g[3]), string(g[4]), string(g[5])
		if objects[fieldContext] && (strings.HasPrefix(goType, "*") || strings.HasPrefix(goType, "[]")) {
			n++
			return fmt.Appendf(head, plainObject, fieldContext, structField, marshal, structField)
		}
		body, ok := marshallers[marshal+" "+goType]
		if !leaves[fieldContext] || !ok {
			return m
		}
		switch {
		case marshalsWithoutError(body, goType):
			n++
			return fmt.Appendf(head, "\t// A plain leaf, marshalled directly (graph/gen/plainfields.go).\n\treturn ec.%s(ctx, field.Selections, obj.%s)\n}\n", marshal, structField)
		case floatMarshal.Match(body) && (goType == "float64" || goType == "*float64"):
			// x-x == 0 holds for a finite x only (NaN-NaN and Inf-Inf are NaN).
			finite := "v-v == 0"
			if goType == "*float64" {
				finite = "v == nil || *v-*v == 0"
			}
			n++
			gqlgens := m[len(head):]
			return fmt.Appendf(head, "\t// A plain leaf, marshalled directly when finite (graph/gen/plainfields.go).\n\tif v := obj.%s; %s {\n\t\treturn ec.%s(ctx, field.Selections, v)\n\t}\n%s", structField, finite, marshal, gqlgens)
		}
		return m
	})
	if n == 0 {
		return nil, 0, fmt.Errorf("plainfields: no plain leaf in the executor: gqlgen changed, see graph/gen/plainfields.go")
	}
	return out, n, nil
}

// plainObject is the body of a plain object field: its field context, the recovery of
// gqlgen's ResolveField, the value marshalled.
const plainObject = `	// A plain object field, its context without the field middleware (graph/gen/plainfields.go).
	fc, _ := ec.%s(ctx, field) // no arguments: no error
	ctx = graphql.WithFieldContext(ctx, fc)
	defer func() {
		if r := recover(); r != nil {
			ec.Error(ctx, ec.Recover(ctx, r))
			ret = graphql.Null
		}
	}()
	fc.Result = obj.%s
	return ec.%s(ctx, field.Selections, obj.%s)
}
`

var (
	// objectContext is the field context of a field without arguments that is not a leaf.
	objectContext = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (fieldContext_\w+)\(_ context\.Context, field graphql\.CollectedField\) \(fc \*graphql\.FieldContext, err error\) \{\n\tfc = &graphql\.FieldContext\{\n(?:\t\t.*\n)+?\t\}\n\treturn fc, nil\n\}\n`)
	scalarContext = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (fieldContext_\w+)\(_ context\.Context, field graphql\.CollectedField\) \(fc \*graphql\.FieldContext, err error\) \{\n\treturn graphql\.NewScalarFieldContext\(`)
	marshaller    = regexp.MustCompile(`(?ms)^func \(ec \*executionContext\) (marshal[^(\s]+)\(ctx context\.Context, sel ast\.SelectionSet, v ([^)]+)\) graphql\.Marshaler \{\n(.*?)^\}\n`)
)

// Marshallers that never report an error: of a value type, a MarshalString, MarshalInt
// or MarshalBoolean (never null) or an enum's own value; of an optional pointer, null for
// nil and otherwise the same.
var (
	valueMarshal = regexp.MustCompile(`^\t_ = sel\n\tres := graphql\.Marshal(String|Int|Boolean|ID)\(v\)\n\tif res == graphql\.Null \{\n\t\tgraphql\.AddInvalidNullFromMarshaler\(ctx, "\w+!"\)\n\t\}\n\treturn res\n$|^\treturn v\n$`)
	optMarshal   = regexp.MustCompile(`^\tif v == nil \{\n\t\treturn graphql\.Null\n\t\}\n(?:\t_ = sel\n\t_ = ctx\n\tres := graphql\.Marshal(String|Int|Boolean|ID)\(\*v\)\n\treturn res\n|\treturn v\n)$`)
)

// floatMarshal is a Float's marshaller, required or optional: an error only for NaN
// and infinities.
var floatMarshal = regexp.MustCompile(`^(?:\tif v == nil \{\n\t\treturn graphql\.Null\n\t\}\n\t_ = sel\n\tres := graphql\.MarshalFloatContext\(\*v\)\n|\t_ = sel\n\tres := graphql\.MarshalFloatContext\(v\)\n\tif res == graphql\.Null \{\n\t\tgraphql\.AddInvalidNullFromMarshaler\(ctx, "Float!"\)\n\t\}\n)\treturn graphql\.WrapContextMarshaler\(ctx, res\)\n$`)

func marshalsWithoutError(body []byte, goType string) bool {
	switch goType[0] {
	case '*':
		return optMarshal.Match(body)
	case '[':
		return false
	}
	return valueMarshal.Match(body)
}
