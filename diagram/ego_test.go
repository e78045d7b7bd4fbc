package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"caremap/graph"
	"caremap/render"
)

// svgShape is what a test reads back from a drawn SVG: its boxes (node
// groups by their DOT name, with their SVG id) and its visible edges.
type svgShape struct {
	boxes map[string]string // DOT name -> SVG id
	edges [][2]string       // DOT names
}

func readSVG(t testing.TB, svg []byte) svgShape {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = false
	out := svgShape{boxes: map[string]string{}}
	type group struct {
		class, id, title string
		drawn            bool
	}
	var stack []*group
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			var g *group
			if e.Name.Local == "g" {
				g = &group{}
				for _, a := range e.Attr {
					switch a.Name.Local {
					case "class":
						g.class = a.Value
					case "id":
						g.id = a.Value
					}
				}
			}
			if len(stack) > 0 && (e.Name.Local == "path" || e.Name.Local == "polygon" || e.Name.Local == "ellipse") {
				for _, a := range e.Attr {
					if a.Name.Local == "stroke" && a.Value != "transparent" && a.Value != "none" {
						for _, s := range stack {
							if s != nil {
								s.drawn = true
							}
						}
					}
				}
			}
			if e.Name.Local == "title" && len(stack) > 0 && stack[len(stack)-1] != nil {
				var s string
				if err := d.DecodeElement(&s, &e); err != nil {
					t.Fatal(err)
				}
				stack[len(stack)-1].title = s
				continue
			}
			stack = append(stack, g)
		case xml.EndElement:
			g := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if g == nil {
				continue
			}
			classes := strings.Fields(g.class)
			switch {
			case len(classes) > 0 && classes[0] == "node" && g.drawn && g.id != "legend":
				out.boxes[g.title] = g.id
			case len(classes) > 0 && classes[0] == "edge" && g.drawn:
				a, b, ok := strings.Cut(g.title, "->")
				if ok {
					out.edges = append(out.edges, [2]string{a, b})
				}
			}
		}
	}
	return out
}

// TestEgoEveryClass draws the default diagram of every class-level body
// and checks that it has at most about MaxBoxes boxes, that the focus is
// drawn, and that every drawn box has a visible tie.
func TestEgoEveryClass(t *testing.T) {
	st := seedStore(t)
	ctx := context.Background()
	var classes []graph.Organisation
	for after := ""; ; {
		page, err := st.Organisations(ctx, graph.OrganisationFilter{Classes: true}, graph.Page{First: graph.MaxFirst, After: after})
		if err != nil {
			t.Fatal(err)
		}
		classes = append(classes, page.Items...)
		if !page.HasNextPage {
			break
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	if len(classes) < 50 {
		t.Fatalf("only %d class-level bodies", len(classes))
	}
	svc := NewService(Config{Store: st, Renderer: RenderFunc(render.Local)})
	most, folded := 0, 0
	for _, o := range classes {
		if !o.Active() {
			continue
		}
		e, err := svc.Get(ctx, New(o.ID, render.SVG))
		if err != nil {
			t.Errorf("%s: %v", o.ID, err)
			continue
		}
		shape := readSVG(t, e.Data)
		if _, ok := shape.boxes[o.ID]; !ok {
			t.Errorf("%s: the focus is not drawn", o.ID)
		}
		if n := len(shape.boxes); n > MaxBoxes {
			t.Errorf("%s: %d boxes, want at most %d", o.ID, n, MaxBoxes)
		}
		most = max(most, len(shape.boxes))
		tied := map[string]bool{}
		for _, e := range shape.edges {
			tied[e[0]], tied[e[1]] = true, true
		}
		for name, id := range shape.boxes {
			if strings.HasPrefix(id, "more-") {
				folded++
			}
			if !tied[name] && name != o.ID {
				t.Errorf("%s: box %s (%s) has no visible tie", o.ID, name, id)
			}
		}
	}
	if folded == 0 {
		t.Error("no default diagram folds anything: the test does not reach folding")
	}
	t.Logf("%d class-level bodies; the largest default diagram has %d boxes; %d fold boxes in all", len(classes), most, folded)
}

func TestFoldInstances(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: dotOnly})
	r := New("clinical-commissioning-groups", render.DOTFormat)
	r.Instances = true
	dot, err := svc.DOT(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	for _, want := range []string{`label="211 clinical\ncommissioning\ngroups"`, `URL="/org/clinical-commissioning-groups#instances"`, `class="fold"`} {
		if !strings.Contains(s, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
	boxes, _ := drawn(dot)
	if len(boxes) > MaxBoxes {
		t.Errorf("%d boxes", len(boxes))
	}
}
