package graphtest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"caremap/graph"
)

// query is one call of a Store method, named for failure messages.
type query struct {
	name string
	call func(ctx context.Context, s graph.Store) (any, error)
}

// queries cover every method and its interesting arguments, errors
// included. Compare and the concurrency check run them.
var queries = []query{
	{"Info", func(ctx context.Context, s graph.Store) (any, error) { return s.Info(ctx) }},
	{"Stats", func(ctx context.Context, s graph.Store) (any, error) { return s.Stats(ctx) }},
	{"Organisation nhs-england", func(ctx context.Context, s graph.Store) (any, error) { return s.Organisation(ctx, "nhs-england") }},
	{"Organisation ccg-02n", func(ctx context.Context, s graph.Store) (any, error) { return s.Organisation(ctx, "ccg-02n") }},
	{"Organisation trust-rcf", func(ctx context.Context, s graph.Store) (any, error) { return s.Organisation(ctx, "trust-rcf") }},
	{"Organisation practice", func(ctx context.Context, s graph.Store) (any, error) { return s.Organisation(ctx, "practice-b82007") }},
	{"Organisation PCT", func(ctx context.Context, s graph.Store) (any, error) { return s.Organisation(ctx, "pct-5qg") }},
	{"Organisation unknown", func(ctx context.Context, s graph.Store) (any, error) { return s.Organisation(ctx, "no-such-body") }},
	{"Service svc-specialised", func(ctx context.Context, s graph.Store) (any, error) { return s.Service(ctx, "svc-specialised") }},
	{"Service unknown", func(ctx context.Context, s graph.Store) (any, error) { return s.Service(ctx, "nhs-england") }},
	{"Nodes", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Nodes(ctx, []string{"svc-specialised", "nope", "nhs-england", "ccg-02n", "hwb-e06000001", "nhs-england"})
	}},
	{"Organisations all", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{}, graph.Page{First: 100})
	}},
	{"Organisations CCGs page 2", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{InstanceOf: "clinical-commissioning-groups"}, graph.Page{First: 100, After: graph.EncodeCursor(99)})
	}},
	{"Organisations part of", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{PartOf: "area-team-q52"}, graph.Page{})
	}},
	{"Organisations classes by kind and tier", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{Kind: graph.KindProvider, Tier: graph.TierLocal, Classes: true}, graph.Page{First: 5})
	}},
	{"Organisations group", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{Group: "patient-voice"}, graph.Page{First: 7, After: graph.EncodeCursor(3)})
	}},
	{"Organisations members", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{MemberOf: "ccg-02n"}, graph.Page{First: 100})
	}},
	{"Organisations active on", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{ActiveOn: "2013-03-31", Tier: graph.TierRegional}, graph.Page{First: 100})
	}},
	{"Organisations bad date", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{ActiveOn: "2013-13-01"}, graph.Page{})
	}},
	{"Relationships succession", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Relationships(ctx, []string{"pct-5qg", "sha-q38"}, []graph.RelType{graph.SucceededBy}, graph.Both)
	}},
	{"Organisations bad cursor", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{}, graph.Page{After: "bogus"})
	}},
	{"Services", func(ctx context.Context, s graph.Store) (any, error) { return s.Services(ctx, graph.Page{First: 10}) }},
	{"Search nhs", func(ctx context.Context, s graph.Store) (any, error) { return s.Search(ctx, "nhs", graph.MaxSearch) }},
	{"Search wellbeing", func(ctx context.Context, s graph.Store) (any, error) { return s.Search(ctx, "well-being board", 20) }},
	{"Search CQC", func(ctx context.Context, s graph.Store) (any, error) { return s.Search(ctx, "C.Q.C.", 5) }},
	{"Search empty", func(ctx context.Context, s graph.Store) (any, error) { return s.Search(ctx, "--", 5) }},
	{"Relationships", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Relationships(ctx, []string{"nhs-england", "department-of-health", "ccg-02n"}, nil, graph.Both)
	}},
	{"Relationships typed", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Relationships(ctx, []string{"upper-tier-local-authorities"}, []graph.RelType{graph.Commissions, graph.Funds}, graph.Outgoing)
	}},
	{"Neighbours", func(ctx context.Context, s graph.Store) (any, error) {
		rs, ns, err := s.Neighbours(ctx, []string{"svc-specialised", "area-team-q52", "council-e06000001"}, nil, graph.Incoming)
		return []any{rs, ns}, err
	}},
	{"Neighbourhood", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england", Depth: 2})
	}},
	{"Neighbourhood instances", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "area-team-q52", Depth: 2, Instances: true})
	}},
	{"Neighbourhood typed", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: 4, Types: []graph.RelType{graph.Funds}, Direction: graph.Outgoing})
	}},
	{"Neighbourhood too large", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england", Depth: 3, Instances: true, MaxNodes: 50})
	}},
	{"Graph", func(ctx context.Context, s graph.Store) (any, error) { return s.Graph(ctx, graph.GraphQuery{}) }},
	{"Graph everything", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Graph(ctx, graph.GraphQuery{Instances: true, Inactive: true})
	}},
	{"ShortestPath", func(ctx context.Context, s graph.Store) (any, error) {
		return s.ShortestPath(ctx, graph.PathQuery{From: "healthwatch-e06000001", To: "nice", MaxHops: 8})
	}},
	{"ShortestPath directed", func(ctx context.Context, s graph.Store) (any, error) {
		return s.ShortestPath(ctx, graph.PathQuery{From: "trust-rcf", To: "uk-parliament", MaxHops: 8, Directed: true})
	}},
	{"ShortestPath none", func(ctx context.Context, s graph.Store) (any, error) {
		return s.ShortestPath(ctx, graph.PathQuery{From: "ccg-02n", To: "ccg-09c", MaxHops: 1})
	}},
	{"AccountabilityChain", func(ctx context.Context, s graph.Store) (any, error) { return s.AccountabilityChain(ctx, "ccg-02n") }},
	{"AccountabilityChain trust", func(ctx context.Context, s graph.Store) (any, error) { return s.AccountabilityChain(ctx, "trust-rcf") }},
	{"MoneyFlow", func(ctx context.Context, s graph.Store) (any, error) { return s.MoneyFlow(ctx, "local-healthwatch") }},
	{"MoneyFlow instance", func(ctx context.Context, s graph.Store) (any, error) { return s.MoneyFlow(ctx, "ccg-02n") }},
	{"WhoCommissions", func(ctx context.Context, s graph.Store) (any, error) {
		return s.WhoCommissions(ctx, "svc-community-health")
	}},
	{"WhoCommissions unknown", func(ctx context.Context, s graph.Store) (any, error) { return s.WhoCommissions(ctx, "svc-nope") }},

	// Edge cases and the order in which arguments are checked.
	{"Nodes unknown only", func(ctx context.Context, s graph.Store) (any, error) { return s.Nodes(ctx, []string{"x", "y"}) }},
	{"Organisations past the end", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{InstanceOf: "nhse-area-teams"}, graph.Page{First: 5, After: graph.EncodeCursor(30)})
	}},
	{"Organisations bad first and kind", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Organisations(ctx, graph.OrganisationFilter{Kind: "CASTLE"}, graph.Page{First: -5})
	}},
	{"Services last", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Services(ctx, graph.Page{First: 1, After: graph.EncodeCursor(30)})
	}},
	{"Search one", func(ctx context.Context, s graph.Store) (any, error) { return s.Search(ctx, "London", 1) }},
	{"Search A&E", func(ctx context.Context, s graph.Store) (any, error) { return s.Search(ctx, "A&E", 10) }},
	{"Search bad limit and text", func(ctx context.Context, s graph.Store) (any, error) { return s.Search(ctx, "", 0) }},
	{"Relationships empty types, no direction", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Relationships(ctx, []string{"hwb-e06000001", "hwb-e06000001"}, []graph.RelType{}, "")
	}},
	{"Neighbours none", func(ctx context.Context, s graph.Store) (any, error) {
		rs, ns, err := s.Neighbours(ctx, []string{"no-such-body"}, nil, graph.Both)
		return []any{rs, ns}, err
	}},
	{"Neighbourhood from an instance", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "healthwatch-e09000001", Depth: 3, Types: []graph.RelType{graph.PartOf, graph.InstanceOf, graph.AccountableTo}})
	}},
	{"Neighbourhood at the cap", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: 2, MaxNodes: 26})
	}},
	{"Neighbourhood unknown and too deep", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "no-such-body", Depth: 9})
	}},
	{"Graph typed with instances", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Graph(ctx, graph.GraphQuery{Types: []graph.RelType{graph.PartOf, graph.MemberOf}, Instances: true})
	}},
	{"Graph predecessors only edges", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Graph(ctx, graph.GraphQuery{Types: []graph.RelType{graph.SucceededBy}, Inactive: true})
	}},
	{"ShortestPath to itself", func(ctx context.Context, s graph.Store) (any, error) {
		return s.ShortestPath(ctx, graph.PathQuery{From: "svc-fertility", To: "svc-fertility", MaxHops: 3})
	}},
	{"ShortestPath both ends unknown", func(ctx context.Context, s graph.Store) (any, error) {
		return s.ShortestPath(ctx, graph.PathQuery{From: "x", To: "y", MaxHops: 3})
	}},
	{"ShortestPath unknown and bad hops", func(ctx context.Context, s graph.Store) (any, error) {
		return s.ShortestPath(ctx, graph.PathQuery{From: "x", To: "y", MaxHops: 0})
	}},
	{"ShortestPath long", func(ctx context.Context, s graph.Store) (any, error) {
		return s.ShortestPath(ctx, graph.PathQuery{From: "trust-rcf", To: "hwb-e09000001", MaxHops: 8})
	}},
	{"ShortestPath service to service", func(ctx context.Context, s graph.Store) (any, error) {
		return s.ShortestPath(ctx, graph.PathQuery{From: "svc-fertility", To: "svc-ncmp", MaxHops: 6, Types: []graph.RelType{graph.Commissions, graph.Funds, graph.Provides}})
	}},
	{"AccountabilityChain goes nowhere", func(ctx context.Context, s graph.Store) (any, error) {
		return s.AccountabilityChain(ctx, "patients-and-public")
	}},
	{"AccountabilityChain of a service", func(ctx context.Context, s graph.Store) (any, error) {
		return s.AccountabilityChain(ctx, "svc-fertility")
	}},
	{"MoneyFlow none", func(ctx context.Context, s graph.Store) (any, error) { return s.MoneyFlow(ctx, "hm-treasury") }},
	{"MoneyFlow of a service", func(ctx context.Context, s graph.Store) (any, error) { return s.MoneyFlow(ctx, "svc-fertility") }},
	{"WhoCommissions nobody", func(ctx context.Context, s graph.Store) (any, error) {
		return s.WhoCommissions(ctx, "svc-blood-and-transplant")
	}},
	{"Expand nested", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Expand(ctx, []string{"svc-specialised"}, nestedSteps)
	}},
	{"Expand ends and kinds", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Expand(ctx, []string{"nhs-england", "no-such-body", "ccg-02n", "svc-fertility"}, endSteps)
	}},
	{"Expand deep", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Expand(ctx, []string{"ccg-02n", "ccg-02n"}, deepSteps)
	}},
	{"Expand too large", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Expand(ctx, bigClasses, []graph.ExpandStep{
			{Parent: -1, Types: []graph.RelType{graph.InstanceOf}, Direction: graph.Incoming},
			{Parent: 0, Types: []graph.RelType{graph.PartOf}, Direction: graph.Outgoing},
		})
	}},
	{"Expand invalid", func(ctx context.Context, s graph.Store) (any, error) {
		return s.Expand(ctx, []string{"nhs-england"}, []graph.ExpandStep{{Parent: 0}})
	}},
}

// Trees of steps for Expand.
var (
	// service -> commissionedBy -> accountableTo
	nestedSteps = []graph.ExpandStep{
		{Parent: -1, Types: []graph.RelType{graph.Commissions}, Direction: graph.Incoming},
		{Parent: 0, Kind: graph.NodeOrganisation, Types: []graph.RelType{graph.AccountableTo}, Direction: graph.Outgoing},
	}
	// every edge of the roots; the services at their from ends (none: a
	// service is never a from end of those) and the organisations at
	// their to ends, then the edges both ways of those.
	endSteps = []graph.ExpandStep{
		{Parent: -1, Kind: graph.NodeOrganisation},
		{Parent: 0, End: graph.FromEnd, Kind: graph.NodeService, Types: []graph.RelType{graph.Provides}, Direction: graph.Incoming},
		{Parent: 0, End: graph.ToEnd, Kind: graph.NodeOrganisation, Types: []graph.RelType{graph.Funds}, Direction: graph.Outgoing},
		{Parent: 2, Types: []graph.RelType{graph.PartOf, graph.AccountableTo}, Direction: graph.Both},
		{Parent: -1, Kind: graph.NodeService, Types: []graph.RelType{graph.Commissions, graph.Provides}, Direction: graph.Incoming},
	}
	// four levels up and back down
	deepSteps = []graph.ExpandStep{
		{Parent: -1, Types: []graph.RelType{graph.PartOf}, Direction: graph.Outgoing},
		{Parent: 0, Types: []graph.RelType{graph.PartOf}, Direction: graph.Outgoing},
		{Parent: 1, Types: []graph.RelType{graph.PartOf, graph.AccountableTo}, Direction: graph.Both},
		{Parent: 2, Types: []graph.RelType{graph.Funds}, Direction: graph.Both},
		{Parent: 0, End: graph.FarEnd, Types: []graph.RelType{graph.PartOf}, Direction: graph.Incoming},
	}
	// classes with more than graph.MaxIDs instances between them
	bigClasses = []string{"clinical-commissioning-groups", "upper-tier-local-authorities", "local-healthwatch", "nhs-foundation-trusts"}
)

// Compare runs a fixed list of queries, every method with valid and invalid
// arguments, against a and b and requires the same answers: deep-equal
// values (a nil slice equals an empty one) and errors of the same class.
func Compare(t *testing.T, a, b graph.Store) {
	t.Helper()
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			va, ea := q.call(t.Context(), a)
			vb, eb := q.call(t.Context(), b)
			if d := sameError(ea, eb); d != "" {
				t.Fatalf("errors differ: %s", d)
			}
			if ea == nil && !equal(reflect.ValueOf(va), reflect.ValueOf(vb)) {
				t.Errorf("answers differ:\n a: %+v\n b: %+v", va, vb)
			}
		})
	}
	// Every newcomer query: the same hits, scores and answers.
	t.Run("Search newcomers", func(t *testing.T) {
		for _, q := range newcomerQueries(t) {
			va, ea := a.Search(t.Context(), q.text, 20)
			vb, eb := b.Search(t.Context(), q.text, 20)
			if d := sameError(ea, eb); d != "" {
				t.Fatalf("Search(%q): errors differ: %s", q.text, d)
			}
			if ea == nil && !equal(reflect.ValueOf(va), reflect.ValueOf(vb)) {
				t.Errorf("Search(%q): answers differ:\n a: %q\n b: %q", q.text, hitIDs(va), hitIDs(vb))
			}
		}
	})
}

// concurrent runs the queries from 16 goroutines at once and requires the
// answers a lone caller gets.
func concurrent(t *testing.T, s graph.Store) {
	ctx := t.Context()
	type answer struct {
		v   any
		err error
	}
	want := make([]answer, len(queries))
	for i, q := range queries {
		v, err := q.call(ctx, s)
		want[i] = answer{v, err}
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range queries {
				i := (g + k) % len(queries) // each goroutine starts elsewhere
				v, err := queries[i].call(ctx, s)
				if d := sameError(err, want[i].err); d != "" {
					t.Errorf("goroutine %d, %s: %s", g, queries[i].name, d)
				} else if !equal(reflect.ValueOf(v), reflect.ValueOf(want[i].v)) {
					t.Errorf("goroutine %d, %s: answer differs from a lone caller's", g, queries[i].name)
				}
			}
		}()
	}
	wg.Wait()
}

// sameError describes how two errors differ in class, or returns "".
func sameError(a, b error) string {
	if (a == nil) != (b == nil) {
		return fmt.Sprintf("%v vs %v", a, b)
	}
	if a == nil {
		return ""
	}
	for _, s := range []error{graph.ErrNotFound, graph.ErrInvalid, graph.ErrUnavailable, graph.ErrTooLarge} {
		if errors.Is(a, s) != errors.Is(b, s) {
			return fmt.Sprintf("%q vs %q (one is %v)", a, b, s)
		}
	}
	var ia, ib *graph.InvalidError
	if errors.As(a, &ia) && errors.As(b, &ib) && *ia != *ib {
		return fmt.Sprintf("%+v vs %+v", *ia, *ib)
	}
	var na, nb *graph.NotFoundError
	if errors.As(a, &na) != errors.As(b, &nb) || (na != nil && nb != nil && *na != *nb) {
		return fmt.Sprintf("%q vs %q", a, b)
	}
	var ta, tb *graph.TooLargeError
	if errors.As(a, &ta) && errors.As(b, &tb) && *ta != *tb {
		return fmt.Sprintf("%+v vs %+v", *ta, *tb)
	}
	return ""
}

// equal is reflect.DeepEqual except that a nil slice equals an empty one,
// since a store need not say which it returns.
func equal(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() {
		return a.IsValid() == b.IsValid()
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equal(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equal(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !equal(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			if !equal(a.MapIndex(k), b.MapIndex(k)) {
				return false
			}
		}
		return true
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	default:
		// Strings, numbers, bools: unexported fields cannot use Interface.
		return a.Equal(b)
	}
}
