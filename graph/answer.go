package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// SearchAnswer is the answer, for one search hit, to the question the
// search text asked ("who commissions GP services?"), from the ties the
// dataset records, with their sources.
type SearchAnswer struct {
	// Question is the question as understood, about the hit: "Who
	// commissions General practice (primary medical services)?".
	Question  string
	Type      RelType
	Direction Direction // of the ties, from the hit (or from Via)
	// Via is, for an instance with no such tie of its own, the class whose
	// ties answer for it ("as one of the clinical commissioning groups");
	// nil otherwise.
	Via *Organisation
	// Relationships are the ties that answer the question: for an
	// accountability chain, the ties along it from the hit up; otherwise in
	// SortRelationships order.
	Relationships []Relationship
	// Nodes are the bodies that answer it: the chain above the hit up to
	// Parliament, in order, for accountability; otherwise the other ends of
	// Relationships, each once, ordered by name then id. Empty when the
	// dataset records none.
	Nodes []Node
}

// AnswerSearch answers, for the first of hits, the question q asks, if it
// asks one: every Store calls it on the hits it returns, so the answer is
// the same everywhere. It asks s one to three questions.
func AnswerSearch(ctx context.Context, s Store, q SearchQuery, hits []SearchHit) error {
	if q.question == nil || len(hits) == 0 {
		return nil
	}
	a, err := answer(ctx, s, *q.question, hits[0].Node)
	if err != nil {
		return fmt.Errorf("answering the search's question: %w", err)
	}
	hits[0].Answer = a
	return nil
}

func answer(ctx context.Context, s Store, q Question, n Node) (*SearchAnswer, error) {
	if q.Type == Funds && q.Direction == Incoming && n.Service != nil {
		// Who pays for a service: its commissioners, who buy it.
		q.Type = Commissions
	}
	a := &SearchAnswer{Question: QuestionText(q, n.Name()), Type: q.Type, Direction: q.Direction}
	id := n.ID()
	switch {
	case q.Type == AccountableTo && q.Direction == Outgoing && n.Organisation != nil:
		chain, err := s.AccountabilityChain(ctx, id)
		if err != nil {
			return nil, err
		}
		return a, a.chain(ctx, s, chain)
	case q.Type == Commissions && q.Direction == Incoming && n.Service != nil:
		orgs, err := s.WhoCommissions(ctx, id)
		if err != nil || len(orgs) == 0 {
			return a, err
		}
		ids := make([]string, len(orgs))
		for i, o := range orgs {
			ids[i] = o.ID
			a.Nodes = append(a.Nodes, Node{Organisation: &orgs[i]})
		}
		rs, err := s.Relationships(ctx, ids, []RelType{Commissions}, Outgoing)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.To == id || slices.Contains(r.Services, id) {
				a.Relationships = append(a.Relationships, r)
			}
		}
		return a, nil
	}
	if err := a.ties(ctx, s, id); err != nil {
		return nil, err
	}
	if len(a.Relationships) == 0 && n.Organisation != nil && n.Organisation.InstanceOf != "" {
		class, err := s.Organisation(ctx, n.Organisation.InstanceOf)
		if err != nil {
			return nil, err
		}
		a.Via = &class
		if err := a.ties(ctx, s, class.ID); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// ties sets the answer's relationships to id's ties of its type and
// direction, and its nodes to their other ends.
func (a *SearchAnswer) ties(ctx context.Context, s Store, id string) error {
	rs, ns, err := s.Neighbours(ctx, []string{id}, []RelType{a.Type}, a.Direction)
	if err != nil {
		return err
	}
	byID := make(map[string]Node, len(ns))
	for _, n := range ns {
		byID[n.ID()] = n
	}
	a.Relationships, a.Nodes = rs, nil
	seen := map[string]bool{}
	for _, r := range rs {
		other := r.To
		if a.Direction == Incoming {
			other = r.From
		}
		if n, ok := byID[other]; ok && !seen[other] {
			seen[other] = true
			a.Nodes = append(a.Nodes, n)
		}
	}
	slices.SortFunc(a.Nodes, func(x, y Node) int {
		return cmp.Or(cmp.Compare(x.Name(), y.Name()), cmp.Compare(x.ID(), y.ID()))
	})
	return nil
}

// chain sets the answer's nodes to chain after its first body, and its
// relationships to the ties between consecutive bodies.
func (a *SearchAnswer) chain(ctx context.Context, s Store, chain []Organisation) error {
	if len(chain) < 2 {
		return nil
	}
	ids := make([]string, len(chain)-1)
	for i := range ids {
		ids[i] = chain[i].ID
	}
	rs, err := s.Relationships(ctx, ids, []RelType{AccountableTo, PartOf, InstanceOf}, Outgoing)
	if err != nil {
		return err
	}
	for i := 1; i < len(chain); i++ {
		a.Nodes = append(a.Nodes, Node{Organisation: &chain[i]})
		// The tie the chain followed: of the first type in the chain's
		// order of preference (AccountabilityChain) that links the two.
		for _, t := range []RelType{AccountableTo, PartOf, InstanceOf} {
			k := slices.IndexFunc(rs, func(r Relationship) bool { return r.Type == t && r.From == chain[i-1].ID && r.To == chain[i].ID })
			if k >= 0 {
				a.Relationships = append(a.Relationships, rs[k])
				break
			}
		}
	}
	return nil
}

// QuestionText writes question q about the node named name in English:
// "Who commissions Specialised services?".
func QuestionText(q Question, name string) string {
	in := q.Direction == Incoming
	pick := func(incoming, outgoing string) string {
		if in {
			return fmt.Sprintf(incoming, name)
		}
		return fmt.Sprintf(outgoing, name)
	}
	switch q.Type {
	case Commissions:
		return pick("Who commissions %s?", "What does %s commission?")
	case Funds:
		return pick("Who funds %s?", "Whom does %s fund?")
	case Regulates:
		return pick("Who regulates %s?", "Whom does %s regulate?")
	case Provides:
		return pick("Who provides %s?", "What does %s provide?")
	case Advises:
		return pick("Who advises %s?", "Whom does %s advise?")
	case Supports:
		return pick("Who supports %s?", "Whom does %s support?")
	case Scrutinises:
		return pick("Who scrutinises %s?", "What does %s scrutinise?")
	case Hosts:
		return pick("Who hosts %s?", "What does %s host?")
	case Represents:
		return pick("Who represents %s?", "Whom does %s represent?")
	case SucceededBy:
		return pick("What did %s replace?", "What replaced %s?")
	case AccountableTo:
		return pick("Who is accountable to %s?", "To whom is %s accountable, up to Parliament?")
	}
	return pick("What has %s ties of type "+string(q.Type)+" from?", "What does %s have ties of type "+string(q.Type)+" to?")
}
