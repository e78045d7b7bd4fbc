package render

import (
	"strings"

	"github.com/goccy/go-graphviz/cgraph"
)

// Paper is a sheet a PDF is printed on; "" is the drawing's own size.
type Paper string

// The papers, smallest first.
const (
	PaperLetter Paper = "letter"
	PaperA4     Paper = "a4"
	PaperA3     Paper = "a3"
)

// Papers lists the papers, smallest first.
var Papers = []Paper{PaperLetter, PaperA4, PaperA3}

// PaperNames is the "allowed:" text for papers.
const PaperNames = "a4, a3, letter"

// Valid reports whether p is a known paper.
func (p Paper) Valid() bool { return p == PaperA4 || p == PaperA3 || p == PaperLetter }

// Size is the paper's width and height in points, portrait.
func (p Paper) Size() (w, h float64) {
	switch p {
	case PaperA4:
		return 595.28, 841.89
	case PaperA3:
		return 841.89, 1190.55
	case PaperLetter:
		return 612, 792
	}
	return 0, 0
}

// Orientation is which way a paper is turned.
type Orientation string

// The orientations; auto turns the paper to suit the drawing.
const (
	OrientationAuto      Orientation = "auto"
	OrientationLandscape Orientation = "landscape"
	OrientationPortrait  Orientation = "portrait"
)

// OrientationNames is the "allowed:" text for orientations.
const OrientationNames = "auto, landscape, portrait"

// Valid reports whether o is a known orientation.
func (o Orientation) Valid() bool {
	return o == OrientationAuto || o == OrientationLandscape || o == OrientationPortrait
}

// PaperMargin is the margin on every side of a printed page, in points
// (12 mm).
const PaperMargin = 12 / 25.4 * 72

// MinPrintPoints is the smallest text a printed page may carry.
const MinPrintPoints = 6.0

// Page is where a drawing of w by h points goes on a sheet: the page's
// size, and the scale and offset that fit the drawing within the margins,
// centred. A drawing is shrunk to fit, never enlarged.
type Page struct {
	Width, Height float64 // the page, in points
	Scale         float64
	X, Y          float64 // where the drawing's top left corner goes
}

// FitPage fits a drawing of w by h points on paper turned as o ("auto":
// landscape for a drawing wider than tall). Without a paper the page is
// the drawing.
func FitPage(w, h float64, p Paper, o Orientation) Page {
	if !p.Valid() || w <= 0 || h <= 0 {
		return Page{Width: w, Height: h, Scale: 1}
	}
	pw, ph := p.Size()
	if o == OrientationLandscape || (o != OrientationPortrait && w > h) {
		pw, ph = ph, pw
	}
	s := min((pw-2*PaperMargin)/w, (ph-2*PaperMargin)/h, 1)
	return Page{Width: pw, Height: ph, Scale: s, X: (pw - w*s) / 2, Y: (ph - h*s) / 2}
}

// readMeta reads a drawing's caremap_* graph attributes (see DOT).
func readMeta(g *cgraph.Graph) pageMeta {
	get := func(name string) string { return strings.TrimSpace(g.GetStr("caremap_" + name)) }
	m := pageMeta{Title: get("title"), Subject: get("subject"), Keywords: get("keywords"), Creator: get("creator"),
		Paper: Paper(get("paper")), Orientation: Orientation(get("orientation"))}
	if !m.Paper.Valid() {
		m.Paper = ""
	}
	if !m.Orientation.Valid() {
		m.Orientation = OrientationAuto
	}
	if m.Theme = Theme(get("theme")); !m.Theme.Valid() {
		m.Theme = ThemeLight
	}
	if m.Fit = get("fit"); m.Fit != "width" {
		m.Fit = ""
	}
	return m
}
