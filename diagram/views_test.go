package diagram

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"caremap/graph"
	"caremap/render"
)

var (
	dotNode = regexp.MustCompile(`(?m)^\t+"([a-z0-9-]+)" \[(.*)\]$`)
	dotEdge = regexp.MustCompile(`(?m)^\t+"([a-z0-9-]+)" -> "([a-z0-9-]+)" \[(.*)\]$`)
	relCls  = regexp.MustCompile(`class="rel-([a-z-]+)"`)
)

// drawn parses the DOT the renderer writes: the boxes of data nodes, and
// the visible edges between them with their type's class.
func drawn(dot []byte) (boxes map[string]string, edges [][3]string) {
	boxes = map[string]string{}
	for _, m := range dotNode.FindAllStringSubmatch(string(dot), -1) {
		boxes[m[1]] = m[2]
	}
	for _, m := range dotEdge.FindAllStringSubmatch(string(dot), -1) {
		if strings.Contains(m[3], "style=invis") {
			continue
		}
		c := relCls.FindStringSubmatch(m[3])
		if c == nil {
			continue
		}
		edges = append(edges, [3]string{m[1], m[2], c[1]})
	}
	return boxes, edges
}

// relClass is the DOT class of a type: FUNDS is "funds".
func relClass(t graph.RelType) string {
	return strings.ToLower(strings.ReplaceAll(string(t), "_", "-"))
}

// TestSystemViews draws the whole system in every view and checks that it
// shows only the view's types, every box has a visible tie, services
// appear only where the view draws them, and money edges are as wide as
// their amounts.
func TestSystemViews(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: dotOnly})
	for _, spec := range Views {
		t.Run(string(spec.View), func(t *testing.T) {
			r := New("", render.DOTFormat)
			r.View = spec.View
			dot, err := svc.DOT(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			boxes, edges := drawn(dot)
			allowed := map[string]bool{}
			for _, ty := range spec.Types {
				allowed[relClass(ty)] = true
			}
			tied := map[string]bool{}
			for _, e := range edges {
				if !allowed[e[2]] {
					t.Errorf("edge %s -> %s of type %s is not in the view", e[0], e[1], e[2])
				}
				tied[e[0]], tied[e[1]] = true, true
			}
			if len(boxes) < 5 {
				t.Fatalf("only %d boxes", len(boxes))
			}
			services := 0
			for id, attrs := range boxes {
				if !tied[id] {
					t.Errorf("box %s has no visible tie", id)
				}
				if strings.Contains(attrs, `class="service`) {
					services++
				}
			}
			if spec.Services != (services > 0) {
				t.Errorf("%d services drawn; the view draws services: %v", services, spec.Services)
			}
			if spec.Amounts {
				widths := map[string]bool{}
				for _, m := range regexp.MustCompile(`class="rel-funds"[^\]]*penwidth=([0-9.]+)`).FindAllStringSubmatch(string(dot), -1) {
					widths[m[1]] = true
				}
				if len(widths) < 4 || !widths["10"] {
					t.Errorf("money edge widths %v: want the largest at 10 and several others", widths)
				}
			}
		})
	}
}

func TestViewNarrowedByTypes(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: dotOnly})
	r := New("", render.DOTFormat)
	r.View, r.Types = Overview, []graph.RelType{graph.Funds}
	dot, err := svc.DOT(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	_, edges := drawn(dot)
	for _, e := range edges {
		if e[2] != "funds" {
			t.Errorf("overview narrowed to FUNDS draws %v", e)
		}
	}
	r.Types = []graph.RelType{graph.Provides}
	if _, err := svc.DOT(context.Background(), r); err == nil || !strings.Contains(err.Error(), "view=all") {
		t.Errorf("PROVIDES in the overview: err = %v, want an invalid types naming the view's", err)
	}
	// Types without a view choose from every type.
	r.View = ""
	if r = r.Canonical(); r.View != All {
		t.Errorf("types without a view: view %q, want all", r.View)
	}
}
