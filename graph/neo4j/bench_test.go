package neo4j_test

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"caremap/bench/synth"
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

var growth = flag.String("growth", "1,10", "BenchmarkGrowth: the sizes of the local layer to measure, as multiples of the real one (bench/synth.Grow)")

// BenchmarkGrowth runs the questions on both stores holding the real
// dataset with its local layer grown k-fold (bench/synth.Grow), for each k
// of -growth, so their times can be compared across sizes: every question
// should grow at most linearly with the data. Seeding the larger datasets
// into Neo4j takes a while (minutes at 100x; give the server NEO4J_HEAP=6g
// and NEO4J_PAGECACHE=2g) and happens once per size.
//
//	neo4j/test.sh -run '^$' -bench Growth -args -growth 1,10,100 ./graph/neo4j/
func BenchmarkGrowth(b *testing.B) {
	base := mustDataset(b)
	var ks []int
	for _, f := range strings.Split(*growth, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k < 1 {
			b.Fatalf("-growth %q: want multiples such as 1,10,100", *growth)
		}
		ks = append(ks, k)
	}
	cfg := neo4jtest.Config(b)
	cfg.SeedTimeout = 30 * time.Minute // 100x is one transaction of about 300,000 records
	n4 := neo4jtest.OpenConfig(b, cfg, base)
	ctx := context.Background()
	nested := []graph.ExpandStep{
		{Parent: -1, Types: []graph.RelType{graph.Commissions}, Direction: graph.Incoming},
		{Parent: 0, Kind: graph.NodeOrganisation, Types: []graph.RelType{graph.AccountableTo}, Direction: graph.Outgoing},
	}
	questions := []struct {
		name string
		ask  func(s graph.Store) error
	}{
		{"Organisation", func(s graph.Store) error { _, err := s.Organisation(ctx, "nhs-england"); return err }},
		{"Expand", func(s graph.Store) error { _, err := s.Expand(ctx, []string{"svc-specialised"}, nested); return err }},
		{"WhoCommissions", func(s graph.Store) error { _, err := s.WhoCommissions(ctx, "svc-specialised"); return err }},
		{"AccountabilityChain", func(s graph.Store) error { _, err := s.AccountabilityChain(ctx, "ccg-02n"); return err }},
		{"MoneyFlow", func(s graph.Store) error { _, err := s.MoneyFlow(ctx, "ccg-02n"); return err }},
		{"OrganisationsOfClass", func(s graph.Store) error {
			_, err := s.Organisations(ctx, graph.OrganisationFilter{InstanceOf: "clinical-commissioning-groups"}, graph.Page{First: 20})
			return err
		}},
		{"OrganisationsPartOf", func(s graph.Store) error {
			_, err := s.Organisations(ctx, graph.OrganisationFilter{PartOf: "area-team-q52"}, graph.Page{})
			return err
		}},
		{"RelationshipsOfClass", func(s graph.Store) error {
			_, err := s.Relationships(ctx, []string{"clinical-commissioning-groups"}, []graph.RelType{graph.AccountableTo, graph.Funds}, graph.Both)
			return err
		}},
		{"Search", func(s graph.Store) error { _, err := s.Search(ctx, "health and wellbeing", 10); return err }},
		{"ShortestPath", func(s graph.Store) error {
			_, err := s.ShortestPath(ctx, graph.PathQuery{From: "healthwatch-e06000001", To: "nice", MaxHops: 8})
			return err
		}},
		{"Neighbourhood", func(s graph.Store) error {
			_, err := s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "department-of-health", Depth: 2})
			return err
		}},
		{"Graph", func(s graph.Store) error { _, err := s.Graph(ctx, graph.GraphQuery{}); return err }},
		{"Stats", func(s graph.Store) error { _, err := s.Stats(ctx); return err }},
	}
	for _, k := range ks {
		ds := synth.Grow(base, k)
		start := time.Now()
		// From empty: one transaction holding both the old copies' deletion
		// and the new ones can outgrow the server's transaction memory.
		if _, err := n4.Seed(ctx, graph.Dataset{}, nil); err != nil {
			b.Fatalf("emptying before x%d: %v", k, err)
		}
		if _, err := n4.Seed(ctx, ds, nil); err != nil {
			b.Fatalf("seeding x%d: %v", k, err)
		}
		b.Logf("x%d: %d nodes, %d relationships; seeded in %s", k, len(ds.Organisations)+len(ds.Services), len(ds.Relationships), time.Since(start).Round(time.Millisecond))
		if err := n4.Warm(ctx); err != nil {
			b.Fatal(err)
		}
		// Ten unmeasured rounds first, so the server has compiled its hot
		// code and cached its plans and pages (a fresh JVM runs ten times
		// slower in its first minute).
		for range 10 {
			for _, q := range questions {
				if err := q.ask(n4); err != nil {
					b.Fatal(err)
				}
			}
		}
		stores := []struct {
			name  string
			store graph.Store
		}{{"memory", mustMemory(b, ds)}, {"neo4j", n4}}
		for _, q := range questions {
			for _, st := range stores {
				b.Run(fmt.Sprintf("%s/x%d/%s", q.name, k, st.name), func(b *testing.B) {
					for b.Loop() {
						if err := q.ask(st.store); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
	if _, err := n4.Seed(ctx, base, nil); err != nil { // leave the real dataset behind
		b.Fatal(err)
	}
}
