package memory

import (
	"context"
	"fmt"
	"slices"

	"caremap/graph"
)

// Store is an immutable, indexed copy of a graph.Dataset.
type Store struct {
	info graph.DatasetInfo

	orgs    []graph.Organisation // ordered by name, then id
	orgByID map[string]*graph.Organisation
	svcs    []graph.Service // ordered by name, then id
	svcByID map[string]*graph.Service

	rels []graph.Relationship           // in graph.SortRelationships order
	out  map[string][]int               // node id -> indexes into rels of edges from it, ascending
	in   map[string][]int               // node id -> indexes into rels of edges to it, ascending
	rel  map[string]*graph.Relationship // edge id -> edge
	topo topology                       // the walks' view of out and in

	partOf      map[string]map[string]bool // whole id -> ids of its direct parts
	parts       map[string][]int           // whole id -> indexes into orgs of its direct parts, ascending
	ofClass     map[string][]int           // class id -> indexes into orgs of its instances, ascending
	members     map[string][]int           // body id -> indexes into orgs of its direct members, ascending
	memberOf    map[string]map[string]bool // body id -> ids of its direct members
	commissions map[string][]graph.Organisation
	docs        []searchDoc
	docsByKey   map[string][]int // graph.SearchDoc.Keys -> indexes into docs, ascending
	stats       graph.Stats
}

type searchDoc struct {
	node graph.Node
	doc  graph.SearchDoc
}

var _ graph.Store = (*Store)(nil)

// New indexes ds. It copies the dataset's records, so ds may be reused. It
// returns an error wrapping graph.ErrInvalid if ids repeat or an edge names
// an unknown node.
func New(ds graph.Dataset) (*Store, error) {
	s := &Store{
		info:        graph.DatasetInfo{Version: ds.Version, Checksum: ds.Checksum},
		orgs:        slices.Clone(ds.Organisations),
		svcs:        slices.Clone(ds.Services),
		rels:        slices.Clone(ds.Relationships),
		orgByID:     make(map[string]*graph.Organisation, len(ds.Organisations)),
		svcByID:     make(map[string]*graph.Service, len(ds.Services)),
		out:         make(map[string][]int),
		in:          make(map[string][]int),
		rel:         make(map[string]*graph.Relationship, len(ds.Relationships)),
		partOf:      make(map[string]map[string]bool),
		parts:       make(map[string][]int),
		ofClass:     make(map[string][]int),
		members:     make(map[string][]int),
		memberOf:    make(map[string]map[string]bool),
		commissions: make(map[string][]graph.Organisation),
	}
	graph.SortOrganisations(s.orgs)
	graph.SortServices(s.svcs)
	graph.SortRelationships(s.rels)

	for i := range s.orgs {
		o := &s.orgs[i]
		if _, dup := s.orgByID[o.ID]; dup || o.ID == "" {
			return nil, fmt.Errorf("memory: organisation id %q is empty or repeated: %w", o.ID, graph.ErrInvalid)
		}
		s.orgByID[o.ID] = o
	}
	for i := range s.svcs {
		v := &s.svcs[i]
		if _, dup := s.svcByID[v.ID]; dup || s.orgByID[v.ID] != nil || v.ID == "" {
			return nil, fmt.Errorf("memory: service id %q is empty or repeated: %w", v.ID, graph.ErrInvalid)
		}
		s.svcByID[v.ID] = v
	}

	s.topo = topology{
		orgByID: s.orgByID,
		out:     make(map[string][]graph.EdgeRef),
		in:      make(map[string][]graph.EdgeRef),
	}
	byType := make(map[graph.RelType]int)
	for i, r := range s.rels {
		if s.rel[r.ID] != nil || r.ID == "" {
			return nil, fmt.Errorf("memory: relationship id %q is empty or repeated: %w", r.ID, graph.ErrInvalid)
		}
		s.rel[r.ID] = &s.rels[i]
		if !s.exists(r.From) || !s.exists(r.To) {
			return nil, fmt.Errorf("memory: relationship %s joins unknown node(s) %q -> %q: %w", r.ID, r.From, r.To, graph.ErrInvalid)
		}
		s.out[r.From] = append(s.out[r.From], i)
		s.in[r.To] = append(s.in[r.To], i)
		e := r.Ref()
		s.topo.out[r.From] = append(s.topo.out[r.From], e)
		s.topo.in[r.To] = append(s.topo.in[r.To], e)
		byType[r.Type]++
		switch r.Type {
		case graph.PartOf:
			addMember(s.partOf, r.To, r.From)
		case graph.MemberOf:
			addMember(s.memberOf, r.To, r.From)
		}
	}

	for i := range s.orgs { // in name order, so each list is too
		o := &s.orgs[i]
		if o.InstanceOf != "" {
			s.ofClass[o.InstanceOf] = append(s.ofClass[o.InstanceOf], i)
		}
		for _, r := range s.out[o.ID] {
			index := map[graph.RelType]map[string][]int{graph.PartOf: s.parts, graph.MemberOf: s.members}[s.rels[r].Type]
			if whole := s.rels[r].To; index != nil {
				if l := index[whole]; len(l) == 0 || l[len(l)-1] != i { // two edges to one whole
					index[whole] = append(l, i)
				}
			}
		}
	}
	s.indexCommissions()
	s.indexSearch()
	s.indexStats(byType)
	return s, nil
}

// addMember records that part belongs to whole in index.
func addMember(index map[string]map[string]bool, whole, part string) {
	if index[whole] == nil {
		index[whole] = make(map[string]bool)
	}
	index[whole][part] = true
}

// exists reports whether id names a node.
func (s *Store) exists(id string) bool { return s.orgByID[id] != nil || s.svcByID[id] != nil }

// node returns the node named id.
func (s *Store) node(id string) (graph.Node, bool) {
	if o := s.orgByID[id]; o != nil {
		return graph.Node{Organisation: o}, true
	}
	if v := s.svcByID[id]; v != nil {
		return graph.Node{Service: v}, true
	}
	return graph.Node{}, false
}

func (s *Store) indexCommissions() {
	seen := make(map[string]map[string]bool)
	add := func(svc, org string) {
		if s.svcByID[svc] == nil || s.orgByID[org] == nil {
			return
		}
		if seen[svc] == nil {
			seen[svc] = make(map[string]bool)
		}
		if !seen[svc][org] {
			seen[svc][org] = true
			s.commissions[svc] = append(s.commissions[svc], *s.orgByID[org])
		}
	}
	for _, r := range s.rels {
		if r.Type != graph.Commissions {
			continue
		}
		add(r.To, r.From)
		for _, svc := range r.Services {
			add(svc, r.From)
		}
	}
	for _, os := range s.commissions {
		graph.SortOrganisations(os)
	}
}

func (s *Store) indexSearch() {
	s.docs = make([]searchDoc, 0, len(s.orgs)+len(s.svcs))
	for i := range s.orgs {
		n := graph.Node{Organisation: &s.orgs[i]}
		s.docs = append(s.docs, searchDoc{node: n, doc: graph.NewSearchDoc(n)})
	}
	for i := range s.svcs {
		n := graph.Node{Service: &s.svcs[i]}
		s.docs = append(s.docs, searchDoc{node: n, doc: graph.NewSearchDoc(n)})
	}
	s.docsByKey = make(map[string][]int)
	for i, d := range s.docs {
		for _, k := range d.doc.Keys() {
			s.docsByKey[k] = append(s.docsByKey[k], i)
		}
	}
}

func (s *Store) indexStats(byType map[graph.RelType]int) {
	st := graph.Stats{
		Dataset:       s.info,
		Organisations: len(s.orgs),
		Services:      len(s.svcs),
		Relationships: len(s.rels),
	}
	byKind := make(map[graph.Kind]int)
	for i := range s.orgs {
		if s.orgs[i].InstanceOf != "" {
			st.Instances++
		} else {
			st.Classes++
		}
		if s.orgs[i].Active() {
			st.Active++
		}
		byKind[s.orgs[i].Kind]++
	}
	for _, t := range graph.RelTypes {
		st.ByType = append(st.ByType, graph.TypeCount{Name: string(t.Type), Count: byType[t.Type]})
	}
	for _, k := range graph.Kinds {
		st.ByKind = append(st.ByKind, graph.TypeCount{Name: string(k.Kind), Count: byKind[k.Kind]})
	}
	s.stats = st
}

// Info returns the dataset's version and checksum.
func (s *Store) Info(ctx context.Context) (graph.DatasetInfo, error) {
	if err := ctx.Err(); err != nil {
		return graph.DatasetInfo{}, fmt.Errorf("info: %w", err)
	}
	return s.info, nil
}

// Organisation returns one organisation, or a *graph.NotFoundError.
func (s *Store) Organisation(ctx context.Context, id string) (graph.Organisation, error) {
	if err := ctx.Err(); err != nil {
		return graph.Organisation{}, fmt.Errorf("organisation: %w", err)
	}
	o := s.orgByID[id]
	if o == nil {
		return graph.Organisation{}, fmt.Errorf("organisation: %w", graph.NotFound("organisation", id))
	}
	return *o, nil
}

// Service returns one service, or a *graph.NotFoundError.
func (s *Store) Service(ctx context.Context, id string) (graph.Service, error) {
	if err := ctx.Err(); err != nil {
		return graph.Service{}, fmt.Errorf("service: %w", err)
	}
	v := s.svcByID[id]
	if v == nil {
		return graph.Service{}, fmt.Errorf("service: %w", graph.NotFound("service", id))
	}
	return *v, nil
}

// Nodes returns the nodes named by ids, in the order asked (a repeated id
// gives its node again), skipping ids that name nothing. More than
// graph.MaxIDs ids is ErrInvalid.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	if err := graph.CheckIDs(ids); err != nil {
		return nil, fmt.Errorf("nodes: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("nodes: %w", err)
	}
	var ns []graph.Node
	for _, id := range ids {
		if n, ok := s.node(id); ok {
			ns = append(ns, n)
		}
	}
	return ns, nil
}

// Stats summarises the dataset.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	if err := ctx.Err(); err != nil {
		return graph.Stats{}, fmt.Errorf("stats: %w", err)
	}
	st := s.stats
	st.ByType = slices.Clone(st.ByType)
	st.ByKind = slices.Clone(st.ByKind)
	return st, nil
}
