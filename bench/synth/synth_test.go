package synth_test

import (
	"context"
	"strings"
	"testing"

	"caremap/bench/synth"
	"caremap/graph"
	"caremap/graph/memory"
	"caremap/seed"
)

func TestGrow(t *testing.T) {
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	instances, instanceEdges := 0, 0
	isInstance := map[string]bool{}
	for _, o := range ds.Organisations {
		if o.InstanceOf != "" {
			instances++
			isInstance[o.ID] = true
		}
	}
	for _, r := range ds.Relationships {
		if isInstance[r.From] || isInstance[r.To] {
			instanceEdges++
		}
	}
	if got := synth.Grow(ds, 1); got.Version != ds.Version || len(got.Organisations) != len(ds.Organisations) {
		t.Fatalf("Grow(ds, 1) changed the dataset: %s, %d organisations", got.Version, len(got.Organisations))
	}
	const k = 3
	g := synth.Grow(ds, k)
	if len(g.Organisations) != len(ds.Organisations)+(k-1)*instances ||
		len(g.Relationships) != len(ds.Relationships)+(k-1)*instanceEdges || len(g.Services) != len(ds.Services) {
		t.Fatalf("Grow(ds, %d): %d organisations, %d relationships", k, len(g.Organisations), len(g.Relationships))
	}
	if g.Version == ds.Version || g.Checksum == ds.Checksum || !strings.Contains(g.Version, "synthetic-x3") {
		t.Errorf("Grow(ds, %d) kept the real dataset's version %q or checksum", k, g.Version)
	}
	// It is a valid dataset of the same shape: the copy of a CCG answers to
	// the copy of its area team, and through it to the same national bodies.
	m, err := memory.New(g)
	if err != nil {
		t.Fatalf("memory.New(Grow(ds, %d)): %v", k, err)
	}
	ctx := context.Background()
	chain := func(id string) []string {
		os, err := m.AccountabilityChain(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, o := range os {
			ids = append(ids, o.ID)
		}
		return ids
	}
	orig, copy3 := chain("ccg-02n"), chain("ccg-02n~3")
	if len(orig) != len(copy3) || copy3[1] != "area-team-q52~3" || copy3[len(copy3)-1] != graph.Parliament {
		t.Errorf("chain of ccg-02n~3 = %q; of ccg-02n %q", copy3, orig)
	}
	p, err := m.Organisations(ctx, graph.OrganisationFilter{InstanceOf: "clinical-commissioning-groups"}, graph.Page{})
	if err != nil || p.TotalCount != k*211 {
		t.Errorf("CCGs: %d, %v; want %d", p.TotalCount, err, k*211)
	}
}
