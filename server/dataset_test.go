package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"caremap/graph"
)

// seededStore is a store whose dataset a test changes, as caremap seed
// would; Info counts its calls and may wait for a gate.
type seededStore struct {
	graph.Store // nil: only Info is called
	mu          sync.Mutex
	info        graph.DatasetInfo
	infos       atomic.Int64
	gate        chan struct{}
	down        atomic.Bool // Info fails, as with Neo4j stopped
}

func (s *seededStore) Info(ctx context.Context) (graph.DatasetInfo, error) {
	s.mu.Lock()
	info := s.info // what the store holds when the read begins
	s.mu.Unlock()
	s.infos.Add(1)
	if s.gate != nil {
		<-s.gate
	}
	if s.down.Load() {
		return graph.DatasetInfo{}, graph.ErrUnavailable
	}
	return info, nil
}

func (s *seededStore) reseed(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.info = graph.DatasetInfo{Version: v, Checksum: "sum-" + v}
}

func TestWithDataset(t *testing.T) {
	v1 := graph.DatasetInfo{Version: "1", Checksum: "sum-1"}
	st := &seededStore{info: v1}
	d := newDatasetWatcher(st, v1, slog.New(slog.DiscardHandler))
	var calls atomic.Int64
	var reseedOnCall func(n int64) // changes the store while call n reads it
	h := withDataset(d, graph.DatasetInfo{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		pin := graph.PinOf(r.Context())
		if r.URL.Path != "/cached" {
			pin.Read()
		}
		if reseedOnCall != nil {
			reseedOnCall(n)
		}
		w.Header().Set("X-Body", string(body))
		if st.down.Load() && n > 1 { // reads fail too now
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "the route's own outage answer")
			return
		}
		io.WriteString(w, "answered from "+pin.Dataset.Version)
	}))
	ask := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", path, strings.NewReader("the body")))
		return rec
	}

	if rec := ask("/"); rec.Code != 200 || rec.Body.String() != "answered from 1" || st.infos.Load() != 1 {
		t.Errorf("unchanged dataset: %d %q after %d Info calls; want 200, from 1, one confirmation", rec.Code, rec.Body, st.infos.Load())
	}
	st.infos.Store(0)
	if rec := ask("/cached"); rec.Body.String() != "answered from 1" || st.infos.Load() != 0 {
		t.Errorf("an answer that read nothing: %q after %d Info calls; want no confirmation", rec.Body, st.infos.Load())
	}

	calls.Store(0)
	reseedOnCall = func(n int64) {
		if n == 1 {
			st.reseed("2")
		}
	}
	rec := ask("/")
	if rec.Code != 200 || rec.Body.String() != "answered from 2" || calls.Load() != 2 || rec.Header().Get("X-Body") != "the body" {
		t.Errorf("re-seeded during the answer: %d %q after %d calls (body %q); want the answer again from 2, with the body",
			rec.Code, rec.Body, calls.Load(), rec.Header().Get("X-Body"))
	}
	if d.current() != st.info || d.reanswered.Load() != 1 {
		t.Errorf("the watcher holds %v and counted %d re-answers; want %v and 1", d.current(), d.reanswered.Load(), st.info)
	}

	calls.Store(0)
	reseedOnCall = func(n int64) {
		if n == 1 {
			st.down.Store(true) // the store stops after the first answer's reads
		}
	}
	rec = ask("/")
	if rec.Code != 503 || rec.Body.String() != "the route's own outage answer" || calls.Load() != 2 {
		t.Errorf("the store stopped before the answer was confirmed: %d %q after %d calls; want the second answer's own 503",
			rec.Code, rec.Body, calls.Load())
	}
	st.down.Store(false)

	calls.Store(0)
	reseedOnCall = func(n int64) { st.reseed(strings.Repeat("x", int(n))) } // every time
	rec = ask("/")
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "re-seeded") || calls.Load() != maxDatasetAttempts {
		t.Errorf("a dataset that never holds still: %d Retry-After %q %q after %d calls; want 503 naming the re-seed after %d",
			rec.Code, rec.Header().Get("Retry-After"), rec.Body, calls.Load(), maxDatasetAttempts)
	}
}

func TestConfirmationsAreShared(t *testing.T) {
	v1 := graph.DatasetInfo{Version: "1", Checksum: "sum-1"}
	st := &seededStore{info: v1, gate: make(chan struct{})}
	d := newDatasetWatcher(st, v1, slog.New(slog.DiscardHandler))
	first := make(chan graph.DatasetInfo)
	go func() { info, _ := d.confirm(t.Context()); first <- info }()
	for st.infos.Load() == 0 { // the first read is running
		time.Sleep(time.Millisecond)
	}
	st.reseed("2") // after the first read began: those who ask now must see it
	const n = 50
	var wg sync.WaitGroup
	got := make([]graph.DatasetInfo, n)
	for i := range n {
		wg.Go(func() { got[i], _ = d.confirm(t.Context()) })
	}
	time.Sleep(20 * time.Millisecond) // all 50 wait
	close(st.gate)
	if info := <-first; info.Version != "1" {
		t.Errorf("the first caller was given %v; want 1, what its read saw", info)
	}
	wg.Wait()
	for i, info := range got {
		if info.Version != "2" {
			t.Fatalf("caller %d was given %v, read before it asked", i, info)
		}
	}
	if c := st.infos.Load(); c > 3 {
		t.Errorf("%d concurrent confirmations made %d reads; want them shared (2)", n+1, c)
	}
}
