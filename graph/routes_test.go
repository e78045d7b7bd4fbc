package graph_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"caremap/graph"
	"caremap/graph/memory"
)

// routeStore is a small system: Parliament, a minister, a department, a
// national body with a region, a class of local bodies with two instances
// (one funded on its own), and a regulator; and a service.
func routeStore(t *testing.T) graph.Store {
	t.Helper()
	org := func(id, class string) graph.Organisation {
		return graph.Organisation{ID: id, Name: strings.ToUpper(id), Kind: graph.KindNHSBody, Tier: graph.TierNational,
			InstanceOf: class, Confidence: graph.ConfidenceHigh}
	}
	amt := func(n int64) *int64 { return &n }
	rel := func(id string, t graph.RelType, from, to string) graph.Relationship {
		return graph.Relationship{ID: id, Type: t, From: from, To: to, Confidence: graph.ConfidenceHigh}
	}
	money := func(id, from, to string, n int64) graph.Relationship {
		r := rel(id, graph.Funds, from, to)
		r.AmountGBP = amt(n)
		return r
	}
	ds := graph.Dataset{
		Organisations: []graph.Organisation{
			org(graph.Parliament, ""), org("sos", ""), org("dept", ""), org("nat", ""), org("region", ""),
			org("locals", ""), org("local-a", "locals"), org("local-b", "locals"), org("reg", ""), org("treasury", ""),
		},
		Services: []graph.Service{{ID: "svc", Name: "A service", Confidence: graph.ConfidenceHigh}},
		Relationships: []graph.Relationship{
			rel("a1", graph.AccountableTo, "sos", graph.Parliament),
			rel("a2", graph.AccountableTo, "dept", "sos"),
			rel("a3", graph.AccountableTo, "nat", "dept"),
			rel("a4", graph.AccountableTo, "reg", "dept"),
			rel("a5", graph.AccountableTo, "locals", "nat"),
			rel("p1", graph.PartOf, "region", "nat"),
			rel("p2", graph.PartOf, "local-a", "region"),
			rel("i1", graph.InstanceOf, "local-a", "locals"),
			rel("i2", graph.InstanceOf, "local-b", "locals"),
			money("f0", "treasury", "dept", 100),
			money("f1", "dept", "nat", 90),
			money("f2", "nat", "locals", 60),
			money("f3", "nat", "local-b", 1),
			money("f4", "dept", "reg", 2),
			rel("c1", graph.Commissions, "locals", "svc"),
		},
	}
	s, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// walk writes a path as "a >e> b <e< c": > when the edge is walked in its
// own direction.
func walk(p graph.Path) string {
	var b strings.Builder
	b.WriteString(p.Start.ID())
	at := p.Start.ID()
	for _, st := range p.Steps {
		if st.Edge.From == at {
			b.WriteString(" >" + st.Edge.ID + "> ")
		} else {
			b.WriteString(" <" + st.Edge.ID + "< ")
		}
		b.WriteString(st.Node.ID())
		at = st.Node.ID()
	}
	return b.String()
}

func TestAccountabilityPathIsTheChain(t *testing.T) {
	s := routeStore(t)
	for _, id := range []string{"local-a", "local-b", "reg", "dept", graph.Parliament} {
		chain, err := s.AccountabilityChain(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		p, err := graph.AccountabilityPath(t.Context(), s, id)
		if err != nil {
			t.Fatalf("AccountabilityPath(%s): %v", id, err)
		}
		var got, want []string
		for _, n := range p.Nodes() {
			got = append(got, n.ID())
		}
		for _, o := range chain {
			want = append(want, o.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("AccountabilityPath(%s) = %v, want the chain %v", id, got, want)
		}
	}
	p, _ := graph.AccountabilityPath(t.Context(), s, "local-a")
	if got, want := walk(p), "local-a >p2> region >p1> nat >a3> dept >a2> sos >a1> uk-parliament"; got != want {
		t.Errorf("AccountabilityPath(local-a) = %s, want %s (PART_OF before INSTANCE_OF)", got, want)
	}
}

func TestRoutes(t *testing.T) {
	s := routeStore(t)
	tests := []struct {
		name, from, to string
		route          func(s graph.Store, from, to string) (graph.Path, error)
		want           string // "" for no route
	}{
		{"up the chain", "local-b", graph.Parliament, acc, "local-b >i2> locals >a5> nat >a3> dept >a2> sos >a1> uk-parliament"},
		{"part of the chain", "local-a", "dept", acc, "local-a >p2> region >p1> nat >a3> dept"},
		{"down the chain", "dept", "local-a", acc, "dept <a3< nat <p1< region <p2< local-a"},
		{"meeting at a common superior", "reg", "local-b", acc, "reg >a4> dept <a3< nat <a5< locals <i2< local-b"},
		{"itself", "nat", "nat", acc, "nat"},
		{"a service", "svc", "dept", acc, ""},
		{"money down", "dept", "local-a", money, "dept >f1> nat >f2> locals <i1< local-a"},
		{"money to an instance funded alone", "dept", "local-b", money, "dept >f1> nat >f3> local-b"},
		{"money up", "local-a", "treasury", money, "local-a >i1> locals <f2< nat <f1< dept <f0< treasury"},
		{"money from a common funder", "reg", "local-b", money, "reg <f4< dept >f1> nat >f3> local-b"},
		{"no money", "sos", "nat", money, ""},
		{"money and a service", "dept", "svc", money, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.route(s, tc.from, tc.to)
			if tc.want == "" {
				if !graph.IsNoRoute(err) {
					t.Fatalf("route(%s, %s) = %s, %v; want no route", tc.from, tc.to, walk(p), err)
				}
				return
			}
			if err != nil {
				t.Fatalf("route(%s, %s): %v", tc.from, tc.to, err)
			}
			if got := walk(p); got != tc.want {
				t.Errorf("route(%s, %s) = %s, want %s", tc.from, tc.to, got, tc.want)
			}
		})
	}
	var nf *graph.NotFoundError
	if _, err := graph.AccountabilityRoute(t.Context(), s, "nobody", "dept"); !errors.As(err, &nf) {
		t.Errorf("AccountabilityRoute(unknown) = %v, want a *NotFoundError", err)
	}
	if _, err := graph.MoneyRoute(t.Context(), s, "dept", "nobody"); !errors.As(err, &nf) {
		t.Errorf("MoneyRoute(unknown) = %v, want a *NotFoundError", err)
	}
}

func acc(s graph.Store, from, to string) (graph.Path, error) {
	return graph.AccountabilityRoute(context.Background(), s, from, to)
}

func money(s graph.Store, from, to string) (graph.Path, error) {
	return graph.MoneyRoute(context.Background(), s, from, to)
}

func TestPathReverse(t *testing.T) {
	s := routeStore(t)
	p, err := graph.AccountabilityPath(t.Context(), s, "local-a")
	if err != nil {
		t.Fatal(err)
	}
	r := p.Reverse()
	if got, want := walk(r), "uk-parliament <a1< sos <a2< dept <a3< nat <p1< region <p2< local-a"; got != want {
		t.Errorf("Reverse = %s, want %s", got, want)
	}
	if got := walk(r.Reverse()); got != walk(p) {
		t.Errorf("Reverse twice = %s, want %s", got, walk(p))
	}
	if r.End().ID() != "local-a" || p.End().ID() != graph.Parliament {
		t.Errorf("End: %s and %s", r.End().ID(), p.End().ID())
	}
}
