package httpapi

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Codes of requests that are not GraphQL requests at all.
const (
	codeMethodNotAllowed = string(apperr.MethodNotAllowed)
	codeUnsupportedMedia = string(apperr.UnsupportedMediaType)
)

// graphqlTransport keeps gqlgen's transport-level refusals in the API's terms: GraphQL
// is GET or a POST of application/json; anything else gets a coded 405 or 415. Errors
// that gqlgen's transports write themselves (outside the error presenter: a mutation
// over GET, a malformed query string, a body that is not a request) get a code, a JSON
// content type, and a message without Go type names.
func graphqlTransport(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
		case http.MethodPost:
			if media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || media != "application/json" {
				writeErrors(w, r, http.StatusUnsupportedMediaType, codeUnsupportedMedia, "POST a JSON body with Content-Type: application/json")
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST")
			writeErrors(w, r, http.StatusMethodNotAllowed, codeMethodNotAllowed, "use GET or POST")
			return
		}
		rec := &errorRecorder{ResponseWriter: w, request: r}
		next.ServeHTTP(rec, r)
		rec.flush()
	})
}

// writeErrors answers a request refused before GraphQL execution, in the media type
// the client accepts.
func writeErrors(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	w.Header().Set("Content-Type", responseType(r))
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []*gqlerror.Error{coded(code, msg)}})
}

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// responseType is the media type of the answer, as the GraphQL-over-HTTP spec has it
// and gqlgen's transports choose it: the first of the two JSON types the client's
// Accept names, application/json when it names neither or nothing.
func responseType(r *http.Request) string {
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		switch media, _, _ := mime.ParseMediaType(strings.TrimSpace(part)); media {
		case mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaJSON
}

// errorRecorder passes successful responses straight through and holds back error
// responses (status ≥ 400) so that flush can complete them. They are small (parse and
// validation errors are capped, see cappedRules); one that is not is not kept whole.
type errorRecorder struct {
	http.ResponseWriter
	request  *http.Request
	status   int
	body     bytes.Buffer
	overflow bool
}

// maxErrorBody bounds the error response held back: the first maxErrors errors of
// the longest messages fit many times over.
const maxErrorBody = 256 << 10

func (e *errorRecorder) WriteHeader(status int) {
	e.status = status
	if status < 400 {
		e.ResponseWriter.WriteHeader(status)
	}
}

func (e *errorRecorder) Write(b []byte) (int, error) {
	if e.status >= 400 {
		if e.body.Len()+len(b) > maxErrorBody {
			e.overflow = true
			return len(b), nil
		}
		return e.body.Write(b)
	}
	return e.ResponseWriter.Write(b)
}

func (e *errorRecorder) flush() {
	if e.status < 400 {
		return
	}
	var resp struct {
		Errors     []*gqlerror.Error `json:"errors"`
		Data       json.RawMessage   `json:"data,omitempty"`
		Extensions map[string]any    `json:"extensions,omitempty"`
	}
	switch err := json.Unmarshal(e.body.Bytes(), &resp); {
	case e.overflow:
		resp.Errors = []*gqlerror.Error{{Message: "the error response was too long to send"}}
	case err != nil || len(resp.Errors) == 0:
		resp.Errors = []*gqlerror.Error{{Message: strings.TrimSpace(e.body.String())}}
	}
	// A request that failed before execution has no data entry (GraphQL over HTTP).
	resp.Data = nil
	status := e.status
	switch {
	case status == http.StatusUnprocessableEntity && len(resp.Errors) == 1 && resp.Errors[0].Message == "no operation provided":
		// No query at all: not a GraphQL request, 400 for both media types (GraphQL over
		// HTTP: "MAY use 400 if parameters are invalid").
		status = http.StatusBadRequest
		resp.Errors[0].Message = "the request has no query: send a JSON object with query (a string) and, optionally, variables and operationName"
	case status == http.StatusNotAcceptable: // gqlgen's answer to a mutation over GET
		status = http.StatusMethodNotAllowed
		e.Header().Set("Allow", "POST")
	case status == http.StatusUnprocessableEntity && responseType(e.request) == mediaGraphQLResponse:
		status = http.StatusBadRequest
	case status == http.StatusUnprocessableEntity:
		// GraphQL over HTTP: an application/json client reads every well-formed
		// request's errors from a 200, parse and validation errors included.
		status = http.StatusOK
	}
	code := map[int]string{http.StatusMethodNotAllowed: codeMethodNotAllowed, http.StatusNotAcceptable: codeMethodNotAllowed,
		http.StatusUnsupportedMediaType: codeUnsupportedMedia}[e.status]
	if code == "" {
		code = string(apperr.BadUserInput)
	}
	for _, ge := range resp.Errors {
		if strings.Contains(ge.Message, "Go value of type") || strings.Contains(ge.Message, "Go struct field") {
			ge.Message = "the request must be a JSON object with query (a string), variables (an object) and operationName (a string)"
		}
		ge.Message = shorten(ge.Message)
		if ge.Extensions == nil {
			ge.Extensions = map[string]any{}
		}
		if ge.Extensions["code"] == nil {
			ge.Extensions["code"] = code
		}
	}
	e.Header().Set("Content-Type", responseType(e.request))
	e.ResponseWriter.WriteHeader(status)
	_ = json.NewEncoder(e.ResponseWriter).Encode(resp)
}
