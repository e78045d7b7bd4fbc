package graph

import (
	"slices"
	"strings"
)

// The words search reads as a newcomer means them: the synonym table, the
// question words and the verbs of the questions it understands. Every entry
// is normalised text (NormaliseText): lower case, "&" between letters gone.

// synonyms maps what newcomers type to what the dataset calls it: each of an
// entry's phrases is also read as each of its meanings, in turn (the first
// meaning with every other phrase's first; then each further meaning). A
// phrase matches its words as typed, with a plural "s", or, for words of
// five letters or more, within one edit starting with the same two letters
// ("vacination").
var synonyms = []struct {
	phrases  []string
	meanings []string
}{
	// Bodies, by the names and acronyms people use for them.
	{[]string{"doh", "dept of health", "department for health", "health department"}, []string{"department of health"}},
	{[]string{"nhse", "nhs e", "nhscb", "commissioning board", "nhs commissioning board"}, []string{"nhs england"}},
	{[]string{"sos", "health secretary", "secretary of state", "health minister", "minister for health", "minister of health"}, []string{"secretary of state for health"}},
	{[]string{"mps", "house of commons", "commons", "westminster"}, []string{"parliament"}},
	{[]string{"tda", "ntda", "trust development authority"}, []string{"nhs trust development authority"}},
	{[]string{"nhs improvement", "nhsi"}, []string{"monitor", "nhs trust development authority"}}, // their successor from 2016
	{[]string{"nhs digital"}, []string{"health and social care information centre"}},              // HSCIC's name from 2016
	{[]string{"nhs resolution"}, []string{"nhs litigation authority"}},                            // the NHSLA's name from 2017
	{[]string{"ukhsa"}, []string{"public health england"}},                                        // its successor from 2021
	{[]string{"mhclg", "communities department"}, []string{"department for communities and local government"}},
	{[]string{"deanery", "deaneries"}, []string{"local education and training boards"}},
	{[]string{"lat", "local area team"}, []string{"area teams"}},
	{[]string{"council", "local council", "local authority", "la", "las"}, []string{"local authorities"}},
	{[]string{"hospital", "hospital trust", "acute trust", "hospitals trust"}, []string{"nhs trusts", "nhs foundation trusts"}},
	{[]string{"ft"}, []string{"nhs foundation trusts"}},
	{[]string{"charity", "charities", "third sector"}, []string{"voluntary community and social enterprise"}},
	{[]string{"private sector", "private provider", "private hospital", "private"}, []string{"independent sector"}},
	{[]string{"pharma", "pharmaceutical industry", "drug companies", "drug company"}, []string{"manufacturers of medicines"}},
	{[]string{"care home", "nursing home", "home care"}, []string{"social care providers"}},

	// Services, by the words patients use.
	{[]string{"gp", "gps", "general practitioner", "family doctor", "doctor"}, []string{"general practice", "gp practices"}},
	{[]string{"a and e", "accident and emergency", "casualty", "emergency department", "999", "emergency care"}, []string{"urgent and emergency care"}},
	{[]string{"vaccination", "vaccine", "vaccinations", "jab", "flu jab", "immunization"}, []string{"immunisation"}},
	{[]string{"dentist", "dentistry", "teeth"}, []string{"dental"}},
	{[]string{"chemist", "pharmacist"}, []string{"pharmacy"}},
	{[]string{"optician"}, []string{"optometrists"}},
	{[]string{"eye test", "eyesight", "eye examination"}, []string{"sight tests"}},
	{[]string{"psychiatric", "psychiatry", "mental illness"}, []string{"mental health"}},
	{[]string{"pregnancy", "midwife", "midwives", "midwifery", "birth", "antenatal"}, []string{"maternity"}},
	{[]string{"ivf", "infertility"}, []string{"fertility"}},
	{[]string{"sti", "std", "contraceptive", "gum clinic"}, []string{"sexual health"}},
	{[]string{"school nurse"}, []string{"school nursing"}},
	{[]string{"health visitor"}, []string{"health visiting"}},
	{[]string{"prisoner", "prison health"}, []string{"prisons"}},
	{[]string{"military", "soldier", "veteran"}, []string{"armed forces"}},
	{[]string{"addiction", "substance misuse"}, []string{"drug and alcohol misuse"}},
	{[]string{"quit smoking"}, []string{"stop smoking"}},
	{[]string{"social services"}, []string{"adult social care"}},

	// American spellings (and see americanIZ).
	{[]string{"center"}, []string{"centre"}},
	{[]string{"program"}, []string{"programme"}},
	{[]string{"pediatric"}, []string{"paediatric"}},
	{[]string{"behavior"}, []string{"behaviour"}},
}

// synonymIndex maps the first word of each phrase to its entries.
var synonymIndex = func() map[string][]synonymPhrase {
	idx := map[string][]synonymPhrase{}
	for _, s := range synonyms {
		for _, p := range s.phrases {
			words := strings.Fields(p)
			idx[words[0]] = append(idx[words[0]], synonymPhrase{words: words, meanings: s.meanings})
		}
	}
	return idx
}()

type synonymPhrase struct {
	words    []string
	meanings []string
}

// stopWords need not match when other words do.
var stopWords = setOf("the", "a", "an", "of", "for", "to", "in", "on", "and", "by", "with", "at", "from", "its", "their", "is", "are")

// serviceWords make a search also a search among services, without them.
var serviceWords = setOf("service", "services", "programme", "programmes", "program", "programs")

// questionWords start a question.
var questionWords = setOf("who", "whom", "whose", "which", "what", "where", "how", "when", "why")

// auxWords come between a question word and what it asks about.
var auxWords = setOf("is", "are", "was", "were", "does", "do", "did", "has", "have", "can", "could", "should", "will")

// beWords make the question passive: "how is a CCG funded" asks who funds it.
var beWords = setOf("is", "are", "was", "were")

// fillerWords follow a question word without meaning much: "which body".
var fillerWords = setOf("body", "bodies", "organisation", "organisations", "organization", "organizations", "one", "ones", "exactly", "actually")

// particles are trimmed from either end of what a question asks about.
var particles = setOf("to", "by", "for", "from", "of", "on", "about", "the", "a", "an", "its", "their", "it", "them",
	"account", "up", "do", "does", "be", "been", "now", "today", "in", "2013")

// verb is a verb of a question: the relationship it asks about, and the
// direction of that relationship from the grammatical subject ("PHE funds
// councils": FUNDS, outgoing from PHE; "CCGs replaced PCTs": SUCCEEDED_BY,
// incoming to the CCGs).
type verb struct {
	rel     RelType
	subject Direction
	needs   string // a word the question must also hold ("account" for "hold … to account")
	state   bool   // an adjective ("accountable"): "is X accountable" is not passive
}

// verbs are the verbs of the questions search understands.
var verbs = func() map[string]verb {
	m := map[string]verb{}
	add := func(v verb, forms ...string) {
		for _, f := range forms {
			m[f] = v
		}
	}
	add(verb{rel: Commissions, subject: Outgoing}, "commission", "commissions", "commissioned", "commissioning", "buy", "buys", "bought", "purchase", "purchases", "purchased")
	add(verb{rel: Funds, subject: Outgoing}, "fund", "funds", "funded", "finance", "finances", "financed", "pay", "pays", "paid")
	add(verb{rel: Regulates, subject: Outgoing}, "regulate", "regulates", "regulated", "inspect", "inspects", "inspected", "license", "licenses", "licensed", "licence", "licences", "licenced")
	add(verb{rel: Provides, subject: Outgoing}, "provide", "provides", "provided", "deliver", "delivers", "delivered")
	add(verb{rel: Advises, subject: Outgoing}, "advise", "advises", "advised")
	add(verb{rel: Supports, subject: Outgoing}, "support", "supports", "supported")
	add(verb{rel: Scrutinises, subject: Outgoing}, "scrutinise", "scrutinises", "scrutinised", "scrutinize", "scrutinizes", "scrutinized")
	add(verb{rel: Hosts, subject: Outgoing}, "host", "hosts", "hosted")
	add(verb{rel: Represents, subject: Outgoing}, "represent", "represents", "represented")
	add(verb{rel: SucceededBy, subject: Incoming}, "replace", "replaces", "replaced", "succeed", "succeeds", "succeeded")
	add(verb{rel: AccountableTo, subject: Outgoing, state: true}, "accountable", "answerable", "responsible")
	add(verb{rel: AccountableTo, subject: Outgoing}, "answer", "answers", "report", "reports")
	add(verb{rel: AccountableTo, subject: Incoming, needs: "account"}, "hold", "holds", "held")
	add(verb{rel: AccountableTo, subject: Incoming}, "oversee", "oversees", "overseen")
	return m
}()

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Question is what a search text asks about the nodes it names: "who
// commissions GP services?" asks for the COMMISSIONS ties reaching the
// service (Incoming); "who is a CCG accountable to?" for the
// ACCOUNTABLE_TO ties leaving a CCG (Outgoing), which AnswerSearch follows
// up to Parliament.
type Question struct {
	Type      RelType
	Direction Direction // of the ties, from the node asked about
}

// ends returns the kinds of node the question can be about: those
// RelTypeInfo allows at the asked end of its type, and services for "who
// funds …", as their commissioners pay for them.
func (q Question) ends() Endpoint {
	info, _ := q.Type.Info()
	e := info.From
	if q.Direction == Incoming {
		e = info.To
	}
	if q.Type == Funds && q.Direction == Incoming {
		e |= EndService
	}
	return e
}

// parseQuestion returns what words ask about and, if they ask a question
// search understands, the question. Words that do not start with a
// question word are returned as they are.
func parseQuestion(words []string) ([]string, *Question) {
	i := 0
	if len(words) > 1 && (words[0] == "by" || words[0] == "to" || words[0] == "from") && questionWords[words[1]] {
		i = 1 // "by whom is …"
	}
	if !questionWords[words[i]] {
		return words, nil
	}
	rest := words[i+1:]
	for len(rest) > 0 && fillerWords[rest[0]] {
		rest = rest[1:]
	}
	vi := -1
	var v verb
	for j, w := range rest {
		if cand, ok := verbs[w]; ok && (cand.needs == "" || contains(rest[j+1:], cand.needs)) {
			vi, v = j, cand
			break
		}
	}
	if vi < 0 {
		// "what is a CCG?", "what does PHE do?": what it is about.
		if subject := trimParticles(withoutQuestionWords(rest)); len(subject) > 0 {
			return subject, nil
		}
		return words, nil
	}
	before, after := rest[:vi], rest[vi+1:]
	var subject []string
	dir := opposite(v.subject) // the node asked about is the object: "who funds CCGs?"
	if len(before) > 1 && auxWords[before[0]] {
		// "who does PHE fund?", "who is a CCG accountable to?", "how is a
		// CCG funded?": the node asked about comes between.
		subject = before[1:]
		if !beWords[before[0]] || v.state {
			dir = v.subject
		}
	} else {
		subject = after
	}
	subject = trimParticles(withoutQuestionWords(subject))
	if len(subject) == 0 {
		return words, nil
	}
	return subject, &Question{Type: v.rel, Direction: dir}
}

func contains(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}

func opposite(d Direction) Direction {
	if d == Outgoing {
		return Incoming
	}
	return Outgoing
}

// withoutQuestionWords drops question, auxiliary and filler words.
func withoutQuestionWords(words []string) []string {
	var out []string
	for _, w := range words {
		if !questionWords[w] && !auxWords[w] && !fillerWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// trimParticles drops particles from both ends of words.
func trimParticles(words []string) []string {
	for len(words) > 0 && particles[words[0]] {
		words = words[1:]
	}
	for len(words) > 0 && particles[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return words
}

// alternative is one way of reading words, through synonyms or not.
type alternative struct {
	words   []string
	penalty float64
}

// span is a run of words with synonyms.
type span struct {
	start, end int // words[start:end]
	meanings   []string
}

// expandSynonyms returns words as typed, then as read through the synonym
// table and American spellings, at most maxReadings ways.
func expandSynonyms(words []string) []alternative {
	out := []alternative{{words: words}}
	var spans []span
	for i := 0; i < len(words); {
		if sp, ok := longestSynonym(words, i); ok {
			spans = append(spans, sp)
			i = sp.end
			continue
		}
		if m, ok := americanIZ(words[i]); ok {
			spans = append(spans, span{start: i, end: i + 1, meanings: []string{m}})
		}
		i++
	}
	if len(spans) == 0 {
		return out
	}
	choice := make([]int, len(spans)) // the meaning chosen for each span
	build := func() alternative {
		var ws []string
		at := 0
		for k, sp := range spans {
			ws = append(ws, words[at:sp.start]...)
			ws = append(ws, strings.Fields(sp.meanings[choice[k]])...)
			at = sp.end
		}
		return alternative{words: append(ws, words[at:]...), penalty: synonymPenalty}
	}
	out = append(out, build())
	for k, sp := range spans {
		for m := 1; m < len(sp.meanings) && len(out) < maxReadings; m++ {
			choice[k] = m
			out = append(out, build())
			choice[k] = 0
		}
	}
	return out
}

// longestSynonym returns the longest synonym phrase starting at words[i].
func longestSynonym(words []string, i int) (span, bool) {
	var best span
	found := false
	for _, first := range synonymKeys(words[i]) {
		for _, p := range synonymIndex[first] {
			end := i + len(p.words)
			if end > len(words) || (found && end <= best.end) {
				continue
			}
			match := true
			for k, pw := range p.words {
				if !synonymWordMatches(words[i+k], pw) {
					match = false
					break
				}
			}
			if match {
				best, found = span{start: i, end: end, meanings: p.meanings}, true
			}
		}
	}
	return best, found
}

// synonymKeys returns the first words of synonym phrases that w may match.
func synonymKeys(w string) []string {
	var keys []string
	if _, ok := synonymIndex[w]; ok {
		keys = append(keys, w)
	}
	if s := stem(w); s != w {
		if _, ok := synonymIndex[s]; ok {
			keys = append(keys, s)
		}
	}
	if len(w) >= 5 {
		for _, k := range fuzzyFirstWords {
			if k != w && withinEdits(w, k, 1) {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// fuzzyFirstWords are the first words of synonym phrases long enough to be
// matched with a typo, sorted.
var fuzzyFirstWords = func() []string {
	var ks []string
	for k := range synonymIndex {
		if len(k) >= 5 {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}()

// synonymWordMatches reports whether typed word w is phrase word p: as
// typed, plural, or within one edit for five letters or more.
func synonymWordMatches(w, p string) bool {
	return w == p || w == p+"s" || w == p+"es" || stem(w) == p || (len(p) >= 5 && withinEdits(w, p, 1))
}

// americanIZ returns w with an American "iz" spelt "is" ("specialized",
// "organization", "immunize"), and whether it had one.
func americanIZ(w string) (string, bool) {
	i := strings.Index(w, "iz")
	if i < 2 || i+2 >= len(w) || !strings.ContainsRune("eai", rune(w[i+2])) {
		return "", false
	}
	return w[:i] + "is" + w[i+2:], true
}
