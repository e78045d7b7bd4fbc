package diagram

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"caremap/graph"
	"caremap/render"
	"caremap/seed"
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

// TestAtlas draws the atlas and checks its pages, contents, bookmarks
// and internal links.
func TestAtlas(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every class-level body")
	}
	st := seedStore(t)
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]string{}
	for _, g := range ds.Groups {
		groups[g.ID] = g.Name
	}
	svc := NewService(Config{Store: st, Renderer: RenderFunc(render.Local), Version: "9.9", GroupNames: groups})
	pdf, err := svc.Atlas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.Organisations(context.Background(), graph.OrganisationFilter{Classes: true}, graph.Page{First: graph.MaxFirst})
	if err != nil {
		t.Fatal(err)
	}
	bodies := 0
	for _, o := range page.Items {
		if o.Active() {
			bodies++
		}
	}
	info := poppler(t, "pdfinfo", pdf)
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo: %s", info)
	}
	pages, _ := strconv.Atoi(m[1])
	if contents := pages - 1 - bodies; contents < 1 || contents > 3 {
		t.Errorf("%d pages for %d bodies: want a cover, one to three contents pages and a page each", pages, bodies)
	}
	if !strings.Contains(info, "Title:           The health and care system in England, as at 1 April 2013: an atlas") {
		t.Errorf("atlas title: %s", info)
	}
	cover := poppler(t, "pdftotext", pdf, "-f", "1", "-l", "1")
	if !strings.Contains(cover, "The health and care system in England") || !strings.Contains(cover, "Open Government Licence") {
		t.Errorf("the cover is not the whole system: %.300s", cover)
	}
	contents := poppler(t, "pdftotext", pdf, "-f", "2", "-l", "3", "-layout")
	dh := regexp.MustCompile(`Department of Health\s+(\d+)`).FindStringSubmatch(contents)
	if dh == nil || !strings.Contains(contents, "Contents") || !strings.Contains(contents, "NHS commissioning") {
		t.Fatalf("the contents do not list the Department of Health under its group with a page: %s", contents)
	}
	dhPage := poppler(t, "pdftotext", pdf, "-f", dh[1], "-l", dh[1])
	if !strings.HasPrefix(strings.TrimSpace(dhPage), "Department of Health") {
		t.Errorf("page %s is not the Department of Health's: %.200s", dh[1], dhPage)
	}
	// Internal links: every contents line and every box of a body with a
	// page; bookmarks: one per page and group.
	if n := bytes.Count(pdf, []byte("/Dest [")); n < 2*bodies {
		t.Errorf("%d internal links, want at least %d", n, 2*bodies)
	}
	if !bytes.Contains(pdf, []byte("/Outlines")) || bytes.Count(pdf, []byte("/Title ")) < bodies+10 {
		t.Errorf("bookmarks: %d titles", bytes.Count(pdf, []byte("/Title ")))
	}
}
