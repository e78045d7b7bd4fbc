package seed

import (
	"fmt"
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
	nhsEngland       = "nhs-england"
)

// Columns of each instance file.
var (
	regionColumns   = []string{"region_code", "region_ons_code", "name", "area_teams", "ccgs"}
	areaTeamColumns = []string{"area_team_code", "area_team_name", "name_hscic", "ons_code", "ons_name", "region_code", "region_ons_code", "region_name", "ccg_count"}
	ccgColumns      = []string{"ods_code", "ons_code", "name", "area_team_code", "area_team_name", "area_team_name_hscic", "area_team_ons_code", "area_team_name_ons", "region_code", "region_ons_code", "region_name", "gp_practices_with_patients_2013q2", "registered_patients_2013q2"}
	councilColumns  = []string{"ons_code", "name", "la_type", "ons_region", "has_health_and_wellbeing_board"}
	trustColumns    = []string{"ods_code", "name_latest_in_source", "open_date", "close_date", "postcode", "name_contains_foundation_trust"}
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
	trustODS    = codeFormat{regexp.MustCompile(`^R[A-Z0-9]{2}$`), "an ODS NHS trust code: R and two capitals or digits, e.g. RA3"}
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
	snapshot string                        // YYYYMMDD
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
		snapshot: strings.ReplaceAll(b.meta.SnapshotDate, "-", ""),
	}
	for i := range b.orgs {
		g.orgs[b.orgs[i].rec.ID] = &b.orgs[i].rec
	}
	for _, r := range b.rels {
		g.classRel[classKey(r.rec.From, r.rec.Type, r.rec.To)] = r.rec
	}
	srcs := b.meta.InstanceSources
	g.regionsFrom(readCSV(b.p, fileRegions, files[fileRegions], regionColumns), g.sources(fileRegions, "regions", srcs.Regions))
	g.areaTeamsFrom(readCSV(b.p, fileAreaTeams, files[fileAreaTeams], areaTeamColumns), g.sources(fileAreaTeams, "area_teams", srcs.AreaTeams))
	g.ccgsFrom(readCSV(b.p, fileCCGs, files[fileCCGs], ccgColumns), g.sources(fileCCGs, "ccgs", srcs.CCGs))
	g.checkCounts()
	g.councilsFrom(readCSV(b.p, fileCouncils, files[fileCouncils], councilColumns), g.sources(fileCouncils, "councils", srcs.Councils))
	g.trustsFrom(readCSV(b.p, fileTrusts, files[fileTrusts], trustColumns), g.sources(fileTrusts, "trusts", srcs.Trusts))
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

// odsDate parses an ODS date (YYYYMMDD) into an ISO date; "" stays "".
func (g *instances) odsDate(row csvRow, col string, required bool) string {
	v := row.get(col)
	if v == "" && !required {
		return ""
	}
	t, err := time.Parse("20060102", v)
	if err != nil {
		g.b.p.add(row.at, "%s %q: allowed: a date YYYYMMDD, e.g. 20130401", col, v)
		return ""
	}
	return t.Format(time.DateOnly)
}

// instance adds an instance organisation and its INSTANCE_OF edge.
func (g *instances) instance(at origin, class *graph.Organisation, o graph.Organisation, instConf graph.Confidence, instNote string) {
	o.Kind, o.Tier, o.Group = class.Kind, class.Tier, class.Group
	o.InstanceOf = class.ID
	o.Status, o.Count = "active", 1
	if o.ValidFrom == "" {
		o.ValidFrom = class.ValidFrom
	}
	if o.Confidence == "" {
		o.Confidence = graph.ConfidenceHigh
	}
	g.b.orgs = append(g.b.orgs, located[graph.Organisation]{o, at})
	g.edge(at, graph.Relationship{ID: "inst-" + o.ID, Type: graph.InstanceOf, From: o.ID, To: class.ID,
		Note: instNote, Confidence: instConf, Sources: o.Sources})
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
// confidence and mechanism. Without the class-level edge it adds nothing
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
	r.Confidence, r.Mechanism = c.Confidence, c.Mechanism
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
		o := graph.Organisation{
			ID: id, Name: name, LegalForm: "clinical commissioning group (statutory NHS body)",
			Role:  "Clinical commissioning group: plans and buys most hospital, community and mental health care for its population; its members are the local GP practices.",
			Notes: fmt.Sprintf("%s registered patients in %d GP practices (July to September 2013).", withThousands(patients), practices),
			Codes: graph.Codes{ODS: code, ONS: ons}, Sources: srcs,
		}
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

func (g *instances) trustsFrom(rows []csvRow, srcs []graph.Source) {
	ft, nt := g.class(fileTrusts, classFTs), g.class(fileTrusts, classTrusts)
	if ft == nil || nt == nil {
		return
	}
	for _, row := range rows {
		code, ok := g.code(row, "ods_code", trustODS)
		raw := g.text(row, "name_latest_in_source")
		open := g.odsDate(row, "open_date", true)
		closed := g.odsDate(row, "close_date", false)
		isFT := g.yesNo(row, "name_contains_foundation_trust")
		if g.snapshot != "" && open != "" && (row.get("open_date") > g.snapshot || (closed != "" && row.get("close_date") <= g.snapshot)) {
			g.b.p.add(row.at, "not open on the snapshot date %s (open_date %s, close_date %q): allowed: only trusts open on that day", g.b.meta.SnapshotDate, row.get("open_date"), row.get("close_date"))
		}
		if !ok {
			continue
		}
		class, form := nt, "NHS trust (by its latest name)"
		if isFT {
			class, form = ft, "NHS foundation trust (by its latest name)"
		}
		id := "trust-" + strings.ToLower(code)
		g.instance(row.at, class, graph.Organisation{
			ID: id, Name: titleCase(raw), LegalForm: form,
			Role:  "NHS provider of hospital, mental health, community or ambulance services.",
			Notes: "Name as most recently recorded by the NHS Organisation Data Service; it may differ from the name on 1 April 2013.",
			Codes: graph.Codes{ODS: code}, ValidFrom: open, ValidTo: closed, Sources: srcs,
		}, graph.ConfidenceLow, "Foundation trust status on 1 April 2013 is not confirmed: the class follows the trust's latest name in ODS data, which may be later than April 2013.")
	}
}
