package diagram

import (
	"strings"

	"caremap/graph"
)

// View is a named way of looking at the system: which relationship types
// a diagram draws and how. Explicit types narrow a view.
type View string

// The views.
const (
	Overview       View = "overview"       // who answers to whom, who pays, commissions and regulates
	Accountability View = "accountability" // who answers to whom, structure and scrutiny
	Money          View = "money"          // funding with amounts; line width by amount
	Commissioning  View = "commissioning"  // who commissions which services, and who provides them
	Regulation     View = "regulation"     // who regulates whom
	All            View = "all"            // every relationship type
)

// ViewSpec is what a view draws.
type ViewSpec struct {
	View        View
	Title       string          // for people: "Money"
	Description string          // one sentence for the key and the explorer
	Types       []graph.RelType // in graph.RelTypes order
	Services    bool            // draw services (the commissioning view's subject)
	Amounts     bool            // money edges are as wide as their amounts
}

// Views lists every view, the default first.
var Views = []ViewSpec{
	{Overview, "Overview", "Who answers to whom, who funds, commissions and regulates whom.",
		[]graph.RelType{graph.AccountableTo, graph.Funds, graph.Commissions, graph.Regulates, graph.PartOf}, false, false},
	{Accountability, "Accountability", "Who answers to whom, what is part of what, and who scrutinises whom.",
		[]graph.RelType{graph.AccountableTo, graph.PartOf, graph.Scrutinises}, false, false},
	{Money, "Money", "Who funds whom, with the 2013/14 amounts: the wider the line, the more money.",
		[]graph.RelType{graph.Funds}, false, true},
	{Commissioning, "Commissioning", "Who commissions which services, and from whom; who provides them.",
		[]graph.RelType{graph.Commissions, graph.Provides}, true, false},
	{Regulation, "Regulation", "Who regulates, inspects, licenses or oversees whom.",
		[]graph.RelType{graph.Regulates}, false, false},
	{All, "Every relationship", "Every kind of relationship the data records.",
		allTypes(), true, false},
}

func allTypes() []graph.RelType {
	out := make([]graph.RelType, len(graph.RelTypes))
	for i, t := range graph.RelTypes {
		out[i] = t.Type
	}
	return out
}

// ViewNames is the "allowed:" text for views.
var ViewNames = func() string {
	names := make([]string, len(Views))
	for i, v := range Views {
		names[i] = string(v.View)
	}
	return strings.Join(names, ", ")
}()

// Spec returns the view's description, and false for an unknown view.
func (v View) Spec() (ViewSpec, bool) {
	for _, s := range Views {
		if s.View == v {
			return s, true
		}
	}
	return ViewSpec{}, false
}

// Valid reports whether v is a known view.
func (v View) Valid() bool { _, ok := v.Spec(); return ok }

// typeNames spells types for "allowed:" messages.
func typeNames(ts []graph.RelType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}
