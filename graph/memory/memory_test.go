package memory_test

import (
	"context"
	"sync"
	"testing"

	"caremap/graph"
	"caremap/graph/graphtest"
	"caremap/graph/memory"
	"caremap/seed"
)

// realStore builds one store over the embedded dataset per test binary.
var realStore = sync.OnceValues(func() (*memory.Store, error) {
	ds, err := seed.Load()
	if err != nil {
		return nil, err
	}
	return memory.New(ds)
})

func open(tb testing.TB) *memory.Store {
	tb.Helper()
	s, err := realStore()
	if err != nil {
		tb.Fatalf("building the store over seed.Load(): %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store { return open(t) })
}

// TestCompare holds a second, separately built store to the first: the
// indexes must not depend on map order or on the dataset's order.
func TestCompare(t *testing.T) {
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	// Reverse every list: New must not care.
	for i, j := 0, len(ds.Organisations)-1; i < j; i, j = i+1, j-1 {
		ds.Organisations[i], ds.Organisations[j] = ds.Organisations[j], ds.Organisations[i]
	}
	for i, j := 0, len(ds.Relationships)-1; i < j; i, j = i+1, j-1 {
		ds.Relationships[i], ds.Relationships[j] = ds.Relationships[j], ds.Relationships[i]
	}
	other, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	graphtest.Compare(t, open(t), other)
}

func BenchmarkNew(b *testing.B) {
	ds, err := seed.Load()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := memory.New(ds); err != nil {
			b.Fatal(err)
		}
	}
}

// searchBenchmarks are what a newcomer types, letter by letter and whole:
// one letter, acronyms, common words, a synonym, a typo, a question (with
// its answer) and a word thousands of GP practices share.
var searchBenchmarks = []string{"n", "nhs", "gp", "health and wellbeing", "vaccination", "imunisation",
	"who commissions GP services", "surgery"}

func BenchmarkSearch(b *testing.B) {
	s, ctx := open(b), context.Background()
	for _, q := range searchBenchmarks {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(ctx, q, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAccountabilityChain(b *testing.B) {
	s, ctx := open(b), context.Background()
	for b.Loop() {
		if _, err := s.AccountabilityChain(ctx, "ccg-02n"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWhoCommissions(b *testing.B) {
	s, ctx := open(b), context.Background()
	for b.Loop() {
		if _, err := s.WhoCommissions(ctx, "svc-specialised"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNeighbourhood(b *testing.B) {
	s, ctx := open(b), context.Background()
	for b.Loop() {
		if _, err := s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "nhs-england", Depth: 2, Instances: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOrganisations(b *testing.B) {
	s, ctx := open(b), context.Background()
	f := graph.OrganisationFilter{InstanceOf: "clinical-commissioning-groups"}
	for b.Loop() {
		if _, err := s.Organisations(ctx, f, graph.Page{First: 100, After: graph.EncodeCursor(99)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGraph(b *testing.B) {
	s, ctx := open(b), context.Background()
	for b.Loop() {
		if _, err := s.Graph(ctx, graph.GraphQuery{Instances: true, Inactive: true}); err != nil {
			b.Fatal(err)
		}
	}
}
