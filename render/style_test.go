package render

import (
	"testing"

	"caremap/graph"
)

// Every type is drawn with a colour, a line style and an arrowhead, and no
// two types share both line style and arrowhead, so they stay apart in
// greyscale.
func TestEdgeStylesDistinctInGreyscale(t *testing.T) {
	seen := map[[2]string]graph.RelType{}
	valid := map[string]bool{"normal": true, "vee": true, "odot": true, "tee": true, "obox": true, "box": true,
		"diamond": true, "odiamond": true, "dot": true, "inv": true}
	for _, i := range graph.RelTypes {
		st, ok := edgeStyles[i.Type]
		if !ok || st.info.Colour == "" || st.glyph == "" || !valid[st.arrowhead] {
			t.Errorf("%s: style %+v", i.Type, st)
			continue
		}
		k := [2]string{st.info.Style, st.arrowhead}
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s are both %s with %s heads", i.Type, other, k[0], k[1])
		}
		seen[k] = i.Type
	}
}
