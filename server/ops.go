package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"caremap/graph"
)

// readyz answers 200 when the store answers within a second and holds the
// dataset this binary was built with, else 503 with the reason. Load
// balancers stop sending traffic while it is red; /healthz stays green as
// long as the process runs.
func readyz(store graph.Store, want graph.DatasetInfo) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), time.Second)
		defer cancel()
		info, err := store.Info(ctx)
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
// being served, instead of queueing without bound.
func withInFlightLimit(max int, next http.Handler) http.Handler {
	slots := make(chan struct{}, max)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", strconv.Itoa(1))
			httpError(w, r, http.StatusServiceUnavailable, "the server is busy: try again in a second")
		}
	})
}
