package seed

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"caremap/graph"
)

// The class nodes instances belong to, and the body at the top of NHS
// England's structure.
const (
	classRegions     = "nhse-regional-teams"
	classAreaTeams   = "nhse-area-teams"
	classCCGs        = "clinical-commissioning-groups"
	classCouncils    = "upper-tier-local-authorities"
	classHWBs        = "health-and-wellbeing-boards"
	classHealthwatch = "local-healthwatch"
	classFTs         = "nhs-foundation-trusts"
	classTrusts      = "nhs-trusts"
	classPractices   = graph.GPPractices
	classPCTs        = "primary-care-trusts"
	classSHAs        = "strategic-health-authorities"
	nhsEngland       = "nhs-england"
	cqc              = "care-quality-commission"
	monitor          = "monitor"
	nhsTDA           = "nhs-trust-development-authority"
	phe              = "public-health-england"
)

// Columns of each instance file.
var (
	regionColumns   = []string{"region_code", "region_ons_code", "name", "area_teams", "ccgs"}
	areaTeamColumns = []string{"area_team_code", "area_team_name", "name_hscic", "ons_code", "ons_name", "region_code", "region_ons_code", "region_name", "ccg_count"}
	ccgColumns      = []string{"ods_code", "ons_code", "name", "area_team_code", "area_team_name", "area_team_name_hscic", "area_team_ons_code", "area_team_name_ons", "region_code", "region_ons_code", "region_name", "gp_practices_with_patients_2013q2", "registered_patients_2013q2"}
	councilColumns  = []string{"ons_code", "name", "la_type", "ons_region", "has_health_and_wellbeing_board"}
	trustColumns    = []string{"ods_code", "name", "name_as_of", "open_date", "close_date", "ft_authorised", "ft_by", "postcode", "sources"}
)

// Code formats.
var (
	regionODS   = codeFormat{regexp.MustCompile(`^Y\d{2}$`), "an ODS region code: Y and two digits, e.g. Y54"}
	regionONS   = codeFormat{regexp.MustCompile(`^E40\d{6}$`), "an ONS NHS commissioning region code: E40 and six digits"}
	areaTeamODS = codeFormat{regexp.MustCompile(`^Q\d{2}$`), "an ODS area team code: Q and two digits, e.g. Q44"}
	areaTeamONS = codeFormat{regexp.MustCompile(`^E39\d{6}$`), "an ONS NHS area team code: E39 and six digits"}
	ccgODS      = codeFormat{regexp.MustCompile(`^\d{2}[A-Z]$`), "an ODS CCG code: two digits and a capital letter, e.g. 02N"}
	ccgONS      = codeFormat{regexp.MustCompile(`^E38\d{6}$`), "an ONS CCG code: E38 and six digits"}
	councilONS  = codeFormat{regexp.MustCompile(`^E(06|08|09|10)\d{6}$`), "an ONS upper-tier local authority code: E06, E08, E09 or E10 and six digits"}
	trustODS    = codeFormat{regexp.MustCompile(`^[RT][A-Z0-9]{2}$`), "an ODS NHS trust code: R or T and two capitals or digits, e.g. RA3 or TAF"}
)

type codeFormat struct {
	re      *regexp.Regexp
	allowed string
}

// instances generates organisations and edges from the instance lists.
type instances struct {
	b        *builder
	orgs     map[string]*graph.Organisation
	classRel map[string]graph.Relationship // "from TYPE to" -> class-level edge
	regions  map[string]*regionRow         // by ODS code
	teams    map[string]*areaTeamRow       // by ODS code
	ccgs     map[string]int                // by ODS code: index into b.orgs
	councils map[string]string             // by ONS code: council id
	boards   map[string]string             // by council ONS code: HWB id
	shas     map[string]*shaRow            // by ODS code
	pcts     map[string]*pctRow            // by ODS code
	counted  map[string]string             // class id -> the file its instances came from
	snapshot string                        // YYYYMMDD
	rowSrcs  map[string][]graph.Source     // sources column value -> resolved sources
}

type regionRow struct {
	at               origin
	id, ons          string
	teams, ccgs      int // as the file says
	gotTeams, gotCCG int // as counted
}

type areaTeamRow struct {
	at          origin
	id, ons     string
	region      string
	ccgs, gotCC int
}

// loadInstances reads the instance lists and adds their organisations and
// edges to the builder.
func (b *builder) loadInstances(files map[string][]byte) {
	g := &instances{
		b:        b,
		orgs:     make(map[string]*graph.Organisation, len(b.orgs)),
		classRel: make(map[string]graph.Relationship, len(b.rels)),
		regions:  map[string]*regionRow{},
		teams:    map[string]*areaTeamRow{},
		ccgs:     map[string]int{},
		councils: map[string]string{},
		boards:   map[string]string{},
		shas:     map[string]*shaRow{},
		pcts:     map[string]*pctRow{},
		counted:  map[string]string{},
		snapshot: strings.ReplaceAll(b.meta.SnapshotDate, "-", ""),
		rowSrcs:  map[string][]graph.Source{},
	}
	for i := range b.orgs {
		g.orgs[b.orgs[i].rec.ID] = &b.orgs[i].rec
	}
	for _, r := range b.rels {
		// Where two class edges join the same ends with one type, the
		// first in the file is the one instance edges mirror.
		if k := classKey(r.rec.From, r.rec.Type, r.rec.To); g.classRel[k].ID == "" {
			g.classRel[k] = r.rec
		}
	}
	srcs := b.meta.InstanceSources
	g.regionsFrom(readCSV(b.p, fileRegions, files[fileRegions], regionColumns), g.sources(fileRegions, "regions", srcs.Regions))
	g.areaTeamsFrom(readCSV(b.p, fileAreaTeams, files[fileAreaTeams], areaTeamColumns), g.sources(fileAreaTeams, "area_teams", srcs.AreaTeams))
	g.ccgsFrom(readCSV(b.p, fileCCGs, files[fileCCGs], ccgColumns), g.sources(fileCCGs, "ccgs", srcs.CCGs))
	g.checkCounts()
	g.councilsFrom(readCSV(b.p, fileCouncils, files[fileCouncils], councilColumns), g.sources(fileCouncils, "councils", srcs.Councils))
	g.trusts(files[fileTrusts])
	g.practicesFrom(readCSV(b.p, filePractices, files[filePractices], practiceColumns))
	g.shasFrom(readCSV(b.p, fileSHAs, files[fileSHAs], shaColumns))
	g.pctsFrom(readCSV(b.p, filePCTs, files[filePCTs], pctColumns))
	g.pctSuccessorsFrom(readCSV(b.p, filePCTSuccessor, files[filePCTSuccessor], pctSuccessorColumns))
	g.shaSuccessorsFrom(readCSV(b.p, fileSHASuccessor, files[fileSHASuccessor], shaSuccessorColumns))
	g.ccgCouncilsFrom(readCSV(b.p, fileCCGCouncils, files[fileCCGCouncils], ccgCouncilColumns))
	g.allocationsFrom(readCSV(b.p, fileAllocations, files[fileAllocations], allocationColumns))
	g.grantsFrom(readCSV(b.p, filePHGrant, files[filePHGrant], grantColumns))
	g.classCounts()
	g.checkStatus()
}

func classKey(from string, t graph.RelType, to string) string {
	return from + " " + string(t) + " " + to
}

// sources resolves the sources dataset.yaml names for one instance list.
func (g *instances) sources(file, list string, keys []string) []graph.Source {
	if len(keys) == 0 {
		g.b.p.add(origin{fileDataset, "(file)"}, "instance_sources.%s is missing: every record made from %s needs a source key from %s", list, file, fileSources)
		return nil
	}
	return g.b.resolveSources(origin{fileDataset, "(file)"}, keys)
}

// class returns the class node id, reporting once per file if it is missing.
func (g *instances) class(file, id string) *graph.Organisation {
	if c := g.orgs[id]; c != nil {
		return c
	}
	if g.b.p.broken[fileOrganisations] {
		return nil
	}
	g.b.p.add(origin{file, "(file)"}, "the class node %q is missing from %s: the rows of this file are its instances", id, fileOrganisations)
	return nil
}

// rowSources resolves a row's sources column: source keys separated by
// ";". A value is resolved (and its problems reported) once.
func (g *instances) rowSources(row csvRow) []graph.Source {
	v := row.get("sources")
	if srcs, ok := g.rowSrcs[v]; ok {
		return srcs
	}
	var keys []string
	for k := range strings.SplitSeq(v, ";") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	var srcs []graph.Source
	if len(keys) == 0 {
		g.b.p.add(row.at, "sources is empty: allowed: source keys from %s, separated by ;", fileSources)
	} else {
		srcs = g.b.resolveSources(row.at, keys)
	}
	g.rowSrcs[v] = srcs
	return srcs
}

// code checks a code column against its format.
func (g *instances) code(row csvRow, col string, f codeFormat) (string, bool) {
	v := row.get(col)
	if !f.re.MatchString(v) {
		g.b.p.add(row.at, "%s %q: allowed: %s", col, v, f.allowed)
		return v, false
	}
	return v, true
}

// count parses a non-negative whole number column.
func (g *instances) count(row csvRow, col string) int {
	n, err := strconv.Atoi(row.get(col))
	if err != nil || n < 0 {
		g.b.p.add(row.at, "%s %q: allowed: a whole number, 0 or more", col, row.get(col))
		return 0
	}
	return n
}

// text returns a required text column.
func (g *instances) text(row csvRow, col string) string {
	v := row.get(col)
	if v == "" {
		g.b.p.add(row.at, "%s is empty: it is required", col)
	}
	return v
}

// yesNo parses a yes/no column.
func (g *instances) yesNo(row csvRow, col string) bool {
	switch row.get(col) {
	case "yes":
		return true
	case "no":
		return false
	}
	g.b.p.add(row.at, "%s %q: allowed: yes, no", col, row.get(col))
	return false
}

// date parses a date column, ISO (2013-04-01) or as ODS writes it
// (20130401), into an ISO date; an empty optional column stays "".
func (g *instances) date(row csvRow, col string, required bool) string {
	v := row.get(col)
	if v == "" && !required {
		return ""
	}
	for _, layout := range []string{time.DateOnly, "20060102"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	g.b.p.add(row.at, "%s %q: allowed: a date YYYY-MM-DD or YYYYMMDD, e.g. 2013-04-01", col, v)
	return ""
}

// pounds parses a whole number of pounds.
func (g *instances) pounds(row csvRow, col string) (int64, bool) {
	n, err := strconv.ParseInt(row.get(col), 10, 64)
	if err != nil || n < 0 {
		g.b.p.add(row.at, "%s %q: allowed: a whole number of pounds, 0 or more, digits only (e.g. 123456000)", col, row.get(col))
		return 0, false
	}
	return n, true
}

// optionalCount parses an optional whole number column: nil when empty.
func (g *instances) optionalCount(row csvRow, col string) *int64 {
	if row.get(col) == "" {
		return nil
	}
	n := int64(g.count(row, col))
	return &n
}

// share parses an optional fraction column (0 to 1): nil when empty.
func (g *instances) share(row csvRow, col string) *float64 {
	v := row.get(col)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1 || math.IsNaN(f) {
		g.b.p.add(row.at, "%s %q: allowed: a fraction from 0 to 1, e.g. 0.25", col, v)
		return nil
	}
	return &f
}

// instance adds an instance organisation and its INSTANCE_OF edge.
func (g *instances) instance(at origin, class *graph.Organisation, o graph.Organisation, instConf graph.Confidence, instNote string) {
	o.Kind, o.Tier, o.Group = class.Kind, class.Tier, class.Group
	o.InstanceOf = class.ID
	o.Count = 1
	if o.Status == "" {
		o.Status = "active"
	}
	if o.ValidFrom == "" {
		o.ValidFrom = class.ValidFrom
	}
	if o.Confidence == "" {
		o.Confidence = graph.ConfidenceHigh
	}
	g.b.orgs = append(g.b.orgs, located[graph.Organisation]{o, at})
	g.edge(at, graph.Relationship{ID: "inst-" + o.ID, Type: graph.InstanceOf, From: o.ID, To: class.ID,
		Note: instNote, Confidence: instConf, Sources: o.Sources})
	if _, ok := g.counted[class.ID]; !ok {
		g.counted[class.ID] = at.file
	}
}

// edge adds a generated edge.
func (g *instances) edge(at origin, r graph.Relationship) {
	if r.Confidence == "" {
		r.Confidence = graph.ConfidenceHigh
	}
	g.b.rels = append(g.b.rels, located[graph.Relationship]{r, at})
}

// mirror adds an edge between instances that mirrors the class-level edge
// fromClass TYPE toClass, citing its sources as well as srcs and taking its
// confidence (unless r has one) and its mechanism and mode (where it has
// them). Without the class-level edge it adds nothing
// unless always is set, in which case the edge cites srcs alone.
func (g *instances) mirror(at origin, r graph.Relationship, fromClass, toClass string, srcs []graph.Source, always bool) {
	c, ok := g.classRel[classKey(fromClass, r.Type, toClass)]
	if !ok {
		if always {
			r.Sources = srcs
			g.edge(at, r)
		}
		return
	}
	if r.Confidence == "" {
		r.Confidence = c.Confidence
	}
	if c.Mechanism != "" {
		r.Mechanism = c.Mechanism
	}
	if c.Mode != "" {
		r.Mode = c.Mode
	}
	r.Sources = mergeSources(srcs, c.Sources)
	g.edge(at, r)
}

// mergeSources returns a then the sources of b not in a.
func mergeSources(a, b []graph.Source) []graph.Source {
	out := slices.Clip(slices.Clone(a))
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func (g *instances) regionsFrom(rows []csvRow, srcs []graph.Source) {
	class := g.class(fileRegions, classRegions)
	if class == nil || g.orgs[nhsEngland] == nil {
		if class != nil {
			g.b.p.add(origin{fileRegions, "(file)"}, "%q is missing from %s: regions are part of it", nhsEngland, fileOrganisations)
		}
		return
	}
	for _, row := range rows {
		code, ok := g.code(row, "region_code", regionODS)
		ons, _ := g.code(row, "region_ons_code", regionONS)
		name := g.text(row, "name")
		reg := &regionRow{at: row.at, ons: ons, teams: g.count(row, "area_teams"), ccgs: g.count(row, "ccgs")}
		if !ok {
			continue
		}
		reg.id = "region-" + strings.ToLower(code)
		if _, dup := g.regions[code]; dup {
			g.b.p.add(row.at, "region_code %s is listed twice", code)
			continue
		}
		g.regions[code] = reg
		o := graph.Organisation{
			ID: reg.id, Name: name + " (NHS England region)", ShortName: name,
			LegalForm: "regional team of NHS England (internal division)",
			Role:      fmt.Sprintf("One of NHS England's four regional teams in 2013: oversees the area teams of %s.", name),
			Codes:     graph.Codes{ODS: code, ONS: ons}, Sources: srcs,
		}
		g.instance(row.at, class, o, graph.ConfidenceHigh, "")
		g.mirror(row.at, graph.Relationship{ID: "part-" + reg.id, Type: graph.PartOf, From: reg.id, To: nhsEngland},
			classRegions, nhsEngland, srcs, true)
	}
}

func (g *instances) areaTeamsFrom(rows []csvRow, srcs []graph.Source) {
	class := g.class(fileAreaTeams, classAreaTeams)
	if class == nil {
		return
	}
	onsUses := map[string]int{}
	for _, row := range rows {
		onsUses[row.get("ons_code")]++
	}
	for _, row := range rows {
		code, ok := g.code(row, "area_team_code", areaTeamODS)
		ons, _ := g.code(row, "ons_code", areaTeamONS)
		name := g.text(row, "area_team_name")
		regionCode := row.get("region_code")
		team := &areaTeamRow{at: row.at, ons: ons, region: regionCode, ccgs: g.count(row, "ccg_count")}
		reg := g.regions[regionCode]
		if reg == nil {
			if !g.b.p.broken[fileRegions] {
				g.b.p.add(row.at, "region_code %q names no region: allowed: a region_code from %s", regionCode, fileRegions)
			}
		} else if row.get("region_ons_code") != reg.ons {
			g.b.p.add(row.at, "region_ons_code %q disagrees with region %s's code %q in %s", row.get("region_ons_code"), regionCode, reg.ons, fileRegions)
		}
		if !ok {
			continue
		}
		team.id = "area-team-" + strings.ToLower(code)
		if _, dup := g.teams[code]; dup {
			g.b.p.add(row.at, "area_team_code %s is listed twice", code)
			continue
		}
		g.teams[code] = team
		notes := ""
		codes := graph.Codes{ODS: code, ONS: ons}
		if onsUses[ons] > 1 {
			codes.ONS = ""
			notes = fmt.Sprintf("ONS geography merges this area team with others into one unit (%s, %s), so it has no ONS code of its own.", ons, row.get("ons_name"))
		}
		o := graph.Organisation{
			ID: team.id, Name: name + " (NHS England area team)", ShortName: name,
			LegalForm: "area team of NHS England (internal division)",
			Role:      fmt.Sprintf("NHS England's local office for %s: develops and assures its CCGs and directly commissions GP, dental, pharmacy and eye services.", name),
			Notes:     notes, Codes: codes, Sources: srcs,
		}
		g.instance(row.at, class, o, graph.ConfidenceHigh, "")
		if reg != nil {
			reg.gotTeams++
			g.mirror(row.at, graph.Relationship{ID: "part-" + team.id, Type: graph.PartOf, From: team.id, To: reg.id},
				classAreaTeams, classRegions, srcs, true)
		}
	}
}

func (g *instances) ccgsFrom(rows []csvRow, srcs []graph.Source) {
	class := g.class(fileCCGs, classCCGs)
	if class == nil {
		return
	}
	for _, row := range rows {
		code, ok := g.code(row, "ods_code", ccgODS)
		ons, _ := g.code(row, "ons_code", ccgONS)
		name := g.text(row, "name")
		practices := g.count(row, "gp_practices_with_patients_2013q2")
		patients := g.count(row, "registered_patients_2013q2")
		teamCode := row.get("area_team_code")
		team := g.teams[teamCode]
		if team == nil {
			if !g.b.p.broken[fileAreaTeams] {
				g.b.p.add(row.at, "area_team_code %q names no area team: allowed: an area_team_code from %s", teamCode, fileAreaTeams)
			}
		} else {
			if row.get("region_code") != team.region {
				g.b.p.add(row.at, "region_code %q disagrees with area team %s's region %q in %s", row.get("region_code"), teamCode, team.region, fileAreaTeams)
			}
			if row.get("area_team_ons_code") != team.ons {
				g.b.p.add(row.at, "area_team_ons_code %q disagrees with area team %s's ONS code %q in %s", row.get("area_team_ons_code"), teamCode, team.ons, fileAreaTeams)
			}
		}
		if !ok {
			continue
		}
		id := "ccg-" + strings.ToLower(code)
		if _, dup := g.ccgs[code]; dup {
			g.b.p.add(row.at, "ods_code %s is listed twice", code)
			continue
		}
		// The list sizes of the CCG list stand until the GP practice list,
		// if there is one, gives the figures as at the snapshot.
		const period = "July to September 2013"
		o := graph.Organisation{
			ID: id, Name: name, LegalForm: "clinical commissioning group (statutory NHS body)",
			Role:  "Clinical commissioning group: plans and buys most hospital, community and mental health care for its population; its members are the local GP practices.",
			Codes: graph.Codes{ODS: code, ONS: ons}, Sources: srcs,
			RegisteredPatients: &graph.Figure{Value: int64(patients), AsOf: period, Sources: srcs,
				Note: "The registered lists of its member practices, added up (HSCIC list sizes)."},
			MemberPractices: &graph.Figure{Value: int64(practices), AsOf: period, Sources: srcs,
				Note: "Member GP practices with registered patients (HSCIC list sizes)."},
		}
		g.ccgs[code] = len(g.b.orgs)
		g.instance(row.at, class, o, graph.ConfidenceHigh, "")
		if team != nil {
			team.gotCC++
			if reg := g.regions[team.region]; reg != nil {
				reg.gotCCG++
			}
			g.edge(row.at, graph.Relationship{ID: "part-" + id, Type: graph.PartOf, From: id, To: team.id,
				Note: "The CCG lies in this NHS England area team's area; the area team assures it.", Sources: srcs})
		}
	}
}

// checkCounts compares the counts the region and area team files state
// with the rows that name them.
func (g *instances) checkCounts() {
	if g.b.p.broken[fileRegions] || g.b.p.broken[fileAreaTeams] || g.b.p.broken[fileCCGs] {
		return
	}
	for code, r := range g.regions {
		if r.teams != r.gotTeams {
			g.b.p.add(r.at, "area_teams says %d but %s lists %d area teams in region %s", r.teams, fileAreaTeams, r.gotTeams, code)
		}
		if r.ccgs != r.gotCCG {
			g.b.p.add(r.at, "ccgs says %d but %s lists %d CCGs in region %s", r.ccgs, fileCCGs, r.gotCCG, code)
		}
	}
	for code, t := range g.teams {
		if t.ccgs != t.gotCC {
			g.b.p.add(t.at, "ccg_count says %d but %s lists %d CCGs in area team %s", t.ccgs, fileCCGs, t.gotCC, code)
		}
	}
}

func (g *instances) councilsFrom(rows []csvRow, srcs []graph.Source) {
	council, hwb, hw := g.class(fileCouncils, classCouncils), g.class(fileCouncils, classHWBs), g.class(fileCouncils, classHealthwatch)
	if council == nil || hwb == nil || hw == nil {
		return
	}
	for _, row := range rows {
		code, ok := g.code(row, "ons_code", councilONS)
		place := g.text(row, "name")
		laType := g.text(row, "la_type")
		region := g.text(row, "ons_region")
		hasBoard := g.yesNo(row, "has_health_and_wellbeing_board")
		if !ok {
			continue
		}
		suffix := strings.ToLower(code)
		cid, bid, hid := "council-"+suffix, "hwb-"+suffix, "healthwatch-"+suffix
		if _, dup := g.councils[code]; dup {
			g.b.p.add(row.at, "ons_code %s is listed twice", code)
			continue
		}
		g.councils[code] = cid
		if hasBoard {
			g.boards[code] = bid
		}
		g.instance(row.at, council, graph.Organisation{
			ID: cid, Name: councilName(place, laType), ShortName: place, LegalForm: laType,
			Role:  fmt.Sprintf("Upper-tier council for %s: public health, adult social care, the health and wellbeing board and scrutiny of the local NHS.", place),
			Notes: "ONS region: " + region + ".", Codes: graph.Codes{ONS: code}, Sources: srcs,
		}, graph.ConfidenceHigh, "")
		if hasBoard {
			g.instance(row.at, hwb, graph.Organisation{
				ID: bid, Name: place + " Health and Wellbeing Board", ShortName: place + " HWB",
				LegalForm: "statutory committee of the council",
				Role:      fmt.Sprintf("Brings %s's NHS commissioners, council and Healthwatch together to assess local needs and agree a joint health and wellbeing strategy.", place),
				Sources:   mergeSources(srcs, hwb.Sources),
			}, graph.ConfidenceHigh, "")
			g.mirror(row.at, graph.Relationship{ID: "part-" + bid, Type: graph.PartOf, From: bid, To: cid},
				classHWBs, classCouncils, srcs, true)
		}
		g.instance(row.at, hw, graph.Organisation{
			ID: hid, Name: "Healthwatch " + place, LegalForm: "local Healthwatch organisation commissioned by the council",
			Role:    fmt.Sprintf("Local Healthwatch for %s: gathers people's views of local health and care and speaks for them.", place),
			Sources: mergeSources(srcs, hw.Sources),
		}, graph.ConfidenceHigh, "")
		g.mirror(row.at, graph.Relationship{ID: "comm-" + hid, Type: graph.Commissions, From: cid, To: hid},
			classCouncils, classHealthwatch, srcs, false)
		g.mirror(row.at, graph.Relationship{ID: "acct-" + hid, Type: graph.AccountableTo, From: hid, To: cid},
			classHealthwatch, classCouncils, srcs, false)
		if hasBoard {
			g.mirror(row.at, graph.Relationship{ID: "memb-" + hid, Type: graph.MemberOf, From: hid, To: bid},
				classHealthwatch, classHWBs, srcs, false)
		}
	}
}

// councilName names a council from its place and ONS type without
// inventing a style the data does not give: "Kent County Council",
// "City of London Corporation", "Hartlepool (unitary authority)".
func councilName(place, laType string) string {
	switch {
	case laType == "county council":
		return place + " County Council"
	case strings.Contains(laType, "(sui generis"):
		name, _, _ := strings.Cut(laType, " (")
		return name
	}
	return place + " (" + laType + ")"
}
