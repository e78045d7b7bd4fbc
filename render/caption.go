package render

import (
	"fmt"
	"html"
	"math"
	"strings"

	"caremap/graph"
)

// Caption is the title block drawn above a diagram, with the key between
// its lines, and the PDF's metadata. Its strings are data: they are
// escaped into the label and never become attributes Graphviz acts on.
type Caption struct {
	Title    string // e.g. "NHS England"
	Subtitle string // e.g. "As at 1 April 2013 · Overview: who answers to whom, …"
	Source   string // e.g. "Source: caremap 0.1.0 · https://…/org/nhs-england"
	Licence  string // e.g. "Contains public sector information licensed under the Open Government Licence v3.0"
	// PDF metadata.
	DocTitle, Subject, Keywords, Creator string
}

// keyRows is the most rows in one column of the key.
const keyRows = 4

// bandLabels say what each band's box colour means, in the key.
var bandLabels = [...]string{
	"Parliament and government",
	"National bodies",
	"Regional structures",
	"Local bodies",
	"Providers of care",
	"People and communities",
}

// keyEntry is one sample and its words.
type keyEntry struct{ sample, text string }

// drawnFacts is what a diagram shows, so the key explains only that.
type drawnFacts struct {
	types                          map[graph.RelType]bool
	bands                          map[int]bool
	services, counts, focus, folds bool
	amountLabels, widthByAmount    bool
	exampleCount                   int
}

// htmlText escapes data for an HTML-like label.
func htmlText(s string) string { return html.EscapeString(cleanText(s)) }

// writeCaption writes the graph label: the title, the subtitle, the key
// and the source, top left, where no edge can run through it and no box
// can land beside it. The key draws real samples: each line type as a
// line in its colour and dash pattern with its arrowhead, each box colour
// as a box.
func writeCaption(w func(string, ...any), pal palette, c Caption, f drawnFacts, noKey bool) {
	var rows []string
	if c.Title != "" {
		rows = append(rows, fmt.Sprintf(`<tr><td align="left"><font point-size="24"><b>%s</b></font></td></tr>`, htmlText(c.Title)))
	}
	if c.Subtitle != "" {
		rows = append(rows, fmt.Sprintf(`<tr><td align="left"><font color="%s">%s</font></td></tr>`, pal.muted, htmlText(c.Subtitle)))
	}
	if !noKey {
		if key := keyTable(pal, f); key != "" {
			rows = append(rows, `<tr><td align="left">`+key+`</td></tr>`)
		}
	}
	for _, s := range []string{c.Source, c.Licence} {
		if s != "" {
			rows = append(rows, fmt.Sprintf(`<tr><td align="left"><font color="%s">%s</font></td></tr>`, pal.muted, htmlText(s)))
		}
	}
	if len(rows) == 0 {
		return
	}
	w(" label=<<table border=\"0\" cellspacing=\"0\" cellpadding=\"3\">%s</table>> labelloc=t labeljust=l", strings.Join(rows, ""))
}

// keyTable is the key: the line types drawn, then the kinds of box, in
// columns of keyRows. It is built from constants and the palette only.
func keyTable(pal palette, f drawnFacts) string {
	var lines, boxes []keyEntry
	for _, i := range graph.RelTypes {
		if !f.types[i.Type] {
			continue
		}
		st := edgeStyles[i.Type]
		colour := pal.edge(i.Colour)
		width := st.penwidth
		if f.widthByAmount && i.Money {
			width = "3"
		}
		style := ""
		if s := st.dotStyle(); s != "solid" {
			style = ` style="` + s + `"`
		}
		sample := fmt.Sprintf(`<td width="40" height="9" fixedsize="true" border="%s" sides="b" color="%s"%s></td><td><font color="%s">%s</font></td>`,
			borderWidth(width), colour, style, colour, st.glyph)
		text := typeLabel(i.Type)
		if f.widthByAmount && i.Money {
			text += ": the wider, the more money"
		}
		lines = append(lines, keyEntry{sample, text})
	}
	if f.amountLabels && !f.widthByAmount {
		lines = append(lines, keyEntry{`<td colspan="2" align="left"><font color="` + pal.edge("#1b7f3a") + `">£9.9bn</font></td>`, "amount, 2013/14"})
	}
	box := func(fill, border, style string, pen int, double bool) string {
		spacing := 0
		if double {
			spacing = 2
		}
		// The cell is fixed, so a lone sample does not stretch to the row.
		return fmt.Sprintf(`<td colspan="2" align="left" fixedsize="true" width="54" height="26"><table border="%d" cellborder="%d" cellspacing="%d" cellpadding="0" color="%s"%s><tr><td width="42" height="16" fixedsize="true" bgcolor="%s"></td></tr></table></td>`,
			pen, map[bool]int{true: 1}[double], spacing, border, style, fill)
	}
	for k, label := range bandLabels {
		if f.bands[k] {
			boxes = append(boxes, keyEntry{box(pal.tierFill[bandNames[k]], pal.border, ` style="rounded"`, 1, false), label})
		}
	}
	if f.services {
		boxes = append(boxes, keyEntry{box(pal.serviceFill, pal.border, ` style="dashed"`, 1, false), "a service"})
	}
	if f.counts {
		n := f.exampleCount
		boxes = append(boxes, keyEntry{fmt.Sprintf(`<td colspan="2" align="center">(%d)</td>`, n),
			fmt.Sprintf("one box for %d bodies of a kind", n)})
	}
	if f.focus {
		boxes = append(boxes, keyEntry{box(pal.tierFill["national"], pal.focusPen, ` style="rounded"`, 3, false), "the body this diagram is about"})
	}
	if f.folds {
		boxes = append(boxes, keyEntry{box(pal.cluster, pal.border, "", 1, true), "more bodies: open it for the list"})
	}
	if len(lines)+len(boxes) == 0 {
		return ""
	}
	var cols []string
	for _, section := range [][]keyEntry{lines, boxes} {
		for start := 0; start < len(section); start += keyRows {
			var b strings.Builder
			b.WriteString(`<table border="0" cellspacing="0" cellpadding="2">`)
			for _, e := range section[start:min(start+keyRows, len(section))] {
				fmt.Fprintf(&b, `<tr>%s<td align="left">%s</td></tr>`, e.sample, htmlText(e.text))
			}
			b.WriteString(`</table>`)
			cols = append(cols, `<td valign="top" align="left">`+b.String()+`</td>`)
		}
	}
	// Columns apart by cellspacing: empty spacer cells crash Graphviz 12's
	// HTML table sizing in go-graphviz.
	return fmt.Sprintf(`<table border="0" cellspacing="8" cellpadding="0"><tr><td valign="top" align="left"><b>Key</b></td>%s</tr></table>`, strings.Join(cols, ""))
}

// borderWidth is a pen width as an HTML-like label's integer border.
func borderWidth(w string) string {
	var f float64
	fmt.Sscanf(w, "%g", &f)
	return fmt.Sprint(max(1, int(math.Round(f))))
}

// metaQuote quotes text for a caremap_* graph attribute: Graphviz stores
// such attributes and ignores them; the PDF renderer reads them back as
// metadata. Backslashes are dropped and quotes escaped, so the value reads
// back exactly.
func metaQuote(s string) string {
	s = strings.ReplaceAll(cleanText(s), `\`, "")
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}
