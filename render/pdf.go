package render

import (
	"bytes"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"caremap/render/internal/fonts"
)

// pdfCanvas draws Graphviz's primitives as PDF vector graphics with
// go-pdf/fpdf. Text is real PDF text in an embedded, subset Liberation
// Sans, so it is selectable and searchable and needs no system font.
type pdfCanvas struct {
	pdf *fpdf.Fpdf
	// The drawing's place on the page: page = offset + scale × drawing.
	s, ox, oy float64
	// atlas, when set, is the shared document this page is added to.
	atlas *atlasDoc
}

// at maps a point of the drawing to the page.
func (c *pdfCanvas) at(p [2]float64) (float64, float64) { return c.ox + c.s*p[0], c.oy + c.s*p[1] }

const pdfFont = "LiberationSans"

func (c *pdfCanvas) begin(w, h float64, meta pageMeta) error {
	if w <= 0 || h <= 0 {
		w, h = 1, 1
	}
	page := FitPage(w, h, meta.Paper, meta.Orientation)
	c.s, c.ox, c.oy = page.Scale, page.X, page.Y
	w, h = page.Width, page.Height
	if c.atlas != nil {
		c.pdf = c.atlas.pdf
		c.pdf.AddPageFormat("", fpdf.SizeType{Wd: w, Ht: h})
		return c.pdf.Error()
	}
	c.pdf = newPDF(w, h, meta)
	c.pdf.AddPageFormat("", fpdf.SizeType{Wd: w, Ht: h})
	return c.pdf.Error()
}

// newPDF starts a document of pages w by h points with its metadata and
// the embedded fonts.
func newPDF(w, h float64, meta pageMeta) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w, Ht: h}})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCreationDate(time.Date(2013, 4, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2013, 4, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetCatalogSort(true)
	title, creator := meta.Title, meta.Creator
	if title == "" {
		title = "caremap diagram"
	}
	if creator == "" {
		creator = "caremap"
	}
	pdf.SetTitle(title, true)
	pdf.SetCreator(creator, true)
	pdf.SetAuthor("caremap", true)
	if meta.Subject != "" {
		pdf.SetSubject(meta.Subject, true)
	}
	if meta.Keywords != "" {
		pdf.SetKeywords(meta.Keywords, true)
	}
	pdf.AddUTF8FontFromBytes(pdfFont, "", fonts.Regular)
	pdf.AddUTF8FontFromBytes(pdfFont, "B", fonts.Bold)
	return pdf
}

func (c *pdfCanvas) path(p pathSpec) {
	f := c.pdf
	fill := p.fill && p.fillColour[3] > 0
	stroke := p.stroke && p.penColour[3] > 0
	if !fill && !stroke {
		return
	}
	style := ""
	if fill {
		f.SetFillColor(int(p.fillColour[0]), int(p.fillColour[1]), int(p.fillColour[2]))
		style += "F"
	}
	if stroke {
		f.SetDrawColor(int(p.penColour[0]), int(p.penColour[1]), int(p.penColour[2]))
		f.SetLineWidth(p.penWidth * c.s)
		if p.dash != nil {
			dash := make([]float64, len(p.dash))
			for i, d := range p.dash {
				dash[i] = d * c.s
			}
			f.SetDashPattern(dash, 0)
		} else {
			f.SetDashPattern([]float64{}, 0)
		}
		style = "D" + style
	}
	pts := make([][2]float64, len(p.pts))
	for i, q := range p.pts {
		pts[i][0], pts[i][1] = c.at(q)
	}
	switch p.kind {
	case 'e':
		f.Ellipse(pts[0][0], pts[0][1], abs(pts[1][0]-pts[0][0]), abs(pts[1][1]-pts[0][1]), 0, style)
		return
	case 'b':
		f.MoveTo(pts[0][0], pts[0][1])
		for i := 1; i+2 < len(pts); i += 3 {
			f.CurveBezierCubicTo(pts[i][0], pts[i][1], pts[i+1][0], pts[i+1][1], pts[i+2][0], pts[i+2][1])
		}
	default:
		f.MoveTo(pts[0][0], pts[0][1])
		for _, q := range pts[1:] {
			f.LineTo(q[0], q[1])
		}
		if p.kind == 'p' {
			f.ClosePath()
		}
	}
	if p.kind == 'l' {
		style = "D"
	}
	f.DrawPath(style)
}

func (c *pdfCanvas) text(x, y float64, s string, size float64, bold bool, col [4]uint, just byte, _ float64) {
	f := c.pdf
	st := ""
	if bold {
		st = "B"
	}
	x, y = c.at([2]float64{x, y})
	size *= c.s
	f.SetFont(pdfFont, st, size)
	f.SetTextColor(int(col[0]), int(col[1]), int(col[2]))
	w := f.GetStringWidth(s)
	switch just {
	case 'r':
		x -= w
	case 'l':
	default:
		x -= w / 2
	}
	f.Text(x, y, s)
}

// link makes the box from (x0, y0) to (x1, y1) of the drawing a link to
// href. Only absolute http(s) links are kept: a PDF has no page address
// to resolve a relative one against.
func (c *pdfCanvas) link(x0, y0, x1, y1 float64, href string) {
	x, y := c.at([2]float64{x0, y0})
	w, h := (x1-x0)*c.s, (y1-y0)*c.s
	if c.atlas != nil {
		if l, ok := c.atlas.internal(href); ok {
			c.pdf.Link(x, y, w, h, l) // to the body's own page
			return
		}
	}
	if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") {
		return
	}
	c.pdf.LinkString(x, y, w, h, href)
}

func (c *pdfCanvas) end() ([]byte, error) {
	if c.atlas != nil {
		return nil, c.pdf.Error() // the atlas writes the document at its end
	}
	var b bytes.Buffer
	if err := c.pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
