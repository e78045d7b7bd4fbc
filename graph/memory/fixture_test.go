package memory

import (
	"testing"

	"caremap/graph"
)

// tiny is a small hand-built dataset with the shapes the real one has:
// classes and instances, an accountability ladder with a shortcut, a FUNDS
// cycle, an accountability cycle, an inactive predecessor and services.
func tiny() graph.Dataset {
	org := func(id, name, short string, kind graph.Kind, tier graph.Tier) graph.Organisation {
		return graph.Organisation{ID: id, Name: name, ShortName: short, Kind: kind, Tier: tier, Status: "active", Count: 1, Group: "g", Confidence: graph.ConfidenceHigh}
	}
	inst := func(id, name, class string) graph.Organisation {
		o := org(id, name, "", graph.KindNHSBody, graph.TierLocal)
		o.InstanceOf = class
		return o
	}
	amount := func(n int64) *int64 { return &n }
	rel := func(id string, t graph.RelType, from, to string) graph.Relationship {
		return graph.Relationship{ID: id, Type: t, From: from, To: to, Confidence: graph.ConfidenceHigh}
	}

	pct := org("primary-care-trusts", "Primary care trusts", "PCTs", graph.KindNHSBody, graph.TierLocal)
	pct.Status = "abolished 2013-03-31"
	cqc := org("care-quality-commission", "Care Quality Commission", "CQC", graph.KindNonDepartmentalBody, graph.TierNational)
	cqc.Role = "Registers and inspects providers of health and adult social care."
	cqc.Group = "regulation"
	hwb := org("health-and-wellbeing-boards", "Health and well-being boards", "HWBs", graph.KindStatutoryCommittee, graph.TierLocal)
	ccgs := org("clinical-commissioning-groups", "Clinical commissioning groups", "CCGs", graph.KindNHSBody, graph.TierLocal)
	ccgs.Count = 211
	ats := org("nhse-area-teams", "NHS England area teams", "area teams", graph.KindDivision, graph.TierRegional)
	at := inst("area-team-q01", "NHS England Alpha Area Team", "nhse-area-teams")
	at.Kind = graph.KindDivision

	r07 := rel("r07", graph.Funds, "hm-treasury", "department-of-health")
	r07.AmountGBP = amount(100)
	r16 := rel("r16", graph.Commissions, "nhs-england", "svc-specialised")
	r17 := rel("r17", graph.Commissions, "clinical-commissioning-groups", "nhs-trusts")
	r17.Services = []string{"svc-primary", "svc-specialised"}

	return graph.Dataset{
		Version:  "test+1",
		Checksum: "sha256:00",
		Organisations: []graph.Organisation{
			org(graph.Parliament, "Parliament of the United Kingdom", "Parliament", graph.KindParliament, graph.TierNational),
			org("secretary-of-state-for-health", "Secretary of State for Health", "SoS", graph.KindMinister, graph.TierNational),
			org("department-of-health", "Department of Health", "DH", graph.KindGovernmentDepartment, graph.TierNational),
			org("hm-treasury", "HM Treasury", "HMT", graph.KindGovernmentDepartment, graph.TierNational),
			org("nhs-england", "NHS Commissioning Board", "NHS England / NHS CB", graph.KindNonDepartmentalBody, graph.TierNational),
			ccgs, ats, at, cqc, hwb, pct,
			inst("ccg-aaa", "NHS Alpha CCG", "clinical-commissioning-groups"),
			inst("ccg-bbb", "NHS Beta CCG", "clinical-commissioning-groups"),
			org("nhs-trusts", "NHS trusts", "", graph.KindProvider, graph.TierLocal),
			org("loop-a", "Loop A", "", graph.KindNetwork, graph.TierLocal),
			org("loop-b", "Loop B", "", graph.KindNetwork, graph.TierLocal),
		},
		Services: []graph.Service{
			{ID: "svc-specialised", Name: "Specialised services", Description: "Rare and complex treatments."},
			{ID: "svc-primary", Name: "Primary care", Description: "General practice."},
			{ID: "svc-orphan", Name: "Orphan service", Description: "Nobody commissions it."},
		},
		Relationships: []graph.Relationship{
			rel("r01", graph.AccountableTo, "secretary-of-state-for-health", graph.Parliament),
			rel("r02", graph.AccountableTo, "department-of-health", "secretary-of-state-for-health"),
			rel("r03", graph.AccountableTo, "department-of-health", graph.Parliament),
			rel("r04", graph.AccountableTo, "nhs-england", "secretary-of-state-for-health"),
			rel("r05", graph.AccountableTo, "nhs-england", graph.Parliament),
			rel("r06", graph.AccountableTo, "nhs-england", "department-of-health"),
			r07,
			rel("r08", graph.Funds, "department-of-health", "nhs-england"),
			rel("r09", graph.Funds, "nhs-england", "clinical-commissioning-groups"),
			rel("r10", graph.AccountableTo, "clinical-commissioning-groups", "nhs-england"),
			rel("r11", graph.InstanceOf, "ccg-aaa", "clinical-commissioning-groups"),
			rel("r12", graph.InstanceOf, "ccg-bbb", "clinical-commissioning-groups"),
			rel("r13", graph.PartOf, "ccg-aaa", "area-team-q01"),
			rel("r14", graph.PartOf, "area-team-q01", "nhs-england"),
			rel("r15", graph.InstanceOf, "area-team-q01", "nhse-area-teams"),
			r16, r17,
			rel("r18", graph.Regulates, "care-quality-commission", "nhs-trusts"),
			rel("r19", graph.SucceededBy, "primary-care-trusts", "clinical-commissioning-groups"),
			rel("r20", graph.AccountableTo, "loop-a", "loop-b"),
			rel("r21", graph.AccountableTo, "loop-b", "loop-a"),
			rel("r22", graph.Funds, "department-of-health", "care-quality-commission"),
			rel("r23", graph.Funds, "care-quality-commission", "department-of-health"),
			rel("r24", graph.Funds, "hm-treasury", "nhs-england"),
			rel("r25", graph.MemberOf, "clinical-commissioning-groups", "health-and-wellbeing-boards"),
			rel("r26", graph.Commissions, "nhs-england", "svc-specialised"),
		},
	}
}

// newTiny returns a store over tiny().
func newTiny(t testing.TB) *Store {
	t.Helper()
	s, err := New(tiny())
	if err != nil {
		t.Fatalf("New(tiny()) = %v", err)
	}
	return s
}
