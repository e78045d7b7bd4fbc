package seed

import (
	"fmt"
	"slices"
	"strings"

	"caremap/graph"
)

// The local ties and money of 2013/14.
var (
	ccgCouncilColumns = []string{"ccg_code", "council_ons_code", "sources"}
	allocationColumns = []string{"ccg_code", "allocation_gbp", "sources"}
	grantColumns      = []string{"council_ons_code", "grant_gbp", "sources"}
)

// moneyYear is the financial year of the local allocations and grants.
const moneyYear = "2013/14"

// phGrantPayer pays each council its public health grant: Public Health
// England, whose Chief Executive was accounting officer for it (see
// README.md).
const phGrantPayer = phe

// derivedTieSources are the sources a CCG-council tie cites when it was
// derived rather than read from a lookup of its day: checked against
// practice moves because the CCG's boundary changed, or placed by the
// February 2013 CCG boundaries (seed/import/README.md, "CCG → upper-tier
// council"). Such a tie is medium confidence.
var derivedTieSources = []string{"gh_gp2gp_epcmem_2019", "gh_op_ccg_boundaries_feb2013"}

// ccgCouncilsFrom ties each CCG to the councils whose areas it overlaps:
// the CCG sits on each council's health and wellbeing board, and the
// council owes it public health advice. Each edge mirrors its class edge
// and is made only while that exists.
func (g *instances) ccgCouncilsFrom(rows []csvRow) {
	if rows == nil {
		return
	}
	seen := map[string]bool{}
	for _, row := range rows {
		ccgCode, councilCode := row.get("ccg_code"), row.get("council_ons_code")
		srcs := g.rowSources(row)
		ccg, hasCCG := g.ccgs[ccgCode]
		council, hasCouncil := g.councils[councilCode]
		if !hasCCG && !g.b.p.broken[fileCCGs] {
			g.b.p.add(row.at, "ccg_code %q names no CCG: allowed: an ods_code from %s", ccgCode, fileCCGs)
		}
		if !hasCouncil && !g.b.p.broken[fileCouncils] {
			g.b.p.add(row.at, "council_ons_code %q names no council: allowed: an ons_code from %s", councilCode, fileCouncils)
		}
		if !hasCCG || !hasCouncil {
			continue
		}
		ccgID := g.b.orgs[ccg].rec.ID
		if seen[ccgID+" "+council] {
			g.b.p.add(row.at, "CCG %s and council %s are listed twice", ccgCode, councilCode)
			continue
		}
		seen[ccgID+" "+council] = true
		// A derived tie (derivedTieSources) is medium.
		var conf graph.Confidence
		for _, src := range derivedTieSources {
			if slices.Contains(strings.Split(row.get("sources"), ";"), src) {
				conf = graph.ConfidenceMedium
			}
		}
		if board := g.boards[councilCode]; board != "" {
			g.mirror(row.at, graph.Relationship{ID: "memb-" + ccgID + "-" + board, Type: graph.MemberOf, From: ccgID, To: board,
				Confidence: conf}, classCCGs, classHWBs, srcs, false)
		}
		// The duty is the council's to the CCGs of its area; which CCGs
		// those are follows the lookup of overlapping areas: medium.
		g.mirror(row.at, graph.Relationship{ID: "advs-" + ccgID + "-by-" + council, Type: graph.Advises, From: council, To: ccgID,
			Confidence: graph.ConfidenceMedium, Note: "The council's area overlaps the CCG's."}, classCouncils, classCCGs, srcs, false)
	}
}

// localFunding is one file of local money: each row FUNDS one body of a
// class its 2013/14 amount.
type localFunding struct {
	codeCol, amountCol string // the body's code and the amount in pounds
	bodies, bodyCode   string // the file and column the codes come from: fileCCGs, "ods_code"
	what               string // what a code names, for errors: "CCG"
	from, class        string // the payer and the class the edges mirror
	mechanism          string
}

// fundFrom makes f's edges from rows, with id giving the body a code names
// (false if none), and returns the codes funded. Unknown and repeated codes
// are reported.
func (g *instances) fundFrom(rows []csvRow, f localFunding, id func(code string) (string, bool)) map[string]bool {
	funded := map[string]bool{}
	for _, row := range rows {
		code := row.get(f.codeCol)
		amount, ok := g.pounds(row, f.amountCol)
		srcs := g.rowSources(row)
		to, known := id(code)
		if !known && !g.b.p.broken[f.bodies] {
			g.b.p.add(row.at, "%s %q names no %s: allowed: an %s from %s", f.codeCol, code, f.what, f.bodyCode, f.bodies)
		}
		if !known || !ok {
			continue
		}
		if funded[code] {
			g.b.p.add(row.at, "%s %s is listed twice", f.codeCol, code)
			continue
		}
		funded[code] = true
		g.mirror(row.at, graph.Relationship{ID: "fund-" + to, Type: graph.Funds, From: f.from, To: to,
			AmountGBP: &amount, Year: moneyYear, Mechanism: f.mechanism}, f.from, f.class, srcs, true)
	}
	return funded
}

// allocationsFrom makes NHS England FUND each CCG listed its 2013/14
// allocation. The list may be partial (seed/README.md says which part).
func (g *instances) allocationsFrom(rows []csvRow) {
	g.fundFrom(rows, localFunding{codeCol: "ccg_code", amountCol: "allocation_gbp", bodies: fileCCGs, bodyCode: "ods_code", what: "CCG",
		from: nhsEngland, class: classCCGs, mechanism: "2013/14 programme allocation (announced December 2012)"},
		func(code string) (string, bool) {
			i, ok := g.ccgs[code]
			if !ok {
				return "", false
			}
			return g.b.orgs[i].rec.ID, true
		})
}

// grantsFrom makes the payer of the ring-fenced public health grant FUND
// each council its 2013/14 grant; every council must have one.
func (g *instances) grantsFrom(rows []csvRow) {
	if rows == nil {
		return
	}
	funded := g.fundFrom(rows, localFunding{codeCol: "council_ons_code", amountCol: "grant_gbp", bodies: fileCouncils,
		bodyCode: "ons_code", what: "council", from: phGrantPayer, class: classCouncils, mechanism: "ring-fenced public health grant"},
		func(code string) (string, bool) { id, ok := g.councils[code]; return id, ok })
	if g.b.p.broken[filePHGrant] || g.b.p.broken[fileCouncils] {
		return
	}
	var missing []string
	for code := range g.councils {
		if !funded[code] {
			missing = append(missing, code)
		}
	}
	slices.Sort(missing)
	for _, code := range missing {
		g.b.p.add(origin{filePHGrant, "(file)"}, "council %s has no grant: allowed: every council in %s has one", code, fileCouncils)
	}
}

// classCounts makes each class's count the number of its instances,
// reporting a count organisations.yaml states that disagrees.
func (g *instances) classCounts() {
	n := map[string]int{}
	for _, o := range g.b.orgs {
		if o.rec.InstanceOf != "" {
			n[o.rec.InstanceOf]++
		}
	}
	for i := range g.b.orgs {
		o := &g.b.orgs[i]
		file, ok := g.counted[o.rec.ID]
		if !ok || g.b.p.broken[file] {
			continue
		}
		if stated, ok := g.b.statedCount[o.rec.ID]; ok && stated != n[o.rec.ID] {
			g.b.p.add(o.at, "count %d disagrees with the %d instances %s links to it: allowed: leave count out to have it computed, or state the number of instances", stated, n[o.rec.ID], file)
		}
		o.rec.Count = n[o.rec.ID]
	}
}

// checkStatus reports instances whose status and dates disagree on the
// snapshot date: one that is active but not in force that day, or the other
// way round, and a trust whose class does not follow its foundation trust
// authorisation date.
func (g *instances) checkStatus() {
	day := g.b.meta.SnapshotDate
	if day == "" {
		return
	}
	for _, l := range g.b.orgs {
		o := &l.rec
		if o.InstanceOf == "" {
			continue
		}
		for _, p := range statusProblems(o, day) {
			g.b.p.add(l.at, "%s", p)
		}
	}
}

// statusProblems says what is inconsistent about one instance on day.
func statusProblems(o *graph.Organisation, day string) []string {
	var ps []string
	switch on := o.ActiveOn(day); {
	case o.Active() && !on:
		ps = append(ps, fmt.Sprintf("status %q but not in force on the snapshot date %s (valid %s to %s)", o.Status, day, o.ValidFrom, o.ValidTo))
	case !o.Active() && on:
		ps = append(ps, fmt.Sprintf("status %q but in force on the snapshot date %s: allowed: a valid_to before it", o.Status, day))
	}
	// A foundation trust on day was authorised by then or, its date not
	// known, shown by a dated source to be one by then.
	wasFT := (o.FTAuthorised != "" && o.FTAuthorised <= day) || (o.FTAuthorised == "" && o.FTBy != "" && o.FTBy <= day)
	switch {
	case o.InstanceOf == classFTs && !wasFT:
		ps = append(ps, fmt.Sprintf("a foundation trust whose authorisation date %q (or dated evidence %q) is not on or before the snapshot date %s: allowed: the %s class", o.FTAuthorised, o.FTBy, day, classTrusts))
	case o.InstanceOf == classTrusts && wasFT:
		ps = append(ps, fmt.Sprintf("an NHS trust that was a foundation trust on or before the snapshot date %s (authorised %q, evidence %q): allowed: the %s class", day, o.FTAuthorised, o.FTBy, classFTs))
	}
	return ps
}
