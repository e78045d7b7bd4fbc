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

// FuzzSearchKeys: a document that Score matches always has the query's
// key among its keys, so a store that scores only the documents under the
// key finds every match.
func FuzzSearchKeys(f *testing.F) {
	for _, c := range [][3]string{
		{"Care Quality Commission", "CQC", "care qual"},
		{"Urgent and emergency care (A&E, ambulance)", "", "A&E"},
		{"Health and wellbeing boards", "HWBs", "well-being boards"},
		{"Kent Health and Well-being Board", "", "wellbeing"},
		{"NHS Airedale, Wharfedale and Craven CCG", "", "ccg 02n"},
		{"Aelfgar Surgery", "", "a e"},
		{"Épreuve", "É", "é"},
	} {
		f.Add(c[0], c[1], c[2], "registers and inspects providers")
	}
	f.Fuzz(func(t *testing.T, name, short, query, role string) {
		q, err := ParseSearch(query)
		if err != nil {
			return
		}
		d := NewSearchDoc(Node{Organisation: &Organisation{ID: "x-" + strings.ToLower(strings.ReplaceAll(NormaliseText(name), " ", "-")), Name: name, ShortName: short, Role: role}})
		if _, ok := d.Score(q); ok && !slices.Contains(d.Keys(), q.Key()) {
			t.Fatalf("%q matches %q (%q) but its key %q is not among %q", query, name, short, q.Key(), d.Keys())
		}
	})
}
