package seed

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"caremap/graph"
)

var (
	sourceKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	yearPattern      = regexp.MustCompile(`^(\d{4})/(\d{2})$`)
)

const (
	idAllowed   = graph.IDAllowed
	dateAllowed = "an ISO date YYYY-MM-DD, e.g. 2013-04-01"
)

// builder turns the dataset's files into a graph.Dataset, reporting every
// problem on the way.
type builder struct {
	p        *problems
	meta     datasetRecord
	sources  map[string]graph.Source
	groups   []located[graph.Group]
	orgs     []located[graph.Organisation]
	services []located[graph.Service]
	rels     []located[graph.Relationship]
	glossary []located[graph.Term]
	// statedCount holds the counts organisations.yaml states, by id: a
	// class with instances must state the number it has, or none.
	statedCount map[string]int
	sourceKinds map[string]string // source key -> its kind
}

func newBuilder(p *problems) *builder {
	return &builder{p: p, sources: map[string]graph.Source{}, statedCount: map[string]int{}, sourceKinds: map[string]string{}}
}

// build runs every stage; stages after a broken file still run on what was
// readable, so one load reports as much as it can.
func (b *builder) build(files map[string][]byte) graph.Dataset {
	b.loadSources(files[fileSources])
	b.loadMeta(files[fileDataset])
	b.loadGroups(files[fileGroups])
	b.loadOrganisations(files[fileOrganisations])
	b.loadServices(files[fileServices])
	b.loadRelationships(files[fileRelationships])
	b.loadGlossary(files[fileGlossary])
	b.loadInstances(files)
	b.validate()

	ds := graph.Dataset{Version: b.meta.Version}
	for _, g := range b.groups {
		ds.Groups = append(ds.Groups, g.rec)
	}
	for _, o := range b.orgs {
		ds.Organisations = append(ds.Organisations, o.rec)
	}
	for _, s := range b.services {
		ds.Services = append(ds.Services, s.rec)
	}
	for _, r := range b.rels {
		ds.Relationships = append(ds.Relationships, r.rec)
	}
	for _, t := range b.glossary {
		ds.Glossary = append(ds.Glossary, t.rec)
	}
	return ds
}

func (b *builder) loadMeta(data []byte) {
	at := origin{fileDataset, "(file)"}
	if data == nil {
		return // missing: reported already
	}
	root, ok := parseYAML(b.p, fileDataset, data)
	if root == nil {
		if ok {
			b.p.add(at, "the file is empty: it needs version, title and snapshot_date")
		}
		return
	}
	if !decodeMapping(b.p, at, root, &b.meta) {
		return
	}
	if b.meta.Version == "" {
		b.p.add(at, "version is missing: give the dataset version, e.g. 2013-04-01+1")
	}
	if b.meta.Title == "" {
		b.p.add(at, "title is missing")
	}
	if b.meta.SnapshotDate == "" {
		b.p.add(at, "snapshot_date is missing: allowed: %s", dateAllowed)
	} else {
		b.checkDate(at, "snapshot_date", b.meta.SnapshotDate)
	}
}

func (b *builder) loadSources(data []byte) {
	for _, s := range decodeList[sourceRecord](b.p, fileSources, data, "key") {
		r, at := s.rec, s.at
		switch {
		case r.Key == "":
			b.p.add(at, "key is missing: allowed: letters, digits and underscores, e.g. govuk_hcs_explained")
			continue
		case !sourceKeyPattern.MatchString(r.Key):
			b.p.add(at, "key %q: allowed: letters, digits and underscores, e.g. govuk_hcs_explained", r.Key)
		}
		if _, dup := b.sources[r.Key]; dup {
			b.p.add(at, "duplicate source key %q: each key is defined once", r.Key)
			continue
		}
		if strings.TrimSpace(r.Title) == "" {
			b.p.add(at, "title is missing: every source needs a title (who, what, when)")
		}
		if u, err := url.Parse(r.URL); r.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			b.p.add(at, "url %q: allowed: an absolute http or https URL", r.URL)
		}
		if !slices.Contains(sourceKinds, r.Kind) {
			b.p.add(at, "kind %q: allowed: %s", r.Kind, strings.Join(sourceKinds, ", "))
		}
		b.sources[r.Key] = graph.Source{Title: r.Title, URL: r.URL}
		b.sourceKinds[r.Key] = r.Kind
	}
}

func (b *builder) loadGroups(data []byte) {
	for _, g := range decodeList[groupRecord](b.p, fileGroups, data, "id") {
		r, at := g.rec, g.at
		b.checkID(at, r.ID)
		if r.Name == "" {
			b.p.add(at, "name is missing")
		}
		b.groups = append(b.groups, located[graph.Group]{graph.Group{ID: r.ID, Name: r.Name, Description: r.Description}, at})
	}
	seen := map[string]origin{}
	for _, g := range b.groups {
		if first, dup := seen[g.rec.ID]; dup && g.rec.ID != "" {
			b.p.add(g.at, "duplicate group id %q: also defined at %s", g.rec.ID, first)
		} else {
			seen[g.rec.ID] = g.at
		}
	}
}

func (b *builder) hasGroup(id string) bool {
	return slices.ContainsFunc(b.groups, func(g located[graph.Group]) bool { return g.rec.ID == id })
}

func (b *builder) loadOrganisations(data []byte) {
	for _, o := range decodeList[organisationRecord](b.p, fileOrganisations, data, "id") {
		r, at := o.rec, o.at
		org := graph.Organisation{
			ID: r.ID, Name: r.Name, OperatingName: r.Operating, ShortName: r.Short, Kind: graph.Kind(r.Kind), LegalForm: r.LegalForm,
			Tier: graph.Tier(r.Tier), Role: r.Role, Group: r.Group, Status: r.Status, Count: 1,
			CountNote: r.CountNote, Budget: r.Budget, Established: r.Established, Notes: r.Notes,
			ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Confidence: graph.Confidence(r.Confidence),
		}
		if org.Status == "" {
			org.Status = "active"
		}
		b.checkID(at, r.ID)
		if r.Name == "" {
			b.p.add(at, "name is missing")
		}
		if r.Role == "" {
			b.p.add(at, "role is missing: say in a sentence or two what the body does")
		}
		if r.Operating != "" && r.Operating == r.Name {
			b.p.add(at, "operating_name %q is the name: give it only where the body works under another name than its legal one", r.Operating)
		}
		if !org.Kind.Valid() {
			b.p.add(at, "unknown kind %q: allowed: %s", r.Kind, graph.KindNames())
		}
		if !org.Tier.Valid() {
			b.p.add(at, "unknown tier %q: allowed: %s", r.Tier, tierNames)
		}
		switch {
		case r.Group == "":
			b.p.add(at, "group is missing: allowed: a group id from %s", fileGroups)
		case !b.hasGroup(r.Group) && !b.p.broken[fileGroups]:
			b.p.add(at, "unknown group %q: allowed: a group id from %s", r.Group, fileGroups)
		}
		switch {
		case r.Count < 0:
			b.p.add(at, "count %d: allowed: a whole number of bodies, 1 or more (leave it out for a single body)", r.Count)
		case r.Count > 0:
			org.Count = r.Count
			b.statedCount[r.ID] = r.Count
		}
		if r.Graphic != "" && !slices.Contains(graphicValues, r.Graphic) {
			b.p.add(at, "graphic %q: allowed: %s (or leave it out)", r.Graphic, strings.Join(graphicValues, ", "))
		}
		b.checkPeriod(at, r.ValidFrom, r.ValidTo)
		b.checkConfidence(at, org.Confidence)
		org.Sources = b.resolveSources(at, r.Sources)
		b.orgs = append(b.orgs, located[graph.Organisation]{org, at})
	}
}

func (b *builder) loadServices(data []byte) {
	for _, s := range decodeList[serviceRecord](b.p, fileServices, data, "id") {
		r, at := s.rec, s.at
		svc := graph.Service{ID: r.ID, Name: r.Name, Description: r.Description, Domain: r.Domain, Notes: r.Notes,
			Confidence: graph.Confidence(r.Confidence)}
		b.checkID(at, r.ID)
		if r.Name == "" {
			b.p.add(at, "name is missing")
		}
		b.checkConfidence(at, svc.Confidence)
		svc.Sources = b.resolveSources(at, r.Sources)
		b.services = append(b.services, located[graph.Service]{svc, at})
	}
}

func (b *builder) loadRelationships(data []byte) {
	for _, l := range decodeList[relationshipRecord](b.p, fileRelationships, data, "id") {
		r, at := l.rec, l.at
		rel := graph.Relationship{
			ID: r.ID, Type: graph.RelType(r.Type), From: r.From, To: r.To, AmountGBP: r.AmountGBP, Year: r.Year,
			Services: r.Services, Mechanism: r.Mechanism, Mode: r.Mode, Note: r.Note,
			ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Confidence: graph.Confidence(r.Confidence),
		}
		b.checkID(at, r.ID)
		if r.From == "" {
			b.p.add(at, "from is missing: allowed: the id of an organisation or service")
		}
		if r.To == "" {
			b.p.add(at, "to is missing: allowed: the id of an organisation or service")
		}
		b.checkPeriod(at, r.ValidFrom, r.ValidTo)
		b.checkConfidence(at, rel.Confidence)
		rel.Sources = b.resolveSources(at, r.Sources)
		b.rels = append(b.rels, located[graph.Relationship]{rel, at})
	}
}

// checkID reports an empty or badly formed id.
func (b *builder) checkID(at origin, id string) {
	switch {
	case id == "":
		b.p.add(at, "id is missing: allowed: %s", idAllowed)
	case !graph.ValidID(id):
		b.p.add(at, "id %q: allowed: %s", id, idAllowed)
	}
}

func (b *builder) checkConfidence(at origin, c graph.Confidence) {
	if !c.Valid() {
		b.p.add(at, "confidence %q: allowed: %s", c, confidenceList)
	}
}

// checkDate reports a value that is not an ISO date; it returns the date.
func (b *builder) checkDate(at origin, field, v string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		b.p.add(at, "%s %q: allowed: %s", field, v, dateAllowed)
		return time.Time{}, false
	}
	return t, true
}

// checkPeriod checks valid_from and valid_to, each optional.
func (b *builder) checkPeriod(at origin, from, to string) {
	var tf, tt time.Time
	okf, okt := false, false
	if from != "" {
		tf, okf = b.checkDate(at, "valid_from", from)
	}
	if to != "" {
		tt, okt = b.checkDate(at, "valid_to", to)
	}
	if okf && okt && tt.Before(tf) {
		b.p.add(at, "valid_to %s is before valid_from %s: allowed: valid_from on or before valid_to", to, from)
	}
}

// resolveSources turns source keys into sources, reporting missing and
// unknown keys.
func (b *builder) resolveSources(at origin, keys []string) []graph.Source {
	if len(keys) == 0 {
		b.p.add(at, "sources is missing: every record cites at least one source key from %s", fileSources)
		return nil
	}
	out := make([]graph.Source, 0, len(keys))
	for i, k := range keys {
		s, ok := b.sources[k]
		switch {
		case !ok:
			if !b.p.broken[fileSources] {
				b.p.add(at, "unknown source key %q: allowed: a key defined in %s", k, fileSources)
			}
		case slices.Contains(keys[:i], k):
			b.p.add(at, "source key %q is listed twice", k)
		default:
			out = append(out, s)
		}
	}
	return out
}

// checkYear reports a financial year not of the form YYYY/YY (consecutive
// years, e.g. 2013/14).
func checkYear(y string) bool {
	m := yearPattern.FindStringSubmatch(y)
	if m == nil {
		return false
	}
	first, _ := strconv.Atoi(m[1])
	second, _ := strconv.Atoi(m[2])
	return (first+1)%100 == second
}

// endpointWords describes an endpoint rule in words.
func endpointWords(e graph.Endpoint) string {
	switch e {
	case graph.EndOrganisation:
		return "an organisation"
	case graph.EndService:
		return "a service"
	default:
		return "an organisation or a service"
	}
}

// nodeWords says what a node is, for messages.
func nodeWords(isService bool) string {
	if isService {
		return "a service"
	}
	return "an organisation"
}
