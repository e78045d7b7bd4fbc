package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"caremap/graph"
	"caremap/graph/gql"
	"caremap/graph/memory"
	"caremap/playground"
	"caremap/seed"
)

// serve runs the HTTP server until ctx is done, then drains requests in
// flight and closes the store.
func serve(ctx context.Context, cfg serveConfig, stdout io.Writer) error {
	start := time.Now()
	log := newLogger(cfg, stdout)

	store, closeStore, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeStore()
	info, err := store.Info(ctx)
	if err != nil {
		return fmt.Errorf("reading the dataset version: %w", err)
	}

	// Open the listener first, so a bind error is returned, not logged later.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           routes(store, log, cfg),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "caremap %s ready in %s (dataset %s, %s store)\n  GraphQL:    %s/graphql\n  Playground: %s/playground\n",
		version_, time.Since(start).Round(time.Millisecond), info.Version, storeName(cfg), base, base)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests in flight", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

const version_ = "0.1.0"

func storeName(cfg serveConfig) string {
	if cfg.Neo4j.URI != "" {
		return "Neo4j"
	}
	return "embedded"
}

// openStore returns the store the configuration asks for and how to close it.
func openStore(ctx context.Context, cfg serveConfig) (graph.Store, func(), error) {
	if cfg.Neo4j.URI != "" {
		return nil, nil, errors.New("Neo4j is not wired in yet: unset NEO4J_URI to use the embedded store")
	}
	ds, err := seed.Load()
	if err != nil {
		return nil, nil, fmt.Errorf("loading the embedded dataset: %w", err)
	}
	st, err := memory.New(ds)
	if err != nil {
		return nil, nil, fmt.Errorf("building the embedded store: %w", err)
	}
	return st, func() {}, nil
}

// routes mounts every handler behind the common middleware.
func routes(store graph.Store, log *slog.Logger, cfg serveConfig) http.Handler {
	mux := http.NewServeMux()
	api := gql.NewHandler(gql.Options{Store: store, Logger: log, RequestID: requestID})
	mux.Handle("GET /graphql", api)
	mux.Handle("POST /graphql", api)
	mux.Handle("OPTIONS /graphql", api)

	pg := playground.Handler(playground.Config{Endpoint: "/graphql", Title: "caremap playground", Examples: playground.DefaultExamples})
	mux.Handle("GET /playground/", http.StripPrefix("/playground", pg))
	mux.Handle("GET /playground", http.RedirectHandler("/playground/", http.StatusMovedPermanently))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/playground/", http.StatusFound) // until the explorer exists
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		httpError(w, r, http.StatusNotFound, "no such page: try /graphql or /playground")
	})
	return withRequestID(withLogging(log, withRecover(log, withTimeout(cfg.RequestTimeout, mux))))
}

func newLogger(cfg serveConfig, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
