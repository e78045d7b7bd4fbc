package seed

import (
	"caremap/graph"
)

// validate runs the checks that span records: unique ids, edge ends and
// their kinds, amounts and years, services, and class membership.
func (b *builder) validate() {
	orgs := make(map[string]*graph.Organisation, len(b.orgs))
	services := make(map[string]bool, len(b.services))
	seen := make(map[string]origin, len(b.orgs)+len(b.services))
	for i := range b.orgs {
		o := &b.orgs[i]
		if o.rec.ID == "" {
			continue
		}
		if first, dup := seen[o.rec.ID]; dup {
			b.p.add(o.at, "duplicate id %q: also used at %s; ids are unique across organisations and services", o.rec.ID, first)
			continue
		}
		seen[o.rec.ID] = o.at
		orgs[o.rec.ID] = &o.rec
	}
	for _, s := range b.services {
		if s.rec.ID == "" {
			continue
		}
		if first, dup := seen[s.rec.ID]; dup {
			b.p.add(s.at, "duplicate id %q: also used at %s; ids are unique across organisations and services", s.rec.ID, first)
			continue
		}
		seen[s.rec.ID] = s.at
		services[s.rec.ID] = true
	}
	ids := make(map[string]bool, len(seen))
	for id := range seen {
		ids[id] = true
	}
	b.checkGlossary(ids)

	edgeSeen := make(map[string]origin, len(b.rels))
	instanceEdges := map[string]int{}
	for _, l := range b.rels {
		r, at := l.rec, l.at
		if r.ID != "" {
			if first, dup := edgeSeen[r.ID]; dup {
				b.p.add(at, "duplicate relationship id %q: also used at %s", r.ID, first)
			} else {
				edgeSeen[r.ID] = at
			}
		}
		info, ok := r.Type.Info()
		if !ok {
			b.p.add(at, "unknown relationship type %q: allowed: %s", r.Type, graph.RelTypeNames())
		}
		fromKind, fromOK := b.endKind(at, "from", r.From, orgs, services)
		toKind, toOK := b.endKind(at, "to", r.To, orgs, services)
		if ok && fromOK && fromKind&info.From == 0 {
			b.p.add(at, "from %q is %s: a %s edge goes from %s", r.From, nodeWords(fromKind == graph.EndService), r.Type, endpointWords(info.From))
		}
		if ok && toOK && toKind&info.To == 0 {
			b.p.add(at, "to %q is %s: a %s edge goes to %s", r.To, nodeWords(toKind == graph.EndService), r.Type, endpointWords(info.To))
		}
		if ok {
			b.checkMoney(at, r, info)
		}
		if len(r.Services) > 0 && r.Type != graph.Commissions {
			b.p.add(at, "services on a %s edge: allowed only on COMMISSIONS edges (say what is commissioned)", r.Type)
		}
		for _, s := range r.Services {
			if !services[s] && !b.p.broken[fileServices] {
				b.p.add(at, "services: %q is not a service id: allowed: ids from %s (put free text in mechanism or note)", s, fileServices)
			}
		}
		if r.Type == graph.InstanceOf && fromOK && toOK {
			from, to := orgs[r.From], orgs[r.To]
			if from != nil && from.InstanceOf != r.To {
				if from.InstanceOf == "" {
					b.p.add(at, "from %q is not an instance (it has no class): INSTANCE_OF goes from an instance to its class", r.From)
				} else {
					b.p.add(at, "from %q is an instance of %q, not %q: INSTANCE_OF goes from an instance to its own class", r.From, from.InstanceOf, r.To)
				}
			}
			if to != nil && to.InstanceOf != "" {
				b.p.add(at, "to %q is itself an instance (of %q): INSTANCE_OF goes to a class node", r.To, to.InstanceOf)
			}
			if from != nil && from.InstanceOf == r.To {
				instanceEdges[r.From]++
			}
		}
	}

	for _, o := range b.orgs {
		if o.rec.InstanceOf == "" {
			continue
		}
		class := orgs[o.rec.InstanceOf]
		switch {
		case class == nil:
			b.p.add(o.at, "instance of %q, which is not an organisation", o.rec.InstanceOf)
		case class.InstanceOf != "":
			b.p.add(o.at, "instance of %q, which is itself an instance: allowed: a class node", o.rec.InstanceOf)
		}
		if n := instanceEdges[o.rec.ID]; n != 1 {
			b.p.add(o.at, "%q has %d INSTANCE_OF edges to its class %q: allowed: exactly one", o.rec.ID, n, o.rec.InstanceOf)
		}
	}
}

// endKind reports whether id names an organisation or a service.
func (b *builder) endKind(at origin, field, id string, orgs map[string]*graph.Organisation, services map[string]bool) (graph.Endpoint, bool) {
	switch {
	case id == "":
		return 0, false // reported as missing already
	case orgs[id] != nil:
		return graph.EndOrganisation, true
	case services[id]:
		return graph.EndService, true
	}
	if !b.p.broken[fileOrganisations] && !b.p.broken[fileServices] {
		b.p.add(at, "%s %q names no organisation or service", field, id)
	}
	return 0, false
}

// checkMoney enforces the amount and year rules.
func (b *builder) checkMoney(at origin, r graph.Relationship, info graph.RelTypeInfo) {
	if !info.Money {
		if r.AmountGBP != nil {
			b.p.add(at, "amount_gbp on a %s edge: allowed only on money types (%s)", r.Type, moneyTypes())
		}
		if r.Year != "" {
			b.p.add(at, "year on a %s edge: allowed only on money types (%s)", r.Type, moneyTypes())
		}
		return
	}
	if r.AmountGBP != nil && *r.AmountGBP < 0 {
		b.p.add(at, "amount_gbp %d is negative: allowed: a whole number of pounds, 0 or more", *r.AmountGBP)
	}
	if r.Year != "" && !checkYear(r.Year) {
		b.p.add(at, "year %q: allowed: a financial year YYYY/YY, e.g. 2013/14", r.Year)
	}
	if r.AmountGBP != nil && r.Year == "" {
		b.p.add(at, "amount_gbp %d has no year: allowed: give the financial year, e.g. year: 2013/14", *r.AmountGBP)
	}
}

func moneyTypes() string {
	var s string
	for _, t := range graph.RelTypes {
		if t.Money {
			if s != "" {
				s += ", "
			}
			s += string(t.Type)
		}
	}
	return s
}
