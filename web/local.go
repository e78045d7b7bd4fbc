package web

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"caremap/graph"
)

// localFact is one line of a real body's "in April 2013" summary: a label
// and the facts under it, each with its sources.
type localFact struct {
	Label string
	Note  string // e.g. why a figure is missing and what stands instead
	Items []localItem
}

type localItem struct {
	Link       *link
	Text       string // e.g. "£130m (2013/14)", "156,293"
	Detail     string // how or as at when
	More       *link  // where to read more, e.g. the list of members
	Confidence graph.Confidence
	Sources    []graph.Source
}

// The classes whose instances the summary names by role.
const (
	classCouncils = "upper-tier-local-authorities"
	classCCGs     = "clinical-commissioning-groups"
	classHWBs     = "health-and-wellbeing-boards"
	classFTs      = "nhs-foundation-trusts"
)

// localFacts summarises what a real body's relationships and figures say
// about it on 1 April 2013: its status as a trust, its registered
// population and practices, its money (or, where the dataset has no figure
// for it, its class's), who regulates it and whom it answers to, its local
// ties and the bodies it replaced or that replaced it. rels are its
// relationships, byID the nodes at their ends; classFunding the FUNDS edges
// into its class.
func localFacts(o *graph.Organisation, rels []graph.Relationship, byID map[string]graph.Node, classFunding []graph.Relationship) []localFact {
	if o.InstanceOf == "" {
		return nil
	}
	var facts []localFact
	add := func(label, note string, items []localItem) {
		if len(items) > 0 {
			facts = append(facts, localFact{Label: label, Note: note, Items: items})
		}
	}
	switch {
	case o.FTAuthorised != "" && o.InstanceOf == classFTs:
		add("Foundation trust", "", []localItem{{Text: "since " + o.FTAuthorised, Sources: o.Sources}})
	case o.FTAuthorised != "":
		add("Foundation trust", "", []localItem{{Text: "authorised as one on " + o.FTAuthorised + ", after 1 April 2013: an NHS trust that day", Sources: o.Sources}})
	case o.FTBy != "":
		add("Foundation trust", "", []localItem{{Text: "by " + o.FTBy, Detail: "a source of that date shows it was one; its authorisation date was not found", Sources: o.Sources}})
	}
	if f := o.RegisteredPatients; f != nil {
		add("Registered patients", "", []localItem{figureItem(f)})
	}
	if f := o.MemberPractices; f != nil {
		item := figureItem(f)
		if f.Value > 0 {
			item.More = &link{Name: "listed under “Member of” below", Href: "#g-" + relClass(graph.MemberOf)}
		}
		add("Member GP practices", "", []localItem{item})
	}

	var funding, regulators, answersTo, memberOf, councils, ccgs, boards, replaced, replacedBy []localItem
	for _, r := range rels {
		in := r.To == o.ID
		other := r.From
		if !in {
			other = r.To
		}
		n, ok := byID[other]
		if !ok {
			continue
		}
		l := nodeLink(n)
		item := localItem{Link: &l, Detail: r.Mechanism, Confidence: r.Confidence, Sources: r.Sources}
		class := ""
		if n.Organisation != nil {
			class = n.Organisation.InstanceOf
		}
		switch {
		case r.Type == graph.Funds && in && r.AmountGBP != nil:
			item.Text = amount(r)
			funding = append(funding, item)
		case r.Type == graph.Regulates && in:
			item.Detail = r.Mode
			regulators = append(regulators, item)
		case r.Type == graph.AccountableTo && !in:
			answersTo = append(answersTo, item)
		case r.Type == graph.MemberOf && !in:
			memberOf = append(memberOf, item)
		case r.Type == graph.Advises && in && class == classCouncils:
			councils = append(councils, item)
		case r.Type == graph.Advises && !in && class == classCCGs:
			ccgs = append(ccgs, item)
		case r.Type == graph.PartOf && in && class == classHWBs:
			boards = append(boards, item)
		case r.Type == graph.SucceededBy && in:
			item.Text, item.Detail = succession(r), ""
			replaced = append(replaced, item)
		case r.Type == graph.SucceededBy && !in:
			item.Text, item.Detail = succession(r), ""
			replacedBy = append(replacedBy, item)
		}
	}
	if len(funding) == 0 {
		note := ""
		for _, r := range classFunding {
			if r.AmountGBP == nil {
				continue
			}
			n, ok := byID[r.From]
			if !ok {
				continue
			}
			l := nodeLink(n)
			funding = append(funding, localItem{Link: &l, Text: amount(r), Detail: r.Mechanism, Confidence: r.Confidence, Sources: r.Sources})
			note = "The dataset has no figure for this body alone. For all of them together:"
		}
		add("Money received", note, funding)
	} else {
		add("Money received", "", funding)
	}
	add("Regulated by", "", regulators)
	add("Answers to", "", answersTo)
	add("Health and wellbeing board", "", boards)
	add("Member of", "", memberOf)
	add("Councils of its area", "Each gives it public health advice.", councils)
	add("CCGs of its area", "It gives each public health advice.", ccgs)
	add("Replaced", "", replaced)
	add("Replaced by", "", replacedBy)
	return facts
}

// figureItem writes a figure with its date and how it was counted.
func figureItem(f *graph.Figure) localItem {
	detail := f.Note
	if f.AsOf != "" {
		detail = strings.TrimSpace("as at " + f.AsOf + ". " + detail)
	}
	return localItem{Text: formatCount(int(f.Value)), Detail: detail, Sources: f.Sources}
}

// succession says what share of the predecessor's patients passed, where
// the data says.
func succession(r graph.Relationship) string {
	var parts []string
	if r.Patients != nil {
		parts = append(parts, formatCount(int(*r.Patients))+" patients")
	}
	if r.Share != nil {
		parts = append(parts, strconv.FormatFloat(*r.Share*100, 'f', 1, 64)+"% of the predecessor's")
	}
	return strings.Join(parts, ", ")
}

// classRole is what a real body does as one of its class: the class's own
// ties, stated for the body (the dataset records them for the class as a
// whole, e.g. "the 211 CCGs commission planned hospital care").
type classRole struct {
	Class   link
	Heading string // "As one of the 211 CCGs"
	Summary string // one sentence: "As one of the 211 CCGs, it …"
	Ties    []classTie
}

// classTie is one type of the class's ties, one way: a verb and the bodies
// or services at the other end.
type classTie struct {
	legendEntry
	Verb  string // singular, for the body: "is funded by"
	Items []classItem
}

type classItem struct {
	Other      link
	Amount     string // for all of the class together
	Services   []link
	Detail     string
	Confidence graph.Confidence
	Sources    []graph.Source
}

// roleOf states the class's ties rels (with the nodes at their ends in
// byID) for one of its instances o. It leaves out INSTANCE_OF, which is the
// membership itself. Nil when the class has no other tie.
func roleOf(o *graph.Organisation, class graph.Node, rels []graph.Relationship, byID map[string]graph.Node) *classRole {
	type key struct {
		t   graph.RelType
		out bool
	}
	groups := map[key]*classTie{}
	for _, r := range rels {
		if r.Type == graph.InstanceOf {
			continue
		}
		out := r.From == class.ID()
		otherID := r.To
		if !out {
			otherID = r.From
		}
		other, ok := byID[otherID]
		if !ok {
			continue
		}
		k := key{r.Type, out}
		g := groups[k]
		if g == nil {
			info, _ := r.Type.Info()
			g = &classTie{legendEntry: newLegendEntry(info), Verb: singularVerb(r.Type, out)}
			groups[k] = g
		}
		item := classItem{Other: nodeLink(other), Detail: r.Mechanism, Confidence: r.Confidence, Sources: r.Sources}
		if a := amount(r); a != "" {
			item.Amount = a
		}
		for _, sv := range r.Services {
			if n, ok := byID[sv]; ok {
				item.Services = append(item.Services, nodeLink(n))
			}
		}
		g.Items = append(g.Items, item)
	}
	if len(groups) == 0 {
		return nil
	}
	role := &classRole{Class: nodeLink(class), Heading: "As one of " + proseName(class)}
	var phrases []string
	for _, t := range graph.RelTypes {
		for _, out := range []bool{true, false} {
			g := groups[key{t.Type, out}]
			if g == nil {
				continue
			}
			// What it commissions or provides first, then from or for whom.
			slices.SortStableFunc(g.Items, func(a, b classItem) int {
				rank := func(it classItem) int {
					if it.Other.Kind == "service" {
						return 0
					}
					return 1
				}
				return cmp.Compare(rank(a), rank(b))
			})
			role.Ties = append(role.Ties, *g)
			if !summaryTypes[t.Type] {
				continue
			}
			var names []string
			for i, it := range g.Items {
				if i == 3 {
					names = append(names, fmt.Sprintf("%d more", len(g.Items)-3))
					break
				}
				names = append(names, generalName(byID[it.Other.ID]))
			}
			phrases = append(phrases, g.Verb+" "+joinAnd(names))
		}
	}
	if len(phrases) == 0 {
		phrases = append(phrases, "has the ties below")
	}
	role.Summary = upperFirst(role.Heading) + ", " + proseName(graph.Node{Organisation: o}) + " " + joinAnd(phrases) + "."
	return role
}

// summaryTypes are the ties a class role's one sentence tells; the list
// under it gives every tie.
var summaryTypes = map[graph.RelType]bool{
	graph.AccountableTo: true, graph.Funds: true, graph.Commissions: true, graph.Provides: true,
	graph.Regulates: true, graph.PartOf: true, graph.SucceededBy: true,
}

// singularVerb is the verb of a type for one body at the from end (out) or
// the to end, without its object: "commissions", "is funded by".
func singularVerb(t graph.RelType, out bool) string {
	table := backward
	if out {
		table = forward
	}
	p, ok := table[t]
	if !ok {
		return relName(t)
	}
	v := strings.Join(strings.Fields(fmt.Sprintf(p.one, "", "")), " ")
	switch {
	case t == graph.AccountableTo && !out:
		return "holds to account"
	case t == graph.MemberOf && !out:
		return "has as members"
	}
	return v
}

// joinAnd joins items as prose: "a", "a and b", "a, b and c"; items that
// hold commas are separated by semicolons.
func joinAnd(items []string) string {
	sep := ", "
	for _, it := range items {
		if strings.Contains(it, ",") {
			sep = "; "
		}
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], sep) + " and " + items[len(items)-1]
}
