package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"caremap/graph"
)

// The walks (neighbourhoods, paths, chains, money flows) fetch the shape of
// the edges they may follow (qTopology, qFrontier per level, qChainTopology,
// qMoneyTopology), walk it in Go with the walks of package graph, the same
// code as the memory store, so that ties break identically, and then fetch
// the records of what they found in one more query.

// MaxMoneyPaths is the most paths MoneyFlow returns: the first ones in
// graph.ComparePaths order (as in the memory store).
const MaxMoneyPaths = graph.MaxMoneyPaths

// nodeShape is what a walk needs to know of a node it starts from.
type nodeShape struct {
	class       string // InstanceOf, for instances
	org         bool
	classExists bool // the organisation named by class exists
}

// topology is the shape of the edges of some types, indexed both ways: a
// graph.Topology that knows the nodes it was asked to check and the ends of
// its edges.
type topology struct {
	found   map[string]nodeShape
	out, in map[string][]graph.EdgeRef // in graph.SortRelationships order
	orgs    map[string]bool            // organisations among the nodes known
	class   map[string]string          // node id -> class, for instances known
}

// Out returns the edges from id.
func (t *topology) Out(id string) []graph.EdgeRef { return t.out[id] }

// In returns the edges to id.
func (t *topology) In(id string) []graph.EdgeRef { return t.in[id] }

// IsOrganisation reports whether id, a checked node, an edge's end or a
// checked node's class, is an organisation.
func (t *topology) IsOrganisation(id string) bool { return t.orgs[id] }

// ClassOf returns the class of an instance among the nodes known, else "".
func (t *topology) ClassOf(id string) string { return t.class[id] }

// topology returns what qTopology says of the nodes check and the edges of
// types.
func (s *Store) topology(ctx context.Context, op string, check []string, types []graph.RelType) (*topology, error) {
	all, names := typeParams(types)
	return s.topologyOf(ctx, op, qTopology, map[string]any{"check": check, "all": all, "types": names})
}

// topologyOf runs query, which returns the columns of qTopology.
func (s *Store) topologyOf(ctx context.Context, op, query string, params map[string]any) (*topology, error) {
	recs, err := s.read(ctx, op, query, params)
	if err != nil {
		return nil, err
	}
	rec, err := one(op, recs)
	if err != nil {
		return nil, err
	}
	return topologyFrom(op, rec)
}

// topologyFrom reads the columns found and edges of a topology query.
func topologyFrom(op string, rec *n4j.Record) (*topology, error) {
	found, err := value[[]any](op, rec, "found")
	if err != nil {
		return nil, err
	}
	edges, err := value[[]any](op, rec, "edges")
	if err != nil {
		return nil, err
	}
	t := &topology{
		found: make(map[string]nodeShape, len(found)),
		out:   make(map[string][]graph.EdgeRef), in: make(map[string][]graph.EdgeRef),
		orgs: make(map[string]bool), class: make(map[string]string),
	}
	for _, x := range found {
		l, ok := x.([]any)
		if !ok || len(l) != 4 {
			return nil, fmt.Errorf("%s: unexpected node shape %T", op, x)
		}
		id, _ := l[0].(string)
		class, _ := l[1].(string)
		org, _ := l[2].(bool)
		exists, _ := l[3].(bool)
		t.found[id] = nodeShape{class: class, org: org, classExists: exists}
		if org {
			t.orgs[id] = true
		}
		if class != "" {
			t.class[id] = class
			if exists {
				t.orgs[class] = true
			}
		}
	}
	es := make([]graph.EdgeRef, 0, len(edges))
	for _, x := range edges {
		l, ok := x.([]any)
		if !ok || len(l) != 7 {
			return nil, fmt.Errorf("%s: unexpected edge shape %T", op, x)
		}
		var e graph.EdgeRef
		var typ, fromClass, toClass string
		e.ID, _ = l[0].(string)
		typ, _ = l[1].(string)
		e.Type = graph.RelType(typ)
		e.From, _ = l[2].(string)
		e.To, _ = l[3].(string)
		fromClass, _ = l[4].(string)
		toClass, _ = l[5].(string)
		toOrg, _ := l[6].(bool)
		if fromClass != "" {
			t.class[e.From] = fromClass
		}
		if toClass != "" {
			t.class[e.To] = toClass
		}
		if toOrg {
			t.orgs[e.To] = true
		}
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b graph.EdgeRef) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.ID, b.ID))
	})
	for _, e := range es {
		t.out[e.From] = append(t.out[e.From], e)
		t.in[e.To] = append(t.in[e.To], e)
	}
	return t, nil
}

// ends returns what qEnds says of the nodes check, and the checksum of the
// dataset seeded.
func (s *Store) ends(ctx context.Context, op string, check []string) (*topology, string, error) {
	recs, err := s.read(ctx, op, qEnds, map[string]any{"check": check})
	if err != nil {
		return nil, "", err
	}
	rec, err := one(op, recs)
	if err != nil {
		return nil, "", err
	}
	t, err := topologyFrom(op, rec)
	if err != nil {
		return nil, "", err
	}
	checksum, err := value[string](op, rec, "checksum")
	return t, checksum, err
}

// allShapes returns the shape of every edge of the dataset whose checksum
// is given, fetched once per dataset: a shortest path may cross the whole
// graph (19,000 edges with the GP practices), and fetching its shape for
// every path cost ten times what the walk does. A re-seed changes the
// checksum, and so the shapes are fetched again.
func (s *Store) allShapes(ctx context.Context, op, checksum string) (*topology, error) {
	s.shapesMu.Lock()
	t, of := s.shapes, s.shapesOf
	s.shapesMu.Unlock()
	if t != nil && of == checksum && checksum != "" {
		return t, nil
	}
	t, err := s.topology(ctx, op, []string{}, nil)
	if err != nil {
		return nil, err
	}
	s.shapesMu.Lock()
	s.shapes, s.shapesOf = t, checksum
	s.shapesMu.Unlock()
	return t, nil
}

// fetched holds full records by id.
type fetched struct {
	nodes map[string]graph.Node
	rels  map[string]graph.Relationship
}

// fetch returns the nodes nodeIDs and the edges es in one query.
func (s *Store) fetch(ctx context.Context, op string, nodeIDs []string, es []graph.EdgeRef) (fetched, error) {
	relIDs := make([]string, 0, len(es))
	relFrom := make([]string, 0, len(es))
	for _, e := range es {
		relIDs = append(relIDs, e.ID)
		relFrom = append(relFrom, e.From)
	}
	if nodeIDs == nil {
		nodeIDs = []string{}
	}
	recs, err := s.read(ctx, op, qFetch, map[string]any{"nodeIds": nodeIDs, "relIds": relIDs, "relFrom": relFrom})
	if err != nil {
		return fetched{}, err
	}
	nodes, rels, err := subgraphRecord(op, recs)
	if err != nil {
		return fetched{}, err
	}
	f := fetched{nodes: make(map[string]graph.Node, len(nodes)), rels: make(map[string]graph.Relationship, len(rels))}
	for _, n := range nodes {
		f.nodes[n.ID()] = n
	}
	for _, r := range rels {
		f.rels[r.ID] = r
	}
	return f, nil
}

// subgraphRecord converts the one record of qFetch or qSubgraph.
func subgraphRecord(op string, recs []*n4j.Record) ([]graph.Node, []graph.Relationship, error) {
	rec, err := one(op, recs)
	if err != nil {
		return nil, nil, err
	}
	nl, err := value[[]any](op, rec, "nodes")
	if err != nil {
		return nil, nil, err
	}
	nodes, err := nodeList(op, nl)
	if err != nil {
		return nil, nil, err
	}
	rl, err := value[[]any](op, rec, "rels")
	if err != nil {
		return nil, nil, err
	}
	rels := make([]graph.Relationship, 0, len(rl))
	for _, x := range rl {
		r, err := relTriple(x)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", op, err)
		}
		rels = append(rels, r)
	}
	return nodes, rels, nil
}

// subgraph returns the nodes ids, ordered by id, and every edge of types
// among them, in one query.
func (s *Store) subgraph(ctx context.Context, op string, ids []string, types []graph.RelType) (graph.Subgraph, error) {
	all, names := typeParams(types)
	recs, err := s.read(ctx, op, qSubgraph, map[string]any{"ids": ids, "all": all, "types": names})
	if err != nil {
		return graph.Subgraph{}, err
	}
	nodes, rels, err := subgraphRecord(op, recs)
	if err != nil {
		return graph.Subgraph{}, err
	}
	in := make(map[string]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	rels = slices.DeleteFunc(rels, func(r graph.Relationship) bool { return !in[r.To] })
	graph.SortNodes(nodes)
	graph.SortRelationships(rels)
	return graph.Subgraph{Nodes: nodes, Edges: rels}, nil
}

// Neighbourhood returns the nodes within q.Depth hops of q.ID and the edges
// of q.Types among them, in two queries. Without q.Instances it never steps
// onto an instance node other than q.ID. An unknown id is a
// *graph.NotFoundError, a node count over q.MaxNodes (when positive) a
// *graph.TooLargeError.
func (s *Store) Neighbourhood(ctx context.Context, q graph.NeighbourhoodQuery) (graph.Subgraph, error) {
	const op = "neighbourhood"
	err := graph.CheckNeighbourhood(q)
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	out, in, err := direction(q.Direction)
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	// Breadth first, one query per level for the edges of the frontier; the
	// first also checks that q.ID exists.
	all, names := typeParams(q.Types)
	params := map[string]any{"check": []string{q.ID}, "ids": []string{}, "all": all, "types": names, "out": out, "in": in}
	if q.Depth > 0 {
		params["ids"] = []string{q.ID}
	}
	t, err := s.topologyOf(ctx, op, qFrontier, params)
	if err != nil {
		return graph.Subgraph{}, err
	}
	if _, ok := t.found[q.ID]; !ok {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, graph.NotFound("node", q.ID))
	}
	var qerr error // a failed query, returned as it is
	level := func(ctx context.Context, frontier []string) (graph.Topology, error) {
		if t != nil {
			first := t
			t = nil
			return first, nil
		}
		params["check"], params["ids"] = []string{}, frontier
		next, err := s.topologyOf(ctx, op, qFrontier, params)
		if err != nil {
			qerr = err
			return nil, err
		}
		return next, nil
	}
	ids, err := graph.NeighbourhoodIDs(ctx, q, level)
	if qerr != nil {
		return graph.Subgraph{}, qerr
	}
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	return s.subgraph(ctx, op, ids, q.Types)
}

// Graph returns every service and the organisations q allows (active ones
// unless q.Inactive, no instances unless q.Instances, no GP practices unless
// q.Practices), with the edges of q.Types among them, in one query (two
// with a cap: the count first). A node count over q.MaxNodes (when
// positive) is a *graph.TooLargeError.
func (s *Store) Graph(ctx context.Context, q graph.GraphQuery) (graph.Subgraph, error) {
	const op = "graph"
	err := graph.CheckTypes(q.Types)
	if err == nil {
		err = graph.CheckMaxNodes(q.MaxNodes)
	}
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	all, names := typeParams(q.Types)
	params := map[string]any{"inactive": q.Inactive, "instances": q.Instances, "practices": q.Practices,
		"practiceClass": graph.GPPractices, "all": all, "types": names}
	if q.MaxNodes > 0 {
		recs, err := s.read(ctx, op, qGraphCount, params)
		if err != nil {
			return graph.Subgraph{}, err
		}
		rec, err := one(op, recs)
		if err != nil {
			return graph.Subgraph{}, err
		}
		total, err := value[int64](op, rec, "total")
		if err != nil {
			return graph.Subgraph{}, err
		}
		if int(total) > q.MaxNodes {
			return graph.Subgraph{}, fmt.Errorf("%s: %w", op, &graph.TooLargeError{What: "nodes", Count: int(total), Limit: q.MaxNodes})
		}
	}
	recs, err := s.read(ctx, op, qGraph, params)
	if err != nil {
		return graph.Subgraph{}, err
	}
	nodes, rels, err := subgraphRecord(op, recs)
	if err != nil {
		return graph.Subgraph{}, err
	}
	graph.SortNodes(nodes)
	graph.SortRelationships(rels)
	return graph.Subgraph{Nodes: nodes, Edges: rels}, nil
}

// ShortestPath returns a shortest path from q.From to q.To over edges of
// q.Types, walked either way unless q.Directed, of at most q.MaxHops hops;
// among equally short paths, the one whose sequence of edge ids is least.
// The walk is graph.ShortestPathHops, as in the memory store.
func (s *Store) ShortestPath(ctx context.Context, q graph.PathQuery) (graph.Path, error) {
	const op = "path"
	err := graph.CheckHops(q.MaxHops)
	if err == nil {
		err = graph.CheckTypes(q.Types)
	}
	if err != nil {
		return graph.Path{}, fmt.Errorf("%s: %w", op, err)
	}
	ends, checksum, err := s.ends(ctx, op, []string{q.From, q.To})
	if err != nil {
		return graph.Path{}, err
	}
	for _, id := range []string{q.From, q.To} {
		if _, ok := ends.found[id]; !ok {
			return graph.Path{}, fmt.Errorf("%s: %w", op, graph.NotFound("node", id))
		}
	}
	t, err := s.allShapes(ctx, op, checksum)
	if err != nil {
		return graph.Path{}, err
	}
	hops, err := graph.ShortestPathHops(ctx, t, q)
	if err != nil {
		return graph.Path{}, fmt.Errorf("%s: %w", op, err)
	}
	ids := []string{q.From}
	es := make([]graph.EdgeRef, 0, len(hops))
	for _, h := range hops {
		ids = append(ids, h.To)
		es = append(es, h.Edge)
	}
	f, err := s.fetch(ctx, op, ids, es)
	if err != nil {
		return graph.Path{}, err
	}
	p := graph.Path{Start: f.nodes[q.From]}
	for _, h := range hops {
		p.Steps = append(p.Steps, graph.Step{Edge: f.rels[h.Edge.ID], Node: f.nodes[h.To]})
	}
	return p, nil
}

// AccountabilityChain returns the bodies from the organisation from up to
// graph.Parliament, as graph.AccountabilityChainIDs chooses them (the same
// walk as the memory store's). An unknown id is a *graph.NotFoundError.
func (s *Store) AccountabilityChain(ctx context.Context, from string) ([]graph.Organisation, error) {
	const op = "accountability chain"
	t, err := s.topologyOf(ctx, op, qChainTopology, map[string]any{"check": []string{from}, "id": from})
	if err != nil {
		return nil, err
	}
	if n, ok := t.found[from]; !ok || !n.org {
		return nil, fmt.Errorf("%s: %w", op, graph.NotFound("organisation", from))
	}
	ids, err := graph.AccountabilityChainIDs(ctx, t, from)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	f, err := s.fetch(ctx, op, ids, nil)
	if err != nil {
		return nil, err
	}
	os := make([]graph.Organisation, 0, len(ids))
	for _, id := range ids {
		n := f.nodes[id]
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
// MaxMoneyPaths of them. An unknown id is a *graph.NotFoundError.
func (s *Store) MoneyFlow(ctx context.Context, to string) ([]graph.Path, error) {
	const op = "money flow"
	t, err := s.topologyOf(ctx, op, qMoneyTopology, map[string]any{"check": []string{to}, "id": to})
	if err != nil {
		return nil, err
	}
	if n, ok := t.found[to]; !ok || !n.org {
		return nil, fmt.Errorf("%s: %w", op, graph.NotFound("organisation", to))
	}
	paths, err := graph.MoneyFlowEdges(ctx, t, to)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if len(paths) == 0 {
		return nil, nil
	}
	nodeSet := map[string]bool{}
	edgeSet := map[string]graph.EdgeRef{}
	for _, p := range paths {
		nodeSet[p[0].From] = true
		for _, e := range p {
			nodeSet[e.To] = true
			edgeSet[e.ID] = e
		}
	}
	ids := make([]string, 0, len(nodeSet))
	for id := range nodeSet {
		ids = append(ids, id)
	}
	es := make([]graph.EdgeRef, 0, len(edgeSet))
	for _, e := range edgeSet {
		es = append(es, e)
	}
	f, err := s.fetch(ctx, op, ids, es)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Path, len(paths))
	for i, p := range paths {
		out[i] = graph.Path{Start: f.nodes[p[0].From], Steps: make([]graph.Step, 0, len(p))}
		for _, e := range p {
			out[i].Steps = append(out[i].Steps, graph.Step{Edge: f.rels[e.ID], Node: f.nodes[e.To]})
		}
	}
	return out, nil
}
