package diagram

import (
	"context"
	"strings"
	"testing"

	"caremap/render"
)

// TestPracticesFold: the 8,053 GP practices are never drawn one by one. The
// whole system with instances leaves them out; a CCG's diagram folds its
// practices into one box; the class's folds all of them.
func TestPracticesFold(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: dotOnly})
	for _, tc := range []struct {
		focus, view, fold string
	}{
		{"", "", ""},
		{"ccg-13p", "all", `label="116 GP\npractices`},
		{"gp-practices", "", `label="8053 GP\npractices`},
	} {
		r := New(tc.focus, render.DOTFormat)
		r.Instances, r.View = true, View(tc.view)
		dot, err := svc.DOT(context.Background(), r)
		if err != nil {
			t.Fatalf("%q: %v", tc.focus, err)
		}
		if n := strings.Count(string(dot), `"practice-`); n > 0 {
			t.Errorf("%q draws %d practices one by one", tc.focus, n)
		}
		if tc.fold != "" && !strings.Contains(string(dot), tc.fold) {
			t.Errorf("%q lacks the fold %s", tc.focus, tc.fold)
		}
	}
}

// TestSystemFoldsFans: in the whole system with instances, CQC's tie to
// each of the 247 trusts (and Monitor's, and the NHS TDA's) gives way to
// its tie to the class; a trust's own diagram still draws its regulators.
func TestSystemFoldsFans(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: dotOnly})
	r := New("", render.DOTFormat)
	r.Instances = true
	dot, err := svc.DOT(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	if n := strings.Count(s, `id="edge-regl-trust-`) + strings.Count(s, `id="edge-acct-trust-`); n > 0 {
		t.Errorf("the whole system draws %d ties of trusts to their regulators one by one", n)
	}
	if !strings.Contains(s, `"care-quality-commission" -> "nhs-trusts"`) && !strings.Contains(s, `"nhs-trusts" -> "care-quality-commission"`) {
		t.Errorf("the whole system lacks CQC's tie to the NHS trusts class")
	}
	ego, err := svc.DOT(context.Background(), New("trust-rax", render.DOTFormat))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ego), `id="edge-regl-trust-rax-by-care-quality-commission"`) {
		t.Errorf("Kingston's diagram lacks its registration with CQC")
	}
}
