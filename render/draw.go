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
	begin(width, height float64) error
	path(p pathSpec) // polygon, polyline, bezier or ellipse
	text(x, y float64, s string, size float64, bold bool, c [4]uint, just byte, layoutWidth float64)
	end() ([]byte, error)
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
}

func (r *primitiveRenderer) dev(_ *gvc.Job, x, y float64) [2]float64 {
	return [2]float64{r.sx * (x + r.tx), r.sy * (-y - r.ty)}
}

func (r *primitiveRenderer) BeginPage(_ context.Context, job *gvc.Job) error {
	s, t := job.Scale(), job.Translation()
	r.sx, r.sy, r.tx, r.ty = s.X(), s.Y(), t.X(), t.Y()
	r.c, r.err = r.newCanvas(), nil
	r.err = r.c.begin(float64(job.Width()), float64(job.Height()))
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
	r.c.text(pt[0], pt[1], span.Text(), f.Size()*s, bold, c, byte(span.Just()), span.Size().X()*s)
	return nil
}

// LoadImage refuses user images: diagrams never reference files.
func (r *primitiveRenderer) LoadImage(context.Context, *gvc.Job, *gvc.UserShape, *gvc.BoxFloat, bool) error {
	return fmt.Errorf("render: images are not supported")
}

// primitivePlugins registers caremap's PDF and PNG renderers with Graphviz.
func primitivePlugins(ctx context.Context) ([]gvc.Plugin, error) {
	var out []gvc.Plugin
	for _, f := range []struct {
		name string
		dpi  float64
		mk   func() canvas
	}{
		{"pdf", 72, func() canvas { return &pdfCanvas{} }},
		{"png", PNGDPI, func() canvas { return &pngCanvas{} }},
	} {
		rp, err := gvc.NewRenderPlugin(ctx, f.name, &primitiveRenderer{DefaultRenderEngine: &gvc.DefaultRenderEngine{}, newCanvas: f.mk})
		if err != nil {
			return nil, err
		}
		dp, err := gvc.NewDevicePlugin(ctx, f.name+":"+f.name, gvc.WithDeviceDPI(f.dpi, f.dpi))
		if err != nil {
			return nil, err
		}
		out = append(out, rp, dp)
	}
	return out, nil
}
