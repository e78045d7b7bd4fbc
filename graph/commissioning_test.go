package graph_test

import (
	"slices"
	"testing"

	"caremap/graph"
	"caremap/graph/memory"
	"caremap/seed"
)

// TestCommissioningIsWhoCommissions checks the matrix of the real dataset
// against the Store's own question: each service's non-empty cells are
// exactly the bodies WhoCommissions lists, and every cell's relationships
// are commissioning ties of its column's body that concern its row's
// service.
func TestCommissioningIsWhoCommissions(t *testing.T) {
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	m, err := graph.Commissioning(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != len(ds.Services) {
		t.Errorf("%d rows for %d services", len(m.Rows), len(ds.Services))
	}
	var cols []string
	for _, o := range m.Commissioners {
		cols = append(cols, o.ID)
	}
	if want := []string{"nhs-england", "nhse-area-teams", "specialised-commissioning-hubs", "clinical-commissioning-groups", "upper-tier-local-authorities"}; !slices.Equal(cols, want) {
		t.Errorf("commissioners %v, want %v", cols, want)
	}
	filled := 0
	for _, row := range m.Rows {
		who, err := s.WhoCommissions(t.Context(), row.Service.ID)
		if err != nil {
			t.Fatal(err)
		}
		var want, got []string
		for _, o := range who {
			want = append(want, o.ID)
		}
		for i, c := range row.Cells {
			if c.Empty() {
				continue
			}
			filled++
			got = append(got, cols[i])
			for _, r := range c.Commissions {
				if r.Type != graph.Commissions || r.From != cols[i] || r.To != row.Service.ID {
					t.Errorf("%s × %s: relationship %s is %s %s→%s", row.Service.ID, cols[i], r.ID, r.Type, r.From, r.To)
				}
			}
			for j, r := range c.Contracts {
				if r.From != cols[i] || !slices.Contains(r.Services, row.Service.ID) || c.Providers[j].ID != r.To {
					t.Errorf("%s × %s: contract %s (%s→%s, %v) does not buy the service from %s", row.Service.ID, cols[i], r.ID, r.From, r.To, r.Services, c.Providers[j].ID)
				}
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: cells for %v, WhoCommissions %v", row.Service.ID, got, want)
		}
	}
	if filled < 30 {
		t.Errorf("only %d cells filled", filled)
	}
	// Specialised services: NHS England commissions them directly and
	// from foundation trusts and NHS trusts; the hubs commission them too.
	for _, row := range m.Rows {
		if row.Service.ID != "svc-specialised" {
			continue
		}
		nhse := row.Cells[0]
		var from []string
		for _, p := range nhse.Providers {
			from = append(from, p.ID)
		}
		if len(nhse.Commissions) != 1 || !slices.Equal(from, []string{"nhs-foundation-trusts", "nhs-trusts"}) || row.Cells[2].Empty() || !row.Cells[3].Empty() {
			t.Errorf("specialised services: %+v", row.Cells)
		}
	}
}
