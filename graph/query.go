package graph

// Limits every store enforces, so answers are the same on every backend.
const (
	MaxFirst      = 100 // the most items one page may hold
	DefaultFirst  = 20  // the page size when none is given
	MaxDepth      = 4   // the deepest neighbourhood
	MaxHops       = 8   // the longest path searched
	MaxSearch     = 50  // the most search hits
	MaxSearchText = 200 // the longest search text, in characters
	MaxIDs        = 500 // the most ids in one batched lookup
)

// OrganisationFilter narrows a listing. Zero fields match everything.
type OrganisationFilter struct {
	Kind       Kind   // only this kind
	Tier       Tier   // only this tier
	InstanceOf string // only instances of this class id
	PartOf     string // only direct parts (PART_OF) of this id
	Group      string // only this group
	Classes    bool   // only class and single-body nodes (no instances)
	MemberOf   string // only direct members (MEMBER_OF) of this id, e.g. a CCG's GP practices
	ActiveOn   string // only bodies in force on this ISO date (Organisation.ActiveOn); "" for every date
}

// Page asks for First items after the cursor After ("" for the start).
type Page struct {
	First int
	After string
}

// OrganisationPage is one page of a listing. Items are ordered by name, then id.
type OrganisationPage struct {
	Items       []Organisation
	Cursors     []string // one opaque cursor per item
	TotalCount  int      // matches in all pages
	HasNextPage bool
	HasPrevPage bool
}

// ServicePage is one page of services, ordered by name, then id.
type ServicePage struct {
	Items       []Service
	Cursors     []string
	TotalCount  int
	HasNextPage bool
	HasPrevPage bool
}

// SearchHit is a node matched by a search, with its score (higher is better)
// and, for the first hit of a search that asks a question, the answer.
type SearchHit struct {
	Node   Node
	Score  float64
	Answer *SearchAnswer
}

// Subgraph is a set of nodes and the edges among them. Nodes are ordered by
// id; edges by (type, from, to, id). Both orders are part of the contract so
// every store gives identical answers.
type Subgraph struct {
	Nodes []Node
	Edges []Relationship
}

// Step is one hop of a Path: the edge taken and the node reached.
type Step struct {
	Edge Relationship
	Node Node
}

// Path is a walk from Start through Steps. An empty Steps means Start is the end.
type Path struct {
	Start Node
	Steps []Step
}

// NeighbourhoodQuery asks for the nodes within Depth hops of ID.
type NeighbourhoodQuery struct {
	ID        string
	Depth     int       // 0..MaxDepth
	Types     []RelType // nil: every type
	Direction Direction // "" means Both
	Instances bool      // include instance nodes (INSTANCE_OF and their edges)
	MaxNodes  int       // 0: no cap; otherwise ErrTooLarge past it
}

// GraphQuery asks for the whole system, narrowed.
type GraphQuery struct {
	Types     []RelType // nil: every type
	Instances bool      // include instance nodes
	Inactive  bool      // include predecessor bodies (status not active)
	Practices bool      // with Instances, include the GP practices too (about 8,000; see GPPractices)
	MaxNodes  int       // 0: no cap
}

// PathQuery asks for the shortest path between two nodes.
type PathQuery struct {
	From, To string
	Types    []RelType // nil: every type
	Directed bool      // follow edges only from their from end
	MaxHops  int       // 1..MaxHops
}

// TypeCount is a count of something by name.
type TypeCount struct {
	Name  string
	Count int
}

// Stats summarises the dataset.
type Stats struct {
	Dataset       DatasetInfo
	Organisations int // every organisation node, classes and instances, predecessors included
	Active        int // organisations of the live system on the snapshot date (Organisation.Active)
	Classes       int // organisation nodes that are not instances
	Instances     int
	Services      int
	Relationships int
	ByType        []TypeCount // relationships by type, in RelTypes order, zero counts included
	ByKind        []TypeCount // organisations by kind, in Kinds order, zero counts included
}
