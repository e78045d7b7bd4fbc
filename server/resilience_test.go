package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// needNeo4j skips a test that needs a real Neo4j server unless the suite
// runs with one (make test starts one and sets NEO4J_URI).
func needNeo4j(t *testing.T) {
	t.Helper()
	if os.Getenv("NEO4J_URI") == "" {
		t.Skip("needs a real Neo4j: run make test (it starts one), or set NEO4J_URI and NEO4J_PASSWORD")
	}
}

// neo4jServer is a Neo4j server of this test's own, started by
// neo4j/neo4j.sh in a temporary home, so the test may stop and restart it
// without disturbing the other packages' tests.
type neo4jServer struct {
	t    *testing.T
	env  []string
	uri  string
	pass string
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func startOwnNeo4j(t *testing.T) *neo4jServer {
	t.Helper()
	port := freePort(t)
	n := &neo4jServer{t: t, pass: "resilience-test-pw", uri: fmt.Sprintf("bolt://127.0.0.1:%d", port)}
	// The seed is one transaction of about 29,000 records: with a 512 MB
	// heap Neo4j runs out of transaction memory (768 MB is enough).
	n.env = append(os.Environ(), "NEO4J_HOME="+t.TempDir(), fmt.Sprintf("NEO4J_BOLT_PORT=%d", port),
		"NEO4J_PASSWORD="+n.pass, "NEO4J_HEAP=768m", "NEO4J_PAGECACHE=128m")
	n.script("start")
	t.Cleanup(func() { n.script("stop") })
	return n
}

func (n *neo4jServer) script(cmd string) {
	n.t.Helper()
	c := exec.Command("../neo4j/neo4j.sh", cmd)
	c.Env = n.env
	if out, err := c.CombinedOutput(); err != nil {
		n.t.Fatalf("neo4j.sh %s: %v\n%s", cmd, err, out)
	}
}

// startServerEnv runs the program for one test with an environment; its
// warnings and errors (a failing store says why: timed out, unreachable,
// which Neo4j error) are shown if the test fails.
func startServerEnv(t testing.TB, env map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var logs []string
	base, done := launch(ctx, env, append([]string{"--log-level", "warn"}, args...), func(line string) {
		mu.Lock()
		defer mu.Unlock()
		if len(logs) < 50 {
			logs = append(logs, line)
		}
	})
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server stopped with error: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		if t.Failed() && len(logs) > 0 {
			t.Logf("server logs:\n%s", strings.Join(logs, "\n"))
		}
	})
	if base == "" {
		t.Fatalf("server never printed its URL (did it fail to start?)")
	}
	return base
}

// loadRequests are the mixed requests of the load: GraphQL questions and
// diagrams, as course pages and the playground send them.
var loadRequests = []struct {
	method, path, body string
	diagram            bool
}{
	{"POST", "/graphql", `{"query":"{ whoCommissions(service: \"svc-specialised\") { id name } }"}`, false},
	{"POST", "/graphql", `{"query":"{ accountabilityChain(from: \"ccg-02n\") { id name } }"}`, false},
	{"POST", "/graphql", `{"query":"{ organisation(id: \"nhs-england\") { name funds { amountGbp to { id } } regulatedBy { id } } }"}`, false},
	{"POST", "/graphql", `{"query":"{ search(text: \"care quality\") { node { id } } }"}`, false},
	{"GET", "/diagram.svg", "", true},
	{"GET", "/diagram/nhs-england.svg", "", true},
}

// loadResult counts the answers of a load by status, and their latencies.
type loadResult struct {
	mu        sync.Mutex
	byStatus  map[int]int
	bad       []string // unexpected answers, for the failure message
	latencies []time.Duration
	requests  int
}

func (r *loadResult) add(status int, d time.Duration, note string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byStatus[status]++
	r.latencies = append(r.latencies, d)
	r.requests++
	if note != "" && len(r.bad) < 10 {
		r.bad = append(r.bad, note)
	}
}

func (r *loadResult) percentile(p float64) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.latencies) == 0 {
		return 0
	}
	s := slices.Clone(r.latencies)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// runLoad sends loadRequests from workers goroutines until ctx ends; check
// judges each answer and returns a note for an unexpected one.
func runLoad(ctx context.Context, base string, workers int, check func(status int, body string, diagram bool) string) *loadResult {
	res := &loadResult{byStatus: map[int]int{}}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ctx.Err() == nil; i++ {
				rq := loadRequests[i%len(loadRequests)]
				req, _ := http.NewRequest(rq.method, base+rq.path, strings.NewReader(rq.body))
				if rq.body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					res.add(0, time.Since(start), rq.path+": "+err.Error())
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				res.add(resp.StatusCode, time.Since(start), check(resp.StatusCode, string(body), rq.diagram))
			}
		}()
	}
	wg.Wait()
	return res
}

func getStatus(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestNeo4jOutage is the resilience test: caremap on a real Neo4j under
// load; Neo4j is stopped in the middle of the load and started again.
func TestNeo4jOutage(t *testing.T) {
	needNeo4j(t)
	if testing.Short() {
		t.Skip("-short: skipping the outage test")
	}
	n := startOwnNeo4j(t)
	base := startServerEnv(t, map[string]string{"NEO4J_URI": n.uri, "NEO4J_PASSWORD": n.pass},
		"--seed", "--render-warm=false", "--request-timeout", "10s")

	t.Run("same answers as the embedded store", func(t *testing.T) {
		sameAnswers(t, base, sharedServer(t))
	})
	t.Run("one round trip per query level", func(t *testing.T) {
		roundTripsPerLevel(t, n)
	})

	// Prime the diagram cache: these must keep working while Neo4j is down.
	for _, p := range []string{"/diagram.svg", "/diagram/nhs-england.svg"} {
		if st, body := getStatus(t, base+p); st != 200 {
			t.Fatalf("priming %s: %d %.200s", p, st, body)
		}
	}

	// 1. Healthy: no errors at all.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	healthy := runLoad(ctx, base, 32, func(status int, body string, _ bool) string {
		if status != 200 || strings.Contains(body, `"errors"`) {
			return fmt.Sprintf("%d %.200s", status, body)
		}
		return ""
	})
	cancel()
	t.Logf("healthy load: %d requests in 10 s (%.0f/s), p50 %s, p99 %s, by status %v",
		healthy.requests, float64(healthy.requests)/10, healthy.percentile(0.5), healthy.percentile(0.99), healthy.byStatus)
	if healthy.byStatus[200] != healthy.requests || healthy.requests == 0 {
		t.Fatalf("errors under healthy load: %v %v", healthy.byStatus, healthy.bad)
	}

	// 2. Neo4j stops while the load goes on.
	outageCtx, endOutage := context.WithCancel(context.Background())
	var outage *loadResult
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		outage = runLoad(outageCtx, base, 8, func(status int, body string, diagram bool) string {
			switch {
			case status == 200 && !strings.Contains(body, `"errors"`):
				return ""
			case status == 503 && (diagram || strings.Contains(body, `"UNAVAILABLE"`)):
				return ""
			}
			return fmt.Sprintf("%d %.200s", status, body)
		})
	}()
	time.Sleep(2 * time.Second)
	n.script("stop")

	// While it is down: questions get 503 UNAVAILABLE; cached diagrams are
	// served; /readyz is red; /healthz stays green.
	st, body := getStatus(t, base+"/readyz")
	if st != 503 || !strings.Contains(body, "not answering") {
		t.Errorf("/readyz with Neo4j down = %d %s, want 503", st, body)
	}
	if st, _ := getStatus(t, base+"/healthz"); st != 200 {
		t.Errorf("/healthz with Neo4j down = %d, want 200", st)
	}
	start := time.Now()
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ organisation(id: \"monitor\") { name } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	t.Logf("a question with Neo4j down answered %d in %s", resp.StatusCode, time.Since(start).Round(time.Millisecond))
	if resp.StatusCode != 503 || !strings.Contains(string(b), `"code":"UNAVAILABLE"`) || resp.Header.Get("Retry-After") == "" {
		t.Errorf("question with Neo4j down = %d %s, want 503 UNAVAILABLE with Retry-After", resp.StatusCode, b)
	}
	if strings.Contains(string(b), "bolt://") || strings.Contains(string(b), n.pass) {
		t.Errorf("internals leaked: %s", b)
	}
	for _, p := range []string{"/diagram.svg", "/diagram/nhs-england.svg"} {
		if st, body := getStatus(t, base+p); st != 200 || !strings.Contains(body, "<svg") {
			t.Errorf("cached %s with Neo4j down = %d, want 200", p, st)
		}
	}

	// 3. Neo4j comes back: caremap recovers by itself.
	n.script("start")
	back := time.Now()
	deadline := back.Add(60 * time.Second) // a bound for the test, not the target (10 s)
	for {
		if st, _ := getStatus(t, base+"/readyz"); st == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("caremap did not recover within 60 s of Neo4j's restart")
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("recovered %s after Neo4j accepted logins again", time.Since(back).Round(time.Millisecond))
	time.Sleep(time.Second)
	endOutage()
	<-loadDone
	t.Logf("load through the outage: %d requests, by status %v", outage.requests, outage.byStatus)
	if len(outage.bad) > 0 {
		t.Errorf("unexpected answers through the outage (only 200 and 503 UNAVAILABLE are allowed): %v", outage.bad)
	}
	if st, body := getStatus(t, base+"/graphql?query="+`%7B%20stats%20%7B%20classes%20%7D%20%7D`); st != 200 || !strings.Contains(body, `"classes":67`) {
		t.Errorf("after recovery: %d %s", st, body)
	}
}

// TestNeo4jUnreachableAtStart: a clear error naming the URI (never the
// password), after a bounded number of tries.
func TestNeo4jUnreachableAtStart(t *testing.T) {
	port := freePort(t) // nothing listens there now
	uri := fmt.Sprintf("bolt://127.0.0.1:%d", port)
	start := time.Now()
	err := run(t.Context(), []string{"serve", "--addr", "127.0.0.1:0", "--neo4j-connect-attempts", "2"},
		func(k string) string {
			return map[string]string{"NEO4J_URI": uri, "NEO4J_PASSWORD": "hunter2-secret"}[k]
		}, io.Discard, io.Discard)
	t.Logf("gave up after %s", time.Since(start).Round(time.Millisecond))
	if err == nil {
		t.Fatal("serve started without its database")
	}
	msg := err.Error()
	if !strings.Contains(msg, uri) || !strings.Contains(msg, "2 attempt") || strings.Contains(msg, "hunter2") {
		t.Errorf("error %q: want the URI and the attempts, never the password", msg)
	}
}
