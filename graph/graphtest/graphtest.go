package graphtest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"caremap/graph"
)

// Run checks the store open returns, which must hold the dataset
// seed.Load returns, against answers written out from the reference data.
// open is called once; every check runs as a subtest on the same store.
func Run(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Helper()
	s := open(t)
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.run(t, t.Context(), s) })
	}
	t.Run("concurrent", func(t *testing.T) { concurrent(t, s) })
}

// check is one named case of the suite.
type check struct {
	name string
	run  func(t *testing.T, ctx context.Context, s graph.Store)
}

// Counts from the dataset: 67 class and single-body nodes (7 of them
// predecessors), 31 services and 268 edges in seed/data (12 of them with a
// predecessor at one end), and the instances generated from
// seed/data/instances: 4 regions, 27 area teams, 211 CCGs, 152 councils each
// with a health and wellbeing board and a local Healthwatch, 247 trusts (145
// foundation trusts and 102 NHS trusts by their dated foundation trust
// evidence), 8,053 GP practices, and the 151 PCTs (148 with their SHA) and
// 10 SHAs abolished on 31 March 2013.
const (
	classes          = 67
	predecessors     = 7
	services         = 31
	classEdges       = 268
	predecessorEdges = 12
	councils         = 152
	trusts           = 247
	fts              = 145
	nhsTrusts        = trusts - fts
	practices        = 8053
	pcts             = 151
	pctsWithSHA      = 148
	shas             = 10
	pctSuccessors    = 239 // PCT SUCCEEDED_BY CCG
	shaSuccessors    = 12  // SHA SUCCEEDED_BY region
	ccgCouncilTies   = 242 // each a CCG MEMBER_OF its HWB and the council ADVISES it
	allocations      = 15  // NHS England FUNDS a CCG
	live             = 4 + 27 + 211 + 3*councils + trusts + practices
	abolished        = pcts + shas
	instances        = live + abolished
	organisations    = classes + instances
	// One INSTANCE_OF per instance; PART_OF for regions, area teams, CCGs
	// and boards; three edges per local Healthwatch; one MEMBER_OF per
	// practice; the PCTs' ACCOUNTABLE_TO their SHA; successions, ties and
	// allocations; CQC REGULATES every trust, Monitor every FT, every NHS
	// trust is ACCOUNTABLE_TO the NHS TDA.
	relationships = classEdges + instances + (4 + 27 + 211 + councils) + 3*councils + practices + pctsWithSHA +
		pctSuccessors + shaSuccessors + 2*ccgCouncilTies + allocations + trusts + fts + nhsTrusts
)

var checks = []check{
	{"info", func(t *testing.T, ctx context.Context, s graph.Store) {
		info := of(s.Info(ctx)).must(t)
		if !strings.HasPrefix(info.Version, "2013-04-01+") || !strings.HasPrefix(info.Checksum, "sha256:") {
			t.Errorf("Info = %+v, want a 2013-04-01+N version and a sha256 checksum", info)
		}
	}},

	{"organisation/single body", func(t *testing.T, ctx context.Context, s graph.Store) {
		o := of(s.Organisation(ctx, "nhs-england")).must(t)
		want := graph.Organisation{
			ID: "nhs-england", Name: "NHS Commissioning Board", OperatingName: "NHS England", ShortName: "NHS England / NHS CB",
			Kind: graph.KindNonDepartmentalBody, Tier: graph.TierNational, Group: "nhs-commissioning", Status: "active", Count: 1,
		}
		got := graph.Organisation{ID: o.ID, Name: o.Name, OperatingName: o.OperatingName, ShortName: o.ShortName, Kind: o.Kind, Tier: o.Tier, Group: o.Group, Status: o.Status, Count: o.Count}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Organisation(nhs-england) =\n %+v\nwant\n %+v", got, want)
		}
		if o.InstanceOf != "" || !o.Active() || len(o.Sources) == 0 || o.Role == "" || o.LegalForm != "executive non-departmental public body" {
			t.Errorf("Organisation(nhs-england): instanceOf %q, active %v, %d sources, role %q, legal form %q",
				o.InstanceOf, o.Active(), len(o.Sources), o.Role, o.LegalForm)
		}
	}},
	{"organisation/class", func(t *testing.T, ctx context.Context, s graph.Store) {
		o := of(s.Organisation(ctx, "clinical-commissioning-groups")).must(t)
		if o.Count != 211 || o.ShortName != "CCGs" || o.Kind != graph.KindNHSBody || o.Tier != graph.TierLocal || o.InstanceOf != "" {
			t.Errorf("Organisation(clinical-commissioning-groups) = %+v", o)
		}
	}},
	{"organisation/instance", func(t *testing.T, ctx context.Context, s graph.Store) {
		o := of(s.Organisation(ctx, "ccg-02n")).must(t)
		if o.Name != "NHS Airedale, Wharfedale and Craven CCG" || o.InstanceOf != "clinical-commissioning-groups" ||
			o.Kind != graph.KindNHSBody || o.Tier != graph.TierLocal || o.Count != 1 || !o.Active() ||
			o.Codes != (graph.Codes{ODS: "02N", ONS: "E38000001"}) {
			t.Errorf("Organisation(ccg-02n) = %+v", o)
		}
	}},
	{"organisation/predecessor", func(t *testing.T, ctx context.Context, s graph.Store) {
		o := of(s.Organisation(ctx, "primary-care-trusts")).must(t)
		if o.Active() || o.Status != "abolished 2013-03-31" {
			t.Errorf("Organisation(primary-care-trusts) status %q, active %v", o.Status, o.Active())
		}
	}},
	{"organisation/local figures", func(t *testing.T, ctx context.Context, s graph.Store) {
		ccg := of(s.Organisation(ctx, "ccg-02n")).must(t)
		if f := ccg.MemberPractices; f == nil || f.Value != 17 || f.AsOf != "2013-04-01" || len(f.Sources) == 0 {
			t.Errorf("ccg-02n member practices = %+v, want 17 as at 2013-04-01, sourced", f)
		}
		if f := ccg.RegisteredPatients; f == nil || f.Value != 156_293 || !strings.Contains(f.Note, "17 member practices") || len(f.Sources) == 0 {
			t.Errorf("ccg-02n registered patients = %+v, want the 156,293 of its 17 practices, sourced", f)
		}
		p := of(s.Organisation(ctx, "practice-b82007")).must(t)
		if p.Name != "Townhead Surgery" || p.InstanceOf != graph.GPPractices || p.Codes.ODS != "B82007" ||
			p.RegisteredPatients == nil || p.RegisteredPatients.Value != 9310 || p.MemberPractices != nil {
			t.Errorf("practice-b82007 = %+v", p)
		}
		for id, want := range map[string][3]string{
			"trust-rax": {"nhs-trusts", "2013-05-01", ""},            // authorised after the snapshot
			"trust-rcx": {"nhs-foundation-trusts", "", "2012-03-31"}, // dated evidence only
			"trust-raj": {"nhs-foundation-trusts", "2006", ""},       // a year only
		} {
			o := of(s.Organisation(ctx, id)).must(t)
			if o.InstanceOf != want[0] || o.FTAuthorised != want[1] || o.FTBy != want[2] {
				t.Errorf("%s: instance of %q, authorised %q, FT by %q; want %q", id, o.InstanceOf, o.FTAuthorised, o.FTBy, want)
			}
		}
		pct := of(s.Organisation(ctx, "pct-5qg")).must(t)
		if pct.Active() || pct.Status != "abolished 2013-03-31" || pct.ValidTo != "2013-03-31" || pct.InstanceOf != "primary-care-trusts" ||
			pct.Tier != graph.TierLocal || pct.Codes.ONS == "" {
			t.Errorf("pct-5qg = %+v", pct)
		}
	}},
	{"organisation/unknown", func(t *testing.T, ctx context.Context, s graph.Store) {
		_, err := s.Organisation(ctx, "no-such-body")
		wantNotFound(t, err, "organisation", "no-such-body")
		_, err = s.Organisation(ctx, "svc-specialised")
		wantNotFound(t, err, "organisation", "svc-specialised")
	}},
	{"service", func(t *testing.T, ctx context.Context, s graph.Store) {
		v := of(s.Service(ctx, "svc-specialised")).must(t)
		if v.Name != "Specialised services" || v.Description == "" || len(v.Sources) == 0 {
			t.Errorf("Service(svc-specialised) = %+v", v)
		}
		_, err := s.Service(ctx, "nhs-england")
		wantNotFound(t, err, "service", "nhs-england")
	}},
	{"nodes", func(t *testing.T, ctx context.Context, s graph.Store) {
		ns := of(s.Nodes(ctx, []string{"svc-specialised", "no-such-node", "nhs-england", "ccg-02n", "uk-parliament"})).must(t)
		wantIDs(t, "Nodes", nodeIDs(ns), []string{"svc-specialised", "nhs-england", "ccg-02n", "uk-parliament"})
		if len(ns) == 4 && (ns[0].Kind() != graph.NodeService || ns[0].Service.Name != "Specialised services" || ns[1].Kind() != graph.NodeOrganisation) {
			t.Errorf("Nodes kinds: %v %v", ns[0].Kind(), ns[1].Kind())
		}
		if ns := of(s.Nodes(ctx, nil)).must(t); len(ns) != 0 {
			t.Errorf("Nodes(nil) = %v, want none", nodeIDs(ns))
		}
		_, err := s.Nodes(ctx, make([]string, graph.MaxIDs+1))
		wantInvalid(t, err, "ids")
	}},

	{"organisations/instances of each class", func(t *testing.T, ctx context.Context, s graph.Store) {
		for class, want := range map[string]int{
			"clinical-commissioning-groups": 211,
			"nhse-area-teams":               27,
			"nhse-regional-teams":           4,
			"health-and-wellbeing-boards":   152,
			"upper-tier-local-authorities":  152,
			"local-healthwatch":             152,
			"nhs-foundation-trusts":         fts,
			"nhs-trusts":                    nhsTrusts,
			"gp-practices":                  practices,
			"primary-care-trusts":           pcts,
			"strategic-health-authorities":  shas,
		} {
			p := of(s.Organisations(ctx, graph.OrganisationFilter{InstanceOf: class}, graph.Page{First: 1})).must(t)
			if p.TotalCount != want || len(p.Items) != min(want, 1) || p.HasNextPage != (want > 1) || p.HasPrevPage {
				t.Errorf("InstanceOf %s: total %d, %d items, next %v, prev %v; want total %d", class, p.TotalCount, len(p.Items), p.HasNextPage, p.HasPrevPage, want)
			}
		}
	}},
	{"organisations/filters", func(t *testing.T, ctx context.Context, s graph.Store) {
		tests := []struct {
			name  string
			f     graph.OrganisationFilter
			total int
			want  []string // the first page of 100, when given
		}{
			{"everything", graph.OrganisationFilter{}, organisations, nil},
			{"classes", graph.OrganisationFilter{Classes: true}, classes, nil},
			{"parliament", graph.OrganisationFilter{Kind: graph.KindParliament}, 6, []string{
				"public-accounts-committee", "health-select-committee", "national-audit-office",
				"uk-parliament", "phso", "public-administration-select-committee"}},
			{"regional classes", graph.OrganisationFilter{Tier: graph.TierRegional, Classes: true}, 11, nil},
			{"regional", graph.OrganisationFilter{Tier: graph.TierRegional}, 11 + 4 + 27 + shas, nil},
			{"regulation group", graph.OrganisationFilter{Group: "regulation"}, 8, []string{
				"care-quality-commission", "health-research-authority", "hfea", "hta", "mhra", "monitor",
				"professional-standards-authority", "health-professional-regulators"}},
			{"parts of an area team", graph.OrganisationFilter{PartOf: "area-team-q52"}, 10, []string{
				"ccg-02n", "ccg-02w", "ccg-02r", "ccg-02t", "ccg-03a", "ccg-02v", "ccg-03g", "ccg-03c", "ccg-03j", "ccg-03r"}},
			{"parts of a region", graph.OrganisationFilter{PartOf: "region-y56"}, 3, []string{"area-team-q61", "area-team-q62", "area-team-q63"}},
			{"parts of a class", graph.OrganisationFilter{PartOf: "nhs-england"}, 1 + 4, []string{
				"region-y56", "region-y55", "nhse-regional-teams", "region-y54", "region-y57"}},
			{"members of a CCG", graph.OrganisationFilter{MemberOf: "ccg-02n", InstanceOf: "gp-practices"}, 17, nil},
			{"members of a health and wellbeing board", graph.OrganisationFilter{MemberOf: "hwb-e08000032"}, 4, []string{
				"healthwatch-e08000032", "ccg-02n", "ccg-02w", "ccg-02r"}},
			{"PCTs on their last day", graph.OrganisationFilter{InstanceOf: "primary-care-trusts", ActiveOn: "2013-03-31"}, pcts, nil},
			{"PCTs on the snapshot date", graph.OrganisationFilter{InstanceOf: "primary-care-trusts", ActiveOn: "2013-04-01"}, 0, []string{}},
			{"CCGs before they began", graph.OrganisationFilter{InstanceOf: "clinical-commissioning-groups", ActiveOn: "2013-03-31"}, 0, []string{}},
			{"CCGs on the snapshot date", graph.OrganisationFilter{InstanceOf: "clinical-commissioning-groups", ActiveOn: "2013-04-01"}, 211, nil},
			{"classes in force on the snapshot date", graph.OrganisationFilter{Classes: true, ActiveOn: "2013-04-01"}, 61, nil},
			{"in force the day before", graph.OrganisationFilter{ActiveOn: "2013-03-31"}, 8703, nil},
			{"no match", graph.OrganisationFilter{Kind: graph.KindMinister, Tier: graph.TierLocal}, 0, []string{}},
			{"unknown parent", graph.OrganisationFilter{PartOf: "no-such-body"}, 0, []string{}},
		}
		for _, day := range []string{"2013-02-30", "1 April 2013", "2013-4-1"} {
			_, err := s.Organisations(ctx, graph.OrganisationFilter{ActiveOn: day}, graph.Page{})
			wantInvalid(t, err, "activeOn")
		}
		for _, tt := range tests {
			p := of(s.Organisations(ctx, tt.f, graph.Page{First: 100})).must(t)
			if p.TotalCount != tt.total {
				t.Errorf("%s: TotalCount %d, want %d", tt.name, p.TotalCount, tt.total)
			}
			if tt.want != nil {
				wantIDs(t, tt.name, orgIDs(p.Items), tt.want)
			}
			if !slices.IsSortedFunc(p.Items, graph.CompareOrganisations) {
				t.Errorf("%s: not ordered by name, id", tt.name)
			}
		}
	}},
	{"organisations/walk every CCG", func(t *testing.T, ctx context.Context, s graph.Store) {
		var all []graph.Organisation
		page := graph.Page{First: 100}
		for pages := 1; ; pages++ {
			p := of(s.Organisations(ctx, graph.OrganisationFilter{InstanceOf: "clinical-commissioning-groups"}, page)).must(t)
			if p.TotalCount != 211 || len(p.Cursors) != len(p.Items) || p.HasPrevPage != (pages > 1) {
				t.Fatalf("page %d: total %d, %d cursors for %d items, prev %v", pages, p.TotalCount, len(p.Cursors), len(p.Items), p.HasPrevPage)
			}
			for i, c := range p.Cursors {
				if c != graph.EncodeCursor(len(all)+i) {
					t.Fatalf("page %d item %d: cursor %q, want the offset cursor %q", pages, i, c, graph.EncodeCursor(len(all)+i))
				}
			}
			all = append(all, p.Items...)
			if !p.HasNextPage {
				if pages != 3 {
					t.Errorf("%d pages, want 3", pages)
				}
				break
			}
			page.After = p.Cursors[len(p.Cursors)-1]
		}
		ids := orgIDs(all)
		if len(all) != 211 || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 211 {
			t.Errorf("walk gave %d items, want 211 distinct", len(all))
		}
		if !slices.IsSortedFunc(all, graph.CompareOrganisations) {
			t.Errorf("walk not ordered by name, id")
		}
		if len(all) == 211 {
			wantIDs(t, "first, 100th, 101st and last", []string{ids[0], ids[99], ids[100], ids[210]},
				[]string{"ccg-02n", "ccg-04d", "ccg-99a", "ccg-06d"})
		}
	}},
	{"organisations/past the end", func(t *testing.T, ctx context.Context, s graph.Store) {
		p := of(s.Organisations(ctx, graph.OrganisationFilter{InstanceOf: "nhse-regional-teams"}, graph.Page{After: graph.EncodeCursor(10)})).must(t)
		if len(p.Items) != 0 || p.TotalCount != 4 || p.HasNextPage || !p.HasPrevPage {
			t.Errorf("past the end: %+v", p)
		}
		p = of(s.Organisations(ctx, graph.OrganisationFilter{InstanceOf: "nhse-regional-teams"}, graph.Page{})).must(t)
		if len(p.Items) != 4 || p.HasNextPage {
			t.Errorf("default page size: %d items, next %v", len(p.Items), p.HasNextPage)
		}
	}},
	{"organisations/invalid", func(t *testing.T, ctx context.Context, s graph.Store) {
		for _, tt := range []struct {
			f     graph.OrganisationFilter
			page  graph.Page
			param string
		}{
			{graph.OrganisationFilter{}, graph.Page{First: -1}, "first"},
			{graph.OrganisationFilter{}, graph.Page{First: graph.MaxFirst + 1}, "first"},
			{graph.OrganisationFilter{}, graph.Page{After: "not-a-cursor"}, "after"},
			{graph.OrganisationFilter{}, graph.Page{After: "Y3Vyc29yOi0x"}, "after"}, // "cursor:-1"
			{graph.OrganisationFilter{Kind: "CASTLE"}, graph.Page{}, "kind"},
			{graph.OrganisationFilter{Tier: "galactic"}, graph.Page{}, "tier"},
		} {
			_, err := s.Organisations(ctx, tt.f, tt.page)
			wantInvalid(t, err, tt.param)
		}
	}},
	{"services", func(t *testing.T, ctx context.Context, s graph.Store) {
		p := of(s.Services(ctx, graph.Page{First: 3})).must(t)
		wantIDs(t, "first page", func() []string {
			ids := []string{}
			for _, v := range p.Items {
				ids = append(ids, v.ID)
			}
			return ids
		}(), []string{"svc-adult-social-care", "svc-blood-and-transplant", "svc-community-health"})
		if p.TotalCount != services || !p.HasNextPage || p.HasPrevPage {
			t.Errorf("services: total %d next %v prev %v", p.TotalCount, p.HasNextPage, p.HasPrevPage)
		}
		p = of(s.Services(ctx, graph.Page{First: 100, After: p.Cursors[2]})).must(t)
		if len(p.Items) != services-3 || p.HasNextPage || !p.HasPrevPage || p.Items[0].ID != "svc-community-pharmacy" {
			t.Errorf("second page: %d items, next %v, prev %v", len(p.Items), p.HasNextPage, p.HasPrevPage)
		}
		_, err := s.Services(ctx, graph.Page{First: graph.MaxFirst + 1})
		wantInvalid(t, err, "first")
	}},

	{"search/first hit", func(t *testing.T, ctx context.Context, s graph.Store) {
		for _, tt := range []struct{ text, want string }{
			{"specialised", "svc-specialised"},
			{"CQC", "care-quality-commission"},
			{"c.q.c.", "care-quality-commission"},
			{"care quality", "care-quality-commission"},
			{"Care Quality Commission", "care-quality-commission"},
			{"NHS England", "nhs-england"},
			{"healthwatch", "healthwatch-england"},
			{"wellbeing board", "health-and-wellbeing-boards"},
			{"well-being boards", "health-and-wellbeing-boards"},
			{"HEE", "health-education-england"},
			{"PHE", "public-health-england"},
			{"A&E", "svc-urgent-and-emergency-care"},
			{"monitor", "monitor"},
			{"ccg 02n", "ccg-02n"},
			{"N.I.C.E.", "nice"},
			{"treasury", "hm-treasury"},
			{"Hartlepool Health and Wellbeing Board", "hwb-e06000001"},
		} {
			hits := of(s.Search(ctx, tt.text, 10)).must(t)
			if len(hits) == 0 || hits[0].Node.ID() != tt.want {
				t.Errorf("Search(%q) = %q, want %s first", tt.text, hitIDs(hits), tt.want)
			}
			if !slices.IsSortedFunc(hits, graph.CompareSearchHits) {
				t.Errorf("Search(%q) not best first: %q", tt.text, hitIDs(hits))
			}
		}
	}},
	{"search/newcomers", newcomerSearch},
	{"search/limits", func(t *testing.T, ctx context.Context, s graph.Store) {
		if hits := of(s.Search(ctx, "nhs", graph.MaxSearch)).must(t); len(hits) != graph.MaxSearch {
			t.Errorf("Search(nhs, %d) gave %d hits", graph.MaxSearch, len(hits))
		}
		if hits := of(s.Search(ctx, "nhs", 3)).must(t); len(hits) != 3 {
			t.Errorf("Search(nhs, 3) gave %d hits", len(hits))
		}
		if hits := of(s.Search(ctx, "xyzzy plugh", 10)).must(t); len(hits) != 0 {
			t.Errorf("Search(nonsense) = %q, want nothing", hitIDs(hits))
		}
		hits := of(s.Search(ctx, "Healthwatch", graph.MaxSearch)).must(t)
		for _, h := range hits {
			if !strings.Contains(strings.ToLower(h.Node.Name()), "healthwatch") {
				t.Errorf("Search(Healthwatch) hit %s %q", h.Node.ID(), h.Node.Name())
			}
		}
		for _, tt := range []struct {
			text  string
			limit int
			param string
		}{{"", 5, "text"}, {" .-' ", 5, "text"}, {"nhs", 0, "first"}, {"nhs", graph.MaxSearch + 1, "first"}} {
			_, err := s.Search(ctx, tt.text, tt.limit)
			wantInvalid(t, err, tt.param)
		}
	}},

	{"relationships", func(t *testing.T, ctx context.Context, s graph.Store) {
		tests := []struct {
			name  string
			ids   []string
			types []graph.RelType
			dir   graph.Direction
			want  []string
		}{
			{"DH funds", []string{"department-of-health"}, []graph.RelType{graph.Funds}, graph.Outgoing, []string{
				"rel-034", "rel-040", "rel-044", "rel-036", "rel-030", "rel-038", "rel-042", "rel-032"}},
			{"DH is funded", []string{"department-of-health"}, []graph.RelType{graph.Funds}, graph.Incoming, []string{"rel-023"}},
			{"a CCG", []string{"ccg-02n"}, nil, graph.Both, []string{
				"advs-ccg-02n-by-council-e08000032", "advs-ccg-02n-by-council-e10000023", "inst-ccg-02n",
				"memb-ccg-02n-hwb-e08000032", "memb-ccg-02n-hwb-e10000023",
				"memb-practice-b82007", "memb-practice-b82020", "memb-practice-b82028", "memb-practice-b82053", "memb-practice-b82099",
				"memb-practice-b83002", "memb-practice-b83006", "memb-practice-b83008", "memb-practice-b83019", "memb-practice-b83021",
				"memb-practice-b83023", "memb-practice-b83027", "memb-practice-b83033", "memb-practice-b83061", "memb-practice-b83602",
				"memb-practice-b83620", "memb-practice-b83624", "part-ccg-02n", "succ-pct-5nv-ccg-02n", "succ-pct-5ny-ccg-02n"}},
			{"a PCT's successors", []string{"pct-5qg"}, []graph.RelType{graph.SucceededBy}, graph.Outgoing, []string{
				"succ-pct-5qg-ccg-10g", "succ-pct-5qg-ccg-10t", "succ-pct-5qg-ccg-11c"}},
			{"a Healthwatch", []string{"healthwatch-e06000001"}, nil, graph.Both, []string{
				"acct-healthwatch-e06000001", "comm-healthwatch-e06000001", "inst-healthwatch-e06000001", "memb-healthwatch-e06000001"}},
			{"shared edges once", []string{"nhs-england", "department-of-health"}, []graph.RelType{graph.AccountableTo, graph.Funds}, graph.Outgoing, []string{
				"rel-002", "rel-003", "rel-267", "rel-028", "rel-029",
				"rel-034", "rel-040", "rel-044", "rel-036", "rel-030", "rel-038", "rel-042", "rel-032",
				"rel-094", "fund-ccg-00c", "fund-ccg-00d", "fund-ccg-00j", "fund-ccg-00k", "fund-ccg-00m", "fund-ccg-00t",
				"fund-ccg-00v", "fund-ccg-00w", "fund-ccg-00y", "fund-ccg-01c", "fund-ccg-01r", "fund-ccg-02d", "fund-ccg-02e",
				"fund-ccg-02f", "fund-ccg-12f", "rel-107", "rel-092", "rel-111"}},
			{"both ways, deduplicated", []string{"hm-treasury", "dclg"}, nil, graph.Both, []string{"rel-025", "rel-024", "rel-023"}},
			{"unknown ids", []string{"no-such-body"}, nil, graph.Both, []string{}},
		}
		for _, tt := range tests {
			rs := of(s.Relationships(ctx, tt.ids, tt.types, tt.dir)).must(t)
			wantIDs(t, tt.name, relIDs(rs), tt.want)
		}
		for _, r := range of(s.Relationships(ctx, []string{"pct-5qg"}, []graph.RelType{graph.SucceededBy}, graph.Outgoing)).must(t) {
			if r.ID == "succ-pct-5qg-ccg-11c" && (r.Patients == nil || *r.Patients != 153_022 || r.Share == nil || *r.Share != 0.3503 ||
				r.Confidence != graph.ConfidenceMedium || len(r.Sources) == 0) {
				t.Errorf("succ-pct-5qg-ccg-11c = %+v, want 153,022 patients, share 0.3503, medium, sourced", r)
			}
		}
		rs := of(s.Relationships(ctx, []string{"department-of-health"}, []graph.RelType{graph.Funds}, graph.Outgoing)).must(t)
		if i := slices.IndexFunc(rs, func(r graph.Relationship) bool { return r.ID == "rel-030" }); i < 0 || rs[i].AmountGBP == nil || *rs[i].AmountGBP != 95_600_000_000 || rs[i].Year != "2013/14" {
			t.Errorf("rel-030 has no 95.6bn for 2013/14: %+v", rs)
		}
		_, err := s.Relationships(ctx, []string{"nhs-england"}, []graph.RelType{"LOVES"}, graph.Both)
		wantInvalid(t, err, "types")
		_, err = s.Relationships(ctx, []string{"nhs-england"}, nil, "SIDEWAYS")
		wantInvalid(t, err, "direction")
		_, err = s.Relationships(ctx, make([]string, graph.MaxIDs+1), nil, graph.Both)
		wantInvalid(t, err, "ids")
	}},
	{"neighbours", func(t *testing.T, ctx context.Context, s graph.Store) {
		rs, ns, err := s.Neighbours(ctx, []string{"hm-treasury"}, []graph.RelType{graph.Funds}, graph.Outgoing)
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, "edges", relIDs(rs), []string{"rel-024", "rel-023"})
		wantIDs(t, "nodes", nodeIDs(ns), []string{"dclg", "department-of-health", "hm-treasury"})
		rs, ns, err = s.Neighbours(ctx, []string{"svc-specialised", "area-team-q52"}, []graph.RelType{graph.Commissions, graph.PartOf}, graph.Incoming)
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, "edges", relIDs(rs), []string{"rel-117", "rel-130", "part-ccg-02n", "part-ccg-02r", "part-ccg-02t", "part-ccg-02v", "part-ccg-02w", "part-ccg-03a", "part-ccg-03c", "part-ccg-03g", "part-ccg-03j", "part-ccg-03r"})
		wantIDs(t, "nodes", nodeIDs(ns), []string{"area-team-q52", "ccg-02n", "ccg-02r", "ccg-02t", "ccg-02v", "ccg-02w", "ccg-03a", "ccg-03c", "ccg-03g", "ccg-03j", "ccg-03r", "nhs-england", "specialised-commissioning-hubs", "svc-specialised"})
		_, _, err = s.Neighbours(ctx, []string{"nhs-england"}, nil, "UP")
		wantInvalid(t, err, "direction")
	}},

	{"neighbourhood", func(t *testing.T, ctx context.Context, s graph.Store) {
		tests := []struct {
			name         string
			q            graph.NeighbourhoodQuery
			nodes, edges []string
		}{
			{"depth 0", graph.NeighbourhoodQuery{ID: "hm-treasury"}, []string{"hm-treasury"}, []string{}},
			{"depth 1", graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: 1},
				[]string{"dclg", "department-of-health", "hm-treasury"}, []string{"rel-024", "rel-023"}},
			{"a class without its instances", graph.NeighbourhoodQuery{ID: "nhse-regional-teams", Depth: 1},
				[]string{"nhs-england", "nhse-area-teams", "nhse-regional-teams"}, []string{"rel-088", "rel-087"}},
			{"a class with its instances", graph.NeighbourhoodQuery{ID: "nhse-regional-teams", Depth: 1, Instances: true},
				[]string{"nhs-england", "nhse-area-teams", "nhse-regional-teams", "region-y54", "region-y55", "region-y56", "region-y57"},
				[]string{"inst-region-y54", "inst-region-y55", "inst-region-y56", "inst-region-y57", "rel-088", "rel-087",
					"part-region-y54", "part-region-y55", "part-region-y56", "part-region-y57"}},
			{"an instance alone", graph.NeighbourhoodQuery{ID: "ccg-02n", Depth: 1},
				[]string{"ccg-02n", "clinical-commissioning-groups"}, []string{"inst-ccg-02n"}},
			{"an instance with instances", graph.NeighbourhoodQuery{ID: "ccg-02n", Depth: 1, Instances: true, Types: []graph.RelType{graph.PartOf, graph.InstanceOf, graph.SucceededBy, graph.Advises}},
				[]string{"area-team-q52", "ccg-02n", "clinical-commissioning-groups", "council-e08000032", "council-e10000023", "pct-5nv", "pct-5ny"},
				[]string{"advs-ccg-02n-by-council-e08000032", "advs-ccg-02n-by-council-e10000023", "inst-ccg-02n", "part-ccg-02n",
					"succ-pct-5nv-ccg-02n", "succ-pct-5ny-ccg-02n"}},
			{"typed, outgoing", graph.NeighbourhoodQuery{ID: "ccg-02n", Depth: 4, Types: []graph.RelType{graph.PartOf}, Direction: graph.Outgoing, Instances: true},
				[]string{"area-team-q52", "ccg-02n", "nhs-england", "region-y54"}, []string{"part-area-team-q52", "part-ccg-02n", "part-region-y54"}},
			{"incoming", graph.NeighbourhoodQuery{ID: "svc-specialised", Depth: 1, Direction: graph.Incoming},
				[]string{"nhs-england", "nhs-foundation-trusts", "nhs-trusts", "specialised-commissioning-hubs", "svc-specialised"},
				[]string{"rel-136", "rel-137", "rel-117", "rel-130", "rel-233", "rel-239"}},
			{"CQC", graph.NeighbourhoodQuery{ID: "care-quality-commission", Depth: 1},
				[]string{"care-quality-commission", "dental-practices", "department-of-health", "gp-practices", "healthwatch-england",
					"independent-sector-providers", "local-healthwatch", "nhs-foundation-trusts", "nhs-trusts", "social-care-providers",
					"voluntary-and-community-sector-providers"},
				[]string{"rel-033", "rel-063", "rel-071", "rel-034", "rel-058", "rel-057", "rel-078", "rel-079", "rel-075", "rel-073",
					"rel-074", "rel-077", "rel-076", "rel-064"}},
		}
		for _, tt := range tests {
			g := of(s.Neighbourhood(ctx, tt.q)).must(t)
			wantIDs(t, tt.name+" nodes", nodeIDs(g.Nodes), tt.nodes)
			wantIDs(t, tt.name+" edges", relIDs(g.Edges), tt.edges)
		}
		g := of(s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: 2})).must(t)
		if len(g.Nodes) != 26 || len(g.Edges) != 56 {
			t.Errorf("HM Treasury depth 2: %d nodes, %d edges; want 26, 56", len(g.Nodes), len(g.Edges))
		}
		if !slices.IsSortedFunc(g.Edges, graph.CompareRelationships) || !slices.IsSorted(nodeIDs(g.Nodes)) {
			t.Errorf("HM Treasury depth 2 not in canonical order")
		}
	}},
	{"neighbourhood/errors", func(t *testing.T, ctx context.Context, s graph.Store) {
		_, err := s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "no-such-body", Depth: 1})
		wantNotFound(t, err, "node", "no-such-body")
		_, err = s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: 2, MaxNodes: 25})
		var tl *graph.TooLargeError
		if !errors.As(err, &tl) || tl.What != "nodes" || tl.Count != 26 || tl.Limit != 25 {
			t.Errorf("over the cap: %v, want *TooLargeError 26 nodes over 25", err)
		}
		if _, err := s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: 2, MaxNodes: 26}); err != nil {
			t.Errorf("at the cap: %v", err)
		}
		_, err = s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: graph.MaxDepth + 1})
		wantInvalid(t, err, "depth")
		_, err = s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Depth: -1})
		wantInvalid(t, err, "depth")
		_, err = s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Direction: "UP"})
		wantInvalid(t, err, "direction")
		_, err = s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "hm-treasury", Types: []graph.RelType{"LOVES"}})
		wantInvalid(t, err, "types")
	}},
	{"graph", func(t *testing.T, ctx context.Context, s graph.Store) {
		tests := []struct {
			name         string
			q            graph.GraphQuery
			nodes, edges int
		}{
			{"default", graph.GraphQuery{}, classes - predecessors + services, classEdges - predecessorEdges},
			{"with predecessors", graph.GraphQuery{Inactive: true}, classes + services, classEdges},
			{"everything but the practices", graph.GraphQuery{Inactive: true, Instances: true}, organisations - practices + services, relationships - 2*practices},
			{"regulation of the live system", graph.GraphQuery{Types: []graph.RelType{graph.Regulates}, Instances: true}, classes - predecessors + live - practices + services, 21 + trusts + fts},
			{"practices need instances", graph.GraphQuery{Practices: true}, classes - predecessors + services, classEdges - predecessorEdges},
			{"money", graph.GraphQuery{Types: []graph.RelType{graph.Funds}}, classes - predecessors + services, 20},
			{"instances and their classes", graph.GraphQuery{Types: []graph.RelType{graph.InstanceOf}, Instances: true}, classes - predecessors + live - practices + services, live - practices},
			{"with the practices", graph.GraphQuery{Types: []graph.RelType{graph.InstanceOf}, Instances: true, Practices: true}, classes - predecessors + live + services, live},
		}
		for _, tt := range tests {
			g := of(s.Graph(ctx, tt.q)).must(t)
			if len(g.Nodes) != tt.nodes || len(g.Edges) != tt.edges {
				t.Errorf("%s: %d nodes, %d edges; want %d, %d", tt.name, len(g.Nodes), len(g.Edges), tt.nodes, tt.edges)
			}
			if !slices.IsSortedFunc(g.Edges, graph.CompareRelationships) || !slices.IsSorted(nodeIDs(g.Nodes)) {
				t.Errorf("%s: not in canonical order", tt.name)
			}
		}
		_, err := s.Graph(ctx, graph.GraphQuery{MaxNodes: 90})
		var tl *graph.TooLargeError
		if !errors.As(err, &tl) || tl.Count != classes-predecessors+services || tl.Limit != 90 {
			t.Errorf("over the cap: %v", err)
		}
		_, err = s.Graph(ctx, graph.GraphQuery{Types: []graph.RelType{"LOVES"}})
		wantInvalid(t, err, "types")
	}},

	{"path", func(t *testing.T, ctx context.Context, s graph.Store) {
		tests := []struct {
			name string
			q    graph.PathQuery
			want []string
		}{
			{"least edge ids among equals", graph.PathQuery{From: "healthwatch-england", To: "nice", MaxHops: 8},
				[]string{"healthwatch-england", "rel-059", "secretary-of-state-for-health", "rel-194", "nice"}},
			{"through the class", graph.PathQuery{From: "ccg-02n", To: "nhs-england", MaxHops: 8},
				[]string{"ccg-02n", "inst-ccg-02n", "clinical-commissioning-groups", "rel-107", "nhs-england"}},
			{"typed", graph.PathQuery{From: "ccg-02n", To: "nhs-england", MaxHops: 8, Types: []graph.RelType{graph.PartOf}},
				[]string{"ccg-02n", "part-ccg-02n", "area-team-q52", "part-area-team-q52", "region-y54", "part-region-y54", "nhs-england"}},
			{"directed", graph.PathQuery{From: "clinical-commissioning-groups", To: "uk-parliament", MaxHops: 8, Directed: true, Types: []graph.RelType{graph.AccountableTo}},
				[]string{"clinical-commissioning-groups", "rel-108", "nhs-england", "rel-029", "uk-parliament"}},
			{"against the arrows", graph.PathQuery{From: "uk-parliament", To: "clinical-commissioning-groups", MaxHops: 2, Types: []graph.RelType{graph.AccountableTo}},
				[]string{"uk-parliament", "rel-029", "nhs-england", "rel-108", "clinical-commissioning-groups"}},
			{"to a service", graph.PathQuery{From: "hm-treasury", To: "svc-specialised", MaxHops: 8},
				[]string{"hm-treasury", "rel-023", "department-of-health", "rel-030", "nhs-england", "rel-117", "svc-specialised"}},
			{"to itself", graph.PathQuery{From: "nice", To: "nice", MaxHops: 1}, []string{"nice"}},
		}
		for _, tt := range tests {
			p := of(s.ShortestPath(ctx, tt.q)).must(t)
			wantIDs(t, tt.name, walk(p), tt.want)
		}
		p := of(s.ShortestPath(ctx, graph.PathQuery{From: "hm-treasury", To: "nhs-england", MaxHops: 2})).must(t)
		if len(p.Steps) == 2 && (p.Steps[1].Edge.From != "department-of-health" || p.Steps[1].Node.Organisation == nil || p.Steps[1].Node.Organisation.ShortName != "NHS England / NHS CB") {
			t.Errorf("steps carry the edge as stored and the node reached: %+v", p.Steps[1])
		}
	}},
	{"path/errors", func(t *testing.T, ctx context.Context, s graph.Store) {
		_, err := s.ShortestPath(ctx, graph.PathQuery{From: "no-such-body", To: "nice", MaxHops: 3})
		wantNotFound(t, err, "node", "no-such-body")
		_, err = s.ShortestPath(ctx, graph.PathQuery{From: "nice", To: "no-such-body", MaxHops: 3})
		wantNotFound(t, err, "node", "no-such-body")
		_, err = s.ShortestPath(ctx, graph.PathQuery{From: "healthwatch-england", To: "nice", MaxHops: 1})
		var nf *graph.NotFoundError
		if !errors.Is(err, graph.ErrNotFound) || errors.As(err, &nf) {
			t.Errorf("no path within 1 hop: %v, want a wrapped ErrNotFound that is not a *NotFoundError", err)
		}
		_, err = s.ShortestPath(ctx, graph.PathQuery{From: "uk-parliament", To: "clinical-commissioning-groups", MaxHops: 8, Directed: true, Types: []graph.RelType{graph.AccountableTo}})
		if !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("no directed path: %v, want ErrNotFound", err)
		}
		for _, hops := range []int{0, graph.MaxHops + 1} {
			_, err = s.ShortestPath(ctx, graph.PathQuery{From: "nice", To: "hta", MaxHops: hops})
			wantInvalid(t, err, "maxHops")
		}
		_, err = s.ShortestPath(ctx, graph.PathQuery{From: "nice", To: "hta", MaxHops: 3, Types: []graph.RelType{"LOVES"}})
		wantInvalid(t, err, "types")
	}},

	{"accountability chain", func(t *testing.T, ctx context.Context, s graph.Store) {
		const dh, sos, parl, phe = "department-of-health", "secretary-of-state-for-health", "uk-parliament", "public-health-england"
		tests := []struct {
			from string
			want []string
		}{
			{"ccg-02n", []string{"ccg-02n", "area-team-q52", "region-y54", "nhs-england", dh, sos, parl}},
			{"clinical-commissioning-groups", []string{"clinical-commissioning-groups", "nhs-england", dh, sos, parl}},
			{"nhs-england", []string{"nhs-england", dh, sos, parl}},
			{"healthwatch-e06000001", []string{"healthwatch-e06000001", "council-e06000001", "upper-tier-local-authorities", phe, dh, sos, parl}},
			{"hwb-e06000001", []string{"hwb-e06000001", "council-e06000001", "upper-tier-local-authorities", phe, dh, sos, parl}},
			{"pct-5qg", []string{"pct-5qg", "sha-q38", "strategic-health-authorities"}},
			{"practice-b82007", []string{"practice-b82007", "gp-practices"}},
			{"healthwatch-england", []string{"healthwatch-england", "care-quality-commission", dh, sos, parl}},
			{"nhs-trusts", []string{"nhs-trusts", "nhs-trust-development-authority", dh, sos, parl}},
			{"specialised-commissioning-hubs", []string{"specialised-commissioning-hubs", "nhse-area-teams", "nhse-regional-teams", "nhs-england", dh, sos, parl}},
			{"health-select-committee", []string{"health-select-committee", parl}},
			{parl, []string{parl}},
			{"patients-and-public", []string{"patients-and-public"}},
		}
		for _, tt := range tests {
			os := of(s.AccountabilityChain(ctx, tt.from)).must(t)
			wantIDs(t, tt.from, orgIDs(os), tt.want)
		}
		_, err := s.AccountabilityChain(ctx, "svc-specialised")
		wantNotFound(t, err, "organisation", "svc-specialised")
	}},
	{"money flow", func(t *testing.T, ctx context.Context, s graph.Store) {
		const hmt, dh, nhse, utla = "hm-treasury", "department-of-health", "nhs-england", "upper-tier-local-authorities"
		viaUTLA := [][]string{
			{hmt, "rel-024", "dclg", "rel-025", utla},
			{hmt, "rel-023", dh, "rel-030", nhse, "rel-111", utla},
			{hmt, "rel-023", dh, "rel-032", "public-health-england", "rel-054", utla},
		}
		withLocalHealthwatch := [][]string{}
		for _, p := range viaUTLA {
			withLocalHealthwatch = append(withLocalHealthwatch, append(slices.Clone(p), "rel-066", "local-healthwatch"))
		}
		tests := []struct {
			to   string
			want [][]string
		}{
			{"clinical-commissioning-groups", [][]string{{hmt, "rel-023", dh, "rel-030", nhse, "rel-107", "clinical-commissioning-groups"}}},
			{"ccg-02n", [][]string{{hmt, "rel-023", dh, "rel-030", nhse, "rel-107", "clinical-commissioning-groups"}}},
			{"ccg-00c", [][]string{{hmt, "rel-023", dh, "rel-030", nhse, "fund-ccg-00c", "ccg-00c"}}},
			{utla, viaUTLA},
			{"local-healthwatch", withLocalHealthwatch},
			{"healthwatch-e06000001", withLocalHealthwatch},
			{"nhs-litigation-authority", [][]string{{"nhs-foundation-trusts", "rel-214", "nhs-litigation-authority"}, {"nhs-trusts", "rel-215", "nhs-litigation-authority"}}},
			{hmt, nil},
			{"patients-and-public", nil},
		}
		for _, tt := range tests {
			ps := of(s.MoneyFlow(ctx, tt.to)).must(t)
			var got [][]string
			for _, p := range ps {
				got = append(got, walk(p))
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("MoneyFlow(%s):\n got  %q\n want %q", tt.to, got, tt.want)
			}
		}
		ps := of(s.MoneyFlow(ctx, "clinical-commissioning-groups")).must(t)
		if len(ps) == 1 && len(ps[0].Steps) == 3 {
			for i, want := range map[int]int64{1: 95_600_000_000, 2: 64_700_000_000} {
				if a := ps[0].Steps[i].Edge.AmountGBP; a == nil || *a != want {
					t.Errorf("step %d amount %v, want %d", i, a, want)
				}
			}
		}
		_, err := s.MoneyFlow(ctx, "no-such-body")
		wantNotFound(t, err, "organisation", "no-such-body")
	}},
	{"who commissions", func(t *testing.T, ctx context.Context, s graph.Store) {
		for _, tt := range []struct {
			svc  string
			want []string
		}{
			{"svc-specialised", []string{"nhs-england", "specialised-commissioning-hubs"}},
			{"svc-child-public-health-0-5", []string{"nhs-england", "nhse-area-teams"}},
			{"svc-sexual-health", []string{"upper-tier-local-authorities"}},
			{"svc-planned-hospital-care", []string{"clinical-commissioning-groups"}},
			{"svc-primary-medical", []string{"nhs-england", "nhse-area-teams"}},
			{"svc-blood-and-transplant", []string{}},
		} {
			os := of(s.WhoCommissions(ctx, tt.svc)).must(t)
			wantIDs(t, tt.svc, orgIDs(os), tt.want)
		}
		_, err := s.WhoCommissions(ctx, "nhs-england")
		wantNotFound(t, err, "service", "nhs-england")
	}},
	{"expand", func(t *testing.T, ctx context.Context, s graph.Store) {
		x := of(s.Expand(ctx, []string{"svc-specialised"}, nestedSteps)).must(t)
		wantIDs(t, "Expand roots", nodeIDs(x.Roots), []string{"svc-specialised"})
		if len(x.Steps) != 2 {
			t.Fatalf("Expand: %d steps, want 2", len(x.Steps))
		}
		wantIDs(t, "step 0 at", x.Steps[0].At, []string{"svc-specialised"})
		wantIDs(t, "step 1 at", x.Steps[1].At, []string{"nhs-england", "specialised-commissioning-hubs"})
		var to []string
		for _, e := range x.Steps[1].EdgesAt("nhs-england", graph.Outgoing) {
			to = append(to, e.To)
		}
		wantIDs(t, "nhs-england accountable to", to, []string{"department-of-health", "secretary-of-state-for-health", "uk-parliament"})
		// Every tree agrees with ExpandBy over the store's own lookups.
		for name, tree := range map[string]struct {
			roots []string
			steps []graph.ExpandStep
		}{
			"nested": {[]string{"svc-specialised"}, nestedSteps},
			"ends":   {[]string{"nhs-england", "no-such-body", "ccg-02n", "svc-fertility"}, endSteps},
			"deep":   {[]string{"ccg-02n", "ccg-02n"}, deepSteps},
			"none":   {nil, nil},
		} {
			got := of(s.Expand(ctx, tree.roots, tree.steps)).must(t)
			want, err := graph.ExpandBy(ctx, tree.roots, tree.steps, batchedNodes(s), s.Relationships)
			if err != nil {
				t.Fatalf("%s: ExpandBy: %v", name, err)
			}
			if !equal(reflect.ValueOf(got), reflect.ValueOf(want)) {
				t.Errorf("Expand %s differs from ExpandBy with the store's lookups:\n got  %+v\n want %+v", name, got, want)
			}
		}
		_, err := s.Expand(ctx, bigClasses, []graph.ExpandStep{
			{Parent: -1, Types: []graph.RelType{graph.InstanceOf}, Direction: graph.Incoming},
			{Parent: 0, Types: []graph.RelType{graph.PartOf}, Direction: graph.Outgoing},
		})
		if !errors.Is(err, graph.ErrTooLarge) {
			t.Errorf("Expand over %d nodes in a step: %v, want ErrTooLarge", graph.MaxIDs, err)
		}
		for _, bad := range []struct {
			steps []graph.ExpandStep
			param string
		}{
			{[]graph.ExpandStep{{Parent: 0}}, "steps"},
			{[]graph.ExpandStep{{Parent: -1, Types: []graph.RelType{"NOPE"}}}, "types"},
			{[]graph.ExpandStep{{Parent: -1, Direction: "UP"}}, "direction"},
			{[]graph.ExpandStep{{Parent: -1, End: "middle"}}, "end"},
			{[]graph.ExpandStep{{Parent: -1, Kind: "Person"}}, "kind"},
			{slices.Repeat([]graph.ExpandStep{{Parent: -1}}, graph.MaxExpandSteps+1), "steps"},
			{[]graph.ExpandStep{{Parent: -1}, {Parent: 0}, {Parent: 1}, {Parent: 2}, {Parent: 3}}, "steps"},
		} {
			_, err := s.Expand(ctx, []string{"nhs-england"}, bad.steps)
			wantInvalid(t, err, bad.param)
		}
	}},
	{"stats", func(t *testing.T, ctx context.Context, s graph.Store) {
		st := of(s.Stats(ctx)).must(t)
		info := of(s.Info(ctx)).must(t)
		if st.Dataset != info || st.Organisations != organisations || st.Classes != classes || st.Instances != instances ||
			st.Services != services || st.Relationships != relationships || st.Active != organisations-predecessors-abolished {
			t.Errorf("Stats = %+v", st)
		}
		tc := func(name string, n int) graph.TypeCount { return graph.TypeCount{Name: name, Count: n} }
		wantTypes := []graph.TypeCount{
			tc("ACCOUNTABLE_TO", 32+councils+pctsWithSHA+nhsTrusts), tc("FUNDS", 20+allocations), tc("COMMISSIONS", 54+councils), tc("PROVIDES", 28),
			tc("REGULATES", 21+trusts+fts), tc("ADVISES", 25+ccgCouncilTies), tc("SUPPORTS", 23), tc("PART_OF", 14+4+27+211+councils), tc("HOSTS", 4),
			tc("MEMBER_OF", 12+councils+practices+ccgCouncilTies), tc("REPRESENTS", 2), tc("SCRUTINISES", 17), tc("USES", 5),
			tc("SUCCEEDED_BY", 11+pctSuccessors+shaSuccessors), tc("INSTANCE_OF", instances),
		}
		if !slices.Equal(st.ByType, wantTypes) {
			t.Errorf("ByType\n got  %v\n want %v", st.ByType, wantTypes)
		}
		wantKinds := []graph.TypeCount{
			tc("PARLIAMENT", 6), tc("MINISTER", 1), tc("GOVERNMENT_DEPARTMENT", 4), tc("EXECUTIVE_AGENCY", 2),
			tc("NON_DEPARTMENTAL_BODY", 9), tc("SPECIAL_HEALTH_AUTHORITY", 9), tc("GOVERNMENT_COMPANY", 2),
			tc("STATUTORY_COMMITTEE", 2+councils), tc("DIVISION", 6+4+27), tc("NETWORK", 3), tc("NHS_BODY", 3+211+pcts+shas),
			tc("LOCAL_AUTHORITY", 3+councils), tc("PATIENT_VOICE", 3+councils), tc("REGULATOR", 1), tc("PROVIDER", 9+trusts+practices),
			tc("EDUCATION", 1), tc("PEOPLE", 2), tc("INDUSTRY", 1),
		}
		if !slices.Equal(st.ByKind, wantKinds) {
			t.Errorf("ByKind\n got  %v\n want %v", st.ByKind, wantKinds)
		}
	}},
}
