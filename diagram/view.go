package diagram

import (
	"context"

	"caremap/graph"
	"caremap/render"
)

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
	spec, types := r.Spec()
	opts := render.Options{Theme: r.Theme, GroupNames: s.cfg.GroupNames, WidthByAmount: spec.Amounts}
	var sg graph.Subgraph
	if r.Focus == "" {
		var err error
		sg, err = s.cfg.Store.Graph(ctx, graph.GraphQuery{Types: types, Instances: r.Instances, MaxNodes: maxNodes})
		if err != nil {
			return nil, err
		}
		sg = systemView(sg, spec.Services || r.Types != nil)
		opts.NoClusters = true
		if !r.Instances {
			opts.MaxAspect = 2 // fit a landscape page; with every instance nothing fits one
		}
	} else {
		var focus graph.Node
		var err error
		sg, opts.Folds, focus, err = s.ego(ctx, r, types)
		if err != nil {
			return nil, err
		}
		opts.Focus = r.Focus
		opts.Title = focus.Name()
		// One step out, the focus sits in the middle of its ties; further
		// out, boxes group by the part of the system they belong to.
		opts.NoClusters = r.Depth < 2
	}
	if err := lim.CheckSize(len(sg.Nodes)+len(opts.Folds), len(sg.Edges)+len(opts.Folds), r.Layout); err != nil {
		return nil, err
	}
	return render.DOT(sg, opts)
}

// systemView narrows the whole graph for drawing: only the nodes with a
// tie drawn (a box with none would float loose, reading as part of
// whatever it lands beside), and services only when the view draws them.
func systemView(sg graph.Subgraph, withServices bool) graph.Subgraph {
	keep := map[string]bool{}
	for _, n := range sg.Nodes {
		keep[n.ID()] = n.Service == nil || withServices
	}
	var edges []graph.Relationship
	linked := map[string]bool{}
	for _, e := range sg.Edges {
		if keep[e.From] && keep[e.To] && e.From != e.To {
			edges = append(edges, e)
			linked[e.From], linked[e.To] = true, true
		}
	}
	nodes := sg.Nodes[:0:0]
	for _, n := range sg.Nodes {
		if linked[n.ID()] {
			nodes = append(nodes, n)
		}
	}
	sg.Nodes, sg.Edges = nodes, edges
	return sg
}
