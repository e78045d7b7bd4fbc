package render

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
)

// pngCanvas draws Graphviz's primitives into an image with fogleman/gg,
// using the embedded fonts.
type pngCanvas struct {
	gc    *gg.Context
	faces map[[2]float64]font.Face
}

func (c *pngCanvas) begin(w, h float64, _ pageMeta) error {
	c.gc = gg.NewContext(max(1, int(math.Ceil(w))), max(1, int(math.Ceil(h))))
	c.faces = map[[2]float64]font.Face{}
	return loadFonts()
}

func col(c [4]uint) color.NRGBA {
	return color.NRGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), uint8(c[3])}
}

func (c *pngCanvas) path(p pathSpec) {
	g := c.gc
	fill := p.fill && p.fillColour[3] > 0
	stroke := p.stroke && p.penColour[3] > 0
	if !fill && !stroke {
		return
	}
	if fill && !stroke && p.kind == 'p' && p.fillColour[3] == 255 {
		// The page background: a flat fill of the whole image is far
		// cheaper than the anti-aliasing rasteriser.
		if img, ok := g.Image().(*image.RGBA); ok {
			if r, ok := axisRect(p.pts); ok && img.Bounds().In(r) {
				draw.Draw(img, img.Bounds(), image.NewUniform(col(p.fillColour)), image.Point{}, draw.Src)
				return
			}
		}
	}
	g.NewSubPath()
	pts := p.pts
	switch p.kind {
	case 'e':
		g.DrawEllipse(pts[0][0], pts[0][1], abs(pts[1][0]-pts[0][0]), abs(pts[1][1]-pts[0][1]))
	case 'b':
		g.MoveTo(pts[0][0], pts[0][1])
		for i := 1; i+2 < len(pts); i += 3 {
			g.CubicTo(pts[i][0], pts[i][1], pts[i+1][0], pts[i+1][1], pts[i+2][0], pts[i+2][1])
		}
	default:
		g.MoveTo(pts[0][0], pts[0][1])
		for _, q := range pts[1:] {
			g.LineTo(q[0], q[1])
		}
		if p.kind == 'p' {
			g.ClosePath()
		}
	}
	if fill && p.kind != 'l' {
		g.SetColor(col(p.fillColour))
		if stroke {
			g.FillPreserve()
		} else {
			g.Fill()
		}
	}
	if stroke {
		g.SetColor(col(p.penColour))
		g.SetLineWidth(max(p.penWidth, 0.5))
		if p.dash != nil {
			g.SetDash(p.dash...)
		} else {
			g.SetDash()
		}
		g.Stroke()
	}
	g.ClearPath()
}

func (c *pngCanvas) text(x, y float64, s string, size float64, bold bool, cl [4]uint, just byte, _ float64) {
	key := [2]float64{size, 0}
	ft := fontFaces.regular
	if bold {
		key[1], ft = 1, fontFaces.bold
	}
	face, ok := c.faces[key]
	if !ok {
		face = truetype.NewFace(ft, &truetype.Options{Size: size, Hinting: font.HintingNone})
		c.faces[key] = face
	}
	g := c.gc
	g.SetFontFace(face)
	g.SetColor(col(cl))
	w, _ := g.MeasureString(s)
	switch just {
	case 'r':
		x -= w
	case 'l':
	default:
		x -= w / 2
	}
	g.DrawString(s, x, y)
}

func (c *pngCanvas) end() ([]byte, error) {
	if img, ok := c.gc.Image().(*image.RGBA); ok {
		return encodePNG(img)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, c.gc.Image()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// axisRect returns the pixels a polygon covers, rounded outwards, when it
// is an axis-aligned rectangle, and false otherwise.
func axisRect(pts [][2]float64) (image.Rectangle, bool) {
	if len(pts) == 5 && pts[4] == pts[0] {
		pts = pts[:4]
	}
	if len(pts) != 4 {
		return image.Rectangle{}, false
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, q := range pts {
		minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
		minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
	}
	for i, q := range pts {
		n := pts[(i+1)%4]
		if q[0] != n[0] && q[1] != n[1] {
			return image.Rectangle{}, false // a slanted side
		}
	}
	return image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY))), true
}
