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
	srv.AroundResponses(aroundResponse(limits.MaxFields))
	return srv
}

var errInternal = gqlerror.Errorf("internal error")
