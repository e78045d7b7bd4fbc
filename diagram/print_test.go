package diagram

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"caremap/graph"
	"caremap/render"
)

// poppler runs one of poppler-utils' tools (pdfinfo, pdftotext) on a PDF;
// the test skips, saying so, without it (.ci/run installs it).
func poppler(t *testing.T, tool string, pdf []byte, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Skipf("%s (Debian's poppler-utils) is not installed; .ci/run installs it", tool)
	}
	args = append(args, "-") // the PDF from standard input
	if tool == "pdftotext" {
		args = append(args, "-") // the text to standard output
	}
	cmd := exec.Command(path, args...)
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return string(out)
}

func TestPrint(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: RenderFunc(render.Local), Version: "9.9", BaseURL: "https://caremap.example.org"})
	ctx := context.Background()

	// The whole system's text falls under 6 pt on A4: 422, naming A3.
	r := New("", render.PDF)
	r.Paper = render.PaperA4
	_, err := svc.Get(ctx, r)
	var perr *PaperError
	if !errors.As(err, &perr) || !errors.Is(err, graph.ErrTooLarge) || perr.Smallest != render.PaperA3 ||
		!strings.Contains(err.Error(), "use paper=a3 with orientation=landscape") {
		t.Fatalf("system on A4: err = %v, want a PaperError naming a3", err)
	}

	// The money view fits A4 landscape: the page is exactly A4, the boxes
	// link to the explorer, the metadata names the view and the date.
	r.View = Money
	e, err := svc.Get(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	info := poppler(t, "pdfinfo", e.Data)
	for _, want := range []string{"Page size:       841.89 x 595.28 pts (A4)", "Title:           The health and care system in England: money, as at 1 April 2013",
		"Author:          caremap", "Creator:         caremap 9.9", "Keywords:", "Subject:         As at 1 April 2013 · Money"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	text := poppler(t, "pdftotext", e.Data)
	for _, want := range []string{"The health and care system in England", "As at 1 April 2013", "£95.6bn",
		"Source: caremap 9.9 · https://caremap.example.org/", "Open Government Licence v3.0"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	if n := bytes.Count(e.Data, []byte("/URI (https://caremap.example.org/org/")); n < 10 {
		t.Errorf("%d boxes link to the explorer, want every one", n)
	}
	r.Orientation = render.OrientationPortrait
	e, err = svc.Get(ctx, r)
	if err == nil {
		if info := poppler(t, "pdfinfo", e.Data); !strings.Contains(info, "Page size:       595.28 x 841.89 pts (A4)") {
			t.Errorf("portrait A4: %s", info)
		}
	} else if !errors.As(err, &perr) {
		t.Errorf("portrait A4: %v", err)
	}
}
