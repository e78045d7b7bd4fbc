package main

import (
	"context"
	"errors"
	"net/url"

	"caremap/render"
)

// smallerView returns the URL of a view smaller than p that the render
// pool would draw within its budget, for the message of a *render.CostError,
// or "" when none of the few it tries fits. It narrows step by step, keeping
// as much of what was asked for as it can: SVG rather than PNG or PDF, then
// the dot layout, then no instances, then the default types, then less
// depth.
func (h *diagramHandler) smallerView(ctx context.Context, p diagramParams) string {
	steps := []func(q diagramParams) (diagramParams, bool){
		func(q diagramParams) (diagramParams, bool) {
			ok := q.Format == render.PNG || q.Format == render.PDF
			q.Format = render.SVG
			return q, ok
		},
		func(q diagramParams) (diagramParams, bool) {
			ok := q.Layout != render.LayoutDot
			q.Layout = render.LayoutDot
			return q, ok
		},
		func(q diagramParams) (diagramParams, bool) {
			ok := q.Instances
			q.Instances = false
			return q, ok
		},
		func(q diagramParams) (diagramParams, bool) {
			ok := q.typesGiven
			q.Types, q.typesGiven = nil, false
			return q, ok
		},
	}
	for d := p.Depth; d > 0 && p.Focus != ""; d-- {
		steps = append(steps, func(q diagramParams) (diagramParams, bool) {
			q.Depth--
			return q, true
		})
	}
	q := p
	for _, step := range steps {
		next, changed := step(q)
		if !changed {
			continue
		}
		q = next
		dot, err := diagramDOT(ctx, h.store, q, h.pool.Limits())
		if err != nil {
			continue
		}
		if _, err := h.pool.CheckCost(dot, q.Format, q.Layout); err == nil {
			return diagramURL(q)
		}
	}
	return ""
}

// diagramURL is the path and query of the diagram p on this server.
func diagramURL(p diagramParams) string {
	u := "/diagram"
	if p.Focus != "" {
		u += "/" + url.PathEscape(p.Focus)
	}
	u += "." + string(p.Format)
	if q := p.query(); q != "" {
		u += "?" + q
	}
	return u
}

// withSmallerView names a smaller view in a *render.CostError; other errors
// pass through.
func (h *diagramHandler) withSmallerView(ctx context.Context, p diagramParams, err error) error {
	var ce *render.CostError
	if errors.As(err, &ce) {
		ce.Smaller = h.smallerView(ctx, p)
	}
	return err
}
