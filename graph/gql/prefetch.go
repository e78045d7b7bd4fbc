package gql

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"caremap/graph"
)

// A nested query — service(id) { commissionedBy { accountableTo { … } } } —
// would cost one store round trip per level through the loaders. Instead
// the resolver of its root reads the whole selection, turns the fields that
// follow edges into a tree of graph.ExpandSteps, asks the store for all of
// it in one Store.Expand, and primes the loaders with the answer: the
// resolvers below then find everything they ask for already loaded. What
// the tree cannot hold (deeper than graph.MaxExpandDepth, more than
// graph.MaxExpandSteps fields, a step too wide) is left to the loaders, a
// round trip per level as before.

// edgeField is a field that resolves through edgesOf: the edges it asks
// for, and the type of what it returns.
type edgeField struct {
	types   []graph.RelType
	dir     graph.Direction
	returns string // "Organisation", "Service" or "Relationship"
}

// edgeFields are the fields of each node type that resolve through edgesOf
// (the resolvers in schema.resolvers.go), with what they ask it for;
// relationships takes its types and direction from its arguments.
// TestPrefetchCoversEdgeFields holds this table to the resolvers.
var edgeFields = map[string]map[string]edgeField{
	"Organisation": {
		"relationships":  {returns: "Relationship"},
		"accountableTo":  {[]graph.RelType{graph.AccountableTo}, graph.Outgoing, "Organisation"},
		"holdsToAccount": {[]graph.RelType{graph.AccountableTo}, graph.Incoming, "Organisation"},
		"funds":          {[]graph.RelType{graph.Funds}, graph.Outgoing, "Relationship"},
		"fundedBy":       {[]graph.RelType{graph.Funds}, graph.Incoming, "Relationship"},
		"commissions":    {[]graph.RelType{graph.Commissions}, graph.Outgoing, "Relationship"},
		"commissionedBy": {[]graph.RelType{graph.Commissions}, graph.Incoming, "Relationship"},
		"regulates":      {[]graph.RelType{graph.Regulates}, graph.Outgoing, "Organisation"},
		"regulatedBy":    {[]graph.RelType{graph.Regulates}, graph.Incoming, "Organisation"},
		"partOf":         {[]graph.RelType{graph.PartOf}, graph.Outgoing, "Organisation"},
		"parts":          {[]graph.RelType{graph.PartOf}, graph.Incoming, "Organisation"},
		"provides":       {[]graph.RelType{graph.Provides}, graph.Outgoing, "Service"},
		"predecessors":   {[]graph.RelType{graph.SucceededBy}, graph.Incoming, "Organisation"},
		"successors":     {[]graph.RelType{graph.SucceededBy}, graph.Outgoing, "Organisation"},
	},
	"Service": {
		"relationships":  {returns: "Relationship"},
		"commissionedBy": {[]graph.RelType{graph.Commissions}, graph.Incoming, "Organisation"},
		"providedBy":     {[]graph.RelType{graph.Provides}, graph.Incoming, "Organisation"},
	},
}

// kinds are the node types and the kind of node each is.
var kinds = map[string]graph.NodeKind{"Organisation": graph.NodeOrganisation, "Service": graph.NodeService}

// planner turns selections into a tree of steps.
type planner struct {
	op    *graphql.OperationContext
	steps []graph.ExpandStep
}

// add appends the steps that the edge fields in sel, a selection on nodes
// of type typ at the given end of parent's edges, need, and theirs below.
func (p *planner) add(sel ast.SelectionSet, typ string, parent int, end graph.EdgeEnd, depth int) {
	if depth >= graph.MaxExpandDepth {
		return
	}
	for _, f := range graphql.CollectFields(p.op, sel, []string{typ, "Node"}) {
		spec, ok := edgeFields[typ][f.Name]
		if !ok || len(p.steps) == graph.MaxExpandSteps {
			continue
		}
		types, dir := spec.types, spec.dir
		if f.Name == "relationships" {
			if types, dir, ok = relationshipArgs(f.ArgumentMap(p.op.Variables)); !ok {
				continue // the resolver reports what is wrong
			}
		}
		i := len(p.steps)
		p.steps = append(p.steps, graph.ExpandStep{Parent: parent, End: end, Kind: kinds[typ], Types: types, Direction: dir})
		if spec.returns != "Relationship" {
			p.add(f.Selections, spec.returns, i, graph.FarEnd, depth+1)
			continue
		}
		for _, rf := range graphql.CollectFields(p.op, f.Selections, []string{"Relationship"}) {
			e := map[string]graph.EdgeEnd{"from": graph.FromEnd, "to": graph.ToEnd}[rf.Name]
			if e == "" {
				continue
			}
			p.add(rf.Selections, "Organisation", i, e, depth+1)
			p.add(rf.Selections, "Service", i, e, depth+1)
		}
	}
}

// relationshipArgs reads the types and direction arguments of a
// relationships field, as the resolver will be given them.
func relationshipArgs(args map[string]any) ([]graph.RelType, graph.Direction, bool) {
	dir := graph.Both
	switch d := args["direction"].(type) {
	case nil:
	case string:
		dir = graph.Direction(d)
	case graph.Direction:
		dir = d
	default:
		return nil, "", false
	}
	var types []graph.RelType
	switch ts := args["types"].(type) {
	case nil:
	case []any:
		for _, t := range ts {
			s, ok := t.(string)
			if !ok {
				return nil, "", false
			}
			types = append(types, graph.RelType(s))
		}
	default:
		return nil, "", false
	}
	if _, err := graph.CheckEdges(nil, types, dir); err != nil {
		return nil, "", false
	}
	return types, dir, true
}

// prefetch answers, in one Store.Expand, every edge field that the
// selection of the current field asks of the nodes ids, of type typ ("" for
// the Node interface), and loads the answers into the request's loaders. It
// returns the nodes ids that exist, in order, and whether it asked the
// store (when nothing below follows an edge it does not, and returns
// nothing).
func prefetch(ctx context.Context, store graph.Store, ids []string, typ string) ([]graph.Node, bool, error) {
	l := loadersFrom(ctx)
	fc := graphql.GetFieldContext(ctx)
	if l == nil || fc == nil || !graphql.HasOperationContext(ctx) || len(ids) == 0 {
		return nil, false, nil
	}
	p := &planner{op: graphql.GetOperationContext(ctx)}
	for _, t := range []string{"Organisation", "Service"} {
		if typ == "" || typ == t {
			p.add(fc.Field.Selections, t, -1, graph.FarEnd, 0)
		}
	}
	if len(p.steps) == 0 {
		return nil, false, nil
	}
	x, err := store.Expand(ctx, ids, p.steps)
	if errors.Is(err, graph.ErrTooLarge) {
		return nil, false, nil // the loaders will fetch it a level at a time
	}
	if err != nil {
		return nil, true, err
	}
	for _, n := range x.Roots {
		l.nodes.Prime(n.ID(), n)
	}
	for _, n := range x.Nodes {
		l.nodes.Prime(n.ID(), n)
	}
	for i, st := range x.Steps {
		dir, _ := graph.CheckDirection(p.steps[i].Direction)
		types := joinTypes(p.steps[i].Types)
		for _, id := range st.At {
			l.edges.Prime(edgeKey{id: id, types: types, dir: dir}, st.EdgesAt(id, dir))
		}
	}
	return x.Roots, true, nil
}

// prefetchOne is prefetch for the root lookups: the node id if it exists
// and is of type typ ("" for either), with found false when it does not,
// and asked false when nothing was asked (the caller looks it up itself).
func prefetchOne(ctx context.Context, store graph.Store, id, typ string) (n graph.Node, found, asked bool, err error) {
	roots, asked, err := prefetch(ctx, store, []string{id}, typ)
	if !asked || err != nil || len(roots) == 0 {
		return graph.Node{}, false, asked, err
	}
	n = roots[0]
	if typ != "" && string(n.Kind()) != typ {
		return graph.Node{}, false, true, nil
	}
	return n, true, true, nil
}

// organisationByID is the organisation lookup: null when id names no
// organisation; with whatever its selection asks below it in one round trip.
func (r *Resolver) organisationByID(ctx context.Context, id string) (*Organisation, error) {
	if n, found, asked, err := prefetchOne(ctx, r.store, id, "Organisation"); asked {
		if !found {
			return nil, err
		}
		return orgView(*n.Organisation), nil
	}
	o, err := lookup(r.store.Organisation(ctx, id))
	if o == nil {
		return nil, err
	}
	return orgView(*o), nil
}

// serviceByID is organisationByID for services.
func (r *Resolver) serviceByID(ctx context.Context, id string) (*Service, error) {
	if n, found, asked, err := prefetchOne(ctx, r.store, id, "Service"); asked {
		if !found {
			return nil, err
		}
		return serviceView(*n.Service), nil
	}
	s, err := lookup(r.store.Service(ctx, id))
	if s == nil {
		return nil, err
	}
	return serviceView(*s), nil
}

// nodeByID is organisationByID for either kind.
func (r *Resolver) nodeByID(ctx context.Context, id string) (Node, error) {
	if n, found, asked, err := prefetchOne(ctx, r.store, id, ""); asked {
		if !found {
			return nil, err
		}
		return nodeView(n), nil
	}
	nodes, err := r.store.Nodes(ctx, []string{id})
	if err != nil || len(nodes) == 0 {
		return nil, err
	}
	return nodeView(nodes[0]), nil
}

// organisationsWithin returns the views of os, with whatever the
// selection asks below them fetched in one round trip.
func (r *Resolver) organisationsWithin(ctx context.Context, os []graph.Organisation, err error) ([]Organisation, error) {
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(os))
	for i, o := range os {
		ids[i] = o.ID
	}
	if _, _, err := prefetch(ctx, r.store, ids, "Organisation"); err != nil {
		return nil, err
	}
	return orgViews(os), nil
}
