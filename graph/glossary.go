package graph

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Term is one entry of the glossary: an acronym, abbreviation or term that
// the dataset or the explorer's pages use, explained for a newcomer.
type Term struct {
	Term       string   // as usually written, e.g. "CCG", "s.7A", "A&E"
	Forms      []string // other ways it is written, e.g. "section 7A"; see AllForms for plurals
	Expansion  string   // what it stands for, e.g. "clinical commissioning group"
	Definition string   // what it means, in plain English
	Bodies     []string // ids of the organisations and services it concerns
	Sources    []Source
}

// Abbreviation reports whether the term is an abbreviation (an acronym
// such as "CCG" or "PbR", or a short form such as "s.7A" or "A&E") rather
// than a word or phrase: it has two capitals, or a digit, "&" or ".".
// Pages mark abbreviations where they first use them.
func (t Term) Abbreviation() bool {
	caps := 0
	for _, r := range t.Term {
		switch {
		case unicode.IsUpper(r):
			caps++
		case unicode.IsDigit(r), r == '&', r == '.':
			return true
		}
	}
	return caps >= 2
}

// AllForms returns every way the term is written: the term, its forms and,
// for an abbreviation, the plural of each with a final "s" ("CCGs").
func (t Term) AllForms() []string {
	out := []string{t.Term}
	out = append(out, t.Forms...)
	if t.Abbreviation() {
		for _, f := range out[:len(out):len(out)] {
			if last := f[len(f)-1]; unicode.IsUpper(rune(last)) {
				out = append(out, f+"s")
			}
		}
	}
	return out
}

// Slug is the term's anchor on the glossary page: lower case, every run of
// other characters a hyphen ("s.7A" is "s-7a", "NHS CB" "nhs-cb").
func (t Term) Slug() string { return Slug(t.Term) }

// Slug turns text into an anchor: lower-case letters and digits, every
// run of anything else one hyphen, none at either end.
func Slug(text string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(text) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
			continue
		}
		hyphen = true
	}
	return b.String()
}

// Glossary is the dataset's glossary, looked up by any form of a term.
type Glossary struct {
	terms  []Term
	byForm map[string]int // every form -> index in terms

	once    sync.Once
	byFirst map[string][]string // forms of abbreviations by their first word, longest first
}

// NewGlossary orders the terms alphabetically (ignoring case) and indexes
// their forms. Where two terms share a form, the first one given keeps it
// (seed's validation reports it as a problem).
func NewGlossary(terms []Term) *Glossary {
	g := &Glossary{terms: slices.Clone(terms), byForm: map[string]int{}}
	slices.SortStableFunc(g.terms, func(a, b Term) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Term), strings.ToLower(b.Term)), cmp.Compare(a.Term, b.Term))
	})
	for i, t := range g.terms {
		for _, f := range t.AllForms() {
			if _, dup := g.byForm[f]; !dup {
				g.byForm[f] = i
			}
		}
	}
	return g
}

// Terms returns every term, in alphabetical order. Nil-safe: a nil
// glossary has none.
func (g *Glossary) Terms() []Term {
	if g == nil {
		return nil
	}
	return g.terms
}

// Lookup returns the term written as form (exactly, case included).
func (g *Glossary) Lookup(form string) (Term, bool) {
	if g == nil {
		return Term{}, false
	}
	i, ok := g.byForm[form]
	if !ok {
		return Term{}, false
	}
	return g.terms[i], true
}

// Forms returns every form of every term, longest first (so that a matcher
// trying them in order prefers "NHS CB" to "NHS").
func (g *Glossary) Forms() []string {
	if g == nil {
		return nil
	}
	out := make([]string, 0, len(g.byForm))
	for f := range g.byForm {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b)) })
	return out
}

// FindForms returns the start and end of every use in text of a form of
// an abbreviation in the glossary, as a whole word, in order and without
// overlaps, the longest form where several start at one place ("NHS CB"
// before "NHS"). Forms are matched as written, case included.
func (g *Glossary) FindForms(text string) [][2]int {
	if g == nil {
		return nil
	}
	g.once.Do(g.index)
	var out [][2]int
	for i := 0; i < len(text); {
		if !isWordByte(text[i]) || i > 0 && isWordByte(text[i-1]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isWordByte(text[j]) {
			j++
		}
		end := -1
		for _, f := range g.byFirst[text[i:j]] { // longest first
			if strings.HasPrefix(text[i:], f) && (i+len(f) == len(text) || !isWordByte(text[i+len(f)])) {
				end = i + len(f)
				break
			}
		}
		if end < 0 {
			i = j
			continue
		}
		out = append(out, [2]int{i, end})
		i = end
	}
	return out
}

// index files every form of an abbreviation under its first word.
func (g *Glossary) index() {
	g.byFirst = map[string][]string{}
	for _, f := range g.Forms() { // longest first
		if t, _ := g.Lookup(f); !t.Abbreviation() {
			continue
		}
		first := f
		for k := 0; k < len(f); k++ {
			if !isWordByte(f[k]) {
				first = f[:k]
				break
			}
		}
		g.byFirst[first] = append(g.byFirst[first], f)
	}
}

// isWordByte reports whether b is an ASCII letter or digit: the characters
// a word is made of, as far as matching forms goes.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// Unexplained returns, in order of first use and each once, the words of
// text that look like abbreviations (two or more capitals, all its letters
// capitals but one, such as "CCG", "PbR", "DsPH", "A&E") and that no form
// of an abbreviation in the glossary covers.
func (g *Glossary) Unexplained(text string) []string {
	var b strings.Builder
	last := 0
	for _, m := range g.FindForms(text) {
		b.WriteString(text[last:m[0]])
		b.WriteString(" ")
		last = m[1]
	}
	b.WriteString(text[last:])
	text = b.String()
	var out []string
	for _, w := range wordPattern.FindAllString(text, -1) {
		if looksLikeAbbreviation(w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

var wordPattern = regexp.MustCompile(`[A-Za-z][A-Za-z&]*`)

// looksLikeAbbreviation reports whether w has two or more capitals and at
// most one other letter.
func looksLikeAbbreviation(w string) bool {
	caps, letters := 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				caps++
			}
		}
	}
	return caps >= 2 && caps >= letters-1
}
