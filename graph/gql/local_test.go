package gql_test

import (
	"strings"
	"testing"

	"caremap/graph/gql"
)

// TestLocalLayer asks the API for the local layer's facts: a CCG's figures
// and predecessors, a PCT's successors with the share that passed, the
// filters by membership and date, and the live count.
func TestLocalLayer(t *testing.T) {
	c := newClient(t)
	type figure struct {
		Value   int
		AsOf    *string
		Note    *string
		Sources []struct{ Title, URL string }
	}
	var r struct {
		CCG struct {
			RegisteredPatients *figure
			MemberPractices    *figure
			Predecessors       []struct{ ID string }
			Successors         []struct{ ID string }
		}
		PCT struct {
			Active        bool
			ValidTo       *string
			Successors    []struct{ ID string }
			Relationships []struct {
				ID       string
				Patients *int
				Share    *float64
			}
		}
		Practice struct {
			RegisteredPatients   *figure
			FoundationTrustSince *string
		}
		Members struct{ TotalCount int }
		AsAt    struct{ TotalCount int }
		Live    struct{ TotalCount int }
		Stats   struct{ Organisations, Active int }
	}
	c.MustPost(`{
		ccg: organisation(id: "ccg-02n") {
			registeredPatients { value asOf note sources { title url } }
			memberPractices { value asOf sources { title } }
			predecessors { id } successors { id }
		}
		pct: organisation(id: "pct-5qg") {
			active validTo successors { id }
			relationships(types: [SUCCEEDED_BY], direction: OUTGOING) { id patients share }
		}
		practice: organisation(id: "practice-b82007") { registeredPatients { value } foundationTrustSince }
		members: organisations(filter: {memberOf: "ccg-02n"}) { totalCount }
		asAt: organisations(filter: {instanceOf: "primary-care-trusts", activeOn: "2013-03-31"}) { totalCount }
		live: organisations(filter: {instanceOf: "primary-care-trusts", activeOn: "2013-04-01"}) { totalCount }
		stats { organisations active }
	}`, &r)

	if f := r.CCG.RegisteredPatients; f == nil || f.Value != 156_293 || f.Note == nil || len(f.Sources) == 0 || f.Sources[0].URL == "" {
		t.Errorf("ccg-02n registeredPatients = %+v, want 156,293 with a note and sources", f)
	}
	if f := r.CCG.MemberPractices; f == nil || f.Value != 17 || f.AsOf == nil || *f.AsOf != "2013-04-01" {
		t.Errorf("ccg-02n memberPractices = %+v, want 17 as at 2013-04-01", f)
	}
	if ids := idsOf(r.CCG.Predecessors); ids != "pct-5ny pct-5nv" || len(r.CCG.Successors) != 0 {
		t.Errorf("ccg-02n predecessors %q, successors %v; want Bradford and Airedale (5NY) then North Yorkshire and York (5NV), by name, and none", ids, r.CCG.Successors)
	}
	if r.PCT.Active || r.PCT.ValidTo == nil || *r.PCT.ValidTo != "2013-03-31" || idsOf(r.PCT.Successors) != "ccg-10g ccg-10t ccg-11c" {
		t.Errorf("pct-5qg = %+v", r.PCT)
	}
	found := false
	for _, rel := range r.PCT.Relationships {
		if rel.ID == "succ-pct-5qg-ccg-11c" {
			found = rel.Patients != nil && *rel.Patients == 153_022 && rel.Share != nil && *rel.Share == 0.3503
		}
	}
	if !found {
		t.Errorf("pct-5qg relationships %+v, want succ-pct-5qg-ccg-11c with 153,022 patients and share 0.3503", r.PCT.Relationships)
	}
	if r.Practice.RegisteredPatients == nil || r.Practice.RegisteredPatients.Value != 9310 || r.Practice.FoundationTrustSince != nil {
		t.Errorf("practice-b82007 = %+v", r.Practice)
	}
	if r.Members.TotalCount != 17 || r.AsAt.TotalCount != 151 || r.Live.TotalCount != 0 {
		t.Errorf("members %d, PCTs on 31 March %d, on 1 April %d; want 17, 151, 0", r.Members.TotalCount, r.AsAt.TotalCount, r.Live.TotalCount)
	}
	if r.Stats.Active != r.Stats.Organisations-7-161 {
		t.Errorf("stats %+v: want active = organisations less the 7 predecessor classes and the 161 PCTs and SHAs", r.Stats)
	}

	for _, day := range []string{`"2013-02-30"`, `"yesterday"`} {
		errs := errorsOf(t, c, `{ organisations(filter: {activeOn: `+day+`}) { totalCount } }`)
		if len(errs) != 1 || errs[0].Extensions["code"] != gql.CodeBadInput || !strings.Contains(errs[0].Message, "activeOn") ||
			!strings.Contains(errs[0].Message, "YYYY-MM-DD") {
			t.Errorf("activeOn %s: errors %+v, want one %s naming activeOn and the format", day, errs, gql.CodeBadInput)
		}
	}
}

func idsOf(l []struct{ ID string }) string {
	ids := make([]string, len(l))
	for i, x := range l {
		ids[i] = x.ID
	}
	return strings.Join(ids, " ")
}
