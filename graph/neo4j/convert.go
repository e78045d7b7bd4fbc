package neo4j

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"caremap/graph"
)

// Properties of the graph types as stored in Neo4j. Empty strings are kept
// (so filters can compare with ''); empty lists and a nil amount are left
// out, and read back as nil.

func organisationProps(o *graph.Organisation) map[string]any {
	p := map[string]any{
		"id": o.ID, "name": o.Name, "shortName": o.ShortName, "kind": string(o.Kind),
		"legalForm": o.LegalForm, "tier": string(o.Tier), "role": o.Role, "group": o.Group,
		"status": o.Status, "count": int64(o.Count), "countNote": o.CountNote, "budget": o.Budget,
		"established": o.Established, "notes": o.Notes, "instanceOf": o.InstanceOf,
		"ods": o.Codes.ODS, "ons": o.Codes.ONS, "validFrom": o.ValidFrom, "validTo": o.ValidTo,
		"confidence": string(o.Confidence), "ftAuthorised": o.FTAuthorised, "ftBy": o.FTBy,
		"operatingName": o.OperatingName,
	}
	putSources(p, o.Sources)
	putFigure(p, "registeredPatients", o.RegisteredPatients)
	putFigure(p, "memberPractices", o.MemberPractices)
	putSearch(p, graph.Node{Organisation: o})
	return p
}

// putFigure stores a figure as the properties name (its value), nameAsOf,
// nameNote and nameSourceTitles/nameSourceUrls; a nil figure stores none.
func putFigure(p map[string]any, name string, f *graph.Figure) {
	if f == nil {
		return
	}
	p[name], p[name+"AsOf"], p[name+"Note"] = f.Value, f.AsOf, f.Note
	titles, urls := sourceLists(f.Sources)
	p[name+"SourceTitles"], p[name+"SourceUrls"] = titles, urls
}

func serviceProps(v *graph.Service) map[string]any {
	p := map[string]any{
		"id": v.ID, "name": v.Name, "description": v.Description, "domain": v.Domain,
		"notes": v.Notes, "confidence": string(v.Confidence),
	}
	putSources(p, v.Sources)
	putSearch(p, graph.Node{Service: v})
	return p
}

func relationshipProps(r *graph.Relationship) map[string]any {
	p := map[string]any{
		"id": r.ID, "year": r.Year, "mechanism": r.Mechanism, "mode": r.Mode, "note": r.Note,
		"validFrom": r.ValidFrom, "validTo": r.ValidTo, "confidence": string(r.Confidence),
	}
	if r.AmountGBP != nil {
		p["amountGbp"] = *r.AmountGBP
	}
	if len(r.Services) > 0 {
		p["services"] = slices.Clone(r.Services)
	}
	if r.Patients != nil {
		p["patients"] = *r.Patients
	}
	if r.Share != nil {
		p["share"] = *r.Share
	}
	putSources(p, r.Sources)
	return p
}

func putSources(p map[string]any, ss []graph.Source) {
	if len(ss) == 0 {
		return
	}
	p["sourceTitles"], p["sourceUrls"] = sourceLists(ss)
}

// sourceLists splits sources into parallel lists of titles and URLs.
func sourceLists(ss []graph.Source) (titles, urls []string) {
	titles = make([]string, len(ss))
	urls = make([]string, len(ss))
	for i, s := range ss {
		titles[i], urls[i] = s.Title, s.URL
	}
	return titles, urls
}

// putSearch adds the full-text index's fields, from graph.SearchDoc:
// searchWords holds its IndexWords (the normalised words of
// graph.SearchFields and the id, and each adjacent pair joined), and
// searchCompact its IndexCompacts (name, main name, short name and its
// alternatives, and id, without spaces). Search asks the index for what
// graph.SearchQuery.Terms says every match has, then scores the candidates
// with graph.SearchDoc.
func putSearch(p map[string]any, n graph.Node) {
	d := graph.NewSearchDoc(n)
	p["searchWords"] = strings.Join(d.IndexWords(), " ")
	p["searchCompact"] = strings.Join(d.IndexCompacts(), " ")
}

// hashProps returns a digest of what and p, so a re-seed can tell whether a
// record changed. encoding/json sorts map keys, so it is deterministic.
func hashProps(what string, p map[string]any) string {
	b, err := json.Marshal(p)
	if err != nil {
		panic(fmt.Sprintf("neo4j: hashing properties: %v", err)) // only strings, ints and lists
	}
	h := sha256.New()
	h.Write([]byte(what))
	h.Write([]byte{0})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Reading back. Every value the store reads is decoded by name: a record's
// columns, a map's keys, a node's or an edge's properties (see project and
// projectRel in cypher.go), with the typed helpers below, which fail with
// the key's name rather than guess.

// fields decodes one map by name. The first value of a wrong type is
// remembered in err; a missing key or null reads as the zero value.
type fields struct {
	what string // for messages, e.g. "node", "edge"
	m    map[string]any
	err  error
}

func asFields(what string, v any) *fields {
	m, ok := v.(map[string]any)
	f := &fields{what: what, m: m}
	if !ok {
		f.err = fmt.Errorf("unexpected %s value %T", what, v)
	}
	return f
}

func (f *fields) wrong(key string, v any) {
	if f.err == nil {
		f.err = fmt.Errorf("unexpected %s field %q: %T", f.what, key, v)
	}
}

// get returns the value at key as a T, or T's zero value.
func get[T any](f *fields, key string) T {
	var zero T
	v, ok := f.m[key]
	if !ok || v == nil {
		return zero
	}
	t, ok := v.(T)
	if !ok {
		f.wrong(key, v)
		return zero
	}
	return t
}

func (f *fields) str(key string) string { return get[string](f, key) }
func (f *fields) num(key string) int64  { return get[int64](f, key) }
func (f *fields) flag(key string) bool  { return get[bool](f, key) }
func (f *fields) list(key string) []any { return get[[]any](f, key) }

// strs reads a list of strings; an empty list reads as nil.
func (f *fields) strs(key string) []string {
	l := f.list(key)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, v := range l {
		s, ok := v.(string)
		if !ok {
			f.wrong(key, v)
		}
		out[i] = s
	}
	return out
}

func (f *fields) sources() []graph.Source { return f.sourcesOf("sourceTitles", "sourceUrls") }

// sourcesOf reads sources stored as the parallel lists titleKey and urlKey.
func (f *fields) sourcesOf(titleKey, urlKey string) []graph.Source {
	titles, urls := f.strs(titleKey), f.strs(urlKey)
	if len(titles) == 0 {
		return nil
	}
	ss := make([]graph.Source, len(titles))
	for i := range titles {
		ss[i].Title = titles[i]
		if i < len(urls) {
			ss[i].URL = urls[i]
		}
	}
	return ss
}

func (f *fields) organisation() graph.Organisation {
	return graph.Organisation{
		ID: f.str("id"), Name: f.str("name"), ShortName: f.str("shortName"),
		Kind: graph.Kind(f.str("kind")), LegalForm: f.str("legalForm"), Tier: graph.Tier(f.str("tier")),
		Role: f.str("role"), Group: f.str("group"), Status: f.str("status"), Count: int(f.num("count")),
		CountNote: f.str("countNote"), Budget: f.str("budget"), Established: f.str("established"),
		Notes: f.str("notes"), InstanceOf: f.str("instanceOf"),
		Codes:     graph.Codes{ODS: f.str("ods"), ONS: f.str("ons")},
		ValidFrom: f.str("validFrom"), ValidTo: f.str("validTo"),
		Confidence: graph.Confidence(f.str("confidence")), Sources: f.sources(),
		FTAuthorised: f.str("ftAuthorised"), FTBy: f.str("ftBy"),
		RegisteredPatients: f.figure("registeredPatients"), MemberPractices: f.figure("memberPractices"),
		OperatingName: f.str("operatingName"),
	}
}

// figure reads back what putFigure stored as name: nil when it stored
// nothing.
func (f *fields) figure(name string) *graph.Figure {
	if v, ok := f.m[name]; !ok || v == nil {
		return nil
	}
	return &graph.Figure{Value: f.num(name), AsOf: f.str(name + "AsOf"), Note: f.str(name + "Note"),
		Sources: f.sourcesOf(name+"SourceTitles", name+"SourceUrls")}
}

func (f *fields) service() graph.Service {
	return graph.Service{
		ID: f.str("id"), Name: f.str("name"), Description: f.str("description"),
		Domain: f.str("domain"), Notes: f.str("notes"),
		Confidence: graph.Confidence(f.str("confidence")), Sources: f.sources(),
	}
}

// toNode decodes a node returned by project: an :Organisation or a
// :Service.
func toNode(v any) (graph.Node, error) {
	node, ok := v.(n4j.Node)
	if !ok {
		return graph.Node{}, fmt.Errorf("unexpected node value %T", v)
	}
	f := &fields{what: "node", m: node.Props}
	var n graph.Node
	switch {
	case slices.Contains(node.Labels, "Organisation"):
		o := f.organisation()
		n.Organisation = &o
	case slices.Contains(node.Labels, "Service"):
		s := f.service()
		n.Service = &s
	default:
		return graph.Node{}, fmt.Errorf("node %q is neither an organisation nor a service", f.str("id"))
	}
	return n, f.err
}

// toNodes decodes a list of nodes projected by project.
func toNodes(l []any) ([]graph.Node, error) {
	ns := make([]graph.Node, len(l))
	for i, v := range l {
		n, err := toNode(v)
		if err != nil {
			return nil, err
		}
		ns[i] = n
	}
	return ns, nil
}

// toRelationship decodes an edge returned by projectRel: {edge, from, to}.
func toRelationship(v any) (graph.Relationship, error) {
	m := asFields("edge", v)
	rel, ok := m.m["edge"].(n4j.Relationship)
	if !ok {
		return graph.Relationship{}, fmt.Errorf("unexpected edge value %T", m.m["edge"])
	}
	f := &fields{what: "edge", m: rel.Props}
	r := graph.Relationship{
		ID: f.str("id"), Type: graph.RelType(rel.Type), From: m.str("from"), To: m.str("to"),
		Year: f.str("year"), Services: f.strs("services"), Mechanism: f.str("mechanism"),
		Mode: f.str("mode"), Note: f.str("note"), ValidFrom: f.str("validFrom"), ValidTo: f.str("validTo"),
		Confidence: graph.Confidence(f.str("confidence")), Sources: f.sources(),
	}
	if v, ok := f.m["amountGbp"]; ok && v != nil {
		a := f.num("amountGbp")
		r.AmountGBP = &a
	}
	if v, ok := f.m["patients"]; ok && v != nil {
		n := f.num("patients")
		r.Patients = &n
	}
	if v, ok := f.m["share"]; ok && v != nil {
		x := get[float64](f, "share")
		r.Share = &x
	}
	if m.err != nil {
		return r, m.err
	}
	return r, f.err
}

// toRelationships decodes a list of edges projected by projectRel.
func toRelationships(l []any) ([]graph.Relationship, error) {
	rs := make([]graph.Relationship, len(l))
	for i, v := range l {
		r, err := toRelationship(v)
		if err != nil {
			return nil, err
		}
		rs[i] = r
	}
	return rs, nil
}

// typeParams returns the $types and $all parameters for a type filter,
// which graph.CheckTypes has passed: the names, and whether every type is
// wanted.
func typeParams(types []graph.RelType) (names []string, all bool) {
	names = make([]string, len(types))
	for i, t := range types {
		names[i] = string(t)
	}
	return names, len(types) == 0
}

// edgeParams adds to into the $outTypes and $inTypes parameters of the
// typed expansions (see expandAt) for edges of types (nil: every type) in
// direction dir, which graph.CheckEdges has passed, and returns it.
func edgeParams(types []graph.RelType, dir graph.Direction, into map[string]any) map[string]any {
	names, all := typeParams(types)
	if all {
		names = allTypeNames
	}
	if into == nil {
		into = map[string]any{}
	}
	into["outTypes"], into["inTypes"] = []string{}, []string{}
	if dir != graph.Incoming {
		into["outTypes"] = names
	}
	if dir != graph.Outgoing {
		into["inTypes"] = names
	}
	return into
}

// allTypeNames names every relationship type.
var allTypeNames = relTypeNames()
