package gql_test

import (
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"

	"caremap/graph/gql"
	"caremap/graph/memory"
	"caremap/seed"
)

// TestCommissioningMatrix asks for who commissions what and checks the
// cells of a few services: the columns, the relationships and providers of
// a cell, and empty cells.
func TestCommissioningMatrix(t *testing.T) {
	c := newClient(t)
	var r struct {
		CommissioningMatrix struct {
			Commissioners []struct{ ID string }
			Rows          []struct {
				Service struct{ ID string }
				Cells   []struct {
					Commissioner  struct{ ID string }
					Commissions   bool
					Relationships []struct {
						ID      string
						Sources []struct{ URL string }
					}
					Contracts []struct{ ID string }
					Providers []struct{ ID string }
					AmountGbp *float64
				}
			}
		}
	}
	c.MustPost(`{ commissioningMatrix {
		commissioners { id }
		rows { service { id } cells { commissioner { id } commissions relationships { id sources { url } } contracts { id } providers { id } amountGbp } }
	} }`, &r)
	m := r.CommissioningMatrix
	if got := idsOf(m.Commissioners); got != "nhs-england nhse-area-teams specialised-commissioning-hubs clinical-commissioning-groups upper-tier-local-authorities" {
		t.Errorf("commissioners %q", got)
	}
	seen := 0
	for _, row := range m.Rows {
		if len(row.Cells) != len(m.Commissioners) {
			t.Fatalf("%s: %d cells for %d commissioners", row.Service.ID, len(row.Cells), len(m.Commissioners))
		}
		for i, cell := range row.Cells {
			if cell.Commissioner.ID != m.Commissioners[i].ID {
				t.Errorf("%s: cell %d is for %s, column %s", row.Service.ID, i, cell.Commissioner.ID, m.Commissioners[i].ID)
			}
			if cell.Commissions != (len(cell.Relationships)+len(cell.Contracts) > 0) {
				t.Errorf("%s × %s: commissions %v with %d relationships", row.Service.ID, cell.Commissioner.ID, cell.Commissions, len(cell.Relationships))
			}
			for _, rel := range cell.Relationships {
				if len(rel.Sources) == 0 {
					t.Errorf("%s × %s: relationship %s has no sources", row.Service.ID, cell.Commissioner.ID, rel.ID)
				}
			}
		}
		switch row.Service.ID {
		case "svc-specialised":
			seen++
			nhse := row.Cells[0]
			if len(nhse.Relationships) != 1 || nhse.Relationships[0].ID != "rel-117" || idsOf(nhse.Contracts) != "rel-136 rel-137" || idsOf(nhse.Providers) != "nhs-foundation-trusts nhs-trusts" {
				t.Errorf("specialised × NHS England: %+v", nhse)
			}
			if row.Cells[3].Commissions || row.Cells[4].Commissions {
				t.Errorf("specialised services commissioned by CCGs or councils: %+v", row.Cells[3:])
			}
		case "svc-sexual-health":
			seen++
			if !row.Cells[4].Commissions || row.Cells[0].Commissions || idsOf(row.Cells[4].Providers) != "community-pharmacies nhs-foundation-trusts" {
				t.Errorf("sexual health: %+v", row.Cells)
			}
		case "svc-blood-and-transplant":
			seen++
			for _, cell := range row.Cells {
				if cell.Commissions || cell.AmountGbp != nil {
					t.Errorf("blood and transplant is commissioned by %s", cell.Commissioner.ID)
				}
			}
		}
	}
	if seen != 3 || len(m.Rows) != 31 {
		t.Errorf("%d rows, %d of the three checked", len(m.Rows), seen)
	}
}

// TestGlossary asks for the glossary: every term with its expansion,
// definition, bodies and sources, and the address of its entry.
func TestGlossary(t *testing.T) {
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(gql.NewHandler(gql.Options{Store: st, Glossary: ds.Glossary}))
	var r struct {
		Glossary []struct {
			Term, Expansion, Definition, URL string
			Forms                            []string
			Bodies                           []struct{ ID, Name string }
			Sources                          []struct{ Title, URL string }
		}
	}
	c.MustPost(`{ glossary { term expansion definition forms url bodies { id name } sources { title url } } }`, &r)
	if len(r.Glossary) != len(ds.Glossary) || len(r.Glossary) < 40 {
		t.Fatalf("%d terms, want the dataset's %d (at least 40)", len(r.Glossary), len(ds.Glossary))
	}
	found := false
	for _, term := range r.Glossary {
		if term.Expansion == "" || term.Definition == "" || len(term.Sources) == 0 {
			t.Errorf("%s: %+v", term.Term, term)
		}
		if term.Term == "CCG" {
			found = true
			if term.Expansion != "clinical commissioning group" || term.URL != "/glossary#ccg" || !slices.Contains(term.Forms, "CCGs") ||
				len(term.Bodies) == 0 || term.Bodies[0].ID != "clinical-commissioning-groups" {
				t.Errorf("CCG: %+v", term)
			}
		}
	}
	if !found {
		t.Error("no CCG")
	}
	// Without a glossary the field is an empty list.
	var empty struct{ Glossary []struct{ Term string } }
	newClient(t).MustPost(`{ glossary { term } }`, &empty)
	if len(empty.Glossary) != 0 {
		t.Errorf("glossary without one: %v", empty.Glossary)
	}
}

// TestDisplayName: a body with an operating name shows it as displayName,
// its legal name as name; others show their name; so does any node.
func TestDisplayName(t *testing.T) {
	c := newClient(t)
	var r struct {
		NHSE, DH struct {
			Name, DisplayName string
			OperatingName     *string
		}
		Node struct{ DisplayName string }
		Svc  struct{ DisplayName string }
	}
	c.MustPost(`{
		nhse: organisation(id: "nhs-england") { name displayName operatingName }
		dh: organisation(id: "department-of-health") { name displayName operatingName }
		node(id: "phso") { displayName }
		svc: service(id: "svc-specialised") { displayName }
	}`, &r)
	if r.NHSE.Name != "NHS Commissioning Board" || r.NHSE.DisplayName != "NHS England" || r.NHSE.OperatingName == nil || *r.NHSE.OperatingName != "NHS England" {
		t.Errorf("NHS England: %+v", r.NHSE)
	}
	if r.DH.DisplayName != "Department of Health" || r.DH.Name != r.DH.DisplayName || r.DH.OperatingName != nil {
		t.Errorf("Department of Health: %+v", r.DH)
	}
	if r.Node.DisplayName != "Parliamentary and Health Service Ombudsman" || r.Svc.DisplayName != "Specialised services" {
		t.Errorf("node %+v, service %+v", r.Node, r.Svc)
	}
}
