package main

import (
	"context"

	"caremap/diagram"
	"caremap/graph/gql"
	"caremap/render"
)

// gqlDiagrams serves GraphQL's diagram field from the diagram service, so
// the API and GET /diagram share parameters, cache and render pool.
type gqlDiagrams struct{ svc *diagram.Service }

var _ gql.Diagrams = gqlDiagrams{}

// request turns the API's typed request into the diagram package's.
func (d gqlDiagrams) request(req gql.DiagramRequest, format render.Format) diagram.Request {
	return diagram.Request{Focus: req.Focus, View: diagram.View(req.View), Depth: req.Depth, Types: req.Types, Direction: req.Direction,
		Instances: req.Instances, Theme: render.Theme(req.Theme), Format: format}.Canonical()
}

// URL is the diagram's path on this server.
func (d gqlDiagrams) URL(req gql.DiagramRequest, format string) (string, error) {
	return d.svc.URL(d.request(req, render.Format(format)))
}

// SVG draws the diagram (or takes it from the cache).
func (d gqlDiagrams) SVG(ctx context.Context, req gql.DiagramRequest) ([]byte, error) {
	e, err := d.svc.Get(ctx, d.request(req, render.SVG))
	if err != nil {
		return nil, err
	}
	return e.Data, nil
}
