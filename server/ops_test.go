package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
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
	post(`query Chain { accountabilityChain(from: \"ccg-02n\") { id } }`)
	post(`query Bad { organisations(first: 1000) { totalCount } }`)
	getRec(t, h, "/healthz")
	body := getRec(t, h, "/metrics").Body.String()
	for _, want := range []string{
		`caremap_http_requests_total{code="200",method="POST",route="/graphql"} 2`,
		`caremap_http_requests_total{code="200",method="GET",route="/healthz"} 1`,
		`caremap_graphql_operations_total{operation="Chain",outcome="ok"} 1`,
		`caremap_graphql_operations_total{operation="Bad",outcome="error"} 1`,
		`caremap_graphql_errors_total{code="BAD_USER_INPUT"} 1`,
		`caremap_store_errors_total{kind="invalid",method="Organisations"} 1`,
		`caremap_store_call_duration_seconds_count{method="AccountabilityChain"} 1`,
		`caremap_http_request_duration_seconds_bucket{route="/graphql"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
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
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "busy") {
		t.Errorf("third request = %d %q Retry-After %q, want 503 busy with Retry-After", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
	close(bs.release)
	wg.Wait()
}
