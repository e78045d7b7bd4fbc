package render

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing/fstest"

	// Before go-graphviz initialises: its compilation cache must be ours.
	_ "caremap/render/tmpguard"

	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/cgraph"
	"github.com/golang/freetype/truetype"

	"caremap/render/internal/fonts"
)

// Format is an output format.
type Format string

// The formats.
const (
	SVG       Format = "svg"
	PNG       Format = "png"
	PDF       Format = "pdf"
	DOTFormat Format = "dot"
)

// FormatNames is the "allowed:" text for formats.
const FormatNames = "svg, pdf, png, dot"

// Valid reports whether f is a known format.
func (f Format) Valid() bool { return f == SVG || f == PNG || f == PDF || f == DOTFormat }

// ContentType is the media type of f.
func (f Format) ContentType() string {
	switch f {
	case SVG:
		return "image/svg+xml"
	case PNG:
		return "image/png"
	case PDF:
		return "application/pdf"
	}
	return "text/vnd.graphviz; charset=utf-8"
}

// Layout is a Graphviz layout engine.
type Layout string

// The layout engines offered.
const (
	LayoutDot   Layout = "dot"
	LayoutNeato Layout = "neato"
	LayoutFdp   Layout = "fdp"
	LayoutSfdp  Layout = "sfdp"
	LayoutCirco Layout = "circo"
	LayoutTwopi Layout = "twopi"
)

// LayoutNames is the "allowed:" text for layouts.
const LayoutNames = "dot, neato, fdp, sfdp, circo, twopi"

// Valid reports whether l is a known layout engine.
func (l Layout) Valid() bool {
	switch l {
	case LayoutDot, LayoutNeato, LayoutFdp, LayoutSfdp, LayoutCirco, LayoutTwopi:
		return true
	}
	return false
}

// PDFMaxInches is the longest side of a PDF page: larger drawings are
// shrunk to fit, since PDF readers refuse pages over 200 inches.
const PDFMaxInches = "200"

// PNG output is drawn at PNGDPI and shrunk, never enlarged, to fit
// PNGMaxSide pixels on its longer side.
const (
	PNGDPI     = 96
	PNGMaxSide = 6000
)

var fontOnce sync.Once
var fontFaces struct {
	regular, bold *truetype.Font
	err           error
}

// loadFonts parses the embedded fonts once and installs them as the only
// faces the PNG renderer uses, so it never searches the host for fonts.
func loadFonts() error {
	fontOnce.Do(func() {
		r, err := truetype.Parse(fonts.Regular)
		if err != nil {
			fontFaces.err = err
			return
		}
		b, err := truetype.Parse(fonts.Bold)
		if err != nil {
			fontFaces.err = err
			return
		}
		fontFaces.regular, fontFaces.bold = r, b
	})
	return fontFaces.err
}

// engine renders DOT with go-graphviz. It is NOT safe for concurrent use:
// go-graphviz shares one WebAssembly module per process. Only the worker
// process holds one.
type engine struct {
	gv        *graphviz.Graphviz
	renderers map[Format]*primitiveRenderer
}

// newEngine starts Graphviz with an empty filesystem, the embedded fonts
// and caremap's PDF renderer.
func newEngine(ctx context.Context) (*engine, error) {
	// Graphviz mounts the host's root by default; give it nothing, so an
	// attribute such as image= or fontpath= cannot read host files.
	graphviz.SetFileSystem(fstest.MapFS{})
	if err := loadFonts(); err != nil {
		return nil, fmt.Errorf("render: fonts: %w", err)
	}
	plugins, renderers, err := primitivePlugins(ctx)
	if err != nil {
		return nil, fmt.Errorf("render: plugins: %w", err)
	}
	gv, err := graphviz.NewWithPlugins(ctx, plugins...)
	if err != nil {
		return nil, fmt.Errorf("render: graphviz: %w", err)
	}
	return &engine{gv: gv, renderers: renderers}, nil
}

func (e *engine) close() error { return e.gv.Close() }

// render lays dot out with layout and draws it as f.
func (e *engine) render(ctx context.Context, dot []byte, f Format, layout Layout, lim Limits) ([]byte, error) {
	if err := CheckRequest(dot, f, layout, lim); err != nil {
		return nil, err
	}
	if f == DOTFormat {
		return dot, nil
	}
	g, err := cgraph.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("render: parse dot: %w", err)
	}
	defer g.Close()
	nn, err := g.NodeNum()
	if err != nil {
		return nil, fmt.Errorf("render: count nodes: %w", err)
	}
	ne, err := g.EdgeNum()
	if err != nil {
		return nil, fmt.Errorf("render: count edges: %w", err)
	}
	if err := lim.CheckSize(nn, ne, layout); err != nil {
		return nil, err
	}
	switch f {
	case PNG:
		side := strconv.FormatFloat(float64(PNGMaxSide)/PNGDPI, 'f', 2, 64)
		g.SetDPI(PNGDPI)
		g.SafeSet("size", side+","+side, "")
	case PDF:
		g.SetDPI(72)
		g.SafeSet("size", PDFMaxInches+","+PDFMaxInches, "")
	}
	meta := readMeta(g)
	if pr := e.renderers[f]; pr != nil {
		pr.meta = meta
	}
	e.gv.SetLayout(graphviz.Layout(layout))
	var buf bytes.Buffer
	if err := e.gv.Render(ctx, g, graphviz.Format(f), &buf); err != nil {
		return nil, fmt.Errorf("render: %s: %w", f, err)
	}
	if buf.Len() == 0 {
		return nil, fmt.Errorf("render: %s: empty output", f)
	}
	if f == SVG {
		return finishSVG(buf.Bytes(), meta), nil
	}
	return buf.Bytes(), nil
}

var local struct {
	sync.Mutex
	e *engine
}

// Local renders dot in this process, one render at a time. Unlike a Pool
// it cannot stop a render that runs too long, so servers must not use it;
// it is for command-line tools, tests and benchmarks. Caps are checked as
// by the pool.
func Local(ctx context.Context, dot []byte, f Format, layout Layout) ([]byte, error) {
	local.Lock()
	defer local.Unlock()
	if local.e == nil {
		e, err := newEngine(ctx)
		if err != nil {
			return nil, err
		}
		local.e = e
	}
	return local.e.render(ctx, dot, f, layout, DefaultLimits)
}
