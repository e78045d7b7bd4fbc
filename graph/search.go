package graph

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Search ranking, shared so that every Store ranks hits identically: a store
// may find candidates however it likes (a full-text index, a scan), but it
// scores them with SearchDoc.Score and orders them with SortSearchHits.
//
// Text is normalised by NormaliseText. A query matches a node in one of five
// tiers, best first:
//
//	100 the whole query equals the node's short name, name or id
//	 90 the query is one word, and a whole word of the name, short name or id
//	    (or that word with a plural "s": "ccg" is a word of "CCGs")
//	 80 the node's name or short name starts with the query
//	 60 every query word starts a word of the name, short name or id
//	 40 every query word starts a word of those or of the role/description
//	    (a class's or single body's: an instance's role is its class's in
//	    other words, the same for 8,053 GP practices)
//
// Words are matched as prefixes, and two adjacent words may stand for one
// ("well-being" matches "wellbeing" and the other way round). Within a tier a
// class or single body scores 0.5 more than an instance, and up to 0.49 more
// the more of its name the query covers. Ties go by name, then id.

// Search score tiers.
const (
	ScoreExact       = 100.0 // the query is the short name, name or id
	ScoreWord        = 90.0  // the query is one whole word of the name, short name or id
	ScorePrefix      = 80.0  // the name or short name starts with the query
	ScoreNameWords   = 60.0  // every query word is in the name, short name or id
	ScoreAnyWords    = 40.0  // every query word is somewhere, role or description included
	scoreClassBonus  = 0.5
	scoreCoverWeight = 0.49
)

// NormaliseText lower-cases s, deletes full stops and apostrophes (so
// "N.H.S." reads "nhs"), deletes "&" between letters ("A&E" reads "ae") and
// reads any other "&" as "and", turns every other character that is not a
// letter or digit into a space, and collapses spaces.
func NormaliseText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // suppress leading space
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '.' || r == '\'' || r == '\u2019':
			continue
		case r == '&' && i > 0 && i+1 < len(rs) && isWordRune(rs[i-1]) && isWordRune(rs[i+1]):
			continue // "A&E" is one word, "ae"
		case r == '&':
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			space = true
		case isWordRune(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// SearchQuery is a parsed search text.
type SearchQuery struct {
	norm    string
	compact string
	words   []string
}

// ParseSearch normalises text into a query. Text with no letter or digit is
// ErrInvalid.
func ParseSearch(text string) (SearchQuery, error) {
	n := NormaliseText(text)
	if n == "" {
		return SearchQuery{}, Invalid("text", text, "text containing at least one letter or digit")
	}
	return SearchQuery{norm: n, compact: strings.ReplaceAll(n, " ", ""), words: strings.Fields(n)}, nil
}

// SearchDoc is a node's text prepared for scoring. Build it once per node.
type SearchDoc struct {
	name, short, id     string // normalised
	cName, cShort, cID  string // normalised without spaces
	nameWords, allWords []string
	instance            bool
	nameLen             int
}

// SearchFields returns the text of n that search matches: its name, short
// name and description (a service's description, or the role of an
// organisation that is not an instance). Stores that index text index
// exactly these.
func SearchFields(n Node) (name, short, desc string) {
	switch {
	case n.Organisation != nil:
		name, short = n.Organisation.Name, n.Organisation.ShortName
		if n.Organisation.InstanceOf == "" {
			desc = n.Organisation.Role
		}
	case n.Service != nil:
		name, desc = n.Service.Name, n.Service.Description
	}
	return name, short, desc
}

// NewSearchDoc prepares n for scoring: SearchFields and its id.
func NewSearchDoc(n Node) SearchDoc {
	name, short, desc := SearchFields(n)
	instance := n.Organisation != nil && n.Organisation.InstanceOf != ""
	d := SearchDoc{
		name:     NormaliseText(name),
		short:    NormaliseText(short),
		id:       NormaliseText(n.ID()),
		instance: instance,
	}
	d.cName = strings.ReplaceAll(d.name, " ", "")
	d.cShort = strings.ReplaceAll(d.short, " ", "")
	d.cID = strings.ReplaceAll(d.id, " ", "")
	d.nameLen = len(d.cName)
	d.nameWords = withPairs(strings.Fields(d.name + " " + d.short + " " + d.id))
	d.allWords = withPairs(append(strings.Fields(d.name+" "+d.short+" "+d.id), strings.Fields(NormaliseText(desc))...))
	return d
}

// Keys returns the keys a store may index the document under: the first
// rune, and the first two, of each of its words (pairs joined included) and
// of its name, short name and id without spaces. Every document Score
// matches for q has q.Key() among its keys, so a store can score only the
// documents under that key.
func (d SearchDoc) Keys() []string {
	seen := map[string]bool{}
	var keys []string
	add := func(s string) {
		for n := 1; n <= 2; n++ {
			if k := firstRunes(s, n); k != "" && !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	for _, w := range d.allWords { // a superset of nameWords
		add(w)
	}
	for _, c := range []string{d.cName, d.cShort, d.cID} {
		add(c)
	}
	return keys
}

// Key returns the index key of the query: the first two runes of its first
// word, or its one rune.
func (q SearchQuery) Key() string { return firstRunes(q.words[0], 2) }

// firstRunes returns the first n runes of s, or all of s if it has fewer.
func firstRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// withPairs returns words plus each adjacent pair joined, so that a query
// word "wellbeing" finds "well being".
func withPairs(words []string) []string {
	out := slices.Clone(words)
	for i := 0; i+1 < len(words); i++ {
		out = append(out, words[i]+words[i+1])
	}
	return out
}

// Score returns how well q matches the document, and false if it does not.
func (d SearchDoc) Score(q SearchQuery) (float64, bool) {
	var base float64
	switch {
	case q.norm == d.short || q.norm == d.name || q.norm == d.id ||
		(q.compact == d.cShort && d.cShort != "") || q.compact == d.cName || q.compact == d.cID:
		base = ScoreExact
	case len(q.words) == 1 && slices.ContainsFunc(d.nameWords, func(w string) bool { return w == q.norm || w == q.norm+"s" }):
		// A whole word ("A&E" in "Urgent and emergency care (A&E, …)")
		// outranks the start of a longer one ("Aelfgar Surgery").
		base = ScoreWord
	case strings.HasPrefix(d.name, q.norm) || (d.short != "" && strings.HasPrefix(d.short, q.norm)) ||
		strings.HasPrefix(d.cName, q.compact) || (d.cShort != "" && strings.HasPrefix(d.cShort, q.compact)):
		base = ScorePrefix
	case wordsMatch(q.words, d.nameWords):
		base = ScoreNameWords
	case wordsMatch(q.words, d.allWords):
		base = ScoreAnyWords
	default:
		return 0, false
	}
	if !d.instance {
		base += scoreClassBonus
	}
	if d.nameLen > 0 {
		base += scoreCoverWeight * float64(min(len(q.compact), d.nameLen)) / float64(d.nameLen)
	}
	return base, true
}

// wordsMatch reports whether every query word, or some adjacent pairs of
// them joined, starts one of words.
func wordsMatch(q, words []string) bool {
	has := func(w string) bool {
		for _, x := range words {
			if strings.HasPrefix(x, w) {
				return true
			}
		}
		return false
	}
	// ok[i]: q[i:] can be matched. Most queries are short: keep it on the
	// stack.
	var buf [16]bool
	ok := buf[:0]
	if len(q)+1 > len(buf) {
		ok = make([]bool, 0, len(q)+1)
	}
	ok = ok[:len(q)+1]
	ok[len(q)] = true
	for i := len(q) - 1; i >= 0; i-- {
		ok[i] = (ok[i+1] && has(q[i])) || (i+2 <= len(q) && ok[i+2] && has(q[i]+q[i+1]))
	}
	return ok[0]
}

// CompareSearchHits orders hits best first: by score, then name, then id.
func CompareSearchHits(a, b SearchHit) int {
	return cmp.Or(
		cmp.Compare(b.Score, a.Score),
		cmp.Compare(a.Node.Name(), b.Node.Name()),
		cmp.Compare(a.Node.ID(), b.Node.ID()),
	)
}

// SortSearchHits sorts hits in CompareSearchHits order.
func SortSearchHits(hs []SearchHit) { slices.SortFunc(hs, CompareSearchHits) }

// TopHits keeps the best hits of a search, in CompareSearchHits order,
// without holding the others: a common word can match a good part of the
// dataset, and a search returns at most MaxSearch hits.
type TopHits struct {
	limit int
	hits  []SearchHit // sorted best first, at most limit
}

// NewTopHits returns a TopHits keeping the best limit hits.
func NewTopHits(limit int) *TopHits { return &TopHits{limit: limit, hits: make([]SearchHit, 0, limit)} }

// Add offers h.
func (t *TopHits) Add(h SearchHit) {
	if t.limit <= 0 {
		return
	}
	if len(t.hits) == t.limit && CompareSearchHits(h, t.hits[len(t.hits)-1]) >= 0 {
		return // no better than the worst kept
	}
	i, _ := slices.BinarySearchFunc(t.hits, h, CompareSearchHits)
	if len(t.hits) == t.limit {
		t.hits = t.hits[:len(t.hits)-1]
	}
	t.hits = slices.Insert(t.hits, i, h)
}

// Hits returns the hits kept, best first.
func (t *TopHits) Hits() []SearchHit { return t.hits }
