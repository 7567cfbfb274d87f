package main

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Codes of requests that are not GraphQL requests at all.
const (
	codeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	codeUnsupportedMedia = "UNSUPPORTED_MEDIA_TYPE"
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
				writeErrors(w, http.StatusUnsupportedMediaType, codeUnsupportedMedia, "POST a JSON body with Content-Type: application/json")
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST")
			writeErrors(w, http.StatusMethodNotAllowed, codeMethodNotAllowed, "use GET or POST")
			return
		}
		rec := &errorRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		rec.flush()
	})
}

func writeErrors(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []*gqlerror.Error{coded(code, msg)}})
}

// errorRecorder passes successful responses straight through and holds back error
// responses (status ≥ 400, all small) so that flush can complete them.
type errorRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (e *errorRecorder) WriteHeader(status int) {
	e.status = status
	if status < 400 {
		e.ResponseWriter.WriteHeader(status)
	}
}

func (e *errorRecorder) Write(b []byte) (int, error) {
	if e.status >= 400 {
		return e.body.Write(b)
	}
	return e.ResponseWriter.Write(b)
}

func (e *errorRecorder) flush() {
	if e.status < 400 {
		return
	}
	var resp struct {
		Errors []*gqlerror.Error `json:"errors"`
		Data   json.RawMessage   `json:"data,omitempty"`
	}
	if err := json.Unmarshal(e.body.Bytes(), &resp); err != nil || len(resp.Errors) == 0 {
		resp.Errors = []*gqlerror.Error{{Message: strings.TrimSpace(e.body.String())}}
	}
	code := map[int]string{http.StatusMethodNotAllowed: codeMethodNotAllowed, http.StatusNotAcceptable: codeMethodNotAllowed,
		http.StatusUnsupportedMediaType: codeUnsupportedMedia}[e.status]
	if code == "" {
		code = "BAD_USER_INPUT"
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
	writeJSON(e.ResponseWriter, e.status, resp)
}
