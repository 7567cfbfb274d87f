package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// postTransport is gqlgen's POST transport (transport.POST, v0.17.98) but for how it
// writes the answer: gqlgen's writeJson hands the whole response to encoding/json,
// which compacts and validates the executor's already compact data again, byte by byte
// (~0.5 ms of a 64 KB answer); writeResponse copies it. The bytes written are the same.
type postTransport struct{}

var _ graphql.Transport = postTransport{}

func (postTransport) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && r.Method == http.MethodPost && media == "application/json"
}

func (postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := postResponseType(r)
	w.Header().Add("Content-Type", contentType)
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %+v", err)}))
		return
	}
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("json request body could not be decoded: %+v body:%s", err, body)}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, &params)
	if opErr != nil {
		writeOperationError(ctx, w, exec, rc, opErr, contentType)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
}

// writeOperationError answers a document that does not parse or validate, or whose
// variables do not, as gqlgen's transports do: 422 (400 for graphql-response+json) for
// a protocol error, else 200.
func writeOperationError(ctx context.Context, w http.ResponseWriter, exec graphql.GraphExecutor, rc *graphql.OperationContext, opErr gqlerror.List, contentType string) {
	status := http.StatusOK
	if errcode.GetErrorKind(opErr) == errcode.KindProtocol {
		status = http.StatusUnprocessableEntity
		if contentType == mediaGraphQLResponse {
			status = http.StatusBadRequest
		}
	}
	if rc != nil && rc.Doc != nil && rc.Operation == nil && len(opErr) == 1 {
		// gqlgen's "operation  not found" (sic) for a document of several operations sent
		// without operationName: say which ones there are and what to send.
		opErr[0].Message = operationNotFound(rc.Doc, rc.OperationName)
	}
	w.WriteHeader(status)
	// Nothing was executed: no data entry (GraphQL over HTTP). gqlgen writes "data":null,
	// which the error recorder (transport.go) drops from a 4xx; a 200 (an unknown
	// persisted query) never reaches it, so it is left out here.
	writeAnswer(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr), status >= http.StatusBadRequest)
}

// operationNotFound says why no operation of doc is the one to run.
func operationNotFound(doc *ast.QueryDocument, name string) string {
	var names []string
	for _, op := range doc.Operations {
		if op.Name == "" {
			names = append(names, "an unnamed one")
		} else {
			names = append(names, op.Name)
		}
	}
	switch {
	case len(names) == 0:
		return "the document has no operation to run, only fragments"
	case name == "":
		return fmt.Sprintf("the document has %d operations (%s): name the one to run with operationName", len(names), strings.Join(names, ", "))
	}
	return fmt.Sprintf("the document has no operation named %q (it has %s)", name, strings.Join(names, ", "))
}

// postResponseType is the content type gqlgen's POST transport answers with: JSON for
// no Accept header or a wildcard, the first of the two JSON types named, and
// application/graphql-response+json when Accept names only other types.
func postResponseType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		media, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch media {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaGraphQLResponse
}

// writeResponse writes resp as json.Marshal would: the errors and extensions through
// encoding/json, the data, which gqlgen's executor writes compact and valid, copied with
// only the escaping json.Marshal adds (<, >, &, U+2028 and U+2029 inside strings).
func writeResponse(w io.Writer, resp *graphql.Response) {
	writeAnswer(w, resp, true)
}

// writeAnswer is writeResponse with the data entry left out unless withData.
func writeAnswer(w io.Writer, resp *graphql.Response, withData bool) {
	b, err := appendResponse(make([]byte, 0, len(resp.Data)+64), resp, withData)
	if err != nil {
		// gqlgen's writeJson panics here; an answer with a code is what a client can use.
		b = []byte(unencodableAnswer)
	}
	_, _ = w.Write(b)
}

// unencodableAnswer replaces an answer whose errors or extensions encoding/json refuses.
const unencodableAnswer = `{"errors":[{"message":"internal error: the answer could not be encoded","extensions":{"code":"` + string(apperr.Internal) + `"}}],"data":null}`

func appendResponse(b []byte, resp *graphql.Response, withData bool) ([]byte, error) {
	if resp.Label != "" || len(resp.Path) > 0 || resp.HasNext != nil { // incremental delivery: not served
		return json.Marshal(resp)
	}
	b = append(b, '{')
	sep := ""
	if len(resp.Errors) > 0 {
		errs, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, err
		}
		b = append(append(b, `"errors":`...), errs...)
		sep = ","
	}
	if withData {
		b = append(append(b, sep...), `"data":`...)
		sep = ","
		switch {
		case len(resp.Data) == 0:
			b = append(b, "null"...)
		case needsHTMLEscape(resp.Data):
			var buf bytes.Buffer
			json.HTMLEscape(&buf, resp.Data)
			b = append(b, buf.Bytes()...)
		default:
			b = append(b, resp.Data...)
		}
	}
	if len(resp.Extensions) > 0 {
		ext, err := json.Marshal(resp.Extensions)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, sep...), `"extensions":`...), ext...)
	}
	return append(b, '}'), nil
}

// needsHTMLEscape reports whether data holds <, >, & or the first byte of U+2028 or
// U+2029 (0xE2, as do other characters: those are left as they are).
func needsHTMLEscape(data []byte) bool {
	for _, c := range []byte("<>&\xe2") {
		if bytes.IndexByte(data, c) >= 0 {
			return true
		}
	}
	return false
}
