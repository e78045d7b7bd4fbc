// Command caremap serves the English health and care system of 1 April 2013
// as a GraphQL API, a playground and diagrams.
//
// Usage:
//
//	caremap [serve] [flags]   serve the API (the default subcommand)
//	caremap seed [--data DIR] load the dataset (the embedded one, or DIR) into Neo4j
//	caremap validate [DIR]    check a dataset (the embedded one, or DIR) and list every problem
//	caremap version           print the dataset version and checksum
//
// This package only wires: it reads flags and the environment, builds the
// store (the embedded memory store, or Neo4j when NEO4J_URI is set), mounts
// the handlers and runs the server until SIGINT or SIGTERM. On Neo4j it
// follows a dataset that caremap seed writes while it runs (dataset.go).
package main
