package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

func renderFixture(t *testing.T, f Format, opts Options) []byte {
	t.Helper()
	dot, err := DOT(fixture(), opts)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Local(context.Background(), dot, f, LayoutDot)
	if err != nil {
		t.Fatalf("render %s: %v", f, err)
	}
	return out
}

func TestSVG(t *testing.T) {
	for _, theme := range []Theme{ThemeLight, ThemeDark} {
		svg := renderFixture(t, SVG, Options{Theme: theme})
		if err := CheckSVG(svg); err != nil {
			t.Fatalf("%s: %v", theme, err)
		}
		ids := map[string]bool{}
		titles := map[string]bool{}
		classes := map[string]bool{}
		d := xml.NewDecoder(bytes.NewReader(svg))
		d.Strict = true
		var inTitle bool
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			switch tk := tok.(type) {
			case xml.StartElement:
				inTitle = tk.Name.Local == "title"
				for _, a := range tk.Attr {
					if a.Name.Local == "id" {
						ids[a.Value] = true
					}
					if a.Name.Local == "class" {
						classes[a.Value] = true
					}
				}
			case xml.CharData:
				if inTitle {
					titles[string(tk)] = true
				}
			case xml.EndElement:
				inTitle = false
			}
		}
		for _, id := range []string{"node-nhs-england", "node-uk-parliament", "node-svc-specialised", "edge-rel-006"} {
			if !ids[id] {
				t.Errorf("%s: SVG has no element id=%q", theme, id)
			}
		}
		for _, title := range []string{"nhs-england", "clinical-commissioning-groups"} {
			if !titles[title] {
				t.Errorf("%s: SVG has no <title>%s</title>", theme, title)
			}
		}
		for _, c := range []string{"node org tier-national kind-non-departmental-body", "edge rel-accountable-to", "graph caremap theme-" + string(theme)} {
			if !classes[c] {
				t.Errorf("%s: SVG has no class=%q", theme, c)
			}
		}
		for _, want := range []string{`xlink:href="/org/nhs-england"`, "£95.6bn", ">Key<", ">accountable to<", ">National bodies<"} {
			if !bytes.Contains(svg, []byte(want)) {
				t.Errorf("%s: SVG lacks %s", theme, want)
			}
		}
	}
}

func TestPNG(t *testing.T) {
	b := renderFixture(t, PNG, Options{})
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if w < 200 || h < 200 || w > PNGMaxSide || h > PNGMaxSide {
		t.Errorf("PNG is %dx%d, want each side within 200..%d", w, h, PNGMaxSide)
	}
	// Not blank: the background and some ink.
	colours := map[uint32]bool{}
	for y := 0; y < h; y += 7 {
		for x := 0; x < w; x += 7 {
			r, g, bb, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|bb>>8] = true
		}
	}
	if len(colours) < 5 {
		t.Errorf("PNG has %d colours: blank?", len(colours))
	}
}

func TestPDF(t *testing.T) {
	b := renderFixture(t, PDF, Options{})
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 20)])
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("PDF does not parse: %v", err)
	}
	if r.NumPage() != 1 {
		t.Errorf("pages = %d, want 1", r.NumPage())
	}
	var text strings.Builder
	for _, row := range must(r.Page(1).GetTextByRow()) {
		for _, w := range row.Content {
			text.WriteString(w.S)
		}
		text.WriteByte(' ')
	}
	got := strings.Join(strings.Fields(text.String()), " ")
	for _, want := range []string{"NHS England", "Monitor", "£95.6bn", "Department of", "accountable to"} {
		if !strings.Contains(got, want) {
			t.Errorf("PDF text lacks %q; text: %s", want, got)
		}
	}
	if !bytes.Contains(b, []byte("FontFile2")) {
		t.Error("PDF embeds no TrueType font")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestLimits(t *testing.T) {
	for _, tc := range []struct {
		layout       Layout
		nodes, edges int
		ok           bool
	}{
		{LayoutDot, 1200, 4000, true},
		{LayoutDot, 1201, 10, false},
		{LayoutDot, 10, 4001, false},
		{LayoutNeato, 301, 10, false},
		{LayoutCirco, 60, 200, true},
		{LayoutCirco, 61, 10, false},
		{"osage", 1, 1, false},
	} {
		err := DefaultLimits.CheckSize(tc.nodes, tc.edges, tc.layout)
		if (err == nil) != tc.ok {
			t.Errorf("CheckSize(%d, %d, %s) = %v, want ok=%v", tc.nodes, tc.edges, tc.layout, err, tc.ok)
		}
	}
	big := bytes.Repeat([]byte("a -> b\n"), 100)
	if _, err := Local(context.Background(), append(append([]byte("digraph {\n"), big...), '}'), SVG, LayoutCirco); err != nil {
		t.Errorf("small graph refused: %v", err)
	}
}
