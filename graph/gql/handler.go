package gql

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
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
	es := NewExecutableSchema(Config{Resolvers: &Resolver{store: opts.Store, diagrams: opts.Diagrams, glossary: graph.NewGlossary(opts.Glossary)}})
	srv := handler.New(es)
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	limits := opts.Limits
	if limits == (Limits{}) {
		limits = DefaultLimits
	}
	srv.SetQueryCache(newQueryCache(queryCacheBytes, limits.MaxTokens))
	srv.SetParserTokenLimit(limits.MaxTokens)
	srv.SetDisableSuggestion(!opts.Development)
	srv.Use(extension.Introspection{}) // the data is public: let tools discover the schema
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](persistedQueries)})
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
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx) // outermost: an answer with any error is not cached
		if o, ok := ctx.Value(outcomeKey{}).(*outcome); ok && resp != nil && len(resp.Errors) > 0 {
			o.fail()
		}
		return resp
	})
	if opts.OnOperation != nil { // outermost but one, so it sees the final response
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
	srv.AroundResponses(capErrors(limits.MaxErrors, opts))
	srv.AroundResponses(aroundResponse(limits.MaxFields))
	return protocol(srv, opts, limits)
}

// queryCacheBytes bounds the estimated memory of the parsed-query cache;
// persistedQueries bounds the automatic persisted queries (each at most
// Limits.MaxBytes of text: 16 MiB at most by default).
const (
	queryCacheBytes  = 32 << 20
	persistedQueries = 1000
)

// capErrors keeps the first max errors of a response and replaces the rest
// by one error that counts them: a document of a few hundred conflicting
// fields otherwise answers with megabytes of errors.
func capErrors(max int, opts Options) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp == nil || max <= 0 || len(resp.Errors) <= max {
			return resp
		}
		more := len(resp.Errors) - max
		ext := map[string]any{"code": resp.Errors[max].Extensions["code"]}
		if id := opts.RequestID(ctx); id != "" {
			ext["requestId"] = id
		}
		resp.Errors = append(resp.Errors[:max:max], &gqlerror.Error{
			Message:    fmt.Sprintf("… and %d more errors like these", more),
			Extensions: ext,
		})
		return resp
	}
}

var errInternal = gqlerror.Errorf("internal error")
