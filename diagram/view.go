package diagram

import (
	"context"

	"caremap/graph"
	"caremap/render"
)

// systemTypes are the relationship types of the default whole-system
// diagram: accountability, money, commissioning and structure among the
// organisations; every other type is one types= away.
var systemTypes = []graph.RelType{graph.AccountableTo, graph.Funds, graph.Commissions, graph.PartOf}

// DOT fetches what r shows from the store and returns it as Graphviz
// source. The node count is capped for the layout engine before any
// layout, and the edge count after the fetch: *graph.TooLargeError past
// either.
func (s *Service) DOT(ctx context.Context, r Request) ([]byte, error) {
	if err := r.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	r = r.Canonical()
	lim := s.cfg.Limits
	maxNodes := lim.MaxNodes[r.Layout]
	opts := render.Options{Theme: r.Theme, GroupNames: s.cfg.GroupNames}
	var sg graph.Subgraph
	if r.Focus == "" {
		types := r.Types
		if types == nil {
			types = systemTypes
		}
		var err error
		sg, err = s.cfg.Store.Graph(ctx, graph.GraphQuery{Types: types, Instances: r.Instances, MaxNodes: maxNodes})
		if err != nil {
			return nil, err
		}
		sg = systemView(sg, r.Types != nil)
		opts.NoClusters = true
		if !r.Instances {
			opts.MaxAspect = 2 // fit a landscape page; with every instance nothing fits one
		}
	} else {
		var err error
		sg, err = s.cfg.Store.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: r.Focus, Depth: r.Depth, Types: r.Types,
			Direction: r.Direction, Instances: r.Instances, MaxNodes: maxNodes})
		if err != nil {
			return nil, err
		}
		opts.Focus = r.Focus
		for _, n := range sg.Nodes {
			if n.ID() == r.Focus {
				opts.Title = n.Name()
			}
		}
	}
	if err := lim.CheckSize(len(sg.Nodes), len(sg.Edges), r.Layout); err != nil {
		return nil, err
	}
	return render.DOT(sg, opts)
}

// systemView narrows the whole graph for drawing: services only when the
// caller chose the types, and then only those with an edge drawn.
func systemView(sg graph.Subgraph, withServices bool) graph.Subgraph {
	linked := map[string]bool{}
	for _, e := range sg.Edges {
		linked[e.From], linked[e.To] = true, true
	}
	nodes := sg.Nodes[:0:0]
	for _, n := range sg.Nodes {
		if n.Service == nil || withServices && linked[n.ID()] {
			nodes = append(nodes, n)
		}
	}
	sg.Nodes = nodes
	return sg
}
