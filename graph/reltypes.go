package graph

import "strings"

// RelType is a relationship type. Direction is fixed per type (see
// RelTypeInfo.Direction).
type RelType string

// The relationship types, as spelled in the reference.
const (
	AccountableTo RelType = "ACCOUNTABLE_TO"
	Funds         RelType = "FUNDS"
	Commissions   RelType = "COMMISSIONS"
	Provides      RelType = "PROVIDES"
	Regulates     RelType = "REGULATES"
	Advises       RelType = "ADVISES"
	Supports      RelType = "SUPPORTS"
	PartOf        RelType = "PART_OF"
	Hosts         RelType = "HOSTS"
	MemberOf      RelType = "MEMBER_OF"
	Represents    RelType = "REPRESENTS"
	Scrutinises   RelType = "SCRUTINISES"
	Uses          RelType = "USES"
	SucceededBy   RelType = "SUCCEEDED_BY"
	InstanceOf    RelType = "INSTANCE_OF"
)

// Endpoint says what a relationship's end may be.
type Endpoint int

// Endpoint rules.
const (
	EndOrganisation Endpoint = 1 << iota // an organisation
	EndService                           // a service
)

// RelTypeInfo describes a relationship type: the legend entry and the rules
// validation enforces.
type RelTypeInfo struct {
	Type       RelType
	Definition string
	Direction  string   // how the arrow points, in words
	Colour     string   // legend colour, "#rrggbb"; chosen to stay distinct in greyscale with Style
	Style      string   // line style: "solid", "dashed", "dotted" or "bold"
	From, To   Endpoint // allowed endpoint kinds
	Money      bool     // edges of this type may carry an amount and year
}

// RelTypes lists every relationship type in legend order.
var RelTypes = []RelTypeInfo{
	{AccountableTo, "The from body answers to the to body for its performance, objectives or use of money (sponsorship, mandate, grant conditions, licence, election).", "from the accountable body to the body it answers to", "#1f4e9c", "bold", EndOrganisation, EndOrganisation, false},
	{Funds, "Money flows from the from body to the to body (allocation, grant, transfer, contribution).", "follows the money: from funder to funded", "#1b7f3a", "solid", EndOrganisation, EndOrganisation, true},
	{Commissions, "The from body plans, buys and contracts for care: the target is a service it is responsible for buying, or a provider it buys from.", "from commissioner to the service or provider commissioned", "#c05a00", "solid", EndOrganisation, EndOrganisation | EndService, true},
	{Provides, "The from body delivers the to service.", "from provider to service", "#7a4fa3", "dashed", EndOrganisation, EndService, false},
	{Regulates, "The from body exercises statutory regulatory power over the to body: registration, inspection, licensing, authorisation, enforcement, or oversight of another regulator.", "from regulator to regulated", "#b3122e", "dashed", EndOrganisation, EndOrganisation, false},
	{Advises, "The from body gives guidance, evidence, strategic advice or formal advice that the to body must consider.", "from adviser to advised", "#0e7c86", "dotted", EndOrganisation, EndOrganisation, false},
	{Supports, "The from body provides practical services, development support, data, IT, payments or premises to the to body without commissioning or regulating it.", "from supporter to supported", "#6b6b6b", "dotted", EndOrganisation, EndOrganisation, false},
	{PartOf, "The from body is a component, committee, office or sub-unit of the to body.", "from the part to the whole", "#444444", "solid", EndOrganisation, EndOrganisation, false},
	{Hosts, "The from body is the legal or employment host of the to body, which keeps a distinct identity.", "from host to hosted", "#8a6d00", "dashed", EndOrganisation, EndOrganisation, false},
	{MemberOf, "The from body is a member of, or has a statutory seat on, the to body.", "from member to the body it sits on", "#5a7d2a", "dotted", EndOrganisation, EndOrganisation, false},
	{Represents, "The from body speaks for the interests of the to body (patient and public voice).", "from representative to represented", "#c2185b", "dashed", EndOrganisation, EndOrganisation, false},
	{Scrutinises, "The from body examines, audits, investigates complaints about or holds hearings on the to body without managing it.", "from scrutineer to scrutinised", "#4a148c", "dotted", EndOrganisation, EndOrganisation, false},
	{Uses, "People (from) use a service (to).", "from people to service", "#9e9e9e", "dotted", EndOrganisation, EndService, false},
	{SucceededBy, "Historical: the functions of the abolished from body passed, wholly or partly, to the to body on or around 1 April 2013.", "from predecessor to successor", "#795548", "dashed", EndOrganisation, EndOrganisation, false},
	{InstanceOf, "The from body is one real instance of the class node to (for example one CCG of the 211).", "from instance to class", "#b0b0b0", "dotted", EndOrganisation, EndOrganisation, false},
}

// Info returns the description of t, and false if t is not a known type.
func (t RelType) Info() (RelTypeInfo, bool) {
	for _, i := range RelTypes {
		if i.Type == t {
			return i, true
		}
	}
	return RelTypeInfo{}, false
}

// Valid reports whether t is a known relationship type.
func (t RelType) Valid() bool { _, ok := t.Info(); return ok }

// RelTypeNames returns every type's name, comma-separated, for "allowed:" messages.
func RelTypeNames() string {
	names := make([]string, len(RelTypes))
	for i, t := range RelTypes {
		names[i] = string(t.Type)
	}
	return strings.Join(names, ", ")
}

// Direction selects edges by which end a node is on.
type Direction string

// Directions.
const (
	Outgoing Direction = "OUTGOING" // edges from the node
	Incoming Direction = "INCOMING" // edges to the node
	Both     Direction = "BOTH"     // either
)

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return d == Outgoing || d == Incoming || d == Both }

// DirectionNames is the "allowed:" text for directions.
const DirectionNames = "OUTGOING, INCOMING, BOTH"
