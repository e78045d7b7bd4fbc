package diagram

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"caremap/graph"
	"caremap/render"
)

// DefaultDepth is a neighbourhood diagram's depth when none is given.
const DefaultDepth = 1

// Request is one diagram: what it shows and how it is drawn. New gives
// the defaults; the zero value of every field but Depth and Format also
// means its default. Two requests that mean the same diagram are equal
// after Canonical, whatever the order or spelling of their parameters, so
// they share one cached drawing.
type Request struct {
	Focus     string          // the node a neighbourhood is about; "" for the whole system
	View      View            // "" is Overview, or All when Types are given
	Depth     int             // neighbourhoods: 0..graph.MaxDepth (the layout may allow less)
	Types     []graph.RelType // nil: the view's types; else only these (all in the view), in graph.RelTypes order
	Direction graph.Direction // neighbourhoods: OUTGOING, INCOMING or BOTH ("" is BOTH)
	Instances bool            // draw instances (the 211 CCGs, …) too
	Layout    render.Layout   // "" is dot
	Theme     render.Theme    // "" is light; auto follows the reader's colour scheme (SVG)
	Links     Links           // "" is the whole window
	Fit       Fit             // "" is the drawing's natural size
	// Paper prints a PDF on a4, a3 or letter, the drawing scaled to fit
	// within the margins; "" is the drawing's own size. Orientation turns
	// the paper ("" and auto: to suit the drawing). Only PDFs have paper.
	Paper       render.Paper
	Orientation render.Orientation
	Format      render.Format // svg, pdf, png or dot
	// Base is the origin links in the drawing start with, e.g.
	// "https://caremap.example.org" (see Origin); "" for the service's
	// configured one, or root-relative links when there is none. It is
	// not a URL parameter.
	Base string
}

// New returns the default diagram of focus ("" for the whole system) in
// format f.
func New(focus string, f render.Format) Request {
	return Request{Focus: focus, Depth: DefaultDepth, Format: f}.Canonical()
}

// param is one query parameter: its name, how it sets a Request field
// from text, and the text of a field that differs from its default ("" for
// the default). The table is the only codec between Requests and URLs:
// Parse reads it, Query writes it, and the command line's flags use Set.
type param struct {
	name  string
	usage string
	set   func(r *Request, v string) error
	get   func(r Request) string
}

var params = []param{
	{"focus", "the id of the node a neighbourhood is about (the path's id)", func(r *Request, v string) error {
		r.Focus = v
		return nil
	}, func(Request) string { return "" }}, // the path carries it
	{"view", ViewNames + " (default overview)", func(r *Request, v string) error {
		view := View(strings.ToLower(v))
		if !view.Valid() {
			return graph.Invalid("view", v, ViewNames)
		}
		r.View = view
		return nil
	}, func(r Request) string {
		// No view means the overview, or every type when types are given.
		if r.View == Overview && r.Types == nil || r.View == All && r.Types != nil {
			return ""
		}
		return string(r.View)
	}},
	{"depth", fmt.Sprintf("neighbourhood depth, 0 to %d (default %d)", graph.MaxDepth, DefaultDepth), func(r *Request, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return graph.Invalid("depth", v, fmt.Sprintf("an integer from 0 to %d", graph.MaxDepth))
		}
		if err := graph.CheckDepth(n); err != nil {
			return err
		}
		r.Depth = n
		return nil
	}, func(r Request) string {
		if r.Focus == "" || r.Depth == DefaultDepth {
			return ""
		}
		return strconv.Itoa(r.Depth)
	}},
	{"types", "comma-separated relationship types, to narrow the view (default: the view's)", func(r *Request, v string) error {
		ts, err := ParseTypes(v)
		if err != nil {
			return err
		}
		r.Types = append(r.Types, ts...)
		return nil
	}, func(r Request) string {
		s := make([]string, len(r.Types))
		for i, t := range r.Types {
			s[i] = string(t)
		}
		return strings.Join(s, ",")
	}},
	{"direction", "OUTGOING, INCOMING or BOTH (default BOTH)", func(r *Request, v string) error {
		d := graph.Direction(strings.ToUpper(v))
		if !d.Valid() {
			return graph.Invalid("direction", v, graph.DirectionNames)
		}
		r.Direction = d
		return nil
	}, func(r Request) string {
		if r.Focus == "" || r.Direction == graph.Both || r.Direction == "" {
			return ""
		}
		return string(r.Direction)
	}},
	{"instances", "true to draw instances (the 211 CCGs, …) as well as classes", func(r *Request, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return graph.Invalid("instances", v, "true or false")
		}
		r.Instances = b
		return nil
	}, func(r Request) string {
		if !r.Instances {
			return ""
		}
		return "true"
	}},
	{"layout", "Graphviz layout: " + render.LayoutNames + " (default dot)", func(r *Request, v string) error {
		l := render.Layout(strings.ToLower(v))
		if !l.Valid() {
			return graph.Invalid("layout", v, render.LayoutNames)
		}
		r.Layout = l
		return nil
	}, func(r Request) string {
		if r.Layout == render.LayoutDot || r.Layout == "" {
			return ""
		}
		return string(r.Layout)
	}},
	{"theme", render.ThemeNames + " (default light)", func(r *Request, v string) error {
		t := render.Theme(strings.ToLower(v))
		if !t.Valid() {
			return graph.Invalid("theme", v, render.ThemeNames)
		}
		r.Theme = t
		return nil
	}, func(r Request) string {
		if r.Theme == render.ThemeLight || r.Theme == "" {
			return ""
		}
		return string(r.Theme)
	}},
	{"links", LinksNames + ": where the drawing's links open (default window)", func(r *Request, v string) error {
		l := Links(strings.ToLower(v))
		if l != LinksWindow && l != LinksNewTab {
			return graph.Invalid("links", v, LinksNames)
		}
		r.Links = l
		return nil
	}, func(r Request) string {
		if r.Links == LinksNewTab {
			return string(r.Links)
		}
		return ""
	}},
	{"paper", render.PaperNames + ": print a PDF on this paper, scaled to fit (default: the drawing's own size)", func(r *Request, v string) error {
		p := render.Paper(strings.ToLower(v))
		if !p.Valid() {
			return graph.Invalid("paper", v, render.PaperNames)
		}
		r.Paper = p
		return nil
	}, func(r Request) string { return string(r.Paper) }},
	{"orientation", render.OrientationNames + ": which way to turn the paper (default auto: to suit the drawing)", func(r *Request, v string) error {
		o := render.Orientation(strings.ToLower(v))
		if !o.Valid() {
			return graph.Invalid("orientation", v, render.OrientationNames)
		}
		r.Orientation = o
		return nil
	}, func(r Request) string {
		if r.Paper == "" || r.Orientation == render.OrientationAuto {
			return ""
		}
		return string(r.Orientation)
	}},
	{"fit", FitNames + ": natural size, or as wide as the page it is in (SVG; default natural)", func(r *Request, v string) error {
		f := Fit(strings.ToLower(v))
		if f != FitNatural && f != FitWidth {
			return graph.Invalid("fit", v, FitNames)
		}
		r.Fit = f
		return nil
	}, func(r Request) string {
		if r.Fit == FitWidth {
			return string(r.Fit)
		}
		return ""
	}},
}

// Links says where a drawing's links open.
type Links string

// Where links open.
const (
	LinksWindow Links = "window"  // the whole window, leaving an embedding page
	LinksNewTab Links = "new-tab" // a new tab, keeping the embedding page
)

// LinksNames is the "allowed:" text for links.
const LinksNames = "window, new-tab"

// Fit is how wide an SVG is drawn.
type Fit string

// The fits.
const (
	FitNatural Fit = "natural" // its own size in points
	FitWidth   Fit = "width"   // as wide as its container, its height following
)

// FitNames is the "allowed:" text for fit.
const FitNames = "natural, width"

// ParamNames is the "allowed:" text for query parameter names.
var ParamNames = func() string {
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.name
	}
	return strings.Join(names, ", ")
}()

func findParam(name string) (param, bool) {
	for _, p := range params {
		if p.name == name {
			return p, true
		}
	}
	return param{}, false
}

// Set sets the field of the query parameter name from its text, as a URL
// would: the command line's flags use it. Errors are *graph.InvalidError
// naming what is allowed.
func (r *Request) Set(name, value string) error {
	p, ok := findParam(name)
	if !ok {
		return graph.Invalid("parameter", name, ParamNames)
	}
	return p.set(r, value)
}

// Usage is a one-line description of the parameter name, for flags.
func Usage(name string) string {
	p, _ := findParam(name)
	return p.usage
}

// Names lists the parameter names, in the order of ParamNames.
func Names() []string {
	out := make([]string, len(params))
	for i, p := range params {
		out[i] = p.name
	}
	return out
}

// Parse reads a diagram URL: focus is the id from the path ("" for
// /diagram.ext, where focus= may name it), format its extension, and q
// its query. Every parameter must be known and given once (types may
// repeat, as a form's checkboxes do); errors are *graph.InvalidError
// naming what is allowed. The result is canonical.
func Parse(focus, format string, q url.Values) (Request, error) {
	if vs := q["focus"]; len(vs) == 1 && vs[0] != "" {
		if focus != "" && vs[0] != focus {
			return New(focus, render.Format(format)), graph.Invalid("focus", vs[0], "the id in the path, or no focus parameter")
		}
		focus = vs[0]
	}
	r := Request{Focus: focus, Depth: DefaultDepth, Format: render.Format(format)} // canonical at the end
	if !r.Format.Valid() {
		return r, graph.Invalid("format", format, render.FormatNames)
	}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names) // the same error for the same URL
	for _, name := range names {
		vs := q[name]
		p, ok := findParam(name)
		if !ok {
			return r, graph.Invalid("parameter", name, ParamNames)
		}
		if len(vs) > 1 && name != "types" {
			return r, graph.Invalid(name, strings.Join(vs, ","), "one value")
		}
		if name == "focus" {
			continue // read above
		}
		for _, v := range vs {
			if v == "" && name != "types" {
				continue // an empty form field is the default
			}
			if err := p.set(&r, v); err != nil {
				return r, err
			}
		}
	}
	r = r.Canonical()
	return r, r.checkView()
}

// ParseControls reads the diagram parameters of a page (a node's page
// carries them for its diagram) and ignores every other parameter. Every
// type ticked is the same as none.
func ParseControls(focus string, q url.Values) (Request, error) {
	only := url.Values{}
	for _, p := range params {
		if vs, ok := q[p.name]; ok && p.name != "focus" {
			only[p.name] = vs
		}
	}
	r, err := Parse(focus, string(render.SVG), only)
	if err != nil {
		return New(focus, render.SVG), err
	}
	if len(r.Types) == len(graph.RelTypes) {
		r.Types = nil
	}
	return r, nil
}

// ParseTypes reads a comma-separated list of relationship types, ignoring
// case, spaces and empty items. Errors name the allowed types.
func ParseTypes(list string) ([]graph.RelType, error) {
	var out []graph.RelType
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		t := graph.RelType(strings.ToUpper(s))
		if !t.Valid() {
			return nil, graph.Invalid("types", s, graph.RelTypeNames())
		}
		out = append(out, t)
	}
	return out, nil
}

// Canonical returns r with every default spelled out and every field that
// means nothing for its diagram dropped: types in graph.RelTypes order,
// each once; no depth or direction for the whole system.
func (r Request) Canonical() Request {
	if r.Focus == "" {
		r.Depth, r.Direction = 0, ""
	} else if r.Direction == "" {
		r.Direction = graph.Both
	}
	if r.Layout == "" {
		r.Layout = render.LayoutDot
	}
	if r.Theme == "" {
		r.Theme = render.ThemeLight
	}
	if r.Links == "" {
		r.Links = LinksWindow
	}
	if r.Fit == "" || r.Format != render.SVG {
		r.Fit = FitNatural // only an SVG scales to its container
	}
	if r.Format != render.PDF {
		r.Paper = "" // only a PDF is printed
	}
	if r.Paper == "" || r.Orientation == "" {
		r.Orientation = render.OrientationAuto
	}
	if r.Types != nil {
		seen := map[graph.RelType]bool{}
		for _, t := range r.Types {
			seen[t] = true
		}
		var types []graph.RelType
		for _, i := range graph.RelTypes {
			if seen[i.Type] {
				types = append(types, i.Type)
			}
		}
		r.Types = types
	}
	if r.View == "" {
		// Types without a view choose from every type, as they did
		// before there were views.
		r.View = Overview
		if r.Types != nil {
			r.View = All
		}
	}
	if spec, ok := r.View.Spec(); ok && slices.Equal(r.Types, spec.Types) {
		r.Types = nil // the view itself
	}
	return r
}

// Spec returns the view r draws, and the types it draws: the view's, or
// the narrower Types.
func (r Request) Spec() (ViewSpec, []graph.RelType) {
	r = r.Canonical()
	spec, _ := r.View.Spec()
	if r.Types != nil {
		return spec, r.Types
	}
	return spec, spec.Types
}

// Validate checks r against the domain and the caps of lim, before any
// store lookup or layout: an *graph.InvalidError naming what is allowed,
// or a *graph.NotFoundError for a focus that is not a well-formed id.
func (r Request) Validate(lim render.Limits) error {
	if err := graph.CheckTypes(r.Types); err != nil {
		return err // before Canonical, which keeps only known types
	}
	r = r.Canonical()
	if !r.Format.Valid() {
		return graph.Invalid("format", string(r.Format), render.FormatNames)
	}
	if err := r.checkView(); err != nil {
		return err
	}
	if !r.Layout.Valid() {
		return graph.Invalid("layout", string(r.Layout), render.LayoutNames)
	}
	if !r.Theme.Valid() {
		return graph.Invalid("theme", string(r.Theme), render.ThemeNames)
	}
	if r.Paper != "" && !r.Paper.Valid() {
		return graph.Invalid("paper", string(r.Paper), render.PaperNames)
	}
	if !r.Orientation.Valid() {
		return graph.Invalid("orientation", string(r.Orientation), render.OrientationNames)
	}
	if r.Focus == "" {
		return nil
	}
	if !graph.ValidID(r.Focus) {
		return graph.NotFound("node", r.Focus)
	}
	if !r.Direction.Valid() {
		return graph.Invalid("direction", string(r.Direction), graph.DirectionNames)
	}
	if err := graph.CheckDepth(r.Depth); err != nil {
		return err
	}
	if lim.MaxDepth != nil {
		return lim.CheckDepth(r.Depth, r.Layout)
	}
	return nil
}

// checkView reports a view that does not exist, or types outside the
// view they narrow. r is canonical.
func (r Request) checkView() error {
	spec, ok := r.View.Spec()
	if !ok {
		return graph.Invalid("view", string(r.View), ViewNames)
	}
	for _, t := range r.Types {
		if !slices.Contains(spec.Types, t) {
			return graph.Invalid("types", string(t), "with view "+string(r.View)+", some of "+typeNames(spec.Types)+" (or view=all for every type)")
		}
	}
	return nil
}

// Query returns r's parameters that differ from their defaults, for
// links: equal diagrams get equal query strings, so they share one cached
// drawing.
func (r Request) Query() url.Values {
	r = r.Canonical()
	v := url.Values{}
	for _, p := range params {
		if s := p.get(r); s != "" {
			v.Set(p.name, s)
		}
	}
	return v
}

// Path is the diagram's path on the server, without its query:
// /diagram.{format} or /diagram/{focus}.{format}.
func (r Request) Path() string {
	if r.Focus == "" {
		return "/diagram." + string(r.Format)
	}
	return "/diagram/" + url.PathEscape(r.Focus) + "." + string(r.Format)
}

// URL is the diagram's path and canonical query on the server.
func (r Request) URL() string {
	u := r.Path()
	if q := r.Query().Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// As returns r drawn in format f.
func (r Request) As(f render.Format) Request {
	r.Format = f
	return r
}

// Key is the cache key of r for the dataset ds: it names everything that
// shapes the bytes, so a new dataset or any other parameter is another
// entry.
func (r Request) Key(ds graph.DatasetInfo) string {
	r = r.Canonical()
	return strings.Join([]string{ds.Version, ds.Checksum, r.Focus, string(r.Format), r.Query().Encode(), r.Base}, "|")
}

// Filename is the diagram's download name, e.g. caremap-nhs-england.pdf.
func (r Request) Filename() string {
	name := "caremap-system"
	if r.Focus != "" && graph.ValidID(r.Focus) {
		name = "caremap-" + r.Focus
	}
	return name + "." + string(r.Format)
}
