package graphtest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"caremap/graph"
)

// The ids of things, so a failure message shows what differs.

func orgIDs(os []graph.Organisation) []string {
	ids := make([]string, len(os))
	for i, o := range os {
		ids[i] = o.ID
	}
	return ids
}

func nodeIDs(ns []graph.Node) []string {
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.ID()
	}
	return ids
}

func relIDs(rs []graph.Relationship) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

func hitIDs(hs []graph.SearchHit) []string {
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = h.Node.ID()
	}
	return ids
}

// walk lists a path as start, edge, node, edge, node, …
func walk(p graph.Path) []string {
	ids := []string{p.Start.ID()}
	for _, s := range p.Steps {
		ids = append(ids, s.Edge.ID, s.Node.ID())
	}
	return ids
}

func wantIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

func wantNotFound(t *testing.T, err error, what, id string) {
	t.Helper()
	var nf *graph.NotFoundError
	if !errors.As(err, &nf) || nf.What != what || nf.ID != id {
		t.Errorf("err = %v, want *graph.NotFoundError{%s %q}", err, what, id)
	}
}

func wantInvalid(t *testing.T, err error, param string) {
	t.Helper()
	var ie *graph.InvalidError
	if !errors.As(err, &ie) || ie.Param != param {
		t.Errorf("err = %v, want *graph.InvalidError for %q", err, param)
	}
}

// result holds a method's two results, so that of(s.M(…)).must(t) reads
// as one expression.
type result[T any] struct {
	v   T
	err error
}

func of[T any](v T, err error) result[T] { return result[T]{v, err} }

// must returns the value, failing the test now on an error.
func (r result[T]) must(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatalf("unexpected error: %v", r.err)
	}
	return r.v
}

// batchedNodes is s.Nodes without its limit on ids: batches of graph.MaxIDs.
func batchedNodes(s graph.Store) func(ctx context.Context, ids []string) ([]graph.Node, error) {
	return func(ctx context.Context, ids []string) ([]graph.Node, error) {
		var ns []graph.Node
		for batch := range slices.Chunk(ids, graph.MaxIDs) {
			got, err := s.Nodes(ctx, batch)
			if err != nil {
				return nil, err
			}
			ns = append(ns, got...)
		}
		return ns, nil
	}
}
