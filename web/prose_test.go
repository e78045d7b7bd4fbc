package web

import (
	"context"
	"testing"

	"caremap/graph"
)

func TestProseName(t *testing.T) {
	st := newStore(t)
	for id, want := range map[string]string{
		"department-of-health":          "the Department of Health",
		"nhs-england":                   "NHS England",
		"clinical-commissioning-groups": "the 211 CCGs",
		"nhse-area-teams":               "the 27 NHS England area teams",
		"gp-practices":                  "the 8,053 GP practices",
		"community-pharmacies":          "community pharmacies",
		"hm-treasury":                   "HM Treasury",
		"monitor":                       "Monitor",
		"public-health-england":         "Public Health England",
		"national-audit-office":         "the National Audit Office",
		"nhs-property-services":         "NHS Property Services Ltd",
		"ccg-02n":                       "NHS Airedale, Wharfedale and Craven CCG",
		"svc-specialised":               "specialised services",
		"svc-primary-medical":           "general practice",
	} {
		ns, err := st.Nodes(context.Background(), []string{id})
		if err != nil || len(ns) != 1 {
			t.Fatalf("Nodes(%s): %v %v", id, ns, err)
		}
		if got := proseName(ns[0]); got != want {
			t.Errorf("proseName(%s) = %q, want %q", id, got, want)
		}
	}
}

func TestClauses(t *testing.T) {
	dh := graph.Node{Organisation: &graph.Organisation{ID: "dh", Name: "Department of Health", Count: 1, Kind: graph.KindGovernmentDepartment}}
	ccgs := graph.Node{Organisation: &graph.Organisation{ID: "ccgs", Name: "Clinical commissioning groups", ShortName: "CCGs", Count: 211}}
	amt := int64(2_500_000)
	funds := graph.Relationship{Type: graph.Funds, From: "dh", To: "ccgs", AmountGBP: &amt}
	tests := []struct {
		rel       graph.Relationship
		subj, obj graph.Node
		prevFunds bool
		want      string
	}{
		{funds, dh, ccgs, false, "funds the 211 CCGs £2.5m"},
		{funds, dh, ccgs, true, "allocates £2.5m to the 211 CCGs"},
		{funds, ccgs, dh, false, "are funded by the Department of Health (£2.5m)"},
		{graph.Relationship{Type: graph.Regulates, From: "dh", To: "ccgs"}, ccgs, dh, false, "are regulated by the Department of Health"},
		{graph.Relationship{Type: graph.MemberOf, From: "dh", To: "ccgs"}, dh, ccgs, false, "is a member of the 211 CCGs"},
		{graph.Relationship{Type: graph.AccountableTo, From: "ccgs", To: "dh"}, dh, ccgs, false, "holds the 211 CCGs to account"},
	}
	for _, tc := range tests {
		if got := clause(tc.rel, tc.subj, tc.obj, tc.prevFunds); got != tc.want {
			t.Errorf("clause(%s from %s) = %q, want %q", tc.rel.Type, tc.subj.ID(), got, tc.want)
		}
	}
	// Every type reads both ways.
	for _, info := range graph.RelTypes {
		if _, ok := forward[info.Type]; !ok {
			t.Errorf("no forward phrase for %s", info.Type)
		}
		if _, ok := backward[info.Type]; !ok {
			t.Errorf("no backward phrase for %s", info.Type)
		}
		if _, ok := groupLabels[info.Type]; !ok {
			t.Errorf("no table labels for %s", info.Type)
		}
	}
}
