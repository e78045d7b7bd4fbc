package main

import (
	"os"
	"testing"
)

// BenchmarkLoadExternal sends the load of BenchmarkLoadEmbedded to a caremap
// already running in its own process, at CAREMAP_LOAD_URL, so that the
// server's memory and CPU can be read apart from the load generator's
// (deploy/measure.sh does, to size the Kubernetes resources). Run it with
// -benchtime=30000x for 30 s of load.
func BenchmarkLoadExternal(b *testing.B) {
	base := os.Getenv("CAREMAP_LOAD_URL")
	if base == "" {
		b.Skip("set CAREMAP_LOAD_URL to a running caremap, e.g. http://127.0.0.1:8080 (deploy/measure.sh does)")
	}
	benchLoad(b, base)
}
