package main

import (
	"context"
	"time"

	"caremap/graph"
)

// instrumentedStore times every store call and counts its errors by kind.
type instrumentedStore struct {
	graph.Store
	m *metrics
}

var _ graph.Store = instrumentedStore{}

func observe[T any](ctx context.Context, m *metrics, method string, f func() (T, error)) (T, error) {
	graph.PinOf(ctx).Read() // the answer depends on the dataset: check it is still the pinned one
	start := time.Now()
	v, err := f()
	m.storeCalls.WithLabelValues(method).Observe(time.Since(start).Seconds())
	if err != nil {
		m.storeErrors.WithLabelValues(method, errorKind(err)).Inc()
	}
	return v, err
}

func (s instrumentedStore) Info(ctx context.Context) (graph.DatasetInfo, error) {
	return observe(ctx, s.m, "Info", func() (graph.DatasetInfo, error) { return s.Store.Info(ctx) })
}

func (s instrumentedStore) Organisation(ctx context.Context, id string) (graph.Organisation, error) {
	return observe(ctx, s.m, "Organisation", func() (graph.Organisation, error) { return s.Store.Organisation(ctx, id) })
}

func (s instrumentedStore) Service(ctx context.Context, id string) (graph.Service, error) {
	return observe(ctx, s.m, "Service", func() (graph.Service, error) { return s.Store.Service(ctx, id) })
}

func (s instrumentedStore) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	return observe(ctx, s.m, "Nodes", func() ([]graph.Node, error) { return s.Store.Nodes(ctx, ids) })
}

func (s instrumentedStore) Organisations(ctx context.Context, f graph.OrganisationFilter, p graph.Page) (graph.OrganisationPage, error) {
	return observe(ctx, s.m, "Organisations", func() (graph.OrganisationPage, error) { return s.Store.Organisations(ctx, f, p) })
}

func (s instrumentedStore) Services(ctx context.Context, p graph.Page) (graph.ServicePage, error) {
	return observe(ctx, s.m, "Services", func() (graph.ServicePage, error) { return s.Store.Services(ctx, p) })
}

func (s instrumentedStore) Search(ctx context.Context, text string, limit int) ([]graph.SearchHit, error) {
	return observe(ctx, s.m, "Search", func() ([]graph.SearchHit, error) { return s.Store.Search(ctx, text, limit) })
}

func (s instrumentedStore) Relationships(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, error) {
	return observe(ctx, s.m, "Relationships", func() ([]graph.Relationship, error) { return s.Store.Relationships(ctx, ids, types, dir) })
}

func (s instrumentedStore) Neighbours(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, []graph.Node, error) {
	var nodes []graph.Node
	edges, err := observe(ctx, s.m, "Neighbours", func() ([]graph.Relationship, error) {
		e, n, err := s.Store.Neighbours(ctx, ids, types, dir)
		nodes = n
		return e, err
	})
	return edges, nodes, err
}

func (s instrumentedStore) Expand(ctx context.Context, roots []string, steps []graph.ExpandStep) (graph.Expansion, error) {
	return observe(ctx, s.m, "Expand", func() (graph.Expansion, error) { return s.Store.Expand(ctx, roots, steps) })
}

func (s instrumentedStore) Neighbourhood(ctx context.Context, q graph.NeighbourhoodQuery) (graph.Subgraph, error) {
	return observe(ctx, s.m, "Neighbourhood", func() (graph.Subgraph, error) { return s.Store.Neighbourhood(ctx, q) })
}

func (s instrumentedStore) Graph(ctx context.Context, q graph.GraphQuery) (graph.Subgraph, error) {
	return observe(ctx, s.m, "Graph", func() (graph.Subgraph, error) { return s.Store.Graph(ctx, q) })
}

func (s instrumentedStore) ShortestPath(ctx context.Context, q graph.PathQuery) (graph.Path, error) {
	return observe(ctx, s.m, "ShortestPath", func() (graph.Path, error) { return s.Store.ShortestPath(ctx, q) })
}

func (s instrumentedStore) AccountabilityChain(ctx context.Context, from string) ([]graph.Organisation, error) {
	return observe(ctx, s.m, "AccountabilityChain", func() ([]graph.Organisation, error) { return s.Store.AccountabilityChain(ctx, from) })
}

func (s instrumentedStore) MoneyFlow(ctx context.Context, to string) ([]graph.Path, error) {
	return observe(ctx, s.m, "MoneyFlow", func() ([]graph.Path, error) { return s.Store.MoneyFlow(ctx, to) })
}

func (s instrumentedStore) WhoCommissions(ctx context.Context, service string) ([]graph.Organisation, error) {
	return observe(ctx, s.m, "WhoCommissions", func() ([]graph.Organisation, error) { return s.Store.WhoCommissions(ctx, service) })
}

func (s instrumentedStore) Stats(ctx context.Context) (graph.Stats, error) {
	return observe(ctx, s.m, "Stats", func() (graph.Stats, error) { return s.Store.Stats(ctx) })
}
