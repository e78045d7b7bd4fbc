package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// Routes: how two bodies are connected by accountability or by money, told
// with exactly the walks the API's questions take. AccountabilityRoute is
// made of Store.AccountabilityChain's chains and MoneyRoute of
// Store.MoneyFlow's paths, so the explorer's /path page and the GraphQL
// fields accountabilityChain and moneyFlow always tell one story.

// AccountabilityPath returns the chain Store.AccountabilityChain gives for
// from, as a path: each step is the edge the walk followed from one body to
// the next (ACCOUNTABLE_TO, else PART_OF, else INSTANCE_OF, as the walk
// prefers them), walked in its own direction. An unknown id, or one naming
// a service, is a *NotFoundError.
func AccountabilityPath(ctx context.Context, s Store, from string) (Path, error) {
	chain, err := s.AccountabilityChain(ctx, from)
	if err != nil {
		return Path{}, err
	}
	ids := make([]string, len(chain))
	for i := range chain {
		ids[i] = chain[i].ID
	}
	var edges []Relationship
	if len(ids) > 1 {
		if edges, err = s.Relationships(ctx, ids, chainTypes, Outgoing); err != nil {
			return Path{}, fmt.Errorf("accountability path: %w", err)
		}
	}
	p := Path{Start: Node{Organisation: &chain[0]}}
	for i := 1; i < len(chain); i++ {
		e, ok := chainEdge(edges, ids[i-1], ids[i])
		if !ok {
			return Path{}, fmt.Errorf("accountability path: no edge from %q to %q on the chain", ids[i-1], ids[i])
		}
		p.Steps = append(p.Steps, Step{Edge: e, Node: Node{Organisation: &chain[i]}})
	}
	return p, nil
}

// chainTypes are the types the accountability walk follows, in the order it
// prefers them (see AccountabilityChainIDs).
var chainTypes = []RelType{AccountableTo, PartOf, InstanceOf}

// chainEdge picks, among edges, the one from a to b of the type the walk
// prefers, ties to the least id.
func chainEdge(edges []Relationship, a, b string) (Relationship, bool) {
	var best Relationship
	found := false
	rank := func(t RelType) int { return slices.Index(chainTypes, t) }
	for _, e := range edges {
		if e.From != a || e.To != b || rank(e.Type) < 0 {
			continue
		}
		if !found || rank(e.Type) < rank(best.Type) || rank(e.Type) == rank(best.Type) && e.ID < best.ID {
			best, found = e, true
		}
	}
	return best, found
}

// AccountabilityRoute returns how from and to are connected by
// accountability, using only their chains to Parliament
// (AccountabilityPath): from's chain up to the first body that is also on
// to's chain, then down to's chain from there. When to is on from's chain
// that is from's chain up to to; when from is on to's, to's chain from from
// down, walked against the edges. Two bodies whose chains never meet, or a
// service at either end, have no route: an error wrapping ErrNotFound that
// is not a *NotFoundError (as Store.ShortestPath's). An unknown id is a
// *NotFoundError.
func AccountabilityRoute(ctx context.Context, s Store, from, to string) (Path, error) {
	ends, err := routeEnds(ctx, s, from, to)
	if err != nil || ends.same {
		return Path{Start: ends.from}, err
	}
	up, err := AccountabilityPath(ctx, s, from)
	if err != nil {
		return Path{}, err
	}
	down, err := AccountabilityPath(ctx, s, to)
	if err != nil {
		return Path{}, err
	}
	if p, ok := meet(up, down); ok {
		return p, nil
	}
	return Path{}, noRoute("accountability", from, to)
}

// MoneyRoute returns how money flows between from and to, using only the
// paths Store.MoneyFlow gives for each (a path that ends at an instance's
// class goes on to the instance by its INSTANCE_OF edge): the shortest
// route that runs down one of to's money paths from from; or up one of
// from's paths to to, against the money; or up one of from's paths to a
// funder and down one of to's from it. Among routes equally short, the one
// on the paths MoneyFlow lists first. No such route, or a service at either
// end, is an error wrapping ErrNotFound that is not a *NotFoundError. An
// unknown id is a *NotFoundError.
func MoneyRoute(ctx context.Context, s Store, from, to string) (Path, error) {
	ends, err := routeEnds(ctx, s, from, to)
	if err != nil || ends.same {
		return Path{Start: ends.from}, err
	}
	ups, err := moneyPaths(ctx, s, ends.from)
	if err != nil {
		return Path{}, err
	}
	downs, err := moneyPaths(ctx, s, ends.to)
	if err != nil {
		return Path{}, err
	}
	best, found := Path{}, false
	for _, up := range ups {
		for _, down := range downs {
			p, ok := meet(up.Reverse(), down.Reverse())
			if ok && (!found || len(p.Steps) < len(best.Steps)) {
				best, found = p, true
			}
		}
	}
	if !found {
		return Path{}, noRoute("money", from, to)
	}
	return best, nil
}

// moneyPaths returns the paths MoneyFlow gives for the organisation n, each
// ending at n (a path ending at n's class goes on by n's INSTANCE_OF edge),
// after the path of no steps that is n alone.
func moneyPaths(ctx context.Context, s Store, n Node) ([]Path, error) {
	id := n.ID()
	flows, err := s.MoneyFlow(ctx, id)
	if err != nil {
		return nil, err
	}
	var inst *Relationship
	out := []Path{{Start: n}}
	for _, p := range flows {
		if last := p.End(); last.ID() != id {
			if inst == nil {
				rels, err := s.Relationships(ctx, []string{id}, []RelType{InstanceOf}, Outgoing)
				if err != nil {
					return nil, fmt.Errorf("money route: %w", err)
				}
				i := slices.IndexFunc(rels, func(r Relationship) bool { return r.From == id && r.To == last.ID() })
				if i < 0 {
					return nil, fmt.Errorf("money route: %q's money flow ends at %q, which it is no instance of", id, last.ID())
				}
				inst = &rels[i]
			}
			p.Steps = append(slices.Clip(p.Steps), Step{Edge: *inst, Node: n})
		}
		out = append(out, p)
	}
	return out, nil
}

// routeEnds looks up both ends of a route: ErrNotFound (not a
// *NotFoundError) when either is a service; a *NotFoundError when either
// is unknown.
func routeEnds(ctx context.Context, s Store, from, to string) (ends, error) {
	ns, err := s.Nodes(ctx, []string{from, to})
	if err != nil {
		return ends{}, fmt.Errorf("route: %w", err)
	}
	var e ends
	for _, n := range ns {
		if n.ID() == from {
			e.from = n
		}
		if n.ID() == to {
			e.to = n
		}
	}
	for _, end := range []struct {
		id string
		n  Node
	}{{from, e.from}, {to, e.to}} {
		switch {
		case end.n.ID() == "":
			return ends{}, NotFound("organisation", end.id)
		case end.n.Organisation == nil:
			return ends{}, fmt.Errorf("%q is a service, which neither answers to nor funds anyone: %w", end.id, ErrNotFound)
		}
	}
	e.same = from == to
	return e, nil
}

// ends are a route's two ends.
type ends struct {
	from, to Node
	same     bool // from and to are one body: the route has no steps
}

// noRoute is the error for two bodies not connected by kind.
func noRoute(kind, from, to string) error {
	return fmt.Errorf("no %s route between %q and %q: %w", kind, from, to, ErrNotFound)
}

// meet joins up, a path from one end upwards, and down, a path from the
// other end upwards, at the first body of up that is also on down: up to
// there, then down reversed from there. It reports false when they share no
// body.
func meet(up, down Path) (Path, bool) {
	at := map[string]int{}
	for i, n := range down.Nodes() {
		if _, seen := at[n.ID()]; !seen {
			at[n.ID()] = i
		}
	}
	for i, n := range up.Nodes() {
		j, ok := at[n.ID()]
		if !ok {
			continue
		}
		p := Path{Start: up.Start, Steps: slices.Clone(up.Steps[:i])}
		back := Path{Start: down.Start, Steps: down.Steps[:j]}.Reverse()
		p.Steps = append(p.Steps, back.Steps...)
		return p, true
	}
	return Path{}, false
}

// Nodes returns the path's nodes in order, Start first.
func (p Path) Nodes() []Node {
	out := make([]Node, 0, len(p.Steps)+1)
	out = append(out, p.Start)
	for _, s := range p.Steps {
		out = append(out, s.Node)
	}
	return out
}

// End returns the last node of the path.
func (p Path) End() Node {
	if len(p.Steps) == 0 {
		return p.Start
	}
	return p.Steps[len(p.Steps)-1].Node
}

// Reverse returns the same path walked from its end to its start: the same
// edges, in the opposite order.
func (p Path) Reverse() Path {
	nodes := p.Nodes()
	r := Path{Start: nodes[len(nodes)-1], Steps: make([]Step, len(p.Steps))}
	for i := range p.Steps {
		k := len(p.Steps) - 1 - i
		r.Steps[i] = Step{Edge: p.Steps[k].Edge, Node: nodes[k]}
	}
	return r
}

// IsNoRoute reports whether err says two existing nodes are not connected
// (an ErrNotFound that is not about an unknown id).
func IsNoRoute(err error) bool {
	var nf *NotFoundError
	return errors.Is(err, ErrNotFound) && !errors.As(err, &nf)
}
