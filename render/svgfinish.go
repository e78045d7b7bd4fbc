package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/math/fixed"
)

// finishSVG makes Graphviz's SVG fit to embed anywhere, in one pass over
// its lines (Graphviz writes one element per line):
//
//   - Every <text> gets the width Graphviz laid it out at (textLength,
//     measured in Liberation Sans, which has Helvetica's metrics), so its
//     text fits its box in whatever font the reader has.
//   - The font list names Helvetica, Arial and Liberation Sans.
//   - The document's <title> is the diagram's title, not "caremap".
//   - Node groups are put in reading order, top to bottom and left to
//     right, so the keyboard moves through the links as the eye does
//     (nodes never overlap, and edges are drawn first, so nothing else
//     changes).
//   - With meta.Theme auto, an embedded style (no script) redraws the
//     light drawing in the dark theme's colours when the reader prefers a
//     dark scheme.
//   - With meta.Fit "width", the drawing is as wide as its container.
func finishSVG(svg []byte, meta pageMeta) []byte {
	lines := bytes.SplitAfter(svg, []byte("\n"))
	var out bytes.Buffer
	out.Grow(len(svg) + len(svg)/8 + 4096)
	titled := false
	// Node blocks: "<!-- name -->" then a <g class="node…"> to its close.
	type block struct {
		lines  [][]byte
		x, y   float64
		placed bool
	}
	var blocks []*block
	var cur *block
	depth := 0
	var pending [][]byte // a comment line that may open a node block
	flush := func() {
		if len(blocks) == 0 {
			return
		}
		slices.SortStableFunc(blocks, func(a, b *block) int {
			// Boxes of one rank share their centre's height.
			if ra, rb := rowOf(a.y), rowOf(b.y); ra != rb {
				return cmp.Compare(ra, rb)
			}
			return cmp.Compare(a.x, b.x)
		})
		for _, b := range blocks {
			for _, l := range b.lines {
				out.Write(l)
			}
		}
		blocks = blocks[:0]
	}
	emit := func(l []byte) {
		if cur != nil {
			cur.lines = append(cur.lines, l)
			return
		}
		out.Write(l)
	}
	for _, l := range lines {
		switch {
		case bytes.HasPrefix(l, []byte("<svg ")) || bytes.HasPrefix(l, []byte("<svg\n")):
			l = svgOpen(l, meta)
		case !titled && bytes.HasPrefix(l, []byte("<title>")):
			if meta.Title != "" {
				l = []byte("<title>" + html.EscapeString(meta.Title) + "</title>\n")
			}
			titled = true
			if meta.Theme == ThemeAuto {
				l = append(slices.Clip(l), autoThemeStyle()...)
			}
		case bytes.HasPrefix(l, []byte("<text ")):
			l = fitText(l)
		}
		if bytes.Contains(l, []byte(`font-family="Helvetica,sans-Serif"`)) {
			l = bytes.ReplaceAll(l, []byte(`font-family="Helvetica,sans-Serif"`), []byte(`font-family="Helvetica,Arial,'Liberation Sans',sans-serif"`))
		}
		if cur == nil && bytes.HasPrefix(l, []byte("<!-- ")) && bytes.HasSuffix(bytes.TrimSpace(l), []byte("-->")) {
			pending = append(pending, l)
			continue
		}
		if cur == nil && bytes.HasPrefix(l, []byte("<g id=")) && bytes.Contains(l, []byte(`class="node`)) {
			cur = &block{lines: pending}
			pending = nil
			depth = 0
		} else if cur == nil {
			// Anything else ends a run of node blocks.
			if len(blocks) > 0 && !bytes.HasPrefix(l, []byte("<!-- ")) {
				flush()
			}
			for _, p := range pending {
				out.Write(p)
			}
			pending = nil
		}
		emit(l)
		if cur != nil {
			if !cur.placed {
				if x, y, ok := firstPoint(l); ok {
					cur.x, cur.y, cur.placed = x, y, true
				}
			}
			depth += bytes.Count(l, []byte("<g ")) + bytes.Count(l, []byte("<g>")) - bytes.Count(l, []byte("</g>"))
			if depth <= 0 {
				blocks = append(blocks, cur)
				cur = nil
			}
		}
	}
	if cur != nil { // unbalanced: keep what we have, in order
		blocks = append(blocks, cur)
	}
	flush()
	for _, p := range pending {
		out.Write(p)
	}
	return out.Bytes()
}

// rowOf is a box's row: its centre's height to the point.
func rowOf(y float64) int { return int(math.Round(y)) }

var number = regexp.MustCompile(`-?[0-9]+(?:\.[0-9]+)?`)

// firstPoint reads the centre of a node's first shape: the middle of the
// box around a path's or polygon's points, or an ellipse's centre.
func firstPoint(l []byte) (x, y float64, ok bool) {
	if bytes.HasPrefix(l, []byte("<ellipse")) {
		cx, e1 := attrFloat(l, "cx")
		cy, e2 := attrFloat(l, "cy")
		return cx, cy, e1 && e2
	}
	name := "d"
	switch {
	case bytes.HasPrefix(l, []byte("<path")):
	case bytes.HasPrefix(l, []byte("<polygon")):
		name = "points"
	default:
		return 0, 0, false
	}
	v, ok := attr(l, name)
	if !ok {
		return 0, 0, false
	}
	nums := number.FindAllString(v, -1)
	if len(nums) < 2 {
		return 0, 0, false
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := 0; i+1 < len(nums); i += 2 {
		px, _ := strconv.ParseFloat(nums[i], 64)
		py, _ := strconv.ParseFloat(nums[i+1], 64)
		minX, maxX, minY, maxY = min(minX, px), max(maxX, px), min(minY, py), max(maxY, py)
	}
	return (minX + maxX) / 2, (minY + maxY) / 2, true
}

// attrFloat reads a numeric attribute of an element line.
func attrFloat(l []byte, name string) (float64, bool) {
	v, ok := attr(l, name)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// attr reads attribute name of an element line (Graphviz writes
// name="value" with a space before it).
func attr(l []byte, name string) (string, bool) {
	key := []byte(" " + name + `="`)
	i := bytes.Index(l, key)
	if i < 0 {
		return "", false
	}
	rest := l[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return string(rest[:j]), true
}

var svgSize = regexp.MustCompile(` width="[0-9.]+pt" height="[0-9.]+pt"`)

// svgOpen rewrites the <svg> tag's size for meta.Fit.
func svgOpen(l []byte, meta pageMeta) []byte {
	if meta.Fit != "width" {
		return l
	}
	return svgSize.ReplaceAll(l, []byte(` width="100%" preserveAspectRatio="xMidYMin meet"`))
}

// fitText adds the laid-out width to a one-line <text> element.
func fitText(l []byte) []byte {
	end := bytes.Index(l, []byte("</text>"))
	start := bytes.IndexByte(l, '>')
	if end < 0 || start < 0 || start > end || bytes.Contains(l[:start], []byte("textLength=")) {
		return l
	}
	size, ok := attrFloat(l[:start], "font-size")
	if !ok || size <= 0 {
		return l
	}
	bold := bytes.Contains(l[:start], []byte(`font-weight="bold"`))
	text := html.UnescapeString(string(l[start+1 : end]))
	w := textWidth(text, size, bold)
	if w <= 0 {
		return l
	}
	var b bytes.Buffer
	b.Grow(len(l) + 48)
	b.Write(l[:start])
	fmt.Fprintf(&b, ` textLength="%s" lengthAdjust="spacingAndGlyphs"`, strconv.FormatFloat(w, 'f', 2, 64))
	b.Write(l[start:])
	return b.Bytes()
}

var widths struct {
	sync.Mutex
	m map[[2]rune]float64 // rune, bold -> advance at 1000 units per em
}

// textWidth measures s at size points in Liberation Sans (the layout
// font's metrics).
func textWidth(s string, size float64, bold bool) float64 {
	if loadFonts() != nil {
		return 0
	}
	ft, b := fontFaces.regular, rune(0)
	if bold {
		ft, b = fontFaces.bold, 1
	}
	widths.Lock()
	defer widths.Unlock()
	if widths.m == nil {
		widths.m = map[[2]rune]float64{}
	}
	total := 0.0
	for _, r := range s {
		k := [2]rune{r, b}
		w, ok := widths.m[k]
		if !ok {
			idx := ft.Index(r)
			w = float64(ft.HMetric(fixed.Int26_6(1000<<6), idx).AdvanceWidth) / 64
			widths.m[k] = w
		}
		total += w
	}
	return total * size / 1000
}

// autoThemeStyle is the embedded style of theme=auto: every colour of the
// light palette, where the reader prefers dark, becomes its dark-theme
// counterpart (CSS beats SVG presentation attributes).
var autoThemeStyle = sync.OnceValue(func() []byte {
	m := themeColourMap()
	light := make([]string, 0, len(m))
	for c := range m {
		light = append(light, c)
	}
	sort.Strings(light)
	var b strings.Builder
	b.WriteString("<style>@media (prefers-color-scheme: dark){")
	for _, c := range light {
		fmt.Fprintf(&b, `[fill="%s"]{fill:%s}[stroke="%s"]{stroke:%s}`, c, m[c], c, m[c])
	}
	b.WriteString("}</style>\n")
	return []byte(b.String())
})

// themeColourMap pairs each light colour with its dark counterpart.
func themeColourMap() map[string]string {
	l, d := palettes[ThemeLight], palettes[ThemeDark]
	m := map[string]string{
		l.bg: d.bg, l.fg: d.fg, l.muted: d.muted, l.border: d.border, l.cluster: d.cluster,
		l.clusterBorder: d.clusterBorder, l.serviceFill: d.serviceFill, l.focusPen: d.focusPen,
	}
	for k, v := range l.tierFill {
		m[v] = d.tierFill[k]
	}
	for _, i := range edgeStyles {
		m[l.edge(i.info.Colour)] = d.edge(i.info.Colour)
	}
	return m
}
