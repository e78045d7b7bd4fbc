package seed

import (
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"caremap/graph"
)

// The local layer's files as small fixtures, laid over a copy of the
// embedded dataset: the real CCGs, councils and regions, a handful of
// trusts, practices and predecessors. The figures are made up for the
// tests; the real ones are in seed/data.

const fixtureTrusts = `ods_code,name,name_as_of,open_date,close_date,ft_authorised,ft_by,postcode,sources
RAX,KINGSTON HOSPITAL NHS TRUST,2013-04-01,19910401,,2013-05-01,,KT2 7QB,gh_nhs_spend_etr
RCX,"THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST",2013-04-01,19920401,,2011-02,,PE30 4ET,gh_nhs_spend_etr
TAF,Camden and Islington NHS Foundation Trust,2013-03-01,,,2008,,NW1 0PE,gh_nhs_spend_etr; gh_openprescribing
RM3,SALFORD ROYAL NHS FOUNDATION TRUST,2014-11,19940401,,2007-07-01,,M6 8HD,gh_nhs_spend_etr
R1A,HEREFORDSHIRE AND WORCESTERSHIRE HEALTH AND CARE NHS TRUST,2013-04-01,20110701,,,,WR5 1JR,gh_nhs_spend_etr
RH5,Somerset Partnership NHS Foundation Trust,2014-03-31,2008-05-01,,,2013-03-31,TA6 4RN,gh_nhs_spend_etr
RRJ,The Royal Orthopaedic Hospital NHS Foundation Trust,2014-03-31,1994-04-01,,,,B31 2AP,gh_nhs_spend_etr
`

const fixturePractices = `ods_code,name,ccg_code,registered_patients,list_date,sources
A81001,THE DENSHAM SURGERY,02N,4000,2013-04-01,hscic_list_sizes_2013q3
A81002,QUEENS PARK MEDICAL CENTRE,02N,6000,2013-04-01,hscic_list_sizes_2013q3
B82001,The Ashford Practice,09C,3000,2013-03-01,hscic_list_sizes_2013q3
B82002,NEW PRACTICE,09C,,,hscic_list_sizes_2013q3
`

const fixtureSHAs = `ods_code,ons_code,name,valid_to,sources
Q30,E18000001,NORTH EAST STRATEGIC HEALTH AUTHORITY,2013-03-31,gh_openprescribing
Q31,E18000002,SOUTH EAST COAST STRATEGIC HEALTH AUTHORITY,2013-03-31,gh_openprescribing
`

const fixturePCTs = `ods_code,ons_code,name,sha_code,valid_to,sources
5A3,E16000001,Airedale,Q30,2013-03-31,gh_openprescribing
5A4,E16000002,Ashford,Q31,2013-03-31,gh_openprescribing
TAC,E17000001,Northumberland,,2013-03-31,gh_openprescribing
`

const fixturePCTSuccessors = `pct_code,ccg_code,patients,share_of_pct,sources
5A3,02N,6000,0.6,gh_openprescribing
5A3,09C,4000,0.4,gh_openprescribing
5A4,09C,1000,1,gh_openprescribing
TAC,02N,,,gh_openprescribing
`

const fixtureSHASuccessors = `sha_code,region_code,sources
Q30,Y54,gh_openprescribing
Q31,Y57,gh_openprescribing
`

// fixtureCodes reads one column of a file of m.
func fixtureCodes(t *testing.T, m fstest.MapFS, file, col string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(string(m[file].Data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.Index(recs[0], col)
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[i])
	}
	return out
}

// localFixture is the embedded dataset with the local layer's fixtures:
// every CCG in E06000001's area (and 02N in E08000032's too), allocated
// £1,000,000 plus its row number; every council granted £500,000.
func localFixture(t *testing.T) fstest.MapFS {
	t.Helper()
	m := copyFiles(t)
	put := func(file, data string) { m[file] = &fstest.MapFile{Data: []byte(data)} }
	put(fileTrusts, fixtureTrusts)
	put(filePractices, fixturePractices)
	put(fileSHAs, fixtureSHAs)
	put(filePCTs, fixturePCTs)
	put(filePCTSuccessor, fixturePCTSuccessors)
	put(fileSHASuccessor, fixtureSHASuccessors)
	ties := "ccg_code,council_ons_code,sources\n02N,E08000032,gh_openprescribing\n"
	money := "ccg_code,allocation_gbp,sources\n"
	for i, code := range fixtureCodes(t, m, fileCCGs, "ods_code") {
		ties += code + ",E06000001,gh_openprescribing\n"
		money += fmt.Sprintf("%s,%d,nhse_allocations_1314\n", code, 1_000_000+i)
	}
	put(fileCCGCouncils, ties)
	put(fileAllocations, money)
	grants := "council_ons_code,grant_gbp,sources\n"
	for _, code := range fixtureCodes(t, m, fileCouncils, "ons_code") {
		grants += code + ",500000,govuk_ph_grant_press\n"
	}
	put(filePHGrant, grants)
	dropCount(t, m, classSHAs) // 10 in the real data, 2 here
	return m
}

// dropCount deletes the count line of the organisation id, which must have
// one.
func dropCount(t *testing.T, m fstest.MapFS, id string) {
	t.Helper()
	data := string(m[fileOrganisations].Data)
	start := strings.Index(data, "- id: "+id+"\n")
	if start < 0 {
		t.Fatalf("no organisation %s", id)
	}
	end := start + strings.Index(data[start:], "\n\n")
	rec := data[start:end]
	i := strings.Index(rec, "  count: ")
	if i < 0 {
		t.Fatalf("organisation %s states no count", id)
	}
	j := i + strings.Index(rec[i:], "\n") + 1
	m[fileOrganisations] = &fstest.MapFile{Data: []byte(data[:start] + rec[:i] + rec[j:] + data[end:])}
}

func TestLocalLayer(t *testing.T) {
	m := localFixture(t)
	ds, err := LoadFS(m)
	if err != nil {
		t.Fatalf("LoadFS(local fixture): %v", err)
	}
	orgs := map[string]graph.Organisation{}
	for _, o := range ds.Organisations {
		orgs[o.ID] = o
	}
	rels := map[string]graph.Relationship{}
	for _, r := range ds.Relationships {
		rels[r.ID] = r
	}
	ccgs := len(fixtureCodes(t, m, fileCCGs, "ods_code"))
	councils := len(fixtureCodes(t, m, fileCouncils, "ons_code"))

	t.Run("trust class follows the authorisation date", func(t *testing.T) {
		for id, want := range map[string]string{
			"trust-rax": classTrusts, // authorised 1 May 2013, after the snapshot
			"trust-rcx": classFTs,    // a month
			"trust-taf": classFTs,    // a T code, a year
			"trust-rm3": classFTs,
			"trust-r1a": classTrusts, // never authorised
			"trust-rh5": classFTs,    // dated evidence only
			"trust-rrj": classTrusts, // an FT by name only: never the class
		} {
			o := orgs[id]
			if o.InstanceOf != want {
				t.Errorf("%s is an instance of %q, want %q", id, o.InstanceOf, want)
			}
		}
		for id, conf := range map[string]graph.Confidence{
			"trust-rax": graph.ConfidenceHigh, "trust-rcx": graph.ConfidenceHigh, "trust-r1a": graph.ConfidenceHigh,
			"trust-rh5": graph.ConfidenceMedium, // evidence of status, not the authorisation
			"trust-rrj": graph.ConfidenceLow,    // its name says FT, no dated source does
		} {
			if r := rels["inst-"+id]; r.Confidence != conf || r.Note == "" {
				t.Errorf("inst-%s confidence %q note %q: want %s, with the evidence in words", id, r.Confidence, r.Note, conf)
			}
		}
		if o := orgs["trust-rh5"]; o.FTBy != "2013-03-31" || o.FTAuthorised != "" {
			t.Errorf("trust-rh5 FT %q by %q, want by 2013-03-31 and no authorisation date", o.FTAuthorised, o.FTBy)
		}
		if o := orgs["trust-rax"]; o.Name != "Kingston Hospital NHS Trust" || o.FTAuthorised != "2013-05-01" || !strings.Contains(o.LegalForm, "NHS trust") {
			t.Errorf("trust-rax = %q, FT %q, %q", o.Name, o.FTAuthorised, o.LegalForm)
		}
		if o := orgs["trust-taf"]; o.Name != "Camden and Islington NHS Foundation Trust" || len(o.Sources) != 2 || o.ValidFrom != "" ||
			o.FTAuthorised != "2008" || !strings.Contains(o.Notes, "not known") {
			t.Errorf("trust-taf = %q with %d sources from %q, FT %q, notes %q: want the name as written, both row sources, no open date", o.Name, len(o.Sources), o.ValidFrom, o.FTAuthorised, o.Notes)
		}
		if o := orgs["trust-rm3"]; o.Confidence != graph.ConfidenceLow || !strings.Contains(o.Notes, "2014-11") {
			t.Errorf("trust-rm3 confidence %q notes %q: a name attested in November 2014 is low confidence", o.Confidence, o.Notes)
		}
		if o := orgs["trust-rcx"]; o.Confidence != graph.ConfidenceHigh {
			t.Errorf("trust-rcx confidence %q, want high", o.Confidence)
		}
		if c := orgs[classFTs]; c.Count != 4 {
			t.Errorf("%s count %d, want the 4 instances", classFTs, c.Count)
		}
		if c := orgs[classTrusts]; c.Count != 3 {
			t.Errorf("%s count %d, want the 3 instances", classTrusts, c.Count)
		}
	})

	t.Run("regulation and oversight follow the class", func(t *testing.T) {
		want := map[string]bool{
			"regl-trust-rcx-by-care-quality-commission": true, "regl-trust-rcx-by-monitor": true, "acct-trust-rcx": false,
			"regl-trust-rax-by-care-quality-commission": true, "regl-trust-rax-by-monitor": false, "acct-trust-rax": true,
		}
		for id, exists := range want {
			r, ok := rels[id]
			if ok != exists {
				t.Errorf("%s exists %v, want %v", id, ok, exists)
			}
			if ok && len(r.Sources) < 2 {
				t.Errorf("%s cites %d sources, want the row's and the class edge's", id, len(r.Sources))
			}
		}
		if r := rels["acct-trust-rax"]; r.Type != graph.AccountableTo || r.To != nhsTDA {
			t.Errorf("acct-trust-rax = %+v, want the NHS trust ACCOUNTABLE_TO the NHS TDA", r)
		}
	})

	t.Run("practices and their CCG's figures", func(t *testing.T) {
		p := orgs["practice-a81001"]
		if p.InstanceOf != classPractices || p.Name != "The Densham Surgery" || p.RegisteredPatients == nil ||
			p.RegisteredPatients.Value != 4000 || p.RegisteredPatients.AsOf != "2013-04-01" || len(p.RegisteredPatients.Sources) == 0 {
			t.Errorf("practice-a81001 = %+v (list %+v)", p, p.RegisteredPatients)
		}
		if r := rels["memb-practice-a81001"]; r.Type != graph.MemberOf || r.To != "ccg-02n" {
			t.Errorf("memb-practice-a81001 = %+v, want MEMBER_OF ccg-02n", r)
		}
		if orgs["practice-b82002"].RegisteredPatients != nil {
			t.Errorf("practice-b82002 has a list size the row does not give")
		}
		airedale := orgs["ccg-02n"]
		if f := airedale.RegisteredPatients; f == nil || f.Value != 10000 || f.AsOf != "2013-04-01" || len(f.Sources) == 0 {
			t.Errorf("ccg-02n registered patients %+v, want 10000 as at 2013-04-01 with sources", f)
		}
		if f := airedale.MemberPractices; f == nil || f.Value != 2 {
			t.Errorf("ccg-02n member practices %+v, want 2", f)
		}
		ashford := orgs["ccg-09c"]
		if f := ashford.RegisteredPatients; f == nil || f.Value != 3000 || !strings.Contains(f.Note, "1 of its 2") {
			t.Errorf("ccg-09c registered patients %+v, want 3000 from 1 of its 2 practices", f)
		}
		if f := orgs["ccg-10y"]; f.MemberPractices == nil || f.MemberPractices.Value != 0 || f.RegisteredPatients != nil {
			t.Errorf("ccg-10y (no practice in the fixture): practices %+v, patients %+v; want 0 and none", f.MemberPractices, f.RegisteredPatients)
		}
		if c := orgs[classPractices]; c.Count != 4 {
			t.Errorf("%s count %d, want the 4 instances", classPractices, c.Count)
		}
	})

	t.Run("predecessors", func(t *testing.T) {
		pct := orgs["pct-5a3"]
		if pct.InstanceOf != classPCTs || pct.Active() || pct.Status != "abolished 2013-03-31" || pct.ValidTo != "2013-03-31" ||
			pct.Name != "Airedale (primary care trust)" || pct.ShortName != "Airedale PCT" || pct.Codes != (graph.Codes{ODS: "5A3", ONS: "E16000001"}) {
			t.Errorf("pct-5a3 = %+v", pct)
		}
		if pct.ActiveOn("2013-04-01") || !pct.ActiveOn("2013-03-31") {
			t.Errorf("pct-5a3 in force on 2013-04-01 %v, on 2013-03-31 %v; want false, true", pct.ActiveOn("2013-04-01"), pct.ActiveOn("2013-03-31"))
		}
		if r := rels["acct-pct-5a3"]; r.Type != graph.AccountableTo || r.To != "sha-q30" {
			t.Errorf("acct-pct-5a3 = %+v, want ACCOUNTABLE_TO sha-q30", r)
		}
		r := rels["succ-pct-5a3-ccg-09c"]
		if r.Type != graph.SucceededBy || r.Patients == nil || *r.Patients != 4000 || r.Share == nil || *r.Share != 0.4 ||
			r.Confidence != successorConfidence || !strings.Contains(r.Note, "4,000") {
			t.Errorf("succ-pct-5a3-ccg-09c = %+v", r)
		}
		if r := rels["succ-pct-tac-ccg-02n"]; r.Patients != nil || r.Share != nil || r.Type != graph.SucceededBy {
			t.Errorf("succ-pct-tac-ccg-02n = %+v, want no figures", r)
		}
		if o := orgs["pct-tac"]; o.Name != "Northumberland (care trust)" || o.LegalForm != "care trust (statutory NHS body, abolished)" {
			t.Errorf("pct-tac = %q, %q: an E17 code is a care trust", o.Name, o.LegalForm)
		}
		if _, ok := rels["acct-pct-tac"]; ok {
			t.Errorf("acct-pct-tac exists, but its SHA is not given")
		}
		if r := rels["succ-sha-q31-region-y57"]; r.Type != graph.SucceededBy || r.From != "sha-q31" || r.Confidence != successorConfidence {
			t.Errorf("succ-sha-q31-region-y57 = %+v", r)
		}
		if c := orgs[classPCTs]; c.Count != 3 || c.Active() {
			t.Errorf("%s count %d, active %v; want 3, inactive", classPCTs, c.Count, c.Active())
		}
	})

	t.Run("local ties", func(t *testing.T) {
		for _, id := range []string{"memb-ccg-02n-hwb-e08000032", "memb-ccg-02n-hwb-e06000001", "memb-ccg-09c-hwb-e06000001"} {
			if r, ok := rels[id]; !ok || r.Type != graph.MemberOf || r.Confidence != graph.ConfidenceHigh {
				t.Errorf("%s = %+v, want a high-confidence MEMBER_OF", id, r)
			}
		}
		r := rels["advs-ccg-02n-by-council-e08000032"]
		if r.Type != graph.Advises || r.From != "council-e08000032" || r.To != "ccg-02n" || r.Confidence != graph.ConfidenceMedium ||
			!strings.Contains(r.Mechanism, "public health advice") {
			t.Errorf("advs-ccg-02n-by-council-e08000032 = %+v", r)
		}
	})

	t.Run("money", func(t *testing.T) {
		var allocations, grants int64
		var nAlloc, nGrant int
		for _, r := range ds.Relationships {
			switch {
			case strings.HasPrefix(r.ID, "fund-ccg-"):
				if r.From != nhsEngland || r.Year != "2013/14" || r.AmountGBP == nil {
					t.Errorf("%s = %+v", r.ID, r)
					continue
				}
				nAlloc++
				allocations += *r.AmountGBP
			case strings.HasPrefix(r.ID, "fund-council-"):
				if r.From != phGrantPayer || r.Year != "2013/14" || r.AmountGBP == nil {
					t.Errorf("%s = %+v", r.ID, r)
					continue
				}
				nGrant++
				grants += *r.AmountGBP
			}
		}
		wantAlloc := int64(ccgs)*1_000_000 + int64(ccgs*(ccgs-1)/2)
		if nAlloc != ccgs || allocations != wantAlloc {
			t.Errorf("%d allocations adding up to %d, want %d adding up to %d", nAlloc, allocations, ccgs, wantAlloc)
		}
		if nGrant != councils || grants != int64(councils)*500_000 {
			t.Errorf("%d grants adding up to %d, want %d of £500,000", nGrant, grants, councils)
		}
	})

	t.Run("every generated record is sourced", func(t *testing.T) {
		for _, o := range ds.Organisations {
			for _, f := range []*graph.Figure{o.RegisteredPatients, o.MemberPractices} {
				if f != nil && len(f.Sources) == 0 && f.Value > 0 {
					t.Errorf("%s has a figure %d without a source", o.ID, f.Value)
				}
			}
		}
	})
}

func TestBrokenLocalLayer(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(t *testing.T, m fstest.MapFS) []want
	}{
		{"unknown column", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePractices, ",list_date,", ",list_day,")
			return []want{
				{filePractices, "line 1", `unknown column "list_day": allowed columns: ods_code, name, ccg_code, registered_patients, list_date, sources`},
				{filePractices, "line 1", `missing column "list_date"`},
			}
		}},
		{"bad codes", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePractices, "A81002,", "A8100,")
			replaceOnce(t, m, fileTrusts, "R1A,", "W1A,")
			replaceOnce(t, m, filePCTs, "5A4,E16000002", "5A4,E15000002")
			return []want{
				{filePractices, "line 3", `ods_code "A8100": allowed: an ODS GP practice code`},
				{filePCTs, "line 3", `ons_code "E15000002": allowed: an ONS primary care organisation code: E16 (primary care trusts) or E17 (care trusts)`},
				{fileTrusts, "line 6", `ods_code "W1A": allowed: an ODS NHS trust code: R or T and two capitals or digits`},
			}
		}},
		{"parents missing", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePractices, "B82001,The Ashford Practice,09C", "B82001,The Ashford Practice,99X")
			replaceOnce(t, m, filePCTs, "Ashford,Q31", "Ashford,Q39")
			replaceOnce(t, m, fileSHASuccessor, "Q31,Y57", "Q31,Y59")
			return []want{
				{filePractices, "line 4", `ccg_code "99X" names no CCG: allowed: an ods_code from instances/ccg-2013.csv`},
				{filePCTs, "line 3", `sha_code "Q39" names no strategic health authority: allowed: an ods_code from instances/shas-2013.csv`},
				{fileSHASuccessor, "line 3", `region_code "Y59" names no region`},
				{fileSHAs, "line 3", `SHA Q31 has no successor region`},
			}
		}},
		{"dates", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePractices, "4000,2013-04-01", "4000,2013-04-31")
			replaceOnce(t, m, fileTrusts, "2013-05-01,,KT2", "1 May 2013,,KT2")
			replaceOnce(t, m, fileTrusts, ",2011-02,,", ",2013-04,,")
			replaceOnce(t, m, fileTrusts, ",,2013-03-31,TA6", ",,2013,TA6")
			return []want{
				{filePractices, "line 2", `list_date "2013-04-31": allowed: a date YYYY-MM-DD or YYYYMMDD`},
				{fileTrusts, "line 2", `ft_authorised "1 May 2013": allowed: an ISO date YYYY-MM-DD or, where the source gives no more, a month YYYY-MM or a year YYYY`},
				{fileTrusts, "line 3", `ft_authorised "2013-04" contains the snapshot date 2013-04-01`},
				{fileTrusts, "line 7", `ft_by "2013": allowed: an ISO date YYYY-MM-DD or, where the source gives no more, a month YYYY-MM`},
			}
		}},
		{"authorisation date and dated evidence both", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileTrusts, ",2007-07-01,,", ",2007-07-01,2006-03-31,")
			return []want{{fileTrusts, "line 5", `both ft_authorised and ft_by are given`}}
		}},
		{"a predecessor still in force", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePCTs, "Airedale,Q30,2013-03-31", "Airedale,Q30,2013-04-01")
			return []want{
				{filePCTs, "line 2", `valid_to 2013-04-01 is not before the snapshot date 2013-04-01`},
				{filePCTs, "line 2", `status "abolished 2013-04-01" but in force on the snapshot date 2013-04-01`},
			}
		}},
		{"a trust not open on the day", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileTrusts, "2013-04-01,20110701,,,", "2013-04-01,20110701,20130401,,")
			return []want{{fileTrusts, "line 6", `not open on the snapshot date 2013-04-01`}}
		}},
		{"a stated count that disagrees", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileOrganisations, "- id: gp-practices\n", "- id: gp-practices\n  count: 5\n")
			return []want{{fileOrganisations, classPractices, `count 5 disagrees with the 4 instances instances/gp-practices-2013.csv links to it`}}
		}},
		{"shares that do not add up", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePCTSuccessor, "4000,0.4,", "4000,0.3,")
			return []want{{filePCTs, "line 2", `the shares of PCT 5A3's patients in instances/pct-ccg-successors-2013.csv add up to 0.9000: allowed: 1 (within 0.005)`}}
		}},
		{"a share that is a percentage", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePCTSuccessor, "1000,1,", "1000,100,")
			return []want{{filePCTSuccessor, "line 4", `share_of_pct "100": allowed: a fraction from 0 to 1`}}
		}},
		{"a PCT without successor", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePCTSuccessor, "5A4,09C,1000,1,gh_openprescribing\n", "")
			return []want{{filePCTs, "line 3", `PCT 5A4 has no successor CCG`}}
		}},
		{"listed twice", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, filePractices, "A81001,AGAIN,02N,1,2013-04-01,hscic_list_sizes_2013q3\n")
			appendTo(m, fileAllocations, "02N,5,nhse_allocations_1314\n")
			return []want{
				{fileAllocations, fmt.Sprintf("line %d", lines(m, fileAllocations)), `ccg_code 02N is listed twice`},
				{filePractices, "line 6", `ods_code A81001 is listed twice`},
			}
		}},
		{"money that is not whole pounds", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, filePHGrant, "E06000001,500000,", "E06000001,500000.50,")
			return []want{
				{filePHGrant, "(file)", `council E06000001 has no grant`},
				{filePHGrant, "line 2", `grant_gbp "500000.50": allowed: a whole number of pounds`},
			}
		}},
		{"sources", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileSHAs, "2013-03-31,gh_openprescribing\nQ31", "2013-03-31,\nQ31")
			replaceOnce(t, m, fileSHASuccessor, "Q31,Y57,gh_openprescribing", "Q31,Y57,gh_openprescribing;no_such_key")
			return []want{
				{fileSHASuccessor, "line 3", `unknown source key "no_such_key": allowed: a key defined in sources.yaml`},
				{fileSHAs, "line 2", `sources is empty: allowed: source keys from sources.yaml, separated by ;`},
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := localFixture(t)
			wants := tc.mutate(t, m)
			ds, err := LoadFS(m)
			if !reflect.DeepEqual(ds, graph.Dataset{}) {
				t.Errorf("LoadFS returned a partial dataset with its error")
			}
			var ve *graph.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("LoadFS error = %v, want a *graph.ValidationError", err)
			}
			got := ve.Problems
			ok := len(got) == len(wants)
			for i := 0; ok && i < len(wants); i++ {
				w := wants[i]
				ok = got[i].File == w.file && got[i].Record == w.record && strings.Contains(got[i].Message, w.message)
			}
			if !ok {
				t.Errorf("problems:\n%s\nwant, in order:\n%s", problemList(got), wantList(wants))
			}
		})
	}
}

func TestStatusProblems(t *testing.T) {
	const day = "2013-04-01"
	tests := []struct {
		name string
		o    graph.Organisation
		want string // a part of the one problem, or "" for none
	}{
		{"FT authorised before", graph.Organisation{InstanceOf: classFTs, Status: "active", FTAuthorised: "2004-04-01"}, ""},
		{"FT authorised that day", graph.Organisation{InstanceOf: classFTs, Status: "active", FTAuthorised: day}, ""},
		{"FT authorised after", graph.Organisation{InstanceOf: classFTs, Status: "active", FTAuthorised: "2013-05-01"}, `a foundation trust whose authorisation date "2013-05-01" (or dated evidence "") is not on or before the snapshot date`},
		{"FT never authorised", graph.Organisation{InstanceOf: classFTs, Status: "active"}, `a foundation trust whose authorisation date ""`},
		{"NHS trust authorised after", graph.Organisation{InstanceOf: classTrusts, Status: "active", FTAuthorised: "2015-10-01"}, ""},
		{"NHS trust already an FT", graph.Organisation{InstanceOf: classTrusts, Status: "active", FTAuthorised: "2010-01-01"}, `an NHS trust that was a foundation trust on or before the snapshot date 2013-04-01 (authorised "2010-01-01"`},
		{"FT by dated evidence", graph.Organisation{InstanceOf: classFTs, Status: "active", FTBy: "2012-03-31"}, ""},
		{"FT by a year before", graph.Organisation{InstanceOf: classFTs, Status: "active", FTAuthorised: "2006"}, ""},
		{"FT by evidence after", graph.Organisation{InstanceOf: classFTs, Status: "active", FTBy: "2013-06"}, "a foundation trust whose authorisation date"},
		{"NHS trust with dated evidence", graph.Organisation{InstanceOf: classTrusts, Status: "active", FTBy: "2012-03-31"}, "an NHS trust that was a foundation trust"},
		{"active but closed", graph.Organisation{InstanceOf: classCCGs, Status: "active", ValidTo: "2013-03-31"}, `status "active" but not in force`},
		{"abolished but open", graph.Organisation{InstanceOf: classPCTs, Status: "abolished 2013-03-31"}, `status "abolished 2013-03-31" but in force`},
	}
	for _, tt := range tests {
		ps := statusProblems(&tt.o, day)
		switch {
		case tt.want == "" && len(ps) != 0:
			t.Errorf("%s: problems %q, want none", tt.name, ps)
		case tt.want != "" && (len(ps) != 1 || !strings.Contains(ps[0], tt.want)):
			t.Errorf("%s: problems %q, want one containing %q", tt.name, ps, tt.want)
		}
	}
}
