package neo4j

import (
	"context"
	"fmt"
	"strconv"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"caremap/graph"
)

// value extracts a typed column; a null gives the zero value.
func value[T n4j.RecordValue](op string, rec *n4j.Record, key string) (T, error) {
	v, _, err := n4j.GetRecordValue[T](rec, key)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: unexpected result column %q: %w", op, key, err)
	}
	return v, nil
}

// one returns the single record of a query that always returns one.
func one(op string, recs []*n4j.Record) (*n4j.Record, error) {
	if len(recs) != 1 {
		return nil, fmt.Errorf("%s: unexpected result: %d records", op, len(recs))
	}
	return recs[0], nil
}

// nodeList converts a column holding a list of nodes.
func nodeList(op string, v []any) ([]graph.Node, error) {
	ns := make([]graph.Node, 0, len(v))
	for _, x := range v {
		n, ok := x.(n4j.Node)
		if !ok {
			return nil, fmt.Errorf("%s: unexpected node value %T", op, x)
		}
		gn, err := toNode(n)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		ns = append(ns, gn)
	}
	return ns, nil
}

// Info returns the version and checksum recorded by the last seed; both are
// empty when the database has never been seeded.
func (s *Store) Info(ctx context.Context) (graph.DatasetInfo, error) {
	recs, err := s.read(ctx, "info", qInfo, nil)
	if err != nil || len(recs) == 0 {
		return graph.DatasetInfo{}, err
	}
	var info graph.DatasetInfo
	if info.Version, err = value[string]("info", recs[0], "version"); err != nil {
		return graph.DatasetInfo{}, err
	}
	if info.Checksum, err = value[string]("info", recs[0], "checksum"); err != nil {
		return graph.DatasetInfo{}, err
	}
	return info, nil
}

// Organisation returns one organisation, or a *graph.NotFoundError.
func (s *Store) Organisation(ctx context.Context, id string) (graph.Organisation, error) {
	recs, err := s.read(ctx, "organisation", qOrganisation, map[string]any{"id": id})
	if err != nil {
		return graph.Organisation{}, err
	}
	if len(recs) == 0 {
		return graph.Organisation{}, fmt.Errorf("organisation: %w", graph.NotFound("organisation", id))
	}
	n, err := value[n4j.Node]("organisation", recs[0], "n")
	if err != nil {
		return graph.Organisation{}, err
	}
	return toOrganisation(n.Props), nil
}

// Service returns one service, or a *graph.NotFoundError.
func (s *Store) Service(ctx context.Context, id string) (graph.Service, error) {
	recs, err := s.read(ctx, "service", qService, map[string]any{"id": id})
	if err != nil {
		return graph.Service{}, err
	}
	if len(recs) == 0 {
		return graph.Service{}, fmt.Errorf("service: %w", graph.NotFound("service", id))
	}
	n, err := value[n4j.Node]("service", recs[0], "n")
	if err != nil {
		return graph.Service{}, err
	}
	return toService(n.Props), nil
}

// Nodes returns the nodes named by ids in the order asked (a repeated id
// gives its node again), skipping ids that name nothing, in one query. More
// than graph.MaxIDs ids is ErrInvalid.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	if err := graph.CheckIDs(ids); err != nil {
		return nil, fmt.Errorf("nodes: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	recs, err := s.read(ctx, "nodes", qNodes, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]graph.Node, len(recs))
	for _, rec := range recs {
		n, err := value[n4j.Node]("nodes", rec, "n")
		if err != nil {
			return nil, err
		}
		gn, err := toNode(n)
		if err != nil {
			return nil, fmt.Errorf("nodes: %w", err)
		}
		byID[gn.ID()] = gn
	}
	var ns []graph.Node
	for _, id := range ids {
		if n, ok := byID[id]; ok {
			ns = append(ns, n)
		}
	}
	return ns, nil
}

// checkPage returns the page size and the offset of the first item asked for.
func checkPage(page graph.Page) (first, offset int, err error) {
	if first, err = graph.CheckFirst(page.First); err != nil {
		return 0, 0, err
	}
	if offset, err = graph.DecodeCursor(page.After); err != nil {
		return 0, 0, err
	}
	return first, offset, nil
}

// page runs a listing query and returns its total and the nodes of the page.
func (s *Store) page(ctx context.Context, op, query string, params map[string]any) (int, []graph.Node, error) {
	recs, err := s.read(ctx, op, query, params)
	if err != nil {
		return 0, nil, err
	}
	rec, err := one(op, recs)
	if err != nil {
		return 0, nil, err
	}
	total, err := value[int64](op, rec, "total")
	if err != nil {
		return 0, nil, err
	}
	items, err := value[[]any](op, rec, "items")
	if err != nil {
		return 0, nil, err
	}
	ns, err := nodeList(op, items)
	return int(total), ns, err
}

// Organisations lists the organisations matching f, ordered by name then id,
// in one query. An unknown f.Kind or f.Tier, an f.ActiveOn that is not an
// ISO date, a page size outside
// 0..graph.MaxFirst or a cursor this method did not return is ErrInvalid.
func (s *Store) Organisations(ctx context.Context, f graph.OrganisationFilter, page graph.Page) (graph.OrganisationPage, error) {
	first, offset, err := checkPage(page)
	if err == nil {
		err = graph.CheckOrganisationFilter(f)
	}
	if err != nil {
		return graph.OrganisationPage{}, fmt.Errorf("organisations: %w", err)
	}
	total, ns, err := s.page(ctx, "organisations", qOrganisations, map[string]any{
		"kind": string(f.Kind), "tier": string(f.Tier), "instanceOf": f.InstanceOf, "group": f.Group,
		"classes": f.Classes, "partOf": f.PartOf, "memberOf": f.MemberOf, "activeOn": f.ActiveOn,
		"offset": int64(offset), "first": int64(first),
	})
	if err != nil {
		return graph.OrganisationPage{}, err
	}
	p := graph.OrganisationPage{TotalCount: total, HasPrevPage: offset > 0}
	for i, n := range ns {
		if n.Organisation == nil {
			return graph.OrganisationPage{}, fmt.Errorf("organisations: node %q is not an organisation", n.ID())
		}
		p.Items = append(p.Items, *n.Organisation)
		p.Cursors = append(p.Cursors, graph.EncodeCursor(offset+i))
	}
	p.HasNextPage = offset+len(p.Items) < p.TotalCount
	return p, nil
}

// Services lists the services ordered by name then id, paginated as
// Organisations is.
func (s *Store) Services(ctx context.Context, page graph.Page) (graph.ServicePage, error) {
	first, offset, err := checkPage(page)
	if err != nil {
		return graph.ServicePage{}, fmt.Errorf("services: %w", err)
	}
	total, ns, err := s.page(ctx, "services", qServices, map[string]any{"offset": int64(offset), "first": int64(first)})
	if err != nil {
		return graph.ServicePage{}, err
	}
	p := graph.ServicePage{TotalCount: total, HasPrevPage: offset > 0}
	for i, n := range ns {
		if n.Service == nil {
			return graph.ServicePage{}, fmt.Errorf("services: node %q is not a service", n.ID())
		}
		p.Items = append(p.Items, *n.Service)
		p.Cursors = append(p.Cursors, graph.EncodeCursor(offset+i))
	}
	p.HasNextPage = offset+len(p.Items) < p.TotalCount
	return p, nil
}

// direction validates d ("" means graph.Both) and returns the $out and $in
// parameters.
func direction(d graph.Direction) (out, in bool, err error) {
	switch d {
	case "", graph.Both:
		return true, true, nil
	case graph.Outgoing:
		return true, false, nil
	case graph.Incoming:
		return false, true, nil
	}
	return false, false, graph.Invalid("direction", string(d), graph.DirectionNames)
}

func edgeParams(ids []string, types []graph.RelType, dir graph.Direction) (map[string]any, error) {
	err := graph.CheckIDs(ids)
	if err == nil {
		err = graph.CheckTypes(types)
	}
	out, in, derr := direction(dir)
	if err == nil {
		err = derr
	}
	if err != nil {
		return nil, err
	}
	all, names := typeParams(types)
	if ids == nil {
		ids = []string{}
	}
	return map[string]any{"ids": ids, "all": all, "types": names, "out": out, "in": in}, nil
}

// Relationships returns the edges of types touching ids in direction dir
// ("" means graph.Both), each once, in graph.SortRelationships order, in one
// query.
func (s *Store) Relationships(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, error) {
	params, err := edgeParams(ids, types, dir)
	if err != nil {
		return nil, fmt.Errorf("relationships: %w", err)
	}
	recs, err := s.read(ctx, "relationships", qRelationships, params)
	if err != nil {
		return nil, err
	}
	rs := make([]graph.Relationship, 0, len(recs))
	for _, rec := range recs {
		r, err := value[n4j.Relationship]("relationships", rec, "r")
		if err != nil {
			return nil, err
		}
		from, err := value[string]("relationships", rec, "from")
		if err != nil {
			return nil, err
		}
		to, err := value[string]("relationships", rec, "to")
		if err != nil {
			return nil, err
		}
		rs = append(rs, toRelationship(r, from, to))
	}
	graph.SortRelationships(rs)
	return rs, nil
}

// Neighbours is Relationships plus the nodes at both ends of every edge
// returned, each once, ordered by id; one query in all.
func (s *Store) Neighbours(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, []graph.Node, error) {
	params, err := edgeParams(ids, types, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("neighbours: %w", err)
	}
	recs, err := s.read(ctx, "neighbours", qNeighbours, params)
	if err != nil {
		return nil, nil, err
	}
	rs := make([]graph.Relationship, 0, len(recs))
	nodes := make(map[string]graph.Node)
	for _, rec := range recs {
		r, err := value[n4j.Relationship]("neighbours", rec, "r")
		if err != nil {
			return nil, nil, err
		}
		var ends [2]graph.Node
		for i, key := range []string{"a", "b"} {
			n, err := value[n4j.Node]("neighbours", rec, key)
			if err != nil {
				return nil, nil, err
			}
			if ends[i], err = toNode(n); err != nil {
				return nil, nil, fmt.Errorf("neighbours: %w", err)
			}
			nodes[ends[i].ID()] = ends[i]
		}
		rs = append(rs, toRelationship(r, ends[0].ID(), ends[1].ID()))
	}
	graph.SortRelationships(rs)
	ns := make([]graph.Node, 0, len(nodes))
	for _, n := range nodes {
		ns = append(ns, n)
	}
	graph.SortNodes(ns)
	return rs, ns, nil
}

// WhoCommissions returns the organisations with a COMMISSIONS edge to the
// service or whose COMMISSIONS edge lists it in Services, ordered by name
// then id. An unknown service is a *graph.NotFoundError.
func (s *Store) WhoCommissions(ctx context.Context, service string) ([]graph.Organisation, error) {
	const op = "who commissions"
	recs, err := s.read(ctx, op, qWhoCommissions, map[string]any{"id": service})
	if err != nil {
		return nil, err
	}
	rec, err := one(op, recs)
	if err != nil {
		return nil, err
	}
	found, err := value[bool](op, rec, "found")
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%s: %w", op, graph.NotFound("service", service))
	}
	list, err := value[[]any](op, rec, "orgs")
	if err != nil {
		return nil, err
	}
	ns, err := nodeList(op, list)
	if err != nil {
		return nil, err
	}
	var os []graph.Organisation
	for _, n := range ns {
		if n.Organisation != nil {
			os = append(os, *n.Organisation)
		}
	}
	graph.SortOrganisations(os)
	return os, nil
}

// Stats summarises the dataset in one query.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	const op = "stats"
	recs, err := s.read(ctx, op, qStats, nil)
	if err != nil {
		return graph.Stats{}, err
	}
	rec, err := one(op, recs)
	if err != nil {
		return graph.Stats{}, err
	}
	var st graph.Stats
	ints := map[string]*int{"orgs": &st.Organisations, "instances": &st.Instances, "active": &st.Active, "services": &st.Services}
	for k, p := range ints {
		v, err := value[int64](op, rec, k)
		if err != nil {
			return graph.Stats{}, err
		}
		*p = int(v)
	}
	st.Classes = st.Organisations - st.Instances
	if st.Dataset.Version, err = value[string](op, rec, "version"); err != nil {
		return graph.Stats{}, err
	}
	if st.Dataset.Checksum, err = value[string](op, rec, "checksum"); err != nil {
		return graph.Stats{}, err
	}
	counts := func(key string) (map[string]int, int, error) {
		l, err := value[[]any](op, rec, key)
		if err != nil {
			return nil, 0, err
		}
		m := make(map[string]int, len(l))
		total := 0
		for _, x := range l {
			pair, ok := x.([]any)
			if !ok || len(pair) != 2 {
				return nil, 0, fmt.Errorf("%s: unexpected count %T", op, x)
			}
			name, _ := pair[0].(string)
			n, _ := pair[1].(int64)
			m[name] += int(n)
			total += int(n)
		}
		return m, total, nil
	}
	byType, total, err := counts("byType")
	if err != nil {
		return graph.Stats{}, err
	}
	st.Relationships = total
	byKind, _, err := counts("byKind")
	if err != nil {
		return graph.Stats{}, err
	}
	for _, t := range graph.RelTypes {
		st.ByType = append(st.ByType, graph.TypeCount{Name: string(t.Type), Count: byType[string(t.Type)]})
	}
	for _, k := range graph.Kinds {
		st.ByKind = append(st.ByKind, graph.TypeCount{Name: string(k.Kind), Count: byKind[string(k.Kind)]})
	}
	return st, nil
}

// checkLimit validates a search limit as the memory store does.
func checkLimit(limit int) error {
	if limit < 1 || limit > graph.MaxSearch {
		return graph.Invalid("first", strconv.Itoa(limit), fmt.Sprintf("an integer from 1 to %d", graph.MaxSearch))
	}
	return nil
}
