package neo4j_test

import (
	"context"
	"testing"

	"caremap/graph"
	"caremap/graph/neo4j/neo4jtest"
)

// BenchmarkSeed measures a full seed into an empty database and a re-seed
// of an unchanged one (the aim: under 5 s each).
func BenchmarkSeed(b *testing.B) {
	ds := mustDataset(b)
	s := neo4jtest.Open(b, ds)
	ctx := context.Background()
	b.Run("empty", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if _, err := s.Seed(ctx, graph.Dataset{}, nil); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := s.Seed(ctx, ds, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		for b.Loop() {
			sum, err := s.Seed(ctx, ds, nil)
			if err != nil || sum.Changed {
				b.Fatalf("%+v %v", sum, err)
			}
		}
	})
}

// BenchmarkQuestions runs the playground's questions on both stores.
func BenchmarkQuestions(b *testing.B) {
	ds := mustDataset(b)
	stores := []struct {
		name  string
		store graph.Store
	}{
		{"memory", mustMemory(b, ds)},
		{"neo4j", neo4jtest.Open(b, ds)},
	}
	ctx := context.Background()
	questions := []struct {
		name string
		ask  func(s graph.Store) error
	}{
		{"Organisation", func(s graph.Store) error { _, err := s.Organisation(ctx, "nhs-england"); return err }},
		{"Search", func(s graph.Store) error { _, err := s.Search(ctx, "health and wellbeing", 10); return err }},
		{"WhoCommissions", func(s graph.Store) error { _, err := s.WhoCommissions(ctx, "svc-specialised"); return err }},
		{"AccountabilityChain", func(s graph.Store) error { _, err := s.AccountabilityChain(ctx, "ccg-02n"); return err }},
		{"MoneyFlow", func(s graph.Store) error { _, err := s.MoneyFlow(ctx, "local-healthwatch"); return err }},
		{"ShortestPath", func(s graph.Store) error {
			_, err := s.ShortestPath(ctx, graph.PathQuery{From: "healthwatch-e06000001", To: "nice", MaxHops: 8})
			return err
		}},
		{"Neighbourhood", func(s graph.Store) error {
			_, err := s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england", Depth: 2})
			return err
		}},
		{"Neighbours", func(s graph.Store) error {
			_, _, err := s.Neighbours(ctx, []string{"svc-specialised", "svc-community-health"}, []graph.RelType{graph.Commissions}, graph.Incoming)
			return err
		}},
		{"Graph", func(s graph.Store) error { _, err := s.Graph(ctx, graph.GraphQuery{}); return err }},
	}
	for _, q := range questions {
		for _, st := range stores {
			b.Run(q.name+"/"+st.name, func(b *testing.B) {
				for b.Loop() {
					if err := q.ask(st.store); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkSearch runs what a newcomer types on both stores: one letter,
// acronyms, common words, a synonym, a typo, a question (with its answer)
// and a word thousands of GP practices share.
func BenchmarkSearch(b *testing.B) {
	ds := mustDataset(b)
	stores := []struct {
		name  string
		store graph.Store
	}{
		{"memory", mustMemory(b, ds)},
		{"neo4j", neo4jtest.Open(b, ds)},
	}
	ctx := context.Background()
	for _, q := range []string{"n", "nhs", "gp", "health and wellbeing", "vaccination", "imunisation",
		"who commissions GP services", "surgery"} {
		for _, st := range stores {
			b.Run(q+"/"+st.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := st.store.Search(ctx, q, 20); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
