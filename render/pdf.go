package render

import (
	"bytes"
	"time"

	"github.com/go-pdf/fpdf"

	"caremap/render/internal/fonts"
)

// pdfCanvas draws Graphviz's primitives as PDF vector graphics with
// go-pdf/fpdf. Text is real PDF text in an embedded, subset Liberation
// Sans, so it is selectable and searchable and needs no system font.
type pdfCanvas struct {
	pdf *fpdf.Fpdf
}

const pdfFont = "LiberationSans"

func (c *pdfCanvas) begin(w, h float64) error {
	if w <= 0 || h <= 0 {
		w, h = 1, 1
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w, Ht: h}})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCreationDate(time.Date(2013, 4, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2013, 4, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetCatalogSort(true)
	pdf.SetTitle("caremap diagram", true)
	pdf.SetCreator("caremap", true)
	pdf.AddUTF8FontFromBytes(pdfFont, "", fonts.Regular)
	pdf.AddUTF8FontFromBytes(pdfFont, "B", fonts.Bold)
	pdf.AddPageFormat("", fpdf.SizeType{Wd: w, Ht: h})
	c.pdf = pdf
	return pdf.Error()
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
		f.SetLineWidth(p.penWidth)
		if p.dash != nil {
			f.SetDashPattern(p.dash, 0)
		} else {
			f.SetDashPattern([]float64{}, 0)
		}
		style = "D" + style
	}
	pts := p.pts
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

func (c *pdfCanvas) end() ([]byte, error) {
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
