// Package gql is caremap's GraphQL API: the gqlgen output generated from
// schema.graphqls (generated.go and models_gen.go: never edit them by hand;
// run `go generate ./...`) and the resolvers, which answer from a
// graph.Store.
//
// Resolvers fetch through per-request dataloaders (loaders.go), so a nested
// query costs one Store round trip per level whatever the number of items.
// Errors are classified once, by graph.ErrorCode, and mapped to a code
// extension by the error presenter's table (errors.go): invalid arguments
// and unknown ids carry a message naming what is allowed; anything internal
// is logged and shown as a generic message.
//
// The work of one request is bounded before it runs (limits.go): bytes,
// tokens, depth, aliases, fragments and spreads, a memoised cost, fields per
// selection set and per response name, searches and diagrams; fields
// repeated token for token are dropped before validation, so validation is
// linear in the document (document.go); a response shows at most
// Limits.MaxErrors errors; the parsed-query cache is keyed by the
// document's tokens (a changing comment does not defeat it) and bounded by
// bytes. http.go holds the GraphQL-over-HTTP rules gqlgen leaves out.
package gql

//go:generate sh -c "cd ../.. && go tool gqlgen generate --config gqlgen.yml"
