package diagram

import "caremap/render"

// The drawing's enums are render's; these aliases let the explorer and the
// API name them without importing the mechanism.
type (
	// Format is an output format: svg, pdf, png or dot.
	Format = render.Format
	// Theme is a diagram's colours.
	Theme = render.Theme
	// Layout is a Graphviz layout engine.
	Layout = render.Layout
)

// The formats.
const (
	SVG = render.SVG
	PDF = render.PDF
	PNG = render.PNG
	DOT = render.DOTFormat
)

// Formats lists every format, in the order downloads offer them.
var Formats = []Format{SVG, PDF, PNG, DOT}

// The themes.
const (
	ThemeLight = render.ThemeLight
	ThemeDark  = render.ThemeDark
	ThemeAuto  = render.ThemeAuto // one SVG following the reader's colour scheme
)
