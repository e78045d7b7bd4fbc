package diagram

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

// budgetRenderer predicts like a render.Pool with the default caps and
// budget, and draws nothing.
type budgetRenderer struct{}

func (budgetRenderer) Render(ctx context.Context, dot []byte, f render.Format, layout render.Layout) ([]byte, error) {
	if _, err := budgetRenderer.CheckCost(budgetRenderer{}, dot, f, layout); err != nil {
		return nil, err
	}
	return dot, nil
}

func (budgetRenderer) CheckCost(dot []byte, f render.Format, layout render.Layout) (time.Duration, error) {
	return render.CheckCost(dot, f, layout, render.DefaultLimits, render.DefaultBudget)
}

func parse(t testing.TB, rawURL string) Request {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	focus := strings.TrimPrefix(strings.TrimPrefix(u.Path, "/diagram"), "/")
	i := strings.LastIndexByte(focus, '.')
	r, err := Parse(focus[:max(i, 0)], focus[i+1:], u.Query())
	if err != nil {
		t.Fatalf("%s: %v", rawURL, err)
	}
	return r
}

// TestCostDecisions: what the README promises is drawn fits the budget;
// the views the red team used do not, and each refusal names a smaller
// diagram that fits.
func TestCostDecisions(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: budgetRenderer{}})
	ctx := context.Background()
	for _, u := range []string{
		"/diagram.svg", "/diagram.png", "/diagram.pdf", "/diagram.png?theme=dark", "/diagram.svg?instances=true",
		"/diagram.png?instances=true", "/diagram.pdf?view=money&instances=true", "/diagram.svg?view=all",
		"/diagram/nhs-england.png?depth=2", "/diagram/nhs-england.pdf?depth=4&instances=true&view=all",
		"/diagram/monitor.svg?depth=2&instances=true", "/diagram/nhs-england.svg?depth=2&layout=neato",
	} {
		if _, err := svc.Get(ctx, parse(t, u)); err != nil {
			t.Errorf("%s: %v; want it drawn", u, err)
		}
	}
	for _, u := range []string{
		"/diagram.svg?instances=true&view=all",
		"/diagram.png?instances=true&view=all&theme=dark",
		"/diagram.pdf?instances=true&view=all&paper=a3",
	} {
		_, err := svc.Get(ctx, parse(t, u))
		var ce *render.CostError
		if !errors.As(err, &ce) {
			t.Errorf("%s: %v; want it refused as too costly", u, err)
			continue
		}
		if ce.Smaller == "" || !strings.Contains(err.Error(), "such as "+ce.Smaller) {
			t.Errorf("%s: %q names no smaller diagram", u, err)
			continue
		}
		if _, err := svc.Get(ctx, parse(t, ce.Smaller)); err != nil {
			t.Errorf("%s: the smaller diagram it names, %s, does not fit either: %v", u, ce.Smaller, err)
		}
	}
}

// costCorpus are diagrams BenchmarkCostModel draws: the whole system and
// neighbourhoods, with each engine and format, cheap to dear.
var costCorpus = []string{
	"/diagram.svg", "/diagram.png", "/diagram.pdf",
	"/diagram.svg?instances=true&types=PART_OF&view=all", "/diagram.svg?instances=true",
	"/diagram.svg?view=all",
	"/diagram/nhs-england.svg?depth=1", "/diagram/nhs-england.png?depth=2", "/diagram/nhs-england.pdf?depth=3",
	"/diagram/department-of-health.svg?depth=2&instances=true",
	"/diagram/department-of-health.svg?depth=2&layout=fdp",
	"/diagram/ccg-02n.png?depth=1&instances=true",
	"/diagram/ccg-02n.png?depth=2&layout=neato", "/diagram/ccg-02n.svg?depth=2&layout=sfdp",
	"/diagram/ccg-02n.svg?depth=1&layout=circo", "/diagram/ccg-02n.svg?depth=2&layout=twopi",
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
	svc := NewService(Config{Store: seedStore(b), Renderer: dotOnly})
	ctx := context.Background()
	if _, err := render.Local(ctx, []byte("digraph { a }"), render.SVG, render.LayoutDot); err != nil { // start Graphviz
		b.Fatal(err)
	}
	for _, u := range costCorpus {
		r := parse(b, u)
		dot, err := svc.DOT(ctx, r)
		if err != nil {
			b.Fatal(err)
		}
		size, err := render.Measure(dot)
		if err != nil {
			b.Fatal(err)
		}
		r = r.Canonical()
		est := render.Estimate(size, r.Layout, r.Format)
		name := strings.NewReplacer("/diagram/", "", "/diagram", "system", "=", "-", "&", "+", ",", "").Replace(u)
		b.Run(name, func(b *testing.B) {
			cpu0 := processCPU()
			for b.Loop() {
				if _, err := render.Local(ctx, dot, r.Format, r.Layout); err != nil {
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
