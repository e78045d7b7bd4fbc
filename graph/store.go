package graph

import "context"

// Parliament is the id of the top of every accountability chain.
const Parliament = "uk-parliament"

// Store answers questions about the graph. Every implementation must give
// the same answers, orderings included (graph/graphtest checks this); the
// orders are stated on each method and produced by the helpers in order.go.
//
// Every method returns an error wrapping ErrUnavailable when the backend
// cannot answer (and the request may be retried), and one wrapping
// ErrInvalid (an *InvalidError) for a parameter outside its documented range.
// Implementations must be safe for concurrent use.
type Store interface {
	// Info returns the version and checksum of the dataset the store holds.
	Info(ctx context.Context) (DatasetInfo, error)

	// Organisation returns one organisation, or a *NotFoundError.
	Organisation(ctx context.Context, id string) (Organisation, error)
	// Service returns one service, or a *NotFoundError.
	Service(ctx context.Context, id string) (Service, error)
	// Nodes returns the nodes with the given ids (at most MaxIDs), in the
	// order asked, skipping ids that name nothing. It is the batch lookup
	// behind GraphQL's dataloaders: one call per resolver level.
	Nodes(ctx context.Context, ids []string) ([]Node, error)

	// Organisations lists organisations matching f, ordered by name then id.
	// page.First must be 0..MaxFirst (0 means DefaultFirst); page.After must
	// be "" or a cursor this method returned; f must pass
	// CheckOrganisationFilter; else ErrInvalid.
	Organisations(ctx context.Context, f OrganisationFilter, page Page) (OrganisationPage, error)
	// Services lists services ordered by name then id, paginated as above.
	Services(ctx context.Context, page Page) (ServicePage, error)
	// Search ranks nodes whose name, short name, id or description match
	// text, case- and punctuation-insensitively; best first. limit is
	// 1..MaxSearch. Empty text (after normalising) is ErrInvalid.
	Search(ctx context.Context, text string, limit int) ([]SearchHit, error)

	// Relationships returns the edges touching any of ids (at most MaxIDs)
	// with a type in types (nil: all) in direction dir relative to those
	// ids, in SortRelationships order, each once. Unknown ids match nothing.
	Relationships(ctx context.Context, ids []string, types []RelType, dir Direction) ([]Relationship, error)
	// Neighbours is Relationships plus, in the same round trip, the nodes at
	// both ends of every edge returned (each once, ordered by id). It is the
	// batch behind GraphQL's edge fields (accountableTo, funds, …), so a
	// nested query costs one backend round trip per level.
	Neighbours(ctx context.Context, ids []string, types []RelType, dir Direction) ([]Relationship, []Node, error)

	// Expand answers a nested question — steps along typed edges from the
	// roots, each step from the nodes its parent reached (see ExpandStep) —
	// in one round trip: what ExpandBy computes with this store's Nodes and
	// Relationships. It is the batch behind a nested GraphQL query, which
	// then costs one round trip in all. Invalid steps are ErrInvalid
	// (CheckExpand); a step that applies to more than MaxIDs nodes is a
	// *TooLargeError.
	Expand(ctx context.Context, roots []string, steps []ExpandStep) (Expansion, error)

	// Neighbourhood returns the nodes within q.Depth hops of q.ID (following
	// q.Types in q.Direction; without q.Instances it does not step onto
	// instance nodes other than q.ID itself) and every edge of q.Types among
	// them. *NotFoundError for an unknown id; *TooLargeError past q.MaxNodes.
	Neighbourhood(ctx context.Context, q NeighbourhoodQuery) (Subgraph, error)
	// Graph returns the whole system narrowed by q: the nodes (active ones
	// unless q.Inactive; no instances unless q.Instances; no GP practices
	// unless q.Practices) and the edges of q.Types among them. *TooLargeError past q.MaxNodes.
	Graph(ctx context.Context, q GraphQuery) (Subgraph, error)

	// ShortestPath returns a shortest path from q.From to q.To over edges of
	// q.Types (walked either way unless q.Directed) of at most q.MaxHops
	// hops; among equally short paths, the one whose sequence of edge ids
	// is least. *NotFoundError for an unknown end; ErrNotFound (wrapped) when
	// no path exists within q.MaxHops.
	ShortestPath(ctx context.Context, q PathQuery) (Path, error)
	// AccountabilityChain returns the bodies from the organisation from up
	// to Parliament. At each body it follows its ACCOUNTABLE_TO edges or,
	// where it has none, its PART_OF edges, or else its INSTANCE_OF edge;
	// among the choices it takes the one giving the longest chain to
	// Parliament (the fullest account), ties to the least id. If nothing
	// reaches Parliament it returns the chain as far as it goes.
	AccountabilityChain(ctx context.Context, from string) ([]Organisation, error)
	// MoneyFlow returns every path of FUNDS edges ending at to (or, if to
	// is an instance that no FUNDS edge reaches, at its class) and starting
	// at a body that no FUNDS edge reaches, shortest first, then by edge ids.
	MoneyFlow(ctx context.Context, to string) ([]Path, error)
	// WhoCommissions returns the organisations with a COMMISSIONS edge to
	// the service, or whose COMMISSIONS edge lists it in Services, ordered
	// by name then id. *NotFoundError for an unknown service.
	WhoCommissions(ctx context.Context, service string) ([]Organisation, error)
	// Stats summarises the dataset.
	Stats(ctx context.Context) (Stats, error)
}
