package seed

import "strings"

// Words kept lower case inside a name, and words kept as written.
var (
	smallWords = map[string]bool{"and": true, "of": true, "the": true, "for": true, "on": true, "upon": true, "in": true, "at": true, "with": true}
	upperWords = map[string]bool{"NHS": true, "UK": true, "UCL": true, "PCT": true, "CCG": true, "SHA": true, "GP": true}
)

// titleCase turns an upper-case ODS name such as "THE QUEEN ELIZABETH
// HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST" into "The Queen Elizabeth
// Hospital, King's Lynn, NHS Foundation Trust": acronyms stay upper case,
// small words go lower case except first, and each part of a hyphenated
// word is cased on its own ("Stoke-on-Trent").
func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		parts := strings.Split(w, "-")
		for j, part := range parts {
			parts[j] = caseWord(part, i == 0 && j == 0)
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

// caseWord cases one word; punctuation around it (commas, brackets,
// apostrophes) is kept.
func caseWord(w string, first bool) string {
	start := strings.IndexFunc(w, isLetter)
	if start < 0 {
		return w
	}
	end := start
	for end < len(w) && (isLetter(rune(w[end])) || w[end] == '\'' || (w[end] >= '0' && w[end] <= '9')) {
		end++
	}
	core := strings.TrimRight(w[start:end], "'")
	end = start + len(core)
	lower := strings.ToLower(core)
	switch {
	case upperWords[core]:
	case smallWords[lower] && !first:
		core = lower
	default:
		core = strings.ToUpper(lower[:1]) + lower[1:]
	}
	return w[:start] + core + w[end:]
}

func isLetter(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }
