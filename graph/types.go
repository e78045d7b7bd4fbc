package graph

import "strings"

// Tier is where an organisation sits: national, regional or local.
type Tier string

// The tiers, from the top of the diagram down.
const (
	TierNational Tier = "national"
	TierRegional Tier = "regional"
	TierLocal    Tier = "local"
)

// Tiers lists every tier in rank order.
var Tiers = []Tier{TierNational, TierRegional, TierLocal}

// TierNames is the "allowed:" text for tiers.
const TierNames = "national, regional, local"

// Valid reports whether t is a known tier.
func (t Tier) Valid() bool { return t == TierNational || t == TierRegional || t == TierLocal }

// Confidence says how well a fact is sourced (see the reference's README).
type Confidence string

// Confidence levels.
const (
	ConfidenceHigh   Confidence = "high"   // stated by a primary source or two consistent secondary ones
	ConfidenceMedium Confidence = "medium" // one secondary source, or a small inference from a primary one
	ConfidenceLow    Confidence = "low"    // plausible but unconfirmed: verify before relying on it
)

// Valid reports whether c is a known confidence level.
func (c Confidence) Valid() bool {
	return c == ConfidenceHigh || c == ConfidenceMedium || c == ConfidenceLow
}

// Source is a public document a fact comes from.
type Source struct {
	Title string
	URL   string
}

// Kind classifies an organisation. The reference's longer legal description
// ("executive non-departmental public body", …) is kept in
// Organisation.LegalForm; Kind is the small closed set filters use.
type Kind string

// The organisation kinds.
const (
	KindParliament             Kind = "PARLIAMENT"               // Parliament and its committees, officers and audit body
	KindMinister               Kind = "MINISTER"                 // a ministerial office
	KindGovernmentDepartment   Kind = "GOVERNMENT_DEPARTMENT"    // a ministerial department, or an office within one
	KindExecutiveAgency        Kind = "EXECUTIVE_AGENCY"         // an executive agency of a department
	KindNonDepartmentalBody    Kind = "NON_DEPARTMENTAL_BODY"    // a non-departmental public body or other independent statutory body
	KindSpecialHealthAuthority Kind = "SPECIAL_HEALTH_AUTHORITY" // a special health authority
	KindGovernmentCompany      Kind = "GOVERNMENT_COMPANY"       // a company owned by the Secretary of State
	KindStatutoryCommittee     Kind = "STATUTORY_COMMITTEE"      // a statutory committee of another body
	KindDivision               Kind = "DIVISION"                 // an internal division or hosted unit of a national body
	KindNetwork                Kind = "NETWORK"                  // a non-statutory network or advisory body
	KindNHSBody                Kind = "NHS_BODY"                 // a statutory NHS body (CCGs, PCTs, SHAs)
	KindLocalAuthority         Kind = "LOCAL_AUTHORITY"          // a council, or a function or officer of one
	KindPatientVoice           Kind = "PATIENT_VOICE"            // a patient and public voice body
	KindRegulator              Kind = "REGULATOR"                // a group of independent statutory regulators
	KindProvider               Kind = "PROVIDER"                 // a kind of provider of care (trusts, GP practices, …)
	KindEducation              Kind = "EDUCATION"                // education and training institutions
	KindPeople                 Kind = "PEOPLE"                   // people: the public, patients, the workforce
	KindIndustry               Kind = "INDUSTRY"                 // industry (e.g. medicines manufacturers)
)

// Kinds lists every kind with a one-line description, in display order.
var Kinds = []struct {
	Kind        Kind
	Description string
}{
	{KindParliament, "Parliament, its committees, its officers and its audit body."},
	{KindMinister, "A ministerial office, such as the Secretary of State for Health."},
	{KindGovernmentDepartment, "A ministerial government department, or an office within one."},
	{KindExecutiveAgency, "An executive agency of a government department, such as Public Health England."},
	{KindNonDepartmentalBody, "A non-departmental public body or other independent statutory body, such as NHS England."},
	{KindSpecialHealthAuthority, "A special health authority, such as NHS Blood and Transplant."},
	{KindGovernmentCompany, "A company owned by the Secretary of State, such as NHS Property Services."},
	{KindStatutoryCommittee, "A statutory committee of another body, such as a health and wellbeing board."},
	{KindDivision, "An internal division or hosted unit of a national body, such as an NHS England area team."},
	{KindNetwork, "A non-statutory network or advisory body, such as a clinical senate."},
	{KindNHSBody, "A statutory NHS body, such as a clinical commissioning group."},
	{KindLocalAuthority, "A council, or a function or officer of one."},
	{KindPatientVoice, "A patient and public voice body, such as local Healthwatch."},
	{KindRegulator, "A group of independent statutory regulators, such as the health professional regulators."},
	{KindProvider, "A kind of provider of care, such as NHS foundation trusts or GP practices."},
	{KindEducation, "Education and training institutions."},
	{KindPeople, "People: patients, the public, the health and care workforce."},
	{KindIndustry, "Industry, such as the makers of medicines and medical devices."},
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x.Kind == k {
			return true
		}
	}
	return false
}

// KindNames returns the names of every kind, for "allowed:" messages.
func KindNames() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k.Kind)
	}
	return strings.Join(names, ", ")
}

// Organisation is a body of the system, or a class of many bodies (Count > 1,
// e.g. the 211 CCGs), or one real instance of a class (InstanceOf set).
type Organisation struct {
	ID          string // stable kebab-case id, e.g. "nhs-england", "ccg-02n"
	Name        string // the full (legal) name, e.g. "NHS Commissioning Board"
	ShortName   string // acronym or short form, e.g. "NHS England", "CQC"; may be empty
	Kind        Kind
	LegalForm   string // the reference's legal description, e.g. "executive non-departmental public body"
	Tier        Tier
	Role        string // what it does, a sentence or two
	Group       string // a Group id, for clustering in diagrams
	Status      string // "active", or how it ended, e.g. "abolished 2013-03-31"
	Count       int    // how many bodies this node stands for; 1 for a single body
	CountNote   string
	Budget      string // 2013/14 budget in words, where known
	Established string // when it took up its role, in words
	Notes       string
	InstanceOf  string // the class node's id, for instances; empty for classes and single bodies
	Codes       Codes  // official codes, for instances
	ValidFrom   string // ISO date, where known
	ValidTo     string // ISO date, where known
	Confidence  Confidence
	Sources     []Source

	// FTAuthorised is, for an NHS trust or foundation trust, the day Monitor
	// authorised it as a foundation trust (ISO date, or YYYY-MM or YYYY
	// where the source gives no more), even when that is after the
	// snapshot; "" when the sources give none. A trust is an instance of the
	// foundation trust class exactly when this, or failing it FTBy, is on
	// or before the snapshot date.
	FTAuthorised string
	// FTBy is, for a foundation trust whose authorisation date is not
	// known, the date of a dated source showing it was already one (ISO,
	// or YYYY-MM): evidence of its status, not the day it began.
	FTBy string
	// RegisteredPatients is, for a GP practice, its registered list; for a
	// CCG, the sum of its member practices' lists. Nil where not known.
	RegisteredPatients *Figure
	// MemberPractices is, for a CCG, how many GP practices are its members.
	MemberPractices *Figure
	// OperatingName is the name the body works under where that is not
	// its legal name (Name), e.g. "NHS England"; empty otherwise. See
	// DisplayName.
	OperatingName string
}

// Figure is a sourced number about one body: how many, as at when, and
// from where.
type Figure struct {
	Value   int64
	AsOf    string // the ISO date, or the period, the figure describes
	Note    string // how it was counted, where that needs saying
	Sources []Source
}

// GPPractices is the class node of the GP practices: about 8,000
// instances, which whole-system views leave out unless asked (see
// GraphQuery.Practices).
const GPPractices = "gp-practices"

// DisplayName is the name to show people: the operating name where the
// body has one ("NHS England"), else its name. Boxes, headings and search
// results show it; where it differs from Name, Name (the legal name) is
// shown beside it.
func (o *Organisation) DisplayName() string {
	if o.OperatingName != "" {
		return o.OperatingName
	}
	return o.Name
}

// Active reports whether the organisation was part of the live system on
// 1 April 2013 (predecessors are kept only for SUCCEEDED_BY history).
func (o *Organisation) Active() bool { return o.Status == "" || o.Status == "active" }

// ActiveOn reports whether the organisation was in force on day, an ISO
// date (which CheckDate has passed): ValidFrom <= day <= ValidTo, a missing
// end being open.
func (o *Organisation) ActiveOn(day string) bool {
	return (o.ValidFrom == "" || o.ValidFrom <= day) && (o.ValidTo == "" || day <= o.ValidTo)
}

// Codes are official identifiers of a real body.
type Codes struct {
	ODS string // NHS Organisation Data Service code, e.g. "02N"
	ONS string // Office for National Statistics code, e.g. "E38000001"
}

// Service is something commissioned and provided, e.g. specialised services.
type Service struct {
	ID          string // stable kebab-case id, e.g. "svc-specialised"
	Name        string
	Description string
	Domain      string // e.g. "primary care", "public health"
	Notes       string
	Confidence  Confidence
	Sources     []Source
}

// Relationship is a typed, directed, sourced edge between two nodes.
type Relationship struct {
	ID         string // stable id, e.g. "rel-030", or derived for instance edges
	Type       RelType
	From       string // node id
	To         string // node id
	AmountGBP  *int64 // money edges: the amount in pounds, where known
	Year       string // financial year, e.g. "2013/14"
	Services   []string
	Mechanism  string
	Mode       string
	Note       string
	ValidFrom  string // ISO date, where known
	ValidTo    string // ISO date, where known
	Confidence Confidence
	Sources    []Source

	// Patients and Share are, for SUCCEEDED_BY, the predecessor's registered
	// patients who passed to the successor and their share of its list
	// (0 to 1), where the sources give them; nil otherwise.
	Patients *int64
	Share    *float64
}

// Group is a visual grouping of organisations (a cluster in diagrams).
type Group struct {
	ID          string
	Name        string
	Description string
}

// NodeKind says whether a node is an organisation or a service.
type NodeKind string

// Node kinds.
const (
	NodeOrganisation NodeKind = "Organisation"
	NodeService      NodeKind = "Service"
)

// Node is either an organisation or a service: exactly one field is set.
type Node struct {
	Organisation *Organisation
	Service      *Service
}

// ID returns the node's id.
func (n Node) ID() string {
	if n.Organisation != nil {
		return n.Organisation.ID
	}
	if n.Service != nil {
		return n.Service.ID
	}
	return ""
}

// Name returns the node's name.
func (n Node) Name() string {
	if n.Organisation != nil {
		return n.Organisation.Name
	}
	if n.Service != nil {
		return n.Service.Name
	}
	return ""
}

// DisplayName returns the node's name to show people: an organisation's
// DisplayName, a service's name.
func (n Node) DisplayName() string {
	if n.Organisation != nil {
		return n.Organisation.DisplayName()
	}
	return n.Name()
}

// Kind returns NodeOrganisation or NodeService.
func (n Node) Kind() NodeKind {
	if n.Service != nil {
		return NodeService
	}
	return NodeOrganisation
}

// Dataset is the whole fact base as loaded and validated by package seed.
type Dataset struct {
	Version       string // e.g. "2013-04-01+1"; bumped by hand when the data changes
	Checksum      string // "sha256:<hex>" over the dataset files, so any edit changes it
	Groups        []Group
	Organisations []Organisation
	Services      []Service
	Relationships []Relationship
	Glossary      []Term // the acronyms and terms the dataset and the pages use (NewGlossary indexes them)
}

// DatasetInfo identifies the dataset a store holds.
type DatasetInfo struct {
	Version  string
	Checksum string
}
