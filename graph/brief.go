package graph

import "context"

// A request that reads no long text and no sources — most GraphQL queries
// ask for ids, names and relationships — can say so, and a store that pays
// for every byte it fetches (Neo4j) then fetches less.

type briefKey struct{}

// WithBrief returns ctx marked brief: the records a Store returns for it
// may leave out the long texts and the sources — of an Organisation its
// LegalForm, Role, CountNote, Budget, Established, Notes and Sources; of a
// Service its Description, Notes and Sources; of a Relationship its Note
// and Sources — and must have every other field as usual. A store may
// ignore the mark and return whole records.
func WithBrief(ctx context.Context) context.Context { return context.WithValue(ctx, briefKey{}, true) }

// Brief reports whether ctx is marked brief.
func Brief(ctx context.Context) bool { b, _ := ctx.Value(briefKey{}).(bool); return b }

// BriefOf returns what a brief record of n has: n without the fields
// WithBrief lets a store leave out.
func BriefOf(n Node) Node {
	switch {
	case n.Organisation != nil:
		o := *n.Organisation
		o.LegalForm, o.Role, o.CountNote, o.Budget, o.Established, o.Notes, o.Sources = "", "", "", "", "", "", nil
		return Node{Organisation: &o}
	case n.Service != nil:
		s := *n.Service
		s.Description, s.Notes, s.Sources = "", "", nil
		return Node{Service: &s}
	}
	return n
}

// BriefRelationship returns what a brief record of r has.
func BriefRelationship(r Relationship) Relationship {
	r.Note, r.Sources = "", nil
	return r
}
