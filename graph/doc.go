// Package graph is caremap's domain: the organisations and services of the
// English health and care system of 1 April 2013, the typed relationships
// between them, and the Store interface every backend implements.
//
// It imports nothing of the project. Backends (graph/memory, graph/neo4j),
// the GraphQL layer (graph/gql), the renderer (render) and the dataset loader
// (seed) all speak in these types, so a fact means the same thing everywhere.
//
// Errors: stores return errors that wrap ErrNotFound, ErrInvalid or
// ErrUnavailable (test with errors.Is); the renderer adds ErrBusy and
// ErrTimeout. ErrorCode is the one classifier: every transport maps its Code
// with one small table (an HTTP status, a GraphQL code, an error page), the
// code's RetryAfter is the one Retry-After policy, and Message is what a user
// may read. An *InvalidError carries the name of the offending parameter and
// what is allowed, so transports can show it to users verbatim; anything
// that is not a Public error is internal and must not reach a client.
//
// A Pin (pin.go) is the dataset one request is answered from, carried in its
// context: caches key by it, and whoever answers checks that a store which
// can be re-seeded still holds it once the answer's reads are done.
package graph
