package graph

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search ranking, shared so that every Store ranks hits identically: a store
// finds candidates however it likes (a full-text index, a scan) as long as it
// finds every document SearchQuery.Terms admits, scores them with
// SearchDoc.Score and orders them with SortSearchHits.
//
// Text is normalised by NormaliseText, then read as a newcomer means it
// (ParseSearch): a question ("who commissions GP services?") is reduced to
// what it asks about and remembered (SearchQuery.Question, answered by
// AnswerSearch); words with a synonym in the table of searchwords.go
// ("vaccination", "GP", "DoH", "A&E", American spellings) are read both as
// typed and as their synonyms; "services" after other words also reads as a
// search among services only. Each of these readings is scored, and a node
// keeps its best score. A reading matches a node in one of five tiers, best
// first:
//
//	100 the reading is the node's name, its name without a parenthesis
//	    ("General practice"), its short name or one of the short name's
//	    "/" alternatives ("NHS England"), or its id (a plural "s" aside)
//	 90 the reading is one word, and a whole word of the name, short name or
//	    id (plural-aware: "ccg" is a word of "CCGs")
//	 80 the name, a short name or the id starts with the reading
//	 60 every reading word starts a word of the name, short name or id
//	 40 every reading word starts a word of those or of the role/description
//	    (a class's or single body's: an instance's role is its class's in
//	    other words, the same for 8,053 GP practices)
//
// Words are matched as prefixes, less a plural ending ("authorities" finds
// "authority"); two adjacent words may stand for one ("well-being" matches
// "wellbeing" and the other way round); the little words of stopWords need
// not match when others do. A word of five letters or more also matches, in
// the last two tiers only, a word within one edit of it (two from nine
// letters: a letter added, dropped, changed or two swapped) that begins with
// the same two letters, for 2 less.
//
// An instance (one of the 8,053 practices, 211 CCGs …) scores 15 less except
// for an exact match, so the classes and national bodies a newcomer means
// come first, and a class, single body or service scores 0.5 more than an
// instance in the same tier; a body abolished by 1 April 2013 scores 1 less
// except for an exact match. A node that cannot be what a question asks
// about (a service, asked who regulates it: RelTypeInfo's endpoints) scores
// 5 less. A reading through a synonym scores 1 less than one as typed. Up to
// 0.49 more goes to the node whose name (less any parenthesis) the query
// covers most. Ties go by name, then id.

// Search score tiers and adjustments.
const (
	ScoreExact     = 100.0 // the reading is the name, main name, short name (or an alternative) or id
	ScoreWord      = 90.0  // the reading is one whole word of the name, short name or id
	ScorePrefix    = 80.0  // the name, a short name or the id starts with the reading
	ScoreNameWords = 60.0  // every reading word is in the name, short name or id
	ScoreAnyWords  = 40.0  // every reading word is somewhere, role or description included

	instancePenalty  = 15.0 // an instance, except for an exact match
	classBonus       = 0.5  // a class, single body or service
	inactivePenalty  = 1.0  // a body abolished by 1 April 2013, except for an exact match
	offTopicPenalty  = 5.0  // a node that cannot be what the question asks about
	typoPenalty      = 2.0  // a word matched only within edits
	synonymPenalty   = 1.0  // a reading through a synonym
	scoreCoverWeight = 0.49 // times the share of the name the reading covers

	maxReadings   = 8 // the most readings of one text
	maxTermGroups = 4 // the most word groups in one reading's Terms
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

// SearchQuery is a parsed search text: its readings and the question it asks.
type SearchQuery struct {
	readings []reading
	question *Question
	ends     Endpoint // the kinds of node the question can be about; 0 for no question
}

// reading is one way of reading a search text.
type reading struct {
	norm     string       // the words, normalised
	compact  string       // norm without spaces
	words    []searchWord // the words that must match (stop words left out when others remain)
	penalty  float64      // synonymPenalty through a synonym
	services bool         // only services match it ("GP services" read as "GP" among services)
	typos    bool         // some word may match with a typo
}

// searchWord is one word a document must match.
type searchWord struct {
	text   string // as typed, normalised
	prefix string // a document word starting with it matches: text less a plural ending
	edits  int    // and, for longer words, a whole word within this many edits of text
}

// ParseSearch reads text as a newcomer means it (see the package's search
// rules above). Text with no letter or digit is ErrInvalid.
func ParseSearch(text string) (SearchQuery, error) {
	n := NormaliseText(text)
	if n == "" {
		return SearchQuery{}, Invalid("text", text, "text containing at least one letter or digit")
	}
	words := strings.Fields(n)
	subject, question := parseQuestion(words)
	var q SearchQuery
	if question != nil {
		q.question, q.ends = question, question.ends()
	}
	for _, alt := range expandSynonyms(subject) {
		q.add(alt.words, alt.penalty, false)
		if rest := withoutServiceWords(alt.words); len(rest) > 0 && len(rest) < len(alt.words) {
			q.add(rest, alt.penalty, true)
		}
	}
	return q, nil
}

// add appends the reading of words unless the query has it already or has
// maxReadings.
func (q *SearchQuery) add(words []string, penalty float64, services bool) {
	norm := strings.Join(words, " ")
	for _, r := range q.readings {
		if r.norm == norm && r.services == services {
			return
		}
	}
	if len(q.readings) == maxReadings {
		return
	}
	content := contentWords(words)
	r := reading{norm: norm, compact: strings.Join(words, ""), penalty: penalty, services: services}
	r.words = make([]searchWord, len(content))
	for i, w := range content {
		r.words[i] = newSearchWord(w)
		r.typos = r.typos || r.words[i].edits > 0
	}
	q.readings = append(q.readings, r)
}

// Question is the question a search text asks about what it names.
func (q SearchQuery) Question() *Question { return q.question }

// newSearchWord prepares w for matching: its prefix less a plural ending,
// and its typo tolerance. A word with a digit is a code (ODS "02N", ONS
// "E06000001"): a code one character off names another body, not a typo,
// so it matches only as typed.
func newSearchWord(w string) searchWord {
	sw := searchWord{text: w, prefix: stem(w)}
	switch n := utf8.RuneCountInString(w); {
	case strings.ContainsAny(w, "0123456789"):
	case n >= 9:
		sw.edits = 2
	case n >= 5:
		sw.edits = 1
	}
	return sw
}

// stem returns w less a plural ending: "authorities" gives "authorit",
// "trusts" gives "trust". It is always a prefix of w, so a document word
// starting with w starts with it too.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// contentWords returns words without the stop words, or all of them if
// nothing else is left.
func contentWords(words []string) []string {
	var out []string
	for _, w := range words {
		if !stopWords[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return words
	}
	return out
}

// withoutServiceWords returns words without "service", "services",
// "programme" and the like.
func withoutServiceWords(words []string) []string {
	var out []string
	for _, w := range words {
		if !serviceWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// SearchDoc is a node's text prepared for scoring. Build it once per node.
type SearchDoc struct {
	compacts                    []string // name, main name, short name and its alternatives, id: normalised, without spaces
	nameWords, allWords         []string
	instance, service, inactive bool
	nameLen                     int
}

// SearchFields returns the text of n that search matches: its name (the
// operating name, where it has one), short names ('/'-separated, the legal
// name among them where it has an operating name) and description (a
// service's description, or the role of an organisation that is not an
// instance).
func SearchFields(n Node) (name, short, desc string) {
	switch {
	case n.Organisation != nil:
		name, short = n.Organisation.Name, n.Organisation.ShortName
		if op := n.Organisation.OperatingName; op != "" {
			// The name people use ("Parliamentary and Health Service
			// Ombudsman") is the name; the legal one, an alternative.
			name, short = op, strings.Trim(short+"/"+n.Organisation.Name, "/")
		}
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
	d := SearchDoc{
		instance: n.Organisation != nil && n.Organisation.InstanceOf != "",
		service:  n.Service != nil,
		inactive: n.Organisation != nil && !n.Organisation.Active(),
	}
	compact := func(s string) string { return strings.ReplaceAll(NormaliseText(s), " ", "") }
	add := func(c string) {
		if c != "" && !slices.Contains(d.compacts, c) {
			d.compacts = append(d.compacts, c)
		}
	}
	add(compact(name))
	add(compact(mainName(name)))
	add(compact(short))
	if strings.Contains(short, "/") {
		for _, alt := range strings.Split(short, "/") {
			add(compact(alt))
		}
	}
	add(compact(n.ID()))
	d.nameLen = len(compact(mainName(name)))
	if d.nameLen == 0 {
		d.nameLen = len(compact(name))
	}
	nameWords := strings.Fields(NormaliseText(name) + " " + NormaliseText(short) + " " + NormaliseText(n.ID()))
	d.nameWords = withPairs(nameWords)
	d.allWords = withPairs(append(nameWords, strings.Fields(NormaliseText(desc))...))
	return d
}

// mainName returns name without its parenthesised parts: "General practice
// (primary medical services)" gives "General practice".
func mainName(name string) string {
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// IndexWords returns the words a store's index holds for the document: the
// normalised words of SearchFields and the id, and each adjacent pair
// joined. Every document word Score matches is one of them.
func (d SearchDoc) IndexWords() []string { return d.allWords }

// IndexCompacts returns the texts without spaces a store's index holds for
// the document: its name, main name, short name and the short name's
// alternatives, and its id. Score's first and third tiers match only these.
func (d SearchDoc) IndexCompacts() []string { return d.compacts }

// Keys returns the keys a store may index the document under: the first
// rune, and the first two, of each of its IndexWords and IndexCompacts.
// SearchTerms.Keys of any group of any of a query's Terms includes, for
// every document Score matches through that reading's words, one of these
// keys, and CompactKey does for a document matched through its compact text.
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
	for _, c := range d.compacts {
		add(c)
	}
	return keys
}

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

// Score returns how well q matches the document, and false if it does not:
// the best score of any of q's readings.
func (d SearchDoc) Score(q SearchQuery) (float64, bool) {
	best, found := 0.0, false
	for i := range q.readings {
		if s, ok := d.scoreReading(&q.readings[i]); ok && (!found || s > best) {
			best, found = s, true
		}
	}
	if found && q.ends != 0 {
		kind := EndOrganisation
		if d.service {
			kind = EndService
		}
		if q.ends&kind == 0 {
			best -= offTopicPenalty
		}
	}
	return best, found
}

func (d SearchDoc) scoreReading(r *reading) (float64, bool) {
	if r.services && !d.service {
		return 0, false
	}
	var base float64
	typo := false
	switch {
	case d.exact(r.compact):
		base = ScoreExact
	case len(r.words) == 1 && slices.ContainsFunc(d.nameWords, r.words[0].same):
		// A whole word ("A&E" in "Urgent and emergency care (A&E, …)")
		// outranks the start of a longer one ("Aelfgar Surgery").
		base = ScoreWord
	case d.prefixed(r.compact):
		base = ScorePrefix
	case wordsMatch(r.words, d.nameWords, false):
		base = ScoreNameWords
	case wordsMatch(r.words, d.allWords, false):
		base = ScoreAnyWords
	case r.typos && wordsMatch(r.words, d.nameWords, true):
		base, typo = ScoreNameWords, true
	case r.typos && wordsMatch(r.words, d.allWords, true):
		base, typo = ScoreAnyWords, true
	default:
		return 0, false
	}
	switch {
	case !d.instance:
		base += classBonus
	case base != ScoreExact:
		base -= instancePenalty
	}
	if d.inactive && base < ScoreExact {
		base -= inactivePenalty
	}
	if typo {
		base -= typoPenalty
	}
	base -= r.penalty
	if d.nameLen > 0 {
		base += scoreCoverWeight * float64(min(len(r.compact), d.nameLen)) / float64(d.nameLen)
	}
	return base, true
}

// exact reports whether c, or (from three letters) c with or without a
// plural "s", is one of the document's compact texts.
func (d SearchDoc) exact(c string) bool {
	plural := len(c) >= 3
	for _, x := range d.compacts {
		if x == c || (plural && (isPlural(x, c, "s") || isPlural(c, x, "s"))) {
			return true
		}
	}
	return false
}

// prefixed reports whether one of the document's compact texts starts with c.
func (d SearchDoc) prefixed(c string) bool {
	for _, x := range d.compacts {
		if strings.HasPrefix(x, c) {
			return true
		}
	}
	return false
}

// same reports whether x is w as a whole word, plural-aware: "ccg" is
// "ccgs", "authorities" is "authority".
func (w searchWord) same(x string) bool {
	if x == w.text || isPlural(x, w.text, "s") {
		return true
	}
	return w.prefix != w.text && (x == w.prefix || isPlural(x, w.prefix, "s") || isPlural(x, w.prefix, "y"))
}

// isPlural reports whether x is w followed by end, without building it.
func isPlural(x, w, end string) bool {
	return len(x) == len(w)+len(end) && strings.HasPrefix(x, w) && strings.HasSuffix(x, end)
}

// matches reports whether document word x starts with w's prefix or, with
// typos allowed, is within w's edits of it.
func (w searchWord) matches(x string, typos bool) bool {
	return strings.HasPrefix(x, w.prefix) || (typos && w.edits > 0 && withinEdits(w.text, x, w.edits))
}

// wordsMatch reports whether every query word, or some adjacent pairs of
// them joined, starts one of words (or, with typos, is near one).
func wordsMatch(q []searchWord, words []string, typos bool) bool {
	has := func(w searchWord) bool {
		for _, x := range words {
			if w.matches(x, typos) {
				return true
			}
		}
		return false
	}
	hasPair := func(a, b searchWord) bool {
		for _, x := range words {
			if len(x) >= len(a.text)+len(b.prefix) && strings.HasPrefix(x, a.text) && strings.HasPrefix(x[len(a.text):], b.prefix) {
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
		ok[i] = (ok[i+1] && has(q[i])) || (i+2 <= len(q) && ok[i+2] && hasPair(q[i], q[i+1]))
	}
	return ok[0]
}

// withinEdits reports whether a and b begin with the same two runes and are
// at most k edits apart (optimal string alignment: a rune inserted, deleted,
// changed, or two adjacent ones swapped).
func withinEdits(a, b string, k int) bool {
	if a == b {
		return true
	}
	if a == "" || b == "" {
		return false
	}
	// Cheap refusals first: this runs for every word of every candidate.
	if len(a) < 2 || len(b) < 2 || a[0] != b[0] || a[1] != b[1] {
		if a[0] < utf8.RuneSelf && (len(a) < 2 || a[1] < utf8.RuneSelf) {
			return false // ASCII: the first two runes are the first two bytes
		}
		if firstRunes(a, 2) != firstRunes(b, 2) {
			return false
		}
	}
	if d := len(a) - len(b); (d > 4*k || d < -4*k) || (isASCII(a) && isASCII(b) && (d > k || d < -k)) {
		return false
	}
	var bufA, bufB [32]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	if len(ra)-len(rb) > k || len(rb)-len(ra) > k {
		return false
	}
	return osaDistance(ra, rb, k) <= k
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// osaDistance returns the optimal string alignment distance of a and b, or
// a value above k as soon as it must exceed k.
func osaDistance(a, b []rune, k int) int {
	// Three rows of the dynamic programme: i-2, i-1 and i; on the stack for
	// words of up to 32 runes.
	var buf [3 * 33]int
	rows := buf[:0]
	if 3*(len(b)+1) > len(buf) {
		rows = make([]int, 0, 3*(len(b)+1))
	}
	rows = rows[:3*(len(b)+1)]
	prev2, prev, cur := rows[:len(b)+1], rows[len(b)+1:2*(len(b)+1)], rows[2*(len(b)+1):]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// SearchTerms is one reading of a query as what a store's index must find:
// a document can match the reading only if one of its IndexCompacts starts
// with Compact, or if, for every group of Words, one of its IndexWords
// matches a term of the group. A store may use any subset of the groups (the
// documents it finds are then a superset), and must score what it finds with
// SearchDoc.Score.
type SearchTerms struct {
	Compact string
	Words   [][]SearchTerm
}

// SearchTerm matches an index word that starts with Prefix, or, when Edits
// is above 0, a whole index word within Edits edits of Prefix (a store's
// fuzzy match may be looser: Score requires the first two runes too).
type SearchTerm struct {
	Prefix string
	Edits  int
}

// Terms returns what a store's index must find for q: a document Score
// matches satisfies at least one of them. A reading's word groups are at
// most maxTermGroups, the longest words' first.
func (q SearchQuery) Terms() []SearchTerms {
	out := make([]SearchTerms, 0, len(q.readings))
	for _, r := range q.readings {
		t := SearchTerms{Compact: r.compact}
		if len(r.compact) >= 3 {
			// exact: "nhs englands" is "nhsengland" less its plural.
			t.Compact = strings.TrimSuffix(r.compact, "s")
		}
		for i, w := range r.words {
			g := []SearchTerm{{Prefix: w.prefix}}
			if i > 0 {
				g = append(g, SearchTerm{Prefix: r.words[i-1].text + w.prefix})
			}
			if i+1 < len(r.words) {
				g = append(g, SearchTerm{Prefix: w.text + r.words[i+1].prefix})
			}
			if w.edits > 0 {
				g = append(g, SearchTerm{Prefix: w.text, Edits: w.edits})
			}
			t.Words = append(t.Words, g)
		}
		if len(t.Words) > maxTermGroups {
			// The longest words narrow the most.
			slices.SortStableFunc(t.Words, func(a, b []SearchTerm) int { return cmp.Compare(len(b[0].Prefix), len(a[0].Prefix)) })
			t.Words = t.Words[:maxTermGroups]
		}
		out = append(out, t)
	}
	return out
}

// CompactKey returns the index key (SearchDoc.Keys) of every document whose
// compact text starts with t.Compact.
func (t SearchTerms) CompactKey() string { return firstRunes(t.Compact, 2) }

// GroupKeys returns the index keys (SearchDoc.Keys) under which every
// document with a word matching a term of group g of t is found.
func (t SearchTerms) GroupKeys(g int) []string {
	var keys []string
	for _, term := range t.Words[g] {
		if k := firstRunes(term.Prefix, 2); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
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
