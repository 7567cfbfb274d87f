package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// gqlgenFieldContext is gqlgen's field context of T.f, which converts f's arguments.
func gqlgenFieldContext(t, f string) string {
	return fmt.Sprintf(`func (ec *executionContext) fieldContext_%[1]s_%[2]s(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     %[1]q,
		Field:      field,
		IsMethod:   true,
		IsResolver: true,
	}
	ctx = graphql.WithFieldContext(ctx, fc)
	if fc.Args, err = ec.field_%[1]s_%[2]s_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {
		ec.Error(ctx, err)
		return fc, err
	}
	return fc, nil
}
`, t, f)
}

// keepFieldArgs gives the executor its state of kept arguments and makes the fields of
// non-root objects take their arguments from it; the roots' stay gqlgen's.
func TestKeepFieldArgs(t *testing.T) {
	exec := execState + gqlgenFieldContext("Project", "minerals") + gqlgenFieldContext("Query", "projects") +
		gqlgenFieldContext("Mutation", "apply") + gqlgenFieldContext("Queryable", "items")
	out, n, err := keepFieldArgs([]byte(exec), []string{"Query", "Mutation"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d field contexts rewritten; want 2 (Project.minerals, Queryable.items)", n)
	}
	for _, want := range []string{
		execStateWithArgs,
		"\tif fc.Args, err = ec.args.Of(ctx, fc.Object, field.Field, ec.Variables, ec.field_Project_minerals_args); err != nil {\n\t\tec.Error(ctx, err)\n",
		"\tif fc.Args, err = ec.args.Of(ctx, fc.Object, field.Field, ec.Variables, ec.field_Queryable_items_args); err != nil {\n",
		gqlgenFieldContext("Query", "projects"),
		gqlgenFieldContext("Mutation", "apply"),
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("rewritten executor lacks\n%s\n---\n%s", want, out)
		}
	}
}

// keepFieldArgs refuses an executor it does not recognise rather than leave arguments
// converted for every object unnoticed.
func TestKeepFieldArgsRefusesAnUnexpectedExecutor(t *testing.T) {
	nested := gqlgenFieldContext("Project", "minerals")
	for name, exec := range map[string]string{
		"no executor state":        nested,
		"another executor state":   strings.Replace(execState, "}\n", "\tother int\n}\n", 1) + nested,
		"only root fields":         execState + gqlgenFieldContext("Query", "projects"),
		"a conversion of its own":  execState + nested + "\targs, err := ec.field_Project_country_args(ctx, field.ArgumentMap(ec.Variables))\n",
		"another form of the line": execState + strings.Replace(nested, "err != nil {", "err != nil && true {", 1),
	} {
		if _, _, err := keepFieldArgs([]byte(exec), []string{"Query", "Mutation"}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The committed executor converts the arguments of nested fields once per operation.
func TestCommittedExecutorKeepsFieldArgs(t *testing.T) {
	exec, err := os.ReadFile("../../graph/generated/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		execStateWithArgs,
		"\tif fc.Args, err = ec.args.Of(ctx, fc.Object, field.Field, ec.Variables, ec.field_Project_minerals_args); err != nil {\n",
		"\tif fc.Args, err = ec.field_Query_projects_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {\n",
	} {
		if !strings.Contains(string(exec), want) {
			t.Errorf("generated.go lacks %q", want)
		}
	}
}
