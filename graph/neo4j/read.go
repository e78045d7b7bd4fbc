package neo4j

import (
	"context"
	"fmt"
	"slices"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"caremap/graph"
)

// column extracts a record's column by name as a T; a null gives T's zero
// value.
func column[T n4j.RecordValue](op string, rec *n4j.Record, key string) (T, error) {
	v, _, err := n4j.GetRecordValue[T](rec, key)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: unexpected result column %q: %w", op, key, err)
	}
	return v, nil
}

// record reads the columns of one record by name, remembering the first
// error, so a statement's columns are decoded in a few plain lines.
type record struct {
	op  string
	rec *n4j.Record
	err error
}

func readRecord(op string, recs []*n4j.Record) *record {
	r := &record{op: op}
	if len(recs) != 1 {
		r.err = fmt.Errorf("%s: unexpected result: %d records", op, len(recs))
		return r
	}
	r.rec = recs[0]
	return r
}

func col[T n4j.RecordValue](r *record, key string) T {
	var zero T
	if r.err != nil {
		return zero
	}
	v, err := column[T](r.op, r.rec, key)
	if err != nil {
		r.err = err
	}
	return v
}

func (r *record) str(key string) string  { return col[string](r, key) }
func (r *record) num(key string) int64   { return col[int64](r, key) }
func (r *record) flag(key string) bool   { return col[bool](r, key) }
func (r *record) list(key string) []any  { return col[[]any](r, key) }
func (r *record) fail(err error) *record { r.err = fmt.Errorf("%s: %w", r.op, err); return r }

// nodes decodes a column holding a list of projected nodes.
func (r *record) nodes(key string) []graph.Node {
	l := r.list(key)
	if r.err != nil {
		return nil
	}
	ns, err := toNodes(l)
	if err != nil {
		r.fail(err)
	}
	return ns
}

// edges decodes a column holding a list of projected edges.
func (r *record) edges(key string) []graph.Relationship {
	l := r.list(key)
	if r.err != nil {
		return nil
	}
	rs, err := toRelationships(l)
	if err != nil {
		r.fail(err)
	}
	return rs
}

// Info returns the version and checksum recorded by the last seed; both are
// empty when the database has never been seeded.
func (s *Store) Info(ctx context.Context) (graph.DatasetInfo, error) {
	recs, err := s.read(ctx, "info", qInfo, nil)
	if err != nil || len(recs) == 0 {
		return graph.DatasetInfo{}, err
	}
	r := readRecord("info", recs)
	info := graph.DatasetInfo{Version: r.str("version"), Checksum: r.str("checksum")}
	return info, r.err
}

// lookup returns the node query finds by $id, or false.
func (s *Store) lookup(ctx context.Context, op, query, id string) (graph.Node, bool, error) {
	recs, err := s.read(ctx, op, query, map[string]any{"id": id})
	if err != nil || len(recs) == 0 {
		return graph.Node{}, false, err
	}
	v, err := column[n4j.Node](op, recs[0], "n")
	if err != nil {
		return graph.Node{}, false, err
	}
	n, err := toNode(v)
	if err != nil {
		return graph.Node{}, false, fmt.Errorf("%s: %w", op, err)
	}
	return n, true, nil
}

// Organisation returns one organisation, or a *graph.NotFoundError.
func (s *Store) Organisation(ctx context.Context, id string) (graph.Organisation, error) {
	n, ok, err := s.lookup(ctx, "organisation", qOrganisation, id)
	if err != nil {
		return graph.Organisation{}, err
	}
	if !ok || n.Organisation == nil {
		return graph.Organisation{}, fmt.Errorf("organisation: %w", graph.NotFound("organisation", id))
	}
	return *n.Organisation, nil
}

// Service returns one service, or a *graph.NotFoundError.
func (s *Store) Service(ctx context.Context, id string) (graph.Service, error) {
	n, ok, err := s.lookup(ctx, "service", qService, id)
	if err != nil {
		return graph.Service{}, err
	}
	if !ok || n.Service == nil {
		return graph.Service{}, fmt.Errorf("service: %w", graph.NotFound("service", id))
	}
	return *n.Service, nil
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
	byID, err := s.nodesByID(ctx, "nodes", ids)
	if err != nil {
		return nil, err
	}
	var ns []graph.Node
	for _, id := range ids {
		if n, ok := byID[id]; ok {
			ns = append(ns, n)
		}
	}
	return ns, nil
}

// nodesByID returns the nodes named by ids, by id, in one query.
func (s *Store) nodesByID(ctx context.Context, op string, ids []string) (map[string]graph.Node, error) {
	recs, err := s.read(ctx, op, qNodes, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]graph.Node, len(recs))
	for _, rec := range recs {
		v, err := column[n4j.Node](op, rec, "n")
		if err != nil {
			return nil, err
		}
		n, err := toNode(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		byID[n.ID()] = n
	}
	return byID, nil
}

// page runs a listing query and returns its total and the nodes of the page.
func (s *Store) page(ctx context.Context, op, query string, params map[string]any) (int, []graph.Node, error) {
	recs, err := s.read(ctx, op, query, params)
	if err != nil {
		return 0, nil, err
	}
	r := readRecord(op, recs)
	total, items := r.num("total"), r.nodes("items")
	return int(total), items, r.err
}

// orgListing returns the listing statement for the filters f sets (see
// orgList).
func orgListing(f graph.OrganisationFilter) string {
	var set []string
	for name, on := range map[string]bool{
		"partOf": f.PartOf != "", "memberOf": f.MemberOf != "", "instanceOf": f.InstanceOf != "",
		"classes": f.Classes, "kind": f.Kind != "", "tier": f.Tier != "", "group": f.Group != "",
		"activeOn": f.ActiveOn != "",
	} {
		if on {
			set = append(set, name)
		}
	}
	return orgList(set)
}

// orNull is s, or nil (a null parameter) when s is empty.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Organisations lists the organisations matching f, ordered by name then id,
// in one query. An unknown f.Kind or f.Tier, a page size outside
// 0..graph.MaxFirst or a cursor this method did not return is ErrInvalid.
func (s *Store) Organisations(ctx context.Context, f graph.OrganisationFilter, page graph.Page) (graph.OrganisationPage, error) {
	first, offset, err := graph.CheckPage(page)
	if err == nil {
		err = graph.CheckOrganisationFilter(f)
	}
	if err != nil {
		return graph.OrganisationPage{}, fmt.Errorf("organisations: %w", err)
	}
	total, ns, err := s.page(ctx, "organisations", orgListing(f), map[string]any{
		"kind": string(f.Kind), "tier": string(f.Tier), "instanceOf": f.InstanceOf, "group": f.Group,
		"partOf": f.PartOf, "memberOf": f.MemberOf, "activeOn": f.ActiveOn,
		"offset": int64(offset), "first": int64(first),
	})
	if err != nil {
		return graph.OrganisationPage{}, err
	}
	items := make([]graph.Organisation, 0, len(ns))
	for _, n := range ns {
		if n.Organisation == nil {
			return graph.OrganisationPage{}, fmt.Errorf("organisations: node %q is not an organisation", n.ID())
		}
		items = append(items, *n.Organisation)
	}
	return graph.NewOrganisationPage(items, offset, total), nil
}

// Services lists the services ordered by name then id, paginated as
// Organisations is.
func (s *Store) Services(ctx context.Context, page graph.Page) (graph.ServicePage, error) {
	first, offset, err := graph.CheckPage(page)
	if err != nil {
		return graph.ServicePage{}, fmt.Errorf("services: %w", err)
	}
	total, ns, err := s.page(ctx, "services", qServices, map[string]any{"offset": int64(offset), "first": int64(first)})
	if err != nil {
		return graph.ServicePage{}, err
	}
	items := make([]graph.Service, 0, len(ns))
	for _, n := range ns {
		if n.Service == nil {
			return graph.ServicePage{}, fmt.Errorf("services: node %q is not a service", n.ID())
		}
		items = append(items, *n.Service)
	}
	return graph.NewServicePage(items, offset, total), nil
}

// edges runs one of the statements that follow edges at ids (qRelationships,
// qNeighbours), after checking its arguments.
func (s *Store) edges(ctx context.Context, op, query string, ids []string, types []graph.RelType, dir graph.Direction) (*record, error) {
	dir, err := graph.CheckEdges(ids, types, dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if ids == nil {
		ids = []string{}
	}
	recs, err := s.read(ctx, op, query, edgeParams(types, dir, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	return readRecord(op, recs), nil
}

// Relationships returns the edges of types touching ids in direction dir
// ("" means graph.Both), each once, in graph.SortRelationships order, in one
// query.
func (s *Store) Relationships(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, error) {
	r, err := s.edges(ctx, "relationships", qRelationships, ids, types, dir)
	if err != nil {
		return nil, err
	}
	rs := r.edges("edges")
	if r.err != nil {
		return nil, r.err
	}
	graph.SortRelationships(rs)
	return rs, nil
}

// Neighbours is Relationships plus the nodes at both ends of every edge
// returned, each once, ordered by id; one query in all.
func (s *Store) Neighbours(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, []graph.Node, error) {
	r, err := s.edges(ctx, "neighbours", qNeighbours, ids, types, dir)
	if err != nil {
		return nil, nil, err
	}
	rs, ns := r.edges("edges"), r.nodes("nodes")
	if r.err != nil {
		return nil, nil, r.err
	}
	graph.SortRelationships(rs)
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
	r := readRecord(op, recs)
	found, ns := r.flag("found"), r.nodes("orgs")
	if r.err != nil {
		return nil, r.err
	}
	if !found {
		return nil, fmt.Errorf("%s: %w", op, graph.NotFound("service", service))
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

// Stats summarises the dataset in one query, from Neo4j's counts and
// indexes.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	const op = "stats"
	recs, err := s.read(ctx, op, qStats, nil)
	if err != nil {
		return graph.Stats{}, err
	}
	r := readRecord(op, recs)
	st := graph.Stats{
		Organisations: int(r.num("orgs")), Instances: int(r.num("instances")), Active: int(r.num("active")),
		Services: int(r.num("services")),
		Dataset:  graph.DatasetInfo{Version: r.str("version"), Checksum: r.str("checksum")},
	}
	st.Classes = st.Organisations - st.Instances
	counts := func(key string) map[string]int {
		m := map[string]int{}
		for _, v := range r.list(key) {
			f := asFields("count", v)
			m[f.str("name")] += int(f.num("count"))
			if f.err != nil {
				r.fail(f.err)
			}
		}
		return m
	}
	byType, byKind := counts("byType"), counts("byKind")
	if r.err != nil {
		return graph.Stats{}, r.err
	}
	for _, t := range graph.RelTypes {
		st.ByType = append(st.ByType, graph.TypeCount{Name: string(t.Type), Count: byType[string(t.Type)]})
		st.Relationships += byType[string(t.Type)]
	}
	for _, k := range graph.Kinds {
		st.ByKind = append(st.ByKind, graph.TypeCount{Name: string(k.Kind), Count: byKind[string(k.Kind)]})
	}
	return st, nil
}

// Expand answers a nested question in one query (qExpand): the roots, then
// the steps a level at a time, each from the nodes its parent reached. It
// gives what graph.ExpandBy gives with Nodes and Relationships.
func (s *Store) Expand(ctx context.Context, roots []string, steps []graph.ExpandStep) (graph.Expansion, error) {
	const op = "expand"
	if err := graph.CheckExpand(roots, steps); err != nil {
		return graph.Expansion{}, fmt.Errorf("%s: %w", op, err)
	}
	levels := make([][]map[string]any, graph.MaxExpandDepth)
	for k := range levels {
		levels[k] = []map[string]any{}
	}
	depth := make([]int, len(steps))
	for i, st := range steps {
		if st.Parent >= 0 {
			depth[i] = depth[st.Parent] + 1
		}
		end := string(st.End)
		if st.End == graph.FarEnd {
			end = "far"
		}
		dir, _ := graph.CheckDirection(st.Direction)
		levels[depth[i]] = append(levels[depth[i]], edgeParams(st.Types, dir, map[string]any{
			"i": int64(i), "parent": int64(st.Parent), "end": end, "kind": orNull(string(st.Kind)),
		}))
	}
	if roots == nil {
		roots = []string{}
	}
	recs, err := s.read(ctx, op, qExpand, map[string]any{"roots": roots, "levels": levels})
	if err != nil {
		return graph.Expansion{}, err
	}
	r := readRecord(op, recs)
	found, at, edges, nodes := r.nodes("roots"), r.list("at"), r.list("edges"), r.nodes("nodes")
	if r.err != nil {
		return graph.Expansion{}, r.err
	}
	x := graph.Expansion{Steps: make([]graph.ExpandedStep, len(steps)), Nodes: nodes}
	byID := make(map[string]graph.Node, len(found))
	for _, n := range found {
		byID[n.ID()] = n
	}
	for _, id := range roots {
		if n, ok := byID[id]; ok {
			x.Roots = append(x.Roots, n)
		}
	}
	for _, v := range at {
		f := asFields("step node", v)
		i, id := int(f.num("step")), f.str("id")
		if f.err != nil || i < 0 || i >= len(steps) {
			return graph.Expansion{}, fmt.Errorf("%s: unexpected step node %v", op, v)
		}
		x.Steps[i].At = append(x.Steps[i].At, id)
	}
	seen := make([]map[string]bool, len(steps))
	for _, v := range edges {
		f := asFields("step edge", v)
		i := int(f.num("step"))
		if f.err != nil || i < 0 || i >= len(steps) {
			return graph.Expansion{}, fmt.Errorf("%s: unexpected step edge %v", op, v)
		}
		e, err := toRelationship(f.m["edge"])
		if err != nil {
			return graph.Expansion{}, fmt.Errorf("%s: %w", op, err)
		}
		if seen[i] == nil {
			seen[i] = map[string]bool{}
		}
		if !seen[i][e.ID] {
			seen[i][e.ID] = true
			x.Steps[i].Edges = append(x.Steps[i].Edges, e)
		}
	}
	for i := range x.Steps {
		st := &x.Steps[i]
		if len(st.At) > graph.MaxIDs {
			return graph.Expansion{}, fmt.Errorf("%s: %w", op, &graph.TooLargeError{What: "nodes in one step", Count: len(st.At), Limit: graph.MaxIDs})
		}
		slices.Sort(st.At)
		st.At = slices.Compact(st.At)
		if st.At == nil {
			st.At = []string{}
		}
		if st.Edges == nil {
			st.Edges = []graph.Relationship{}
		}
		graph.SortRelationships(st.Edges)
	}
	graph.SortNodes(x.Nodes)
	return x, nil
}
