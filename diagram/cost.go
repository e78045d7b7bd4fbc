package diagram

import (
	"context"
	"errors"
	"time"

	"caremap/render"
)

// CostChecker is a Renderer that predicts what a render costs before it
// draws, and refuses one past its budget with a *render.CostError (a
// *render.Pool does). Service.Get then names, in that error, a smaller
// diagram that fits.
type CostChecker interface {
	CheckCost(dot []byte, f render.Format, layout render.Layout) (time.Duration, error)
}

// narrowings make a diagram smaller one step at a time, keeping as much of
// what was asked for as they can: SVG rather than PNG or PDF, then the dot
// layout, then no instances, then the view's own types, then the overview,
// then less depth. Each reports whether it changed anything.
var narrowings = []func(r *Request) bool{
	func(r *Request) bool {
		if r.Format != render.PNG && r.Format != render.PDF {
			return false
		}
		r.Format, r.Paper = render.SVG, ""
		return true
	},
	func(r *Request) bool {
		changed := r.Layout != render.LayoutDot
		r.Layout = render.LayoutDot
		return changed
	},
	func(r *Request) bool {
		changed := r.Instances
		r.Instances = false
		return changed
	},
	func(r *Request) bool {
		changed := r.Types != nil
		r.Types = nil
		return changed
	},
	func(r *Request) bool {
		changed := r.View != Overview
		r.View, r.Types = Overview, nil
		return changed
	},
}

// smaller returns the URL of a diagram smaller than r whose render cc
// predicts within its budget, or "" when none it tries does: first r with
// one narrowing (so a PNG stays a PNG if dropping the instances is
// enough), then with one narrowing after another.
func (s *Service) smaller(ctx context.Context, r Request, cc CostChecker) string {
	steps := narrowings
	for d := r.Depth; r.Focus != "" && d > 0; d-- {
		steps = append(steps[:len(steps):len(steps)], func(r *Request) bool { r.Depth--; return true })
	}
	fits := func(q Request) bool {
		dot, err := s.DOT(ctx, q)
		if err != nil {
			return false
		}
		_, err = cc.CheckCost(dot, q.Format, q.Layout)
		return err == nil
	}
	r = r.Canonical()
	for _, step := range steps[:len(narrowings)] {
		if q := r; step(&q) && fits(q.Canonical()) {
			return q.Canonical().URL()
		}
	}
	q := r
	for _, step := range steps {
		if step(&q) && fits(q.Canonical()) {
			return q.Canonical().URL()
		}
	}
	return ""
}

// withSmaller names a smaller diagram in a *render.CostError from the
// renderer, when the renderer can predict costs; other errors pass as
// they are.
func (s *Service) withSmaller(ctx context.Context, r Request, err error) error {
	var ce *render.CostError
	if !errors.As(err, &ce) {
		return err
	}
	if cc, ok := s.cfg.Renderer.(CostChecker); ok {
		ce.Smaller = s.smaller(ctx, r, cc)
	}
	return err
}
