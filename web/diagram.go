package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"

	"caremap/diagram"
	"caremap/graph"
)

// diagramView is a diagram as a page shows it: the picture, its download
// links and its embed code.
type diagramView struct {
	Key       string // a word unique on the page, for element ids
	Title     string
	Alt       string
	EmbedAlt  string // the alt text in embed code, for a page elsewhere
	FullPage  string // the SVG on its own
	Downloads []download
	EmbedImg  string
	EmbedObj  string
	Query     diagram.Request // what the controls ask for
	Controls  []typeControl
	Depths    []int
	Dirs      []graph.Direction
	Focus     bool // a node's neighbourhood, with controls
	Local     bool // a real body's neighbourhood: real bodies drawn, every tie by default
	Views     []viewLink
	ViewSpec  diagram.ViewSpec // the view drawn
	page      string           // the page the diagram is on, for view links
	fragment  string           // its section, for view links
	base      string
}

// viewLink is one entry of the view selector: the page showing that view.
type viewLink struct {
	Title, Description, Href string
	Current                  bool
}

// download is one format of a diagram.
type download struct {
	Format, Label, URL string
}

// typeControl is one relationship type's checkbox.
type typeControl struct {
	legendEntry
	Checked bool
}

// src returns the URL of the diagram in format ext, relative to this origin.
func (d diagramView) src(ext string) string {
	return d.Query.As(diagram.Format(ext)).URL()
}

// SVG is the URL of the diagram the page shows: one SVG that follows the
// reader's light or dark scheme.
func (d diagramView) SVG() string {
	q := d.Query.As(diagram.SVG)
	q.Theme = diagram.ThemeAuto
	return q.URL()
}

// embed is the URL of the diagram in embed code: absolute, following the
// reader's colour scheme, and for an <object> as wide as its box.
func (d diagramView) embed(fit diagram.Fit) string {
	q := d.Query.As(diagram.SVG)
	q.Theme, q.Fit = diagram.ThemeAuto, fit
	return d.base + q.URL()
}

// fill computes the downloads and the embed code.
func (d *diagramView) fill() {
	d.Downloads = []download{
		{"svg", "SVG (vector, for the web)", d.src("svg")},
		{"pdf", "PDF (vector, for print)", d.src("pdf")},
		{"png", "PNG (picture)", d.src("png")},
		{"dot", "DOT (Graphviz source, to restyle)", d.src("dot")},
	}
	if d.EmbedAlt == "" {
		d.EmbedAlt = d.Alt
	}
	alt := template.HTMLEscapeString(d.EmbedAlt)
	d.EmbedImg = fmt.Sprintf(`<img src="%s" alt="%s" style="width:100%%;height:auto">`, template.HTMLEscapeString(d.embed(diagram.FitNatural)), alt)
	d.EmbedObj = fmt.Sprintf(`<object data="%s" type="image/svg+xml" aria-label="%s" style="width:100%%">%s</object>`,
		template.HTMLEscapeString(d.embed(diagram.FitWidth)), alt, alt)
	d.ViewSpec, _ = d.Query.Spec()
	d.Views = nil
	for _, v := range diagram.Views {
		q := d.Query
		q.View, q.Types = v.View, nil
		u := d.page
		cq := controlsQuery(q)
		if d.Local {
			// A real body's page defaults to every tie: the other views
			// must say which they are, the overview included.
			cq.Set("view", string(v.View))
			cq.Del("instances")
		}
		if e := cq.Encode(); e != "" {
			u += "?" + e
		}
		d.Views = append(d.Views, viewLink{Title: v.Title, Description: v.Description, Href: u + "#" + d.fragment, Current: v.View == d.ViewSpec.View})
	}
}

// controlsQuery is the part of a diagram's query a page carries for it.
func controlsQuery(q diagram.Request) url.Values {
	v := q.As(diagram.SVG).Query()
	v.Del("theme")
	v.Del("fit")
	v.Del("links")
	return v
}

// nodeDiagram is the neighbourhood diagram of a node's page, with the
// state of its controls.
func (s *site) nodeDiagram(r *http.Request, id, name string, kind graph.NodeKind, q diagram.Request) diagramView {
	q.Focus = id
	d := diagramView{
		Key:   "neighbourhood",
		Title: "Neighbourhood diagram",
		Alt: fmt.Sprintf("Diagram of %s and the bodies within %d %s of it in the English health and care system of April 2013. The tables below list the same relationships.",
			name, q.Depth, plur(q.Depth, "step", "steps")),
		EmbedAlt: fmt.Sprintf("Diagram of %s and its relationships in the English health and care system, April 2013 (caremap)", name),
		Query:    q,
		Focus:    true,
		Depths:   []int{0, 1, 2, 3, 4},
		Dirs:     []graph.Direction{graph.Both, graph.Outgoing, graph.Incoming},
		base:     s.baseURL(r),
	}
	d.FullPage = d.src("svg")
	d.page, d.fragment = diagram.Page(id, kind), "neighbourhood"
	spec, _ := q.Spec()
	for _, t := range legend() {
		if slices.Contains(spec.Types, t.Type) {
			d.Controls = append(d.Controls, typeControl{legendEntry: t, Checked: len(q.Types) == 0 || slices.Contains(q.Types, t.Type)})
		}
	}
	d.fill()
	return d
}

// plur picks the singular or plural form for n.
func plur(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
