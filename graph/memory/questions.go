package memory

import (
	"context"
	"fmt"
	"slices"

	"caremap/graph"
)

// MaxMoneyPaths is the most paths MoneyFlow returns: the first ones in
// graph.ComparePaths order.
const MaxMoneyPaths = graph.MaxMoneyPaths

// AccountabilityChain returns the bodies from the organisation from up to
// graph.Parliament, as graph.AccountabilityChainIDs chooses them. An unknown
// id is a *graph.NotFoundError.
func (s *Store) AccountabilityChain(ctx context.Context, from string) ([]graph.Organisation, error) {
	if s.orgByID[from] == nil {
		return nil, fmt.Errorf("accountability chain: %w", graph.NotFound("organisation", from))
	}
	ids, err := graph.AccountabilityChainIDs(ctx, s.topo, from)
	if err != nil {
		return nil, fmt.Errorf("accountability chain: %w", err)
	}
	os := make([]graph.Organisation, len(ids))
	for i, id := range ids {
		os[i] = *s.orgByID[id]
	}
	return os, nil
}

// MoneyFlow returns the paths of FUNDS edges graph.MoneyFlowEdges finds
// ending at to, at most MaxMoneyPaths of them in graph.ComparePaths order. A
// body no FUNDS edge reaches has no paths (not a path of no steps). An
// unknown id is a *graph.NotFoundError.
func (s *Store) MoneyFlow(ctx context.Context, to string) ([]graph.Path, error) {
	if s.orgByID[to] == nil {
		return nil, fmt.Errorf("money flow: %w", graph.NotFound("organisation", to))
	}
	found, err := graph.MoneyFlowEdges(ctx, s.topo, to)
	if err != nil {
		return nil, fmt.Errorf("money flow: %w", err)
	}
	var paths []graph.Path
	for _, es := range found {
		start, _ := s.node(es[0].From)
		p := graph.Path{Start: start, Steps: make([]graph.Step, 0, len(es))}
		for _, e := range es {
			n, _ := s.node(e.To)
			p.Steps = append(p.Steps, graph.Step{Edge: *s.rel[e.ID], Node: n})
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// WhoCommissions returns the organisations with a COMMISSIONS edge to the
// service or whose COMMISSIONS edge lists it in Services, ordered by name
// then id. An unknown service is a *graph.NotFoundError.
func (s *Store) WhoCommissions(ctx context.Context, service string) ([]graph.Organisation, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("who commissions: %w", err)
	}
	if s.svcByID[service] == nil {
		return nil, fmt.Errorf("who commissions: %w", graph.NotFound("service", service))
	}
	return slices.Clone(s.commissions[service]), nil
}
