package render

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/goccy/go-graphviz/cgraph"

	"caremap/graph"
)

func TestMeasure(t *testing.T) {
	for _, tc := range []struct {
		name, dot string
		want      Size
	}{
		{"empty", `digraph {}`, Size{}},
		{"nodes and a chain", `strict digraph g { a; b [label="Bee"]; a -> b -> "c d" }`,
			Size{Nodes: 3, Edges: 2, LabelBytes: 3}},
		{"edge labels count, default labels do not", `digraph {
			edge [label="x"]
			a -> b [label="£1.2bn" color=red]
			b -> c [xlabel=<<b>hi</b>>]
			c -> a
		}`, Size{Nodes: 3, Edges: 3, EdgeLabels: 2, LabelBytes: 1 + len("£1.2bn") + len("<<b>hi</b>>")}},
		{"clusters, ports, comments, attributes", `# a comment line
		digraph G { // another
			rankdir=LR; graph [nodesep=-0.5]
			/* a block
			   comment -> x */
			subgraph cluster_a { a:n -> b:s:e }
			subgraph inner { c }
			subgraph "cluster b" { d }
			{ rank=same; e f }
			e -> "a"
		}`, Size{Nodes: 6, Edges: 2, Clusters: 2, ClusterLoad: 3 + 1}}, // 2^1.5 rounded, 1
		{"nested clusters", `digraph { subgraph cluster_o { subgraph cluster_i { a b c d } e } a -> e }`,
			Size{Nodes: 5, Edges: 1, Clusters: 2, ClusterLoad: 8 + 11}}, // 4^1.5, 5^1.5 rounded
		{"escaped quotes", `digraph { "a\"b" -> "c" [label="say \"hi\""] }`, Size{Nodes: 2, Edges: 1, EdgeLabels: 1, LabelBytes: len(`say \"hi\"`)}},
		{"undirected", `graph { a -- b -- c -- a }`, Size{Nodes: 3, Edges: 3}},
	} {
		got, err := Measure([]byte(tc.dot))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: Measure = %+v, want %+v", tc.name, got, tc.want)
		}
	}
	for _, bad := range []string{``, `digraph {`, `digraph { a -> }`, `digraph { "a }`, `graph { a [label] }`, `digraph {} extra`, `digraph { a ! b }`} {
		if _, err := Measure([]byte(bad)); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("Measure(%q): err = %v, want ErrInvalid", bad, err)
		}
	}
}

// TestMeasureOurDOT: the count of the diagrams caremap draws agrees with
// what the worker counts after Graphviz parses them (the fixture has
// clusters, money labels and the legend).
func TestMeasureOurDOT(t *testing.T) {
	dot := fixtureDOT(t)
	got, err := Measure(dot)
	if err != nil {
		t.Fatal(err)
	}
	e, err := newEngine(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	nn, ne := graphvizCounts(t, dot)
	if got.Nodes != nn || got.Edges != ne || got.Clusters == 0 || got.EdgeLabels == 0 {
		t.Errorf("Measure = %+v; Graphviz counts %d nodes and %d edges; want clusters and edge labels too", got, nn, ne)
	}
}

func FuzzMeasure(f *testing.F) {
	for _, s := range []string{`digraph { a -> b [label="x"] }`, `graph { subgraph cluster_x { a -- b } }`, `digraph { <a> -> "b\"" }`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dot string) {
		s, err := Measure([]byte(dot))
		if err == nil && (s.Nodes < 0 || s.Edges < 0 || s.LabelBytes > len(dot)) {
			t.Fatalf("Measure(%q) = %+v", dot, s)
		}
	})
}

func graphvizCounts(t *testing.T, dot []byte) (nodes, edges int) {
	t.Helper()
	g, err := cgraph.ParseBytes(dot)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	nn, err := g.NodeNum()
	if err != nil {
		t.Fatal(err)
	}
	ne, err := g.EdgeNum()
	if err != nil {
		t.Fatal(err)
	}
	return nn, ne
}

// BenchmarkMeasure: reading the size of a 1,000-node, 2,000-edge DOT graph
// with ten clusters, as the pool does before every render.
func BenchmarkMeasure(b *testing.B) {
	var dot strings.Builder
	dot.WriteString("digraph g {\n")
	for c := range 10 {
		fmt.Fprintf(&dot, "\tsubgraph \"cluster_%d\" {\n", c)
		for n := range 100 {
			fmt.Fprintf(&dot, "\t\t\"n%d-%d\" [label=\"Node %d of cluster %d\" tooltip=\"a tooltip\"]\n", c, n, n, c)
		}
		dot.WriteString("\t}\n")
	}
	for i := range 2000 {
		fmt.Fprintf(&dot, "\t\"n%d-%d\" -> \"n%d-%d\" [color=\"#333333\" label=\"£%d\"]\n", i%10, i%100, (i+3)%10, (i*7)%100, i)
	}
	dot.WriteString("}\n")
	src := []byte(dot.String())
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Measure(src); err != nil {
			b.Fatal(err)
		}
	}
}
