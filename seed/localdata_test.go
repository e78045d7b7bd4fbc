package seed

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"math"
	"strings"
	"testing"

	"caremap/graph"
)

// The local layer's facts, pinned against what seed/import/README.md
// reports of its sources.

// NHS England's 2013/14 funding of CCGs as rel-107's note splits it (source
// nhse_allocations_1314): the programme allocation, which the allocations
// to individual CCGs add up to, and the running costs, which they do not
// hold. Both are quoted to £0.1bn.
const (
	ccgProgramme     = 63_400_000_000
	ccgRunningCosts  = 1_300_000_000
	quotedRounding   = 50_000_000 // half of £0.1bn
	allocationRounds = 500        // each row is rounded to £1,000
)

func TestMoneyReconciles(t *testing.T) {
	ds := mustLoad(t)
	rels := map[string]graph.Relationship{}
	for _, r := range ds.Relationships {
		rels[r.ID] = r
	}
	national := rels["rel-107"]
	if national.AmountGBP == nil || *national.AmountGBP != ccgProgramme+ccgRunningCosts ||
		!strings.Contains(national.Note, "£63.4bn programme allocation") || !strings.Contains(national.Note, "£1.3bn running costs") {
		t.Fatalf("rel-107 = %+v: want £64.7bn noted as £63.4bn programme + £1.3bn running costs, the split this test relies on", national)
	}
	grant := rels["rel-054"]
	if grant.AmountGBP == nil || *grant.AmountGBP != 2_660_000_000 || grant.From != phGrantPayer {
		t.Fatalf("rel-054 = %+v: want £2.66bn paid by %s", grant, phGrantPayer)
	}

	var allocations, grants int64
	var nAlloc, nGrant int
	for _, r := range ds.Relationships {
		switch {
		case strings.HasPrefix(r.ID, "fund-ccg-"):
			if r.From != nhsEngland || r.Type != graph.Funds || r.AmountGBP == nil || r.Year != "2013/14" {
				t.Errorf("%s = %+v, want NHS England FUNDS the CCG an amount in 2013/14", r.ID, r)
				continue
			}
			nAlloc++
			allocations += *r.AmountGBP
		case strings.HasPrefix(r.ID, "fund-council-"):
			if r.From != grant.From || r.Type != graph.Funds || r.AmountGBP == nil || r.Year != "2013/14" {
				t.Errorf("%s = %+v, want the national edge's payer FUNDS the council an amount in 2013/14", r.ID, r)
				continue
			}
			nGrant++
			grants += *r.AmountGBP
		}
	}

	// The allocations: all 211 add up to the programme allocation within
	// the rounding of the figures; fewer (15 are in the dataset) stay
	// within it. The running costs are the documented difference from
	// rel-107, never forced into a match.
	switch {
	case nAlloc == 0 || nAlloc > 211:
		t.Errorf("%d CCG allocations: want 1 to 211", nAlloc)
	case nAlloc == 211:
		if d := math.Abs(float64(allocations - ccgProgramme)); d > quotedRounding+211*allocationRounds {
			t.Errorf("the 211 allocations add up to £%d, £%.0f from the £63.4bn programme allocation: more than rounding explains", allocations, d)
		}
	case allocations >= ccgProgramme:
		t.Errorf("%d of 211 allocations add up to £%d, already over the £63.4bn programme allocation", nAlloc, allocations)
	}
	if nAlloc == 15 && allocations != 4_176_737_000 {
		t.Errorf("the 15 allocations read add up to £%d, want £4,176,737,000 (seed/import/README.md)", allocations)
	}

	// The grant: none per council is in the dataset yet; when all 152 are,
	// they add up to £2.66bn, quoted to £10m.
	switch {
	case nGrant == councilsWanted:
		if d := math.Abs(float64(grants - *grant.AmountGBP)); d > 5_000_000 {
			t.Errorf("the 152 grants add up to £%d, £%.0f from £2.66bn: more than its rounding", grants, d)
		}
	case nGrant > 0 && grants >= *grant.AmountGBP:
		t.Errorf("%d of 152 grants add up to £%d, already over £2.66bn", nGrant, grants)
	}
}

// councilsWanted is how many upper-tier councils there are.
const councilsWanted = 152

func TestLocalLayerFacts(t *testing.T) {
	ds := mustLoad(t)
	orgs := map[string]graph.Organisation{}
	count := map[string]int{}
	for _, o := range ds.Organisations {
		orgs[o.ID] = o
		count[o.InstanceOf]++
	}
	succ := map[string]graph.Relationship{}
	for _, r := range ds.Relationships {
		if r.Type == graph.SucceededBy {
			succ[r.ID] = r
		}
	}

	// Counts against the official ones: 8,053 practices in July 2013 (NHS
	// Digital), the 151 primary care organisations of the ONS 2012 list,
	// 10 SHAs; the class nodes say the same.
	for class, want := range map[string]int{classPractices: 8053, classPCTs: 151, classSHAs: 10, classCCGs: 211} {
		if count[class] != want || orgs[class].Count != want {
			t.Errorf("%s: %d instances, count %d; want %d", class, count[class], orgs[class].Count, want)
		}
	}

	// Every CCG's practices and patients come from the practices, which
	// hold 56,002,534 registered patients in all.
	var patients, practices int64
	for _, o := range ds.Organisations {
		if o.InstanceOf != classCCGs {
			continue
		}
		if o.RegisteredPatients == nil || o.MemberPractices == nil || o.MemberPractices.Value == 0 {
			t.Errorf("%s has no figures: %+v %+v", o.ID, o.RegisteredPatients, o.MemberPractices)
			continue
		}
		patients += o.RegisteredPatients.Value
		practices += o.MemberPractices.Value
	}
	if patients != 56_002_534 || practices != 8053 {
		t.Errorf("the CCGs' figures add up to %d patients in %d practices, want 56,002,534 in 8,053", patients, practices)
	}

	// A sample of PCT successors, as derived.
	for id, share := range map[string]float64{
		"succ-pct-5d7-ccg-00g": 0.5409, "succ-pct-5d7-ccg-00h": 0.4591, "succ-pct-5kf-ccg-00f": 1,
		"succ-pct-5qg-ccg-11c": 0.3503, "succ-pct-5qg-ccg-10t": 0.3361, "succ-pct-5qg-ccg-10g": 0.3136,
		"succ-pct-5et-ccg-02q": 1,
	} {
		r, ok := succ[id]
		if !ok || r.Share == nil || *r.Share != share || r.Confidence != graph.ConfidenceMedium || len(r.Sources) == 0 {
			t.Errorf("%s = %+v, want a sourced, medium succession with share %v", id, r, share)
		}
	}
	if r := succ["succ-sha-q33-region-y54"]; r.From != "sha-q33" || r.To != "region-y54" {
		t.Errorf("succ-sha-q33-region-y54 = %+v: Bassetlaw's part of the East Midlands SHA passed to the North", r)
	}

	// The three CCGs that merged in 2015 are tied by their February 2013
	// boundaries: Gateshead's CCG to Gateshead, Newcastle's two to Newcastle
	// upon Tyne, and to no other council.
	ties := map[string]string{}
	for _, r := range ds.Relationships {
		if r.Type == graph.MemberOf && (r.From == "ccg-00f" || r.From == "ccg-00g" || r.From == "ccg-00h") {
			ties[r.ID] = r.To
			// Derived from boundaries, not read from a lookup of the day.
			if r.Confidence != graph.ConfidenceMedium {
				t.Errorf("%s: confidence %q, want medium (a derived tie)", r.ID, r.Confidence)
			}
		}
	}
	want := map[string]string{
		"memb-ccg-00f-hwb-e08000037": "hwb-e08000037",
		"memb-ccg-00g-hwb-e08000021": "hwb-e08000021",
		"memb-ccg-00h-hwb-e08000021": "hwb-e08000021",
	}
	if len(ties) != len(want) {
		t.Errorf("00F, 00G and 00H sit on %v, want %v", ties, want)
	}
	for id, to := range want {
		if ties[id] != to {
			t.Errorf("%s: tie to %q, want %q", id, ties[id], to)
		}
	}

	// The abolished bodies are not in force on the snapshot date; the
	// live ones are.
	for _, o := range ds.Organisations {
		if o.InstanceOf == classPCTs || o.InstanceOf == classSHAs {
			if o.Active() || o.ActiveOn("2013-04-01") || !o.ActiveOn("2013-03-31") {
				t.Errorf("%s: active %v, in force on 1 April %v, on 31 March %v", o.ID, o.Active(), o.ActiveOn("2013-04-01"), o.ActiveOn("2013-03-31"))
			}
		}
	}
}

// TestTrustsAsAt1April2013 pins the trust list to its sources
// (seed/import/README.md, "Trusts as at 1 April 2013").
func TestTrustsAsAt1April2013(t *testing.T) {
	ds := mustLoad(t)
	orgs := map[string]graph.Organisation{}
	classes := map[string]int{}
	for _, o := range ds.Organisations {
		orgs[o.ID] = o
		classes[o.InstanceOf]++
	}
	rels := map[string]graph.Relationship{}
	for _, r := range ds.Relationships {
		rels[r.ID] = r
	}

	// 247 English trusts: 145 foundation trusts by dated evidence, as Monitor
	// counted after January 2013, and 102 NHS trusts.
	if classes[classFTs] != 145 || classes[classTrusts] != 102 || orgs[classFTs].Count != 145 || orgs[classTrusts].Count != 102 {
		t.Errorf("%d FTs and %d NHS trusts (counts %d, %d), want 145 and 102", classes[classFTs], classes[classTrusts], orgs[classFTs].Count, orgs[classTrusts].Count)
	}

	// A trust authorised after 1 April 2013 was an NHS trust that day,
	// whatever it is called now.
	for id, date := range map[string]string{"trust-rax": "2013-05-01", "trust-ryr": "2013-07-01", "trust-rd1": "2014-11-01"} {
		if o := orgs[id]; o.InstanceOf != classTrusts || o.FTAuthorised != date {
			t.Errorf("%s: instance of %s, authorised %q; want an NHS trust authorised on %s", id, o.InstanceOf, o.FTAuthorised, date)
		}
	}
	for _, o := range ds.Organisations {
		if o.InstanceOf == classFTs && o.FTAuthorised > "2013-04-01" {
			t.Errorf("%s is a foundation trust authorised on %s, after the snapshot", o.ID, o.FTAuthorised)
		}
	}
	if o := orgs["trust-rax"]; o.Name != "Kingston Hospital NHS Trust" {
		t.Errorf("trust-rax is named %q, want its 2013 name Kingston Hospital NHS Trust", o.Name)
	}
	if o := orgs["trust-rm3"]; o.Name != "Salford Royal NHS Foundation Trust" || o.InstanceOf != classFTs {
		t.Errorf("trust-rm3 = %q (%s), want Salford Royal NHS Foundation Trust, an FT", o.Name, o.InstanceOf)
	}
	// RRJ's authorisation date was not found; a report on 2012/13 in its FT
	// name, with the sources that rule out a later authorisation, makes it an
	// FT by 31 March 2013 (ft_by), at medium confidence.
	if o, r := orgs["trust-rrj"], rels["inst-trust-rrj"]; o.InstanceOf != classFTs || o.FTBy != "2013-03-31" || o.FTAuthorised != "" || r.Confidence != graph.ConfidenceMedium {
		t.Errorf("trust-rrj: instance of %s (%s), ft_by %q, ft_authorised %q; want an FT by 2013-03-31, medium, with no authorisation date", o.InstanceOf, r.Confidence, o.FTBy, o.FTAuthorised)
	}
	for _, id := range []string{"trust-taf", "trust-tah", "trust-taj", "trust-tad", "trust-tae"} {
		if _, ok := orgs[id]; !ok {
			t.Errorf("%s (a T-coded trust) is missing", id)
		}
	}

	// No Welsh trust: not Velindre, the Welsh Ambulance Service or Public
	// Health Wales, and no address in a Welsh postcode area.
	for _, id := range []string{"trust-rqf", "trust-rt4", "trust-ryt"} {
		if _, ok := orgs[id]; ok {
			t.Errorf("%s, a Welsh trust, is an English instance", id)
		}
	}
	recs, err := fixtureRows(fileTrusts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		pc := strings.ToUpper(r["postcode"])
		if len(pc) < 2 {
			t.Errorf("%s has no postcode", r["ods_code"])
			continue
		}
		area := strings.TrimRight(pc[:2], "0123456789")
		switch area {
		case "CF", "SA", "NP", "LL", "LD":
			t.Errorf("%s has a Welsh postcode %s", r["ods_code"], r["postcode"])
		}
	}

	// Regulation and oversight follow the class.
	for _, o := range ds.Organisations {
		_, cqc := rels["regl-"+o.ID+"-by-care-quality-commission"]
		_, mon := rels["regl-"+o.ID+"-by-monitor"]
		_, tda := rels["acct-"+o.ID]
		switch o.InstanceOf {
		case classFTs:
			if !cqc || !mon || tda {
				t.Errorf("%s (FT): CQC %v, Monitor %v, NHS TDA %v; want CQC and Monitor", o.ID, cqc, mon, tda)
			}
		case classTrusts:
			if !cqc || mon || !tda {
				t.Errorf("%s (NHS trust): CQC %v, Monitor %v, NHS TDA %v; want CQC and the NHS TDA", o.ID, cqc, mon, tda)
			}
		}
	}
}

// fixtureRows reads an embedded CSV file as maps by column.
func fixtureRows(file string) ([]map[string]string, error) {
	data, err := fs.ReadFile(Files(), file)
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, err
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out, nil
}
