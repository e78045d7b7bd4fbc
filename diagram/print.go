package diagram

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"caremap/graph"
	"caremap/render"
)

// PaperError reports a diagram whose text would print too small on the
// paper asked for, and names the smallest paper that works ("" when none
// does). Its message is safe to show; it wraps graph.ErrTooLarge (HTTP
// 422).
type PaperError struct {
	Paper       render.Paper
	Orientation render.Orientation // as it would be turned
	TextPoints  float64            // the smallest text on that paper
	Smallest    render.Paper       // the smallest paper that works, or ""
	SmallestOn  render.Orientation // turned this way
}

func (e *PaperError) Error() string {
	msg := fmt.Sprintf("on %s paper (%s) the smallest text would be %.1f pt, under the %g pt that prints legibly", e.Paper, e.Orientation, e.TextPoints, render.MinPrintPoints)
	if e.Smallest == "" {
		return msg + ": no paper offered is large enough; leave paper out to get the drawing at its own size, or draw less (view, types, depth)"
	}
	return msg + fmt.Sprintf(": use paper=%s with orientation=%s, the smallest that works", e.Smallest, e.SmallestOn)
}

// Unwrap makes errors.Is(err, graph.ErrTooLarge) true.
func (e *PaperError) Unwrap() error { return graph.ErrTooLarge }

// Public makes the message safe to show (graph.Public): it holds only
// enums and sizes.
func (e *PaperError) Public() string { return e.Error() }

var (
	svgSize  = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)
	fontSize = regexp.MustCompile(`font-size="([0-9.]+)"`)
)

// drawingSize reads a drawing's size and its smallest text from its SVG.
func drawingSize(svg []byte) (w, h, minFont float64, ok bool) {
	m := svgSize.FindSubmatch(svg)
	if m == nil {
		return 0, 0, 0, false
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	for _, f := range fontSize.FindAllSubmatch(svg, -1) {
		if v, err := strconv.ParseFloat(string(f[1]), 64); err == nil && (minFont == 0 || v < minFont) {
			minFont = v
		}
	}
	return w, h, minFont, w > 0 && h > 0 && minFont > 0
}

// checkPaper refuses a PDF on paper whose smallest text would print under
// render.MinPrintPoints, naming the smallest paper that works. It lays
// the diagram out as SVG (through the cache, so the explorer's own SVG is
// usually there already) to learn its size.
func (s *Service) checkPaper(ctx context.Context, r Request) error {
	if r.Format != render.PDF || r.Paper == "" {
		return nil
	}
	svgReq := r.As(render.SVG)
	svgReq.Paper, svgReq.Theme = "", render.ThemeLight
	e, err := s.Get(ctx, svgReq)
	if err != nil {
		return err
	}
	w, h, minFont, ok := drawingSize(e.Data)
	if !ok {
		return nil
	}
	textOn := func(p render.Paper, o render.Orientation) (float64, render.Orientation) {
		pg := render.FitPage(w, h, p, o)
		turned := render.OrientationPortrait
		if pg.Width > pg.Height {
			turned = render.OrientationLandscape
		}
		return minFont * pg.Scale, turned
	}
	pt, turned := textOn(r.Paper, r.Orientation)
	if pt >= render.MinPrintPoints {
		return nil
	}
	perr := &PaperError{Paper: r.Paper, Orientation: turned, TextPoints: pt}
	// The smallest paper that works turned as asked, else turned to suit.
	for _, o := range []render.Orientation{r.Orientation, render.OrientationAuto} {
		for _, p := range render.Papers { // smallest first
			if p2, o2 := textOn(p, o); p2 >= render.MinPrintPoints && perr.Smallest == "" {
				perr.Smallest, perr.SmallestOn = p, o2
			}
		}
	}
	return perr
}
