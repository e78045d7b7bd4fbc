package main

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"caremap/graph"
	"caremap/graph/gql"
	"caremap/httpcache"
	"caremap/playground"
	"caremap/render"
)

// metrics are what /metrics exposes, in Prometheus's text format.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	operations  *prometheus.CounterVec
	opDuration  *prometheus.HistogramVec
	gqlErrors   *prometheus.CounterVec
	storeCalls  *prometheus.HistogramVec
	storeErrors *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "caremap_http_requests_total", Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "caremap_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 12),
		}, []string{"route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "caremap_http_requests_in_flight", Help: "HTTP requests being served.",
		}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "caremap_graphql_operations_total", Help: "GraphQL operations by operation name (the playground's; other names are \"other\") and outcome (ok or error).",
		}, []string{"operation", "outcome"}),
		opDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "caremap_graphql_operation_duration_seconds", Help: "GraphQL operation latency by operation name.",
			Buckets: prometheus.ExponentialBuckets(0.0002, 2.5, 12),
		}, []string{"operation"}),
		gqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "caremap_graphql_errors_total", Help: "GraphQL errors by extensions.code.",
		}, []string{"code"}),
		storeCalls: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "caremap_store_call_duration_seconds", Help: "Graph store calls by method.",
			Buckets: prometheus.ExponentialBuckets(0.00005, 3, 12),
		}, []string{"method"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "caremap_store_errors_total", Help: "Graph store errors by method and kind (graph.ErrorCode: invalid, not_found, too_large, unavailable, busy, timeout, canceled, internal).",
		}, []string{"method", "kind"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.inFlight, m.operations, m.opDuration, m.gqlErrors,
		m.storeCalls, m.storeErrors, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// watchRender exposes the render pool's and cache's figures.
func (m *metrics) watchRender(pool *render.Pool, cache *render.Cache) {
	gauge := func(name, help string, f func() float64) {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
	}
	counter := func(name, help string, f func() float64) {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f))
	}
	counter("caremap_render_cache_hits_total", "Diagram requests answered from the render cache.", func() float64 { return float64(cache.Stats().Hits) })
	counter("caremap_render_cache_misses_total", "Diagram requests that had to be rendered.", func() float64 { return float64(cache.Stats().Misses) })
	gauge("caremap_render_cache_bytes", "Bytes of rendered diagrams held in the cache.", func() float64 { return float64(cache.Stats().Bytes) })
	gauge("caremap_render_queue", "Renders waiting for a free worker.", func() float64 { return float64(pool.Stats().Waiting) })
	gauge("caremap_render_busy_workers", "Render workers drawing a diagram.", func() float64 { return float64(pool.Stats().Busy) })
	counter("caremap_render_refused_total", "Renders refused because every worker stayed busy (503).", func() float64 { return float64(pool.Stats().Refused) })
	counter("caremap_render_timeouts_total", "Renders whose worker was killed past the deadline.", func() float64 { return float64(pool.Stats().TimedOut) })
	counter("caremap_render_too_costly_total", "Renders refused before drawing: predicted past the budget, or over the size caps (422).", func() float64 { return float64(pool.Stats().TooCostly) })
	gauge("caremap_render_heavy_workers", "Render workers drawing a heavy diagram (at most the workers less the reserved ones).", func() float64 { return float64(pool.Stats().Heavy) })
}

// watchAnswers exposes the GraphQL answer cache's figures (zero when off).
func (m *metrics) watchAnswers(c *httpcache.Cache) {
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "caremap_graphql_cache_hits_total", Help: "GET /graphql requests answered from the in-process cache."}, func() float64 { return float64(c.Stats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "caremap_graphql_cache_misses_total", Help: "GET /graphql requests the in-process cache could not answer."}, func() float64 { return float64(c.Stats().Misses) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "caremap_graphql_cache_bytes", Help: "Bytes of GraphQL answers held in the cache."}, func() float64 { return float64(c.Stats().Bytes) }),
	)
}

// watchDataset exposes how often the dataset changed under a request.
func (m *metrics) watchDataset(d *datasetWatcher) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "caremap_dataset_reanswered_total",
		Help: "Answers thrown away and given again because a re-seed changed the dataset while they were read."},
		func() float64 { return float64(d.reanswered.Load()) }))
}

// handler serves /metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// instrument counts and times requests to one route. The route label is the
// mux pattern, never the raw path, so label values stay few.
func (m *metrics) instrument(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status, _ := sw.outcome(r)
		m.requests.WithLabelValues(route, methodLabel(r.Method), strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// methodLabel is the method label of a request: the standard methods, and
// "other" for any other token a client sends.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

// knownOperations are the operation names that get their own label: the
// playground's questions, and the introspection query GraphiQL sends.
// Every other name is counted as "other", so clients choosing names cannot
// grow /metrics (20,000 distinct names once added 320,000 series).
var knownOperations = func() map[string]bool {
	known := map[string]bool{"IntrospectionQuery": true}
	queries := []string{playground.DefaultWelcome}
	for _, e := range playground.DefaultExamples {
		queries = append(queries, e.Query)
	}
	for _, q := range queries {
		doc, err := parser.ParseQuery(&ast.Source{Input: q})
		if err != nil {
			continue // the playground's own tests parse them
		}
		for _, op := range doc.Operations {
			if op.Name != "" {
				known[op.Name] = true
			}
		}
	}
	return known
}()

// operationLabel is the operation label of a name: itself if known,
// "anonymous" if empty, else "other".
func operationLabel(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case knownOperations[name]:
		return name
	}
	return "other"
}

// onOperation records one GraphQL operation (gql.Options.OnOperation).
func (m *metrics) onOperation(_ context.Context, op gql.OperationStats) {
	name := operationLabel(op.Name)
	outcome := "ok"
	if len(op.ErrorCodes) > 0 {
		outcome = "error"
	}
	m.operations.WithLabelValues(name, outcome).Inc()
	m.opDuration.WithLabelValues(name).Observe(op.Duration.Seconds())
	for _, c := range op.ErrorCodes {
		m.gqlErrors.WithLabelValues(c).Inc()
	}
}

// errorKind classifies a store error for the store_errors metric: its
// graph.ErrorCode.
func errorKind(err error) string { return string(graph.ErrorCode(err)) }
