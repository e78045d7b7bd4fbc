package gql

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/vikstrous/dataloadgen"

	"caremap/graph"
)

// loaders batch the Store calls of one GraphQL operation: every resolver on
// one level of a query asks its loader, and the loader makes one Store call
// for all of them.
type loaders struct {
	nodes *dataloadgen.Loader[string, graph.Node]
	edges *dataloadgen.Loader[edgeKey, []graph.Relationship]
}

// edgeKey asks for one node's edges of some types in one direction.
type edgeKey struct {
	id    string
	types string // comma-joined, sorted; "" for all
	dir   graph.Direction
}

type loadersKey struct{}

func newLoaders(store graph.Store, wait time.Duration) *loaders {
	l := &loaders{}
	opts := []dataloadgen.Option{dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(graph.MaxIDs)}
	l.nodes = dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]graph.Node, []error) {
		nodes, err := store.Nodes(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return align(ids, nodes), nil
	}, opts...)
	l.edges = dataloadgen.NewLoader(func(ctx context.Context, keys []edgeKey) ([][]graph.Relationship, []error) {
		return l.fetchEdges(ctx, store, keys)
	}, opts...)
	return l
}

// align returns nodes in the order of ids, erroring the ids that named
// nothing (Store.Nodes skips them).
func align(ids []string, nodes []graph.Node) []graph.Node {
	byID := make(map[string]graph.Node, len(nodes))
	for _, n := range nodes {
		byID[n.ID()] = n
	}
	out := make([]graph.Node, len(ids))
	for i, id := range ids {
		out[i] = byID[id] // the zero Node for unknown ids; callers check
	}
	return out
}

// fetchEdges makes one Store.Neighbours call per distinct (types, direction)
// among keys — in practice one, as a query level asks for one field — and
// primes the node loader with the nodes at the edges' ends, so resolving
// from/to costs no further round trip.
func (l *loaders) fetchEdges(ctx context.Context, store graph.Store, keys []edgeKey) ([][]graph.Relationship, []error) {
	out := make([][]graph.Relationship, len(keys))
	type group struct {
		types string
		dir   graph.Direction
	}
	groups := map[group][]int{}
	for i, k := range keys {
		g := group{k.types, k.dir}
		groups[g] = append(groups[g], i)
	}
	for g, idx := range groups {
		ids := make([]string, len(idx))
		for j, i := range idx {
			ids[j] = keys[i].id
		}
		edges, nodes, err := store.Neighbours(ctx, ids, splitTypes(g.types), g.dir)
		if err != nil {
			return nil, []error{err} // one error stands for every key
		}
		for _, n := range nodes {
			l.nodes.Prime(n.ID(), n)
		}
		for _, i := range idx {
			id := keys[i].id
			list := []graph.Relationship{}
			for _, e := range edges {
				if (g.dir != graph.Incoming && e.From == id) || (g.dir != graph.Outgoing && e.To == id) {
					list = append(list, e)
				}
			}
			out[i] = list
		}
	}
	return out, nil
}

func joinTypes(types []graph.RelType) string {
	s := make([]string, len(types))
	for i, t := range types {
		s[i] = string(t)
	}
	slices.Sort(s)
	return strings.Join(slices.Compact(s), ",")
}

func splitTypes(s string) []graph.RelType {
	if s == "" {
		return nil
	}
	var out []graph.RelType
	for _, t := range strings.Split(s, ",") {
		out = append(out, graph.RelType(t))
	}
	return out
}

func loadersFrom(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	return l
}

var errNoLoaders = errors.New("gql: no loaders in context")

// edgesOf returns one node's edges through the request's loader.
func edgesOf(ctx context.Context, id string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, error) {
	l := loadersFrom(ctx)
	if l == nil {
		return nil, errNoLoaders
	}
	if dir == "" {
		dir = graph.Both
	}
	return l.edges.Load(ctx, edgeKey{id: id, types: joinTypes(types), dir: dir})
}

// nodesByID returns the nodes with these ids through the request's loader,
// skipping ids that name nothing.
func nodesByID(ctx context.Context, ids []string) ([]graph.Node, error) {
	l := loadersFrom(ctx)
	if l == nil {
		return nil, errNoLoaders
	}
	if len(ids) == 0 {
		return nil, nil
	}
	nodes, err := l.nodes.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := nodes[:0:0]
	for _, n := range nodes {
		if n.ID() != "" {
			out = append(out, n)
		}
	}
	return out, nil
}
