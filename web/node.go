package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"caremap/diagram"
	"caremap/graph"
)

// relRow is one relationship seen from the page's node.
type relRow struct {
	Other      link
	Amount     string
	Mechanism  string
	Mode       string
	Note       string
	Services   []link
	Valid      string
	Confidence graph.Confidence
	Sources    []graph.Source
	Sentence   string
}

// relGroup is every relationship of one type, both ways.
type relGroup struct {
	legendEntry
	Out, In       []relRow
	OutLabel      string // heading of the outgoing table, e.g. "Funds"
	InLabel       string // heading of the incoming table, e.g. "Funded by"
	OutCSV, InCSV string // the tables as CSV
}

// groupLabels are the column headings of each type, each way.
var groupLabels = map[graph.RelType][2]string{
	graph.AccountableTo: {"Accountable to", "Holds to account"},
	graph.Funds:         {"Funds", "Funded by"},
	graph.Commissions:   {"Commissions", "Commissioned by"},
	graph.Provides:      {"Provides", "Provided by"},
	graph.Regulates:     {"Regulates", "Regulated by"},
	graph.Advises:       {"Advises", "Advised by"},
	graph.Supports:      {"Supports", "Supported by"},
	graph.PartOf:        {"Part of", "Has parts"},
	graph.Hosts:         {"Hosts", "Hosted by"},
	graph.MemberOf:      {"Member of", "Has members"},
	graph.Represents:    {"Speaks for", "Spoken for by"},
	graph.Scrutinises:   {"Scrutinises", "Scrutinised by"},
	graph.Uses:          {"Uses", "Used by"},
	graph.SucceededBy:   {"Succeeded by", "Succeeded"},
	graph.InstanceOf:    {"One of", "Instances"},
}

// groupRelationships sorts edges of id into tables by type, in legend
// order, each with its outgoing and incoming rows.
func groupRelationships(id string, rels []graph.Relationship, nodes []graph.Node) []relGroup {
	byID := map[string]graph.Node{}
	for _, n := range nodes {
		byID[n.ID()] = n
	}
	self := byID[id]
	groups := map[graph.RelType]*relGroup{}
	for _, rel := range rels {
		g := groups[rel.Type]
		if g == nil {
			info, _ := rel.Type.Info()
			labels := groupLabels[rel.Type]
			g = &relGroup{legendEntry: newLegendEntry(info), OutLabel: labels[0], InLabel: labels[1]}
			if self.ID() != "" {
				g.OutCSV, g.InCSV = relCSV(self, rel.Type, graph.Outgoing), relCSV(self, rel.Type, graph.Incoming)
			}
			groups[rel.Type] = g
		}
		otherID := rel.To
		if rel.To == id {
			otherID = rel.From
		}
		other, ok := byID[otherID]
		if !ok {
			other = graph.Node{Organisation: &graph.Organisation{ID: otherID, Name: otherID}}
		}
		row := relRow{
			Other: nodeLink(other), Amount: amount(rel), Mechanism: rel.Mechanism, Mode: rel.Mode, Note: rel.Note,
			Confidence: rel.Confidence, Sources: rel.Sources, Valid: validity(rel.ValidFrom, rel.ValidTo),
		}
		if self.ID() != "" {
			row.Sentence = stepSentence(rel, self, other)
		}
		for _, sv := range rel.Services {
			n, ok := byID[sv]
			if !ok {
				n = graph.Node{Service: &graph.Service{ID: sv, Name: sv}}
			}
			row.Services = append(row.Services, nodeLink(n))
		}
		if rel.From == id {
			g.Out = append(g.Out, row)
		} else {
			g.In = append(g.In, row)
		}
	}
	var out []relGroup
	for _, t := range graph.RelTypes {
		if g := groups[t.Type]; g != nil {
			out = append(out, *g)
		}
	}
	return out
}

func validity(from, to string) string {
	switch {
	case from != "" && to != "":
		return from + " to " + to
	case from != "":
		return "from " + from
	case to != "":
		return "until " + to
	}
	return ""
}

// nodePage is the data of an organisation's or a service's page.
type nodePage struct {
	page
	Org       *graph.Organisation
	Service   *graph.Service
	Class     *link // for an instance, its class
	Groups    []relGroup
	Count     int // relationships shown
	Diagram   diagramView
	Instances *instanceList
	Local     []localFact // for a real body: what it was on 1 April 2013
	Role      *classRole  // for a real body: what it does as one of its class
	// Service pages: who commissions and who provides it.
	Commissioners []link
	Providers     []link
}

// nodeEdges returns the relationships of id with the nodes at their ends,
// and the services their Services lists name.
func (s *site) nodeEdges(r *http.Request, id string, types []graph.RelType) ([]graph.Relationship, []graph.Node, error) {
	rels, nodes, err := s.store.Neighbours(r.Context(), []string{id}, types, graph.Both)
	if err != nil {
		return nil, nil, err
	}
	have := map[string]bool{}
	for _, n := range nodes {
		have[n.ID()] = true
	}
	var missing []string
	for _, rel := range rels {
		for _, sv := range rel.Services {
			if !have[sv] {
				have[sv] = true
				missing = append(missing, sv)
			}
		}
	}
	if len(missing) > 0 {
		more, err := s.store.Nodes(r.Context(), missing[:min(len(missing), graph.MaxIDs)])
		if err != nil {
			return nil, nil, err
		}
		nodes = append(nodes, more...)
	}
	return rels, nodes, nil
}

// typesExcept returns every type but the ones given.
func typesExcept(skip ...graph.RelType) []graph.RelType {
	var out []graph.RelType
	for _, t := range graph.RelTypes {
		if !slices.Contains(skip, t.Type) {
			out = append(out, t.Type)
		}
	}
	return out
}

func (s *site) organisation(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if len(id) > maxQuery {
		s.fail(w, r, graph.NotFound("organisation", id[:maxQuery]+"…"))
		return
	}
	dq, err := diagram.ParseControls(id, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.store.Organisation(r.Context(), id)
	if err != nil {
		if _, serr := s.store.Service(r.Context(), id); serr == nil {
			http.Redirect(w, r, withQuery("/service/"+url.PathEscape(id), r), http.StatusFound)
			return
		}
		s.fail(w, r, err)
		return
	}
	// A class's INSTANCE_OF edges are its instances, listed (filterable and
	// paged) below rather than as hundreds of table rows.
	types := typesExcept()
	if o.InstanceOf == "" {
		types = typesExcept(graph.InstanceOf)
	}
	rels, nodes, err := s.nodeEdges(r, id, types)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := nodePage{
		page:   page{Title: o.DisplayName(), Description: o.Role},
		Org:    &o,
		Groups: groupRelationships(id, rels, append(nodes, graph.Node{Organisation: &o})),
		Count:  len(rels),
	}
	if o.InstanceOf != "" {
		for _, n := range nodes {
			if n.ID() == o.InstanceOf {
				l := nodeLink(n)
				p.Class = &l
			}
		}
		// The class's ties, stated for this body; and where the dataset
		// has no money figure for the body itself, its class's stands in,
		// said to be for all of them.
		classRels, classNodes, err := s.nodeEdges(r, o.InstanceOf, typesExcept(graph.InstanceOf))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		byID := map[string]graph.Node{}
		for _, n := range append(nodes, classNodes...) {
			byID[n.ID()] = n
		}
		var classFunding []graph.Relationship
		for _, cr := range classRels {
			if cr.Type == graph.Funds && cr.To == o.InstanceOf {
				classFunding = append(classFunding, cr)
			}
		}
		p.Local = localFacts(&o, rels, byID, classFunding)
		if class, ok := byID[o.InstanceOf]; ok {
			p.Role = roleOf(&o, class, classRels, byID)
		}
	}
	if o.InstanceOf == "" {
		list, err := s.instances(r, o)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Instances = list
	}
	local := o.InstanceOf != ""
	if local {
		// A real body's diagram is local: the real bodies around it, by
		// every tie unless a view or types are asked for.
		dq.Instances = true
		if q := r.URL.Query(); !q.Has("view") && !q.Has("types") {
			dq.View = diagram.All
		}
	}
	p.Diagram = s.nodeDiagram(r, id, o.DisplayName(), graph.NodeOrganisation, dq)
	if local {
		p.Diagram.Local = true
		p.Diagram.fill()
	}
	s.render(w, r, http.StatusOK, "node", &p)
}

func (s *site) service(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if len(id) > maxQuery {
		s.fail(w, r, graph.NotFound("service", id[:maxQuery]+"…"))
		return
	}
	dq, err := diagram.ParseControls(id, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sv, err := s.store.Service(r.Context(), id)
	if err != nil {
		if _, oerr := s.store.Organisation(r.Context(), id); oerr == nil {
			http.Redirect(w, r, withQuery("/org/"+url.PathEscape(id), r), http.StatusFound)
			return
		}
		s.fail(w, r, err)
		return
	}
	rels, nodes, err := s.nodeEdges(r, id, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	who, err := s.store.WhoCommissions(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := nodePage{
		page:    page{Title: sv.Name, Description: sv.Description},
		Service: &sv,
		Groups:  groupRelationships(id, rels, append(nodes, graph.Node{Service: &sv})),
		Count:   len(rels),
	}
	for i := range who {
		p.Commissioners = append(p.Commissioners, nodeLink(graph.Node{Organisation: &who[i]}))
	}
	for _, rel := range rels {
		if rel.Type == graph.Provides && rel.To == id {
			for _, n := range nodes {
				if n.ID() == rel.From {
					p.Providers = append(p.Providers, nodeLink(n))
				}
			}
		}
	}
	p.Diagram = s.nodeDiagram(r, id, sv.Name, graph.NodeService, dq)
	s.render(w, r, http.StatusOK, "node", &p)
}

// instancePage is how many instances one page lists.
const instancePage = 50

// maxInstances bounds how many instances are read to filter them: more
// than the largest class (the 8,053 GP practices).
const maxInstances = 10000

type instanceList struct {
	Items       []link
	Codes       []graph.Codes
	Total       int // instances of the class
	Matches     int // instances matching the filter
	Filter      string
	Page, Pages int
	Prev, Next  string // URLs, "" at the ends
	First, Last int    // 1-based positions shown
	CSV         string // every match, as CSV
}

// instances lists the instances of a class, filtered by the filter
// parameter (words in the name, id or codes) and paged by the page one.
// It returns nil for a body with none.
func (s *site) instances(r *http.Request, o graph.Organisation) (*instanceList, error) {
	q := r.URL.Query()
	filter, err := instanceFilter(q)
	if err != nil {
		return nil, err
	}
	pageNo := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, badParam("page", v, "a page number from 1")
		}
		pageNo = n
	}
	if len(strings.Fields(graph.NormaliseText(filter))) == 0 {
		return s.instancePage(r, o, q, pageNo)
	}
	all, err := s.allInstances(r, o.ID)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	list := &instanceList{Total: len(all), Filter: filter}
	match := matchInstances(all, filter)
	list.Matches = len(match)
	list.Pages = max(1, (len(match)+instancePage-1)/instancePage)
	if pageNo > list.Pages {
		return nil, badParam("page", strconv.Itoa(pageNo), fmt.Sprintf("a page number from 1 to %d", list.Pages))
	}
	list.Page = pageNo
	lo, hi := (pageNo-1)*instancePage, min(pageNo*instancePage, len(match))
	for i := lo; i < hi; i++ {
		list.Items = append(list.Items, nodeLink(graph.Node{Organisation: &match[i]}))
		list.Codes = append(list.Codes, match[i].Codes)
	}
	list.First, list.Last = lo+1, hi
	list.pageLinks(o, q)
	return list, nil
}

// instanceFilter reads the filter parameter of a list of real bodies.
func instanceFilter(q url.Values) (string, error) {
	filter := strings.TrimSpace(q.Get("filter"))
	if utf8.RuneCountInString(filter) > maxQuery {
		return "", badParam("filter", "", fmt.Sprintf("text of at most %d characters", maxQuery))
	}
	return filter, nil
}

// allInstances reads every instance of the class id (at most
// maxInstances), ordered by name then id.
func (s *site) allInstances(r *http.Request, id string) ([]graph.Organisation, error) {
	var all []graph.Organisation
	after := ""
	for len(all) < maxInstances {
		pg, err := s.store.Organisations(r.Context(), graph.OrganisationFilter{InstanceOf: id}, graph.Page{First: graph.MaxFirst, After: after})
		if err != nil {
			return nil, err
		}
		all = append(all, pg.Items...)
		if !pg.HasNextPage || len(pg.Cursors) == 0 {
			break
		}
		after = pg.Cursors[len(pg.Cursors)-1]
	}
	return all, nil
}

// matchInstances keeps the instances whose name, short name, id or codes
// hold a word starting with each word of filter; an empty filter keeps
// them all.
func matchInstances(all []graph.Organisation, filter string) []graph.Organisation {
	words := strings.Fields(graph.NormaliseText(filter))
	var match []graph.Organisation
	for _, in := range all {
		hay := " " + graph.NormaliseText(in.Name+" "+in.OperatingName+" "+in.ShortName+" "+in.ID+" "+in.Codes.ODS+" "+in.Codes.ONS)
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, " "+w) {
				ok = false
				break
			}
		}
		if ok {
			match = append(match, in)
		}
	}
	return match
}

// instancePage lists one page of a class's instances, unfiltered, asking
// the store for that page alone (the GP practices run to 162 pages).
func (s *site) instancePage(r *http.Request, o graph.Organisation, q url.Values, pageNo int) (*instanceList, error) {
	pg := graph.Page{First: instancePage}
	if pageNo > 1 {
		pg.After = graph.EncodeCursor((pageNo-1)*instancePage - 1)
	}
	p, err := s.store.Organisations(r.Context(), graph.OrganisationFilter{InstanceOf: o.ID}, pg)
	if err != nil {
		return nil, err
	}
	if p.TotalCount == 0 {
		return nil, nil
	}
	list := &instanceList{Total: p.TotalCount, Matches: p.TotalCount, Page: pageNo}
	list.Pages = max(1, (p.TotalCount+instancePage-1)/instancePage)
	if pageNo > list.Pages {
		return nil, badParam("page", strconv.Itoa(pageNo), fmt.Sprintf("a page number from 1 to %d", list.Pages))
	}
	for i := range p.Items {
		list.Items = append(list.Items, nodeLink(graph.Node{Organisation: &p.Items[i]}))
		list.Codes = append(list.Codes, p.Items[i].Codes)
	}
	list.First, list.Last = (pageNo-1)*instancePage+1, (pageNo-1)*instancePage+len(p.Items)
	list.pageLinks(o, q)
	return list, nil
}

// pageLinks sets the links to the previous and next pages, and to the
// CSV of every match.
func (list *instanceList) pageLinks(o graph.Organisation, q url.Values) {
	list.CSV = "/org/" + url.PathEscape(o.ID) + "/instances.csv"
	if list.Filter != "" {
		list.CSV += "?" + url.Values{"filter": {list.Filter}}.Encode()
	}
	pageURL := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "page" {
				v[k] = vs
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		u := "/org/" + url.PathEscape(o.ID)
		if e := v.Encode(); e != "" {
			u += "?" + e
		}
		return u + "#instances"
	}
	if list.Page > 1 {
		list.Prev = pageURL(list.Page - 1)
	}
	if list.Page < list.Pages {
		list.Next = pageURL(list.Page + 1)
	}
}

// baseURL is the origin used in embed code: diagram.Origin decides it
// for pages and drawings alike, trusting the Host header only when it is
// one of Config.Hosts.
func (s *site) baseURL(r *http.Request) string { return diagram.Origin(r, s.cfg.BaseURL, s.cfg.Hosts) }

// withQuery appends r's query string to path.
func withQuery(path string, r *http.Request) string {
	if r.URL.RawQuery == "" {
		return path
	}
	return path + "?" + r.URL.RawQuery
}
