package gql

import (
	"context"
	"errors"

	"caremap/graph"
)

// Helpers for the resolvers (kept out of *.resolvers.go, which gqlgen rewrites).

func orgViews(os []graph.Organisation) []Organisation {
	out := make([]Organisation, len(os))
	for i, o := range os {
		out[i] = *orgView(o)
	}
	return out
}

func relViews(rs []graph.Relationship) []Relationship {
	out := make([]Relationship, len(rs))
	for i, r := range rs {
		out[i] = *relView(r)
	}
	return out
}

func answerView(a *graph.SearchAnswer) *SearchAnswer {
	if a == nil {
		return nil
	}
	v := &SearchAnswer{Question: a.Question, Type: a.Type, Direction: a.Direction,
		Nodes: make([]Node, len(a.Nodes)), Relationships: relViews(a.Relationships)}
	if a.Via != nil {
		v.Via = orgView(*a.Via)
	}
	for i, n := range a.Nodes {
		v.Nodes[i] = nodeView(n)
	}
	return v
}

func matrixView(m graph.CommissioningMatrix) *CommissioningMatrix {
	v := &CommissioningMatrix{Commissioners: orgViews(m.Commissioners), Rows: make([]CommissioningRow, len(m.Rows))}
	for i, row := range m.Rows {
		cells := make([]CommissioningCell, len(row.Cells))
		for j, c := range row.Cells {
			cells[j] = CommissioningCell{
				Commissioner: &v.Commissioners[j], Commissions: !c.Empty(),
				Relationships: relViews(c.Commissions), Contracts: relViews(c.Contracts), Providers: orgViews(c.Providers),
			}
			if amt := c.AmountGBP(); amt != nil {
				f := float64(*amt)
				cells[j].AmountGbp, cells[j].AmountText = &f, optional(graph.FormatGBP(*amt))
			}
		}
		v.Rows[i] = CommissioningRow{Service: serviceView(row.Service), Cells: cells}
	}
	return v
}

// glossaryView lists the terms, their bodies looked up in batches of at
// most graph.MaxIDs (one Store call for today's glossary).
func glossaryView(ctx context.Context, store graph.Store, terms []graph.Term) ([]GlossaryTerm, error) {
	var ids []string
	for _, t := range terms {
		ids = append(ids, t.Bodies...)
	}
	nodes := map[string]graph.Node{}
	for len(ids) > 0 {
		n := min(len(ids), graph.MaxIDs)
		found, err := store.Nodes(ctx, ids[:n])
		if err != nil {
			return nil, err
		}
		for _, nd := range found {
			nodes[nd.ID()] = nd
		}
		ids = ids[n:]
	}
	out := make([]GlossaryTerm, len(terms))
	for i, t := range terms {
		out[i] = GlossaryTerm{Term: t.Term, Expansion: t.Expansion, Definition: t.Definition,
			Forms: nonNil(t.AllForms()[1:]), Sources: nonNil(t.Sources), URL: "/glossary#" + t.Slug(), Bodies: []Node{}}
		for _, id := range t.Bodies {
			if n, ok := nodes[id]; ok {
				out[i].Bodies = append(out[i].Bodies, nodeView(n))
			}
		}
	}
	return out, nil
}

func pathView(p graph.Path) *Path {
	v := &Path{Start: nodeView(p.Start), Steps: make([]PathStep, len(p.Steps)), Length: len(p.Steps)}
	for i, s := range p.Steps {
		v.Steps[i] = PathStep{Relationship: relView(s.Edge), Node: nodeView(s.Node)}
	}
	return v
}

func subgraphView(sg graph.Subgraph) *Subgraph {
	v := &Subgraph{Nodes: make([]Node, len(sg.Nodes)), Relationships: relViews(sg.Edges)}
	for i, n := range sg.Nodes {
		v.Nodes[i] = nodeView(n)
	}
	return v
}

func pageInfo(cursors []string, hasNext, hasPrev bool) *PageInfo {
	pi := &PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	if len(cursors) > 0 {
		pi.StartCursor, pi.EndCursor = &cursors[0], &cursors[len(cursors)-1]
	}
	return pi
}

func orgConnection(p graph.OrganisationPage) *OrganisationConnection {
	c := &OrganisationConnection{Edges: make([]OrganisationEdge, len(p.Items)), TotalCount: p.TotalCount,
		PageInfo: pageInfo(p.Cursors, p.HasNextPage, p.HasPrevPage)}
	for i, o := range p.Items {
		c.Edges[i] = OrganisationEdge{Cursor: p.Cursors[i], Node: orgView(o)}
	}
	return c
}

func page(first *int, after *string) graph.Page {
	var p graph.Page
	if first != nil {
		p.First = *first
		if p.First == 0 {
			p.First = -1 // an explicit 0 is out of range, not "the default"
		}
	}
	if after != nil {
		p.After = *after
	}
	return p
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// orgsAt returns the organisations at the far end of edges from id (the
// "to" end when out, else the "from" end), ordered by name then id.
func orgsAt(ctx context.Context, id string, t graph.RelType, dir graph.Direction) ([]Organisation, error) {
	edges, err := edgesOf(ctx, id, []graph.RelType{t}, dir)
	if err != nil {
		return nil, err
	}
	nodes, err := nodesByID(ctx, farEnds(edges, dir))
	if err != nil {
		return nil, err
	}
	var os []graph.Organisation
	for _, n := range nodes {
		if n.Organisation != nil {
			os = append(os, *n.Organisation)
		}
	}
	graph.SortOrganisations(os)
	return orgViews(os), nil
}

func farEnds(edges []graph.Relationship, dir graph.Direction) []string {
	seen := map[string]bool{}
	var ids []string
	for _, e := range edges {
		id := e.To
		if dir == graph.Incoming {
			id = e.From
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// lookup turns "not found" into a null answer, as single lookups promise.
func lookup[T any](v T, err error) (*T, error) {
	if errors.Is(err, graph.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// maxSubgraphNodes caps neighbourhood answers; past it the client is told to
// narrow the question.
const maxSubgraphNodes = 600

func (r *Resolver) endNode(ctx context.Context, id string) (Node, error) {
	nodes, err := nodesByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if len(nodes) == 0 {
		return nil, graph.NotFound("node", id)
	}
	return nodeView(nodes[0]), nil
}

var errNoDiagrams = errors.New("gql: no diagram renderer configured")

// diagramURLs fills a Diagram's URLs; its SVG is drawn only if asked for.
func diagramURLs(d Diagrams, req DiagramRequest) (*Diagram, error) {
	v := &Diagram{req: req}
	for _, f := range []struct {
		format string
		dst    *string
	}{{"svg", &v.SVGURL}, {"pdf", &v.PDFURL}, {"png", &v.PngURL}, {"dot", &v.DotURL}} {
		u, err := d.URL(req, f.format)
		if err != nil {
			return nil, err
		}
		*f.dst = u
	}
	return v, nil
}
