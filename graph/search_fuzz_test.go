package graph

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzNormaliseText: whatever users type, search text normalises to lower
// case letters, digits and single spaces, and normalising twice changes
// nothing, so every store matches the same way.
func FuzzNormaliseText(f *testing.F) {
	for _, s := range []string{"N.H.S. England", "A&E", "well-being", "  CQC  ", "'; DROP TABLE x; --", "MATCH (n) DETACH DELETE n",
		"\x00\x1b[2J", "Ysbyty — 病院 — مستشفى", "\xff\xfe", strings.Repeat("a ", 300), "title:* OR id:*~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormaliseText(s)
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("NormaliseText(%q) = %q: stray spaces", s, n)
		}
		for _, r := range n {
			if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
				t.Fatalf("NormaliseText(%q) = %q keeps %U", s, n, r)
			}
			if unicode.ToLower(r) != r { // some upper-case letters have no lower case (ϔ)
				t.Fatalf("NormaliseText(%q) = %q keeps upper case %q", s, n, r)
			}
		}
		if again := NormaliseText(n); again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, again)
		}
	})
}

// FuzzSearchKeys: a document that Score matches is admitted by one of the
// query's Terms, read as a full-text index reads them (a compact text
// starting with Compact, or for every word group an index word matching one
// of its terms), and the memory store's keys hold it whichever group it
// picks. So a store that finds what Terms asks for finds every match.
func FuzzSearchKeys(f *testing.F) {
	for _, c := range [][3]string{
		{"Care Quality Commission", "CQC", "care qual"},
		{"Urgent and emergency care (A&E, ambulance)", "", "A&E"},
		{"Health and wellbeing boards", "HWBs", "well-being boards"},
		{"Kent Health and Well-being Board", "", "wellbeing"},
		{"NHS Airedale, Wharfedale and Craven CCG", "", "ccg 02n"},
		{"Aelfgar Surgery", "", "a e"},
		{"Épreuve", "É", "é"},
		{"General practice (primary medical services)", "", "who commissions GP services?"},
		{"National immunisation programmes", "", "vacinations"},
		{"Xu", "", "xus"},
		{"NHS Commissioning Board (operating name NHS England)", "NHS England / NHS CB", "NHSE"},
		{"Local Education and Training Boards", "LETBs", "loacl educaton"},
	} {
		f.Add(c[0], c[1], c[2], "registers and inspects providers")
	}
	f.Fuzz(func(t *testing.T, name, short, query, role string) {
		q, err := ParseSearch(query)
		if err != nil {
			return
		}
		d := NewSearchDoc(Node{Organisation: &Organisation{ID: "x-" + strings.ToLower(strings.ReplaceAll(NormaliseText(name), " ", "-")), Name: name, ShortName: short, Role: role}})
		if _, ok := d.Score(q); !ok {
			return
		}
		keys := d.Keys()
		for _, tm := range q.Terms() {
			if admits(d, tm, keys) {
				return
			}
		}
		t.Fatalf("%q matches %q (%q) but none of its terms %+v admits it (words %q, compacts %q, keys %q)",
			query, name, short, q.Terms(), d.IndexWords(), d.IndexCompacts(), keys)
	})
}

// admits reports whether a full-text index asked for tm finds d, and
// whether the memory store's keys do, whichever word group it uses.
func admits(d SearchDoc, tm SearchTerms, keys []string) bool {
	for _, c := range d.IndexCompacts() {
		if strings.HasPrefix(c, tm.Compact) && slices.Contains(keys, tm.CompactKey()) {
			return true
		}
	}
	for g, group := range tm.Words {
		found := false
		for _, term := range group {
			for _, x := range d.IndexWords() {
				if strings.HasPrefix(x, term.Prefix) || (term.Edits > 0 && osaDistance([]rune(term.Prefix), []rune(x), term.Edits) <= term.Edits) {
					found = true
				}
			}
		}
		if !found || !slices.ContainsFunc(tm.GroupKeys(g), func(k string) bool { return slices.Contains(keys, k) }) {
			return false
		}
	}
	return len(tm.Words) > 0
}
