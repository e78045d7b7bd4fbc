package web

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"caremap/graph"
)

// amount returns "£95.6bn (2013/14)", "£95.6bn" or "" for an edge.
func amount(r graph.Relationship) string {
	if r.AmountGBP == nil {
		return ""
	}
	s := graph.FormatGBP(*r.AmountGBP)
	if r.Year != "" {
		s += " (" + r.Year + ")"
	}
	return s
}

// groupKinds are kinds whose nodes name a sort of body in general
// ("community pharmacies"), not one body: prose lower-cases them and uses
// no article.
var groupKinds = map[graph.Kind]bool{
	graph.KindProvider: true, graph.KindPeople: true, graph.KindIndustry: true, graph.KindEducation: true,
}

// proseName is how a sentence names a node: "the Department of Health",
// "NHS England", "the 211 CCGs", "community pharmacies".
func proseName(n graph.Node) string {
	if s := n.Service; s != nil {
		return lowerFirst(stripParens(s.Name))
	}
	o := n.Organisation
	if o == nil {
		return ""
	}
	name := o.DisplayName()
	if o.InstanceOf != "" {
		// A real body's aside says what it is: "West Yorkshire (NHS
		// England area team)", "Bradford (metropolitan district)".
		return name
	}
	name = stripParens(name)
	switch {
	case o.Count > 1:
		noun := lowerFirst(name)
		if isAcronymPlural(o.ShortName) {
			noun = o.ShortName
		}
		return "the " + formatCount(o.Count) + " " + noun
	case groupKinds[o.Kind]:
		return lowerFirst(name)
	case !takesArticle(name):
		return name
	default:
		return "the " + name
	}
}

// generalName names a class of many bodies in general, without the count:
// "CCGs", "health and wellbeing boards"; any other node as proseName does.
// It is how one body's ties to a class read: one CCG "is a member of HWBs"
// (its own area's), not "of the 152 HWBs".
func generalName(n graph.Node) string {
	o := n.Organisation
	if o == nil || o.Count <= 1 || o.InstanceOf != "" {
		return proseName(n)
	}
	if isAcronymPlural(o.ShortName) {
		return o.ShortName
	}
	return lowerFirst(stripParens(o.DisplayName()))
}

// plural reports whether a node reads as plural in a sentence.
func plural(n graph.Node) bool {
	o := n.Organisation
	return o != nil && o.InstanceOf == "" && (o.Count > 1 || groupKinds[o.Kind] || o.Kind == graph.KindLocalAuthority && strings.HasSuffix(o.Name, "s"))
}

// takesArticle reports whether a single body's name reads with "the":
// "the Department of Health" but "NHS England", "Monitor", "HM Treasury".
func takesArticle(name string) bool {
	switch {
	case !strings.Contains(name, " "),
		strings.HasSuffix(name, " England"),
		strings.HasSuffix(name, " Ltd"),
		strings.HasPrefix(name, "HM "),
		strings.HasPrefix(name, "The "),
		name == "NHS Blood and Transplant":
		return false
	}
	return true
}

// isAcronymPlural reports whether s is an acronym's plural such as "CCGs"
// or "DsPH" — short, with two or more capitals and no spaces.
func isAcronymPlural(s string) bool {
	if s == "" || strings.ContainsAny(s, " /") || len(s) > 8 {
		return false
	}
	caps := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return caps >= 2
}

// stripParens removes parenthetical asides: "GP practices (general
// practice contractors)" reads "GP practices".
func stripParens(s string) string {
	for {
		i := strings.Index(s, " (")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], ")")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+1:]
	}
}

// lowerFirst lower-cases the first word unless it is an acronym ("NHS",
// "GP"): "Clinical senates" reads "clinical senates".
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	r, size := utf8.DecodeRuneInString(word)
	if size == 0 || !unicode.IsUpper(r) {
		return s
	}
	for _, c := range word[size:] {
		if unicode.IsUpper(c) || unicode.IsDigit(c) {
			return s // an acronym
		}
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// upperFirst capitalises the first letter, to start a sentence.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// formatCount writes 8035 as "8,035".
func formatCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// phrase is a verb phrase template: %[1]s is the object's name and %[2]s
// the amount ("" when unknown). Singular and plural subjects differ.
type phrase struct{ one, many string }

// forward phrases read an edge from its From end ("funds X"); backward
// phrases from its To end ("is funded by X").
var forward = map[graph.RelType]phrase{
	graph.AccountableTo: {"is accountable to %[1]s", "are accountable to %[1]s"},
	graph.Funds:         {"funds %[1]s%[2]s", "fund %[1]s%[2]s"},
	graph.Commissions:   {"commissions %[1]s", "commission %[1]s"},
	graph.Provides:      {"provides %[1]s", "provide %[1]s"},
	graph.Regulates:     {"regulates %[1]s", "regulate %[1]s"},
	graph.Advises:       {"advises %[1]s", "advise %[1]s"},
	graph.Supports:      {"supports %[1]s", "support %[1]s"},
	graph.PartOf:        {"is part of %[1]s", "are part of %[1]s"},
	graph.Hosts:         {"hosts %[1]s", "host %[1]s"},
	graph.MemberOf:      {"is a member of %[1]s", "are members of %[1]s"},
	graph.Represents:    {"speaks for %[1]s", "speak for %[1]s"},
	graph.Scrutinises:   {"scrutinises %[1]s", "scrutinise %[1]s"},
	graph.Uses:          {"uses %[1]s", "use %[1]s"},
	graph.SucceededBy:   {"was succeeded by %[1]s", "were succeeded by %[1]s"},
	graph.InstanceOf:    {"is one of %[1]s", "are some of %[1]s"},
}

var backward = map[graph.RelType]phrase{
	graph.AccountableTo: {"holds %[1]s to account", "hold %[1]s to account"},
	graph.Funds:         {"is funded by %[1]s%[2]s", "are funded by %[1]s%[2]s"},
	graph.Commissions:   {"is commissioned by %[1]s", "are commissioned by %[1]s"},
	graph.Provides:      {"is provided by %[1]s", "are provided by %[1]s"},
	graph.Regulates:     {"is regulated by %[1]s", "are regulated by %[1]s"},
	graph.Advises:       {"is advised by %[1]s", "are advised by %[1]s"},
	graph.Supports:      {"is supported by %[1]s", "are supported by %[1]s"},
	graph.PartOf:        {"includes %[1]s", "include %[1]s"},
	graph.Hosts:         {"is hosted by %[1]s", "are hosted by %[1]s"},
	graph.MemberOf:      {"has %[1]s as a member", "have %[1]s as members"},
	graph.Represents:    {"is spoken for by %[1]s", "are spoken for by %[1]s"},
	graph.Scrutinises:   {"is scrutinised by %[1]s", "are scrutinised by %[1]s"},
	graph.Uses:          {"is used by %[1]s", "are used by %[1]s"},
	graph.SucceededBy:   {"took over functions of %[1]s", "took over functions of %[1]s"},
	graph.InstanceOf:    {"include %[1]s", "include %[1]s"},
}

// clause is the verb phrase for walking edge r from the node subj (at
// either end) to obj. prevFunds says the step before was also money going
// forward, so "funds" reads "allocates … to" as money is passed on.
func clause(r graph.Relationship, subj, obj graph.Node, prevFunds bool) string {
	fwd := r.From == subj.ID()
	table := backward
	if fwd {
		table = forward
	}
	p, ok := table[r.Type]
	if !ok {
		p = phrase{"is linked to %[1]s", "are linked to %[1]s"}
	}
	amt := amount(r)
	if fwd && r.Type == graph.Funds && prevFunds && amt != "" {
		p = phrase{"allocates " + amt + " to %[1]s", "allocate " + amt + " to %[1]s"}
	}
	if amt != "" {
		if fwd {
			amt = " " + amt
		} else {
			amt = " (" + strings.Replace(amt, " (", ", ", 1)
			amt = strings.TrimSuffix(amt, ")") + ")"
		}
	}
	tmpl := p.one
	if plural(subj) {
		tmpl = p.many
	}
	return fmt.Sprintf(tmpl, proseName(obj), amt)
}

// explainPath writes a path as one sentence: "The Department of Health
// funds NHS England £95.6bn (2013/14), which allocates £64.7bn (2013/14) to
// the 211 CCGs, which include NHS Airedale, Wharfedale and Craven CCG."
func explainPath(p graph.Path) string {
	if len(p.Steps) == 0 {
		return upperFirst(proseName(p.Start)) + " is where the path starts and ends."
	}
	var b strings.Builder
	b.WriteString(upperFirst(proseName(p.Start)))
	at := p.Start
	prevFunds := false
	for i, s := range p.Steps {
		if i > 0 {
			b.WriteString(", which")
		}
		b.WriteString(" ")
		b.WriteString(clause(s.Edge, at, s.Node, prevFunds))
		prevFunds = s.Edge.Type == graph.Funds && s.Edge.From == at.ID()
		at = s.Node
	}
	b.WriteString(".")
	return b.String()
}

// stepSentence explains one step on its own, as a full sentence.
func stepSentence(r graph.Relationship, subj, obj graph.Node) string {
	return upperFirst(proseName(subj)) + " " + clause(r, subj, obj, false) + "."
}
