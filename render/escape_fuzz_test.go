package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// undot reads a DOT double-quoted string back the way Graphviz does for a
// label (quote escapes, then escString backslashes, then the entities
// dotQuote writes), or fails.
func undot(t *testing.T, q string) string {
	t.Helper()
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		t.Fatalf("not a quoted string: %q", q)
	}
	var b strings.Builder
	in := q[1 : len(q)-1]
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c == '"':
			t.Fatalf("unescaped quote inside %q: the string would end early", q)
		case c == '\n' || c == '\r':
			t.Fatalf("raw line break inside %q", q)
		case c == '\\':
			if i+1 == len(in) {
				t.Fatalf("dangling backslash in %q: it would escape the closing quote", q)
			}
			i++
			switch in[i] {
			case '"':
				b.WriteByte('"')
			case '\\':
				b.WriteByte('\\')
			case 'n':
				b.WriteByte('\n')
			default:
				t.Fatalf("escString sequence \\%c in %q: Graphviz would expand it", in[i], q)
			}
		default:
			b.WriteByte(c)
		}
	}
	s := b.String()
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	return s
}

// FuzzDotQuote: whatever the text, its DOT form is one string that reads
// back as the text itself (less control characters), so no name in the
// data can end a label early or add an attribute.
func FuzzDotQuote(f *testing.F) {
	for _, s := range []string{"NHS England", `a "quoted" name`, `back\slash\n\l\N`, "line\nbreak", "<b>&amp;</b>",
		"{ } ; = [ ] --> -- //", "\x00\x07\x1b[31m", "Ysbyty Gwynedd — 病院 — مستشفى", `"; URL="javascript:alert(1)`, "\u202Eevil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "")
		}
		got := undot(t, dotQuote(s))
		want := strings.Map(func(r rune) rune {
			if r != '\n' && (r < 0x20 || (r >= 0x7f && r < 0xa0)) {
				return -1
			}
			return r
		}, s)
		if got != want {
			t.Errorf("dotQuote(%q) reads back as %q, want %q", s, got, want)
		}
	})
}

// FuzzCleanText: labels never carry control or format characters, and
// cleaning twice changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"a\tb\nc", "\u202Eevil\u200b", "  spaces  ", "\xff\xfe", "naïve café"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := cleanText(s)
		if !utf8.ValidString(c) {
			t.Fatalf("cleanText(%q) = %q: invalid UTF-8", s, c)
		}
		for _, r := range c {
			if r < 0x20 || r == 0x7f || r == '\u202E' || r == '\u200b' {
				t.Fatalf("cleanText(%q) = %q keeps %U", s, c, r)
			}
		}
		if again := cleanText(c); again != c {
			t.Fatalf("cleanText not idempotent: %q -> %q -> %q", s, c, again)
		}
	})
}
