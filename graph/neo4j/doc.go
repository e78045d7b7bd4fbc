// Package neo4j is the graph.Store over a Neo4j 5 database (Community 5.26
// LTS or later), and the seeding that loads a graph.Dataset into it.
//
// Open creates the process's one driver; every read is one named Cypher
// constant (cypher.go) sent with $parameters in a managed read transaction
// with a timeout, and RoundTrips counts them, so tests can prove that the
// batch methods (Nodes, Relationships, Neighbours) cost one query whatever
// the number of ids. The walks whose tie-breaks the contract fixes
// (neighbourhoods, shortest paths, accountability chains, money flows) fetch
// the shape of the edges they may follow (for chains and money flows only
// those reachable, by a pruning breadth-first var-length match; for
// neighbourhoods one query per level) and walk it in Go with the memory
// store's algorithm, so both stores give identical answers.
// Search asks the full-text index for candidates and ranks them with
// graph.SearchDoc, as every store must.
//
// Seed writes a dataset in one write transaction (atomic), changes nothing
// when run again with the same dataset (idempotent), deletes what the
// dataset no longer has, and records its version and checksum; Check tells
// an operator whether the database holds the dataset a binary expects.
//
// Errors wrap the graph sentinels: an unreachable or timed-out server is
// graph.ErrUnavailable. Messages name the operation and the server's URI,
// never the query text or the password; other database failures are a
// *QueryError holding the Neo4j status code.
package neo4j
