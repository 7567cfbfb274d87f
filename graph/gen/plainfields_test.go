package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// gqlgenField is gqlgen's body of a field T.f read from obj.F, marshalled by marshal.
func gqlgenField(t, f, goField, goType, marshal, read string) string {
	return fmt.Sprintf(`func (ec *executionContext) _%[1]s_%[2]s(ctx context.Context, field graphql.CollectedField, obj *model.%[1]s) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_%[1]s_%[2]s(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			%[6]s
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v %[4]s) graphql.Marshaler {
			return ec.%[5]s(ctx, selections, v)
		},
		true,
		false,
	)
}
func (ec *executionContext) fieldContext_%[1]s_%[2]s(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("%[1]s", field, false, false, "X")
}
`, t, f, goField, goType, marshal, strings.ReplaceAll(read, "F", goField))
}

const marshallers = `func (ec *executionContext) marshalOString2ᚖstring(ctx context.Context, sel ast.SelectionSet, v *string) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	_ = sel
	_ = ctx
	res := graphql.MarshalString(*v)
	return res
}
func (ec *executionContext) marshalNString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalString(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "String!")
	}
	return res
}
func (ec *executionContext) marshalNKind2githubᚗcomᚋxᚐKind(ctx context.Context, sel ast.SelectionSet, v model.Kind) graphql.Marshaler {
	return v
}
func (ec *executionContext) marshalOFloat2ᚖfloat64(ctx context.Context, sel ast.SelectionSet, v *float64) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	_ = sel
	res := graphql.MarshalFloatContext(*v)
	return graphql.WrapContextMarshaler(ctx, res)
}
func (ec *executionContext) marshalNFloat2float64(ctx context.Context, sel ast.SelectionSet, v float64) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalFloatContext(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Float!")
	}
	return graphql.WrapContextMarshaler(ctx, res)
}
func (ec *executionContext) marshalNString2ᚖstring(ctx context.Context, sel ast.SelectionSet, v *string) graphql.Marshaler {
	if v == nil {
		if !graphql.HasFieldError(ctx, graphql.GetFieldContext(ctx)) {
			graphql.AddErrorf(ctx, "the requested element is null which the schema does not allow")
		}
		return graphql.Null
	}
	_ = sel
	res := graphql.MarshalString(*v)
	return res
}
`

// Plain leaves whose marshaller cannot fail are marshalled directly, a Float when
// finite (else as gqlgen does); a non-null pointer (which reports null with the field's
// path) and a resolver keep gqlgen's body.
func TestInlinePlainFields(t *testing.T) {
	plain := []string{
		gqlgenField("A", "period", "Period", "*string", "marshalOString2ᚖstring", "return obj.F, nil"),
		gqlgenField("A", "name", "Name", "string", "marshalNString2string", "return obj.F, nil"),
		gqlgenField("A", "kind", "Kind", "model.Kind", "marshalNKind2githubᚗcomᚋxᚐKind", "return obj.F, nil"),
	}
	floats := []string{
		gqlgenField("A", "share", "Share", "*float64", "marshalOFloat2ᚖfloat64", "return obj.F, nil"),
		gqlgenField("A", "total", "Total", "float64", "marshalNFloat2float64", "return obj.F, nil"),
	}
	kept := []string{
		gqlgenField("A", "id", "ID", "*string", "marshalNString2ᚖstring", "return obj.F, nil"),
		gqlgenField("A", "label", "Label", "string", "marshalNString2string", "return ec.resolvers.A().Label(ctx, obj)"),
	}
	exec := strings.Join(plain, "") + strings.Join(floats, "") + strings.Join(kept, "") + marshallers
	out, n, err := inlinePlainFields([]byte(exec))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(plain)+len(floats) {
		t.Errorf("%d fields inlined, want %d", n, len(plain)+len(floats))
	}
	head := func(field string) string { // gqlgen's function up to its body
		return field[:strings.Index(field, "{\n")+2]
	}
	gqlgenBody := func(field string) string {
		f := field[:strings.Index(field, "func (ec *executionContext) fieldContext_")]
		return f[len(head(f)):]
	}
	for i, want := range []string{
		"\t// A plain leaf, marshalled directly (graph/gen/plainfields.go).\n\treturn ec.marshalOString2ᚖstring(ctx, field.Selections, obj.Period)\n}\n",
		"\t// A plain leaf, marshalled directly (graph/gen/plainfields.go).\n\treturn ec.marshalNString2string(ctx, field.Selections, obj.Name)\n}\n",
		"\t// A plain leaf, marshalled directly (graph/gen/plainfields.go).\n\treturn ec.marshalNKind2githubᚗcomᚋxᚐKind(ctx, field.Selections, obj.Kind)\n}\n",
	} {
		if !strings.Contains(string(out), head(plain[i])+want) {
			t.Errorf("rewritten executor lacks %q", want)
		}
	}
	for i, guard := range []string{
		"\tif v := obj.Share; v == nil || *v-*v == 0 {\n\t\treturn ec.marshalOFloat2ᚖfloat64(ctx, field.Selections, v)\n\t}\n",
		"\tif v := obj.Total; v-v == 0 {\n\t\treturn ec.marshalNFloat2float64(ctx, field.Selections, v)\n\t}\n",
	} {
		want := head(floats[i]) + "\t// A plain leaf, marshalled directly when finite (graph/gen/plainfields.go).\n" + guard + gqlgenBody(floats[i])
		if !strings.Contains(string(out), want) {
			t.Errorf("rewritten executor lacks\n%s", want)
		}
	}
	for _, k := range kept {
		if !strings.Contains(string(out), k) {
			t.Errorf("rewritten executor changed:\n%s", k)
		}
	}
	if _, _, err := inlinePlainFields([]byte(strings.Join(kept, "") + marshallers)); err == nil {
		t.Error("an executor without a plain leaf is not refused")
	}
}

// The committed executor marshals the dependency answer's plain leaves directly and
// its Float share when finite.
func TestCommittedExecutorInlinesPlainFields(t *testing.T) {
	exec, err := os.ReadFile("../../graph/generated/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	body := func(name string) string {
		m := regexp.MustCompile(`(?ms)^func \(ec \*executionContext\) ` + name + `\(.*?^\}\n`).Find(exec)
		return string(m)
	}
	for _, f := range []string{"_ImportSource_period", "_ImportSource_form", "_Country_name", "_Measurement_qualifier"} {
		if !strings.Contains(body(f), "A plain leaf") {
			t.Errorf("%s is not inlined:\n%s", f, body(f))
		}
	}
	if b := body("_ImportSource_share"); !strings.Contains(b, "when finite") || !strings.Contains(b, "graphql.ResolveField(") {
		t.Errorf("_ImportSource_share is not inlined when finite, else resolved by gqlgen:\n%s", b)
	}
	for _, f := range []string{"_ImportSource_country", "_PartnershipMemberCountriesRelationship_node", "_PartnershipMemberCountriesConnection_edges", "_ProjectsConnection_pageInfo"} {
		if !strings.Contains(body(f), "A plain object field") {
			t.Errorf("%s is not marshalled directly:\n%s", f, body(f))
		}
	}
	if b := body("_Project_minerals"); !strings.Contains(b, "graphql.ResolveField(") { // a resolver
		t.Errorf("_Project_minerals is not resolved by gqlgen:\n%s", b)
	}
}

// gqlgenObjectField is gqlgen's body of an object field T.f read from obj.F, with its
// field context (a resolver's when resolver).
func gqlgenObjectField(t, f, goField, goType, marshal string, resolver bool) string {
	field := gqlgenField(t, f, goField, goType, marshal, "return obj.F, nil")
	field = field[:strings.Index(field, "func (ec *executionContext) fieldContext_")]
	return field + fmt.Sprintf(`func (ec *executionContext) fieldContext_%[1]s_%[2]s(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     %[1]q,
		Field:      field,
		IsMethod:   false,
		IsResolver: %[3]t,
		Child: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.childFields_X(ctx, field)
		},
	}
	return fc, nil
}
`, t, f, resolver)
}

// Plain object fields of a pointer or list type keep their field context and gqlgen's
// recovery, and marshal the value directly; a resolver's, or one of another type (an
// interface, which gqlgen reports null otherwise than its marshaller), keep gqlgen's body.
func TestInlinePlainObjectFields(t *testing.T) {
	plain := []string{
		gqlgenObjectField("E", "node", "Node", "*model.Country", "marshalNCountry2ᚖx", false),
		gqlgenObjectField("C", "edges", "Edges", "[]*model.E", "marshalNE2ᚕᚖxᚄ", false),
	}
	kept := []string{
		gqlgenObjectField("E", "other", "Other", "*model.Country", "marshalNCountry2ᚖx", true),
		gqlgenObjectField("E", "entity", "Entity", "model.Entity", "marshalNEntity2x", false),
	}
	out, n, err := inlinePlainFields([]byte(strings.Join(plain, "") + strings.Join(kept, "")))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(plain) {
		t.Errorf("%d fields rewritten, want %d", n, len(plain))
	}
	for i, want := range []string{
		"\tfc, _ := ec.fieldContext_E_node(ctx, field) // no arguments: no error\n\tctx = graphql.WithFieldContext(ctx, fc)\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tec.Error(ctx, ec.Recover(ctx, r))\n\t\t\tret = graphql.Null\n\t\t}\n\t}()\n\tfc.Result = obj.Node\n\treturn ec.marshalNCountry2ᚖx(ctx, field.Selections, obj.Node)\n}\n",
		"\tfc.Result = obj.Edges\n\treturn ec.marshalNE2ᚕᚖxᚄ(ctx, field.Selections, obj.Edges)\n}\n",
	} {
		head := plain[i][:strings.Index(plain[i], "{\n")+2]
		if !strings.Contains(string(out), head) || !strings.Contains(string(out), want) {
			t.Errorf("rewritten executor lacks\n%s", want)
		}
	}
	for _, k := range kept {
		if !strings.Contains(string(out), k) {
			t.Errorf("rewritten executor changed:\n%s", k)
		}
	}
}
