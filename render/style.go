package render

import (
	"fmt"
	"strconv"
	"strings"

	"caremap/graph"
)

// Theme selects the colours of a diagram.
type Theme string

// The themes.
const (
	ThemeLight Theme = "light"
	ThemeDark  Theme = "dark"
	// ThemeAuto is one drawing that follows the reader's
	// prefers-color-scheme: the light colours, and an embedded style that
	// turns them dark (SVG; other formats are light).
	ThemeAuto Theme = "auto"
)

// ThemeNames is the "allowed:" text for themes.
const ThemeNames = "light, dark, auto"

// Valid reports whether t is a known theme.
func (t Theme) Valid() bool { return t == ThemeLight || t == ThemeDark || t == ThemeAuto }

// FontName is the font every diagram is laid out in. Graphviz without
// Cairo/Pango (the WebAssembly build) estimates text widths from built-in
// metric tables; Helvetica's are among them, and Liberation Sans, the font
// the PDF embeds and PNG draws with, has the same metrics (it is
// metric-compatible with Arial, which matches Helvetica).
const FontName = "Helvetica"

// palette is one theme's colours.
type palette struct {
	bg, fg, muted, border, cluster, clusterBorder string
	tierFill                                      map[string]string
	serviceFill, focusPen                         string
	edge                                          func(hex string) string
}

var palettes = map[Theme]palette{
	ThemeLight: {
		bg: "#ffffff", fg: "#1a1a1a", muted: "#555555", border: "#4d4d4d",
		cluster: "#f7f7f7", clusterBorder: "#c8c8c8",
		tierFill: map[string]string{
			"top": "#dfe7f5", "national": "#e9eef8", "regional": "#eaf4e6",
			"local": "#fdf1e2", "provider": "#fbe9ef", "people": "#fff6cc",
		},
		// Not the background's white: theme=auto maps each light colour to
		// one dark one, and a service is not the background.
		serviceFill: "#fefefe", focusPen: "#000000",
		edge: func(hex string) string { return hex },
	},
	ThemeDark: {
		bg: "#16181d", fg: "#e8e8e8", muted: "#b0b0b0", border: "#9a9a9a",
		cluster: "#1f232a", clusterBorder: "#3c424d",
		tierFill: map[string]string{
			"top": "#26324a", "national": "#22304a", "regional": "#24381f",
			"local": "#3d2f1c", "provider": "#3d2030", "people": "#3d3814",
		},
		serviceFill: "#1c1f25", focusPen: "#ffffff",
		edge: func(hex string) string { return mix(hex, "#ffffff", 0.45) },
	},
}

// edgeStyle is how one relationship type is drawn. Colour and line style
// come from graph.RelTypes; the arrowhead and width are added here so that
// the types stay distinct when printed in greyscale.
type edgeStyle struct {
	info      graph.RelTypeInfo
	arrowhead string
	glyph     string
	penwidth  string
}

// arrowheads gives each type an arrowhead; with the line style every
// type's pair is distinct, so a greyscale print still tells them apart.
// glyph is how the key draws the head (characters Liberation Sans has).
var arrowheads = map[graph.RelType]struct{ head, glyph string }{
	graph.AccountableTo: {"normal", "►"},
	graph.Funds:         {"normal", "►"},
	graph.Commissions:   {"vee", "›"},
	graph.Provides:      {"odot", "○"},
	graph.Regulates:     {"tee", "┤"},
	graph.Advises:       {"obox", "□"},
	graph.Supports:      {"box", "■"},
	graph.PartOf:        {"diamond", "♦"},
	graph.Hosts:         {"odiamond", "◊"},
	graph.MemberOf:      {"dot", "●"},
	graph.Represents:    {"vee", "›"},
	graph.Scrutinises:   {"inv", "◄"},
	graph.Uses:          {"odot", "○"},
	graph.SucceededBy:   {"inv", "◄"},
	graph.InstanceOf:    {"normal", "►"},
}

var edgeStyles = func() map[graph.RelType]edgeStyle {
	m := make(map[graph.RelType]edgeStyle, len(graph.RelTypes))
	for _, i := range graph.RelTypes {
		w := "1.3"
		switch i.Style {
		case "bold":
			w = "2.4"
		case "dotted":
			w = "1.6"
		}
		a := arrowheads[i.Type]
		m[i.Type] = edgeStyle{info: i, arrowhead: a.head, glyph: a.glyph, penwidth: w}
	}
	return m
}()

// dotStyle maps the reference's line style to Graphviz's.
func (s edgeStyle) dotStyle() string {
	if s.info.Style == "bold" {
		return "solid"
	}
	return s.info.Style
}

// label is a type's readable name for the legend, e.g. "accountable to".
func typeLabel(t graph.RelType) string {
	return strings.ToLower(strings.ReplaceAll(string(t), "_", " "))
}

// mix blends colour a with b by f (0: a, 1: b); both "#rrggbb".
func mix(a, b string, f float64) string {
	pa, pb := parseHex(a), parseHex(b)
	var out [3]int
	for i := range out {
		out[i] = int(float64(pa[i])*(1-f) + float64(pb[i])*f + 0.5)
	}
	return fmt.Sprintf("#%02x%02x%02x", out[0], out[1], out[2])
}

func parseHex(s string) [3]int {
	var c [3]int
	if len(s) != 7 || s[0] != '#' {
		return c
	}
	for i := range c {
		v, _ := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		c[i] = int(v)
	}
	return c
}
