package gql

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
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
	es := NewExecutableSchema(Config{Resolvers: &Resolver{store: opts.Store}})
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
			"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
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
	return guardBody(srv, opts, limits.MaxBytes*2+maxVariablesBytes)
}

// maxVariablesBytes is room in a POST body for variables and extensions
// beyond the query itself.
const maxVariablesBytes = 16 << 10

// guardBody refuses a POST body that is too large or not JSON before gqlgen
// sees it: gqlgen's own message for bad JSON echoes the whole body back.
func guardBody(next http.Handler, opts Options, maxBytes int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
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
