// Package neo4j is the graph.Store over a Neo4j 5 database (Community 5.26
// LTS or later), and the seeding that loads a graph.Dataset into it.
//
// Open creates the process's one driver; every read is one named Cypher
// statement (cypher.go) of fixed text, sent with $parameters as an
// auto-commit read transaction with a timeout and retried on transient
// failures, and RoundTrips counts them, so tests can prove that the batch
// methods (Nodes, Relationships, Neighbours) cost one query whatever the
// number of ids. Every statement starts from an index and follows edges by
// type; nodes and edges come back as maps of the fields the store reads and
// are decoded by name. TestDBHits PROFILEs every question against budgets.
//
// The walks whose tie-breaks the contract fixes (neighbourhoods, shortest
// paths, accountability chains, money flows) fetch the shape of the edges
// they may follow — neighbourhoods a level at a time, shortest paths a
// level at a time from both ends, chains and money flows everything
// reachable along their edge types in one query — and walk it in Go with
// package graph's walks, as the memory store does, so both stores give
// identical answers. Search asks the full-text index for candidates, ranks
// them with graph.SearchDoc from the few fields ranking needs, then fetches
// the records of the hits it returns.
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
