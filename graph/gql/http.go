package gql

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"caremap/graph"
)

// protocol puts in front of gqlgen's transports what GraphQL over HTTP asks
// for and gqlgen does not do, and what a public endpoint needs:
//
//   - a POST must be application/json, within the body cap, a JSON object
//     whose query is a string (or absent with a persisted query), whose
//     operationName is a string and whose variables and extensions are
//     objects: else 415, 413 or 400, in words that never echo the body;
//   - a GET must have a query, and may not ask for a mutation (405, Allow:
//     POST);
//   - statuses follow the media type the client accepts (withStatus), and
//     with application/graphql-response+json a request error carries no
//     data entry.
func protocol(next http.Handler, opts Options, limits Limits) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost:
			if !checkPOST(w, r, opts, limits) {
				return
			}
		case http.MethodGet, http.MethodHead:
			if !checkGET(w, r, opts, limits) {
				return
			}
			if r.Method == http.MethodHead { // gqlgen serves GET only; the server drops the body
				r = r.Clone(r.Context())
				r.Method = http.MethodGet
			}
		}
		o := &outcome{}
		sw := &statusRewriter{ResponseWriter: w, o: o}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), outcomeKey{}, o)))
		sw.finish()
	})
}

// checkPOST refuses a POST that is not a well-formed GraphQL-over-HTTP
// request, before gqlgen sees it (gqlgen's message for a body it cannot
// decode echoes the whole body). It reports whether to go on.
func checkPOST(w http.ResponseWriter, r *http.Request, opts Options, limits Limits) bool {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, r, opts, http.StatusUnsupportedMediaType, CodeBadInput,
			`send the request as Content-Type: application/json, with a body {"query": "..."}`)
		return false
	}
	max := limits.MaxBodyBytes()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(max)))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, r, opts, http.StatusRequestEntityTooLarge, CodeLimit,
			fmt.Sprintf("the request body is over %d bytes", max))
		return false
	case err != nil:
		writeError(w, r, opts, http.StatusBadRequest, CodeBadInput, "the request body could not be read")
		return false
	case len(bytes.TrimSpace(body)) == 0:
		writeError(w, r, opts, http.StatusBadRequest, CodeBadInput, `the request body is empty: send {"query": "...", "variables": {...}}`)
		return false
	case !json.Valid(body):
		writeError(w, r, opts, http.StatusBadRequest, CodeBadInput,
			`the request body is not valid JSON: send {"query": "...", "variables": {...}}`)
		return false
	}
	var params map[string]json.RawMessage
	if err := json.Unmarshal(body, &params); err != nil {
		writeError(w, r, opts, http.StatusBadRequest, CodeBadInput,
			`the request body is JSON but not an object: send {"query": "...", "variables": {...}}`)
		return false
	}
	if msg := checkParams(params); msg != "" {
		writeError(w, r, opts, http.StatusBadRequest, CodeBadInput, msg)
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// checkParams returns what is wrong with a POST body's parameters, or "".
func checkParams(p map[string]json.RawMessage) string {
	kind := func(name string) string {
		v, ok := p[name]
		if !ok {
			return "absent"
		}
		switch v := bytes.TrimSpace(v); {
		case bytes.Equal(v, []byte("null")):
			return "null"
		case v[0] == '"':
			return "string"
		case v[0] == '{':
			return "object"
		}
		return "other"
	}
	persisted := kind("extensions") == "object" && bytes.Contains(p["extensions"], []byte(`"persistedQuery"`))
	switch q := kind("query"); {
	case q == "string":
	case (q == "absent" || q == "null") && persisted:
	case q == "absent" || q == "null":
		return `the request has no query: send {"query": "{ ... }"}`
	default:
		return `the query must be a string: send {"query": "{ ... }"}`
	}
	if k := kind("operationName"); k != "absent" && k != "null" && k != "string" {
		return "operationName must be a string, the name of an operation in the query"
	}
	if k := kind("variables"); k != "absent" && k != "null" && k != "object" {
		return `variables must be an object: {"name": value, ...}`
	}
	if k := kind("extensions"); k != "absent" && k != "null" && k != "object" {
		return "extensions must be an object"
	}
	return ""
}

// checkGET refuses a GET without a query, or one that asks for a mutation,
// which only POST may carry (GraphQL over HTTP: 405).
func checkGET(w http.ResponseWriter, r *http.Request, opts Options, limits Limits) bool {
	q := r.URL.Query()
	query := q.Get("query")
	if query == "" {
		if !strings.Contains(q.Get("extensions"), "persistedQuery") {
			writeError(w, r, opts, http.StatusBadRequest, CodeBadInput, "the request has no query: send GET /graphql?query={...}")
			return false
		}
		return true
	}
	if len(query) > limits.MaxBytes {
		return true // the limiter refuses it in its own words
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, limits.MaxTokens)
	if err != nil {
		return true // gqlgen reports it
	}
	op := doc.Operations.ForName(q.Get("operationName"))
	if op == nil && len(doc.Operations) == 1 && q.Get("operationName") == "" {
		op = doc.Operations[0]
	}
	if op != nil && op.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeError(w, r, opts, http.StatusMethodNotAllowed, CodeBadInput,
			fmt.Sprintf("a %s is sent with POST; GET carries queries only", op.Operation))
		return false
	}
	return true
}

// outcome is what the status writer needs to know about a response before
// its first byte goes out: the codes of the errors presented so far.
type outcome struct {
	mu         sync.Mutex
	retryAfter int  // the longest Retry-After of the errors (graph.Code.RetryAfter)
	failed     bool // an error was presented
}

type outcomeKey struct{}

// note records an error's code; fields resolve concurrently.
func (o *outcome) note(c graph.Code) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.retryAfter = max(o.retryAfter, c.RetryAfter())
}

// fail records that the response carries an error.
func (o *outcome) fail() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.failed = true
}

const graphqlResponseJSON = "application/graphql-response+json"

// statusRewriter fixes gqlgen's statuses to what GraphQL over HTTP and our
// clients expect. Answered as application/json, a well-formed request gets
// 200 even when the document is invalid (gqlgen sends 422), and a response
// with an error that may pass if tried again (the store unavailable, a
// deadline, a busy pool) gets 503 and Retry-After, so load balancers and
// clients back off. A response with any error is marked Cache-Control:
// no-store, so no cache keeps it (httpcache caches the others). Answered as
// application/graphql-response+json, gqlgen's
// statuses stand (400 for a request error, 200 once there is data), and a
// 4xx carries no data entry.
type statusRewriter struct {
	http.ResponseWriter
	o           *outcome
	code        int           // the status gqlgen asked for, sent with the first byte
	wroteHeader bool          // sent
	strip       *bytes.Buffer // the body, held to drop its data entry
}

// WriteHeader holds the status until the body is written: gqlgen sends the
// status of a request error before the error is presented, and only then
// is it known whether the answer carries errors.
func (w *statusRewriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *statusRewriter) sendHeader() {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	code := w.code
	if code == 0 {
		code = http.StatusOK
	}
	ct := w.Header().Get("Content-Type")
	w.o.mu.Lock()
	retry, failed := w.o.retryAfter, w.o.failed
	w.o.mu.Unlock()
	if failed || code != http.StatusOK {
		w.Header().Set("Cache-Control", "no-store")
	}
	switch {
	case strings.HasPrefix(ct, graphqlResponseJSON):
		if retry > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(retry))
		}
		if code >= 400 && code < 500 {
			w.strip = &bytes.Buffer{}
		}
	case retry > 0:
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		code = http.StatusServiceUnavailable
	case code == http.StatusUnprocessableEntity && strings.HasPrefix(ct, "application/json"):
		code = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRewriter) Write(b []byte) (int, error) {
	w.sendHeader()
	if w.strip != nil {
		return w.strip.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// finish writes a held body without its data entry.
func (w *statusRewriter) finish() {
	if w.code != 0 {
		w.sendHeader()
	}
	if w.strip == nil {
		return
	}
	var resp map[string]json.RawMessage
	if err := json.Unmarshal(w.strip.Bytes(), &resp); err != nil {
		w.ResponseWriter.Write(w.strip.Bytes())
		return
	}
	delete(resp, "data")
	json.NewEncoder(w.ResponseWriter).Encode(resp)
}

func (w *statusRewriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeError writes a GraphQL-shaped error response outside execution.
func writeError(w http.ResponseWriter, r *http.Request, opts Options, status int, code, msg string) {
	ext := map[string]any{"code": code}
	if id := opts.RequestID(r.Context()); id != "" {
		ext["requestId"] = id
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": ext}}})
}

// maxVariablesBytes is room in a POST body for variables and extensions
// beyond the query itself.
const maxVariablesBytes = 16 << 10

// MaxBodyBytes is the largest POST body the endpoint reads: the query
// (escaped in JSON, so up to twice its bytes) and room for variables.
func (l Limits) MaxBodyBytes() int { return l.MaxBytes*2 + maxVariablesBytes }
