package gql

import (
	"context"
	"log/slog"
	"time"

	"caremap/graph"
)

// Options is what the API needs from its host.
type Options struct {
	Store graph.Store
	// Logger receives internal errors (with the request id); nil discards.
	Logger *slog.Logger
	// RequestID returns the id of the request ctx belongs to, for error
	// extensions and logs; nil means none.
	RequestID func(ctx context.Context) string
	// BatchWait is how long a dataloader gathers keys before one batched
	// Store call; 0 means 500µs. Longer batches more under load; shorter
	// answers a lone nested query sooner.
	BatchWait time.Duration
	// Limits bound each document; the zero value means DefaultLimits.
	Limits Limits
	// Development turns on field suggestions in validation errors ("Did
	// you mean …?"), which otherwise stay off so the schema is not probed
	// through error messages.
	Development bool
	// OnOperation, if set, is told about every operation when it ends
	// (for metrics).
	OnOperation func(ctx context.Context, op OperationStats)
	// Diagrams draws the diagram field; nil answers it with an error.
	Diagrams Diagrams
	// Glossary is the dataset's glossary (graph.Dataset.Glossary), which
	// the glossary field lists; nil lists none.
	Glossary []graph.Term
}

// OperationStats describes one finished GraphQL operation.
type OperationStats struct {
	Name       string        // the operation's name; "" if anonymous
	Duration   time.Duration // from the start of the operation to its response
	ErrorCodes []string      // extensions.code of each error, in order
}

// Resolver is the root of gqlgen's resolver tree.
type Resolver struct {
	store    graph.Store
	diagrams Diagrams
	glossary *graph.Glossary
}
