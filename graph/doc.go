// Package graph is caremap's domain: the organisations and services of the
// English health and care system of 1 April 2013, the typed relationships
// between them, and the Store interface every backend implements.
//
// It imports nothing of the project. Backends (graph/memory, graph/neo4j),
// the GraphQL layer (graph/gql), the renderer (render) and the dataset loader
// (seed) all speak in these types, so a fact means the same thing everywhere.
//
// Errors: stores return errors that wrap ErrNotFound, ErrInvalid or
// ErrUnavailable (test with errors.Is). An *InvalidError carries the name of
// the offending parameter and what is allowed, so transports can show it to
// users verbatim; anything else is internal and must not reach a client.
package graph
