package graph

import (
	"errors"
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
		{inst, "wellbeing board", ScoreNameWords},
		{inst, "kent", ScoreWord},
		{inst, "ken", ScorePrefix},
		{hwb, "wellbeing", ScoreWord},
		{hwb, "board", ScoreWord},
		{hwb, "hwb", ScoreWord},
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
