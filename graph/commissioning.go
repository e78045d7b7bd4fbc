package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// CommissioningMatrix is who commissions what: every service against the
// bodies that commission it, each cell holding the relationships that say
// so, with their sources.
type CommissioningMatrix struct {
	// Commissioners are the columns: every body that commissions a
	// service, national first, then regional, then local, each tier by
	// name (NHS England; its area teams and specialised commissioning
	// hubs; the CCGs and the councils).
	Commissioners []Organisation
	// Rows are the services, ordered by name then id, services nobody
	// commissions included.
	Rows []CommissioningRow
}

// CommissioningRow is one service and, for each commissioner, its cell.
type CommissioningRow struct {
	Service Service
	Cells   []CommissioningCell // one per commissioner, in the same order
}

// CommissioningCell is what one body commissions of one service.
type CommissioningCell struct {
	// Commissions are the commissioner's COMMISSIONS edges to the service.
	Commissions []Relationship
	// Contracts are its COMMISSIONS edges to providers that list the
	// service: from whom it buys it.
	Contracts []Relationship
	// Providers are the organisations at the ends of Contracts, in the
	// same order.
	Providers []Organisation
}

// Empty reports whether the body does not commission the service.
func (c CommissioningCell) Empty() bool { return len(c.Commissions) == 0 && len(c.Contracts) == 0 }

// AmountGBP is the money the cell's relationships carry, where any of them
// does; nil when none does.
func (c CommissioningCell) AmountGBP() *int64 {
	var sum *int64
	for _, r := range c.Commissions {
		if r.AmountGBP != nil {
			v := *r.AmountGBP
			if sum != nil {
				v += *sum
			}
			sum = &v
		}
	}
	return sum
}

// Commissioning returns who commissions what on 1 April 2013: the class
// level of the live system (a class such as the 211 CCGs stands for its
// instances), in one Store.Graph call. A cell holds a body exactly when
// Store.WhoCommissions lists it for the row's service.
func Commissioning(ctx context.Context, s Store) (CommissioningMatrix, error) {
	g, err := s.Graph(ctx, GraphQuery{Types: []RelType{Commissions}})
	if err != nil {
		return CommissioningMatrix{}, fmt.Errorf("commissioning: %w", err)
	}
	orgs := map[string]*Organisation{}
	var services []Service
	for _, n := range g.Nodes {
		switch {
		case n.Organisation != nil:
			orgs[n.Organisation.ID] = n.Organisation
		case n.Service != nil:
			services = append(services, *n.Service)
		}
	}
	slices.SortFunc(services, func(a, b Service) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })

	// cells[service][commissioner]
	cells := map[string]map[string]*CommissioningCell{}
	cell := func(svc, by string) *CommissioningCell {
		if cells[svc] == nil {
			cells[svc] = map[string]*CommissioningCell{}
		}
		if cells[svc][by] == nil {
			cells[svc][by] = &CommissioningCell{}
		}
		return cells[svc][by]
	}
	commissioners := map[string]bool{}
	for _, r := range g.Edges {
		if r.Type != Commissions || orgs[r.From] == nil {
			continue
		}
		if to := orgs[r.To]; to != nil {
			for _, svc := range r.Services {
				c := cell(svc, r.From)
				c.Contracts = append(c.Contracts, r)
				c.Providers = append(c.Providers, *to)
				commissioners[r.From] = true
			}
			continue
		}
		c := cell(r.To, r.From)
		c.Commissions = append(c.Commissions, r)
		commissioners[r.From] = true
	}

	m := CommissioningMatrix{}
	for id := range commissioners {
		m.Commissioners = append(m.Commissioners, *orgs[id])
	}
	slices.SortFunc(m.Commissioners, func(a, b Organisation) int {
		return cmp.Or(cmp.Compare(slices.Index(Tiers, a.Tier), slices.Index(Tiers, b.Tier)), CompareOrganisations(a, b))
	})
	for _, svc := range services {
		row := CommissioningRow{Service: svc, Cells: make([]CommissioningCell, len(m.Commissioners))}
		for i, o := range m.Commissioners {
			if c := cells[svc.ID][o.ID]; c != nil {
				row.Cells[i] = *c
			}
		}
		m.Rows = append(m.Rows, row)
	}
	return m, nil
}
