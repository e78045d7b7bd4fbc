package diagram

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"caremap/graph"
	"caremap/graph/memory"
	"caremap/render"
	"caremap/seed"
)

// seedData is the embedded dataset and a store over it, built once.
var seedData = sync.OnceValues(func() (*memory.Store, error) {
	ds, err := seed.Load()
	if err != nil {
		return nil, err
	}
	return memory.New(ds)
})

func seedStore(t testing.TB) *memory.Store {
	t.Helper()
	st, err := seedData()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// dotOnly is a renderer for tests that need no layout: it returns the DOT.
var dotOnly = RenderFunc(func(_ context.Context, dot []byte, _ render.Format, _ render.Layout) ([]byte, error) {
	return dot, nil
})

func TestGroupNamesReachClusters(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: dotOnly,
		GroupNames: map[string]string{"nhs-commissioning": "Commissioning within the NHS"}})
	r := New("nhs-england", render.DOTFormat)
	r.Depth = 2 // one step out there are no clusters
	dot, err := svc.DOT(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dot), `label="Commissioning within the NHS"`) {
		t.Errorf("the dataset's group name is not the cluster's title:\n%s", dot)
	}
}

func TestServiceErrors(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: dotOnly, Cache: render.NewCache(1 << 20)})
	ctx := context.Background()
	for _, tc := range []struct {
		r    Request
		want error
	}{
		{New("no-such-body", render.SVG), graph.ErrNotFound},
		{New("<script>", render.SVG), graph.ErrNotFound},
		{Request{Focus: "nhs-england", Depth: 9, Format: render.SVG}, graph.ErrInvalid},
		{Request{Instances: true, Layout: render.LayoutCirco, Format: render.SVG}, graph.ErrTooLarge},
	} {
		if _, err := svc.Get(ctx, tc.r); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.r.URL(), err, tc.want)
		}
	}
	if _, err := svc.URL(Request{Focus: "x", Depth: 7, Format: render.SVG}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("URL of depth 7: err = %v, want invalid", err)
	}
	if u, err := svc.URL(Request{Focus: "monitor", Depth: 2, Format: render.PDF}); err != nil || u != "/diagram/monitor.pdf?depth=2" {
		t.Errorf("URL = %q, %v", u, err)
	}
}

func TestCaption(t *testing.T) {
	svc := NewService(Config{Store: seedStore(t), Renderer: dotOnly, Version: "9.9", BaseURL: "https://caremap.example.org"})
	for _, tc := range []struct {
		r    Request
		want []string
	}{
		{New("nhs-england", render.DOTFormat), []string{
			"<b>NHS England</b>", "As at 1 April 2013 · Overview: ",
			"Source: caremap 9.9 · https://caremap.example.org/org/nhs-england", "Open Government Licence v3.0",
			`caremap_title="NHS England: overview, as at 1 April 2013"`,
			`caremap_creator="caremap 9.9"`, `URL="https://caremap.example.org/org/department-of-health"`}},
		{Request{View: Money, Format: render.DOTFormat}, []string{"<b>The health and care system in England</b>", "As at 1 April 2013 · Money: ",
			"https://caremap.example.org/<", `caremap_title="The health and care system in England: money, as at 1 April 2013"`}},
		{Request{Focus: "svc-specialised", Depth: 1, Format: render.DOTFormat, Base: "http://127.0.0.1:9"},
			[]string{"http://127.0.0.1:9/service/svc-specialised<", `URL="http://127.0.0.1:9/org/nhs-england"`}},
	} {
		dot, err := svc.DOT(context.Background(), tc.r)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(dot), w) {
				t.Errorf("%s: DOT lacks %s", tc.r.URL(), w)
			}
		}
	}
}
