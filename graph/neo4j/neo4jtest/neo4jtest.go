// Package neo4jtest gives tests a graph/neo4j Store on the server named by
// NEO4J_URI, or skips them with a message saying how to run them.
//
// Test binaries of several packages may share one server (go test runs
// packages in parallel): Open holds a lock on the server, across processes,
// until the test ends, and seeds the dataset the test asks for, so no test
// sees another's data. Call it once per test.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"caremap/graph"
	"caremap/graph/neo4j"
)

// SkipMessage is why Neo4j tests skip without NEO4J_URI.
const SkipMessage = "Neo4j tests skipped: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE), " +
	"or run ./neo4j/test.sh, which starts a throw-away Neo4j and runs every test"

// Config returns the connection settings from NEO4J_URI, NEO4J_USER,
// NEO4J_PASSWORD and NEO4J_DATABASE, with a generous query timeout, or skips
// the test when NEO4J_URI is unset.
func Config(tb testing.TB) neo4j.Config {
	tb.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		tb.Skip(SkipMessage)
	}
	return neo4j.Config{
		URI:      uri,
		User:     os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
		// Tests run with -race, in parallel with other packages' tests, on
		// small machines: the production timeout would fail them spuriously.
		QueryTimeout: 2 * time.Minute,
	}
}

// inProcess serialises the holders of the lock within one test binary;
// flock serialises the binaries.
var inProcess sync.Mutex

// Lock takes the server's lock until the test ends.
func Lock(tb testing.TB, cfg neo4j.Config) {
	tb.Helper()
	inProcess.Lock()
	sum := sha256.Sum256([]byte(cfg.URI + "\x00" + cfg.Database))
	path := filepath.Join(os.TempDir(), "caremap-neo4j-"+hex.EncodeToString(sum[:8])+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		inProcess.Unlock()
		tb.Fatalf("neo4jtest: lock file: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		inProcess.Unlock()
		tb.Fatalf("neo4jtest: lock: %v", err)
	}
	tb.Cleanup(func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
		inProcess.Unlock()
	})
}

// OpenConfig locks the server, opens a Store with cfg and seeds ds; the store
// is closed and the lock released when the test ends.
func OpenConfig(tb testing.TB, cfg neo4j.Config, ds graph.Dataset) *neo4j.Store {
	tb.Helper()
	Lock(tb, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	s, err := neo4j.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("neo4jtest: %v", err)
	}
	tb.Cleanup(func() { s.Close(context.Background()) })
	if _, err := s.Seed(ctx, ds, nil); err != nil {
		tb.Fatalf("neo4jtest: seeding: %v", err)
	}
	return s
}

// Open is OpenConfig with Config(tb): a Store holding ds on the server
// named by NEO4J_URI, or a skip.
func Open(tb testing.TB, ds graph.Dataset) *neo4j.Store {
	tb.Helper()
	return OpenConfig(tb, Config(tb), ds)
}
