package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"caremap/graph"
	"caremap/render"
)

// Diagrams: GET /diagram.{svg,pdf,png,dot} draws the whole system and
// GET /diagram/{id}.{svg,pdf,png,dot} one node's neighbourhood.

// defaultSystemTypes are the relationship types of the default
// whole-system diagram: accountability, money, commissioning and structure
// among the organisations; every other type is one types= away.
var defaultSystemTypes = []graph.RelType{graph.AccountableTo, graph.Funds, graph.Commissions, graph.PartOf}

// diagramParamNames is the "allowed:" text for query parameters.
const diagramParamNames = "focus, depth, types, direction, instances, layout, theme"

// diagramParams is a normalised diagram request: two requests that mean
// the same thing have equal params, whatever their parameter order or
// spelling of defaults.
type diagramParams struct {
	Focus      string          // "" for the whole system
	Depth      int             // neighbourhoods only
	Types      []graph.RelType // in graph.RelTypes order; nil: the default for the view
	Direction  graph.Direction // neighbourhoods only
	Instances  bool
	Layout     render.Layout
	Theme      render.Theme
	Format     render.Format
	typesGiven bool
}

// defaultDepth is the neighbourhood depth when none is given.
const defaultDepth = render.DefaultDepth

// parseDiagramParams validates a request's parameters. focus is the id
// from the path ("" for /diagram.ext); q may also carry focus=.
func parseDiagramParams(focus string, format string, q url.Values) (diagramParams, error) {
	p := diagramParams{Depth: defaultDepth, Direction: graph.Both, Layout: render.LayoutDot, Theme: render.ThemeLight, Format: render.Format(format)}
	if !p.Format.Valid() {
		return p, graph.Invalid("format", format, render.FormatNames)
	}
	allowed := strings.Split(diagramParamNames, ", ")
	for name, vs := range q {
		if !slices.Contains(allowed, name) {
			return p, graph.Invalid("parameter", name, diagramParamNames)
		}
		if len(vs) > 1 {
			return p, graph.Invalid(name, strings.Join(vs, ","), "one value")
		}
	}
	if f := q.Get("focus"); f != "" {
		if focus != "" && f != focus {
			return p, graph.Invalid("focus", f, "the id in the path, or no focus parameter")
		}
		focus = f
	}
	p.Focus = focus
	view, err := render.ParseView(q)
	if err != nil {
		return p, err
	}
	p.Depth, p.Types, p.Direction, p.Instances = view.Depth, view.Types, view.Direction, view.Instances
	p.typesGiven = len(view.Types) > 0
	if v := q.Get("layout"); v != "" {
		p.Layout = render.Layout(strings.ToLower(v))
		if !p.Layout.Valid() {
			return p, graph.Invalid("layout", v, render.LayoutNames)
		}
	}
	if v := q.Get("theme"); v != "" {
		p.Theme = render.Theme(strings.ToLower(v))
		if !p.Theme.Valid() {
			return p, graph.Invalid("theme", v, render.ThemeNames)
		}
	}
	if p.Focus == "" {
		// Depth and direction mean nothing for the whole system: drop
		// them so they do not split the cache.
		p.Depth, p.Direction = 0, ""
	}
	return p, nil
}

// key is the cache key of p for a dataset.
func (p diagramParams) key(ds graph.DatasetInfo) string {
	types := "default"
	if p.typesGiven {
		types = fmt.Sprint(p.Types)
	}
	return strings.Join([]string{ds.Version, ds.Checksum, p.Focus, strconv.Itoa(p.Depth), types,
		string(p.Direction), strconv.FormatBool(p.Instances), string(p.Layout), string(p.Theme), string(p.Format)}, "|")
}

// filename is the download name of the diagram.
func (p diagramParams) filename() string {
	name := "caremap-system"
	if p.Focus != "" {
		name = "caremap-" + p.Focus
	}
	return name + "." + string(p.Format)
}

// query returns p's non-default parameters as a query string, for links.
func (p diagramParams) query() string {
	v := url.Values{}
	if p.Focus != "" && p.Depth != defaultDepth {
		v.Set("depth", strconv.Itoa(p.Depth))
	}
	if p.typesGiven {
		s := make([]string, len(p.Types))
		for i, t := range p.Types {
			s[i] = string(t)
		}
		v.Set("types", strings.Join(s, ","))
	}
	if p.Focus != "" && p.Direction != graph.Both {
		v.Set("direction", string(p.Direction))
	}
	if p.Instances {
		v.Set("instances", "true")
	}
	if p.Layout != render.LayoutDot {
		v.Set("layout", string(p.Layout))
	}
	if p.Theme != render.ThemeLight {
		v.Set("theme", string(p.Theme))
	}
	return v.Encode()
}

// diagramDOT fetches what p asks for and returns it as DOT. The node count
// is capped for the layout engine before any layout, and the edge count
// after the fetch: *graph.TooLargeError past either.
func diagramDOT(ctx context.Context, store graph.Store, p diagramParams, lim render.Limits) ([]byte, error) {
	if !p.Layout.Valid() {
		return nil, graph.Invalid("layout", string(p.Layout), render.LayoutNames)
	}
	maxNodes := lim.MaxNodes[p.Layout]
	var (
		sg   graph.Subgraph
		err  error
		opts = render.Options{Theme: p.Theme}
	)
	if p.Focus == "" {
		types := p.Types
		if !p.typesGiven {
			types = defaultSystemTypes
		}
		sg, err = store.Graph(ctx, graph.GraphQuery{Types: types, Instances: p.Instances, MaxNodes: maxNodes})
		if err != nil {
			return nil, err
		}
		sg = systemView(sg, p.typesGiven)
		opts.NoClusters = true
		if !p.Instances {
			opts.MaxAspect = 2 // fit a landscape page; with every instance nothing fits one
		}
	} else {
		if !render.ValidID(p.Focus) {
			return nil, graph.NotFound("node", p.Focus)
		}
		if err := lim.CheckDepth(p.Depth, p.Layout); err != nil {
			return nil, err
		}
		sg, err = store.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: p.Focus, Depth: p.Depth, Types: p.Types,
			Direction: p.Direction, Instances: p.Instances, MaxNodes: maxNodes})
		if err != nil {
			return nil, err
		}
		opts.Focus = p.Focus
		for _, n := range sg.Nodes {
			if n.ID() == p.Focus {
				opts.Title = n.Name()
			}
		}
	}
	if err := lim.CheckSize(len(sg.Nodes), len(sg.Edges), p.Layout); err != nil {
		return nil, err
	}
	return render.DOT(sg, opts)
}

// systemView narrows the whole graph for drawing: services only when the
// caller chose the types, and then only those with an edge drawn.
func systemView(sg graph.Subgraph, withServices bool) graph.Subgraph {
	linked := map[string]bool{}
	for _, e := range sg.Edges {
		linked[e.From], linked[e.To] = true, true
	}
	nodes := sg.Nodes[:0:0]
	for _, n := range sg.Nodes {
		if n.Service == nil || withServices && linked[n.ID()] {
			nodes = append(nodes, n)
		}
	}
	sg.Nodes = nodes
	return sg
}

// diagramHandler serves diagrams from the cache, rendering misses in the
// pool.
type diagramHandler struct {
	store graph.Store
	pool  *render.Pool
	cache *render.Cache
	log   *slog.Logger
	// dataset, when set, is the dataset the store was checked to hold at
	// start-up: cache keys use it instead of asking the store on every
	// request, so cached diagrams are still served while the store is down.
	dataset graph.DatasetInfo
}

// newDiagramHandler returns the handler for GET /diagram.{ext} and
// GET /diagram/{id}.{ext}. It parses r.URL.Path itself, so it can be
// mounted under any pattern that reaches those paths. Call Warm once at
// start-up to render the default diagrams in the background.
func newDiagramHandler(store graph.Store, pool *render.Pool, cache *render.Cache, log *slog.Logger) *diagramHandler {
	return &diagramHandler{store: store, pool: pool, cache: cache, log: log}
}

// splitDiagramPath returns the focus id and format of a diagram path, or
// ok=false when the path is not a diagram path at all.
func splitDiagramPath(path string) (focus, format string, ok bool) {
	var rest string
	switch {
	case strings.HasPrefix(path, "/diagram."):
		rest = strings.TrimPrefix(path, "/diagram")
	case strings.HasPrefix(path, "/diagram/"):
		rest = strings.TrimPrefix(path, "/diagram/")
		i := strings.LastIndexByte(rest, '.')
		if i <= 0 {
			return "", "", false
		}
		focus, rest = rest[:i], rest[i:]
	default:
		return "", "", false
	}
	if !strings.HasPrefix(rest, ".") || strings.Contains(rest[1:], "/") {
		return "", "", false
	}
	return focus, rest[1:], true
}

func (h *diagramHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httpError(w, r, http.StatusMethodNotAllowed, "diagrams are read with GET")
		return
	}
	focus, format, ok := splitDiagramPath(r.URL.Path)
	if !ok {
		httpError(w, r, http.StatusNotFound, "no such diagram: use /diagram.{svg,pdf,png,dot} or /diagram/{id}.{svg,pdf,png,dot}")
		return
	}
	p, err := parseDiagramParams(focus, format, r.URL.Query())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	entry, err := h.get(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("ETag", entry.ETag)
	if etagMatches(r.Header.Get("If-None-Match"), entry.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", p.Format.ContentType())
	hd.Set("Content-Length", strconv.Itoa(len(entry.Data)))
	switch p.Format {
	case render.SVG:
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	case render.PDF, render.PNG:
		hd.Set("Content-Disposition", `attachment; filename="`+p.filename()+`"`)
	case render.DOTFormat:
		hd.Set("Content-Disposition", `inline; filename="`+p.filename()+`"`)
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(entry.Data)
}

// get returns the diagram p from the cache, drawing it on a miss.
func (h *diagramHandler) get(ctx context.Context, p diagramParams) (render.Entry, error) {
	info := h.dataset
	if info == (graph.DatasetInfo{}) {
		var err error
		if info, err = h.store.Info(ctx); err != nil {
			return render.Entry{}, err
		}
	}
	return h.cache.Get(ctx, p.key(info), func(ctx context.Context) ([]byte, error) {
		dot, err := diagramDOT(ctx, h.store, p, h.pool.Limits())
		if err != nil {
			return nil, err
		}
		data, err := h.pool.Render(ctx, dot, p.Format, p.Layout)
		return data, h.withSmallerView(ctx, p, err)
	})
}

// Warm renders the default diagrams into the cache: the whole system in
// every format and theme. Run it in the background at start-up; it stops
// early when ctx ends and logs, rather than returns, failures.
func (h *diagramHandler) Warm(ctx context.Context) {
	for _, theme := range []render.Theme{render.ThemeLight, render.ThemeDark} {
		for _, f := range []render.Format{render.SVG, render.PNG, render.PDF, render.DOTFormat} {
			if ctx.Err() != nil {
				return
			}
			p, _ := parseDiagramParams("", string(f), url.Values{"theme": {string(theme)}})
			if _, err := h.get(ctx, p); err != nil && ctx.Err() == nil {
				h.log.Warn("warming the diagram cache", "format", f, "theme", theme, "error", err)
			}
		}
	}
}

// fail answers an error with its code's status (server/errors.go).
func (h *diagramHandler) fail(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, h.log, "diagram", err)
}

// etagMatches reports whether an If-None-Match header matches etag
// (weak comparison, as RFC 9110 asks for If-None-Match).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
