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

// figure reads back what putFigure stored: nil when it stored nothing.
func figure(p map[string]any, name string) *graph.Figure {
	v, ok := p[name].(int64)
	if !ok {
		return nil
	}
	return &graph.Figure{Value: v, AsOf: str(p, name+"AsOf"), Note: str(p, name+"Note"),
		Sources: sourcesOf(p, name+"SourceTitles", name+"SourceUrls")}
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

// Reading back.

func str(p map[string]any, k string) string {
	s, _ := p[k].(string)
	return s
}

func strs(p map[string]any, k string) []string {
	l, _ := p[k].([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, v := range l {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}

func sources(p map[string]any) []graph.Source {
	return sourcesOf(p, "sourceTitles", "sourceUrls")
}

// sourcesOf reads sources stored as the parallel lists titleKey and urlKey.
func sourcesOf(p map[string]any, titleKey, urlKey string) []graph.Source {
	titles, urls := strs(p, titleKey), strs(p, urlKey)
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

func toOrganisation(p map[string]any) graph.Organisation {
	count, _ := p["count"].(int64)
	return graph.Organisation{
		ID: str(p, "id"), Name: str(p, "name"), ShortName: str(p, "shortName"),
		Kind: graph.Kind(str(p, "kind")), LegalForm: str(p, "legalForm"), Tier: graph.Tier(str(p, "tier")),
		Role: str(p, "role"), Group: str(p, "group"), Status: str(p, "status"), Count: int(count),
		CountNote: str(p, "countNote"), Budget: str(p, "budget"), Established: str(p, "established"),
		Notes: str(p, "notes"), InstanceOf: str(p, "instanceOf"),
		Codes:     graph.Codes{ODS: str(p, "ods"), ONS: str(p, "ons")},
		ValidFrom: str(p, "validFrom"), ValidTo: str(p, "validTo"),
		Confidence: graph.Confidence(str(p, "confidence")), Sources: sources(p),
		FTAuthorised:       str(p, "ftAuthorised"),
		FTBy:               str(p, "ftBy"),
		RegisteredPatients: figure(p, "registeredPatients"),
		MemberPractices:    figure(p, "memberPractices"),
		OperatingName:      str(p, "operatingName"),
	}
}

func toService(p map[string]any) graph.Service {
	return graph.Service{
		ID: str(p, "id"), Name: str(p, "name"), Description: str(p, "description"),
		Domain: str(p, "domain"), Notes: str(p, "notes"),
		Confidence: graph.Confidence(str(p, "confidence")), Sources: sources(p),
	}
}

// toNode converts a Neo4j node labelled :Organisation or :Service.
func toNode(n n4j.Node) (graph.Node, error) {
	switch {
	case slices.Contains(n.Labels, "Organisation"):
		o := toOrganisation(n.Props)
		return graph.Node{Organisation: &o}, nil
	case slices.Contains(n.Labels, "Service"):
		v := toService(n.Props)
		return graph.Node{Service: &v}, nil
	}
	return graph.Node{}, fmt.Errorf("node %q is neither an organisation nor a service", str(n.Props, "id"))
}

func toRelationship(r n4j.Relationship, from, to string) graph.Relationship {
	p := r.Props
	out := graph.Relationship{
		ID: str(p, "id"), Type: graph.RelType(r.Type), From: from, To: to,
		Year: str(p, "year"), Services: strs(p, "services"), Mechanism: str(p, "mechanism"),
		Mode: str(p, "mode"), Note: str(p, "note"), ValidFrom: str(p, "validFrom"), ValidTo: str(p, "validTo"),
		Confidence: graph.Confidence(str(p, "confidence")), Sources: sources(p),
	}
	if a, ok := p["amountGbp"].(int64); ok {
		out.AmountGBP = &a
	}
	if n, ok := p["patients"].(int64); ok {
		out.Patients = &n
	}
	if f, ok := p["share"].(float64); ok {
		out.Share = &f
	}
	return out
}

// relTriple converts [r, fromId, toId] as returned in a list by qFetch and
// qSubgraph.
func relTriple(v any) (graph.Relationship, error) {
	l, ok := v.([]any)
	if ok && len(l) == 3 {
		r, ok1 := l[0].(n4j.Relationship)
		from, ok2 := l[1].(string)
		to, ok3 := l[2].(string)
		if ok1 && ok2 && ok3 {
			return toRelationship(r, from, to), nil
		}
	}
	return graph.Relationship{}, fmt.Errorf("unexpected edge value %T", v)
}

// typeParams returns the $all and $types parameters for a type filter,
// which graph.CheckTypes has passed.
func typeParams(types []graph.RelType) (all bool, names []string) {
	names = make([]string, len(types))
	for i, t := range types {
		names[i] = string(t)
	}
	return len(types) == 0, names
}
