package render

import (
	"fmt"
	"strconv"

	"caremap/graph"
)

// Limits caps the work one render may ask for. Graphviz cannot be
// cancelled once it starts, so the only bound on a render's time is the
// size of what it is given: these caps are checked before layout.
type Limits struct {
	// MaxDOTBytes caps the DOT source.
	MaxDOTBytes int
	// MaxNodes and MaxEdges cap the graph per layout engine; an engine
	// missing from the map is refused.
	MaxNodes map[Layout]int
	MaxEdges map[Layout]int
	// MaxDepth caps a neighbourhood's depth per engine.
	MaxDepth map[Layout]int
}

// DefaultLimits are the caps documented in the README: dot up to 1,200
// nodes and 4,000 edges (the whole system with every instance is about
// 1,000 nodes); the force-directed engines (neato, fdp, sfdp)
// up to 300 nodes and 1,000 edges; circo and twopi, which can run for
// ever on big graphs, up to 60 nodes and 200 edges.
var DefaultLimits = Limits{
	MaxDOTBytes: 4 << 20,
	MaxNodes: map[Layout]int{
		LayoutDot: 1200, LayoutNeato: 300, LayoutFdp: 300, LayoutSfdp: 300,
		LayoutCirco: 60, LayoutTwopi: 60,
	},
	MaxEdges: map[Layout]int{
		LayoutDot: 4000, LayoutNeato: 1000, LayoutFdp: 1000, LayoutSfdp: 1000,
		LayoutCirco: 200, LayoutTwopi: 200,
	},
	MaxDepth: map[Layout]int{
		LayoutDot: graph.MaxDepth, LayoutNeato: 3, LayoutFdp: 3, LayoutSfdp: 3,
		LayoutCirco: 2, LayoutTwopi: 2,
	},
}

// CheckDepth reports whether a neighbourhood of depth may be drawn with
// layout: an *graph.InvalidError naming the engine's range if not.
func (l Limits) CheckDepth(depth int, layout Layout) error {
	maxD, ok := l.MaxDepth[layout]
	if !ok {
		maxD = graph.MaxDepth
	}
	if depth < 0 || depth > maxD {
		return graph.Invalid("depth", strconv.Itoa(depth), fmt.Sprintf("an integer from 0 to %d with layout %s", maxD, layout))
	}
	return nil
}

// CheckSize reports whether a graph of nodes and edges may be laid out
// with layout: an *graph.InvalidError for an unknown engine, a
// *graph.TooLargeError past the cap.
func (l Limits) CheckSize(nodes, edges int, layout Layout) error {
	if !layout.Valid() {
		return graph.Invalid("layout", string(layout), LayoutNames)
	}
	maxN, ok := l.MaxNodes[layout]
	if !ok {
		return graph.Invalid("layout", string(layout), LayoutNames)
	}
	if nodes > maxN {
		return &graph.TooLargeError{What: "nodes for layout " + string(layout), Count: nodes, Limit: maxN}
	}
	if maxE := l.MaxEdges[layout]; edges > maxE {
		return &graph.TooLargeError{What: "edges for layout " + string(layout), Count: edges, Limit: maxE}
	}
	return nil
}

// CheckRequest checks what can be checked of a render request without
// parsing: the format and engine are known and the DOT is within the byte
// cap. The worker counts nodes and edges exactly after parsing, before
// layout (CheckSize).
func CheckRequest(dot []byte, f Format, layout Layout, l Limits) error {
	if !f.Valid() {
		return graph.Invalid("format", string(f), FormatNames)
	}
	if !layout.Valid() {
		return graph.Invalid("layout", string(layout), LayoutNames)
	}
	if len(dot) > l.MaxDOTBytes {
		return &graph.TooLargeError{What: "bytes of DOT", Count: len(dot), Limit: l.MaxDOTBytes}
	}
	return nil
}
