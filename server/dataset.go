package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"caremap/graph"
)

// datasetWatcher follows the dataset a store that can be re-seeded holds
// (Neo4j): it asks every poll, and is told at once when a request finds the
// store has moved on, so the server switches to a new dataset without a
// restart.
type datasetWatcher struct {
	store graph.Store
	log   *slog.Logger
	mu    sync.Mutex
	cur   graph.DatasetInfo

	// Confirmations (confirm): at most one Info in flight; requests that
	// end while it runs share the next one.
	cmu     sync.Mutex
	running bool
	next    *confirmation

	reanswered atomic.Int64 // answers thrown away because the dataset changed under them
}

// confirmation is one read of the store's dataset, shared by the requests
// that asked for it before it began.
type confirmation struct {
	done chan struct{}
	info graph.DatasetInfo
	err  error
}

func newDatasetWatcher(store graph.Store, start graph.DatasetInfo, log *slog.Logger) *datasetWatcher {
	return &datasetWatcher{store: store, log: log, cur: start}
}

// confirm returns the dataset the store holds, read after confirm was
// called. Concurrent callers share reads: one runs at a time, and the
// callers that arrive while it runs share the one after it, so under load
// the confirmations cost about one small query per query time, not one
// per request.
func (d *datasetWatcher) confirm(ctx context.Context) (graph.DatasetInfo, error) {
	d.cmu.Lock()
	if d.next == nil {
		d.next = &confirmation{done: make(chan struct{})}
	}
	c := d.next
	if !d.running {
		d.running = true
		go d.confirmLoop()
	}
	d.cmu.Unlock()
	select {
	case <-c.done:
		return c.info, c.err
	case <-ctx.Done():
		return graph.DatasetInfo{}, ctx.Err()
	}
}

func (d *datasetWatcher) confirmLoop() {
	for {
		d.cmu.Lock()
		c := d.next
		d.next = nil // later callers wait for the read after this one
		if c == nil {
			d.running = false
			d.cmu.Unlock()
			return
		}
		d.cmu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), confirmTimeout)
		c.info, c.err = d.store.Info(ctx)
		cancel()
		close(c.done)
	}
}

// confirmTimeout bounds one confirmation, shared by many requests.
const confirmTimeout = 5 * time.Second

// current returns the dataset the store last held.
func (d *datasetWatcher) current() graph.DatasetInfo {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cur
}

// saw records that the store holds info, logging a change.
func (d *datasetWatcher) saw(info graph.DatasetInfo) {
	if info == (graph.DatasetInfo{}) {
		return // emptied: keep answering from what we had, /readyz says why
	}
	d.mu.Lock()
	old := d.cur
	d.cur = info
	d.mu.Unlock()
	if old != info {
		d.log.Info("the dataset changed: answering from the new one", "from", old.Version, "from_checksum", old.Checksum,
			"to", info.Version, "to_checksum", info.Checksum)
	}
}

// run polls the store every poll until ctx is done.
func (d *datasetWatcher) run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		qctx, cancel := context.WithTimeout(ctx, poll+time.Second)
		info, err := d.store.Info(qctx)
		cancel()
		if err == nil {
			d.saw(info)
		}
	}
}

// maxDatasetAttempts is how many times a request is answered before a
// dataset that keeps changing under it gets 503.
const maxDatasetAttempts = 3

// withDataset pins each request to the dataset the store holds as it
// starts (graph.Pin) and, when d is not nil (a store that can be
// re-seeded), holds the answer until it has checked that the store still
// holds that dataset, if the answer read the store at all. An answer whose
// reads straddled a re-seed is thrown away and the request answered again
// from the new dataset, so no answer mixes two versions.
func withDataset(d *datasetWatcher, static graph.DatasetInfo, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d == nil {
			next.ServeHTTP(w, r.WithContext(graph.WithPin(r.Context(), &graph.Pin{Dataset: static})))
			return
		}
		var body []byte
		if r.Body != nil && r.Body != http.NoBody {
			body, _ = io.ReadAll(r.Body) // withBody has it in memory already
		}
		var lastErr error
		for range maxDatasetAttempts {
			if body != nil {
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			pin := &graph.Pin{Dataset: d.current()}
			rec := &held{header: http.Header{}}
			next.ServeHTTP(rec, r.WithContext(graph.WithPin(r.Context(), pin)))
			if pin.Reads() == 0 || rec.status >= 500 {
				// From a cache keyed by the pinned version; or the store
				// is failing and the answer says so (asking it again would
				// only double the wait).
				rec.send(w)
				return
			}
			now, err := d.confirm(r.Context())
			switch {
			case err != nil:
				// Unconfirmed: answer again. With the store down, that
				// answer fails, in the route's own words, and is sent.
				lastErr = err
				continue
			case now == pin.Dataset:
				rec.send(w)
				return
			}
			d.saw(now)
			d.reanswered.Add(1)
			lastErr = graph.ErrDatasetChanged
		}
		w.Header().Set("Retry-After", "1")
		msg := graph.ErrDatasetChanged.Error()
		if !errors.Is(lastErr, graph.ErrDatasetChanged) {
			msg = graph.Message(lastErr)
		}
		httpError(w, r, http.StatusServiceUnavailable, msg)
	})
}

// held is an answer kept until it may be sent.
type held struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *held) Header() http.Header { return h.header }

func (h *held) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *held) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

func (h *held) send(w http.ResponseWriter) {
	for k, vs := range h.header {
		w.Header()[k] = vs
	}
	if h.status == 0 {
		h.status = http.StatusOK
	}
	w.WriteHeader(h.status)
	w.Write(h.body.Bytes())
}
