package render

import (
	"fmt"
	"time"

	"caremap/graph"
)

// The render cost model. Graphviz cannot be interrupted, and the node and
// edge caps do not bound its time: inside them, the whole system with every
// instance and every type (1,034 nodes, 2,049 edges) takes 21 s of CPU with
// dot, while its overview with every instance (762 nodes) takes 0.9 s. So
// before a render is queued its time is predicted from what Measure reads
// in the DOT, per engine and format, and a render predicted past the
// budget is refused (*CostError, HTTP 422) without using a worker.
//
// The model is calibrated by BenchmarkCostModel (diagram/cost_test.go),
// which renders a corpus of real diagrams with each engine and reports the
// prediction beside the measured time; costModels holds the fitted
// coefficients. It is a model, not a guarantee: the worker's deadline
// stays the backstop, and a render killed there is remembered (Cache) and
// refused like one predicted too costly.

// costModel predicts one engine's layout time (SVG, which costs little more
// than the layout) in seconds, from the graph's nodes N, edges E and
// ClusterLoad CL, with X the edges beyond a spanning forest, max(E − 0.95·N, 0):
//
//	base + perNode·N + perEdge·E + pairs·N·E + excess·N·X + excess2·X² + cluster·CL + cluster2·CL²
//
// (counts in thousands). The excess terms are dot's: the cycles are what
// its crossing minimisation works on, and the whole system with every
// instance and type (X over a thousand) takes 21 s of CPU where a
// thousand nodes with a few hundred cycles take one. cluster2 is dot's too:
// a cluster of a hundred instances once cost it a minute, and how long
// depends on how they are tied, which counts cannot see; the term is set to
// the dearest and over-predicts the rest.
type costModel struct {
	base, perNode, perEdge, pairs, excess, excess2, cluster, cluster2 float64
}

// drawModel is the time of drawing a laid-out graph as PNG or PDF, over
// SVG's, in seconds: caremap's plugin draws every primitive again, and PNG
// fills pixels.
//
//	base + perItem·(N + E) + perCluster·C
type drawModel struct{ base, perItem, perCluster float64 }

// costModels and drawModels were fitted (non-negative least squares on
// relative error, then rounded up where they under-predicted) to the CPU
// time of about 1,100 renders of caremap's own diagrams — the whole system
// in every view with and without instances, narrowed to one or three
// types, and the neighbourhoods of eight to ten bodies at every depth,
// with each engine and format — on the 2-core machine the README's
// figures come from. Of them, none that took 2 s or less is predicted
// over the 4 s budget, and none that took over 4 s is predicted under it.
// BenchmarkCostModel (package diagram) renders a corpus of them and
// reports the prediction beside the CPU time measured, to check or refit
// them.
var costModels = map[Layout]costModel{
	LayoutDot:   {base: 0.005, perEdge: 0.273, excess: 5.755, excess2: 12.3, cluster2: 2.37},
	LayoutNeato: {base: 0.002, perEdge: 0.157, pairs: 2.124},
	LayoutFdp:   {base: 0.005, perNode: 0.5, pairs: 34.4, cluster: 0.082},
	LayoutSfdp:  {base: 0.002, perNode: 0.138, perEdge: 0.086, pairs: 0.194},
	LayoutCirco: {base: 0.005, pairs: 130},
	LayoutTwopi: {base: 0.002, perNode: 0.109, perEdge: 0.055, pairs: 0.072},
}

var drawModels = map[Format]drawModel{
	PNG: {base: 0.01, perItem: 1.0, perCluster: 0.03},
	PDF: {base: 0.005, perItem: 0.6, perCluster: 0.005},
}

// Estimate predicts how long drawing a graph of size s with layout as f
// takes on an idle worker. DOT itself costs nothing to draw.
func Estimate(s Size, layout Layout, f Format) time.Duration {
	if f == DOTFormat {
		return 0
	}
	m, ok := costModels[layout]
	if !ok {
		m = costModels[LayoutCirco] // the dearest; unknown engines are refused anyway
	}
	n, e, cl := float64(s.Nodes)/1e3, float64(s.Edges)/1e3, float64(s.ClusterLoad)/1e3
	x := max(e-0.95*n, 0)
	sec := m.base + m.perNode*n + m.perEdge*e + m.pairs*n*e + m.excess*n*x + m.excess2*x*x + m.cluster*cl + m.cluster2*cl*cl
	if d, ok := drawModels[f]; ok {
		sec += d.base + d.perItem*(n+e) + d.perCluster*float64(s.Clusters)
	}
	return time.Duration(sec * float64(time.Second))
}

// CheckCost measures dot and predicts how long drawing it with layout as f
// takes (Estimate). Past lim's node and edge caps it returns a
// *graph.TooLargeError, past budget a *CostError (a budget of 0 or less
// checks nothing); malformed DOT is a *graph.InvalidError, as are an
// unknown format or engine. DOT itself costs nothing.
func CheckCost(dot []byte, f Format, layout Layout, lim Limits, budget time.Duration) (time.Duration, error) {
	if err := CheckRequest(dot, f, layout, lim); err != nil {
		return 0, err
	}
	if f == DOTFormat {
		return 0, nil
	}
	size, err := Measure(dot)
	if err != nil {
		return 0, err
	}
	if err := lim.CheckSize(size.Nodes, size.Edges, layout); err != nil {
		return 0, err
	}
	est := Estimate(size, layout, f)
	if budget > 0 && est > budget {
		return est, &CostError{Size: size, Layout: layout, Format: f, Estimate: est, Budget: budget}
	}
	return est, nil
}

// DefaultBudget is the predicted render time past which a Pool refuses a
// render: well inside the render deadline, so that a prediction that is
// off by half still finishes.
const DefaultBudget = 4 * time.Second

// CostError reports a render refused because it would take, or took, too
// long: predicted past the budget before it started, or killed at the
// worker's deadline (Took). It wraps graph.ErrTooLarge (HTTP 422): asking
// again will not help, asking for less will. Its message is safe to show.
type CostError struct {
	Size     Size
	Layout   Layout
	Format   Format
	Estimate time.Duration // the prediction
	Budget   time.Duration // the most a render may be predicted to take
	Took     time.Duration // when it was killed: how long it had run
	// Smaller, when set, is the URL of a smaller view that fits the
	// budget, named in the message; the caller that knows the views fills
	// it in.
	Smaller string
}

func (e *CostError) Error() string {
	var msg string
	if e.Took > 0 {
		msg = fmt.Sprintf("this diagram took longer than %s to draw (%d nodes and %d edges with layout %s, as %s) and was stopped",
			roundSeconds(e.Took), e.Size.Nodes, e.Size.Edges, e.Layout, e.Format)
	} else {
		msg = fmt.Sprintf("this diagram would take about %s to draw (%d nodes and %d edges with layout %s, as %s), over the limit of %s",
			roundSeconds(e.Estimate), e.Size.Nodes, e.Size.Edges, e.Layout, e.Format, roundSeconds(e.Budget))
	}
	if e.Smaller != "" {
		return msg + ": ask for a smaller view, such as " + e.Smaller
	}
	return msg + ": ask for a smaller view (fewer types, less depth, no instances, SVG rather than PNG or PDF)"
}

// Public makes the message safe to show: it holds only counts, enums and
// a URL this server made.
func (e *CostError) Public() string { return e.Error() }

// Unwrap makes errors.Is(err, graph.ErrTooLarge) true.
func (e *CostError) Unwrap() error { return graph.ErrTooLarge }

// Is makes a render killed at its deadline match ErrTimeout too.
func (e *CostError) Is(target error) bool { return target == ErrTimeout && e.Took > 0 }

func roundSeconds(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f s", d.Seconds())
}
