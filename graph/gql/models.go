package gql

import (
	"context"

	"caremap/graph"
)

// The API's views of the domain types. They are written by hand (not
// generated) so optional text is null rather than "", and so the ids the
// edge resolvers need travel with the value.

// Organisation is the API's view of a graph.Organisation.
type Organisation struct {
	ID        string
	Name      string
	ShortName *string
	// DisplayName and OperatingName: graph.Organisation.DisplayName and
	// its operating name.
	DisplayName   string
	OperatingName *string
	Kind          graph.Kind
	LegalForm     *string
	Tier          graph.Tier
	Role          string
	Group         *string
	Status        string
	Active        bool
	Count         int
	CountNote     *string
	Budget        *string
	Established   *string
	Notes         *string
	OdsCode       *string
	OnsCode       *string
	ValidFrom     *string
	ValidTo       *string
	Confidence    graph.Confidence
	Sources       []graph.Source

	FoundationTrustSince *string
	FoundationTrustBy    *string
	RegisteredPatients   *Figure
	MemberPractices      *Figure

	instanceOf string // the class's id, for the instanceOf resolver
}

// Figure is the API's view of a graph.Figure.
type Figure struct {
	Value   int
	AsOf    *string
	Note    *string
	Sources []graph.Source
}

func figureView(f *graph.Figure) *Figure {
	if f == nil {
		return nil
	}
	return &Figure{Value: int(f.Value), AsOf: optional(f.AsOf), Note: optional(f.Note), Sources: nonNil(f.Sources)}
}

// IsNode marks Organisation as a Node.
func (Organisation) IsNode() {}

// GetID returns the id.
func (o Organisation) GetID() string { return o.ID }

// GetName returns the name.
func (o Organisation) GetName() string { return o.Name }

// GetDisplayName returns the name to show people.
func (o Organisation) GetDisplayName() string { return o.DisplayName }

// Service is the API's view of a graph.Service.
type Service struct {
	ID          string
	Name        string
	DisplayName string // its name: services have no operating name
	Description string
	Domain      *string
	Notes       *string
	Confidence  graph.Confidence
	Sources     []graph.Source
}

// IsNode marks Service as a Node.
func (Service) IsNode() {}

// GetID returns the id.
func (s Service) GetID() string { return s.ID }

// GetName returns the name.
func (s Service) GetName() string { return s.Name }

// GetDisplayName returns the name to show people: a service's name.
func (s Service) GetDisplayName() string { return s.DisplayName }

// Relationship is the API's view of a graph.Relationship.
type Relationship struct {
	ID         string
	Type       graph.RelType
	AmountGbp  *float64
	AmountText *string
	Year       *string
	Mechanism  *string
	Mode       *string
	Note       *string
	ValidFrom  *string
	ValidTo    *string
	Confidence graph.Confidence
	Sources    []graph.Source
	Patients   *int
	Share      *float64

	from, to string   // node ids, for the from and to resolvers
	services []string // service ids, for the services resolver
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func orgView(o graph.Organisation) *Organisation {
	count := o.Count
	if count == 0 {
		count = 1
	}
	return &Organisation{
		ID: o.ID, Name: o.Name, ShortName: optional(o.ShortName), Kind: o.Kind,
		DisplayName: o.DisplayName(), OperatingName: optional(o.OperatingName),
		LegalForm: optional(o.LegalForm), Tier: o.Tier, Role: o.Role, Group: optional(o.Group),
		Status: cmpOr(o.Status, "active"), Active: o.Active(), Count: count,
		CountNote: optional(o.CountNote), Budget: optional(o.Budget), Established: optional(o.Established),
		Notes: optional(o.Notes), OdsCode: optional(o.Codes.ODS), OnsCode: optional(o.Codes.ONS),
		ValidFrom: optional(o.ValidFrom), ValidTo: optional(o.ValidTo),
		Confidence: o.Confidence, Sources: nonNil(o.Sources), instanceOf: o.InstanceOf,
		FoundationTrustSince: optional(o.FTAuthorised), FoundationTrustBy: optional(o.FTBy),
		RegisteredPatients: figureView(o.RegisteredPatients), MemberPractices: figureView(o.MemberPractices),
	}
}

func serviceView(s graph.Service) *Service {
	return &Service{
		ID: s.ID, Name: s.Name, DisplayName: s.Name, Description: s.Description, Domain: optional(s.Domain),
		Notes: optional(s.Notes), Confidence: s.Confidence, Sources: nonNil(s.Sources),
	}
}

func relView(r graph.Relationship) *Relationship {
	v := &Relationship{
		ID: r.ID, Type: r.Type, Year: optional(r.Year), Mechanism: optional(r.Mechanism),
		Mode: optional(r.Mode), Note: optional(r.Note), ValidFrom: optional(r.ValidFrom),
		ValidTo: optional(r.ValidTo), Confidence: r.Confidence, Sources: nonNil(r.Sources),
		from: r.From, to: r.To, services: r.Services,
	}
	if r.AmountGBP != nil {
		f := float64(*r.AmountGBP)
		v.AmountGbp = &f
		v.AmountText = optional(graph.FormatGBP(*r.AmountGBP))
	}
	if r.Patients != nil {
		n := int(*r.Patients)
		v.Patients = &n
	}
	v.Share = r.Share
	return v
}

func nodeView(n graph.Node) Node {
	if n.Service != nil {
		return serviceView(*n.Service)
	}
	if n.Organisation != nil {
		return orgView(*n.Organisation)
	}
	return nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Diagram is the API's view of a diagram: its URLs now, its SVG drawn only
// when asked for.
type Diagram struct {
	SVGURL string
	PDFURL string
	PngURL string
	DotURL string

	req DiagramRequest // for the svg resolver
}

// Theme is a diagram's colours: "LIGHT" or "DARK".
type Theme string

// DiagramRequest is what a diagram field asks for.
type DiagramRequest struct {
	Focus     string // "" for the whole system
	View      string // "overview", "money", …; "" for the default
	Depth     int
	Types     []graph.RelType // nil: the diagram's default
	Direction graph.Direction
	Instances bool
	Theme     string // "light" or "dark"
}

// Diagrams draws diagrams for the API. The server implements it over its
// render pool and cache, so the API and GET /diagram share both.
type Diagrams interface {
	// URL returns the path of the diagram in format ("svg", "pdf", "png"
	// or "dot"), or an *graph.InvalidError for a parameter out of range.
	URL(req DiagramRequest, format string) (string, error)
	// SVG returns the drawn SVG, a *graph.NotFoundError for an unknown
	// focus, or a *graph.TooLargeError past the size cap.
	SVG(ctx context.Context, req DiagramRequest) ([]byte, error)
}
