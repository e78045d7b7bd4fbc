package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
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
	a := newApp(cfg, log, store, info)
	srv := &http.Server{
		Handler:           a.routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
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

// app is the running server's parts, wired once.
type app struct {
	cfg     serveConfig
	log     *slog.Logger
	store   graph.Store // instrumented
	want    graph.DatasetInfo
	metrics *metrics
}

func newApp(cfg serveConfig, log *slog.Logger, store graph.Store, want graph.DatasetInfo) *app {
	m := newMetrics()
	if cfg.MaxInFlight == 0 {
		cfg.MaxInFlight = 256
	}
	return &app{cfg: cfg, log: log, store: instrumentedStore{Store: store, m: m}, want: want, metrics: m}
}

// routes mounts every handler behind the common middleware.
func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h http.Handler) {
		route := pattern[strings.IndexByte(pattern, ' ')+1:]
		mux.Handle(pattern, a.metrics.instrument(route, h))
	}
	api := gql.NewHandler(gql.Options{Store: a.store, Logger: a.log, RequestID: requestID,
		Development: a.cfg.Development, OnOperation: a.metrics.onOperation})
	handle("GET /graphql", api)
	handle("POST /graphql", api)

	pg := playground.Handler(playground.Config{Endpoint: "/graphql", Title: "caremap playground", Examples: playground.DefaultExamples})
	handle("GET /playground/", http.StripPrefix("/playground", pg))
	handle("GET /playground", http.RedirectHandler("/playground/", http.StatusMovedPermanently))
	handle("GET /{$}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/playground/", http.StatusFound) // until the explorer exists
	}))
	handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, "ok\n")
	}))
	handle("GET /readyz", readyz(a.store, a.want))
	handle("GET /metrics", a.metrics.handler())
	handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpError(w, r, http.StatusNotFound, "no such page: try /graphql or /playground")
	}))
	h := withTimeout(a.cfg.RequestTimeout, mux)
	h = withInFlightLimit(a.cfg.MaxInFlight, h)
	h = withRecover(a.log, h)
	h = withLogging(a.log, h)
	return withRequestID(h)
}

func newLogger(cfg serveConfig, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
