// Command composecheck validates a compose file as Docker Compose loads it,
// without a Docker engine: it uses compose-go, the loader of the Compose
// Specification that docker compose itself is built on, so the file is
// checked against the specification's JSON schema, interpolated, and
// checked for consistency (services, networks and volumes that are named
// but not defined), once with no profile and once for each profile given.
// It also checks what compose-go leaves to the engine: every file a bind
// mount or build names exists.
//
// Usage: composecheck COMPOSE_FILE [PROFILE ...]
package main
