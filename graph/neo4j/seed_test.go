package neo4j_test

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"caremap/graph"
	"caremap/graph/graphtest"
	"caremap/graph/neo4j"
	"caremap/graph/neo4j/neo4jtest"
)

// older returns a copy of ds as an older version might have been: without
// ccg-02n and its edges, with NHS England under another name, with an extra
// body and edge, and with one edge's note changed.
func older(ds graph.Dataset) graph.Dataset {
	o := ds
	o.Version, o.Checksum = "2013-04-01+0", "sha256:older"
	o.Organisations = slices.DeleteFunc(slices.Clone(ds.Organisations), func(x graph.Organisation) bool { return x.ID == "ccg-02n" })
	for i := range o.Organisations {
		if o.Organisations[i].ID == "nhs-england" {
			o.Organisations[i].Name, o.Organisations[i].OperatingName = "NHS Commissioning Board (operating name NHS England)", ""
		}
	}
	o.Organisations = append(o.Organisations, graph.Organisation{
		ID: "test-body", Name: "Test body", Kind: graph.KindNetwork, Tier: graph.TierNational,
		Status: "active", Count: 1, Confidence: graph.ConfidenceLow,
	})
	o.Relationships = slices.DeleteFunc(slices.Clone(ds.Relationships), func(r graph.Relationship) bool {
		return r.From == "ccg-02n" || r.To == "ccg-02n"
	})
	o.Relationships = append(o.Relationships, graph.Relationship{
		ID: "rel-test", Type: graph.AccountableTo, From: "test-body", To: "nhs-england", Confidence: graph.ConfidenceLow,
	})
	o.Relationships[0].Note += " (changed)"
	return o
}

func removedEdges(ds graph.Dataset) int {
	n := 0
	for _, r := range ds.Relationships {
		if r.From == "ccg-02n" || r.To == "ccg-02n" {
			n++
		}
	}
	return n
}

func nodeCount(ds graph.Dataset) int { return len(ds.Organisations) + len(ds.Services) }

func TestSeedIsIdempotent(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	before := s.RoundTrips()
	calls := 0
	sum, err := s.Seed(t.Context(), ds, func(neo4j.SeedProgress) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	info := graph.DatasetInfo{Version: ds.Version, Checksum: ds.Checksum}
	want := neo4j.SeedSummary{
		Previous: info, Dataset: info,
		Nodes:         neo4j.SeedCounts{Unchanged: nodeCount(ds)},
		Relationships: neo4j.SeedCounts{Unchanged: len(ds.Relationships)},
	}
	if sum != want {
		t.Errorf("second seed = %+v\nwant %+v", sum, want)
	}
	if calls != 0 {
		t.Errorf("second seed reported %d write batches, want none", calls)
	}
	// Schema (8 statements + awaiting indexes) and one read of the state.
	if n := s.RoundTrips() - before; n != 10 {
		t.Errorf("second seed: %d queries, want 10 (schema, await indexes, read state)", n)
	}
}

func TestSeedReplacesAnOlderDataset(t *testing.T) {
	ds := mustDataset(t)
	old := older(ds)
	s := neo4jtest.Open(t, graph.Dataset{}) // empty
	ctx := t.Context()

	// Into an empty database: everything is created.
	var progress []neo4j.SeedProgress
	sum, err := s.Seed(ctx, ds, func(p neo4j.SeedProgress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	if want := (neo4j.SeedCounts{Created: nodeCount(ds)}); sum.Nodes != want || !sum.Changed || sum.Previous != (graph.DatasetInfo{}) {
		t.Errorf("seed into empty: nodes %+v changed %v previous %+v, want %+v", sum.Nodes, sum.Changed, sum.Previous, want)
	}
	if want := (neo4j.SeedCounts{Created: len(ds.Relationships)}); sum.Relationships != want {
		t.Errorf("seed into empty: relationships %+v, want %+v", sum.Relationships, want)
	}
	// Planned on the new data's statistics (db.prepareForReplanning ran).
	if sum.Replan != "" {
		t.Errorf("seed into empty: query plans not refreshed: %s", sum.Replan)
	}
	if len(progress) < 2 || progress[len(progress)-1].Stage != "done" || progress[len(progress)-1].Done != progress[0].Total {
		t.Errorf("progress = %+v, want batches then done", progress)
	}

	// Back to the older version: its differences are undone.
	sum, err = s.Seed(ctx, old, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantNodes := neo4j.SeedCounts{Created: 1, Updated: 1, Deleted: 1, Unchanged: nodeCount(ds) - 2}
	wantRels := neo4j.SeedCounts{Created: 1, Updated: 1, Deleted: removedEdges(ds), Unchanged: len(ds.Relationships) - removedEdges(ds) - 1}
	if sum.Nodes != wantNodes || sum.Relationships != wantRels {
		t.Errorf("seed older: nodes %+v relationships %+v\nwant nodes %+v relationships %+v", sum.Nodes, sum.Relationships, wantNodes, wantRels)
	}
	t.Run("older", func(t *testing.T) { graphtest.Compare(t, mustMemory(t, old), s) })

	// And forward again.
	sum, err = s.Seed(ctx, ds, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantNodes = neo4j.SeedCounts{Created: 1, Updated: 1, Deleted: 1, Unchanged: nodeCount(ds) - 2}
	wantRels = neo4j.SeedCounts{Created: removedEdges(ds), Updated: 1, Deleted: 1, Unchanged: len(ds.Relationships) - removedEdges(ds) - 1}
	if sum.Nodes != wantNodes || sum.Relationships != wantRels || sum.Previous.Version != old.Version {
		t.Errorf("seed newer: %+v\nwant nodes %+v relationships %+v", sum, wantNodes, wantRels)
	}
	t.Run("newer", func(t *testing.T) { graphtest.Compare(t, mustMemory(t, ds), s) })
}

// TestSeedIsAtomic makes a seed fail in its last batches and requires the
// previous contents, exactly.
func TestSeedIsAtomic(t *testing.T) {
	ds := mustDataset(t)
	var failAt atomic.Int64 // batches from the end; 0: do not fail
	boom := errors.New("injected failure")
	cfg := neo4jtest.Config(t)
	neo4j.SetBeforeSeedBatch(&cfg, func(batch, batches int) error {
		if n := failAt.Load(); n > 0 && batch == batches-int(n) {
			return boom
		}
		return nil
	})
	s := neo4jtest.OpenConfig(t, cfg, ds)
	mem := mustMemory(t, ds)
	for _, fromEnd := range []int64{1, 2} { // the dataset record, the last edges
		failAt.Store(fromEnd)
		_, err := s.Seed(t.Context(), older(ds), nil)
		if !errors.Is(err, boom) {
			t.Fatalf("seed failing %d batch(es) from the end: err %v, want the injected failure", fromEnd, err)
		}
		info, err := s.Info(t.Context())
		if err != nil || info != (graph.DatasetInfo{Version: ds.Version, Checksum: ds.Checksum}) {
			t.Fatalf("after a failed seed Info = %+v, %v; want the previous dataset", info, err)
		}
		t.Run("contents", func(t *testing.T) { graphtest.Compare(t, mem, s) })
	}
	failAt.Store(0)
	sum, err := s.Seed(t.Context(), ds, nil)
	if err != nil || sum.Changed {
		t.Fatalf("seed after the failures: %+v, %v; want nothing to change", sum, err)
	}
}

func TestSeedRejectsABadDataset(t *testing.T) {
	ds := mustDataset(t)
	s := neo4jtest.Open(t, ds)
	bad := ds
	bad.Relationships = append(slices.Clone(ds.Relationships), graph.Relationship{ID: "rel-bad", Type: "LIKES", From: "nhs-england", To: "nice"})
	_, err := s.Seed(t.Context(), bad, nil)
	var ie *graph.InvalidError
	if !errors.As(err, &ie) || ie.Param != "type" {
		t.Fatalf("seed with an unknown type: %v, want an *InvalidError for type", err)
	}
	bad.Relationships = append(slices.Clone(ds.Relationships), graph.Relationship{ID: "rel-bad", Type: graph.Funds, From: "nhs-england", To: "nowhere"})
	if _, err := s.Seed(t.Context(), bad, nil); !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("seed with a dangling edge: %v, want ErrInvalid", err)
	}
	if err := s.Check(t.Context(), graph.DatasetInfo{Version: ds.Version, Checksum: ds.Checksum}); err != nil {
		t.Fatalf("after rejected seeds: %v", err)
	}
}

func TestSeedSummaryString(t *testing.T) {
	for _, c := range []struct {
		s    fmt.Stringer
		want string
	}{
		{neo4j.SeedSummary{Dataset: graph.DatasetInfo{Version: "v2"}, Previous: graph.DatasetInfo{Version: "v1"}, Changed: true,
			Nodes: neo4j.SeedCounts{Created: 1, Updated: 2, Unchanged: 3, Deleted: 4}},
			"seeded dataset v2 (was v1): nodes: 1 created, 2 updated, 3 unchanged, 4 deleted; relationships: 0 created, 0 updated, 0 unchanged, 0 deleted"},
		{neo4j.SeedSummary{Dataset: graph.DatasetInfo{Version: "v2"}, Changed: true},
			"seeded dataset v2 (was empty): nodes: 0 created, 0 updated, 0 unchanged, 0 deleted; relationships: 0 created, 0 updated, 0 unchanged, 0 deleted"},
		{neo4j.SeedSummary{Dataset: graph.DatasetInfo{Version: "v2"}, Previous: graph.DatasetInfo{Version: "v2"}},
			"already held dataset v2: nodes: 0 created, 0 updated, 0 unchanged, 0 deleted; relationships: 0 created, 0 updated, 0 unchanged, 0 deleted"},
		{neo4j.SeedProgress{Stage: "relationships", Done: 4, Total: 7}, "seed: relationships (batch 5 of 7)"},
		{neo4j.SeedProgress{Stage: "done", Done: 7, Total: 7}, "seed: done (7 batches)"},
	} {
		if got := c.s.String(); got != c.want {
			t.Errorf("String() =\n %q\nwant\n %q", got, c.want)
		}
	}
}
