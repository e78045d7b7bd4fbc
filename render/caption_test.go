package render

import (
	"bytes"
	"math"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"caremap/graph"
)

// TestKeyDrawsRealSamples: the key draws each line type drawn as a real
// line in its colour (and dash pattern), and says what each box colour,
// the dashed service box and the bracketed count mean.
func TestKeyDrawsRealSamples(t *testing.T) {
	svg := string(renderFixture(t, SVG, Options{Focus: "nhs-england"}))
	// The caption is drawn before the nodes and edges.
	caption := svg[:strings.Index(svg, `class="node`)]
	for _, ty := range []graph.RelType{graph.AccountableTo, graph.Funds, graph.Commissions, graph.Regulates, graph.PartOf, graph.Represents} {
		info, _ := ty.Info()
		line := regexp.MustCompile(`<polyline fill="none" stroke="` + info.Colour + `"[^>]*>`).FindString(caption)
		if line == "" {
			t.Errorf("the key has no line sample of %s in %s", ty, info.Colour)
			continue
		}
		if dashed := strings.Contains(line, "stroke-dasharray"); dashed != (info.Style == "dashed" || info.Style == "dotted") {
			t.Errorf("the %s sample %s: dashed %v, want the type's style %s", ty, line, dashed, info.Style)
		}
	}
	for _, want := range []string{">Key<", ">Parliament and government<", ">National bodies<", ">Regional structures<", ">Local bodies<",
		">Providers of care<", ">People and communities<", ">a service<", ">(211)<", "bodies of a kind<", ">the body this diagram is about<", ">amount, 2013/14<"} {
		if !strings.Contains(caption, want) {
			t.Errorf("the key lacks %s", want)
		}
	}
	if strings.Contains(caption, ">uses<") || strings.Contains(caption, "more bodies") {
		t.Error("the key explains something the diagram does not draw")
	}
}

func TestCaptionAndMetadata(t *testing.T) {
	c := Caption{Title: "NHS England & friends", Subtitle: "As at 1 April 2013 · Overview", Source: "Source: caremap 9.9",
		Licence:  "Contains public sector information licensed under the Open Government Licence v3.0",
		DocTitle: `NHS England: overview, as at 1 April 2013 "quoted" \ back`, Subject: "As at 1 April 2013", Keywords: "NHS; 2013", Creator: "caremap 9.9"}
	opts := Options{Caption: c, BaseURL: "https://caremap.example.org"}
	svg := string(renderFixture(t, SVG, opts))
	for _, want := range []string{">NHS England &amp; friends<", ">As at 1 April 2013 · Overview<", ">Source: caremap 9.9<", "Open Government Licence v3.0<",
		`xlink:href="https://caremap.example.org/org/nhs-england"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	b := renderFixture(t, PDF, opts)
	for _, want := range []string{"/URI (https://caremap.example.org/org/nhs-england)", "/Author", "/Keywords", "/Subject"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("PDF lacks %s", want)
		}
	}
	info := pdfinfo(t, b)
	for k, want := range map[string]string{"Title": `NHS England: overview, as at 1 April 2013 "quoted"  back`, "Subject": "As at 1 April 2013",
		"Keywords": "NHS; 2013", "Author": "caremap", "Creator": "caremap 9.9"} {
		if info[k] != want {
			t.Errorf("PDF %s = %q, want %q", k, info[k], want)
		}
	}
}

// pdfinfo runs poppler's pdfinfo (CI installs it) and returns its fields.
func pdfinfo(t *testing.T, pdf []byte) map[string]string {
	t.Helper()
	path, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo (Debian's poppler-utils) is not installed; .ci/run installs it")
	}
	cmd := exec.Command(path, "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

func TestFitPage(t *testing.T) {
	for _, tc := range []struct {
		w, h   float64
		p      Paper
		o      Orientation
		pw, ph float64
	}{
		{2000, 1000, PaperA4, OrientationAuto, 841.89, 595.28},
		{1000, 2000, PaperA4, OrientationAuto, 595.28, 841.89},
		{2000, 1000, PaperA3, OrientationPortrait, 841.89, 1190.55},
		{200, 100, PaperLetter, OrientationAuto, 792, 612},
		{500, 400, "", OrientationAuto, 500, 400},
	} {
		pg := FitPage(tc.w, tc.h, tc.p, tc.o)
		if pg.Width != tc.pw || pg.Height != tc.ph {
			t.Errorf("%v: page %gx%g, want %gx%g", tc, pg.Width, pg.Height, tc.pw, tc.ph)
		}
		if tc.p == "" {
			continue
		}
		// The drawing fits within the margins, centred, never enlarged.
		if pg.Scale > 1 || tc.w*pg.Scale > pg.Width-2*PaperMargin+1e-9 || tc.h*pg.Scale > pg.Height-2*PaperMargin+1e-9 {
			t.Errorf("%v: scale %g does not fit", tc, pg.Scale)
		}
		if math.Abs(pg.X*2+tc.w*pg.Scale-pg.Width) > 1e-6 || math.Abs(pg.Y*2+tc.h*pg.Scale-pg.Height) > 1e-6 {
			t.Errorf("%v: not centred: %+v", tc, pg)
		}
	}
}
