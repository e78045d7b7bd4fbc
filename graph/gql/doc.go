// Package gql is caremap's GraphQL API: the gqlgen output generated from
// schema.graphqls (generated.go and models_gen.go: never edit them by hand;
// run `go generate ./...`) and the resolvers, which answer from a
// graph.Store.
//
// Resolvers fetch through per-request dataloaders (loaders.go), so a nested
// query costs one Store round trip per level whatever the number of items.
// Errors are classified once, in the error presenter (errors.go): invalid
// arguments and unknown ids carry a code extension and a message naming
// what is allowed; anything internal is logged and shown as a generic
// message.
package gql

//go:generate sh -c "cd ../.. && go tool gqlgen generate --config gqlgen.yml"
