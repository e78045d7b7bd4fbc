package main

import (
	"context"
	"net/http"

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

// SVG draws the diagram (or takes it from the cache), its links starting
// with the origin the GraphQL request came to, as GET /diagram's do.
func (d gqlDiagrams) SVG(ctx context.Context, req gql.DiagramRequest) ([]byte, error) {
	r := d.request(req, render.SVG)
	r.Base, _ = ctx.Value(originKey{}).(string)
	e, err := d.svc.Get(ctx, r)
	if err != nil {
		return nil, err
	}
	return e.Data, nil
}

// originKey keys the request's origin (diagram.Origin) in a context.
type originKey struct{}

// withOrigin puts the origin each request came to into its context, for
// the links of the diagrams GraphQL draws inline; base is --base-url, hosts
// --allowed-hosts (see diagram.Origin).
func withOrigin(base string, hosts []string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), originKey{}, diagram.Origin(r, base, hosts))))
	})
}
