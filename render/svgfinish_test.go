package render

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestFinishedSVG(t *testing.T) {
	svg := string(renderFixture(t, SVG, Options{Caption: Caption{Title: "Around <NHS> England", DocTitle: "Around <NHS> England: overview"}}))
	if err := CheckSVG([]byte(svg)); err != nil {
		t.Fatal(err)
	}
	// Every text carries the width it was laid out at.
	texts := regexp.MustCompile(`<text [^>]*>`).FindAllString(svg, -1)
	if len(texts) < 20 {
		t.Fatalf("%d texts", len(texts))
	}
	for _, tx := range texts {
		if !strings.Contains(tx, `textLength="`) || !strings.Contains(tx, `lengthAdjust="spacingAndGlyphs"`) {
			t.Errorf("text without its width: %s", tx)
		}
		if !strings.Contains(tx, `font-family="Helvetica,Arial,'Liberation Sans',sans-serif"`) {
			t.Errorf("text without the font list: %s", tx)
		}
	}
	// "Monitor" at 14 pt in Liberation Sans is about 52 pt wide.
	m := regexp.MustCompile(`textLength="([0-9.]+)"[^>]*>Monitor<`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatal("no Monitor text")
	}
	if w, _ := strconv.ParseFloat(m[1], 64); w < 45 || w > 60 {
		t.Errorf("Monitor is %g pt wide, want about 52", w)
	}
	if !strings.Contains(svg, "<title>Around &lt;NHS&gt; England: overview</title>") {
		t.Error("the document title is not the diagram's")
	}
	// Node groups in reading order: top to bottom, then left to right,
	// by the centre of each box.
	var prevY, prevX float64
	first := true
	for _, g := range regexp.MustCompile(`<g id="node[^"]*" class="node[^"]*">\n<title>[^<]*</title>\n(?:<g[^>]*><a[^>]*>\n)?<(?:path|polygon) [^>]*(?:d|points)="([^"]*)"`).FindAllStringSubmatch(svg, -1) {
		var xs, ys []float64
		for i, n := range regexp.MustCompile(`-?[0-9.]+`).FindAllString(g[1], -1) {
			f, _ := strconv.ParseFloat(n, 64)
			if i%2 == 0 {
				xs = append(xs, f)
			} else {
				ys = append(ys, f)
			}
		}
		x, y := (slices.Min(xs)+slices.Max(xs))/2, (slices.Min(ys)+slices.Max(ys))/2
		if !first && (y < prevY-0.5 || y < prevY+0.5 && x < prevX) {
			t.Errorf("the box centred at (%g, %g) comes after the one at (%g, %g)", x, y, prevX, prevY)
		}
		prevY, prevX, first = y, x, false
	}
	if first {
		t.Error("no node groups found")
	}
	if strings.Contains(svg, "prefers-color-scheme") || strings.Contains(svg, `width="100%"`) {
		t.Error("a light, natural-size drawing carries the auto style or the fluid width")
	}
}

func TestAutoThemeAndFit(t *testing.T) {
	svg := string(renderFixture(t, SVG, Options{Theme: ThemeAuto, FitWidth: true}))
	if err := CheckSVG([]byte(svg)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"@media (prefers-color-scheme: dark)", `[fill="#ffffff"]{fill:#16181d}`, `[fill="#e9eef8"]{fill:#22304a}`,
		`[stroke="#1f4e9c"]{stroke:`, `class="graph caremap theme&#45;auto"`, `<svg width="100%" preserveAspectRatio="xMidYMin meet"`, `viewBox="`} {
		if !strings.Contains(svg, want) {
			t.Errorf("auto SVG lacks %s", want)
		}
	}
	if strings.Contains(svg, "<script") || regexp.MustCompile(`<svg [^>]*height="`).MatchString(svg) {
		t.Error("auto SVG has a script, or a fixed height with the fluid width")
	}
}

// TestThemeColourMap: theme=auto can only work if each light colour has
// one dark counterpart.
func TestThemeColourMap(t *testing.T) {
	l, d := palettes[ThemeLight], palettes[ThemeDark]
	pairs := [][2]string{{l.bg, d.bg}, {l.fg, d.fg}, {l.muted, d.muted}, {l.border, d.border}, {l.cluster, d.cluster},
		{l.clusterBorder, d.clusterBorder}, {l.serviceFill, d.serviceFill}, {l.focusPen, d.focusPen}}
	for k, v := range l.tierFill {
		pairs = append(pairs, [2]string{v, d.tierFill[k]})
	}
	for _, i := range edgeStyles {
		pairs = append(pairs, [2]string{l.edge(i.info.Colour), d.edge(i.info.Colour)})
	}
	seen := map[string]string{}
	for _, p := range pairs {
		if prev, ok := seen[p[0]]; ok && prev != p[1] {
			t.Errorf("light %s is dark %s and %s", p[0], prev, p[1])
		}
		seen[p[0]] = p[1]
	}
}
