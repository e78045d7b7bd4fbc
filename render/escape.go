package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText makes data safe to place in a label: it drops invalid UTF-8,
// turns every kind of line break and tab into a space, drops other control
// and format characters (bidi overrides included), and collapses runs of
// spaces.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		if r == utf8.RuneError && size == 1 {
			continue
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\uFFFD' {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dotQuote returns s as a DOT double-quoted string whose escString meaning
// is the literal text s. Graphviz reads `\"` as a quote and then expands
// escString sequences (\n, \l, \N, \G, …) in labels and tooltips, so every
// backslash is doubled; '&' is written as an entity because Graphviz decodes
// HTML entities in labels. Line breaks wanted by the caller are passed as
// '\n' runes and become centred DOT line breaks.
func dotQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			if unicode.IsControl(r) {
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// wrap breaks s into lines of at most width runes at spaces, keeping at most
// maxLines lines (the last one ends with "…" when text was cut).
func wrap(s string, width, maxLines int) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, w := range words {
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	for i, l := range lines {
		if utf8.RuneCountInString(l) > width+width/2 {
			r := []rune(l)
			lines[i] = string(r[:width]) + "…"
		}
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] += " …"
	}
	return lines
}
