package graph_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"caremap/graph"
)

// fakeTopology is a graph.Topology over a list of edges. orgs maps every
// organisation to its class ("" for a class); any other id is a service.
type fakeTopology struct {
	edges []graph.EdgeRef
	orgs  map[string]string
}

func (f fakeTopology) Out(id string) []graph.EdgeRef {
	return f.where(func(e graph.EdgeRef) bool { return e.From == id })
}

func (f fakeTopology) In(id string) []graph.EdgeRef {
	return f.where(func(e graph.EdgeRef) bool { return e.To == id })
}

func (f fakeTopology) where(keep func(graph.EdgeRef) bool) []graph.EdgeRef {
	var es []graph.EdgeRef
	for _, e := range f.edges {
		if keep(e) {
			es = append(es, e)
		}
	}
	return es
}

func (f fakeTopology) IsOrganisation(id string) bool { _, ok := f.orgs[id]; return ok }
func (f fakeTopology) ClassOf(id string) string      { return f.orgs[id] }

// edge parses "id:TYPE:from>to".
func edge(s string) graph.EdgeRef {
	id, rest, _ := strings.Cut(s, ":")
	typ, ends, _ := strings.Cut(rest, ":")
	from, to, _ := strings.Cut(ends, ">")
	return graph.EdgeRef{ID: id, Type: graph.RelType(typ), From: from, To: to}
}

func topo(orgs map[string]string, edges ...string) fakeTopology {
	t := fakeTopology{orgs: orgs}
	for _, s := range edges {
		t.edges = append(t.edges, edge(s))
	}
	return t
}

// orgsOf makes classes of ids.
func orgsOf(ids ...string) map[string]string {
	m := make(map[string]string, len(ids))
	for _, id := range ids {
		m[id] = ""
	}
	return m
}

func hopIDs(hs []graph.Hop) string {
	var b []string
	for _, h := range hs {
		b = append(b, h.Edge.ID+">"+h.To)
	}
	return strings.Join(b, " ")
}

func TestShortestPathHops(t *testing.T) {
	// a-b-d and a-c-d are equally short; e2 < e3 so a-c-d wins, though b < c.
	// d-a is a long way round only when walked against its direction.
	tp := topo(orgsOf("a", "b", "c", "d", "e"),
		"e5:FUNDS:a>b", "e9:FUNDS:b>d",
		"e3:FUNDS:a>c", "e4:FUNDS:c>d",
		"e1:PART_OF:d>a",
		"e0:FUNDS:a>a",
		"e7:FUNDS:e>d",
	)
	tests := []struct {
		name string
		q    graph.PathQuery
		want string // hops, or "!" for no path
	}{
		{"least edge ids among equals", graph.PathQuery{From: "a", To: "d", Types: []graph.RelType{graph.Funds}, Directed: true, MaxHops: 8}, "e3>c e4>d"},
		{"either way by default", graph.PathQuery{From: "a", To: "d", MaxHops: 8}, "e1>d"},
		{"backwards", graph.PathQuery{From: "d", To: "a", Types: []graph.RelType{graph.Funds}, MaxHops: 8}, "e4>c e3>a"},
		{"directed refuses backwards", graph.PathQuery{From: "d", To: "a", Types: []graph.RelType{graph.Funds}, Directed: true, MaxHops: 8}, "!"},
		{"types narrow", graph.PathQuery{From: "a", To: "e", Types: []graph.RelType{graph.PartOf}, MaxHops: 8}, "!"},
		{"within hops", graph.PathQuery{From: "a", To: "e", Types: []graph.RelType{graph.Funds}, MaxHops: 2}, "!"},
		{"three hops", graph.PathQuery{From: "a", To: "e", Types: []graph.RelType{graph.Funds}, MaxHops: 3}, "e3>c e4>d e7>e"},
		{"to itself", graph.PathQuery{From: "a", To: "a", MaxHops: 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, err := graph.ShortestPathHops(context.Background(), tp, tt.q)
			if tt.want == "!" {
				var nf *graph.NotFoundError
				if !errors.Is(err, graph.ErrNotFound) || errors.As(err, &nf) {
					t.Fatalf("ShortestPathHops(%+v) = %q, %v; want an ErrNotFound that is not a *NotFoundError", tt.q, hopIDs(hs), err)
				}
				return
			}
			if err != nil || hopIDs(hs) != tt.want {
				t.Fatalf("ShortestPathHops(%+v) = %q, %v; want %q", tt.q, hopIDs(hs), err, tt.want)
			}
		})
	}
}

func TestAccountabilityChainIDs(t *testing.T) {
	p := graph.Parliament
	tests := []struct {
		name string
		tp   fakeTopology
		from string
		want string
	}{
		{"accountable before part of",
			topo(orgsOf("x", "y", "z", p), "1:ACCOUNTABLE_TO:x>y", "2:PART_OF:x>z", "3:ACCOUNTABLE_TO:y>"+p, "4:ACCOUNTABLE_TO:z>"+p),
			"x", "x y " + p},
		{"part of before instance of",
			topo(map[string]string{"i": "c", "c": "", "w": "", p: ""}, "1:INSTANCE_OF:i>c", "2:PART_OF:i>w", "3:ACCOUNTABLE_TO:w>"+p, "4:ACCOUNTABLE_TO:c>"+p),
			"i", "i w " + p},
		{"instance of last",
			topo(map[string]string{"i": "c", "c": "", p: ""}, "1:INSTANCE_OF:i>c", "4:ACCOUNTABLE_TO:c>"+p),
			"i", "i c " + p},
		{"longest chain reaching Parliament",
			topo(orgsOf("x", "a", "b", "m", p), "1:ACCOUNTABLE_TO:x>a", "2:ACCOUNTABLE_TO:x>b", "3:ACCOUNTABLE_TO:a>"+p, "4:ACCOUNTABLE_TO:b>m", "5:ACCOUNTABLE_TO:m>"+p),
			"x", "x b m " + p},
		{"reaching beats longer",
			topo(orgsOf("x", "a", "b", "m", "n", p), "1:ACCOUNTABLE_TO:x>a", "2:ACCOUNTABLE_TO:x>b", "3:ACCOUNTABLE_TO:a>"+p, "4:ACCOUNTABLE_TO:b>m", "5:ACCOUNTABLE_TO:m>n"),
			"x", "x a " + p},
		{"ties to the least id",
			topo(orgsOf("x", "b", "a", p), "1:ACCOUNTABLE_TO:x>b", "2:ACCOUNTABLE_TO:x>a", "3:ACCOUNTABLE_TO:a>"+p, "4:ACCOUNTABLE_TO:b>"+p),
			"x", "x a " + p},
		{"a cycle is not revisited",
			topo(orgsOf("x", "y", "z"), "1:ACCOUNTABLE_TO:x>y", "2:ACCOUNTABLE_TO:y>z", "3:ACCOUNTABLE_TO:z>x"),
			"x", "x y z"},
		{"only organisations are superiors",
			topo(orgsOf("x", p), "1:ACCOUNTABLE_TO:x>svc", "2:PART_OF:x>"+p),
			"x", "x " + p},
		{"parliament itself",
			topo(orgsOf(p)), p, p},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, err := graph.AccountabilityChainIDs(context.Background(), tt.tp, tt.from)
			if got := strings.Join(ids, " "); err != nil || got != tt.want {
				t.Fatalf("AccountabilityChainIDs(%q) = %q, %v; want %q", tt.from, got, err, tt.want)
			}
		})
	}
}

func pathIDs(ps [][]graph.EdgeRef) string {
	var b []string
	for _, p := range ps {
		s := p[0].From
		for _, e := range p {
			s += " " + e.ID + ">" + e.To
		}
		b = append(b, s)
	}
	return strings.Join(b, " | ")
}

func TestMoneyFlowEdges(t *testing.T) {
	tests := []struct {
		name string
		tp   fakeTopology
		to   string
		want string
	}{
		{"shortest first, then edge ids",
			topo(orgsOf("hmt", "dh", "nhse", "ccg", "la"),
				"f1:FUNDS:hmt>dh", "f2:FUNDS:dh>nhse", "f3:FUNDS:nhse>ccg", "f0:FUNDS:la>ccg", "f9:FUNDS:dh>ccg", "p1:PART_OF:ccg>nhse"),
			"ccg", "la f0>ccg | hmt f1>dh f9>ccg | hmt f1>dh f2>nhse f3>ccg"},
		{"a cycle is walked once",
			topo(orgsOf("src", "a", "b"), "f1:FUNDS:src>a", "f2:FUNDS:a>b", "f3:FUNDS:b>a"),
			"b", "src f1>a f2>b"},
		{"a body nothing funds has no paths",
			topo(orgsOf("a", "b"), "f1:FUNDS:a>b"),
			"a", ""},
		{"an instance nothing funds takes its class",
			topo(map[string]string{"i": "c", "c": "", "dh": ""}, "f1:FUNDS:dh>c", "i1:INSTANCE_OF:i>c"),
			"i", "dh f1>c"},
		{"an instance something funds keeps itself",
			topo(map[string]string{"i": "c", "c": "", "dh": "", "la": ""}, "f1:FUNDS:dh>c", "f2:FUNDS:la>i"),
			"i", "la f2>i"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := graph.MoneyFlowEdges(context.Background(), tt.tp, tt.to)
			if got := pathIDs(ps); err != nil || got != tt.want {
				t.Fatalf("MoneyFlowEdges(%q) = %q, %v; want %q", tt.to, got, err, tt.want)
			}
		})
	}
}

func TestMoneyFlowEdgesCaps(t *testing.T) {
	// 150 funders of t: the first MaxMoneyPaths by edge id.
	tp := fakeTopology{orgs: orgsOf("t")}
	for i := range 150 {
		tp.edges = append(tp.edges, graph.EdgeRef{ID: fmt.Sprintf("f%03d", 149-i), Type: graph.Funds, From: fmt.Sprintf("s%03d", i), To: "t"})
		tp.orgs[fmt.Sprintf("s%03d", i)] = ""
	}
	ps, err := graph.MoneyFlowEdges(context.Background(), tp, "t")
	if err != nil || len(ps) != graph.MaxMoneyPaths || ps[0][0].ID != "f000" || ps[len(ps)-1][0].ID != "f099" {
		t.Fatalf("MoneyFlowEdges = %d paths (%v), %v; want f000..f099", len(ps), ps[:min(len(ps), 2)], err)
	}

	// Three layers of 22 bodies, each funding every body of the next: 22³
	// = 10,648 paths, over MaxMoneySearch.
	tp = fakeTopology{orgs: orgsOf("t")}
	layer := func(l int) []string {
		var ids []string
		for i := range 22 {
			ids = append(ids, fmt.Sprintf("l%d-%02d", l, i))
		}
		return ids
	}
	next := []string{"t"}
	for l := range 3 {
		ids := layer(l)
		for _, from := range ids {
			tp.orgs[from] = ""
			for _, to := range next {
				tp.edges = append(tp.edges, graph.EdgeRef{ID: from + ">" + to, Type: graph.Funds, From: from, To: to})
			}
		}
		next = ids
	}
	_, err = graph.MoneyFlowEdges(context.Background(), tp, "t")
	var tl *graph.TooLargeError
	if !errors.As(err, &tl) || tl.Limit != graph.MaxMoneySearch || tl.What != "paths" {
		t.Fatalf("MoneyFlowEdges over the search cap: %v; want a *TooLargeError for paths over %d", err, graph.MaxMoneySearch)
	}
}

func TestNeighbourhoodIDs(t *testing.T) {
	tp := topo(map[string]string{"a": "", "b": "", "c": "", "i": "a", "d": ""},
		"1:FUNDS:a>b", "2:FUNDS:b>c", "3:PART_OF:d>a", "4:INSTANCE_OF:i>a", "5:FUNDS:a>a", "6:FUNDS:c>a")
	tests := []struct {
		name string
		q    graph.NeighbourhoodQuery
		want string // ids, or "!" for too large
	}{
		{"depth 0", graph.NeighbourhoodQuery{ID: "a"}, "a"},
		{"depth 1 both ways", graph.NeighbourhoodQuery{ID: "a", Depth: 1}, "a b c d"},
		{"instances only when asked", graph.NeighbourhoodQuery{ID: "a", Depth: 1, Instances: true}, "a b c d i"},
		{"an instance itself", graph.NeighbourhoodQuery{ID: "i", Depth: 1}, "a i"},
		{"outgoing", graph.NeighbourhoodQuery{ID: "a", Depth: 1, Direction: graph.Outgoing}, "a b"},
		{"outgoing twice", graph.NeighbourhoodQuery{ID: "a", Depth: 2, Direction: graph.Outgoing}, "a b c"},
		{"incoming", graph.NeighbourhoodQuery{ID: "a", Depth: 1, Direction: graph.Incoming}, "a c d"},
		{"types", graph.NeighbourhoodQuery{ID: "a", Depth: 4, Types: []graph.RelType{graph.PartOf}}, "a d"},
		{"at the cap", graph.NeighbourhoodQuery{ID: "a", Depth: 1, MaxNodes: 4}, "a b c d"},
		{"over the cap", graph.NeighbourhoodQuery{ID: "a", Depth: 1, MaxNodes: 3}, "!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var levels [][]string
			level := func(_ context.Context, frontier []string) (graph.Topology, error) {
				levels = append(levels, slices.Clone(frontier))
				return tp, nil
			}
			ids, err := graph.NeighbourhoodIDs(context.Background(), tt.q, level)
			if tt.want == "!" {
				var tl *graph.TooLargeError
				if !errors.As(err, &tl) || tl.Count != 4 || tl.Limit != tt.q.MaxNodes {
					t.Fatalf("NeighbourhoodIDs(%+v) = %v, %v; want a *TooLargeError counting 4", tt.q, ids, err)
				}
				return
			}
			if got := strings.Join(ids, " "); err != nil || got != tt.want {
				t.Fatalf("NeighbourhoodIDs(%+v) = %q, %v; want %q", tt.q, got, err, tt.want)
			}
			if len(levels) > tt.q.Depth || (tt.q.Depth > 0 && !slices.Equal(levels[0], []string{tt.q.ID})) {
				t.Errorf("levels asked %v; want at most %d, the first [%s]", levels, tt.q.Depth, tt.q.ID)
			}
		})
	}
}

// TestNeighbourhoodIDsStopsPastTheCap: a walk past the cap at one level
// asks for no further level and says the count is a lower bound.
func TestNeighbourhoodIDsStopsPastTheCap(t *testing.T) {
	tp := topo(map[string]string{"a": "", "b": "", "c": "", "d": "", "e": ""},
		"1:FUNDS:a>b", "2:FUNDS:a>c", "3:FUNDS:a>d", "4:FUNDS:d>e")
	levels := 0
	level := func(context.Context, []string) (graph.Topology, error) { levels++; return tp, nil }
	_, err := graph.NeighbourhoodIDs(context.Background(), graph.NeighbourhoodQuery{ID: "a", Depth: 3, MaxNodes: 2}, level)
	var tl *graph.TooLargeError
	if !errors.As(err, &tl) || tl.Count != 4 || !tl.AtLeast || levels != 1 || !strings.Contains(err.Error(), "at least 4 nodes") {
		t.Fatalf("err %v after %d levels; want a *TooLargeError of at least 4 nodes after 1 level", err, levels)
	}
	// On the last level the count is exact.
	_, err = graph.NeighbourhoodIDs(context.Background(), graph.NeighbourhoodQuery{ID: "a", Depth: 2, MaxNodes: 4}, level)
	if !errors.As(err, &tl) || tl.Count != 5 || tl.AtLeast {
		t.Fatalf("err %v; want an exact *TooLargeError of 5 nodes", err)
	}
}

func TestNeighbourhoodIDsLevelError(t *testing.T) {
	boom := errors.New("boom")
	_, err := graph.NeighbourhoodIDs(context.Background(), graph.NeighbourhoodQuery{ID: "a", Depth: 2},
		func(context.Context, []string) (graph.Topology, error) { return nil, boom })
	if err != boom {
		t.Fatalf("err = %v; want the level's error as it is", err)
	}
}

func TestWalksStopWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tp := topo(orgsOf("a", "b", graph.Parliament), "1:FUNDS:a>b", "2:ACCOUNTABLE_TO:a>b")
	level := func(context.Context, []string) (graph.Topology, error) { return tp, nil }
	checks := map[string]error{}
	_, checks["path"] = graph.ShortestPathHops(ctx, tp, graph.PathQuery{From: "a", To: "b", MaxHops: 2})
	_, checks["chain"] = graph.AccountabilityChainIDs(ctx, tp, "a")
	_, checks["money"] = graph.MoneyFlowEdges(ctx, tp, "b")
	_, checks["neighbourhood"] = graph.NeighbourhoodIDs(ctx, graph.NeighbourhoodQuery{ID: "a", Depth: 1}, level)
	for name, err := range checks {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v; want context.Canceled", name, err)
		}
	}
}

func TestCheckNeighbourhood(t *testing.T) {
	tests := []struct {
		q     graph.NeighbourhoodQuery
		param string // "" for valid
	}{
		{graph.NeighbourhoodQuery{ID: "a", Depth: graph.MaxDepth, MaxNodes: 10}, ""},
		{graph.NeighbourhoodQuery{ID: "a", Direction: "SIDEWAYS"}, "direction"},
		{graph.NeighbourhoodQuery{ID: "a", Direction: "SIDEWAYS", Depth: -1}, "direction"},
		{graph.NeighbourhoodQuery{ID: "a", Depth: graph.MaxDepth + 1}, "depth"},
		{graph.NeighbourhoodQuery{ID: "a", Types: []graph.RelType{"NOPE"}}, "types"},
		{graph.NeighbourhoodQuery{ID: "a", MaxNodes: -1}, "maxNodes"},
	}
	for _, tt := range tests {
		err := graph.CheckNeighbourhood(tt.q)
		var inv *graph.InvalidError
		if tt.param == "" && err != nil || tt.param != "" && (!errors.As(err, &inv) || inv.Param != tt.param) {
			t.Errorf("CheckNeighbourhood(%+v) = %v; want invalid %q", tt.q, err, tt.param)
		}
	}
}

// refShortestPath is the plain algorithm ShortestPathHops must agree with:
// the distance of every node to q.To breadth first over the whole graph,
// then from q.From the least edge id one hop closer at each node.
func refShortestPath(t fakeTopology, q graph.PathQuery) (string, bool) {
	want := graph.TypeSet(q.Types)
	ok := func(e graph.EdgeRef, toward bool, id string) (string, bool) {
		// toward: e followed towards q.To from id's side.
		if !want(e.Type) {
			return "", false
		}
		switch {
		case e.From == id && (!q.Directed || !toward):
			return e.To, true
		case e.To == id && (!q.Directed || toward):
			return e.From, true
		}
		return "", false
	}
	dist := map[string]int{q.To: 0}
	frontier := []string{q.To}
	for d := 1; d <= q.MaxHops && len(frontier) > 0; d++ {
		var next []string
		for _, id := range frontier {
			for _, e := range t.edges {
				if n, yes := ok(e, true, id); yes {
					if _, seen := dist[n]; !seen {
						dist[n] = d
						next = append(next, n)
					}
				}
			}
		}
		frontier = next
	}
	if _, reached := dist[q.From]; !reached {
		return "", false
	}
	var hops []graph.Hop
	for cur := q.From; cur != q.To; {
		var best graph.Hop
		found := false
		for _, e := range t.edges {
			if n, yes := ok(e, false, cur); yes {
				if d, known := dist[n]; known && d == dist[cur]-1 && (!found || e.ID < best.Edge.ID) {
					best, found = graph.Hop{Edge: e, To: n}, true
				}
			}
		}
		hops = append(hops, best)
		cur = best.To
	}
	return hopIDs(hops), true
}

// TestShortestPathHopsAgreesWithReference compares the search from both
// ends, fed a level at a time, with the plain algorithm on random graphs,
// and checks that it only ever asks for the edges of the side it expands.
func TestShortestPathHopsAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2013))
	types := []graph.RelType{graph.Funds, graph.PartOf, graph.AccountableTo}
	for g := range 300 {
		nodes := 2 + rng.IntN(14)
		tp := fakeTopology{orgs: map[string]string{}}
		for i := range nodes {
			tp.orgs[fmt.Sprintf("n%02d", i)] = ""
		}
		for i := range rng.IntN(3 * nodes) {
			tp.edges = append(tp.edges, graph.EdgeRef{
				ID:   fmt.Sprintf("e%03d", rng.IntN(1000)*10+i%10),
				Type: types[rng.IntN(len(types))],
				From: fmt.Sprintf("n%02d", rng.IntN(nodes)), To: fmt.Sprintf("n%02d", rng.IntN(nodes)),
			})
		}
		for range 10 {
			q := graph.PathQuery{
				From: fmt.Sprintf("n%02d", rng.IntN(nodes)), To: fmt.Sprintf("n%02d", rng.IntN(nodes)),
				Directed: rng.IntN(2) == 0, MaxHops: 1 + rng.IntN(graph.MaxHops),
			}
			if rng.IntN(2) == 0 {
				q.Types = types[:1+rng.IntN(len(types))]
			}
			want, wantOK := refShortestPath(tp, q)
			if q.From == q.To {
				want, wantOK = "", true
			}
			// Feed the edges a level at a time: only those at the frontier,
			// in the direction of its side, added to what came before.
			known := fakeTopology{orgs: tp.orgs}
			seen := map[string]bool{}
			expand := func(_ context.Context, fromSide bool, frontier []string) (graph.Topology, error) {
				dir := graph.Both
				if q.Directed && fromSide {
					dir = graph.Outgoing
				} else if q.Directed {
					dir = graph.Incoming
				}
				for _, e := range tp.edges {
					at := slices.Contains(frontier, e.From) && dir != graph.Incoming ||
						slices.Contains(frontier, e.To) && dir != graph.Outgoing
					if at && !seen[e.ID+e.From+e.To] {
						seen[e.ID+e.From+e.To] = true
						known.edges = append(known.edges, e)
					}
				}
				return known, nil
			}
			hs, err := graph.ShortestPathHopsByLevel(context.Background(), q, expand)
			got, gotOK := hopIDs(hs), err == nil
			if err != nil && !errors.Is(err, graph.ErrNotFound) {
				t.Fatalf("graph %d, %+v: %v", g, q, err)
			}
			if got != want || gotOK != wantOK {
				t.Fatalf("graph %d %v, %+v:\n got  %q (found %v)\n want %q (found %v)", g, tp.edges, q, got, gotOK, want, wantOK)
			}
		}
	}
}

func TestTopHits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		limit := rng.IntN(8)
		var all []graph.SearchHit
		top := graph.NewTopHits(limit)
		for i := range rng.IntN(40) {
			h := graph.SearchHit{
				Node:  graph.Node{Service: &graph.Service{ID: fmt.Sprintf("s%02d", i), Name: fmt.Sprintf("n%d", rng.IntN(5))}},
				Score: float64(rng.IntN(4) * 20),
			}
			all = append(all, h)
			top.Add(h)
		}
		graph.SortSearchHits(all)
		want := all[:min(limit, len(all))]
		got := top.Hits()
		if len(got) != len(want) {
			t.Fatalf("limit %d of %d: kept %d", limit, len(all), len(got))
		}
		for i := range got {
			if got[i].Node.ID() != want[i].Node.ID() {
				t.Fatalf("limit %d: hit %d is %s, want %s", limit, i, got[i].Node.ID(), want[i].Node.ID())
			}
		}
	}
}
