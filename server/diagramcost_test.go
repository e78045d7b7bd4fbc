package main

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"caremap/render"
)

// costCorpus are diagrams BenchmarkCostModel draws: the whole system and
// neighbourhoods, with each engine and format, cheap to dear.
var costCorpus = []struct{ focus, query, format string }{
	{"", "", "svg"},
	{"", "", "png"},
	{"", "", "pdf"},
	{"", "instances=true&types=PART_OF", "svg"},
	{"", "instances=true", "svg"},
	{"", "types=ACCOUNTABLE_TO,FUNDS,COMMISSIONS,PROVIDES,REGULATES,ADVISES,SUPPORTS,PART_OF", "svg"},
	{"nhs-england", "depth=1", "svg"},
	{"nhs-england", "depth=2", "png"},
	{"nhs-england", "depth=3", "pdf"},
	{"department-of-health", "depth=2&instances=true", "svg"},
	{"ccg-02n", "depth=1&instances=true", "png"},
	{"department-of-health", "depth=2&layout=fdp", "svg"},
	{"ccg-02n", "depth=2&layout=neato", "png"},
	{"ccg-02n", "depth=2&layout=sfdp", "svg"},
	{"ccg-02n", "depth=1&layout=circo", "svg"},
	{"ccg-02n", "depth=2&layout=twopi", "svg"},
}

// BenchmarkCostModel calibrates render.Estimate: it draws each diagram of
// the corpus in this process and reports, beside the time per render, the
// CPU time per render (cpu-s: the model predicts an idle worker, and on a
// shared machine the wall time is many times that), the prediction
// (predicted-s) and the prediction over the CPU time (predicted/cpu; over
// 1 is conservative). Refit render's costModels when predicted/cpu falls
// well under 1 for a dear diagram, or a diagram the README promises is
// refused.
func BenchmarkCostModel(b *testing.B) {
	st := testDiagramStore(b)
	ctx := context.Background()
	if _, err := render.Local(ctx, []byte("digraph { a }"), render.SVG, render.LayoutDot); err != nil { // start Graphviz
		b.Fatal(err)
	}
	for _, c := range costCorpus {
		q, _ := url.ParseQuery(c.query)
		p, err := parseDiagramParams(c.focus, c.format, q)
		if err != nil {
			b.Fatal(err)
		}
		dot, err := diagramDOT(ctx, st, p, render.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		size, err := render.Measure(dot)
		if err != nil {
			b.Fatal(err)
		}
		est := render.Estimate(size, p.Layout, p.Format)
		name := strings.NewReplacer("=", "-", "&", "+", ",", "").Replace(orSystem(c.focus) + "?" + c.query + "." + c.format)
		b.Run(name, func(b *testing.B) {
			cpu0 := processCPU()
			for b.Loop() {
				if _, err := render.Local(ctx, dot, p.Format, p.Layout); err != nil {
					b.Fatal(err)
				}
			}
			cpu := (processCPU() - cpu0) / time.Duration(b.N)
			b.ReportMetric(cpu.Seconds(), "cpu-s")
			b.ReportMetric(est.Seconds(), "predicted-s")
			b.ReportMetric(est.Seconds()/cpu.Seconds(), "predicted/cpu")
		})
	}
}

// processCPU is the CPU time this process has used (user and system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func orSystem(focus string) string {
	if focus == "" {
		return "system"
	}
	return focus
}

// TestCostModelDecisions: what the README promises is drawn is under the
// budget, and the views the red team used are over it, each with a
// smaller view named that fits.
func TestCostModelDecisions(t *testing.T) {
	st := testDiagramStore(t)
	pool := testDiagramPool(t, render.PoolConfig{Size: 1})
	h := newDiagramHandler(st, pool, render.NewCache(1<<20), nil)
	check := func(focus, query, format string) (time.Duration, error) {
		t.Helper()
		q, _ := url.ParseQuery(query)
		p, err := parseDiagramParams(focus, format, q)
		if err != nil {
			t.Fatal(err)
		}
		dot, err := diagramDOT(context.Background(), st, p, pool.Limits())
		if err != nil {
			t.Fatal(err)
		}
		return pool.CheckCost(dot, p.Format, p.Layout)
	}
	for _, v := range []struct{ focus, query, format string }{
		{"", "", "svg"}, {"", "", "png"}, {"", "", "pdf"}, {"", "theme=dark", "png"},
		{"", "instances=true", "svg"},
		{"nhs-england", "depth=2", "png"}, {"nhs-england", "depth=4", "pdf"}, {"monitor", "depth=2", "svg"},
		{"ccg-02n", "depth=1&instances=true", "png"}, {"nhs-england", "depth=2&layout=neato", "svg"},
	} {
		if est, err := check(v.focus, v.query, v.format); err != nil {
			t.Errorf("%s?%s as %s: %v (predicted %v); want it drawn", orSystem(v.focus), v.query, v.format, err, est)
		}
	}
	for _, v := range []struct{ focus, query, format string }{
		{"", "instances=true&types=ACCOUNTABLE_TO,FUNDS,COMMISSIONS,PROVIDES,REGULATES,ADVISES,SUPPORTS,PART_OF,HOSTS,MEMBER_OF,REPRESENTS,SCRUTINISES,USES,SUCCEEDED_BY", "png"},
		{"nhs-england", "depth=3&instances=true", "svg"},
		{"monitor", "depth=2&instances=true", "svg"},
		{"clinical-commissioning-groups", "depth=1&instances=true", "svg"},
	} {
		est, err := check(v.focus, v.query, v.format)
		var ce *render.CostError
		if !errors.As(err, &ce) {
			t.Errorf("%s?%s as %s: predicted %v, %v; want it refused as too costly", orSystem(v.focus), v.query, v.format, est, err)
			continue
		}
		q, _ := url.ParseQuery(v.query)
		p, _ := parseDiagramParams(v.focus, v.format, q)
		smaller := h.smallerView(context.Background(), p)
		u, err := url.Parse(smaller)
		if smaller == "" || err != nil {
			t.Errorf("%s?%s: no smaller view named", orSystem(v.focus), v.query)
			continue
		}
		focus, format, _ := splitDiagramPath(u.Path)
		if _, err := check(focus, u.RawQuery, format); err != nil {
			t.Errorf("the smaller view %s does not fit either: %v", smaller, err)
		}
	}
}
