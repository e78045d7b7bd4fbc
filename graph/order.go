package graph

import (
	"cmp"
	"slices"
)

// The canonical orders every Store uses, so answers compare equal.

// CompareRelationships orders edges by type, then from, to and id.
func CompareRelationships(a, b Relationship) int { return CompareEdgeRefs(a.Ref(), b.Ref()) }

// CompareEdgeRefs orders edge references as CompareRelationships orders
// the edges.
func CompareEdgeRefs(a, b EdgeRef) int {
	return cmp.Or(
		cmp.Compare(a.Type, b.Type),
		cmp.Compare(a.From, b.From),
		cmp.Compare(a.To, b.To),
		cmp.Compare(a.ID, b.ID),
	)
}

// SortRelationships sorts edges in CompareRelationships order.
func SortRelationships(rs []Relationship) { slices.SortFunc(rs, CompareRelationships) }

// CompareOrganisations orders organisations by name, then id.
func CompareOrganisations(a, b Organisation) int {
	return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
}

// SortOrganisations sorts organisations by name, then id.
func SortOrganisations(os []Organisation) { slices.SortFunc(os, CompareOrganisations) }

// SortServices sorts services by name, then id.
func SortServices(vs []Service) {
	slices.SortFunc(vs, func(a, b Service) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
}

// SortNodes sorts nodes by id.
func SortNodes(ns []Node) {
	slices.SortFunc(ns, func(a, b Node) int { return cmp.Compare(a.ID(), b.ID()) })
}

// ComparePaths orders paths shortest first, then by their edge ids in turn.
func ComparePaths(a, b Path) int {
	if c := cmp.Compare(len(a.Steps), len(b.Steps)); c != 0 {
		return c
	}
	for i := range a.Steps {
		if c := cmp.Compare(a.Steps[i].Edge.ID, b.Steps[i].Edge.ID); c != 0 {
			return c
		}
	}
	return 0
}
