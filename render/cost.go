package render

import (
	"fmt"
	"time"

	"caremap/graph"
)

// The render cost model. Graphviz cannot be interrupted, and the node and
// edge caps do not bound its time: the whole system with every instance
// and every relationship type is inside them and takes half a minute with
// dot, while the same nodes with fewer types take two seconds. So before a
// render is queued its time is predicted from what Measure reads in the
// DOT, per engine and format, and a render predicted past the budget is
// refused (*CostError, HTTP 422) without using a worker.
//
// The model is calibrated by BenchmarkCostModel (render/cost_test.go),
// which renders a corpus of real diagrams with each engine and reports the
// prediction beside the measured time; costModels holds the fitted
// coefficients. It is a model, not a guarantee: the worker's deadline
// stays the backstop, and a render killed there is remembered (Cache) and
// refused like one predicted too costly.

// costModel predicts one engine's layout time in seconds:
//
//	base + perNode·N + perEdge·E + perLabel·L + perCluster·C·N/100 + pairs·N·E/1e6 + extra·X²/1e6
//
// where N, E, L and C are the nodes, edges, edge labels and clusters, and X
// is the edges beyond a spanning forest (E − N, when positive): the cycles
// that force dot's crossing minimisation to work, which grows
// superlinearly with them.
type costModel struct {
	base, perNode, perEdge, perLabel, perCluster, pairs, extra float64
}

// formatFactor is the time of drawing a layout as a format, over the time
// of SVG (layout included): PNG and PDF draw every primitive again with
// caremap's plugin.
var formatFactor = map[Format]float64{SVG: 1, PDF: 1.6, PNG: 2.2}

// costModels are fitted by BenchmarkCostModel on the machine the README's
// figures come from (2 shared cores).
var costModels = map[Layout]costModel{
	LayoutDot:   {base: 0.02, perNode: 0.0005, perEdge: 0.0005, perLabel: 0.01, perCluster: 0.01, pairs: 1, extra: 100},
	LayoutNeato: {base: 0.02, perNode: 0.002, perEdge: 0.001, perLabel: 0.01, perCluster: 0.01, pairs: 10, extra: 0},
	LayoutFdp:   {base: 0.05, perNode: 0.005, perEdge: 0.002, perLabel: 0.01, perCluster: 0.3, pairs: 50, extra: 0},
	LayoutSfdp:  {base: 0.02, perNode: 0.001, perEdge: 0.0005, perLabel: 0.01, perCluster: 0.01, pairs: 1, extra: 0},
	LayoutCirco: {base: 0.05, perNode: 0.01, perEdge: 0.01, perLabel: 0.01, perCluster: 0.05, pairs: 50, extra: 0},
	LayoutTwopi: {base: 0.05, perNode: 0.005, perEdge: 0.005, perLabel: 0.01, perCluster: 0.05, pairs: 10, extra: 0},
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
	n, e := float64(s.Nodes), float64(s.Edges)
	extra := max(e-n, 0)
	sec := m.base + m.perNode*n + m.perEdge*e + m.perLabel*float64(s.EdgeLabels) +
		m.perCluster*float64(s.Clusters)*n/100 + m.pairs*n*e/1e6 + m.extra*extra*extra/1e6
	ff, ok := formatFactor[f]
	if !ok {
		ff = formatFactor[PNG]
	}
	return time.Duration(sec * ff * float64(time.Second))
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
