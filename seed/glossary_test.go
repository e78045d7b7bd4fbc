package seed

import (
	"strings"
	"testing"

	"caremap/graph"
)

// TestGlossaryCoversTheDataset: the embedded glossary explains at least 40
// terms, the ones a newcomer meets first among them, and every
// abbreviation the dataset's own words use — names (but the GP practices',
// which are proper names as the NHS lists them), short names, roles,
// notes, descriptions and the ties' mechanisms and notes. Official codes
// (an ODS code such as RRJ) are not abbreviations.
func TestGlossaryCoversTheDataset(t *testing.T) {
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	g := graph.NewGlossary(ds.Glossary)
	if n := len(g.Terms()); n < 40 {
		t.Errorf("the glossary has %d terms, want at least 40", n)
	}
	for _, term := range []string{"CCG", "CSU", "HWB", "JSNA", "JHWS", "LETB", "AHSN", "NDPB", "GMS", "PMS", "APMS", "s.7A", "PbR", "FT", "TDA", "LAT", "NHS", "GP"} {
		tm, ok := g.Lookup(term)
		if !ok {
			t.Errorf("the glossary has no %s", term)
			continue
		}
		if tm.Expansion == "" || tm.Definition == "" || len(tm.Sources) == 0 {
			t.Errorf("%s: expansion %q, definition %q, %d sources", term, tm.Expansion, tm.Definition, len(tm.Sources))
		}
	}
	codes := map[string]bool{}
	for _, o := range ds.Organisations {
		codes[o.Codes.ODS] = true
	}
	missing := map[string]string{} // word -> where
	check := func(where string, texts ...string) {
		for _, w := range g.Unexplained(strings.Join(texts, " \n ")) {
			if !codes[w] && missing[w] == "" {
				missing[w] = where
			}
		}
	}
	for _, o := range ds.Organisations {
		name := o.Name
		if o.InstanceOf == graph.GPPractices {
			name = ""
		}
		check(o.ID, name, o.ShortName, o.Role, o.Notes, o.CountNote, o.Budget, o.Established, o.LegalForm, o.Status)
	}
	for _, s := range ds.Services {
		check(s.ID, s.Name, s.Description, s.Notes, s.Domain)
	}
	for _, r := range ds.Relationships {
		check(r.ID, r.Mechanism, r.Mode, r.Note)
	}
	for _, tm := range g.Terms() {
		check("glossary "+tm.Term, tm.Expansion, tm.Definition)
	}
	for w, where := range missing {
		t.Errorf("%q (in %s) looks like an abbreviation but the glossary has no entry for it", w, where)
	}
}
