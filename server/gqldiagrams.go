package main

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"caremap/graph/gql"
)

// gqlDiagrams serves GraphQL's diagram field from the diagram handler, so
// the API and GET /diagram share parameters, cache and render pool.
type gqlDiagrams struct{ h *diagramHandler }

var _ gql.Diagrams = gqlDiagrams{}

// params turns a GraphQL request into the handler's normalised parameters,
// with the same validation and messages as the HTTP query string.
func (d gqlDiagrams) params(req gql.DiagramRequest, format string) (diagramParams, error) {
	v := url.Values{}
	if req.Focus != "" {
		v.Set("depth", strconv.Itoa(req.Depth))
		v.Set("direction", string(req.Direction))
	}
	if req.Types != nil {
		s := make([]string, len(req.Types))
		for i, t := range req.Types {
			s[i] = string(t)
		}
		v.Set("types", strings.Join(s, ","))
	}
	if req.Instances {
		v.Set("instances", "true")
	}
	if req.Theme != "" {
		v.Set("theme", req.Theme)
	}
	return parseDiagramParams(req.Focus, format, v)
}

// URL is the diagram's path on this server.
func (d gqlDiagrams) URL(req gql.DiagramRequest, format string) (string, error) {
	p, err := d.params(req, format)
	if err != nil {
		return "", err
	}
	return diagramURL(p), nil
}

// SVG draws the diagram (or takes it from the cache).
func (d gqlDiagrams) SVG(ctx context.Context, req gql.DiagramRequest) ([]byte, error) {
	p, err := d.params(req, "svg")
	if err != nil {
		return nil, err
	}
	e, err := d.h.get(ctx, p)
	if err != nil {
		return nil, err
	}
	return e.Data, nil
}
