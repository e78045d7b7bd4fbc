package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"caremap/diagram"
	"caremap/graph"
	"caremap/graph/gql"
	"caremap/graph/memory"
	"caremap/graph/neo4j"
	"caremap/httpcache"
	"caremap/playground"
	"caremap/render"
	"caremap/seed"
	"caremap/web"
)

// serve runs the HTTP server until ctx is done, then drains requests in
// flight and closes the store.
func serve(ctx context.Context, cfg serveConfig, stdout io.Writer) error {
	start := time.Now()
	log := newLogger(cfg, stdout)

	ds, err := seed.Load()
	if err != nil {
		return fmt.Errorf("loading the embedded dataset: %w", err)
	}
	store, closeStore, err := openStore(ctx, cfg, ds, log, stdout)
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
	if len(cfg.AllowedHosts) == 0 {
		cfg.AllowedHosts = listenHosts(ln.Addr())
	}
	a := newApp(cfg, log, store, info)
	if cfg.Neo4j.URI != "" { // it can be re-seeded under us: follow it
		a.watch = newDatasetWatcher(a.store, info, log)
		go a.watch.run(ctx, cfg.DatasetPoll)
		a.metrics.watchDataset(a.watch)
	}
	a.glossary = ds.Glossary
	pool, err := startRenderPool(cfg, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer pool.Close()
	diagrams := diagram.NewService(diagram.Config{Store: a.store, Renderer: pool, Limits: pool.Limits(),
		Cache:      render.NewCache(cfg.RenderCacheBytes),
		Dataset:    info, // checked at start; /readyz reports a store that changes
		GroupNames: groupNames(ds), Version: appVersion, BaseURL: cfg.BaseURL})
	a.diagram = newDiagramHandler(diagrams, log, cfg.BaseURL, cfg.AllowedHosts)
	a.metrics.watchRender(pool, diagrams.Cache())
	warmCtx, stopWarm := context.WithCancel(ctx)
	defer stopWarm()
	if cfg.RenderWarm {
		go func() { // the default diagrams, in the background
			if err := diagrams.Warm(warmCtx); err != nil {
				log.Warn("warming the diagram cache", "error", err)
			}
		}()
	}
	srv := &http.Server{
		Handler: a.routes(),
		// No ReadTimeout: withBody bounds the body of each request, and a
		// connection-wide read deadline would cancel a request still being
		// answered when it passes.
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "caremap %s ready in %s (dataset %s, %s store)\n  GraphQL:    %s/graphql\n  Playground: %s/playground\n  Diagram:    %s/diagram.svg\n",
		appVersion, time.Since(start).Round(time.Millisecond), info.Version, storeName(cfg), base, base, base)

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

// listenHosts are the Host headers that name the listen address addr: its
// host:port, and localhost:port on a loopback address.
func listenHosts(addr net.Addr) []string {
	hosts := []string{strings.ToLower(addr.String())}
	if ta, ok := addr.(*net.TCPAddr); ok && ta.IP.IsLoopback() {
		hosts = append(hosts, net.JoinHostPort("localhost", strconv.Itoa(ta.Port)))
	}
	return hosts
}

// appVersion is caremap's own version (the dataset has its own).
const appVersion = "0.1.0"

func storeName(cfg serveConfig) string {
	if cfg.Neo4j.URI != "" {
		return "Neo4j"
	}
	return "embedded"
}

// groupNames names the diagrams' clusters from the dataset's groups.
func groupNames(ds graph.Dataset) map[string]string {
	m := make(map[string]string, len(ds.Groups))
	for _, g := range ds.Groups {
		m[g.ID] = g.Name
	}
	return m
}

// openStore returns the store the configuration asks for, holding the
// embedded dataset ds, and how to close it. On Neo4j it retries a server that
// does not answer (bounded, with backoff), seeds first if asked, and refuses
// a database that holds no dataset or another version.
func openStore(ctx context.Context, cfg serveConfig, ds graph.Dataset, log *slog.Logger, stdout io.Writer) (graph.Store, func(), error) {
	if cfg.Neo4j.URI == "" {
		st, err := memory.New(ds)
		if err != nil {
			return nil, nil, fmt.Errorf("building the embedded store: %w", err)
		}
		return st, func() {}, nil
	}
	st, err := openNeo4j(ctx, cfg.Neo4j, log)
	if err != nil {
		return nil, nil, err
	}
	closeStore := func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		st.Close(cctx)
	}
	if cfg.Neo4j.Seed {
		if err := runSeed(ctx, st, ds, stdout); err != nil {
			closeStore()
			return nil, nil, err
		}
	}
	if err := st.Check(ctx, graph.DatasetInfo{Version: ds.Version, Checksum: ds.Checksum}); err != nil {
		closeStore()
		return nil, nil, err
	}
	go func() { // so the first requests do not wait for Neo4j to plan
		if err := st.Warm(context.WithoutCancel(ctx)); err != nil {
			log.Debug("warming the Neo4j plan cache", "err", err)
		}
	}()
	return st, closeStore, nil
}

// renderWorker returns the argv and environment of a render worker: this
// binary in worker mode, with an empty environment (no credentials pass on).
// Tests replace it, as their binary is not caremap.
var renderWorker = func() ([]string, []string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, fmt.Errorf("finding this program to start render workers: %w", err)
	}
	return []string{exe, "render-worker"}, []string{}, nil
}

func startRenderPool(cfg serveConfig, log *slog.Logger) (*render.Pool, error) {
	argv, env, err := renderWorker()
	if err != nil {
		return nil, err
	}
	pool, err := render.NewPool(render.PoolConfig{Command: argv, Env: env, Stderr: os.Stderr,
		Size: cfg.RenderWorkers, Timeout: cfg.RenderTimeout, Budget: cfg.RenderBudget,
		Killed: func(ctx context.Context, err *render.CostError) {
			log.LogAttrs(ctx, slog.LevelWarn, "render worker killed at its deadline",
				slog.String("request_id", requestID(ctx)), slog.String("code", string(graph.ErrorCode(err))),
				slog.Duration("estimate", err.Estimate), slog.String("error", err.Error()))
		}})
	if err != nil {
		return nil, fmt.Errorf("starting %d render workers: %w", cfg.RenderWorkers, err)
	}
	return pool, nil
}

func openNeo4j(ctx context.Context, cfg neo4jConfig, log *slog.Logger) (*neo4j.Store, error) {
	return neo4j.Open(ctx, neo4j.Config{
		URI: cfg.URI, User: cfg.User, Password: cfg.Password, Database: cfg.Database,
		ConnectAttempts: cfg.ConnectAttempts, Log: log,
		// Short budgets, so that with the database down a request fails
		// fast with 503 instead of waiting out the driver's defaults (over
		// 30 s); each request's own deadline still bounds its queries.
		ConnectTimeout: 2 * time.Second,
		RetryTime:      time.Second,
	})
}

// app is the running server's parts, wired once.
type app struct {
	cfg     serveConfig
	log     *slog.Logger
	store   graph.Store // instrumented
	want    graph.DatasetInfo
	metrics *metrics
	diagram *diagramHandler  // nil when no render pool was started
	answers *httpcache.Cache // GraphQL answers to GET; nil when off
	watch   *datasetWatcher  // follows a store that can be re-seeded; nil: the dataset is want for good
	// glossary is the dataset's, for the explorer and the API (the store
	// holds the graph; the glossary comes with the embedded dataset, whose
	// version the store's was checked against at start).
	glossary []graph.Term
}

func newApp(cfg serveConfig, log *slog.Logger, store graph.Store, want graph.DatasetInfo) *app {
	m := newMetrics()
	if cfg.MaxInFlight == 0 {
		cfg.MaxInFlight = 256
	}
	if cfg.BodyTimeout == 0 {
		cfg.BodyTimeout = defaultBodyTimeout
	}
	a := &app{cfg: cfg, log: log, store: instrumentedStore{Store: store, m: m}, want: want, metrics: m,
		answers: httpcache.New(cfg.GraphQLCache)}
	m.watchAnswers(a.answers)
	return a
}

// dataset is the dataset the server answers from, given that the store
// was just seen to hold seen: the one it started with, or, on a store that
// can be re-seeded, the one the store holds now.
func (a *app) dataset(seen graph.DatasetInfo) graph.DatasetInfo {
	if a.watch != nil {
		a.watch.saw(seen)
		return a.watch.current()
	}
	return a.want
}

// cacheable makes the GraphQL endpoint's answers to GET cacheable: keyed
// by the dataset version, the request (gql.RequestKey) and the origin the
// inline diagrams link to, so a new dataset rolls every entry over.
func (a *app) cacheable(next http.Handler) http.Handler {
	return httpcache.Handler(httpcache.Config{
		Key: func(r *http.Request) ([]string, bool) {
			words, ok := gql.RequestKey(r, gql.DefaultLimits)
			if !ok {
				return nil, false
			}
			origin, _ := r.Context().Value(originKey{}).(string)
			ds := a.want
			if p := graph.PinOf(r.Context()); p != nil {
				ds = p.Dataset // withDataset pins every request
			}
			return append(words, ds.Version, ds.Checksum, origin), true
		},
		Cache: a.answers, MaxAge: a.cfg.GraphQLMaxAge, Vary: "Accept",
	}, next)
}

// defaultBodyTimeout is how long a request's body may take to arrive after
// its headers (withBody).
const defaultBodyTimeout = 5 * time.Second

// routes mounts every handler behind the common middleware. Health,
// readiness and metrics answer outside the in-flight limit and the request
// timeout, so a server busy with slow or heavy requests is not restarted by
// its liveness probe and can still be watched; every other route takes an
// in-flight slot only once its body has arrived (withBody).
func (a *app) routes() http.Handler {
	api := newRouter(a.metrics)
	opts := gql.Options{Store: a.store, Logger: a.log, RequestID: requestID,
		Development: a.cfg.Development, OnOperation: a.metrics.onOperation, Glossary: a.glossary}
	if a.diagram != nil {
		opts.Diagrams = gqlDiagrams{a.diagram.svc}
	}
	gqlAPI := withOrigin(a.cfg.BaseURL, a.cfg.AllowedHosts, a.cacheable(gql.NewHandler(opts)))
	api.handle("GET /graphql", gqlAPI)
	api.handle("POST /graphql", gqlAPI)

	pg := playground.Handler(playground.Config{Endpoint: "/graphql", Title: "caremap playground",
		Examples: playground.DefaultExamples, Explorer: "/org/{id}"})
	api.handle("GET /playground/", http.StripPrefix("/playground", pg))
	api.handle("GET /playground", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := "/playground/" // keeping ?example=<key>
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	}))
	examples := make([]web.Example, len(playground.DefaultExamples))
	for i, e := range playground.DefaultExamples {
		examples[i] = web.Example{Key: e.Key, Name: e.Name, Description: e.Description}
	}
	explorer := web.Handler(web.Config{Store: a.store, Logger: a.log, RequestID: requestID,
		BaseURL: a.cfg.BaseURL, Hosts: a.cfg.AllowedHosts, Examples: examples, Glossary: a.glossary})
	for _, p := range web.Patterns {
		api.handle(p, explorer)
	}
	if a.diagram != nil {
		api.handle("GET /diagram/", a.diagram)
		for _, f := range []string{"svg", "pdf", "png", "dot"} {
			api.handle("GET /diagram."+f, a.diagram)
		}
	}
	api.mux.Handle("/", explorer) // its 404 page, with a search box, for any method
	api.refuseOtherMethods()
	limited := withTimeout(a.cfg.RequestTimeout, withDataset(a.watch, a.want, api.mux))
	limited = withInFlightLimit(a.cfg.MaxInFlight, limited)
	limited = withBody(int64(gql.DefaultLimits.MaxBodyBytes()), a.cfg.BodyTimeout, limited)

	ops := newRouter(a.metrics)
	ops.handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, "ok\n")
	}))
	ops.handle("GET /readyz", readyz(a.store, a.dataset))
	ops.handle("GET /metrics", a.metrics.handler())
	ops.refuseOtherMethods()
	ops.mux.Handle("/", limited)
	h := withRecover(a.log, ops.mux)
	h = withLogging(a.log, h)
	return withRequestID(h)
}

// router mounts handlers by "METHOD /path" pattern, each counted in the
// metrics under its path pattern (never the raw path, so label values stay
// few), and answers any other method on those paths with 405 and Allow.
type router struct {
	mux     *http.ServeMux
	metrics *metrics
	allow   map[string][]string // path pattern -> the methods it serves
	paths   []string            // in the order mounted
}

func newRouter(m *metrics) *router {
	return &router{mux: http.NewServeMux(), metrics: m, allow: map[string][]string{}}
}

func (rt *router) handle(pattern string, h http.Handler) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic("router: pattern without a method: " + pattern)
	}
	rt.mux.Handle(pattern, rt.metrics.instrument(path, h))
	if rt.allow[path] == nil {
		rt.paths = append(rt.paths, path)
	}
	rt.allow[path] = append(rt.allow[path], method)
	if method == http.MethodGet {
		rt.allow[path] = append(rt.allow[path], http.MethodHead)
	}
}

// refuseOtherMethods mounts the 405s; call it once every route is mounted.
func (rt *router) refuseOtherMethods() {
	for _, path := range rt.paths {
		methods := rt.allow[path]
		slices.Sort(methods)
		rt.mux.Handle(path, rt.metrics.instrument(path, methodNotAllowed(strings.Join(slices.Compact(methods), ", "))))
	}
}

func newLogger(cfg serveConfig, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
