package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goccy/go-graphviz/cgraph"
)

func TestZZMeasureAgrees(t *testing.T) {
	files, _ := filepath.Glob("/tmp/dots/*.dot")
	if len(files) == 0 {
		t.Skip()
	}
	if _, err := Local(t.Context(), []byte("digraph{a}"), SVG, LayoutDot); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		dot, _ := os.ReadFile(f)
		s, err := Measure(dot)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		g, err := cgraph.ParseBytes(dot)
		if err != nil {
			t.Fatal(err)
		}
		nn, _ := g.NodeNum()
		ne, _ := g.EdgeNum()
		g.Close()
		if nn != s.Nodes || ne != s.Edges {
			t.Errorf("%s: measured %+v, graphviz %d nodes %d edges", filepath.Base(f), s, nn, ne)
		}
	}
}
