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
