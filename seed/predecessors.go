package seed

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"caremap/graph"
)

// The bodies abolished on 31 March 2013 and what succeeded them.
var (
	shaColumns          = []string{"ods_code", "ons_code", "name", "valid_to", "sources"}
	pctColumns          = []string{"ods_code", "ons_code", "name", "sha_code", "valid_to", "sources"}
	pctSuccessorColumns = []string{"pct_code", "ccg_code", "patients", "share_of_pct", "sources"}
	shaSuccessorColumns = []string{"sha_code", "region_code", "sources"}

	shaODS = codeFormat{regexp.MustCompile(`^Q\d{2}$`), "an ODS strategic health authority code: Q and two digits, e.g. Q30"}
	shaONS = codeFormat{regexp.MustCompile(`^E18\d{6}$`), "an ONS strategic health authority code: E18 and six digits"}
	pctODS = codeFormat{regexp.MustCompile(`^[5T][A-Z0-9]{2}$`), "an ODS primary care trust code: 5 or T and two capitals or digits, e.g. 5A3"}
	pctONS = codeFormat{regexp.MustCompile(`^E1[67]\d{6}$`), "an ONS primary care organisation code: E16 (primary care trusts) or E17 (care trusts) and six digits"}
)

// successorConfidence is the confidence of a PCT's succession by one CCG
// and of an SHA's by one region: both are derived (from where the PCTs'
// practices went), not stated by a source.
const successorConfidence = graph.ConfidenceMedium

// shareTolerance is how far the shares of one PCT's patients may add up
// from 1, for rounding.
const shareTolerance = 0.005

type shaRow struct {
	at origin
	id string
}

type pctRow struct {
	at         origin
	id         string
	successors int
	shares     []float64 // as given; NaN where a row gives none
}

// abolished checks a predecessor's last day, which must fall before the
// snapshot date, and returns its status.
func (g *instances) abolished(row csvRow) (validTo, status string) {
	validTo = g.date(row, "valid_to", true)
	if day := g.b.meta.SnapshotDate; validTo != "" && day != "" && validTo >= day {
		g.b.p.add(row.at, "valid_to %s is not before the snapshot date %s: allowed: the last day of a body abolished before it", validTo, day)
	}
	if validTo == "" {
		return "", ""
	}
	return validTo, "abolished " + validTo
}

// shasFrom makes the strategic health authorities abolished on 31 March 2013.
func (g *instances) shasFrom(rows []csvRow) {
	if rows == nil {
		return
	}
	class := g.class(fileSHAs, classSHAs)
	if class == nil {
		return
	}
	for _, row := range rows {
		code, ok := g.code(row, "ods_code", shaODS)
		ons, _ := g.code(row, "ons_code", shaONS)
		place := g.text(row, "name")
		validTo, status := g.abolished(row)
		srcs := g.rowSources(row)
		if !ok {
			continue
		}
		if _, dup := g.shas[code]; dup {
			g.b.p.add(row.at, "ods_code %s is listed twice", code)
			continue
		}
		id := "sha-" + strings.ToLower(code)
		g.shas[code] = &shaRow{at: row.at, id: id}
		g.instance(row.at, class, graph.Organisation{
			ID: id, Name: place + " (strategic health authority)", ShortName: place + " SHA",
			LegalForm: "strategic health authority (statutory NHS body, abolished)",
			Role:      "Former regional headquarters of the NHS: performance-managed the primary care trusts and NHS trusts of its area until it was abolished on 31 March 2013.",
			Status:    status, ValidTo: validTo, Codes: graph.Codes{ODS: code, ONS: ons}, Sources: srcs,
		}, graph.ConfidenceHigh, "")
	}
}

// pctsFrom makes the primary care trusts abolished on 31 March 2013, each
// answering to its strategic health authority while the class-level edge
// says so.
func (g *instances) pctsFrom(rows []csvRow) {
	if rows == nil {
		return
	}
	class := g.class(filePCTs, classPCTs)
	if class == nil {
		return
	}
	for _, row := range rows {
		code, ok := g.code(row, "ods_code", pctODS)
		ons, _ := g.code(row, "ons_code", pctONS)
		place := g.text(row, "name")
		shaCode := row.get("sha_code")
		validTo, status := g.abolished(row)
		srcs := g.rowSources(row)
		sha := g.shas[shaCode]
		// Some PCTs' SHA is not known for certain: their sha_code is empty.
		if sha == nil && shaCode != "" && !g.b.p.broken[fileSHAs] {
			g.b.p.add(row.at, "sha_code %q names no strategic health authority: allowed: an ods_code from %s", shaCode, fileSHAs)
		}
		if !ok {
			continue
		}
		if _, dup := g.pcts[code]; dup {
			g.b.p.add(row.at, "ods_code %s is listed twice", code)
			continue
		}
		id := "pct-" + strings.ToLower(code)
		g.pcts[code] = &pctRow{at: row.at, id: id}
		kind, short := "primary care trust", place+" PCT"
		if strings.HasPrefix(ons, "E17") {
			kind, short = "care trust", place+" Care Trust"
		}
		g.instance(row.at, class, graph.Organisation{
			ID: id, Name: place + " (" + kind + ")", ShortName: short, LegalForm: kind + " (statutory NHS body, abolished)",
			Role:   "Former local NHS commissioner: held most of the NHS budget for its area until it was abolished on 31 March 2013, when its roles passed to CCGs, NHS England and the council.",
			Status: status, ValidTo: validTo, Codes: graph.Codes{ODS: code, ONS: ons}, Sources: srcs,
		}, graph.ConfidenceHigh, "")
		if sha != nil {
			g.mirror(row.at, graph.Relationship{ID: "acct-" + id, Type: graph.AccountableTo, From: id, To: sha.id},
				classPCTs, classSHAs, srcs, false)
		}
	}
}

// pctSuccessorsFrom makes each PCT SUCCEEDED_BY the CCGs its patients
// passed to, with how many and what share where given.
func (g *instances) pctSuccessorsFrom(rows []csvRow) {
	if rows == nil {
		return
	}
	seen := map[string]bool{}
	for _, row := range rows {
		pctCode, ccgCode := row.get("pct_code"), row.get("ccg_code")
		patients := g.optionalCount(row, "patients")
		share := g.share(row, "share_of_pct")
		srcs := g.rowSources(row)
		pct := g.pcts[pctCode]
		ccg, hasCCG := g.ccgs[ccgCode]
		if pct == nil && !g.b.p.broken[filePCTs] {
			g.b.p.add(row.at, "pct_code %q names no primary care trust: allowed: an ods_code from %s", pctCode, filePCTs)
		}
		if !hasCCG && !g.b.p.broken[fileCCGs] {
			g.b.p.add(row.at, "ccg_code %q names no CCG: allowed: an ods_code from %s", ccgCode, fileCCGs)
		}
		if pct == nil || !hasCCG {
			continue
		}
		ccgID := g.b.orgs[ccg].rec.ID
		id := "succ-" + pct.id + "-" + ccgID
		if seen[id] {
			g.b.p.add(row.at, "PCT %s and CCG %s are listed twice", pctCode, ccgCode)
			continue
		}
		seen[id] = true
		pct.successors++
		if share != nil {
			pct.shares = append(pct.shares, *share)
		} else {
			pct.shares = append(pct.shares, math.NaN())
		}
		r := graph.Relationship{ID: id, Type: graph.SucceededBy, From: pct.id, To: ccgID,
			Patients: patients, Share: share, Confidence: successorConfidence, Sources: srcs,
			Note: successionNote(patients, share)}
		g.edge(row.at, r)
	}
	if g.b.p.broken[filePCTSuccessor] || g.b.p.broken[filePCTs] {
		return
	}
	for code, pct := range g.pcts {
		if pct.successors == 0 {
			g.b.p.add(pct.at, "PCT %s has no successor CCG in %s: allowed: every PCT is succeeded by at least one CCG", code, filePCTSuccessor)
			continue
		}
		if slices.ContainsFunc(pct.shares, math.IsNaN) {
			continue
		}
		sum := 0.0
		for _, s := range pct.shares {
			sum += s
		}
		if math.Abs(sum-1) > shareTolerance {
			g.b.p.add(pct.at, "the shares of PCT %s's patients in %s add up to %.4f: allowed: 1 (within %g)", code, filePCTSuccessor, sum, shareTolerance)
		}
	}
}

// successionNote says in words what passed, where the data says.
func successionNote(patients *int64, share *float64) string {
	switch {
	case patients != nil && share != nil:
		return fmt.Sprintf("%s of the PCT's registered patients (%.1f%%) passed to this CCG.", withThousands(int(*patients)), *share*100)
	case patients != nil:
		return fmt.Sprintf("%s of the PCT's registered patients passed to this CCG.", withThousands(int(*patients)))
	case share != nil:
		return fmt.Sprintf("%.1f%% of the PCT's registered patients passed to this CCG.", *share*100)
	}
	return ""
}

// shaSuccessorsFrom makes each SHA SUCCEEDED_BY the NHS England regions
// that took over its area.
func (g *instances) shaSuccessorsFrom(rows []csvRow) {
	if rows == nil {
		return
	}
	seen := map[string]bool{}
	succeeded := map[string]bool{}
	for _, row := range rows {
		shaCode, regionCode := row.get("sha_code"), row.get("region_code")
		srcs := g.rowSources(row)
		sha := g.shas[shaCode]
		region := g.regions[regionCode]
		if sha == nil && !g.b.p.broken[fileSHAs] {
			g.b.p.add(row.at, "sha_code %q names no strategic health authority: allowed: an ods_code from %s", shaCode, fileSHAs)
		}
		if region == nil && !g.b.p.broken[fileRegions] {
			g.b.p.add(row.at, "region_code %q names no region: allowed: a region_code from %s", regionCode, fileRegions)
		}
		if sha == nil || region == nil {
			continue
		}
		id := "succ-" + sha.id + "-" + region.id
		if seen[id] {
			g.b.p.add(row.at, "SHA %s and region %s are listed twice", shaCode, regionCode)
			continue
		}
		seen[id] = true
		succeeded[shaCode] = true
		g.edge(row.at, graph.Relationship{ID: id, Type: graph.SucceededBy, From: sha.id, To: region.id, Sources: srcs,
			Confidence: successorConfidence, Note: "The NHS England region that took over (part of) the SHA's area."})
	}
	if g.b.p.broken[fileSHASuccessor] || g.b.p.broken[fileSHAs] {
		return
	}
	for code, sha := range g.shas {
		if !succeeded[code] {
			g.b.p.add(sha.at, "SHA %s has no successor region in %s: allowed: every SHA is succeeded by at least one region", code, fileSHASuccessor)
		}
	}
}
