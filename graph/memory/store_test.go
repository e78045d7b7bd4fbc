package memory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"caremap/graph"
)

func nodeIDs(ns []graph.Node) []string {
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.ID()
	}
	return ids
}

func orgIDs(os []graph.Organisation) []string {
	ids := make([]string, len(os))
	for i, o := range os {
		ids[i] = o.ID
	}
	return ids
}

func relIDs(rs []graph.Relationship) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

func stepIDs(p graph.Path) []string {
	ids := []string{p.Start.ID()}
	for _, s := range p.Steps {
		ids = append(ids, s.Edge.ID, s.Node.ID())
	}
	return ids
}

func TestNewRejectsBadDatasets(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*graph.Dataset)
	}{
		{"repeated organisation", func(d *graph.Dataset) { d.Organisations = append(d.Organisations, d.Organisations[0]) }},
		{"service id of an organisation", func(d *graph.Dataset) { d.Services[0].ID = "nhs-england" }},
		{"repeated relationship", func(d *graph.Dataset) { d.Relationships = append(d.Relationships, d.Relationships[0]) }},
		{"edge to nothing", func(d *graph.Dataset) { d.Relationships[0].To = "nowhere" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := tiny()
			tt.mutate(&ds)
			if _, err := New(ds); !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("New = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestLookups(t *testing.T) {
	s := newTiny(t)
	ctx := context.Background()

	o, err := s.Organisation(ctx, "nhs-england")
	if err != nil || o.ShortName != "NHS England / NHS CB" {
		t.Errorf("Organisation(nhs-england) = %+v, %v", o, err)
	}
	var nf *graph.NotFoundError
	if _, err := s.Organisation(ctx, "svc-primary"); !errors.As(err, &nf) || nf.What != "organisation" {
		t.Errorf("Organisation(service id) = %v, want *NotFoundError", err)
	}
	if v, err := s.Service(ctx, "svc-primary"); err != nil || v.Name != "Primary care" {
		t.Errorf("Service(svc-primary) = %+v, %v", v, err)
	}
	if _, err := s.Service(ctx, "nhs-england"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("Service(organisation id) = %v, want ErrNotFound", err)
	}

	ns, err := s.Nodes(ctx, []string{"svc-primary", "nope", "ccg-aaa", "svc-primary"})
	if want := []string{"svc-primary", "ccg-aaa", "svc-primary"}; err != nil || !slices.Equal(nodeIDs(ns), want) {
		t.Errorf("Nodes = %v, %v; want %v", nodeIDs(ns), err, want)
	}
	if ns[0].Kind() != graph.NodeService || ns[1].Kind() != graph.NodeOrganisation {
		t.Errorf("Nodes kinds = %v, %v", ns[0].Kind(), ns[1].Kind())
	}
	if _, err := s.Nodes(ctx, make([]string, graph.MaxIDs+1)); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("Nodes(too many) = %v, want ErrInvalid", err)
	}
	if info, _ := s.Info(ctx); info != (graph.DatasetInfo{Version: "test+1", Checksum: "sha256:00"}) {
		t.Errorf("Info = %+v", info)
	}
}

func TestCancelled(t *testing.T) {
	s := newTiny(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	checks := map[string]error{}
	_, checks["Organisation"] = s.Organisation(ctx, "nhs-england")
	_, checks["Organisations"] = s.Organisations(ctx, graph.OrganisationFilter{}, graph.Page{})
	_, checks["Search"] = s.Search(ctx, "nhs", 5)
	_, checks["Neighbourhood"] = s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england", Depth: 2})
	_, checks["Graph"] = s.Graph(ctx, graph.GraphQuery{})
	_, checks["ShortestPath"] = s.ShortestPath(ctx, graph.PathQuery{From: "ccg-aaa", To: graph.Parliament, MaxHops: 4})
	_, checks["AccountabilityChain"] = s.AccountabilityChain(ctx, "ccg-aaa")
	_, checks["MoneyFlow"] = s.MoneyFlow(ctx, "clinical-commissioning-groups")
	for name, err := range checks {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s on a cancelled context = %v, want context.Canceled", name, err)
		}
	}
}

func TestOrganisations(t *testing.T) {
	s := newTiny(t)
	tests := []struct {
		name  string
		f     graph.OrganisationFilter
		page  graph.Page
		want  []string
		total int
		next  bool
	}{
		{"instances of a class", graph.OrganisationFilter{InstanceOf: "clinical-commissioning-groups"}, graph.Page{}, []string{"ccg-aaa", "ccg-bbb"}, 2, false},
		{"parts", graph.OrganisationFilter{PartOf: "area-team-q01"}, graph.Page{}, []string{"ccg-aaa"}, 1, false},
		{"kind and tier", graph.OrganisationFilter{Kind: graph.KindNHSBody, Tier: graph.TierLocal, Classes: true}, graph.Page{}, []string{"clinical-commissioning-groups", "primary-care-trusts"}, 2, false},
		{"group", graph.OrganisationFilter{Group: "regulation"}, graph.Page{}, []string{"care-quality-commission"}, 1, false},
		{"first page", graph.OrganisationFilter{}, graph.Page{First: 2}, []string{"care-quality-commission", "clinical-commissioning-groups"}, 16, true},
		{"after a cursor", graph.OrganisationFilter{}, graph.Page{First: 2, After: graph.EncodeCursor(1)}, []string{"department-of-health", "hm-treasury"}, 16, true},
		{"last page", graph.OrganisationFilter{}, graph.Page{First: 100, After: graph.EncodeCursor(13)}, []string{"primary-care-trusts", "secretary-of-state-for-health"}, 16, false},
		{"past the end", graph.OrganisationFilter{}, graph.Page{After: graph.EncodeCursor(40)}, nil, 16, false},
		{"unknown class", graph.OrganisationFilter{InstanceOf: "nope"}, graph.Page{}, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.Organisations(context.Background(), tt.f, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if got := orgIDs(p.Items); !slices.Equal(got, tt.want) || p.TotalCount != tt.total || p.HasNextPage != tt.next {
				t.Errorf("got %v total %d next %v; want %v total %d next %v", got, p.TotalCount, p.HasNextPage, tt.want, tt.total, tt.next)
			}
			if p.HasPrevPage != (tt.page.After != "") {
				t.Errorf("HasPrevPage = %v with after %q", p.HasPrevPage, tt.page.After)
			}
			if len(p.Cursors) != len(p.Items) {
				t.Errorf("%d cursors for %d items", len(p.Cursors), len(p.Items))
			}
		})
	}
}

func TestOrganisationsWalk(t *testing.T) {
	s := newTiny(t)
	var got []string
	page := graph.Page{First: 3}
	for {
		p, err := s.Organisations(context.Background(), graph.OrganisationFilter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, orgIDs(p.Items)...)
		if !p.HasNextPage {
			break
		}
		page.After = p.Cursors[len(p.Cursors)-1]
	}
	if want := orgIDs(s.orgs); !slices.Equal(got, want) {
		t.Errorf("walk = %v, want %v", got, want)
	}
}

func TestPageErrors(t *testing.T) {
	s := newTiny(t)
	ctx := context.Background()
	bad := []struct {
		name  string
		f     graph.OrganisationFilter
		page  graph.Page
		param string
	}{
		{"negative first", graph.OrganisationFilter{}, graph.Page{First: -1}, "first"},
		{"first too big", graph.OrganisationFilter{}, graph.Page{First: graph.MaxFirst + 1}, "first"},
		{"garbage cursor", graph.OrganisationFilter{}, graph.Page{After: "xyz"}, "after"},
		{"unknown kind", graph.OrganisationFilter{Kind: "CASTLE"}, graph.Page{}, "kind"},
		{"unknown tier", graph.OrganisationFilter{Tier: "galactic"}, graph.Page{}, "tier"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Organisations(ctx, tt.f, tt.page)
			var ie *graph.InvalidError
			if !errors.As(err, &ie) || ie.Param != tt.param {
				t.Errorf("Organisations = %v, want *InvalidError for %s", err, tt.param)
			}
		})
	}
	if _, err := s.Services(ctx, graph.Page{After: "xyz"}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("Services(bad cursor) = %v, want ErrInvalid", err)
	}
}

func TestServices(t *testing.T) {
	s := newTiny(t)
	p, err := s.Services(context.Background(), graph.Page{First: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Items), 2; got != want || p.Items[0].ID != "svc-orphan" || p.Items[1].ID != "svc-primary" || !p.HasNextPage || p.TotalCount != 3 {
		t.Errorf("Services = %+v", p)
	}
	p, err = s.Services(context.Background(), graph.Page{After: p.Cursors[1]})
	if err != nil || len(p.Items) != 1 || p.Items[0].ID != "svc-specialised" || p.HasNextPage || !p.HasPrevPage {
		t.Errorf("Services page 2 = %+v, %v", p, err)
	}
}

func TestSearch(t *testing.T) {
	s := newTiny(t)
	tests := []struct {
		text string
		want []string // the first hits, in order
	}{
		{"CQC", []string{"care-quality-commission"}},
		{"c.q.c.", []string{"care-quality-commission"}},
		{"care quality", []string{"care-quality-commission"}},
		{"NHS England", []string{"nhs-england", "nhse-area-teams", "area-team-q01"}}, // classes before instances
		{"wellbeing board", []string{"health-and-wellbeing-boards"}},
		{"well-being", []string{"health-and-wellbeing-boards"}},
		{"inspects", []string{"care-quality-commission"}},
		{"clinical commissioning groups", []string{"clinical-commissioning-groups"}},
		{"ccg", []string{"clinical-commissioning-groups", "ccg-bbb", "ccg-aaa"}}, // then the more of the name matched
		{"specialised", []string{"svc-specialised"}},
		{"zebra", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			hits, err := s.Search(context.Background(), tt.text, 10)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]graph.Node, len(hits))
			for i, h := range hits {
				got[i] = h.Node
			}
			if ids := nodeIDs(got); len(ids) < len(tt.want) || !slices.Equal(ids[:len(tt.want)], tt.want) || (tt.want == nil && len(ids) > 0) {
				t.Errorf("Search(%q) = %v, want it to start %v", tt.text, ids, tt.want)
			}
			for i := 1; i < len(hits); i++ {
				if graph.CompareSearchHits(hits[i-1], hits[i]) > 0 {
					t.Errorf("hits %d and %d out of order", i-1, i)
				}
			}
		})
	}
	hits, err := s.Search(context.Background(), "nhs", 1)
	if err != nil || len(hits) != 1 {
		t.Errorf("Search(nhs, 1) = %d hits, %v", len(hits), err)
	}
	for _, bad := range []struct {
		text  string
		limit int
	}{{"...", 5}, {"", 5}, {"nhs", 0}, {"nhs", graph.MaxSearch + 1}} {
		if _, err := s.Search(context.Background(), bad.text, bad.limit); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("Search(%q, %d) = %v, want ErrInvalid", bad.text, bad.limit, err)
		}
	}
}

func TestRelationships(t *testing.T) {
	s := newTiny(t)
	tests := []struct {
		name  string
		ids   []string
		types []graph.RelType
		dir   graph.Direction
		want  []string
	}{
		{"outgoing funds", []string{"department-of-health"}, []graph.RelType{graph.Funds}, graph.Outgoing, []string{"r22", "r08"}},
		{"incoming funds", []string{"department-of-health"}, []graph.RelType{graph.Funds}, graph.Incoming, []string{"r23", "r07"}},
		{"both, deduplicated", []string{"department-of-health", "nhs-england"}, []graph.RelType{graph.Funds}, graph.Both, []string{"r23", "r22", "r08", "r07", "r24", "r09"}},
		{"empty direction is both", []string{"ccg-aaa"}, nil, "", []string{"r11", "r13"}},
		{"unknown id", []string{"nope"}, nil, graph.Both, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := s.Relationships(context.Background(), tt.ids, tt.types, tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if got := relIDs(rs); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		types []graph.RelType
		dir   graph.Direction
	}{{[]graph.RelType{"LOVES"}, graph.Both}, {nil, "SIDEWAYS"}} {
		if _, err := s.Relationships(context.Background(), []string{"nhs-england"}, bad.types, bad.dir); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("Relationships(%v, %q) = %v, want ErrInvalid", bad.types, bad.dir, err)
		}
	}
}

func TestNeighbours(t *testing.T) {
	s := newTiny(t)
	rs, ns, err := s.Neighbours(context.Background(), []string{"hm-treasury"}, []graph.RelType{graph.Funds}, graph.Outgoing)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := relIDs(rs), []string{"r07", "r24"}; !slices.Equal(got, want) {
		t.Errorf("edges %v, want %v", got, want)
	}
	if got, want := nodeIDs(ns), []string{"department-of-health", "hm-treasury", "nhs-england"}; !slices.Equal(got, want) {
		t.Errorf("nodes %v, want %v", got, want)
	}
	var ie *graph.InvalidError
	if _, _, err := s.Neighbours(context.Background(), nil, nil, "UP"); !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), "neighbours: ") {
		t.Errorf("Neighbours(bad direction) = %v", err)
	}
}

func TestNeighbourhood(t *testing.T) {
	s := newTiny(t)
	tests := []struct {
		name      string
		q         graph.NeighbourhoodQuery
		wantNodes []string
		wantEdges []string
	}{
		{"depth 0", graph.NeighbourhoodQuery{ID: "nhs-england"}, []string{"nhs-england"}, nil},
		{"depth 1, no instances", graph.NeighbourhoodQuery{ID: "nhs-england", Depth: 1},
			[]string{"clinical-commissioning-groups", "department-of-health", "hm-treasury", "nhs-england", "secretary-of-state-for-health", "svc-specialised", graph.Parliament},
			[]string{"r10", "r02", "r03", "r06", "r04", "r05", "r01", "r16", "r26", "r08", "r07", "r24", "r09"}},
		{"depth 1, instances", graph.NeighbourhoodQuery{ID: "area-team-q01", Depth: 1, Instances: true, Types: []graph.RelType{graph.PartOf}},
			[]string{"area-team-q01", "ccg-aaa", "nhs-england"}, []string{"r14", "r13"}},
		{"an instance itself, no other instances", graph.NeighbourhoodQuery{ID: "ccg-aaa", Depth: 2},
			[]string{"ccg-aaa", "clinical-commissioning-groups", "health-and-wellbeing-boards", "nhs-england", "nhs-trusts", "primary-care-trusts"},
			[]string{"r10", "r17", "r09", "r11", "r25", "r19"}},
		{"outgoing only", graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: 2, Direction: graph.Outgoing, Types: []graph.RelType{graph.Funds}},
			[]string{"care-quality-commission", "clinical-commissioning-groups", "department-of-health", "hm-treasury", "nhs-england"},
			[]string{"r23", "r22", "r08", "r07", "r24", "r09"}},
		{"incoming only", graph.NeighbourhoodQuery{ID: "svc-specialised", Depth: 1, Direction: graph.Incoming},
			[]string{"nhs-england", "svc-specialised"}, []string{"r16", "r26"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := s.Neighbourhood(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := nodeIDs(g.Nodes); !slices.Equal(got, tt.wantNodes) {
				t.Errorf("nodes %v, want %v", got, tt.wantNodes)
			}
			if got := relIDs(g.Edges); !slices.Equal(got, tt.wantEdges) {
				t.Errorf("edges %v, want %v", got, tt.wantEdges)
			}
		})
	}

	ctx := context.Background()
	var tl *graph.TooLargeError
	if _, err := s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england", Depth: 1, MaxNodes: 6}); !errors.As(err, &tl) || tl.Count != 7 || tl.Limit != 6 {
		t.Errorf("Neighbourhood over the cap = %v, want *TooLargeError 7 > 6", err)
	}
	if _, err := s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nope"}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("Neighbourhood(unknown) = %v, want ErrNotFound", err)
	}
	for _, q := range []graph.NeighbourhoodQuery{
		{ID: "nhs-england", Depth: graph.MaxDepth + 1},
		{ID: "nhs-england", Depth: -1},
		{ID: "nhs-england", Direction: "UP"},
		{ID: "nhs-england", Types: []graph.RelType{"LOVES"}},
		{ID: "nhs-england", MaxNodes: -1},
	} {
		if _, err := s.Neighbourhood(ctx, q); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("Neighbourhood(%+v) = %v, want ErrInvalid", q, err)
		}
	}
}

func TestGraph(t *testing.T) {
	s := newTiny(t)
	ctx := context.Background()
	g, err := s.Graph(ctx, graph.GraphQuery{Types: []graph.RelType{graph.SucceededBy, graph.InstanceOf}})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) != 15 || len(g.Edges) != 0 {
		t.Errorf("default graph: %d nodes %v, edges %v; want 15 nodes, no edges", len(g.Nodes), nodeIDs(g.Nodes), relIDs(g.Edges))
	}
	g, err = s.Graph(ctx, graph.GraphQuery{Types: []graph.RelType{graph.SucceededBy, graph.InstanceOf}, Instances: true, Inactive: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"r15", "r11", "r12", "r19"}; len(g.Nodes) != 19 || !slices.Equal(relIDs(g.Edges), want) {
		t.Errorf("full graph: %d nodes, edges %v; want 19, %v", len(g.Nodes), relIDs(g.Edges), want)
	}
	if !slices.IsSorted(nodeIDs(g.Nodes)) {
		t.Errorf("nodes not ordered by id: %v", nodeIDs(g.Nodes))
	}
	if _, err := s.Graph(ctx, graph.GraphQuery{MaxNodes: 5}); !errors.Is(err, graph.ErrTooLarge) {
		t.Errorf("Graph over the cap = %v, want ErrTooLarge", err)
	}
	if _, err := s.Graph(ctx, graph.GraphQuery{Types: []graph.RelType{"x"}}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("Graph(bad type) = %v, want ErrInvalid", err)
	}
}

func TestShortestPath(t *testing.T) {
	s := newTiny(t)
	tests := []struct {
		name string
		q    graph.PathQuery
		want []string
	}{
		{"undirected, least edge ids", graph.PathQuery{From: graph.Parliament, To: "ccg-aaa", MaxHops: 8},
			[]string{graph.Parliament, "r05", "nhs-england", "r09", "clinical-commissioning-groups", "r11", "ccg-aaa"}},
		{"directed", graph.PathQuery{From: "ccg-aaa", To: graph.Parliament, MaxHops: 8, Directed: true},
			[]string{"ccg-aaa", "r11", "clinical-commissioning-groups", "r10", "nhs-england", "r05", graph.Parliament}},
		{"typed", graph.PathQuery{From: "ccg-aaa", To: "nhs-england", MaxHops: 3, Types: []graph.RelType{graph.PartOf}},
			[]string{"ccg-aaa", "r13", "area-team-q01", "r14", "nhs-england"}},
		{"to itself", graph.PathQuery{From: "ccg-aaa", To: "ccg-aaa", MaxHops: 1}, []string{"ccg-aaa"}},
		{"to a service", graph.PathQuery{From: "hm-treasury", To: "svc-specialised", MaxHops: 2},
			[]string{"hm-treasury", "r24", "nhs-england", "r16", "svc-specialised"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.ShortestPath(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := stepIDs(p); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	ctx := context.Background()
	var nf *graph.NotFoundError
	if _, err := s.ShortestPath(ctx, graph.PathQuery{From: "nope", To: "ccg-aaa", MaxHops: 2}); !errors.As(err, &nf) || nf.ID != "nope" {
		t.Errorf("unknown from = %v", err)
	}
	if _, err := s.ShortestPath(ctx, graph.PathQuery{From: "ccg-aaa", To: "nope", MaxHops: 2}); !errors.As(err, &nf) || nf.ID != "nope" {
		t.Errorf("unknown to = %v", err)
	}
	_, err := s.ShortestPath(ctx, graph.PathQuery{From: graph.Parliament, To: "ccg-aaa", MaxHops: 2})
	if !errors.Is(err, graph.ErrNotFound) || errors.As(err, &nf) || !strings.Contains(err.Error(), "no path") {
		t.Errorf("too far = %v, want a plain wrapped ErrNotFound", err)
	}
	if _, err := s.ShortestPath(ctx, graph.PathQuery{From: "ccg-aaa", To: graph.Parliament, MaxHops: 8, Directed: true, Types: []graph.RelType{graph.Funds}}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("no typed path = %v, want ErrNotFound", err)
	}
	for _, hops := range []int{0, graph.MaxHops + 1} {
		if _, err := s.ShortestPath(ctx, graph.PathQuery{From: "ccg-aaa", To: "ccg-bbb", MaxHops: hops}); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("MaxHops %d = %v, want ErrInvalid", hops, err)
		}
	}
}

func TestAccountabilityChain(t *testing.T) {
	s := newTiny(t)
	tests := []struct {
		from string
		want []string
	}{
		{"ccg-aaa", []string{"ccg-aaa", "area-team-q01", "nhs-england", "department-of-health", "secretary-of-state-for-health", graph.Parliament}},
		{"ccg-bbb", []string{"ccg-bbb", "clinical-commissioning-groups", "nhs-england", "department-of-health", "secretary-of-state-for-health", graph.Parliament}},
		{graph.Parliament, []string{graph.Parliament}},
		{"loop-a", []string{"loop-a", "loop-b"}},
		{"hm-treasury", []string{"hm-treasury"}},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			os, err := s.AccountabilityChain(context.Background(), tt.from)
			if err != nil {
				t.Fatal(err)
			}
			if got := orgIDs(os); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := s.AccountabilityChain(context.Background(), "svc-primary"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("chain of a service = %v, want ErrNotFound", err)
	}

	// Two equally long chains: the least next id wins, whatever the order
	// of the edges.
	ds := tiny()
	ds.Organisations = append(ds.Organisations,
		graph.Organisation{ID: "x-body", Name: "X"}, graph.Organisation{ID: "y-office", Name: "Y"})
	ds.Relationships = append(ds.Relationships,
		graph.Relationship{ID: "r90", Type: graph.AccountableTo, From: "y-office", To: graph.Parliament},
		graph.Relationship{ID: "r91", Type: graph.AccountableTo, From: "x-body", To: "y-office"},
		graph.Relationship{ID: "r92", Type: graph.AccountableTo, From: "x-body", To: "secretary-of-state-for-health"})
	s, err := New(ds)
	if err != nil {
		t.Fatal(err)
	}
	os, err := s.AccountabilityChain(context.Background(), "x-body")
	if want := []string{"x-body", "secretary-of-state-for-health", graph.Parliament}; err != nil || !slices.Equal(orgIDs(os), want) {
		t.Errorf("tie: got %v, %v; want %v", orgIDs(os), err, want)
	}
}

func TestMoneyFlow(t *testing.T) {
	s := newTiny(t)
	tests := []struct {
		to   string
		want [][]string
	}{
		{"clinical-commissioning-groups", [][]string{
			{"hm-treasury", "r24", "nhs-england", "r09", "clinical-commissioning-groups"},
			{"hm-treasury", "r07", "department-of-health", "r08", "nhs-england", "r09", "clinical-commissioning-groups"},
		}},
		{"ccg-aaa", [][]string{ // an instance no FUNDS edge reaches: its class
			{"hm-treasury", "r24", "nhs-england", "r09", "clinical-commissioning-groups"},
			{"hm-treasury", "r07", "department-of-health", "r08", "nhs-england", "r09", "clinical-commissioning-groups"},
		}},
		{"care-quality-commission", [][]string{ // the cycle through DH is not followed
			{"hm-treasury", "r07", "department-of-health", "r22", "care-quality-commission"},
		}},
		{"hm-treasury", nil},
		{"loop-a", nil},
	}
	for _, tt := range tests {
		t.Run(tt.to, func(t *testing.T) {
			ps, err := s.MoneyFlow(context.Background(), tt.to)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, p := range ps {
				got = append(got, stepIDs(p))
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	ps, _ := s.MoneyFlow(context.Background(), "clinical-commissioning-groups")
	if a := ps[1].Steps[0].Edge.AmountGBP; a == nil || *a != 100 {
		t.Errorf("amount on r07 = %v, want 100", a)
	}
	if _, err := s.MoneyFlow(context.Background(), "nope"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("MoneyFlow(unknown) = %v, want ErrNotFound", err)
	}
}

// diamonds returns a dataset where money flows from d0 to d<n> through n
// diamonds (d<i> funds a<i> and b<i>, both fund d<i+1>): 2^n paths.
func diamonds(n int) graph.Dataset {
	var ds graph.Dataset
	org := func(id string) { ds.Organisations = append(ds.Organisations, graph.Organisation{ID: id, Name: id}) }
	funds := func(id, from, to string) {
		ds.Relationships = append(ds.Relationships, graph.Relationship{ID: id, Type: graph.Funds, From: from, To: to})
	}
	d := func(i int) string { return "d" + strconv.Itoa(i) }
	org(d(0))
	for i := range n {
		a, b := "a"+strconv.Itoa(i), "b"+strconv.Itoa(i)
		org(a)
		org(b)
		org(d(i + 1))
		funds(fmt.Sprintf("r%02d-1", i), d(i), a)
		funds(fmt.Sprintf("r%02d-2", i), d(i), b)
		funds(fmt.Sprintf("r%02d-3", i), a, d(i+1))
		funds(fmt.Sprintf("r%02d-4", i), b, d(i+1))
	}
	return ds
}

func TestMoneyFlowBounds(t *testing.T) {
	s, err := New(diamonds(7)) // 128 paths
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.MoneyFlow(context.Background(), "d7")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != MaxMoneyPaths || !slices.IsSortedFunc(ps, graph.ComparePaths) {
		t.Fatalf("got %d paths (sorted %v), want the first %d in order", len(ps), slices.IsSortedFunc(ps, graph.ComparePaths), MaxMoneyPaths)
	}
	first := relIDs([]graph.Relationship{ps[0].Steps[0].Edge, ps[0].Steps[1].Edge, ps[0].Steps[13].Edge})
	if want := []string{"r00-1", "r00-3", "r06-3"}; !slices.Equal(first, want) {
		t.Errorf("first path's edges 0, 1, 13 = %v, want %v", first, want)
	}

	s, err = New(diamonds(14)) // 16384 paths: too many to enumerate
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoneyFlow(context.Background(), "d14"); !errors.Is(err, graph.ErrTooLarge) {
		t.Errorf("MoneyFlow over 2^14 paths = %v, want ErrTooLarge", err)
	}
}

func TestWhoCommissions(t *testing.T) {
	s := newTiny(t)
	tests := []struct {
		svc  string
		want []string
	}{
		{"svc-specialised", []string{"clinical-commissioning-groups", "nhs-england"}},
		{"svc-primary", []string{"clinical-commissioning-groups"}},
		{"svc-orphan", nil},
	}
	for _, tt := range tests {
		os, err := s.WhoCommissions(context.Background(), tt.svc)
		if got := orgIDs(os); err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("WhoCommissions(%s) = %v, %v; want %v", tt.svc, got, err, tt.want)
		}
	}
	var nf *graph.NotFoundError
	if _, err := s.WhoCommissions(context.Background(), "nhs-england"); !errors.As(err, &nf) || nf.What != "service" {
		t.Errorf("WhoCommissions(organisation) = %v, want *NotFoundError for a service", err)
	}
}

func TestStats(t *testing.T) {
	s := newTiny(t)
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Organisations != 16 || st.Classes != 13 || st.Instances != 3 || st.Services != 3 || st.Relationships != 26 {
		t.Errorf("Stats = %+v", st)
	}
	if len(st.ByType) != len(graph.RelTypes) || st.ByType[0] != (graph.TypeCount{Name: "ACCOUNTABLE_TO", Count: 9}) || st.ByType[1] != (graph.TypeCount{Name: "FUNDS", Count: 6}) {
		t.Errorf("ByType = %v", st.ByType)
	}
	if len(st.ByKind) != len(graph.Kinds) || st.ByKind[0] != (graph.TypeCount{Name: "PARLIAMENT", Count: 1}) {
		t.Errorf("ByKind = %v", st.ByKind)
	}
}
