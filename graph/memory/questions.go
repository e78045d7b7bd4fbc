package memory

import (
	"context"
	"fmt"
	"slices"

	"caremap/graph"
)

// MaxMoneyPaths is the most paths MoneyFlow returns: the first ones in
// graph.ComparePaths order.
const MaxMoneyPaths = 100

// maxMoneySearch bounds how many paths MoneyFlow enumerates before it gives
// up with a *graph.TooLargeError.
const maxMoneySearch = 10000

// AccountabilityChain returns the bodies from the organisation from up to
// graph.Parliament. At each body it follows its ACCOUNTABLE_TO edges, or
// where it has none its PART_OF edges, or else its INSTANCE_OF edges; among
// them it takes the one whose own chain reaches Parliament and is longest,
// ties to the least id, never revisiting a body. If no choice reaches
// Parliament it takes the longest chain there is. An unknown id is a
// *graph.NotFoundError.
func (s *Store) AccountabilityChain(ctx context.Context, from string) ([]graph.Organisation, error) {
	if s.orgByID[from] == nil {
		return nil, fmt.Errorf("accountability chain: %w", graph.NotFound("organisation", from))
	}
	ids, _, err := s.chain(ctx, from, map[string]bool{})
	if err != nil {
		return nil, fmt.Errorf("accountability chain: %w", err)
	}
	os := make([]graph.Organisation, len(ids))
	for i, id := range ids {
		os[i] = *s.orgByID[id]
	}
	return os, nil
}

// chain returns the best chain from id avoiding the bodies on the path so
// far, and whether it reaches Parliament.
func (s *Store) chain(ctx context.Context, id string, onPath map[string]bool) ([]string, bool, error) {
	if id == graph.Parliament {
		return []string{id}, true, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	onPath[id] = true
	defer delete(onPath, id)
	var best []string
	bestReaches := false
	for _, next := range s.superiors(id) {
		if onPath[next] {
			continue
		}
		c, reaches, err := s.chain(ctx, next, onPath)
		if err != nil {
			return nil, false, err
		}
		if (reaches && !bestReaches) || (reaches == bestReaches && len(c) > len(best)) {
			best, bestReaches = c, reaches
		}
	}
	return append([]string{id}, best...), bestReaches, nil
}

// superiors returns, ordered by id, the organisations id answers to: its
// ACCOUNTABLE_TO targets, else its PART_OF targets, else its INSTANCE_OF
// targets.
func (s *Store) superiors(id string) []string {
	for _, t := range []graph.RelType{graph.AccountableTo, graph.PartOf, graph.InstanceOf} {
		var ids []string
		for _, i := range s.out[id] {
			if r := s.rels[i]; r.Type == t && s.orgByID[r.To] != nil {
				ids = append(ids, r.To)
			}
		}
		if len(ids) > 0 {
			slices.Sort(ids)
			return slices.Compact(ids)
		}
	}
	return nil
}

// MoneyFlow returns every simple path of FUNDS edges that ends at to (or,
// when to is an instance no FUNDS edge reaches, at its class) and starts at
// a body no FUNDS edge reaches, in graph.ComparePaths order, at most
// MaxMoneyPaths of them. A body no FUNDS edge reaches has no paths (not a
// path of no steps). An unknown id is a *graph.NotFoundError.
func (s *Store) MoneyFlow(ctx context.Context, to string) ([]graph.Path, error) {
	o := s.orgByID[to]
	if o == nil {
		return nil, fmt.Errorf("money flow: %w", graph.NotFound("organisation", to))
	}
	target := to
	if o.InstanceOf != "" && len(s.funders(to)) == 0 && s.orgByID[o.InstanceOf] != nil {
		target = o.InstanceOf
	}
	var paths []graph.Path
	// edges holds the path found so far, from target backwards.
	var edges []*graph.Relationship
	onPath := map[string]bool{}
	var walk func(id string) error
	walk = func(id string) error {
		funders := s.funders(id)
		if len(funders) == 0 {
			if len(edges) > 0 {
				if len(paths) == maxMoneySearch {
					return &graph.TooLargeError{What: "paths", Count: len(paths) + 1, Limit: maxMoneySearch}
				}
				paths = append(paths, s.forwardPath(id, edges))
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		onPath[id] = true
		defer delete(onPath, id)
		for _, r := range funders {
			if onPath[r.From] {
				continue
			}
			edges = append(edges, r)
			err := walk(r.From)
			edges = edges[:len(edges)-1]
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(target); err != nil {
		return nil, fmt.Errorf("money flow: %w", err)
	}
	slices.SortFunc(paths, graph.ComparePaths)
	if len(paths) > MaxMoneyPaths {
		paths = paths[:MaxMoneyPaths]
	}
	return paths, nil
}

// funders returns the FUNDS edges into id.
func (s *Store) funders(id string) []*graph.Relationship {
	var rs []*graph.Relationship
	for _, i := range s.in[id] {
		if s.rels[i].Type == graph.Funds {
			rs = append(rs, &s.rels[i])
		}
	}
	return rs
}

// forwardPath turns edges, listed from the end backwards, into a path from start.
func (s *Store) forwardPath(start string, edges []*graph.Relationship) graph.Path {
	n, _ := s.node(start)
	p := graph.Path{Start: n, Steps: make([]graph.Step, 0, len(edges))}
	for i := len(edges) - 1; i >= 0; i-- {
		to, _ := s.node(edges[i].To)
		p.Steps = append(p.Steps, graph.Step{Edge: *edges[i], Node: to})
	}
	return p
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
