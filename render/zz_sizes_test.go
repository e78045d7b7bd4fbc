package render

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestZZSizes(t *testing.T) {
	files, _ := filepath.Glob("/tmp/dots/*.dot")
	if len(files) == 0 || os.Getenv("ZZSIZES") == "" {
		t.Skip()
	}
	out, _ := os.Create("/tmp/sizes.csv")
	defer out.Close()
	for _, f := range files {
		dot, _ := os.ReadFile(f)
		s, _ := Measure(dot)
		fmt.Fprintf(out, "%s,%d,%d,%d,%d,%d,%d\n", filepath.Base(f), s.Nodes, s.Edges, s.EdgeLabels, s.Clusters, s.ClusterLoad, s.LabelBytes)
	}
}
