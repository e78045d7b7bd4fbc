package graph

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestNormaliseText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"N.H.S. England", "nhs england"},
		{"  Health-and-Wellbeing   Boards ", "health and wellbeing boards"},
		{"People's voice", "peoples voice"},
		{"Urgent care (A&E, NHS 111)", "urgent care ae nhs 111"},
		{"Barking & Dagenham", "barking and dagenham"},
		{"&", "and"},
		{"Épreuve/ÖFFENTLICH", "épreuve öffentlich"},
		{"--", ""},
	} {
		if got := NormaliseText(tt.in); got != tt.want {
			t.Errorf("NormaliseText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchDocScore(t *testing.T) {
	cqc := Node{Organisation: &Organisation{ID: "care-quality-commission", Name: "Care Quality Commission", ShortName: "CQC",
		Role: "Registers and inspects providers of health and adult social care."}}
	hwb := Node{Organisation: &Organisation{ID: "health-and-wellbeing-boards", Name: "Health and wellbeing boards", ShortName: "HWBs"}}
	inst := Node{Organisation: &Organisation{ID: "hwb-e1", Name: "Kent Health and Well-being Board", InstanceOf: "health-and-wellbeing-boards"}}
	council := Node{Organisation: &Organisation{ID: "council-e06000009", Name: "Blackpool", Codes: Codes{ONS: "E06000009"}, InstanceOf: "upper-tier-local-authorities"}}
	for _, tt := range []struct {
		n    Node
		q    string
		tier float64 // 0: no match
	}{
		{cqc, "C.Q.C.", ScoreExact},
		{cqc, "care-quality-commission", ScoreExact},
		{cqc, "care qual", ScorePrefix},
		{cqc, "commission care", ScoreNameWords},
		{cqc, "inspects social care", ScoreAnyWords},
		{cqc, "inspects dentists", 0},
		{hwb, "well-being boards", ScoreNameWords},
		{hwb, "healthandwellbeing", ScorePrefix},
		{inst, "wellbeing board", ScoreNameWords - instancePenalty},
		{inst, "kent", ScoreWord - instancePenalty},
		{inst, "ken", ScorePrefix - instancePenalty},
		{inst, "Kent Health and Well-being Board", ScoreExact},
		{hwb, "wellbeing", ScoreWord},
		{hwb, "board", ScoreWord},
		{hwb, "hwb", ScoreExact}, // the short name, singular
		{hwb, "HWBs", ScoreExact},
		{cqc, "inspect", ScoreAnyWords},
		{cqc, "inspcts", ScoreAnyWords - typoPenalty},       // a typo
		{cqc, "comission", ScoreNameWords - typoPenalty},    // a typo
		{cqc, "cqx", 0},                                     // too short for a typo
		{cqc, "qare", 0},                                    // a typo in the first two letters
		{cqc, "who regulates the CQC?", ScoreExact},         // a question about it
		{council, "E06000009", ScoreWord - instancePenalty}, // a word of its id
		{council, "e06000001", 0},                           // a code one character off is another body, not a typo
	} {
		q, err := ParseSearch(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		score, ok := NewSearchDoc(tt.n).Score(q)
		if ok != (tt.tier > 0) || (ok && (score < tt.tier || score >= tt.tier+1)) {
			t.Errorf("%s scores %q: %v, %v; want tier %v", tt.n.ID(), tt.q, score, ok, tt.tier)
		}
	}
	q, _ := ParseSearch("wellbeing board")
	class, _ := NewSearchDoc(hwb).Score(q)
	instance, _ := NewSearchDoc(inst).Score(q)
	if class <= instance {
		t.Errorf("class %v should outrank instance %v in the same tier", class, instance)
	}
	if _, err := ParseSearch(" .- "); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseSearch(punctuation) = %v, want ErrInvalid", err)
	}
}

func TestParseSearchQuestion(t *testing.T) {
	for _, tt := range []struct {
		text    string
		subject string // the first reading
		rel     RelType
		dir     Direction
	}{
		{"who commissions GP services?", "gp services", Commissions, Incoming},
		{"Which body regulates foundation trusts", "foundation trusts", Regulates, Incoming},
		{"who does PHE fund", "phe", Funds, Outgoing},
		{"what does NHS England commission?", "nhs england", Commissions, Outgoing},
		{"how is a CCG funded", "ccg", Funds, Incoming},
		{"who pays for specialised services", "specialised services", Funds, Incoming},
		{"who is a CCG accountable to", "ccg", AccountableTo, Outgoing},
		{"how is a CCG held to account?", "ccg", AccountableTo, Outgoing},
		{"who holds the CQC to account", "cqc", AccountableTo, Outgoing},
		{"who is accountable to NHS England", "nhs england", AccountableTo, Incoming},
		{"who do CCGs answer to", "ccgs", AccountableTo, Outgoing},
		{"what replaced primary care trusts", "primary care trusts", SucceededBy, Outgoing},
		{"what did CCGs replace?", "ccgs", SucceededBy, Incoming},
		{"by whom are councils scrutinised", "councils", Scrutinises, Incoming},
		{"what is a CCG?", "ccg", "", ""},
		{"what does PHE do", "phe", "", ""},
		{"who holds the budget", "holds the budget", "", ""}, // "hold" asks about accountability only with "account"
		{"commissions GP", "commissions gp", "", ""},         // no question word: as typed
		{"who", "who", "", ""}, // nothing else: as typed
		{"who commissions", "who commissions", "", ""},
	} {
		q, err := ParseSearch(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.readings[0].norm; got != tt.subject {
			t.Errorf("ParseSearch(%q) reads %q, want %q", tt.text, got, tt.subject)
		}
		switch qn := q.Question(); {
		case tt.rel == "" && qn != nil:
			t.Errorf("ParseSearch(%q) asks %+v, want no question", tt.text, *qn)
		case tt.rel != "" && (qn == nil || *qn != Question{Type: tt.rel, Direction: tt.dir}):
			t.Errorf("ParseSearch(%q) asks %+v, want %s %s", tt.text, qn, tt.rel, tt.dir)
		}
	}
}

func TestParseSearchReadings(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string // every reading's words; "services:" marks a services-only reading
	}{
		{"CQC", []string{"cqc"}},
		{"vaccinations", []string{"vaccinations", "immunisation"}},
		{"vacination", []string{"vacination", "immunisation"}},
		{"GP services", []string{"gp services", "services:gp", "general practice services", "services:general practice", "gp practices services", "services:gp practices"}},
		{"A & E", []string{"a and e", "urgent and emergency care"}},
		{"specialized care", []string{"specialized care", "specialised care"}},
		{"DoH", []string{"doh", "department of health"}},
		{"hospital", []string{"hospital", "nhs trusts", "nhs foundation trusts"}},
		{"Health secretary", []string{"health secretary", "secretary of state for health"}},
		{"services", []string{"services"}},
	} {
		q, err := ParseSearch(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range q.readings {
			s := r.norm
			if r.services {
				s = "services:" + s
			}
			got = append(got, s)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ParseSearch(%q) readings %q, want %q", tt.text, got, tt.want)
		}
		if q.readings[0].penalty != 0 || (len(q.readings) > 1 && q.readings[len(q.readings)-1].penalty == 0 && !q.readings[len(q.readings)-1].services) {
			t.Errorf("ParseSearch(%q): the reading as typed must cost nothing, a synonym's something", tt.text)
		}
	}
}

func TestWithinEdits(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		k    int
		want bool
	}{
		{"immunisation", "imunisation", 1, true}, // a letter dropped
		{"immunisation", "immunisaton", 1, true}, // another
		{"specialised", "specialized", 1, true},  // changed
		{"healthwatch", "healtwhatch", 1, true},  // two swapped
		{"commission", "comission", 1, true},     // dropped
		{"accountability", "acountabilty", 2, true},
		{"accountability", "acountabilty", 1, false},
		{"health", "heath", 1, true},
		{"health", "wealth", 1, false}, // not the same first two letters
		{"care", "cera", 1, false},     // nor these
		{"épreuve", "épreuvé", 1, true},
		{"ab", "ab", 0, true},
	} {
		if got := withinEdits(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v, want %v", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}

func TestStemAndMainName(t *testing.T) {
	for in, want := range map[string]string{"authorities": "authorit", "trusts": "trust", "nhs": "nhs", "services": "service",
		"business": "business", "status": "status", "analysis": "analysis", "gps": "gps", "ccgs": "ccg"} {
		if got := stem(in); got != want || !strings.HasPrefix(in, got) {
			t.Errorf("stem(%q) = %q, want %q (a prefix)", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"General practice (primary medical services)":          "General practice",
		"NHS Commissioning Board (operating name NHS England)": "NHS Commissioning Board",
		"Monitor": "Monitor", "(x (y)) z": "z", "a (b": "a",
	} {
		if got := mainName(in); got != want {
			t.Errorf("mainName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQuestionText(t *testing.T) {
	for _, tt := range []struct {
		q    Question
		want string
	}{
		{Question{Commissions, Incoming}, "Who commissions X?"},
		{Question{Commissions, Outgoing}, "What does X commission?"},
		{Question{AccountableTo, Outgoing}, "To whom is X accountable, up to Parliament?"},
		{Question{SucceededBy, Outgoing}, "What replaced X?"},
		{Question{MemberOf, Outgoing}, "What does X have ties of type MEMBER_OF to?"},
	} {
		if got := QuestionText(tt.q, "X"); got != tt.want {
			t.Errorf("QuestionText(%+v) = %q, want %q", tt.q, got, tt.want)
		}
	}
}
