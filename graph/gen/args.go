package main

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// gqlgen converts a field's arguments each time it resolves the field for an object:
// the document's values with the variables (ArgumentMap), then every argument's
// unmarshaller — 5–10 % of the server's CPU on the bench's mix, whose nested lists
// resolve one occurrence for tens of parents. An occurrence's arguments are the same for
// the whole operation, so keepFieldArgs makes the field contexts of every object but the
// roots (which resolve once per occurrence) take them from the operation's
// inorder.Args, which converts them once and keeps them; a conversion that fails is not
// kept, and each object reports its error on its own path as before.

const (
	// execState is the executor's state, one per operation; it gains the arguments kept.
	execState = "type executionContext struct {\n" +
		"\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n" +
		"}\n"
	execStateWithArgs = "type executionContext struct {\n" +
		"\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n" +
		"\targs fieldArgs // the arguments of each field occurrence, converted once (graph/gen/args.go)\n" +
		"}\n"
	// fieldArgsDecl goes into inorder_gen.go, which imports graph/inorder.
	fieldArgsDecl  = "\n// fieldArgs keeps the arguments of the operation's field occurrences (graph/gen/args.go).\ntype fieldArgs = inorder.Args\n"
	anyArgumentMap = "field.ArgumentMap(ec.Variables)"
)

// argsConversion is a field context's conversion of its field's arguments.
var argsConversion = regexp.MustCompile(`(?m)^\tif fc\.Args, err = ec\.(field_\w+_args)\(ctx, field\.ArgumentMap\(ec\.Variables\)\); err != nil \{$`)

// keepFieldArgs rewrites exec; roots are the root types' names (Query, Mutation). It
// fails when gqlgen's output is not what it expects: no executor state of that shape, an
// argument conversion of another form, or none for a non-root field.
func keepFieldArgs(exec []byte, roots []string) (out []byte, n int, err error) {
	if bytes.Count(exec, []byte(execState)) != 1 {
		return nil, 0, fmt.Errorf("args: the executor's state is not %q: gqlgen changed, see graph/gen/args.go", execState)
	}
	out = bytes.Replace(exec, []byte(execState), []byte(execStateWithArgs), 1)
	kept := 0 // conversions left to gqlgen: the roots'
	out = argsConversion.ReplaceAllFunc(out, func(m []byte) []byte {
		convert := string(argsConversion.FindSubmatch(m)[1])
		if slices.ContainsFunc(roots, func(root string) bool { return strings.HasPrefix(convert, "field_"+root+"_") }) {
			kept++
			return m
		}
		n++
		return fmt.Appendf(nil, "\tif fc.Args, err = ec.args.Of(ctx, fc.Object, field.Field, ec.Variables, ec.%s); err != nil {", convert)
	})
	if left := bytes.Count(out, []byte(anyArgumentMap)); left != kept {
		return nil, 0, fmt.Errorf("args: %d conversions of arguments of another form than %s: gqlgen changed, see graph/gen/args.go", left-kept, argsConversion)
	}
	if n == 0 {
		return nil, 0, fmt.Errorf("args: no field below the roots converts arguments: gqlgen changed, see graph/gen/args.go")
	}
	return out, n, nil
}

// rootTypes are the names of the schema's root types.
func rootTypes(schema *ast.Schema) []string {
	var roots []string
	for _, d := range []*ast.Definition{schema.Query, schema.Mutation, schema.Subscription} {
		if d != nil {
			roots = append(roots, d.Name)
		}
	}
	return roots
}
