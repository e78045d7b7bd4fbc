package memory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"caremap/graph"
)

// topology is the store's adjacency as the walks in package graph see it.
type topology struct {
	orgByID map[string]*graph.Organisation
	out, in map[string][]graph.EdgeRef // node id -> its edges, in graph.SortRelationships order
}

// Out returns the edges from id.
func (t topology) Out(id string) []graph.EdgeRef { return t.out[id] }

// In returns the edges to id.
func (t topology) In(id string) []graph.EdgeRef { return t.in[id] }

// IsOrganisation reports whether id names an organisation.
func (t topology) IsOrganisation(id string) bool { return t.orgByID[id] != nil }

// ClassOf returns the class of an instance organisation, else "".
func (t topology) ClassOf(id string) string {
	if o := t.orgByID[id]; o != nil {
		return o.InstanceOf
	}
	return ""
}

// Relationships returns the edges of types touching ids in direction dir
// ("" means graph.Both), each once, in graph.SortRelationships order.
func (s *Store) Relationships(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, error) {
	dir, err := graph.CheckEdges(ids, types, dir)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("relationships: %w", err)
	}
	want := graph.TypeSet(types)
	seen := make(map[int]bool)
	for _, id := range ids {
		if dir != graph.Incoming {
			for _, i := range s.out[id] {
				if want(s.rels[i].Type) {
					seen[i] = true
				}
			}
		}
		if dir != graph.Outgoing {
			for _, i := range s.in[id] {
				if want(s.rels[i].Type) {
					seen[i] = true
				}
			}
		}
	}
	return s.relsAt(seen), nil
}

// Neighbours is Relationships plus the nodes at both ends of every edge
// returned, each once, ordered by id.
func (s *Store) Neighbours(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, []graph.Node, error) {
	rs, err := s.Relationships(ctx, ids, types, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("neighbours: %w", errors.Unwrap(err))
	}
	seen := make(map[string]bool, 2*len(rs))
	for _, r := range rs {
		seen[r.From], seen[r.To] = true, true
	}
	ends := make([]string, 0, len(seen))
	for id := range seen {
		ends = append(ends, id)
	}
	slices.Sort(ends)
	var ns []graph.Node
	for _, id := range ends {
		n, _ := s.node(id)
		ns = append(ns, n)
	}
	return rs, ns, nil
}

// Expand answers a nested question with graph.ExpandBy over the store's
// indexes.
func (s *Store) Expand(ctx context.Context, roots []string, steps []graph.ExpandStep) (graph.Expansion, error) {
	nodes := func(ctx context.Context, ids []string) ([]graph.Node, error) {
		var ns []graph.Node
		for _, id := range ids {
			if n, ok := s.node(id); ok {
				ns = append(ns, n)
			}
		}
		return ns, ctx.Err()
	}
	x, err := graph.ExpandBy(ctx, roots, steps, nodes, s.Relationships)
	if err != nil {
		return graph.Expansion{}, fmt.Errorf("expand: %w", unwrapOp(err))
	}
	return x, nil
}

// unwrapOp strips the operation's name a store method put on err, so it
// can be named by the method that called it.
func unwrapOp(err error) error {
	if u := errors.Unwrap(err); u != nil && strings.HasPrefix(err.Error(), "relationships: ") {
		return u
	}
	return err
}

// relsAt returns the edges at the given indexes, in canonical order (the
// order of s.rels).
func (s *Store) relsAt(idx map[int]bool) []graph.Relationship {
	is := make([]int, 0, len(idx))
	for i := range idx {
		is = append(is, i)
	}
	slices.Sort(is)
	var rs []graph.Relationship
	for _, i := range is {
		rs = append(rs, s.rels[i])
	}
	return rs
}

// subgraph returns the nodes named in set, ordered by id, and every edge of
// types among them.
func (s *Store) subgraph(ctx context.Context, set map[string]bool, want func(graph.RelType) bool) (graph.Subgraph, error) {
	var g graph.Subgraph
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	idx := make(map[int]bool)
	for k, id := range ids {
		if k%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return graph.Subgraph{}, err
			}
		}
		n, _ := s.node(id)
		g.Nodes = append(g.Nodes, n)
		for _, i := range s.out[id] {
			if r := &s.rels[i]; want(r.Type) && set[r.To] {
				idx[i] = true
			}
		}
	}
	g.Edges = s.relsAt(idx)
	return g, nil
}

// Neighbourhood returns the nodes within q.Depth hops of q.ID and the edges
// of q.Types among them (graph.NeighbourhoodIDs). Without q.Instances it
// never steps onto an instance node other than q.ID. An unknown id is a
// *graph.NotFoundError, a node count over q.MaxNodes (when positive) a
// *graph.TooLargeError.
func (s *Store) Neighbourhood(ctx context.Context, q graph.NeighbourhoodQuery) (graph.Subgraph, error) {
	err := graph.CheckNeighbourhood(q)
	if err == nil && !s.exists(q.ID) {
		err = graph.NotFound("node", q.ID)
	}
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("neighbourhood: %w", err)
	}
	ids, err := graph.NeighbourhoodIDs(ctx, q, func(context.Context, []string) (graph.Topology, error) { return s.topo, nil })
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("neighbourhood: %w", err)
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	g, err := s.subgraph(ctx, set, graph.TypeSet(q.Types))
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("neighbourhood: %w", err)
	}
	return g, nil
}

// Graph returns every service and the organisations q allows (active ones
// unless q.Inactive, no instances unless q.Instances, no GP practices unless
// q.Practices), with the edges of
// q.Types among them. A node count over q.MaxNodes (when positive) is a
// *graph.TooLargeError.
func (s *Store) Graph(ctx context.Context, q graph.GraphQuery) (graph.Subgraph, error) {
	err := graph.CheckGraph(q)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("graph: %w", err)
	}
	set := make(map[string]bool, len(s.orgs)+len(s.svcs))
	for i := range s.orgs {
		o := &s.orgs[i]
		if (q.Inactive || o.Active()) && (q.Instances || o.InstanceOf == "") && (q.Practices || o.InstanceOf != graph.GPPractices) {
			set[o.ID] = true
		}
	}
	for i := range s.svcs {
		set[s.svcs[i].ID] = true
	}
	if q.MaxNodes > 0 && len(set) > q.MaxNodes {
		return graph.Subgraph{}, fmt.Errorf("graph: %w", &graph.TooLargeError{What: "nodes", Count: len(set), Limit: q.MaxNodes})
	}
	g, err := s.subgraph(ctx, set, graph.TypeSet(q.Types))
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("graph: %w", err)
	}
	return g, nil
}

// ShortestPath returns a shortest path from q.From to q.To over edges of
// q.Types, walked either way unless q.Directed, of at most q.MaxHops hops;
// among equally short paths, the one whose sequence of edge ids is least
// (graph.ShortestPathHops). An unknown end is a *graph.NotFoundError.
func (s *Store) ShortestPath(ctx context.Context, q graph.PathQuery) (graph.Path, error) {
	err := graph.CheckPath(q)
	if err == nil && !s.exists(q.From) {
		err = graph.NotFound("node", q.From)
	}
	if err == nil && !s.exists(q.To) {
		err = graph.NotFound("node", q.To)
	}
	if err != nil {
		return graph.Path{}, fmt.Errorf("path: %w", err)
	}
	hops, err := graph.ShortestPathHops(ctx, s.topo, q)
	if err != nil {
		return graph.Path{}, fmt.Errorf("path: %w", err)
	}
	start, _ := s.node(q.From)
	path := graph.Path{Start: start}
	for _, h := range hops {
		n, _ := s.node(h.To)
		path.Steps = append(path.Steps, graph.Step{Edge: *s.rel[h.Edge.ID], Node: n})
	}
	return path, nil
}
