package apperr

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// The table and the constants are one list: every constant of type Code has a row, every
// row a constant, and each constant's comment says the row's meaning and HTTP status.
func TestCodesTableMatchesTheConstants(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "apperr.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	comments := map[Code]string{} // code value → the comment of its constant
	names := map[Code]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Code" {
				continue
			}
			lit := vs.Values[0].(*ast.BasicLit)
			code := Code(strings.Trim(lit.Value, `"`))
			if _, dup := names[code]; dup {
				t.Errorf("two constants spell %s", code)
			}
			names[code] = vs.Names[0].Name
			comments[code] = strings.TrimSpace(vs.Doc.Text())
		}
	}
	if len(names) < 20 {
		t.Fatalf("found %d constants of type Code, want at least 20", len(names))
	}
	seen := map[Code]bool{}
	for _, info := range Codes() {
		if seen[info.Code] {
			t.Errorf("%s has two rows", info.Code)
		}
		seen[info.Code] = true
		name, ok := names[info.Code]
		if !ok {
			t.Errorf("the table's %s is no constant", info.Code)
			continue
		}
		want := fmt.Sprintf("%s: %s (HTTP %d).", name, info.When, info.Status)
		if comments[info.Code] != want {
			t.Errorf("the comment of %s is\n%q, want\n%q", name, comments[info.Code], want)
		}
		if info.Code.Status() != info.Status {
			t.Errorf("%s.Status() = %d, want %d", name, info.Code.Status(), info.Status)
		}
	}
	for code, name := range names {
		if !seen[code] {
			t.Errorf("the constant %s has no row in the table", name)
		}
	}
}

// An internal error tells the client nothing and keeps its cause for the log.
func TestInternalKeepsTheCauseFromTheClient(t *testing.T) {
	cause := errors.New("driver said: row 3 has no id")
	for _, e := range []*Error{
		Internalf("unexpected row %d: %w", 3, cause),
		Errorf(Internal, "unexpected row %d: %v", 3, cause),
	} {
		if e.Code != Internal || e.Message != InternalMessage {
			t.Errorf("client sees %s %q, want INTERNAL %q", e.Code, e.Message, InternalMessage)
		}
		if e.Cause == nil || !strings.Contains(e.Cause.Error(), "unexpected row 3: driver said") {
			t.Errorf("cause %v, want the formatted detail", e.Cause)
		}
		if !strings.Contains(e.Error(), "row 3 has no id") {
			t.Errorf("Error() = %q, want the cause for the log", e.Error())
		}
	}
	if !errors.Is(Internalf("wrapped: %w", cause), cause) {
		t.Error("Internalf with %w does not wrap the cause")
	}
}

func TestCodeOf(t *testing.T) {
	wrapped := fmt.Errorf("resolver: %w", Errorf(NotFound, "no entity has id %q", "x"))
	for _, tt := range []struct {
		err  error
		want Code
	}{
		{nil, ""},
		{wrapped, NotFound},
		{errors.New("plain"), Internal},
		{Internalf("x"), Internal},
	} {
		if got := CodeOf(tt.err); got != tt.want {
			t.Errorf("CodeOf(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	if Errorf(BadUserInput, "limit %d", -1).Message != "limit -1" {
		t.Error("Errorf does not format the client message")
	}
}
