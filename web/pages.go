package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"caremap/diagram"
	"caremap/graph"
)

// maxQuery is the longest search text or id a page accepts: the API's.
const maxQuery = graph.MaxSearchText

// link is a node to link to.
type link struct {
	ID, Name, Href string
	Kind           string // a short description of what it is, e.g. "Service"
}

func nodeLink(n graph.Node) link {
	if n.Service != nil {
		return link{ID: n.ID(), Name: n.Service.Name, Href: "/service/" + url.PathEscape(n.ID()), Kind: "service"}
	}
	if o := n.Organisation; o != nil {
		return link{ID: o.ID, Name: o.DisplayName(), Href: "/org/" + url.PathEscape(o.ID), Kind: kindLabel(o.Kind)}
	}
	return link{}
}

// kindLabel writes a kind for people: NON_DEPARTMENTAL_BODY reads
// "non-departmental body".
func kindLabel(k graph.Kind) string {
	s := strings.ToLower(strings.ReplaceAll(string(k), "_", " "))
	s = strings.ReplaceAll(s, "non departmental", "non-departmental")
	return strings.ReplaceAll(s, "nhs", "NHS")
}

type homePage struct {
	page
	Stats      graph.Stats
	Legend     []legendEntry
	Examples   []Example
	Playground string
	Diagram    diagramView
}

// legendEntry is one relationship type for the legend.
type legendEntry struct {
	graph.RelTypeInfo
	Name    string // "accountable to"
	Class   string // CSS class carrying its colour and line style
	Heading string // the section heading on a node's page, e.g. "Money"
}

func legend() []legendEntry {
	out := make([]legendEntry, 0, len(graph.RelTypes))
	for _, t := range graph.RelTypes {
		out = append(out, newLegendEntry(t))
	}
	return out
}

func newLegendEntry(t graph.RelTypeInfo) legendEntry {
	t.Definition = plainDefinition.Replace(t.Definition)
	return legendEntry{RelTypeInfo: t, Name: relName(t.Type), Class: relClass(t.Type), Heading: groupHeadings[t.Type]}
}

// plainDefinition rewrites the reference's definitions, which speak of
// "the from body" and "the to body", for readers who do not think in
// edges.
var plainDefinition = strings.NewReplacer(
	"The from body", "One body",
	"the abolished from body", "an abolished body",
	"the to body", "the other",
	"the to service", "a service",
	"the class node to", "a class of bodies",
	"People (from) use a service (to)", "People use a service",
	"the from body", "one body",
)

// groupHeadings name each type's section on a node's page.
var groupHeadings = map[graph.RelType]string{
	graph.AccountableTo: "Accountability", graph.Funds: "Money", graph.Commissions: "Commissioning",
	graph.Provides: "Provision", graph.Regulates: "Regulation", graph.Advises: "Advice", graph.Supports: "Support",
	graph.PartOf: "Structure", graph.Hosts: "Hosting", graph.MemberOf: "Membership", graph.Represents: "Representation",
	graph.Scrutinises: "Scrutiny", graph.Uses: "Use", graph.SucceededBy: "Succession", graph.InstanceOf: "Class and instances",
}

// relName writes a type for people: ACCOUNTABLE_TO reads "accountable to".
func relName(t graph.RelType) string {
	return strings.ToLower(strings.ReplaceAll(string(t), "_", " "))
}

// relClass is the CSS class of a type: ACCOUNTABLE_TO is "rel-accountable-to".
func relClass(t graph.RelType) string {
	return "rel-" + strings.ToLower(strings.ReplaceAll(string(t), "_", "-"))
}

func (s *site) home(w http.ResponseWriter, r *http.Request) {
	q, err := diagram.ParseControls("", r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.store.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.baseURL(r)
	spec, _ := q.Spec()
	d := diagramView{
		Key: "system",
		Alt: "The English health and care system on 1 April 2013, " + strings.ToLower(spec.Title) + ": " + strings.ToLower(spec.Description[:1]) + spec.Description[1:] +
			" Parliament and government are at the top, national bodies, regional structures and local bodies below.",
		Title:    "The whole system",
		base:     base,
		Query:    q,
		page:     "/",
		fragment: "whole",
	}
	d.FullPage = d.src("svg")
	d.fill()
	s.render(w, r, http.StatusOK, "home", &homePage{
		page:       page{Title: "The health and care system in England, April 2013", Description: "Explore who is accountable to whom, who funds and who commissions what in the English health and care system of 1 April 2013."},
		Stats:      st,
		Legend:     legend(),
		Examples:   s.cfg.Examples,
		Playground: s.cfg.Playground,
		Diagram:    d,
	})
}

type searchPage struct {
	page
	Query   string
	Hits    []searchHit
	Empty   bool // the query has no words
	Limit   int
	Message string
}

type searchHit struct {
	link
	ShortName string
	LegalName string // the legal name, where the body is shown by its operating name
	Summary   string
}

// searchJSON is one hit as the instant search reads it.
type searchJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	ShortName string `json:"shortName,omitempty"`
	Kind      string `json:"kind"`
	URL       string `json:"url"`
}

// searchLimit is how many hits a search page shows.
const searchLimit = 25

func (s *site) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	format := q.Get("format")
	if format != "" && format != "html" && format != "json" {
		s.fail(w, r, badParam("format", format, "html or json"))
		return
	}
	if err := graph.CheckSearchText("q", text); err != nil {
		s.fail(w, r, err)
		return
	}
	limit := searchLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > graph.MaxSearch {
			s.fail(w, r, badParam("limit", v, fmt.Sprintf("an integer from 1 to %d", graph.MaxSearch)))
			return
		}
		limit = n
	}
	var hits []graph.SearchHit
	empty := graph.NormaliseText(text) == ""
	if !empty {
		var err error
		if hits, err = s.store.Search(r.Context(), text, limit); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if format == "json" {
		out := make([]searchJSON, 0, len(hits))
		for _, h := range hits {
			l := nodeLink(h.Node)
			j := searchJSON{ID: l.ID, Name: l.Name, Kind: l.Kind, URL: l.Href}
			if o := h.Node.Organisation; o != nil {
				j.ShortName = o.ShortName
			}
			out = append(out, j)
		}
		h := w.Header()
		setPageHeaders(h)
		h.Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(map[string]any{"query": text, "hits": out})
		return
	}
	p := searchPage{page: page{Title: "Search", Search: text}, Query: text, Empty: empty, Limit: limit}
	if text != "" {
		p.Title = "Search: " + text
	}
	for _, h := range hits {
		sh := searchHit{link: nodeLink(h.Node)}
		if o := h.Node.Organisation; o != nil {
			sh.ShortName = o.ShortName
			if o.OperatingName != "" {
				sh.LegalName = o.Name
			}
			sh.Summary = o.Role
		} else if sv := h.Node.Service; sv != nil {
			sh.Summary = sv.Description
		}
		p.Hits = append(p.Hits, sh)
	}
	s.render(w, r, http.StatusOK, "search", &p)
}
