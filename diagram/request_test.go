package diagram

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"caremap/graph"
	"caremap/render"
)

func TestParse(t *testing.T) {
	base := func(focus string) Request { return New(focus, render.SVG) }
	with := func(r Request, f func(*Request)) Request { f(&r); return r.Canonical() }
	for _, tc := range []struct {
		focus, query string
		want         Request
		invalid      string // the parameter an error names
	}{
		{"x", "", base("x"), ""},
		{"x", "depth=3&direction=incoming&instances=true", with(base("x"), func(r *Request) {
			r.Depth, r.Direction, r.Instances = 3, graph.Incoming, true
		}), ""},
		{"x", "types=funds,ACCOUNTABLE_TO&types=funds", with(base("x"), func(r *Request) {
			r.View, r.Types = All, []graph.RelType{graph.AccountableTo, graph.Funds}
		}), ""},
		{"x", "view=Money&types=funds", with(base("x"), func(r *Request) { r.View = Money }), ""},
		{"x", "view=accountability&types=PART_OF", with(base("x"), func(r *Request) {
			r.View, r.Types = Accountability, []graph.RelType{graph.PartOf}
		}), ""},
		{"x", "links=NEW-TAB&fit=width&theme=auto", with(base("x"), func(r *Request) {
			r.Links, r.Fit, r.Theme = LinksNewTab, FitWidth, render.ThemeAuto
		}), ""},
		{"x", "links=popup", Request{}, "links"},
		{"x", "paper=a4&orientation=portrait", base("x"), ""}, // an SVG has no paper
		{"x", "paper=b5", Request{}, "paper"},
		{"x", "fit=height", Request{}, "fit"},
		{"x", "view=pretty", Request{}, "view"},
		{"x", "view=money&types=PART_OF", Request{}, "types"},
		{"x", "types=,", base("x"), ""},
		{"x", "depth=&theme=", base("x"), ""}, // empty form fields are defaults
		{"", "focus=x&depth=2", with(base("x"), func(r *Request) { r.Depth = 2 }), ""},
		{"", "depth=3&direction=INCOMING", base(""), ""}, // meaningless for the whole system
		{"x", "layout=NEATO&theme=Dark", with(base("x"), func(r *Request) { r.Layout, r.Theme = render.LayoutNeato, render.ThemeDark }), ""},
		{"x", "depth=9", Request{}, "depth"},
		{"x", "depth=two", Request{}, "depth"},
		{"x", "types=FUNDS,OWNS", Request{}, "types"},
		{"x", "direction=up", Request{}, "direction"},
		{"x", "instances=maybe", Request{}, "instances"},
		{"x", "layout=osage", Request{}, "layout"},
		{"x", "theme=sepia", Request{}, "theme"},
		{"x", "colour=red", Request{}, "parameter"},
		{"x", "theme=dark&theme=light", Request{}, "theme"},
		{"x", "focus=y", Request{}, "focus"},
	} {
		q, _ := url.ParseQuery(tc.query)
		got, err := Parse(tc.focus, "svg", q)
		var inv *graph.InvalidError
		switch {
		case tc.invalid != "":
			if !errors.As(err, &inv) || inv.Param != tc.invalid || inv.Allowed == "" {
				t.Errorf("%q: err = %v, want an invalid %s naming what is allowed", tc.query, err, tc.invalid)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.query, err)
		case !reflect.DeepEqual(got, tc.want):
			t.Errorf("%q: got %+v, want %+v", tc.query, got, tc.want)
		}
	}
	if _, err := Parse("", "gif", nil); err == nil || !strings.Contains(err.Error(), "svg, pdf, png, dot") {
		t.Errorf("format gif: err = %v, want the formats listed", err)
	}
	if _, err := Parse("", "svg", url.Values{"types": {"OWNS"}}); err == nil || !strings.Contains(err.Error(), "ACCOUNTABLE_TO") {
		t.Errorf("err = %v, want the allowed types listed", err)
	}
}

func TestParseControls(t *testing.T) {
	q, _ := url.ParseQuery("filter=leeds&page=2&depth=2")
	r, err := ParseControls("x", q)
	if err != nil || r.Depth != 2 || r.Focus != "x" {
		t.Errorf("got %+v, %v; want depth 2 of x, other parameters ignored", r, err)
	}
	all := url.Values{}
	for _, i := range graph.RelTypes {
		all.Add("types", string(i.Type))
	}
	if r, _ := ParseControls("x", all); r.Types != nil {
		t.Errorf("every type ticked: types %v, want nil (the default)", r.Types)
	}
}

// TestRoundTrip: a request's URL parses back to the same request.
func TestRoundTrip(t *testing.T) {
	for _, r := range []Request{
		New("", render.SVG),
		New("nhs-england", render.PDF),
		{Focus: "x", View: Overview, Types: []graph.RelType{graph.Funds}, Format: render.SVG},
		{Focus: "x", View: All, Format: render.SVG},
		{Focus: "x", Links: LinksNewTab, Fit: FitWidth, Theme: render.ThemeAuto, Format: render.SVG},
		{Paper: render.PaperA3, Orientation: render.OrientationPortrait, Format: render.PDF},
		{Focus: "monitor", Depth: 0, Types: []graph.RelType{graph.Regulates}, Direction: graph.Outgoing, Instances: true,
			Layout: render.LayoutFdp, Theme: render.ThemeDark, Format: render.PNG},
	} {
		r = r.Canonical()
		u, err := url.Parse(r.URL())
		if err != nil {
			t.Fatal(err)
		}
		focus := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(u.Path, "/diagram"), "/"), "."+string(r.Format))
		back, err := Parse(focus, string(r.Format), u.Query())
		if err != nil || !reflect.DeepEqual(back, r) {
			t.Errorf("%s: parsed back as %+v, %v; want %+v", r.URL(), back, err, r)
		}
	}
}

func TestKey(t *testing.T) {
	info := graph.DatasetInfo{Version: "v1", Checksum: "c"}
	key := func(focus, format, query string) string {
		t.Helper()
		q, _ := url.ParseQuery(query)
		r, err := Parse(focus, format, q)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return r.Key(info)
	}
	same := [][2]string{
		{"types=FUNDS,ACCOUNTABLE_TO", "types=accountable_to, funds,FUNDS"},
		{"", "depth=3&direction=INCOMING"}, // meaningless for the whole system
		{"", "theme=light&layout=dot&instances=false"},
	}
	for _, s := range same {
		if a, b := key("", "svg", s[0]), key("", "svg", s[1]); a != b {
			t.Errorf("%q and %q: keys differ: %s / %s", s[0], s[1], a, b)
		}
	}
	if key("", "svg", "") == key("", "png", "") || key("", "svg", "") == key("x", "svg", "") ||
		key("x", "svg", "depth=1") == key("x", "svg", "depth=2") {
		t.Error("different diagrams share a key")
	}
	r := New("", render.SVG)
	if r.Key(graph.DatasetInfo{Version: "v2", Checksum: "c"}) == r.Key(info) {
		t.Error("a new dataset version keeps the old key")
	}
}

func TestValidate(t *testing.T) {
	lim := render.DefaultLimits
	for _, tc := range []struct {
		r    Request
		want error
	}{
		{New("nhs-england", render.SVG), nil},
		{Request{Focus: "NHS England", Format: render.SVG}, graph.ErrNotFound},
		{Request{Focus: "x", Depth: 3, Layout: render.LayoutTwopi, Format: render.SVG}, graph.ErrInvalid},
		{Request{Focus: "x", Depth: -1, Format: render.SVG}, graph.ErrInvalid},
		{Request{Format: "gif"}, graph.ErrInvalid},
		{Request{Format: render.SVG, Types: []graph.RelType{"LOVES"}}, graph.ErrInvalid},
	} {
		if err := tc.r.Validate(lim); !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
			t.Errorf("%+v: err = %v, want %v", tc.r, err, tc.want)
		}
	}
}

// FuzzParse: whatever the query string, parsing never panics, and what it
// accepts is within the documented ranges and survives its own URL.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "depth=2&types=FUNDS,COMMISSIONS", "direction=INCOMING&theme=dark", "layout=circo",
		"focus=nhs-england", "instances=true&depth=4", "types=&depth=", "depth=1&depth=2", "%zz", "types=FUNDS,,FUNDS"} {
		f.Add("nhs-england", "svg", s)
		f.Add("", "png", s) // the whole system
	}
	f.Fuzz(func(t *testing.T, focus, format, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		r, err := Parse(focus, format, q)
		if err != nil {
			return
		}
		// The whole system (no focus) has no depth or direction: they are
		// dropped so they do not split the cache.
		wholeOK := r.Focus != "" || (r.Depth == 0 && r.Direction == "")
		focusOK := r.Focus == "" || r.Direction.Valid()
		if !r.Format.Valid() || graph.CheckDepth(r.Depth) != nil || graph.CheckTypes(r.Types) != nil ||
			!wholeOK || !focusOK || !r.Layout.Valid() || !r.Theme.Valid() {
			t.Fatalf("accepted out-of-range request %+v from %q %q %q", r, focus, format, query)
		}
		if !reflect.DeepEqual(r, r.Canonical()) {
			t.Fatalf("Parse returned a request that is not canonical: %+v", r)
		}
		// Its own query parses back to the same request.
		back, err := Parse(r.Focus, format, r.Query())
		if err != nil || !reflect.DeepEqual(back, r) {
			t.Fatalf("%+v: its query %q parses back as %+v, %v", r, r.Query().Encode(), back, err)
		}
		// The focus id is checked (graph.ValidID, then the store) when the
		// diagram is drawn: an ill-formed one is a 404 like an unknown one.
	})
}
