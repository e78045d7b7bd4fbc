package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
)

// The walks behind Neighbourhood, ShortestPath, AccountabilityChain and
// MoneyFlow, written once over a Topology so that every store takes the same
// choices and breaks ties the same way. Stores validate parameters and check
// that the ends exist; the walks assume both.

// MaxMoneyPaths is the most paths MoneyFlow returns: the first ones in
// ComparePaths order.
const MaxMoneyPaths = 100

// MaxMoneySearch bounds how many paths MoneyFlowEdges enumerates before it
// gives up with a *TooLargeError.
const MaxMoneySearch = 10000

// EdgeRef is what a walk needs to know of an edge.
type EdgeRef struct {
	ID       string
	Type     RelType
	From, To string
}

// Ref returns what a walk needs to know of r.
func (r *Relationship) Ref() EdgeRef { return EdgeRef{ID: r.ID, Type: r.Type, From: r.From, To: r.To} }

// Hop is one step of a walk: the edge taken and the node it reaches (the
// edge's From when it was walked against its direction).
type Hop struct {
	Edge EdgeRef
	To   string
}

// Topology is the part of the graph a walk may see. Stores adapt their
// indexes to it; a store that fetches the shape of the graph on demand may
// hold only the edges the walk can reach.
type Topology interface {
	// Out returns the edges leaving id and In those reaching it, in any
	// order: the walks impose their own.
	Out(id string) []EdgeRef
	In(id string) []EdgeRef
	// IsOrganisation reports whether id names an organisation.
	IsOrganisation(id string) bool
	// ClassOf returns the class id is an instance of, or "" when id is not
	// an instance.
	ClassOf(id string) string
}

// eachEdge calls fn for each edge of t at id in direction dir, with the node
// at its other end; with Both, a self-loop is seen once.
func eachEdge(t Topology, id string, dir Direction, fn func(e EdgeRef, other string)) {
	if dir != Incoming {
		for _, e := range t.Out(id) {
			fn(e, e.To)
		}
	}
	if dir != Outgoing {
		for _, e := range t.In(id) {
			if dir == Both && e.From == id {
				continue // a self-loop, already seen as outgoing
			}
			fn(e, e.From)
		}
	}
}

// TypeSet returns a membership test for types; nil or empty means every
// type.
func TypeSet(types []RelType) func(RelType) bool {
	if len(types) == 0 {
		return func(RelType) bool { return true }
	}
	return func(t RelType) bool { return slices.Contains(types, t) }
}

// CheckDirection validates d; "" means Both.
func CheckDirection(d Direction) (Direction, error) {
	if d == "" {
		return Both, nil
	}
	if !d.Valid() {
		return "", Invalid("direction", string(d), DirectionNames)
	}
	return d, nil
}

// CheckMaxNodes validates a node cap: 0 means none.
func CheckMaxNodes(n int) error {
	if n < 0 {
		return Invalid("maxNodes", strconv.Itoa(n), "0 (no limit) or a positive integer")
	}
	return nil
}

// CheckNeighbourhood validates q's direction, depth, types and node cap, and
// reports the first that is wrong.
func CheckNeighbourhood(q NeighbourhoodQuery) error {
	_, err := CheckDirection(q.Direction)
	if err == nil {
		err = CheckDepth(q.Depth)
	}
	if err == nil {
		err = CheckTypes(q.Types)
	}
	if err == nil {
		err = CheckMaxNodes(q.MaxNodes)
	}
	return err
}

// NeighbourhoodIDs returns, ordered by id, the nodes within q.Depth hops of
// q.ID following edges of q.Types in q.Direction ("" means Both), never
// stepping onto an instance other than q.ID unless q.Instances. level gives
// the topology for one level of the breadth-first walk, at least the edges
// at the nodes of frontier; its errors are returned as they are. A node
// count over q.MaxNodes (when positive) is a *TooLargeError; the walk stops
// at the first level that passes it (the count is then at least that), so a
// refused neighbourhood of thousands of GP practices costs no more than the
// levels up to the cap.
func NeighbourhoodIDs(ctx context.Context, q NeighbourhoodQuery, level func(ctx context.Context, frontier []string) (Topology, error)) ([]string, error) {
	dir := q.Direction
	if dir == "" {
		dir = Both
	}
	want := TypeSet(q.Types)
	set := map[string]bool{q.ID: true}
	frontier := []string{q.ID}
	for d := 0; d < q.Depth && len(frontier) > 0; d++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t, err := level(ctx, frontier)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, id := range frontier {
			eachEdge(t, id, dir, func(e EdgeRef, other string) {
				if !want(e.Type) || set[other] || (!q.Instances && t.ClassOf(other) != "") {
					return
				}
				set[other] = true
				next = append(next, other)
			})
		}
		frontier = next
		if q.MaxNodes > 0 && len(set) > q.MaxNodes && d+1 < q.Depth && len(frontier) > 0 {
			return nil, &TooLargeError{What: "nodes", Count: len(set), Limit: q.MaxNodes, AtLeast: true}
		}
	}
	if q.MaxNodes > 0 && len(set) > q.MaxNodes {
		return nil, &TooLargeError{What: "nodes", Count: len(set), Limit: q.MaxNodes}
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// ShortestPathHops returns the hops of a shortest path from q.From to q.To
// over edges of q.Types, walked either way unless q.Directed, of at most
// q.MaxHops hops; among equally short paths, the one whose sequence of edge
// ids is least. From a node to itself it is no hops. No path within
// q.MaxHops is an error wrapping ErrNotFound (not a *NotFoundError: both
// ends exist). It is ShortestPathHopsByLevel over a topology known whole.
func ShortestPathHops(ctx context.Context, t Topology, q PathQuery) ([]Hop, error) {
	return ShortestPathHopsByLevel(ctx, q, func(context.Context, bool, []string) (Topology, error) { return t, nil })
}

// ShortestPathHopsByLevel is ShortestPathHops over a topology fetched a
// level at a time from both ends: expand returns at least the edges of
// q.Types at the nodes of frontier, in the direction that leads away from
// q.From (fromSide: outgoing when q.Directed, else both) or towards q.To
// (incoming when q.Directed, else both), together with everything it
// returned before; its errors are returned as they are.
//
// It searches breadth first from both ends, a level of the smaller
// frontier at a time, until they meet: the nodes reached from both sides
// give the length L of a shortest path, and the nodes on some shortest path
// are those at distance d from q.From whose distance to q.To is L-d (known
// for the nodes the search from q.To reached, and worked out backwards for
// the others). It then walks from q.From taking at each node the least edge
// id to a node on a shortest path one hop closer. The edges that walk needs
// were all fetched: each joins a node to one whose edges a side expanded.
// So it reads the parts of the graph within about L/2 hops of each end,
// not everything within L hops of one.
func ShortestPathHopsByLevel(ctx context.Context, q PathQuery, expand func(ctx context.Context, fromSide bool, frontier []string) (Topology, error)) ([]Hop, error) {
	if q.From == q.To {
		return nil, nil
	}
	want := TypeSet(q.Types)
	forward, backward := Both, Both
	if q.Directed {
		forward, backward = Outgoing, Incoming
	}
	type side struct {
		dist     map[string]int
		frontier []string
		radius   int       // levels expanded
		dir      Direction // how this side's search follows edges
	}
	from := &side{dist: map[string]int{q.From: 0}, frontier: []string{q.From}, dir: forward}
	to := &side{dist: map[string]int{q.To: 0}, frontier: []string{q.To}, dir: backward}
	var t Topology
	length := -1
	for length < 0 {
		if from.radius+to.radius >= q.MaxHops || len(from.frontier) == 0 || len(to.frontier) == 0 {
			return nil, fmt.Errorf("no path from %q to %q within %d hops: %w", q.From, q.To, q.MaxHops, ErrNotFound)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cur, other := from, to
		if len(to.frontier) < len(from.frontier) {
			cur, other = to, from
		}
		var err error
		if t, err = expand(ctx, cur == from, cur.frontier); err != nil {
			return nil, err
		}
		cur.radius++
		var next []string
		for _, id := range cur.frontier {
			eachEdge(t, id, cur.dir, func(e EdgeRef, n string) {
				if _, seen := cur.dist[n]; want(e.Type) && !seen {
					cur.dist[n] = cur.radius
					next = append(next, n)
					if d, ok := other.dist[n]; ok && (length < 0 || cur.radius+d < length) {
						length = cur.radius + d
					}
				}
			})
		}
		cur.frontier = next
	}
	// toTo is the distance to q.To of every node on a shortest path that the
	// search from q.From reached and that from q.To did not, worked out
	// from the farthest level back.
	toTo := map[string]int{}
	levels := make([][]string, from.radius+1)
	for id, d := range from.dist {
		levels[d] = append(levels[d], id)
	}
	onPath := func(id string, dist int) bool {
		if d, ok := to.dist[id]; ok {
			return d == dist
		}
		d, ok := toTo[id]
		return ok && d == dist
	}
	for d := from.radius - 1; d >= 0; d-- {
		for _, id := range levels[d] {
			if _, ok := to.dist[id]; ok {
				continue
			}
			eachEdge(t, id, forward, func(e EdgeRef, n string) {
				if want(e.Type) && from.dist[n] == d+1 && onPath(n, length-d-1) {
					toTo[id] = length - d
				}
			})
		}
	}
	var hops []Hop
	for cur, left := q.From, length; cur != q.To; left-- {
		var best Hop
		found := false
		eachEdge(t, cur, forward, func(e EdgeRef, n string) {
			if want(e.Type) && onPath(n, left-1) && (!found || e.ID < best.Edge.ID) {
				best, found = Hop{Edge: e, To: n}, true
			}
		})
		if !found { // cannot happen: the search found a path through cur
			return nil, fmt.Errorf("shortest path from %q to %q lost at %q", q.From, q.To, cur)
		}
		hops = append(hops, best)
		cur = best.To
	}
	return hops, nil
}

// AccountabilityChainIDs returns the bodies from the organisation from up to
// Parliament. At each body it follows its ACCOUNTABLE_TO edges to
// organisations or, where it has none, its PART_OF edges, or else its
// INSTANCE_OF edges; among them it takes the one whose own chain reaches
// Parliament and is longest (the fullest account), ties to the least id,
// never revisiting a body. If no choice reaches Parliament it takes the
// longest chain there is.
func AccountabilityChainIDs(ctx context.Context, t Topology, from string) ([]string, error) {
	ids, _, err := chain(ctx, t, from, map[string]bool{})
	return ids, err
}

// chain returns the best chain from id avoiding the bodies on the path so
// far, and whether it reaches Parliament.
func chain(ctx context.Context, t Topology, id string, onPath map[string]bool) ([]string, bool, error) {
	if id == Parliament {
		return []string{id}, true, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	onPath[id] = true
	defer delete(onPath, id)
	var best []string
	bestReaches := false
	for _, next := range superiors(t, id) {
		if onPath[next] {
			continue
		}
		c, reaches, err := chain(ctx, t, next, onPath)
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
func superiors(t Topology, id string) []string {
	out := t.Out(id)
	for _, typ := range []RelType{AccountableTo, PartOf, InstanceOf} {
		var ids []string
		for _, e := range out {
			if e.Type == typ && t.IsOrganisation(e.To) {
				ids = append(ids, e.To)
			}
		}
		if len(ids) > 0 {
			slices.Sort(ids)
			return slices.Compact(ids)
		}
	}
	return nil
}

// MoneyFlowEdges returns every simple path of FUNDS edges that ends at to
// (or, when to is an instance no FUNDS edge reaches and its class is an
// organisation, at its class) and starts at a body no FUNDS edge reaches,
// each path's edges in the direction of the money, shortest first then by
// edge ids (ComparePaths order), at most MaxMoneyPaths of them. A body no
// FUNDS edge reaches has no paths. More than MaxMoneySearch paths is a
// *TooLargeError.
func MoneyFlowEdges(ctx context.Context, t Topology, to string) ([][]EdgeRef, error) {
	target := to
	if c := t.ClassOf(to); c != "" && len(funders(t, to)) == 0 && t.IsOrganisation(c) {
		target = c
	}
	var paths [][]EdgeRef
	var back []EdgeRef // the path so far, from target backwards
	onPath := map[string]bool{}
	var walk func(id string) error
	walk = func(id string) error {
		fs := funders(t, id)
		if len(fs) == 0 {
			if len(back) > 0 {
				if len(paths) == MaxMoneySearch {
					return &TooLargeError{What: "paths", Count: len(paths) + 1, Limit: MaxMoneySearch}
				}
				p := slices.Clone(back)
				slices.Reverse(p)
				paths = append(paths, p)
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		onPath[id] = true
		defer delete(onPath, id)
		for _, e := range fs {
			if onPath[e.From] {
				continue
			}
			back = append(back, e)
			err := walk(e.From)
			back = back[:len(back)-1]
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(target); err != nil {
		return nil, err
	}
	slices.SortFunc(paths, compareEdgePaths)
	if len(paths) > MaxMoneyPaths {
		paths = paths[:MaxMoneyPaths]
	}
	return paths, nil
}

// funders returns the FUNDS edges into id.
func funders(t Topology, id string) []EdgeRef {
	var es []EdgeRef
	for _, e := range t.In(id) {
		if e.Type == Funds {
			es = append(es, e)
		}
	}
	return es
}

// compareEdgePaths is ComparePaths for paths given as their edges.
func compareEdgePaths(a, b []EdgeRef) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	for i := range a {
		if c := cmp.Compare(a[i].ID, b[i].ID); c != 0 {
			return c
		}
	}
	return 0
}
