package main

import (
	"context"
	"os"
	"testing"
	"time"
)

// benchLoad drives a running caremap with the mixed load of the resilience
// test (playground questions and cached diagrams) from 64 clients for the
// benchmark's time, and reports throughput and latency percentiles.
func benchLoad(b *testing.B, base string) {
	b.Helper()
	// Prime the diagram cache, as start-up warming does.
	for _, p := range []string{"/diagram.svg", "/diagram/nhs-england.svg"} {
		getStatus(b, base+p)
	}
	b.ResetTimer()
	d := time.Duration(b.N) * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	res := runLoad(ctx, base, 64, func(status int, body string, _ bool) string {
		if status != 200 {
			return body
		}
		return ""
	})
	b.StopTimer()
	if res.byStatus[200] != res.requests {
		b.Fatalf("errors under load: %v %v", res.byStatus, res.bad)
	}
	b.ReportMetric(float64(res.requests)/d.Seconds(), "req/s")
	b.ReportMetric(float64(res.percentile(0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(res.percentile(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkLoadEmbedded: run with -benchtime=30000x for 30 s of load (b.N
// is the duration in milliseconds).
func BenchmarkLoadEmbedded(b *testing.B) {
	base := startServerEnv(b, nil, "--render-warm=false")
	benchLoad(b, base)
}

// BenchmarkLoadNeo4j: the same on the Neo4j server of NEO4J_URI (make test
// starts one), seeded first.
func BenchmarkLoadNeo4j(b *testing.B) {
	if os.Getenv("NEO4J_URI") == "" {
		b.Skip("needs a real Neo4j: set NEO4J_URI and NEO4J_PASSWORD, or use neo4j/test.sh")
	}
	env := map[string]string{}
	for _, k := range []string{"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"} {
		env[k] = os.Getenv(k)
	}
	base := startServerEnv(b, env, "--seed", "--render-warm=false")
	benchLoad(b, base)
}
