package diagram

import (
	"context"
	"strings"

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
	opts := render.Options{Theme: r.Theme, GroupNames: s.cfg.GroupNames, WidthByAmount: spec.Amounts,
		NewTab: r.Links == LinksNewTab, FitWidth: r.Fit == FitWidth, Paper: r.Paper, Orientation: r.Orientation}
	var sg graph.Subgraph
	title, page := SystemTitle, "/"
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
		title, page = focus.DisplayName(), Page(focus.ID(), focus.Kind())
		// One step out, the focus sits in the middle of its ties; further
		// out, boxes group by the part of the system they belong to.
		opts.NoClusters = r.Depth < 2
	}
	opts.BaseURL = s.base(r)
	opts.Caption = s.caption(r, spec, title, page)
	if err := lim.CheckSize(len(sg.Nodes)+len(opts.Folds), len(sg.Edges)+len(opts.Folds), r.Layout); err != nil {
		return nil, err
	}
	return render.DOT(sg, opts)
}

// SystemTitle is the whole-system diagram's title.
const SystemTitle = "The health and care system in England"

// AsAt is the date the data describes, as drawings say it.
const AsAt = "1 April 2013"

// Licence is the attribution the data's licence asks for.
const Licence = "Contains public sector information licensed under the Open Government Licence v3.0"

// base is the origin r's links start with: its own, else the service's,
// else none (root-relative links).
func (s *Service) base(r Request) string {
	for _, b := range []string{r.Base, s.cfg.BaseURL} {
		if b = strings.TrimRight(b, "/"); render.ValidBaseURL(b) {
			return b
		}
	}
	return ""
}

// Page is the explorer page of a diagram's subject: the node's page, or
// the home page for the whole system.
func Page(focus string, kind graph.NodeKind) string {
	switch {
	case focus == "":
		return "/"
	case kind == graph.NodeService:
		return "/service/" + focus
	}
	return "/org/" + focus
}

// caption is the title block and metadata of r, whose subject is title,
// shown on the explorer at page.
func (s *Service) caption(r Request, spec ViewSpec, title, page string) render.Caption {
	version := s.cfg.Version
	if version == "" {
		version = "(development)"
	}
	sub := "As at " + AsAt + " · " + spec.Title + ": " + strings.TrimSuffix(spec.Description, ".")
	if r.Types != nil {
		names := make([]string, len(r.Types))
		for i, t := range r.Types {
			names[i] = strings.ToLower(strings.ReplaceAll(string(t), "_", " "))
		}
		sub += " (only " + strings.Join(names, ", ") + ")"
	}
	source := "Source: caremap " + version
	if base := s.base(r); base != "" {
		source += " · " + base + page
	}
	doc := title + ": " + strings.ToLower(spec.Title) + ", as at " + AsAt
	return render.Caption{
		Title: title, Subtitle: sub, Source: source, Licence: Licence,
		DocTitle: doc, Subject: sub, Creator: "caremap " + version,
		Keywords: strings.Join([]string{title, "health and care system", "England", "NHS", "2013", spec.Title}, "; "),
	}
}

// maxFan is how many instances of one class a body may tie to by one type
// in the whole-system view before those ties give way to its tie to the
// class itself: CQC registers each of the 247 trusts, and one line to each
// class says so (a trust's own page and diagram still show its regulators).
const maxFan = 50

// systemView narrows the whole graph for drawing: only the nodes with a
// tie drawn (a box with none would float loose, reading as part of
// whatever it lands beside), services only when the view draws them, and
// no fan of more than maxFan ties between one body and the instances of
// one class where the body has the same tie to the class.
func systemView(sg graph.Subgraph, withServices bool) graph.Subgraph {
	keep := map[string]bool{}
	class := map[string]string{}
	for _, n := range sg.Nodes {
		keep[n.ID()] = n.Service == nil || withServices
		if n.Organisation != nil {
			class[n.ID()] = n.Organisation.InstanceOf
		}
	}
	// fan names the ties of one body to the instances of one class, by
	// type and direction, as the tie to the class would read.
	fan := func(e graph.Relationship) (string, bool) {
		switch {
		case class[e.From] == "" && class[e.To] != "":
			return string(e.Type) + " " + e.From + " " + class[e.To], true
		case class[e.From] != "" && class[e.To] == "":
			return string(e.Type) + " " + class[e.From] + " " + e.To, true
		}
		return "", false
	}
	ties := map[string]bool{}
	fans := map[string]int{}
	for _, e := range sg.Edges {
		ties[string(e.Type)+" "+e.From+" "+e.To] = true
		if k, ok := fan(e); ok {
			fans[k]++
		}
	}
	var edges []graph.Relationship
	linked := map[string]bool{}
	for _, e := range sg.Edges {
		if k, ok := fan(e); ok && fans[k] > maxFan && ties[k] {
			continue // the class's own tie stands for them
		}
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
