package seed

import (
	"slices"
	"strings"

	"caremap/graph"
)

// glossaryRecord is one item of glossary.yaml.
type glossaryRecord struct {
	Term       string   `yaml:"term"`
	Forms      []string `yaml:"forms"`
	Expansion  string   `yaml:"expansion"`
	Definition string   `yaml:"definition"`
	Bodies     []string `yaml:"bodies"`
	Sources    []string `yaml:"sources"`
}

// loadGlossary reads glossary.yaml: each term with its expansion, a
// plain-English definition and its sources. The bodies it names are
// checked once every organisation is loaded (checkGlossary).
func (b *builder) loadGlossary(data []byte) {
	if data == nil {
		return // optional: no glossary
	}
	for _, l := range decodeList[glossaryRecord](b.p, fileGlossary, data, "term") {
		r, at := l.rec, l.at
		t := graph.Term{Term: strings.TrimSpace(r.Term), Forms: r.Forms, Expansion: strings.TrimSpace(r.Expansion),
			Definition: strings.TrimSpace(r.Definition), Bodies: r.Bodies}
		if t.Term == "" || graph.Slug(t.Term) == "" {
			b.p.add(at, "term is missing: give the acronym or term as it is written, e.g. CCG")
		}
		if t.Expansion == "" {
			b.p.add(at, "expansion is missing: say what %q stands for, or the term in full", t.Term)
		}
		if t.Definition == "" {
			b.p.add(at, "definition is missing: say in plain English what %q means", t.Term)
		}
		for _, f := range r.Forms {
			if strings.TrimSpace(f) == "" || f != strings.TrimSpace(f) {
				b.p.add(at, "form %q: allowed: another way the term is written, without spaces at either end", f)
			}
		}
		t.Sources = b.resolveSources(at, r.Sources)
		b.glossary = append(b.glossary, located[graph.Term]{t, at})
	}
}

// checkGlossary reports terms that share an anchor or a form, and bodies
// that name no organisation or service. ids holds every organisation and
// service id.
func (b *builder) checkGlossary(ids map[string]bool) {
	slugs := map[string]origin{}
	forms := map[string]origin{}
	for _, l := range b.glossary {
		t, at := l.rec, l.at
		if t.Term == "" {
			continue
		}
		if first, dup := slugs[t.Slug()]; dup {
			b.p.add(at, "term %q has the same anchor (#%s) as the term at %s: each term is defined once", t.Term, t.Slug(), first)
		} else {
			slugs[t.Slug()] = at
		}
		for _, f := range t.AllForms() {
			if first, dup := forms[f]; dup && first != at {
				b.p.add(at, "form %q is also a form of the term at %s: a form names one term", f, first)
			} else {
				forms[f] = at
			}
		}
		for i, id := range t.Bodies {
			switch {
			case !ids[id] && len(b.p.broken) == 0: // a broken file leaves ids out
				b.p.add(at, "bodies: unknown id %q: allowed: the id of an organisation or service", id)
			case slices.Contains(t.Bodies[:i], id):
				b.p.add(at, "bodies: %q is listed twice", id)
			}
		}
	}
}
