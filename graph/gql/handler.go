package gql

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"caremap/graph"
)

// NewHandler returns the GraphQL endpoint: GET for queries and POST, per
// GraphQL over HTTP, answering from opts.Store.
func NewHandler(opts Options) http.Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.RequestID == nil {
		opts.RequestID = func(context.Context) string { return "" }
	}
	if opts.BatchWait == 0 {
		opts.BatchWait = 500 * time.Microsecond
	}
	es := NewExecutableSchema(Config{Resolvers: &Resolver{store: opts.Store, diagrams: opts.Diagrams}})
	srv := handler.New(es)
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	limits := opts.Limits
	if limits == (Limits{}) {
		limits = DefaultLimits
	}
	srv.SetParserTokenLimit(limits.MaxTokens)
	srv.SetDisableSuggestion(!opts.Development)
	srv.Use(extension.Introspection{}) // the data is public: let tools discover the schema
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(limiter{limits: limits, schema: es.Schema()}) // after APQ, which may fill in the query

	p := presenter{opts: opts, enums: enumValues(es.Schema())}
	srv.SetErrorPresenter(p.present)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "request_id", opts.RequestID(ctx),
			"code", string(graph.CodeInternal), "error", fmt.Sprint(v), "stack", string(debug.Stack()))
		return errInternal
	})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		ctx = withBudget(ctx, limits.MaxFields)
		return next(context.WithValue(ctx, loadersKey{}, newLoaders(opts.Store, opts.BatchWait)))
	})
	srv.AroundFields(aroundField)
	if opts.OnOperation != nil { // outermost, so it sees the final response
		srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
			resp := next(ctx)
			st := OperationStats{}
			if graphql.HasOperationContext(ctx) {
				oc := graphql.GetOperationContext(ctx)
				st.Name = oc.OperationName
				if st.Name == "" && oc.Operation != nil {
					st.Name = oc.Operation.Name
				}
				st.Duration = time.Since(oc.Stats.OperationStart)
			}
			if resp != nil {
				for _, e := range resp.Errors {
					c, _ := e.Extensions["code"].(string)
					st.ErrorCodes = append(st.ErrorCodes, c)
				}
			}
			opts.OnOperation(ctx, st)
			return resp
		})
	}
	srv.AroundResponses(aroundResponse(limits.MaxFields))
	return guardBody(withStatus(srv), opts, limits.MaxBodyBytes())
}

// outcome is what the status writer needs to know about a response before
// its first byte goes out: the codes of the errors presented so far.
type outcome struct {
	mu         sync.Mutex
	retryAfter int // the longest Retry-After of the errors (graph.Code.RetryAfter)
}

type outcomeKey struct{}

// note records an error's code; fields resolve concurrently.
func (o *outcome) note(c graph.Code) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.retryAfter = max(o.retryAfter, c.RetryAfter())
}

// withStatus fixes gqlgen's status codes to what GraphQL over HTTP and our
// clients expect: a well-formed request answered as application/json gets
// 200 even when the document is invalid (gqlgen sends 422); a response
// with an error that may pass if tried again (the store unavailable, a
// deadline, a busy pool) gets 503 and Retry-After, so load balancers and
// clients back off.
func withStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := &outcome{}
		sw := &statusRewriter{ResponseWriter: w, o: o}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), outcomeKey{}, o)))
	})
}

type statusRewriter struct {
	http.ResponseWriter
	o           *outcome
	wroteHeader bool
}

func (w *statusRewriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	ct := w.Header().Get("Content-Type")
	w.o.mu.Lock()
	retry := w.o.retryAfter
	w.o.mu.Unlock()
	switch {
	case retry > 0:
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		code = http.StatusServiceUnavailable
	case code == http.StatusUnprocessableEntity && strings.HasPrefix(ct, "application/json"):
		code = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRewriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRewriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// maxVariablesBytes is room in a POST body for variables and extensions
// beyond the query itself.
const maxVariablesBytes = 16 << 10

// MaxBodyBytes is the largest POST body the endpoint reads: the query
// (escaped in JSON, so up to twice its bytes) and room for variables.
func (l Limits) MaxBodyBytes() int { return l.MaxBytes*2 + maxVariablesBytes }

// guardBody refuses a POST body that is too large or not JSON before gqlgen
// sees it: gqlgen's own message for bad JSON echoes the whole body back.
func guardBody(next http.Handler, opts Options, maxBytes int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			writeError(w, r, opts, http.StatusUnsupportedMediaType, CodeBadInput,
				`send the request as Content-Type: application/json, with a body {"query": "..."}`)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(maxBytes)))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			writeError(w, r, opts, http.StatusRequestEntityTooLarge, CodeLimit,
				fmt.Sprintf("the request body is over %d bytes", maxBytes))
			return
		case err != nil:
			writeError(w, r, opts, http.StatusBadRequest, CodeBadInput, "the request body could not be read")
			return
		case !json.Valid(body):
			writeError(w, r, opts, http.StatusBadRequest, CodeBadInput,
				`the request body is not valid JSON: send {"query": "...", "variables": {...}}`)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// writeError writes a GraphQL-shaped error response outside execution.
func writeError(w http.ResponseWriter, r *http.Request, opts Options, status int, code, msg string) {
	ext := map[string]any{"code": code}
	if id := opts.RequestID(r.Context()); id != "" {
		ext["requestId"] = id
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": ext}}})
}

var errInternal = gqlerror.Errorf("internal error")
