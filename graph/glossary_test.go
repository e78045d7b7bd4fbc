package graph_test

import (
	"slices"
	"testing"

	"caremap/graph"
)

func TestGlossary(t *testing.T) {
	g := graph.NewGlossary([]graph.Term{
		{Term: "NHS", Expansion: "National Health Service"},
		{Term: "NHS CB", Forms: []string{"CB"}, Expansion: "NHS Commissioning Board"},
		{Term: "DPH", Forms: []string{"DsPH"}, Expansion: "director of public health"},
		{Term: "A&E", Expansion: "accident and emergency"},
		{Term: "s.7A", Forms: []string{"section 7A"}, Expansion: "section 7A of the NHS Act 2006"},
		{Term: "Commissioning", Expansion: "buying care"},
	})
	if got := g.Terms()[0].Term; got != "A&E" {
		t.Errorf("first term %q, want A&E (alphabetical)", got)
	}
	for form, want := range map[string]string{"NHS": "NHS", "NHSs": "NHS", "CB": "NHS CB", "CBs": "NHS CB", "DsPH": "DPH", "DPHs": "DPH", "section 7A": "s.7A", "Commissioning": "Commissioning"} {
		if t2, ok := g.Lookup(form); !ok || t2.Term != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", form, t2.Term, ok, want)
		}
	}
	if _, ok := g.Lookup("Commissionings"); ok {
		t.Error("a word that is not an abbreviation has no plural form")
	}
	for term, want := range map[string]string{"s.7A": "s-7a", "NHS CB": "nhs-cb", "A&E": "a-e", "Arm's length body": "arm-s-length-body"} {
		if got := graph.Slug(term); got != want {
			t.Errorf("Slug(%q) = %q, want %q", term, got, want)
		}
	}
	text := "The NHS CB (NHS England) pays for A&E; under s.7A, DsPH advise. Commissioning by CBs, not CBSA or xNHS, nor NHS3 or A&Ex."
	var got []string
	for _, m := range g.FindForms(text) {
		got = append(got, text[m[0]:m[1]])
	}
	if !slices.Equal(got, []string{"NHS CB", "NHS", "A&E", "s.7A", "DsPH", "CBs"}) {
		t.Errorf("matches %q", got)
	}
	if got := g.Unexplained(text + " The GMC, PbR and GPhC; GraphQL, LINks and Leeds are words."); !slices.Equal(got, []string{"CBSA", "xNHS", "NHS", "A&Ex", "GMC", "PbR", "GPhC"}) {
		t.Errorf("Unexplained = %q, want CBSA, xNHS, NHS (of NHS3: not a whole word), A&Ex, GMC, PbR, GPhC", got)
	}
	var none *graph.Glossary
	if none.Terms() != nil || none.FindForms("NHS") != nil {
		t.Error("a nil glossary has no terms")
	}
}
