package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"caremap/graph"
)

// The walks (neighbourhoods, paths, chains, money flows) fetch the shape of
// the edges they may follow (qTopology, qFrontier per level, qChainTopology,
// qMoneyTopology), walk it in Go with the same algorithm as the memory store,
// so that ties break identically, and then fetch the records of what they
// found in one more query.

// MaxMoneyPaths is the most paths MoneyFlow returns: the first ones in
// graph.ComparePaths order (as in the memory store).
const MaxMoneyPaths = 100

// maxMoneySearch bounds how many paths MoneyFlow enumerates before it gives
// up with a *graph.TooLargeError.
const maxMoneySearch = 10000

// edgeShape is an edge without its properties.
type edgeShape struct {
	id, from, to       string
	typ                graph.RelType
	fromClass, toClass string // the class of an instance end, else ""
	toOrg              bool
}

// nodeShape is what a walk needs to know of a node it starts from.
type nodeShape struct {
	class       string // InstanceOf, for instances
	org         bool
	classExists bool // the organisation named by class exists
}

// topology is the shape of the edges of some types, indexed both ways.
type topology struct {
	found   map[string]nodeShape
	edges   []edgeShape // in graph.SortRelationships order
	out, in map[string][]int
	class   map[string]string // node id -> class, for instance ends of edges
}

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
		out:   make(map[string][]int), in: make(map[string][]int), class: make(map[string]string),
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
	}
	t.edges = make([]edgeShape, 0, len(edges))
	for _, x := range edges {
		l, ok := x.([]any)
		if !ok || len(l) != 7 {
			return nil, fmt.Errorf("%s: unexpected edge shape %T", op, x)
		}
		var e edgeShape
		var typ string
		e.id, _ = l[0].(string)
		typ, _ = l[1].(string)
		e.typ = graph.RelType(typ)
		e.from, _ = l[2].(string)
		e.to, _ = l[3].(string)
		e.fromClass, _ = l[4].(string)
		e.toClass, _ = l[5].(string)
		e.toOrg, _ = l[6].(bool)
		t.edges = append(t.edges, e)
	}
	slices.SortFunc(t.edges, func(a, b edgeShape) int {
		return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to), cmp.Compare(a.id, b.id))
	})
	for i, e := range t.edges {
		t.out[e.from] = append(t.out[e.from], i)
		t.in[e.to] = append(t.in[e.to], i)
		t.class[e.from], t.class[e.to] = e.fromClass, e.toClass
	}
	return t, nil
}

// each calls fn for each edge of id in direction dir (a self-loop once), with
// the node at the other end.
func (t *topology) each(id string, dir graph.Direction, fn func(e *edgeShape, other string)) {
	if dir != graph.Incoming {
		for _, i := range t.out[id] {
			fn(&t.edges[i], t.edges[i].to)
		}
	}
	if dir != graph.Outgoing {
		for _, i := range t.in[id] {
			if dir == graph.Both && t.edges[i].from == id {
				continue
			}
			fn(&t.edges[i], t.edges[i].from)
		}
	}
}

// fetched holds full records by id.
type fetched struct {
	nodes map[string]graph.Node
	rels  map[string]graph.Relationship
}

// fetch returns the nodes nodeIDs and the edges es in one query.
func (s *Store) fetch(ctx context.Context, op string, nodeIDs []string, es []*edgeShape) (fetched, error) {
	relIDs := make([]string, 0, len(es))
	relFrom := make([]string, 0, len(es))
	for _, e := range es {
		relIDs = append(relIDs, e.id)
		relFrom = append(relFrom, e.from)
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
	graph.SortNodes(nodes)
	graph.SortRelationships(rels)
	return graph.Subgraph{Nodes: nodes, Edges: rels}, nil
}

func checkMaxNodes(n int) error {
	if n < 0 {
		return graph.Invalid("maxNodes", strconv.Itoa(n), "0 (no limit) or a positive integer")
	}
	return nil
}

// Neighbourhood returns the nodes within q.Depth hops of q.ID and the edges
// of q.Types among them, in two queries. Without q.Instances it never steps
// onto an instance node other than q.ID. An unknown id is a
// *graph.NotFoundError, a node count over q.MaxNodes (when positive) a
// *graph.TooLargeError.
func (s *Store) Neighbourhood(ctx context.Context, q graph.NeighbourhoodQuery) (graph.Subgraph, error) {
	const op = "neighbourhood"
	out, in, err := direction(q.Direction)
	if err == nil {
		err = graph.CheckDepth(q.Depth)
	}
	if err == nil {
		err = graph.CheckTypes(q.Types)
	}
	if err == nil {
		err = checkMaxNodes(q.MaxNodes)
	}
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	dir := graph.Both
	if !in {
		dir = graph.Outgoing
	} else if !out {
		dir = graph.Incoming
	}
	// Breadth first, one query per level for the edges of the frontier.
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
	set := map[string]bool{q.ID: true}
	frontier := []string{q.ID}
	for d := 0; d < q.Depth && len(frontier) > 0; d++ {
		if d > 0 {
			params["check"], params["ids"] = []string{}, frontier
			if t, err = s.topologyOf(ctx, op, qFrontier, params); err != nil {
				return graph.Subgraph{}, err
			}
		}
		var next []string
		for _, id := range frontier {
			t.each(id, dir, func(_ *edgeShape, other string) {
				if set[other] || (!q.Instances && t.class[other] != "") {
					return
				}
				set[other] = true
				next = append(next, other)
			})
		}
		frontier = next
	}
	if q.MaxNodes > 0 && len(set) > q.MaxNodes {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, &graph.TooLargeError{What: "nodes", Count: len(set), Limit: q.MaxNodes})
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return s.subgraph(ctx, op, ids, q.Types)
}

// Graph returns every service and the organisations q allows (active ones
// unless q.Inactive, no instances unless q.Instances), with the edges of
// q.Types among them, in two queries. A node count over q.MaxNodes (when
// positive) is a *graph.TooLargeError.
func (s *Store) Graph(ctx context.Context, q graph.GraphQuery) (graph.Subgraph, error) {
	const op = "graph"
	err := graph.CheckTypes(q.Types)
	if err == nil {
		err = checkMaxNodes(q.MaxNodes)
	}
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, err)
	}
	recs, err := s.read(ctx, op, qGraphIDs, map[string]any{"inactive": q.Inactive, "instances": q.Instances})
	if err != nil {
		return graph.Subgraph{}, err
	}
	rec, err := one(op, recs)
	if err != nil {
		return graph.Subgraph{}, err
	}
	l, err := value[[]any](op, rec, "ids")
	if err != nil {
		return graph.Subgraph{}, err
	}
	if q.MaxNodes > 0 && len(l) > q.MaxNodes {
		return graph.Subgraph{}, fmt.Errorf("%s: %w", op, &graph.TooLargeError{What: "nodes", Count: len(l), Limit: q.MaxNodes})
	}
	ids := make([]string, len(l))
	for i, x := range l {
		ids[i], _ = x.(string)
	}
	return s.subgraph(ctx, op, ids, q.Types)
}

// ShortestPath returns a shortest path from q.From to q.To over edges of
// q.Types, walked either way unless q.Directed, of at most q.MaxHops hops;
// among equally short paths, the one whose sequence of edge ids is least.
// Like the memory store it finds the distance of every node to q.To breadth
// first, then walks from q.From taking the least edge id one hop closer.
func (s *Store) ShortestPath(ctx context.Context, q graph.PathQuery) (graph.Path, error) {
	const op = "path"
	err := graph.CheckHops(q.MaxHops)
	if err == nil {
		err = graph.CheckTypes(q.Types)
	}
	if err != nil {
		return graph.Path{}, fmt.Errorf("%s: %w", op, err)
	}
	t, err := s.topology(ctx, op, []string{q.From, q.To}, q.Types)
	if err != nil {
		return graph.Path{}, err
	}
	for _, id := range []string{q.From, q.To} {
		if _, ok := t.found[id]; !ok {
			return graph.Path{}, fmt.Errorf("%s: %w", op, graph.NotFound("node", id))
		}
	}
	forward, backward := graph.Both, graph.Both
	if q.Directed {
		forward, backward = graph.Outgoing, graph.Incoming
	}
	dist := map[string]int{q.To: 0}
	frontier := []string{q.To}
	for d := 1; d <= q.MaxHops && len(frontier) > 0 && !has(dist, q.From); d++ {
		var next []string
		for _, id := range frontier {
			t.each(id, backward, func(_ *edgeShape, other string) {
				if !has(dist, other) {
					dist[other] = d
					next = append(next, other)
				}
			})
		}
		frontier = next
	}
	if !has(dist, q.From) {
		return graph.Path{}, fmt.Errorf("%s: no path from %q to %q within %d hops: %w", op, q.From, q.To, q.MaxHops, graph.ErrNotFound)
	}
	var steps []*edgeShape
	ids := []string{q.From}
	for cur := q.From; cur != q.To; {
		var best *edgeShape
		var bestTo string
		t.each(cur, forward, func(e *edgeShape, other string) {
			if d, ok := dist[other]; ok && d == dist[cur]-1 && (best == nil || e.id < best.id) {
				best, bestTo = e, other
			}
		})
		steps = append(steps, best)
		ids = append(ids, bestTo)
		cur = bestTo
	}
	f, err := s.fetch(ctx, op, ids, steps)
	if err != nil {
		return graph.Path{}, err
	}
	p := graph.Path{Start: f.nodes[q.From]}
	for i, e := range steps {
		p.Steps = append(p.Steps, graph.Step{Edge: f.rels[e.id], Node: f.nodes[ids[i+1]]})
	}
	return p, nil
}

func has(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// AccountabilityChain returns the bodies from the organisation from up to
// graph.Parliament, choosing as the memory store does: at each body its
// ACCOUNTABLE_TO edges, else its PART_OF edges, else its INSTANCE_OF edges;
// among them the one whose chain reaches Parliament and is longest, ties to
// the least id, never revisiting a body. An unknown id is a
// *graph.NotFoundError.
func (s *Store) AccountabilityChain(ctx context.Context, from string) ([]graph.Organisation, error) {
	const op = "accountability chain"
	t, err := s.topologyOf(ctx, op, qChainTopology, map[string]any{"check": []string{from}, "id": from})
	if err != nil {
		return nil, err
	}
	if n, ok := t.found[from]; !ok || !n.org {
		return nil, fmt.Errorf("%s: %w", op, graph.NotFound("organisation", from))
	}
	ids, _, err := t.chain(ctx, from, map[string]bool{})
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

func (t *topology) chain(ctx context.Context, id string, onPath map[string]bool) ([]string, bool, error) {
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
	for _, next := range t.superiors(id) {
		if onPath[next] {
			continue
		}
		c, reaches, err := t.chain(ctx, next, onPath)
		if err != nil {
			return nil, false, err
		}
		if (reaches && !bestReaches) || (reaches == bestReaches && len(c) > len(best)) {
			best, bestReaches = c, reaches
		}
	}
	return append([]string{id}, best...), bestReaches, nil
}

func (t *topology) superiors(id string) []string {
	for _, typ := range []graph.RelType{graph.AccountableTo, graph.PartOf, graph.InstanceOf} {
		var ids []string
		for _, i := range t.out[id] {
			if e := t.edges[i]; e.typ == typ && e.toOrg {
				ids = append(ids, e.to)
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
// MaxMoneyPaths of them. An unknown id is a *graph.NotFoundError.
func (s *Store) MoneyFlow(ctx context.Context, to string) ([]graph.Path, error) {
	const op = "money flow"
	t, err := s.topologyOf(ctx, op, qMoneyTopology, map[string]any{"check": []string{to}, "id": to})
	if err != nil {
		return nil, err
	}
	n, ok := t.found[to]
	if !ok || !n.org {
		return nil, fmt.Errorf("%s: %w", op, graph.NotFound("organisation", to))
	}
	target := to
	if n.class != "" && len(t.in[to]) == 0 && n.classExists {
		target = n.class
	}
	type found struct {
		start string
		edges []*edgeShape // from the start forwards
	}
	var paths []found
	var edges []*edgeShape // from target backwards
	onPath := map[string]bool{}
	var walk func(id string) error
	walk = func(id string) error {
		funders := t.in[id]
		if len(funders) == 0 {
			if len(edges) > 0 {
				if len(paths) == maxMoneySearch {
					return &graph.TooLargeError{What: "paths", Count: len(paths) + 1, Limit: maxMoneySearch}
				}
				fwd := slices.Clone(edges)
				slices.Reverse(fwd)
				paths = append(paths, found{start: id, edges: fwd})
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		onPath[id] = true
		defer delete(onPath, id)
		for _, i := range funders {
			e := &t.edges[i]
			if onPath[e.from] {
				continue
			}
			edges = append(edges, e)
			err := walk(e.from)
			edges = edges[:len(edges)-1]
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(target); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	slices.SortFunc(paths, func(a, b found) int {
		if c := cmp.Compare(len(a.edges), len(b.edges)); c != 0 {
			return c
		}
		for i := range a.edges {
			if c := cmp.Compare(a.edges[i].id, b.edges[i].id); c != 0 {
				return c
			}
		}
		return 0
	})
	if len(paths) > MaxMoneyPaths {
		paths = paths[:MaxMoneyPaths]
	}
	if len(paths) == 0 {
		return nil, nil
	}
	nodeSet := map[string]bool{}
	edgeSet := map[string]*edgeShape{}
	for _, p := range paths {
		nodeSet[p.start] = true
		for _, e := range p.edges {
			nodeSet[e.to] = true
			edgeSet[e.id] = e
		}
	}
	ids := make([]string, 0, len(nodeSet))
	for id := range nodeSet {
		ids = append(ids, id)
	}
	es := make([]*edgeShape, 0, len(edgeSet))
	for _, e := range edgeSet {
		es = append(es, e)
	}
	f, err := s.fetch(ctx, op, ids, es)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Path, len(paths))
	for i, p := range paths {
		out[i] = graph.Path{Start: f.nodes[p.start], Steps: make([]graph.Step, 0, len(p.edges))}
		for _, e := range p.edges {
			out[i].Steps = append(out[i].Steps, graph.Step{Edge: f.rels[e.id], Node: f.nodes[e.to]})
		}
	}
	return out, nil
}
