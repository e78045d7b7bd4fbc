package neo4j

import (
	"context"
	"fmt"
	"slices"

	"caremap/graph"
)

// The walks (neighbourhoods, paths, chains, money flows) fetch the shape of
// the edges they may follow and walk it in Go with the walks of package
// graph, the same code as the memory store's, so that ties break
// identically. Neighbourhoods and paths fetch it a level at a time
// (qFrontier; paths from both ends), so they read the part of the graph
// they reach, not every edge of the types asked for; chains and money flows
// fetch, in one query, everything reachable along their few edge types,
// records included.

// MaxMoneyPaths is the most paths MoneyFlow returns: the first ones in
// graph.ComparePaths order (as in the memory store).
const MaxMoneyPaths = graph.MaxMoneyPaths

// topology is the shape of the edges fetched so far, indexed both ways: a
// graph.Topology that knows the ends of its edges.
type topology struct {
	out, in map[string][]graph.EdgeRef // in graph.CompareEdgeRefs order once sorted
	orgs    map[string]bool            // organisations among the nodes known
	class   map[string]string          // node id -> class, for instances known
	seen    map[string]bool            // edge ids added
}

func newTopology() *topology {
	return &topology{
		out: make(map[string][]graph.EdgeRef), in: make(map[string][]graph.EdgeRef),
		orgs: make(map[string]bool), class: make(map[string]string), seen: make(map[string]bool),
	}
}

// Out returns the edges from id.
func (t *topology) Out(id string) []graph.EdgeRef { return t.out[id] }

// In returns the edges to id.
func (t *topology) In(id string) []graph.EdgeRef { return t.in[id] }

// IsOrganisation reports whether id, a node known, is an organisation.
func (t *topology) IsOrganisation(id string) bool { return t.orgs[id] }

// ClassOf returns the class of an instance among the nodes known, else "".
func (t *topology) ClassOf(id string) string { return t.class[id] }

// addEdges adds edges in the shape of shapeRel, each once.
func (t *topology) addEdges(l []any) error {
	for _, v := range l {
		f := asFields("edge", v)
		e := graph.EdgeRef{ID: f.str("id"), Type: graph.RelType(f.str("type")), From: f.str("from"), To: f.str("to")}
		if f.err != nil {
			return f.err
		}
		if t.seen[e.ID] {
			continue
		}
		t.seen[e.ID] = true
		t.out[e.From] = append(t.out[e.From], e)
		t.in[e.To] = append(t.in[e.To], e)
	}
	return nil
}

// addNodes learns the nodes in the shape of shapeNode.
func (t *topology) addNodes(l []any) error {
	for _, v := range l {
		f := asFields("node", v)
		id, class, org := f.str("id"), f.str("class"), f.flag("org")
		if f.err != nil {
			return f.err
		}
		if org {
			t.orgs[id] = true
		}
		if class != "" {
			t.class[id] = class
		}
	}
	return nil
}

// sort puts every node's edges in graph.CompareEdgeRefs order.
func (t *topology) sort() {
	for _, es := range t.out {
		slices.SortFunc(es, graph.CompareEdgeRefs)
	}
	for _, es := range t.in {
		slices.SortFunc(es, graph.CompareEdgeRefs)
	}
}

// frontier is a walk's view of the graph fetched a level at a time: each
// level is one qFrontier query for the edges of some types in one
// direction at the nodes of the frontier, added to what is known.
type frontier struct {
	s     *Store
	op    string
	types []graph.RelType
	// noInstances leaves out the INSTANCE_OF edges reaching the frontier,
	// for a walk that never steps onto an instance: each starts at one,
	// and a class has one from each of its instances (8,053 for the GP
	// practices' class, most of a depth-2 neighbourhood's cost).
	noInstances bool
	t           *topology
	err         error // the last failed query, which callers return as it is
}

func (s *Store) newFrontier(op string, types []graph.RelType) *frontier {
	return &frontier{s: s, op: op, types: types, t: newTopology()}
}

// level fetches the edges in direction dir at ids and reports which of the
// nodes check exist.
func (f *frontier) level(ctx context.Context, ids []string, dir graph.Direction, check []string) (map[string]bool, error) {
	if check == nil {
		check = []string{}
	}
	params := edgeParams(f.types, dir, map[string]any{"ids": ids, "check": check})
	if f.noInstances {
		params["inTypes"] = slices.DeleteFunc(slices.Clone(params["inTypes"].([]string)),
			func(t string) bool { return t == string(graph.InstanceOf) })
	}
	recs, err := f.s.read(ctx, f.op, qFrontier, params)
	if err != nil {
		f.err = err
		return nil, err
	}
	r := readRecord(f.op, recs)
	found, edges, nodes := r.list("found"), r.list("edges"), r.list("nodes")
	if r.err == nil {
		r.err = f.t.addEdges(edges)
	}
	if r.err == nil {
		r.err = f.t.addNodes(nodes)
	}
	if r.err != nil {
		f.err = fmt.Errorf("%s: %w", f.op, r.err)
		return nil, f.err
	}
	f.t.sort()
	exists := make(map[string]bool, len(found))
	for _, v := range found {
		id, _ := v.(string)
		exists[id] = true
	}
	return exists, nil
}

// fetched holds full records by id.
type fetched struct {
	nodes map[string]graph.Node
	rels  map[string]graph.Relationship
}

func index(nodes []graph.Node, rels []graph.Relationship) fetched {
	f := fetched{nodes: make(map[string]graph.Node, len(nodes)), rels: make(map[string]graph.Relationship, len(rels))}
	for _, n := range nodes {
		f.nodes[n.ID()] = n
	}
	for _, r := range rels {
		f.rels[r.ID] = r
	}
	return f
}

// fetch returns the nodes ids and the edges es in one query.
func (s *Store) fetch(ctx context.Context, op string, ids []string, es []graph.EdgeRef) (fetched, error) {
	rels := make([]map[string]any, len(es))
	for i, e := range es {
		rels[i] = map[string]any{"id": e.ID, "from": e.From, "to": e.To}
	}
	if ids == nil {
		ids = []string{}
	}
	recs, err := s.read(ctx, op, qFetch, map[string]any{"ids": ids, "rels": rels})
	if err != nil {
		return fetched{}, err
	}
	r := readRecord(op, recs)
	nodes, edges := r.nodes("nodes"), r.edges("edges")
	return index(nodes, edges), r.err
}

// Neighbourhood returns the nodes within q.Depth hops of q.ID and the edges
// of q.Types among them: one query per level of the walk, then one for the
// records. Without q.Instances it never steps onto an instance node other
// than q.ID. An unknown id is a *graph.NotFoundError, a node count over
// q.MaxNodes (when positive) a *graph.TooLargeError.
func (s *Store) Neighbourhood(ctx context.Context, q graph.NeighbourhoodQuery) (graph.Subgraph, error) {
	const op = "neighbourhood"
	if err := graph.CheckNeighbourhood(q); err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	dir, _ := graph.CheckDirection(q.Direction)
	f := s.newFrontier(op, q.Types)
	f.noInstances = !q.Instances
	// The first level also checks that q.ID exists.
	ids := []string{}
	if q.Depth > 0 {
		ids = []string{q.ID}
	}
	found, err := f.level(ctx, ids, dir, []string{q.ID})
	if err != nil {
		return graph.Subgraph{}, err
	}
	if !found[q.ID] {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, graph.NotFound("node", q.ID))
	}
	first := true
	got, err := graph.NeighbourhoodIDs(ctx, q, func(ctx context.Context, ids []string) (graph.Topology, error) {
		if first { // fetched with the check
			first = false
			return f.t, nil
		}
		_, err := f.level(ctx, ids, dir, nil)
		return f.t, err
	})
	if f.err != nil {
		return graph.Subgraph{}, f.err
	}
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	return s.subgraph(ctx, op, got, q.Types)
}

// subgraph returns the nodes ids, ordered by id, and every edge of types
// among them, in one query.
func (s *Store) subgraph(ctx context.Context, op string, ids []string, types []graph.RelType) (graph.Subgraph, error) {
	recs, err := s.read(ctx, op, qSubgraph, edgeParams(types, graph.Outgoing, map[string]any{"ids": ids}))
	if err != nil {
		return graph.Subgraph{}, err
	}
	r := readRecord(op, recs)
	nodes, edges := r.nodes("nodes"), r.edges("edges")
	if r.err != nil {
		return graph.Subgraph{}, r.err
	}
	in := make(map[string]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	edges = slices.DeleteFunc(edges, func(e graph.Relationship) bool { return !in[e.To] })
	graph.SortNodes(nodes)
	graph.SortRelationships(edges)
	return graph.Subgraph{Nodes: nodes, Edges: edges}, nil
}

// Graph returns every service and the organisations q allows (active ones
// unless q.Inactive, no instances unless q.Instances, no GP practices unless
// q.Practices), with the edges of
// q.Types among them, in one query that reads only the edges leaving the
// nodes chosen. A node count over q.MaxNodes (when positive) is a
// *graph.TooLargeError.
func (s *Store) Graph(ctx context.Context, q graph.GraphQuery) (graph.Subgraph, error) {
	const op = "graph"
	if err := graph.CheckGraph(q); err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	recs, err := s.read(ctx, op, qGraph, edgeParams(q.Types, graph.Outgoing, map[string]any{
		"inactive": q.Inactive, "instances": q.Instances, "practices": q.Practices,
		"practiceClass": graph.GPPractices, "maxNodes": int64(q.MaxNodes),
	}))
	if err != nil {
		return graph.Subgraph{}, err
	}
	r := readRecord(op, recs)
	count, nodes, edges := r.num("count"), r.nodes("nodes"), r.edges("edges")
	if r.err != nil {
		return graph.Subgraph{}, r.err
	}
	if q.MaxNodes > 0 && int(count) > q.MaxNodes {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, &graph.TooLargeError{What: "nodes", Count: int(count), Limit: q.MaxNodes})
	}
	graph.SortNodes(nodes)
	graph.SortRelationships(edges)
	return graph.Subgraph{Nodes: nodes, Edges: edges}, nil
}

// ShortestPath returns a shortest path from q.From to q.To over edges of
// q.Types, walked either way unless q.Directed, of at most q.MaxHops hops;
// among equally short paths, the one whose sequence of edge ids is least.
// The walk is graph.ShortestPathHops, as in the memory store, fed a level at
// a time from q.To outwards, so it reads only the edges within the path's
// length of q.To; then one query fetches the records on the path.
func (s *Store) ShortestPath(ctx context.Context, q graph.PathQuery) (graph.Path, error) {
	const op = "path"
	if err := graph.CheckPath(q); err != nil {
		return graph.Path{}, fmt.Errorf("%s: %w", op, err)
	}
	forward, backward := graph.Both, graph.Both
	if q.Directed {
		forward, backward = graph.Outgoing, graph.Incoming
	}
	f := s.newFrontier(op, q.Types)
	// The first level, from q.From, also checks that both ends exist.
	found, err := f.level(ctx, []string{q.From}, forward, []string{q.From, q.To})
	if err != nil {
		return graph.Path{}, err
	}
	for _, id := range []string{q.From, q.To} {
		if !found[id] {
			return graph.Path{}, fmt.Errorf("%s: %w", op, graph.NotFound("node", id))
		}
	}
	first := true
	hops, err := graph.ShortestPathHopsByLevel(ctx, q, func(ctx context.Context, fromSide bool, ids []string) (graph.Topology, error) {
		if first && fromSide { // fetched with the check
			first = false
			return f.t, nil
		}
		first = false
		dir := backward
		if fromSide {
			dir = forward
		}
		_, err := f.level(ctx, ids, dir, nil)
		return f.t, err
	})
	if f.err != nil {
		return graph.Path{}, f.err
	}
	if err != nil {
		return graph.Path{}, fmt.Errorf("%s: %w", op, err)
	}
	ids := []string{q.From}
	es := make([]graph.EdgeRef, 0, len(hops))
	for _, h := range hops {
		ids = append(ids, h.To)
		es = append(es, h.Edge)
	}
	got, err := s.fetch(ctx, op, ids, es)
	if err != nil {
		return graph.Path{}, err
	}
	p := graph.Path{Start: got.nodes[q.From]}
	for _, h := range hops {
		p.Steps = append(p.Steps, graph.Step{Edge: got.rels[h.Edge.ID], Node: got.nodes[h.To]})
	}
	return p, nil
}

// AccountabilityChain returns the bodies from the organisation from up to
// graph.Parliament, as graph.AccountabilityChainIDs chooses them (the same
// walk as the memory store's), in one query. An unknown id is a
// *graph.NotFoundError.
func (s *Store) AccountabilityChain(ctx context.Context, from string) ([]graph.Organisation, error) {
	const op = "accountability chain"
	recs, err := s.read(ctx, op, qChain, map[string]any{"id": from})
	if err != nil {
		return nil, err
	}
	r := readRecord(op, recs)
	found, nodes, edges := r.flag("found"), r.nodes("nodes"), r.list("edges")
	if r.err != nil {
		return nil, r.err
	}
	if !found {
		return nil, fmt.Errorf("%s: %w", op, graph.NotFound("organisation", from))
	}
	t := newTopology()
	if err := t.addEdges(edges); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	for _, es := range t.out { // qChain's edges all reach organisations
		for _, e := range es {
			t.orgs[e.To] = true
		}
	}
	t.sort()
	ids, err := graph.AccountabilityChainIDs(ctx, t, from)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	got := index(nodes, nil)
	os := make([]graph.Organisation, 0, len(ids))
	for _, id := range ids {
		n := got.nodes[id]
		if n.Organisation == nil {
			return nil, fmt.Errorf("%s: %w", op, graph.NotFound("organisation", id))
		}
		os = append(os, *n.Organisation)
	}
	return os, nil
}

// MoneyFlow returns every simple path of FUNDS edges that ends at to (or,
// when to is an instance no FUNDS edge reaches, at its class) and starts at
// a body no FUNDS edge reaches, in graph.ComparePaths order, at most
// MaxMoneyPaths of them, in one query. An unknown id is a
// *graph.NotFoundError.
func (s *Store) MoneyFlow(ctx context.Context, to string) ([]graph.Path, error) {
	const op = "money flow"
	recs, err := s.read(ctx, op, qMoney, map[string]any{"id": to})
	if err != nil {
		return nil, err
	}
	r := readRecord(op, recs)
	found, class, classIsOrg := r.flag("found"), r.str("class"), r.flag("classIsOrg")
	nodes, edges := r.nodes("nodes"), r.edges("edges")
	if r.err != nil {
		return nil, r.err
	}
	if !found {
		return nil, fmt.Errorf("%s: %w", op, graph.NotFound("organisation", to))
	}
	t := newTopology()
	t.orgs[to] = true
	if class != "" {
		t.class[to] = class
		t.orgs[class] = classIsOrg
	}
	for _, e := range edges {
		if !t.seen[e.ID] {
			t.seen[e.ID] = true
			ref := e.Ref()
			t.out[e.From] = append(t.out[e.From], ref)
			t.in[e.To] = append(t.in[e.To], ref)
		}
	}
	t.sort()
	paths, err := graph.MoneyFlowEdges(ctx, t, to)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if len(paths) == 0 {
		return nil, nil
	}
	got := index(nodes, edges)
	out := make([]graph.Path, len(paths))
	for i, p := range paths {
		out[i] = graph.Path{Start: got.nodes[p[0].From], Steps: make([]graph.Step, 0, len(p))}
		for _, e := range p {
			out[i].Steps = append(out[i].Steps, graph.Step{Edge: got.rels[e.ID], Node: got.nodes[e.To]})
		}
	}
	return out, nil
}
