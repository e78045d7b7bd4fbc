package neo4j_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"caremap/graph"
	"caremap/graph/graphtest"
	"caremap/graph/memory"
	"caremap/graph/neo4j"
	"caremap/graph/neo4j/neo4jtest"
	"caremap/seed"
)

// dataset is the embedded dataset, loaded once per test binary.
var dataset = sync.OnceValues(seed.Load)

func mustDataset(tb testing.TB) graph.Dataset {
	tb.Helper()
	ds, err := dataset()
	if err != nil {
		tb.Fatalf("seed.Load: %v", err)
	}
	return ds
}

func mustMemory(tb testing.TB, ds graph.Dataset) *memory.Store {
	tb.Helper()
	m, err := memory.New(ds)
	if err != nil {
		tb.Fatalf("memory.New: %v", err)
	}
	return m
}

func TestConformance(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store { return neo4jtest.Open(t, mustDataset(t)) })
}

func TestSameAnswersAsMemory(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	graphtest.Compare(t, mustMemory(t, ds), s)
}

// TestRoundTrips proves the batch methods cost one query whatever the
// number of ids, so resolvers cost one round trip per level.
func TestRoundTrips(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	ctx := t.Context()
	var ids []string
	for _, o := range ds.Organisations[:graph.MaxIDs] {
		ids = append(ids, o.ID)
	}
	calls := []struct {
		name string
		call func() error
	}{
		{"Nodes", func() error { _, err := s.Nodes(ctx, ids); return err }},
		{"Relationships", func() error { _, err := s.Relationships(ctx, ids, nil, graph.Both); return err }},
		{"Relationships typed", func() error {
			_, err := s.Relationships(ctx, ids, []graph.RelType{graph.Commissions, graph.AccountableTo}, graph.Outgoing)
			return err
		}},
		{"Neighbours", func() error { _, _, err := s.Neighbours(ctx, ids, nil, graph.Incoming); return err }},
		{"Organisations", func() error {
			_, err := s.Organisations(ctx, graph.OrganisationFilter{PartOf: "area-team-q52"}, graph.Page{First: 100})
			return err
		}},
		{"WhoCommissions", func() error { _, err := s.WhoCommissions(ctx, "svc-specialised"); return err }},
		{"Stats", func() error { _, err := s.Stats(ctx); return err }},
	}
	for _, c := range calls {
		before := s.RoundTrips()
		if err := c.call(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if n := s.RoundTrips() - before; n != 1 {
			t.Errorf("%s with %d ids: %d round trips, want 1", c.name, len(ids), n)
		}
	}
	// Search ranks what the index finds from the few fields ranking needs,
	// then fetches the records of the hits it returns: two queries.
	before := s.RoundTrips()
	if _, err := s.Search(ctx, "nhs", graph.MaxSearch); err != nil {
		t.Fatal(err)
	}
	if n := s.RoundTrips() - before; n != 2 {
		t.Errorf("Search: %d round trips, want 2", n)
	}
	// A nested query, services -> commissionedBy -> accountableTo ->
	// fundedBy, costs one Neighbours call per level, whatever the width.
	before = s.RoundTrips()
	level := []string{"svc-specialised", "svc-community-health", "svc-primary-care"}
	for _, step := range []struct {
		types []graph.RelType
		dir   graph.Direction
	}{
		{[]graph.RelType{graph.Commissions}, graph.Incoming},
		{[]graph.RelType{graph.AccountableTo}, graph.Outgoing},
		{[]graph.RelType{graph.Funds}, graph.Incoming},
	} {
		_, ns, err := s.Neighbours(ctx, level, step.types, step.dir)
		if err != nil {
			t.Fatal(err)
		}
		level = level[:0]
		for _, n := range ns {
			level = append(level, n.ID())
		}
	}
	if n := s.RoundTrips() - before; n != 3 {
		t.Errorf("three levels: %d round trips, want 3", n)
	}
	// The same question as one tree: one round trip, root included.
	before = s.RoundTrips()
	x, err := s.Expand(ctx, []string{"svc-specialised", "svc-community-health", "svc-primary-medical"}, []graph.ExpandStep{
		{Parent: -1, Types: []graph.RelType{graph.Commissions}, Direction: graph.Incoming},
		{Parent: 0, Types: []graph.RelType{graph.AccountableTo}, Direction: graph.Outgoing},
		{Parent: 1, Types: []graph.RelType{graph.Funds}, Direction: graph.Incoming},
	})
	if err != nil || len(x.Roots) != 3 || len(x.Steps[2].Edges) == 0 {
		t.Fatalf("Expand: %d roots, %v", len(x.Roots), err)
	}
	if n := s.RoundTrips() - before; n != 1 {
		t.Errorf("Expand of three levels: %d round trips, want 1", n)
	}
}

func TestSearchEscapesLuceneSyntax(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	m := mustMemory(t, ds)
	for _, text := range []string{`nhs:england`, `"care quality`, `(cqc) OR *`, `monitor~2 AND ^x`, `a\b/c[d]{e}`, `nhs-england`, `NOT nice`, `well being`, `e06000001`} {
		got, err := s.Search(t.Context(), text, 10)
		want, werr := m.Search(t.Context(), text, 10)
		if (err == nil) != (werr == nil) {
			t.Fatalf("Search(%q): err %v, memory %v", text, err, werr)
		}
		if len(got) != len(want) {
			t.Fatalf("Search(%q): %d hits, memory %d", text, len(got), len(want))
		}
		for i := range got {
			if got[i].Node.ID() != want[i].Node.ID() || got[i].Score != want[i].Score {
				t.Errorf("Search(%q)[%d] = %s %.3f, memory %s %.3f", text, i, got[i].Node.ID(), got[i].Score, want[i].Node.ID(), want[i].Score)
			}
		}
	}
}

// TestEdgeCases holds odd arguments to the memory store's answers.
func TestEdgeCases(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	m := mustMemory(t, ds)
	ctx := t.Context()
	cases := []struct {
		name string
		call func(st graph.Store) (any, error)
	}{
		{"Neighbourhood empty id", func(st graph.Store) (any, error) {
			return st.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "", Depth: 1})
		}},
		{"Neighbourhood service", func(st graph.Store) (any, error) {
			return st.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "svc-specialised", Depth: 1, Direction: graph.Incoming})
		}},
		{"Neighbourhood depth 0", func(st graph.Store) (any, error) {
			return st.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england"})
		}},
		{"Neighbourhood bad direction", func(st graph.Store) (any, error) {
			return st.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england", Direction: "UP"})
		}},
		{"Neighbourhood bad type", func(st graph.Store) (any, error) {
			return st.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england", Types: []graph.RelType{"x) DETACH DELETE n //"}})
		}},
		{"ShortestPath empty", func(st graph.Store) (any, error) {
			return st.ShortestPath(ctx, graph.PathQuery{From: "", To: "nice", MaxHops: 3})
		}},
		{"ShortestPath same", func(st graph.Store) (any, error) {
			return st.ShortestPath(ctx, graph.PathQuery{From: "nice", To: "nice", MaxHops: 3})
		}},
		{"ShortestPath typed", func(st graph.Store) (any, error) {
			return st.ShortestPath(ctx, graph.PathQuery{From: "ccg-02n", To: "hm-treasury", MaxHops: 8, Types: []graph.RelType{graph.Funds}})
		}},
		{"ShortestPath hops 0", func(st graph.Store) (any, error) {
			return st.ShortestPath(ctx, graph.PathQuery{From: "ccg-02n", To: "nice"})
		}},
		{"AccountabilityChain service", func(st graph.Store) (any, error) { return st.AccountabilityChain(ctx, "svc-specialised") }},
		{"AccountabilityChain empty", func(st graph.Store) (any, error) { return st.AccountabilityChain(ctx, "") }},
		{"AccountabilityChain parliament", func(st graph.Store) (any, error) { return st.AccountabilityChain(ctx, graph.Parliament) }},
		{"AccountabilityChain board", func(st graph.Store) (any, error) { return st.AccountabilityChain(ctx, "hwb-e06000001") }},
		{"MoneyFlow top", func(st graph.Store) (any, error) { return st.MoneyFlow(ctx, "hm-treasury") }},
		{"MoneyFlow service", func(st graph.Store) (any, error) { return st.MoneyFlow(ctx, "svc-specialised") }},
		{"MoneyFlow trust", func(st graph.Store) (any, error) { return st.MoneyFlow(ctx, "trust-rcf") }},
		{"WhoCommissions organisation", func(st graph.Store) (any, error) { return st.WhoCommissions(ctx, "nhs-england") }},
		{"Relationships none", func(st graph.Store) (any, error) { return st.Relationships(ctx, nil, nil, "") }},
		{"Relationships bad direction", func(st graph.Store) (any, error) {
			return st.Relationships(ctx, []string{"nice"}, nil, "SIDEWAYS")
		}},
		{"Organisations bad kind", func(st graph.Store) (any, error) {
			return st.Organisations(ctx, graph.OrganisationFilter{Kind: "CASTLE"}, graph.Page{})
		}},
		{"Organisations last page", func(st graph.Store) (any, error) {
			return st.Organisations(ctx, graph.OrganisationFilter{Classes: true}, graph.Page{First: 50, After: graph.EncodeCursor(49)})
		}},
		{"Organisations past the end", func(st graph.Store) (any, error) {
			return st.Organisations(ctx, graph.OrganisationFilter{}, graph.Page{After: graph.EncodeCursor(5000)})
		}},
		{"Services past the end", func(st graph.Store) (any, error) {
			return st.Services(ctx, graph.Page{First: 100, After: graph.EncodeCursor(20)})
		}},
		{"Search limit 0", func(st graph.Store) (any, error) { return st.Search(ctx, "nhs", 0) }},
		{"Graph typed with instances", func(st graph.Store) (any, error) {
			return st.Graph(ctx, graph.GraphQuery{Types: []graph.RelType{graph.PartOf, graph.InstanceOf}, Instances: true})
		}},
		{"Graph too large", func(st graph.Store) (any, error) { return st.Graph(ctx, graph.GraphQuery{MaxNodes: 10}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.call(s)
			want, werr := c.call(m)
			if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
				t.Fatalf("error %v, memory %v", err, werr)
			}
			if !reflect.DeepEqual(normalise(got), normalise(want)) {
				t.Errorf("answer differs from memory:\n got  %+v\n want %+v", got, want)
			}
		})
	}
}

// TestWalksAgreeEverywhere compares the accountability chain and the money
// flow of every class and single body, and of the first instances of each
// class, with the memory store's.
func TestWalksAgreeEverywhere(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	m := mustMemory(t, ds)
	ctx := t.Context()
	perClass := map[string]int{}
	for _, o := range ds.Organisations {
		if o.InstanceOf != "" {
			if perClass[o.InstanceOf] >= 3 {
				continue
			}
			perClass[o.InstanceOf]++
		}
		for _, q := range []struct {
			name string
			call func(st graph.Store) (any, error)
		}{
			{"AccountabilityChain", func(st graph.Store) (any, error) { return st.AccountabilityChain(ctx, o.ID) }},
			{"MoneyFlow", func(st graph.Store) (any, error) { return st.MoneyFlow(ctx, o.ID) }},
		} {
			got, err := q.call(s)
			want, werr := q.call(m)
			if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
				t.Fatalf("%s(%s): error %v, memory %v", q.name, o.ID, err, werr)
			}
			if normalise(got) != normalise(want) {
				t.Errorf("%s(%s) differs from memory:\n got  %+v\n want %+v", q.name, o.ID, got, want)
			}
		}
	}
}

// TestNeighbourhoodsAgree compares neighbourhoods of several shapes with
// the memory store's.
func TestNeighbourhoodsAgree(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	m := mustMemory(t, ds)
	ctx := t.Context()
	for _, id := range []string{"nhs-england", "ccg-02n", "svc-specialised", "area-team-q52", "hm-treasury", graph.Parliament} {
		for depth := range 4 {
			for _, dir := range []graph.Direction{graph.Both, graph.Outgoing, graph.Incoming} {
				for _, inst := range []bool{false, true} {
					for _, types := range [][]graph.RelType{nil, {graph.Funds, graph.AccountableTo, graph.PartOf}} {
						// The cap the API uses: with the GP practices, a deep
						// walk with instances reaches most of the graph.
						q := graph.NeighbourhoodQuery{ID: id, Depth: depth, Direction: dir, Instances: inst, Types: types, MaxNodes: 600}
						got, err := s.Neighbourhood(ctx, q)
						want, werr := m.Neighbourhood(ctx, q)
						if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
							t.Fatalf("%+v: error %v, memory %v", q, err, werr)
						}
						if normalise(got) != normalise(want) {
							t.Errorf("%+v: %d nodes %d edges, memory %d nodes %d edges", q, len(got.Nodes), len(got.Edges), len(want.Nodes), len(want.Edges))
						}
					}
				}
			}
		}
	}
}

// normalise makes empty slices nil, which the Store contract does not
// distinguish, by a JSON round trip.
func normalise(v any) string {
	b, _ := json.Marshal(v)
	return strings.ReplaceAll(string(b), "[]", "null")
}

func TestCheck(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	want := graph.DatasetInfo{Version: ds.Version, Checksum: ds.Checksum}
	if err := s.Check(t.Context(), want); err != nil {
		t.Fatalf("Check(seeded dataset) = %v", err)
	}
	other := graph.DatasetInfo{Version: "2013-04-01+999", Checksum: "sha256:other"}
	err := s.Check(t.Context(), other)
	var de *neo4j.DatasetError
	if !errors.As(err, &de) || !errors.Is(err, neo4j.ErrNotSeeded) || de.Have != want || !strings.Contains(err.Error(), "caremap seed") {
		t.Fatalf("Check(other) = %v, want a *DatasetError naming caremap seed", err)
	}
}

func TestOpenErrors(t *testing.T) {
	cfg := neo4jtest.Config(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	t.Run("wrong password", func(t *testing.T) {
		c := cfg
		c.Password = "not-the-password-s3cret"
		_, err := neo4j.Open(ctx, c)
		if err == nil || strings.Contains(err.Error(), c.Password) || !strings.Contains(err.Error(), neo4j.RedactURI(c.URI)) {
			t.Fatalf("Open with a wrong password: %v", err)
		}
	})
	t.Run("no such database", func(t *testing.T) {
		c := cfg
		c.Database = "nosuchdb"
		_, err := neo4j.Open(ctx, c)
		if err == nil || !strings.Contains(err.Error(), `"nosuchdb"`) || !strings.Contains(err.Error(), "NEO4J_DATABASE") {
			t.Fatalf("Open with an unknown database: %v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		c := cfg
		c.URI = "bolt://127.0.0.1:1"
		c.Password = "s3cret-password"
		c.ConnectAttempts = 2
		c.ConnectBackoff = 10 * time.Millisecond
		_, err := neo4j.Open(ctx, c)
		if !errors.Is(err, graph.ErrUnavailable) || strings.Contains(err.Error(), c.Password) ||
			!strings.Contains(err.Error(), "bolt://127.0.0.1:1") || !strings.Contains(err.Error(), "2 attempt") {
			t.Fatalf("Open(unreachable) = %v, want ErrUnavailable naming the URI and the attempts", err)
		}
	})
}

// TestOutageAndRecovery puts a TCP proxy between the store and the server,
// cuts it, and requires ErrUnavailable while it is cut and answers again,
// from the same Store, once it is back.
func TestOutageAndRecovery(t *testing.T) {
	ds := mustDataset(t)
	cfg := neo4jtest.Config(t)
	neo4jtest.Lock(t, cfg)
	target, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, "127.0.0.1:0", target.Host)
	addr := p.addr
	c := cfg
	c.URI = target.Scheme + "://" + addr
	c.QueryTimeout = 2 * time.Second
	c.ConnectTimeout = time.Second
	ctx := t.Context()
	s, err := neo4j.Open(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if _, err := s.Seed(ctx, ds, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Organisation(ctx, "nhs-england"); err != nil {
		t.Fatalf("through the proxy: %v", err)
	}

	p.stop()
	_, err = s.Organisation(ctx, "nhs-england")
	if !errors.Is(err, graph.ErrUnavailable) || !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), c.Password) {
		t.Fatalf("with the server cut off: %v, want ErrUnavailable naming %s", err, addr)
	}

	startProxy(t, addr, target.Host)
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := s.Organisation(ctx, "nhs-england")
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the server came back: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// proxy forwards TCP connections to a server until stopped.
type proxy struct {
	addr string
	ln   net.Listener
	mu   sync.Mutex
	conn []net.Conn
}

func startProxy(t *testing.T, listen, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), ln: ln}
	t.Cleanup(p.stop)
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			p.mu.Lock()
			p.conn = append(p.conn, in, out)
			p.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
	return p
}

// stop closes the listener and every connection, as a dead server would.
func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conn {
		c.Close()
	}
	p.conn = nil
}

// TestRoutingScheme uses the neo4j:// scheme, which asks the server for a
// routing table, as a cluster deployment would.
func TestRoutingScheme(t *testing.T) {
	ds := mustDataset(t)
	cfg := neo4jtest.Config(t)
	u, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	u.Scheme = "neo4j"
	cfg.URI = u.String()
	s := neo4jtest.OpenConfig(t, cfg, ds) // seeds through a routed write session
	o, err := s.Organisation(t.Context(), "nhs-england")
	if err != nil || o.ID != "nhs-england" {
		t.Fatalf("Organisation over neo4j://: %+v, %v", o, err)
	}
}

func TestRedactURI(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"bolt://127.0.0.1:7687", "bolt://127.0.0.1:7687"},
		{"neo4j://user:secret@db.example:7687", "neo4j://db.example:7687"},
		{"::not a uri", "(invalid URI)"},
	} {
		if got := neo4j.RedactURI(c.in); got != c.want {
			t.Errorf("RedactURI(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestWarm plans every read statement: it runs each once and fails on none.
func TestWarm(t *testing.T) {
	s := neo4jtest.Open(t, mustDataset(t))
	before := s.RoundTrips()
	if err := s.Warm(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := s.RoundTrips() - before; n < 20 {
		t.Errorf("Warm sent %d queries, want one or more per read statement", n)
	}
}
