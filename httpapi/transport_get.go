package httpapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// getTransport is gqlgen's GET transport (transport.GET, v0.17.98) but for how it writes
// the answer: writeResponse copies the executor's compact data where gqlgen's writeJson
// compacts it again (see postTransport). The bytes written are the same.
type getTransport struct{}

var _ graphql.Transport = getTransport{}

func (getTransport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && r.Method == http.MethodGet
}

func (getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, &graphql.Response{Errors: gqlerror.List{{Message: err.Error()}}})
		return
	}
	contentType := postResponseType(r) // gqlgen chooses it alike for GET and POST
	w.Header().Add("Content-Type", contentType)
	raw := &graphql.RawParams{Query: query.Get("query"), OperationName: query.Get("operationName"), Headers: r.Header}
	raw.ReadTime.Start = graphql.Now()
	for _, p := range []struct {
		name string
		into any
	}{{"variables", &raw.Variables}, {"extensions", &raw.Extensions}} {
		if v := query.Get(p.name); v != "" {
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(p.into); err != nil {
				w.WriteHeader(http.StatusBadRequest)
				writeResponse(w, &graphql.Response{Errors: gqlerror.List{{Message: p.name + " could not be decoded"}}})
				return
			}
		}
	}
	raw.ReadTime.End = graphql.Now()
	rc, opErr := exec.CreateOperationContext(r.Context(), raw)
	if opErr != nil {
		writeOperationError(r.Context(), w, exec, rc, opErr, contentType)
		return
	}
	if op := rc.Doc.Operations.ForName(rc.OperationName); op.Operation != ast.Query {
		w.WriteHeader(http.StatusNotAcceptable)
		writeResponse(w, &graphql.Response{Errors: gqlerror.List{{Message: "GET requests only allow query operations"}}})
		return
	}
	responses, ctx := exec.DispatchOperation(r.Context(), rc)
	writeResponse(w, responses(ctx))
}
