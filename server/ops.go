package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"caremap/graph"
)

// readyz answers 200 when the store answers within a second and holds the
// dataset the server answers from (the one this binary was built with; on
// Neo4j, whichever caremap seed wrote since), else 503 with the reason. Load
// balancers stop sending traffic while it is red; /healthz stays green as
// long as the process runs.
func readyz(store graph.Store, dataset func(seen graph.DatasetInfo) graph.DatasetInfo) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), time.Second)
		defer cancel()
		info, err := store.Info(ctx)
		want := dataset(info)
		status, body := http.StatusOK, map[string]any{"ready": true, "dataset": info.Version}
		switch {
		case err != nil:
			status = http.StatusServiceUnavailable
			body = map[string]any{"ready": false, "reason": "the graph store is not answering"}
		case info.Version != want.Version || info.Checksum != want.Checksum:
			status = http.StatusServiceUnavailable
			body = map[string]any{"ready": false, "dataset": info.Version,
				"reason": "the store holds dataset " + info.Version + ", not " + want.Version + ": run caremap seed"}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(body)
	}
}

// withInFlightLimit answers 503 with Retry-After once max requests are
// being served, instead of queueing without bound. Mount it after withBody,
// so that a slot is taken only once the request has arrived whole: slow
// clients cannot hold slots while they dribble their bodies.
func withInFlightLimit(max int, next http.Handler) http.Handler {
	slots := make(chan struct{}, max)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", strconv.Itoa(graph.CodeBusy.RetryAfter()))
			httpError(w, r, http.StatusServiceUnavailable, "the server is busy: try again in a few seconds")
		}
	})
}

// withBody reads a request's body in full before passing it on, within
// timeout from the end of the headers and max bytes. A body that has not
// arrived by then gets 408; a body over max is passed on cut to max+1 bytes,
// for the handler to refuse in its own words (the connection is closed
// after). The server's read deadline is cleared once the body is in, so a
// long answer is not cut by it.
func withBody(max int64, timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(timeout))
		body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
		_ = rc.SetReadDeadline(time.Time{})
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout():
			w.Header().Set("Connection", "close")
			httpError(w, r, http.StatusRequestTimeout, fmt.Sprintf("the request body did not arrive within %s", timeout))
			return
		case err != nil:
			w.Header().Set("Connection", "close")
			httpError(w, r, http.StatusBadRequest, "the request body could not be read")
			return
		case int64(len(body)) > max:
			w.Header().Set("Connection", "close") // the rest is unread
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// methodNotAllowed answers a method a path does not serve: 405, with Allow
// naming the methods it does.
func methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		httpError(w, r, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed here: use %s", r.Method, allow))
	})
}
