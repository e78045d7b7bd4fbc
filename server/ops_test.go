package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"caremap/graph"
	"caremap/graph/memory"
	"caremap/seed"
)

// downStore is a store whose backend has gone away.
type downStore struct{ graph.Store }

func (downStore) Info(context.Context) (graph.DatasetInfo, error) {
	return graph.DatasetInfo{}, errors.New("dial tcp: connection refused: " + graph.ErrUnavailable.Error())
}

func memStore(t testing.TB) (graph.Store, graph.DatasetInfo) {
	t.Helper()
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	return st, graph.DatasetInfo{Version: ds.Version, Checksum: ds.Checksum}
}

func getRec(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

func TestReadyz(t *testing.T) {
	st, info := memStore(t)
	log := slog.New(slog.DiscardHandler)
	cfg := serveConfig{RequestTimeout: 5 * time.Second}
	for _, tc := range []struct {
		name    string
		store   graph.Store
		want    graph.DatasetInfo
		status  int
		mention string
	}{
		{"ready", st, info, 200, info.Version},
		{"store down", downStore{st}, info, 503, "not answering"},
		{"old dataset", st, graph.DatasetInfo{Version: "2099-01-01+9", Checksum: "sha256:x"}, 503, "caremap seed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := getRec(t, newApp(cfg, log, tc.store, tc.want).routes(), "/readyz")
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.mention) {
				t.Errorf("GET /readyz = %d %s, want %d mentioning %q", rec.Code, rec.Body, tc.status, tc.mention)
			}
			if strings.Contains(rec.Body.String(), "dial tcp") {
				t.Errorf("readyz leaked the store's error: %s", rec.Body)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	st, info := memStore(t)
	h := newApp(serveConfig{RequestTimeout: 5 * time.Second}, slog.New(slog.DiscardHandler), st, info).routes()
	post := func(q string) {
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query": "`+q+`"}`))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	post(`query AccountabilityChainOfACCG { accountabilityChain(from: \"ccg-02n\") { id } }`)
	post(`query Bad { organisations(first: 1000) { totalCount } }`)
	// Names clients choose are not labels: /metrics stays the same size
	// however many a client sends.
	for i := range 500 {
		post(fmt.Sprintf(`query Mine%d { stats { classes } }`, i))
	}
	for i := range 50 {
		req := httptest.NewRequest(fmt.Sprintf("VERB%d", i), "/graphql", nil)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	getRec(t, h, "/healthz")
	body := getRec(t, h, "/metrics").Body.String()
	for _, want := range []string{
		`caremap_http_requests_total{code="200",method="POST",route="/graphql"} 502`,
		`caremap_http_requests_total{code="200",method="GET",route="/healthz"} 1`,
		`caremap_http_requests_total{code="405",method="other",route="/graphql"} 50`,
		`caremap_graphql_operations_total{operation="AccountabilityChainOfACCG",outcome="ok"} 1`,
		`caremap_graphql_operations_total{operation="other",outcome="error"} 1`,
		`caremap_graphql_operations_total{operation="other",outcome="ok"} 500`,
		`caremap_graphql_errors_total{code="BAD_USER_INPUT"} 1`,
		`caremap_store_errors_total{kind="invalid",method="Organisations"} 1`,
		`caremap_store_call_duration_seconds_count{method="AccountabilityChain"} 1`,
		`caremap_http_request_duration_seconds_bucket{route="/graphql"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, never := range []string{"Mine1", "Bad", "VERB1"} {
		if strings.Contains(body, never) {
			t.Errorf("/metrics has a label a client chose: %s", never)
		}
	}
}

// blockingStore holds every Stats call until released.
type blockingStore struct {
	graph.Store
	entered chan struct{}
	release chan struct{}
}

func (b blockingStore) Stats(ctx context.Context) (graph.Stats, error) {
	b.entered <- struct{}{}
	<-b.release
	return b.Store.Stats(ctx)
}

// TestInFlightLimit: past the limit a question gets 503 and Retry-After,
// while health, readiness and metrics, outside the limit, still answer.
func TestInFlightLimit(t *testing.T) {
	st, info := memStore(t)
	bs := blockingStore{Store: st, entered: make(chan struct{}, 2), release: make(chan struct{})}
	cfg := serveConfig{RequestTimeout: 5 * time.Second, MaxInFlight: 2}
	srv := httptest.NewServer(newApp(cfg, slog.New(slog.DiscardHandler), bs, info).routes())
	defer srv.Close()
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ stats { classes } }"}`))
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	<-bs.entered
	<-bs.entered // both slots are taken
	resp, err := http.Get(srv.URL + "/graphql?query=%7B__typename%7D")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "busy") {
		t.Errorf("third question = %d %q Retry-After %q, want 503 busy with Retry-After", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s with every slot taken = %d, want 200", path, resp.StatusCode)
		}
	}
	close(bs.release)
	wg.Wait()
}

// TestSlowBodiesHoldNoSlot: clients that dribble their bodies hold no
// in-flight slot while they do, and get 408 once the body deadline passes.
func TestSlowBodiesHoldNoSlot(t *testing.T) {
	st, info := memStore(t)
	cfg := serveConfig{RequestTimeout: 5 * time.Second, MaxInFlight: 2, BodyTimeout: 500 * time.Millisecond}
	srv := httptest.NewServer(newApp(cfg, slog.New(slog.DiscardHandler), st, info).routes())
	defer srv.Close()
	const slow = 6 // three times the slots
	answers := make(chan string, slow)
	for range slow {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\":")
		go func() {
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			line, _ := bufio.NewReader(conn).ReadString('\n')
			answers <- strings.TrimSpace(line)
		}()
	}
	time.Sleep(100 * time.Millisecond) // they are all dribbling now
	var d struct{ Stats struct{ Classes int } }
	resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ stats { classes } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&struct{ Data any }{&d})
	resp.Body.Close()
	if resp.StatusCode != 200 || d.Stats.Classes == 0 {
		t.Errorf("a question while %d clients dribble: %d, %+v; want 200 and an answer", slow, resp.StatusCode, d)
	}
	for range slow {
		if a := <-answers; !strings.Contains(a, "408") {
			t.Errorf("a dribbling client got %q, want 408", a)
		}
	}
}

// TestMethodNotAllowed: every route answers a method it does not serve with
// 405 and Allow, never with a 404 page.
func TestMethodNotAllowed(t *testing.T) {
	base := sharedServer(t)
	for _, tc := range []struct{ method, path, allow string }{
		{"PUT", "/graphql", "GET, HEAD, POST"},
		{"DELETE", "/graphql", "GET, HEAD, POST"},
		{"OPTIONS", "/graphql", "GET, HEAD, POST"},
		{"POST", "/diagram.svg", "GET, HEAD"},
		{"POST", "/diagram/nhs-england.svg", "GET, HEAD"},
		{"DELETE", "/diagram/nhs-england.png", "GET, HEAD"},
		{"POST", "/healthz", "GET, HEAD"},
		{"PUT", "/metrics", "GET, HEAD"},
		{"POST", "/org/nhs-england", "GET, HEAD"},
		{"POST", "/", "GET, HEAD"},
		{"POST", "/playground/", "GET, HEAD"},
	} {
		req, _ := http.NewRequest(tc.method, base+tc.path, strings.NewReader("{}"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != tc.allow || !strings.Contains(string(body), tc.allow) {
			t.Errorf("%s %s = %d Allow %q %.200s; want 405 with Allow %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"), body, tc.allow)
		}
	}
	req, _ := http.NewRequest("POST", base+"/no-such-page", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("POST to a path nothing serves = %d, want 404", resp.StatusCode)
	}
}
