package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// errorCountKey is the response extension giving the number of errors when more were
// found than a response carries.
const errorCountKey = "errorCount"

// cappedRules are the default validation rules reporting at most max errors: the
// others are counted on one more error instead of being built, so a document with
// thousands of conflicts costs no more memory than one with max.
func cappedRules(max int) func() *rules.Rules {
	return func() *rules.Rules {
		var (
			found int
			extra *gqlerror.Error // carries the count of the errors left out
		)
		capped := rules.NewRules()
		for name, rule := range rules.NewDefaultRules().GetInner() {
			capped.AddRule(name, func(observers *core.Events, addError core.AddErrFunc) {
				rule(observers, func(options ...core.ErrorOption) {
					found++
					switch {
					case found <= max:
						addError(options...)
					case extra == nil:
						addError(core.Message("the document has more validation errors than a response carries"),
							func(e *gqlerror.Error) { extra = e })
						fallthrough
					default:
						if extra.Extensions == nil {
							extra.Extensions = map[string]any{}
						}
						extra.Extensions[errorCountKey] = found
					}
				})
			})
		}
		return capped
	}
}

// errorCap keeps the first max errors of a response and gives the full count in the
// response's extensions.
type errorCap struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = errorCap{}

func (errorCap) ExtensionName() string                          { return "ErrorCap" }
func (errorCap) Validate(schema graphql.ExecutableSchema) error { return nil }

func (c errorCap) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	total := len(resp.Errors)
	kept := resp.Errors[:0]
	for _, e := range resp.Errors {
		if n, ok := e.Extensions[errorCountKey].(int); ok {
			total = n // the validation errors counted by cappedRules
			continue
		}
		kept = append(kept, e)
	}
	resp.Errors = kept[:min(len(kept), c.max)]
	if total > len(resp.Errors) {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions[errorCountKey] = total
	}
	return resp
}
