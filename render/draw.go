package render

import (
	"context"
	"fmt"
	"strings"

	"github.com/goccy/go-graphviz/gvc"
)

// canvas is what a primitive renderer draws on: PDF (vector, with
// selectable text) or PNG (raster). Coordinates are device units with y
// going down; colours are 0-255 RGBA.
type canvas interface {
	begin(width, height float64, meta pageMeta) error
	path(p pathSpec) // polygon, polyline, bezier or ellipse
	text(x, y float64, s string, size float64, bold bool, c [4]uint, just byte, layoutWidth float64)
	end() ([]byte, error)
}

// linker is a canvas whose drawing can carry links: each box drawn
// between a BeginAnchor with an href and its EndAnchor becomes one.
type linker interface {
	link(x0, y0, x1, y1 float64, href string)
}

// pageMeta is what a drawing says about itself beyond its shapes: the
// PDF's metadata and paper, from the DOT's caremap_* graph attributes.
type pageMeta struct {
	Title, Subject, Keywords, Creator string
	Paper                             Paper
	Orientation                       Orientation
	Theme                             Theme
	Fit                               string // "width": as wide as the container
}

// pathSpec is one shape to draw.
type pathSpec struct {
	kind       byte // 'p' polygon, 'l' polyline, 'b' bezier, 'e' ellipse
	pts        [][2]float64
	fill       bool
	fillColour [4]uint
	penColour  [4]uint
	penWidth   float64
	dash       []float64
	stroke     bool
}

// primitiveRenderer is a go-graphviz render engine (STYLE.md item 13):
// Graphviz calls it with each shape and span of text after layout, and it
// draws them on a canvas. One instance serves one format; it is not safe
// for concurrent use, like the Graphviz it serves.
type primitiveRenderer struct {
	*gvc.DefaultRenderEngine
	newCanvas func() canvas
	c         canvas
	err       error
	// The page's transform, read once per page: every read of a job
	// field is a call into the WebAssembly module.
	sx, sy, tx, ty float64
	// meta is set before each render.
	meta pageMeta
	// atlas, when set, makes each page a page of that document.
	atlas *atlasDoc
	// The open anchor's link and the box drawn inside it so far.
	href   string
	box    [4]float64
	boxSet bool
}

func (r *primitiveRenderer) grow(pts ...[2]float64) {
	if r.href == "" {
		return
	}
	for _, p := range pts {
		if !r.boxSet {
			r.box, r.boxSet = [4]float64{p[0], p[1], p[0], p[1]}, true
			continue
		}
		r.box[0], r.box[1] = min(r.box[0], p[0]), min(r.box[1], p[1])
		r.box[2], r.box[3] = max(r.box[2], p[0]), max(r.box[3], p[1])
	}
}

func (r *primitiveRenderer) BeginAnchor(_ context.Context, _ *gvc.Job, href, _, _, _ string) error {
	r.href, r.boxSet = href, false
	return nil
}

func (r *primitiveRenderer) EndAnchor(context.Context, *gvc.Job) error {
	if l, ok := r.c.(linker); ok && r.href != "" && r.boxSet && r.err == nil {
		l.link(r.box[0], r.box[1], r.box[2], r.box[3], r.href)
	}
	r.href, r.boxSet = "", false
	return nil
}

func (r *primitiveRenderer) dev(_ *gvc.Job, x, y float64) [2]float64 {
	return [2]float64{r.sx * (x + r.tx), r.sy * (-y - r.ty)}
}

func (r *primitiveRenderer) BeginPage(_ context.Context, job *gvc.Job) error {
	s, t := job.Scale(), job.Translation()
	r.sx, r.sy, r.tx, r.ty = s.X(), s.Y(), t.X(), t.Y()
	r.c, r.err = r.newCanvas(), nil
	if pc, ok := r.c.(*pdfCanvas); ok {
		pc.atlas = r.atlas
	}
	r.href, r.boxSet = "", false
	r.err = r.c.begin(float64(job.Width()), float64(job.Height()), r.meta)
	return nil
}

func (r *primitiveRenderer) EndPage(_ context.Context, job *gvc.Job) error {
	if r.err != nil {
		return r.err
	}
	out, err := r.c.end()
	if err != nil {
		return err
	}
	if out == nil {
		return nil // an atlas page: the document is written at its end
	}
	job.SetOutputData(out)
	job.SetOutputDataPosition(uint(len(out)))
	return nil
}

func (r *primitiveRenderer) pen(job *gvc.Job, kind byte, pts []*gvc.PointFloat, filled bool) pathSpec {
	o := job.Object()
	p := pathSpec{kind: kind, fill: filled, stroke: o.Pen() != gvc.PenNone}
	s := r.sx
	p.penWidth = o.PenWidth() * s
	switch o.Pen() {
	case gvc.PenDashed:
		p.dash = []float64{6 * s, 4 * s}
	case gvc.PenDotted:
		p.dash = []float64{1.5 * s, 3 * s}
	}
	p.penColour = rgba(o.PenColor())
	if filled {
		p.fillColour = rgba(o.FillColor())
	}
	p.pts = make([][2]float64, len(pts))
	for i, q := range pts {
		p.pts[i] = r.dev(job, q.X(), q.Y())
	}
	r.grow(p.pts...)
	return p
}

func rgba(c *gvc.Color) [4]uint {
	if c == nil {
		return [4]uint{0, 0, 0, 255}
	}
	return c.RGBAUint()
}

func (r *primitiveRenderer) draw(p pathSpec) error {
	if r.c == nil || r.err != nil || len(p.pts) == 0 {
		return nil
	}
	r.c.path(p)
	return nil
}

func (r *primitiveRenderer) Polygon(_ context.Context, job *gvc.Job, pts []*gvc.PointFloat, filled bool) error {
	return r.draw(r.pen(job, 'p', pts, filled))
}

func (r *primitiveRenderer) Polyline(_ context.Context, job *gvc.Job, pts []*gvc.PointFloat) error {
	return r.draw(r.pen(job, 'l', pts, false))
}

func (r *primitiveRenderer) BezierCurve(_ context.Context, job *gvc.Job, pts []*gvc.PointFloat, filled bool) error {
	// go-graphviz reports edge splines as filled; an edge's curve is a line.
	if o := job.Object(); o != nil && o.Type() == gvc.EdgeObjectType {
		filled = false
	}
	return r.draw(r.pen(job, 'b', pts, filled))
}

func (r *primitiveRenderer) Ellipse(_ context.Context, job *gvc.Job, pts []*gvc.PointFloat, filled bool) error {
	if len(pts) < 2 {
		return nil
	}
	return r.draw(r.pen(job, 'e', pts[:2], filled))
}

func (r *primitiveRenderer) TextSpan(_ context.Context, job *gvc.Job, p *gvc.PointFloat, span *gvc.TextSpan) error {
	if r.c == nil || r.err != nil {
		return nil
	}
	f := span.Font()
	s := r.sx
	pt := r.dev(job, p.X(), p.Y()+span.YOffsetCenterLine())
	var c [4]uint
	if o := job.Object(); o != nil {
		c = rgba(o.PenColor())
	}
	bold := f.Flags()&1 != 0 || strings.Contains(f.Name(), "Bold")
	r.grow(pt)
	r.c.text(pt[0], pt[1], span.Text(), f.Size()*s, bold, c, byte(span.Just()), span.Size().X()*s)
	return nil
}

// LoadImage refuses user images: diagrams never reference files.
func (r *primitiveRenderer) LoadImage(context.Context, *gvc.Job, *gvc.UserShape, *gvc.BoxFloat, bool) error {
	return fmt.Errorf("render: images are not supported")
}

// primitivePlugins registers caremap's PDF and PNG renderers with
// Graphviz, and returns them by format so their metadata can be set
// before each render.
func primitivePlugins(ctx context.Context) ([]gvc.Plugin, map[Format]*primitiveRenderer, error) {
	var out []gvc.Plugin
	renderers := map[Format]*primitiveRenderer{}
	for _, f := range []struct {
		name string
		dpi  float64
		mk   func() canvas
		opts []gvc.RenderPluginOption
	}{
		// PDF boxes are links: Graphviz then calls BeginAnchor with each
		// node's URL.
		{"pdf", 72, func() canvas { return &pdfCanvas{} }, []gvc.RenderPluginOption{gvc.WithRenderFeatures(
			gvc.RenderYGoesDown, gvc.RenderDoesTransform, gvc.RenderDoesMaps, gvc.RenderDoesTargets)}},
		{"png", PNGDPI, func() canvas { return &pngCanvas{} }, nil},
	} {
		pr := &primitiveRenderer{DefaultRenderEngine: &gvc.DefaultRenderEngine{}, newCanvas: f.mk}
		renderers[Format(f.name)] = pr
		rp, err := gvc.NewRenderPlugin(ctx, f.name, pr, f.opts...)
		if err != nil {
			return nil, nil, err
		}
		dp, err := gvc.NewDevicePlugin(ctx, f.name+":"+f.name, gvc.WithDeviceDPI(f.dpi, f.dpi))
		if err != nil {
			return nil, nil, err
		}
		out = append(out, rp, dp)
	}
	return out, renderers, nil
}
