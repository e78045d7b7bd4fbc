package graph

import (
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
