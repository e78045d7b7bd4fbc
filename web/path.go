package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"caremap/graph"
)

// pathKind is a way /path may connect two bodies.
type pathKind struct {
	Name, Label string
	Heading     string // the answer's heading
}

// pathKinds are the ways /path may connect two bodies. Accountability and
// money follow exactly the walks of the API's accountabilityChain and
// moneyFlow (graph.AccountabilityRoute, graph.MoneyRoute); any tie is the
// shortest path over every type.
var pathKinds = []pathKind{
	{"accountability", "By accountability", "The chain of accountability"},
	{"money", "By money", "How the money flows"},
	{"any", "By any tie", "The shortest path"},
}

// pathKindNames is the "allowed:" text for by.
const pathKindNames = "accountability, money, any"

// pathStep is one arrow and the box it leads to.
type pathStep struct {
	legendEntry
	Forward   bool // the edge points the way the path walks
	Verb      string
	Amount    string
	Node      link
	Sentence  string
	Sources   []graph.Source
	Mechanism string
	Note      string
}

// pathPage is the data of /path.
type pathPage struct {
	page
	From, To, By string
	Heading      string // the answer's heading, for the kind of path
	Kinds        []pathKind
	Options      []link // the datalist: every class, single body and service
	Asked        bool   // both ends were given
	Found        bool
	Start        link
	Steps        []pathStep
	Explanation  string
	NoPath       string
	AnyHref      string // the same question by any tie
	Examples     []pathExample
}

// pathExample is a suggested question.
type pathExample struct{ Label, Href string }

var pathExamples = []pathExample{
	{"How does money reach a CCG from the Department of Health?", "/path?from=department-of-health&to=ccg-02n&by=money"},
	{"How is a CCG held to account, up to Parliament?", "/path?from=ccg-02n&to=uk-parliament&by=accountability"},
	{"How is the Care Quality Commission connected to NHS England?", "/path?from=care-quality-commission&to=nhs-england&by=any"},
	{"From HM Treasury to NHS foundation trusts, by any tie", "/path?from=hm-treasury&to=nhs-foundation-trusts&by=any"},
}

func (s *site) path(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := pathPage{
		page:     page{Title: "How are two bodies connected?"},
		From:     strings.TrimSpace(q.Get("from")),
		To:       strings.TrimSpace(q.Get("to")),
		By:       strings.ToLower(strings.TrimSpace(q.Get("by"))),
		Examples: pathExamples,
	}
	p.Kinds = pathKinds
	if p.By == "" {
		p.By = "any"
	}
	known := false
	for _, k := range pathKinds {
		if k.Name == p.By {
			p.Heading, known = k.Heading, true
		}
	}
	if !known {
		s.fail(w, r, badParam("by", q.Get("by"), pathKindNames))
		return
	}
	for _, end := range []struct{ name, v string }{{"from", p.From}, {"to", p.To}} {
		if len(end.v) > maxQuery {
			s.fail(w, r, badParam(end.name, "", "the id of an organisation or a service"))
			return
		}
	}
	opts, err := s.pathOptions(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Options = opts
	if p.From == "" || p.To == "" {
		if p.From != "" || p.To != "" {
			s.fail(w, r, badParam(map[bool]string{true: "to", false: "from"}[p.From != ""], "", "the id of an organisation or a service (both from and to are needed)"))
			return
		}
		s.render(w, r, http.StatusOK, "path", &p)
		return
	}
	p.Asked = true
	ends, err := s.store.Nodes(r.Context(), []string{p.From, p.To})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byID := map[string]graph.Node{}
	for _, n := range ends {
		byID[n.ID()] = n
	}
	// An end typed as a name rather than picked from the list is read as
	// the best search hit, if that is a good one, and the page redirected
	// to the ids.
	resolved, changed := map[string]string{}, false
	for _, id := range []string{p.From, p.To} {
		if _, ok := byID[id]; ok {
			resolved[id] = id
			continue
		}
		hit, err := s.bestHit(r, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if hit == "" {
			s.fail(w, r, graph.NotFound("organisation or service", id))
			return
		}
		resolved[id], changed = hit, true
	}
	if changed {
		v := url.Values{"from": {resolved[p.From]}, "to": {resolved[p.To]}, "by": {p.By}}
		http.Redirect(w, r, "/path?"+v.Encode(), http.StatusFound)
		return
	}
	p.Title = "From " + byID[p.From].DisplayName() + " to " + byID[p.To].DisplayName()
	p.AnyHref = "/path?" + url.Values{"from": {p.From}, "to": {p.To}, "by": {"any"}}.Encode()
	var path graph.Path
	switch p.By {
	case "accountability":
		path, err = graph.AccountabilityRoute(r.Context(), s.store, p.From, p.To)
	case "money":
		path, err = graph.MoneyRoute(r.Context(), s.store, p.From, p.To)
	default:
		path, err = s.store.ShortestPath(r.Context(), graph.PathQuery{From: p.From, To: p.To, MaxHops: graph.MaxHops})
	}
	switch {
	case err == nil:
	case graph.IsNoRoute(err):
		p.NoPath = upperFirst(proseName(byID[p.From])) + " and " + proseName(byID[p.To]) + map[string]string{
			"accountability": " are not connected by accountability: neither answers to the other, and their chains up to Parliament do not meet.",
			"money":          " are not connected by money: no flow of funding in the dataset runs from one to the other, or to both from one funder.",
			"any":            " are not connected by any tie within eight steps.",
		}[p.By]
		if p.By != "accountability" || byID[p.From].Organisation == nil {
			s.render(w, r, http.StatusOK, "path", &p)
			return
		}
		// The chain that does not reach the other body: shown as far as
		// it goes, as the API's accountabilityChain gives it.
		if path, err = graph.AccountabilityPath(r.Context(), s.store, p.From); err != nil {
			s.fail(w, r, err)
			return
		}
		end := path.End()
		p.NoPath = upperFirst(proseName(byID[p.From])) + " and " + proseName(byID[p.To]) + " are not connected by accountability. "
		if end.ID() != graph.Parliament {
			p.NoPath += upperFirst(proseName(byID[p.From])) + "’s chain of accountability stops at " + proseName(end) +
				": the dataset records nobody " + map[bool]string{true: "they answer", false: "it answers"}[plural(end)] + " to."
		} else {
			p.NoPath += "Their chains up to Parliament do not meet."
		}
		p.Heading = "The chain of accountability, as far as it goes"
	default:
		s.fail(w, r, err)
		return
	}
	p.Found = true
	p.Start = nodeLink(path.Start)
	p.Explanation = explainPath(path)
	at := path.Start
	for _, st := range path.Steps {
		info, _ := st.Edge.Type.Info()
		fwd := st.Edge.From == at.ID()
		p.Steps = append(p.Steps, pathStep{
			legendEntry: newLegendEntry(info),
			Forward:     fwd, Verb: verb(st.Edge, at), Amount: amount(st.Edge), Node: nodeLink(st.Node),
			Sentence: stepSentence(st.Edge, at, st.Node), Sources: st.Edge.Sources, Mechanism: st.Edge.Mechanism, Note: st.Edge.Note,
		})
		at = st.Node
	}
	s.render(w, r, http.StatusOK, "path", &p)
}

// pathOptions lists what the from and to pickers suggest: every class and
// single body, and every service. Instances are accepted by id too.
func (s *site) pathOptions(r *http.Request) ([]link, error) {
	var out []link
	after := ""
	for range 10 {
		pg, err := s.store.Organisations(r.Context(), graph.OrganisationFilter{Classes: true}, graph.Page{First: graph.MaxFirst, After: after})
		if err != nil {
			return nil, err
		}
		for i := range pg.Items {
			out = append(out, nodeLink(graph.Node{Organisation: &pg.Items[i]}))
		}
		if !pg.HasNextPage || len(pg.Cursors) == 0 {
			break
		}
		after = pg.Cursors[len(pg.Cursors)-1]
	}
	sp, err := s.store.Services(r.Context(), graph.Page{First: graph.MaxFirst})
	if err != nil {
		return nil, err
	}
	for i := range sp.Items {
		out = append(out, nodeLink(graph.Node{Service: &sp.Items[i]}))
	}
	return out, nil
}

// verb is the arrow's label for walking edge r from the node subj: the
// clause with its object left out, e.g. "funds", "is funded by", "holds to
// account".
func verb(r graph.Relationship, subj graph.Node) string {
	table := backward
	if r.From == subj.ID() {
		table = forward
	}
	p, ok := table[r.Type]
	if !ok {
		return relName(r.Type)
	}
	tmpl := p.one
	if plural(subj) {
		tmpl = p.many
	}
	return strings.Join(strings.Fields(fmt.Sprintf(tmpl, "", "")), " ")
}

// bestHit returns the id of the node that text names, when a search finds
// one whose name, short name or id contains every word of it, or "".
func (s *site) bestHit(r *http.Request, text string) (string, error) {
	if graph.NormaliseText(text) == "" {
		return "", nil
	}
	hits, err := s.store.Search(r.Context(), text, 1)
	if err != nil || len(hits) == 0 || hits[0].Score < graph.ScoreNameWords {
		return "", err
	}
	return hits[0].Node.ID(), nil
}
