package seed

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"caremap/graph"
)

var (
	practiceColumns = []string{"ods_code", "name", "ccg_code", "registered_patients", "list_date", "sources"}
	practiceODS     = codeFormat{regexp.MustCompile(`^[A-Z]\d{5}$`), "an ODS GP practice code: a capital letter and five digits, e.g. A81001"}
)

// ccgTally adds up one CCG's member practices as they are read.
type ccgTally struct {
	practices, listed int
	patients          int64
	dates             []string // the list dates of the practices counted ("" where undated)
	sources           []graph.Source
}

// practicesFrom makes the GP practices open on the snapshot date, each a
// member of its CCG, and gives each CCG its number of member practices and
// the sum of their registered lists, replacing the figures of the CCG list.
func (g *instances) practicesFrom(rows []csvRow) {
	if rows == nil {
		return
	}
	class := g.class(filePractices, classPractices)
	if class == nil {
		return
	}
	tallies := map[string]*ccgTally{}
	seen := map[string]bool{}
	for _, row := range rows {
		code, ok := g.code(row, "ods_code", practiceODS)
		name := g.text(row, "name")
		ccgCode := row.get("ccg_code")
		patients := g.optionalCount(row, "registered_patients")
		listDate := g.date(row, "list_date", false)
		srcs := g.rowSources(row)
		ccg, hasCCG := g.ccgs[ccgCode]
		if !hasCCG && !g.b.p.broken[fileCCGs] {
			g.b.p.add(row.at, "ccg_code %q names no CCG: allowed: an ods_code from %s", ccgCode, fileCCGs)
		}
		if !ok {
			continue
		}
		if seen[code] {
			g.b.p.add(row.at, "ods_code %s is listed twice", code)
			continue
		}
		seen[code] = true
		id := "practice-" + strings.ToLower(code)
		o := graph.Organisation{
			ID: id, Name: nameCase(name), LegalForm: "GP practice (independent contractor)",
			Role:  "General practice: registered-list primary medical care under a contract with NHS England; a member of its clinical commissioning group.",
			Codes: graph.Codes{ODS: code}, Sources: srcs,
		}
		if patients != nil {
			o.RegisteredPatients = &graph.Figure{Value: *patients, AsOf: listDate, Sources: srcs,
				Note: "Patients registered with the practice (its list size), from the list its sources name."}
		}
		g.instance(row.at, class, o, graph.ConfidenceHigh, "")
		if !hasCCG {
			continue
		}
		ccgID := g.b.orgs[ccg].rec.ID
		g.mirror(row.at, graph.Relationship{ID: "memb-" + id, Type: graph.MemberOf, From: id, To: ccgID},
			classPractices, classCCGs, srcs, true)
		t := tallies[ccgID]
		if t == nil {
			t = &ccgTally{}
			tallies[ccgID] = t
		}
		t.practices++
		t.sources = mergeSources(t.sources, srcs)
		if patients != nil {
			t.listed++
			t.patients += *patients
			t.dates = append(t.dates, listDate)
		}
	}
	if g.b.p.broken[filePractices] {
		return
	}
	for _, i := range g.ccgs {
		g.ccgFigures(&g.b.orgs[i].rec, tallies[g.b.orgs[i].rec.ID])
	}
}

// ccgFigures sets a CCG's figures from the tally of its member practices.
func (g *instances) ccgFigures(o *graph.Organisation, t *ccgTally) {
	day := g.b.meta.SnapshotDate
	if t == nil {
		t = &ccgTally{}
	}
	srcs := slices.Clip(t.sources)
	o.MemberPractices = &graph.Figure{Value: int64(t.practices), AsOf: day, Sources: srcs,
		Note: "GP practices open on " + day + " that are its members."}
	if t.listed == 0 {
		o.RegisteredPatients = nil
		return
	}
	// The figure is as at the practices' list date, when they share one.
	slices.Sort(t.dates)
	asOf := ""
	if t.dates[0] == t.dates[len(t.dates)-1] {
		asOf = t.dates[0]
	} else if t.dates[0] != "" {
		asOf = t.dates[0] + " to " + t.dates[len(t.dates)-1]
	}
	note := fmt.Sprintf("The registered lists of its %d member practices, added up.", t.listed)
	if t.listed < t.practices {
		note = fmt.Sprintf("The registered lists of %d of its %d member practices, added up: the sources give no list size for the other %d.", t.listed, t.practices, t.practices-t.listed)
	}
	o.RegisteredPatients = &graph.Figure{Value: t.patients, AsOf: asOf, Note: note, Sources: srcs}
}
