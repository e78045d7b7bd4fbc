package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"html"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"caremap/diagram"
	"caremap/graph"
	"caremap/graph/memory"
	"caremap/render"
	"caremap/seed"
)

// diagramWorkerEnv turns this test binary into a render worker, so the
// pool under test runs the same code the server's workers run.
const diagramWorkerEnv = "CAREMAP_TEST_DIAGRAM_WORKER"

func init() {
	if os.Getenv("CAREMAP_TEST_HANG") == "1" { // a worker that never answers
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}
	if os.Getenv(diagramWorkerEnv) == "1" {
		if err := runRenderWorker(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

var diagramStore = sync.OnceValues(func() (graph.Store, error) {
	ds, err := seed.Load()
	if err != nil {
		return nil, err
	}
	return memory.New(ds)
})

func testDiagramStore(t testing.TB) graph.Store {
	t.Helper()
	st, err := diagramStore()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func testDiagramPool(t testing.TB, cfg render.PoolConfig) *render.Pool {
	t.Helper()
	cfg.Command = workerCommand(t) // the real caremap binary, built by TestMain
	cfg.Env = []string{}
	p, err := render.NewPool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// testDiagrams is a diagram service over store and pool with a cache, as
// serve builds it.
func testDiagrams(store graph.Store, pool *render.Pool) *diagram.Service {
	return diagram.NewService(diagram.Config{Store: store, Renderer: pool, Limits: pool.Limits(), Cache: render.NewCache(64 << 20)})
}

// diagramServer mounts the handler the way serve does.
func diagramServer(t testing.TB, store graph.Store, pool *render.Pool) (*httptest.Server, *diagramHandler) {
	t.Helper()
	h := newDiagramHandler(testDiagrams(store, pool), slog.New(slog.NewTextHandler(io.Discard, nil)), "", nil)
	mux := http.NewServeMux()
	mux.Handle("GET /diagram/", h)
	for _, f := range []string{"svg", "pdf", "png", "dot"} {
		mux.Handle("GET /diagram."+f, h)
	}
	mux.Handle("GET /", h) // so that /diagram.gif reaches the handler for its 400
	srv := httptest.NewServer(withRequestID(mux))
	t.Cleanup(srv.Close)
	return srv, h
}

func get(t testing.TB, url string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestDiagramFormats(t *testing.T) {
	srv, _ := diagramServer(t, testDiagramStore(t), testDiagramPool(t, render.PoolConfig{Size: 2}))
	for _, tc := range []struct {
		path, ctype, disposition string
		check                    func([]byte) error
	}{
		{"/diagram.svg", "image/svg+xml", "", checkSystemSVG},
		{"/diagram/nhs-england.svg?depth=1", "image/svg+xml", "", func(b []byte) error {
			if !strings.Contains(html.UnescapeString(string(b)), `id="node-nhs-england"`) {
				return errors.New("no node-nhs-england")
			}
			return render.CheckSVG(b)
		}},
		{"/diagram.png", "image/png", `attachment; filename="caremap-system.png"`, func(b []byte) error {
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				return err
			}
			if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w < 1000 || h < 500 || w > render.PNGMaxSide || h > render.PNGMaxSide {
				return fmt.Errorf("PNG %dx%d", w, h)
			}
			return nil
		}},
		{"/diagram/clinical-commissioning-groups.pdf", "application/pdf", `attachment; filename="caremap-clinical-commissioning-groups.pdf"`, func(b []byte) error {
			if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("FontFile2")) {
				return errors.New("not a PDF with an embedded font")
			}
			return nil
		}},
		{"/diagram/monitor.dot?types=REGULATES", "text/vnd.graphviz; charset=utf-8", `inline; filename="caremap-monitor.dot"`, func(b []byte) error {
			if !bytes.HasPrefix(b, []byte("digraph caremap {")) || !bytes.Contains(b, []byte("rel-regulates")) {
				return errors.New("not the DOT of Monitor's regulation")
			}
			return nil
		}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := get(t, srv.URL+tc.path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			h := resp.Header
			for k, want := range map[string]string{
				"Content-Type":                tc.ctype,
				"X-Content-Type-Options":      "nosniff",
				"Access-Control-Allow-Origin": "*",
				"Cache-Control":               "public, max-age=300",
				"Content-Disposition":         tc.disposition,
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if strings.HasSuffix(tc.path, ".svg") || strings.Contains(tc.path, ".svg?") {
				if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
					t.Errorf("SVG CSP = %q", csp)
				}
			}
			if etag := h.Get("ETag"); etag != render.ETagOf(body) {
				t.Errorf("ETag %s is not the hash of the body", etag)
			}
			if err := tc.check(body); err != nil {
				t.Error(err)
			}
		})
	}
}

// checkSystemSVG checks the default whole-system diagram: safe,
// well-formed, its key, and readable on a landscape A3 page — aspect
// between 1:2 and 2:1 and no text under 6 pt when the drawing is scaled to
// fit 410 x 287 mm.
func checkSystemSVG(b []byte) error {
	if err := render.CheckSVG(b); err != nil {
		return err
	}
	var doc struct {
		Width  string `xml:"width,attr"`
		Height string `xml:"height,attr"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return err
	}
	w, _ := strconv.ParseFloat(strings.TrimSuffix(doc.Width, "pt"), 64)
	h, _ := strconv.ParseFloat(strings.TrimSuffix(doc.Height, "pt"), 64)
	if w == 0 || h == 0 {
		return fmt.Errorf("size %q x %q", doc.Width, doc.Height)
	}
	if r := w / h; r < 0.5 || r > 2 {
		return fmt.Errorf("aspect %.2f (%gx%g pt), want between 0.5 and 2", r, w, h)
	}
	const a3w, a3h = 410 / 25.4 * 72, 287 / 25.4 * 72 // A3 landscape less 5 mm margins, in pt
	scale := min(a3w/w, a3h/h, 1)
	minFont := 1e9
	for _, m := range regexp.MustCompile(`font-size="([0-9.]+)"`).FindAllSubmatch(b, -1) {
		f, _ := strconv.ParseFloat(string(m[1]), 64)
		minFont = min(minFont, f)
	}
	if got := minFont * scale; got < 6 {
		return fmt.Errorf("smallest text %.1f pt at A3 (font %.0f, drawing %gx%g pt), want at least 6", got, minFont, w, h)
	}
	text := html.UnescapeString(string(b))
	for _, want := range []string{"node-uk-parliament", "node-nhs-england", "node-clinical-commissioning-groups", ">Key<", "accountable to", "£95.6bn", "1 April 2013", "Open Government Licence"} {
		if !strings.Contains(text, want) {
			return fmt.Errorf("system SVG lacks %s", want)
		}
	}
	if strings.Contains(text, "node-svc-") {
		return errors.New("the default system view draws services")
	}
	return nil
}

func TestDiagramErrors(t *testing.T) {
	srv, _ := diagramServer(t, testDiagramStore(t), testDiagramPool(t, render.PoolConfig{Size: 1}))
	for _, tc := range []struct {
		path   string
		status int
		says   string
	}{
		{"/diagram.gif", 400, "svg, pdf, png, dot"},
		{"/diagram/nhs-england.svg?depth=9", 400, "from 0 to 4"},
		{"/diagram/nhs-england.svg?depth=x", 400, "from 0 to 4"},
		{"/diagram.svg?types=FUNDS,LOVES", 400, "ACCOUNTABLE_TO, FUNDS"},
		{"/diagram/nhs-england.svg?direction=UP", 400, "OUTGOING, INCOMING, BOTH"},
		{"/diagram.svg?instances=maybe", 400, "true or false"},
		{"/diagram.svg?layout=osage", 400, "dot, neato"},
		{"/diagram.svg?theme=sepia", 400, "light, dark"},
		{"/diagram.svg?colour=red", 400, "focus, view, depth, types"},
		{"/diagram.pdf?paper=a4", 422, "use paper=a3 with orientation=landscape"},
		{"/diagram.pdf?paper=b5", 400, "a4, a3, letter"},
		{"/diagram.pdf?paper=a4&orientation=sideways", 400, "auto, landscape, portrait"},
		{"/diagram.svg?view=pretty", 400, "overview, accountability, money, commissioning, regulation, all"},
		{"/diagram/nhs-england.svg?view=money&types=ACCOUNTABLE_TO", 400, "with view money, some of FUNDS"},
		{"/diagram.svg?theme=dark&theme=light", 400, "one value"},
		{"/diagram/monitor.svg?focus=nhs-england", 400, "the id in the path"},
		{"/diagram/no-such-body.svg", 404, "no-such-body"},
		{"/diagram/NHS%20England.svg", 404, "no node"},
		{"/diagram/%3Cscript%3E.svg", 404, "no node"},
		{"/diagram/.svg", 404, "no such diagram"},
		{"/diagram/nhs-england", 404, "no such diagram"},
		{"/diagram.svg?instances=true&layout=circo", 422, "over the limit of 60"},
		{"/diagram/nhs-england.svg?depth=3&layout=twopi", 400, "from 0 to 2 with layout twopi"},
		{"/diagram.svg?view=all&layout=twopi", 422, "over the limit of 60"},
	} {
		resp, body := get(t, srv.URL+tc.path)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.path, resp.StatusCode, tc.status, body)
			continue
		}
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		if err := json.Unmarshal(body, &e); err != nil || !strings.Contains(e.Error.Message, tc.says) {
			t.Errorf("%s: message %q, want it to say %q", tc.path, e.Error.Message, tc.says)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff on the error", tc.path)
		}
	}
}

func TestDiagramCachingAndConditionalGET(t *testing.T) {
	srv, h := diagramServer(t, testDiagramStore(t), testDiagramPool(t, render.PoolConfig{Size: 1}))
	r1, b1 := get(t, srv.URL+"/diagram/nhs-england.svg")
	etag := r1.Header.Get("ETag")
	// Same request with defaults spelled out and parameters reordered.
	r2, b2 := get(t, srv.URL+"/diagram/nhs-england.svg?theme=light&layout=dot&depth=1&direction=both&instances=false")
	if r2.Header.Get("ETag") != etag || !bytes.Equal(b1, b2) {
		t.Error("spelling out the defaults changed the diagram")
	}
	if s := h.svc.Cache().Stats(); s.Misses != 1 || s.Hits != 1 {
		t.Errorf("cache stats %+v: want 1 miss and 1 hit", s)
	}
	// focus= is the path form.
	r3, _ := get(t, srv.URL+"/diagram.svg?focus=nhs-england")
	if r3.Header.Get("ETag") != etag {
		t.Error("focus= differs from the path form")
	}
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		resp, body := get(t, srv.URL+"/diagram/nhs-england.svg", "If-None-Match", inm)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("If-None-Match %s: status %d, %d bytes; want 304 and no body", inm, resp.StatusCode, len(body))
		}
		if resp.Header.Get("ETag") != etag {
			t.Errorf("304 without the ETag")
		}
	}
	resp, _ := get(t, srv.URL+"/diagram/nhs-england.svg", "If-None-Match", `"stale"`)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("stale If-None-Match: status %d, want 200", resp.StatusCode)
	}
	dark, _ := get(t, srv.URL+"/diagram/nhs-england.svg?theme=dark")
	if dark.Header.Get("ETag") == etag {
		t.Error("dark theme has the light theme's ETag")
	}
}

func TestDiagramHostileDataset(t *testing.T) {
	// A store whose names and roles are hostile: the SVG stays inert.
	names := []string{`<script>alert(1)</script>`, `"><svg onload=alert(1)>`, `javascript:alert(1)`, "a\x00b\u202e", `\" ] ; x [URL="javascript:alert(1)"`}
	ds := graph.Dataset{Version: "hostile", Checksum: "sha256:0"}
	for i, n := range names {
		ds.Organisations = append(ds.Organisations, graph.Organisation{
			ID: fmt.Sprintf("org-%d", i), Name: n, ShortName: n, Role: n, Kind: graph.KindNHSBody, Tier: graph.TierNational,
			Group: "government", Status: "active", Count: 1, Confidence: graph.ConfidenceHigh,
			Sources: []graph.Source{{Title: n, URL: "https://example.org/"}},
		})
		if i > 0 {
			ds.Relationships = append(ds.Relationships, graph.Relationship{ID: fmt.Sprintf("rel-%d", i), Type: graph.AccountableTo,
				From: fmt.Sprintf("org-%d", i), To: "org-0", Confidence: graph.ConfidenceHigh, Sources: []graph.Source{{Title: "t", URL: "https://example.org/"}}})
		}
	}
	ds.Groups = []graph.Group{{ID: "government", Name: "Government"}}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := diagramServer(t, st, testDiagramPool(t, render.PoolConfig{Size: 1}))
	for _, path := range []string{"/diagram.svg", "/diagram/org-0.svg", "/diagram/org-0.svg?theme=dark"} {
		resp, body := get(t, srv.URL+path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		if err := render.CheckSVG(body); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		if bytes.Contains(body, []byte("<script")) || bytes.Contains(body, []byte(`href="javascript`)) {
			t.Errorf("%s: active content in the SVG", path)
		}
		if !bytes.Contains(body, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
			t.Errorf("%s: the hostile name is not shown as text", path)
		}
	}
}

// TestDiagramStress fires 50 concurrent mixed requests (run it with -race)
// and checks every response.
func TestDiagramStress(t *testing.T) {
	srv, _ := diagramServer(t, testDiagramStore(t), testDiagramPool(t, render.PoolConfig{Size: 2, QueueWait: 2 * time.Minute, Timeout: time.Minute}))
	paths := []struct {
		path   string
		status int
		prefix string
	}{
		{"/diagram.svg", 200, "<?xml"},
		{"/diagram.png", 200, "\x89PNG"},
		{"/diagram.pdf", 200, "%PDF-"},
		{"/diagram.dot", 200, "digraph"},
		{"/diagram/nhs-england.svg", 200, "<?xml"},
		{"/diagram/nhs-england.svg?theme=dark", 200, "<?xml"},
		{"/diagram/department-of-health.pdf?depth=1&types=FUNDS", 200, "%PDF-"},
		{"/diagram/clinical-commissioning-groups.png", 200, "\x89PNG"},
		{"/diagram/monitor.dot?direction=OUTGOING", 200, "digraph"},
		{"/diagram/no-such-body.svg", 404, "{"},
		{"/diagram.svg?types=NOPE", 400, "{"},
		{"/diagram.svg?instances=true&layout=circo", 422, "{"},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		tc := paths[i%len(paths)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(srv.URL + tc.path)
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			switch {
			case err != nil:
				errs <- err
			case resp.StatusCode != tc.status:
				errs <- fmt.Errorf("%s: status %d, want %d: %.200s", tc.path, resp.StatusCode, tc.status, body)
			case !bytes.HasPrefix(body, []byte(tc.prefix)):
				errs <- fmt.Errorf("%s: body starts %q", tc.path, body[:min(len(body), 12)])
			case tc.status == 200 && resp.Header.Get("ETag") != render.ETagOf(body):
				errs <- fmt.Errorf("%s: ETag does not match the body", tc.path)
			case tc.prefix == "<?xml":
				if err := render.CheckSVG(body); err != nil {
					errs <- fmt.Errorf("%s: %w", tc.path, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestDiagramBusyIs503(t *testing.T) {
	// A pool whose one worker never answers.
	exe, _ := os.Executable()
	pool, err := render.NewPool(render.PoolConfig{Command: []string{exe}, Env: []string{"CAREMAP_TEST_HANG=1"},
		Size: 1, QueueWait: 100 * time.Millisecond, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	srv, _ := diagramServer(t, testDiagramStore(t), pool)
	// The first client gives up; its render still holds the only worker.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/diagram/nhs-england.png", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	resp, body := get(t, srv.URL+"/diagram/monitor.png")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !bytes.Contains(body, []byte("busy")) {
		t.Errorf("status %d, Retry-After %q, %s; want 503 busy with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}

func TestRenderCommand(t *testing.T) {
	st := testDiagramStore(t)
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	for _, args := range [][]string{
		{"-o", filepath.Join(dir, "system.svg")},
		{"--theme", "dark", "--depth", "2", "nhs-england", "-o", filepath.Join(dir, "nhse.pdf")},
		{"--types", "FUNDS", "-o", filepath.Join(dir, "money.png")},
		{"--format", "dot", "monitor", "-o", filepath.Join(dir, "monitor.txt")},
	} {
		if err := runRender(ctx, args, &out, st, nil); err != nil {
			t.Fatalf("render %v: %v", args, err)
		}
	}
	for file, prefix := range map[string]string{"system.svg": "<?xml", "nhse.pdf": "%PDF-", "money.png": "\x89PNG", "monitor.txt": "digraph"} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil || !bytes.HasPrefix(b, []byte(prefix)) {
			t.Errorf("%s: %v, starts %q", file, err, b[:min(len(b), 8)])
		}
	}
	for _, args := range [][]string{
		{"-o", filepath.Join(dir, "x.gif")},
		{"no-such-body", "-o", filepath.Join(dir, "x.svg")},
		{"--theme", "sepia", "-o", filepath.Join(dir, "x.svg")},
		{},
	} {
		if err := runRender(ctx, args, io.Discard, st, nil); err == nil {
			t.Errorf("render %v: no error", args)
		}
	}
}

func TestRenderAll(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every organisation")
	}
	st := testDiagramStore(t)
	dir := t.TempDir()
	var out bytes.Buffer
	if err := runRender(context.Background(), []string{"--all", dir}, &out, st, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\r[") || !strings.Contains(out.String(), "index.html") {
		t.Errorf("no progress bar or summary: %q", out.String()[max(0, out.Len()-200):])
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.Organisations(context.Background(), graph.OrganisationFilter{Classes: true}, graph.Page{First: graph.MaxFirst})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range page.Items {
		for _, f := range []string{"svg", "pdf", "png", "dot"} {
			if _, err := os.Stat(filepath.Join(dir, o.ID+"."+f)); err != nil {
				t.Errorf("missing %s.%s", o.ID, f)
			}
		}
		if !bytes.Contains(index, []byte(`href="`+o.ID+`.svg"`)) {
			t.Errorf("index.html does not link %s", o.ID)
		}
	}
}

// systemDOT is the default whole-system diagram's DOT.
func systemDOT(b *testing.B) []byte {
	b.Helper()
	dot, err := localDiagrams(testDiagramStore(b), nil, "").DOT(context.Background(), diagram.New("", render.SVG))
	if err != nil {
		b.Fatal(err)
	}
	return dot
}

// BenchmarkSystemSVGCold lays out and draws the whole system with
// go-graphviz in this process, no cache.
func BenchmarkSystemSVGCold(b *testing.B) {
	dot := systemDOT(b)
	ctx := context.Background()
	if _, err := render.Local(ctx, dot, render.SVG, render.LayoutDot); err != nil { // start Graphviz
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := render.Local(ctx, dot, render.SVG, render.LayoutDot); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSystemSVGPool is the same render through a worker process, as
// the server does it on a cache miss.
func BenchmarkSystemSVGPool(b *testing.B) {
	dot := systemDOT(b)
	pool := testDiagramPool(b, render.PoolConfig{Size: 1})
	ctx := context.Background()
	if _, err := pool.Render(ctx, dot, render.SVG, render.LayoutDot); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := pool.Render(ctx, dot, render.SVG, render.LayoutDot); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSystemSVGNative runs Debian's graphviz, dot -Tsvg, on the same
// DOT, for comparison (skipped when dot is not installed).
func BenchmarkSystemSVGNative(b *testing.B) {
	dotPath, err := exec.LookPath("dot")
	if err != nil {
		b.Skip("native Graphviz (dot) is not installed")
	}
	src := systemDOT(b)
	for b.Loop() {
		cmd := exec.Command(dotPath, "-Tsvg")
		cmd.Stdin = bytes.NewReader(src)
		if out, err := cmd.Output(); err != nil || len(out) == 0 {
			b.Fatal(err)
		}
	}
}

func BenchmarkSystemPDFCold(b *testing.B) {
	dot := systemDOT(b)
	ctx := context.Background()
	if _, err := render.Local(ctx, dot, render.PDF, render.LayoutDot); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := render.Local(ctx, dot, render.PDF, render.LayoutDot); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSystemPNGCold(b *testing.B) {
	dot := systemDOT(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := render.Local(ctx, dot, render.PNG, render.LayoutDot); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSystemSVGCachedHit serves the whole-system SVG from the cache
// through the HTTP handler, into a writer that counts the bytes (an
// httptest.ResponseRecorder would time its own copying of the body).
func BenchmarkSystemSVGCachedHit(b *testing.B) {
	pool := testDiagramPool(b, render.PoolConfig{Size: 1})
	h := newDiagramHandler(testDiagrams(testDiagramStore(b), pool), slog.New(slog.NewTextHandler(io.Discard, nil)), "", nil)
	req := httptest.NewRequest(http.MethodGet, "/diagram.svg", nil)
	w := &countingWriter{header: http.Header{}}
	h.ServeHTTP(w, req)
	if w.code != http.StatusOK || w.n < 1000 {
		b.Fatalf("status %d, %d bytes", w.code, w.n)
	}
	for b.Loop() {
		w := &countingWriter{header: http.Header{}}
		h.ServeHTTP(w, req)
		if w.code != http.StatusOK {
			b.Fatalf("status %d", w.code)
		}
	}
}

// countingWriter is an http.ResponseWriter that keeps the status and
// counts the body's bytes.
type countingWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *countingWriter) Header() http.Header  { return w.header }
func (w *countingWriter) WriteHeader(code int) { w.code = code }
func (w *countingWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	w.n += len(p)
	return len(p), nil
}

var writeDocs = flag.Bool("diagram-docs", false, "write the README's pictures to docs/ with caremap render (the atlas pages need poppler's pdftoppm)")

// TestDocsDiagram regenerates the README's pictures when run with
// -diagram-docs: the whole system (docs/diagram.{svg,png}), the money view,
// NHS England's ego diagram, and the first pages of the atlas.
func TestDocsDiagram(t *testing.T) {
	if !*writeDocs {
		t.Skip("run with -diagram-docs to regenerate the README's pictures in docs/")
	}
	st := testDiagramStore(t)
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	groups := groupNames(ds)
	if err := os.MkdirAll("../docs", 0o755); err != nil {
		t.Fatal(err)
	}
	base := []string{"--base-url", "https://caremap.example.org"}
	for _, args := range [][]string{
		{"-o", "../docs/diagram.svg"},
		{"-o", "../docs/diagram.png"},
		{"--view", "money", "-o", "../docs/diagram-money.png"},
		{"nhs-england", "-o", "../docs/diagram-nhs-england.png"},
	} {
		if err := runRender(context.Background(), append(slices.Clone(base), args...), io.Discard, st, groups); err != nil {
			t.Fatal(err)
		}
	}
	atlas := filepath.Join(t.TempDir(), "atlas.pdf")
	if err := runRender(context.Background(), append(slices.Clone(base), "--atlas", atlas), io.Discard, st, groups); err != nil {
		t.Fatal(err)
	}
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatal("pdftoppm (poppler-utils) is needed to picture the atlas's pages")
	}
	if out, err := exec.Command(pdftoppm, "-r", "30", "-f", "1", "-l", "4", "-png", atlas, "../docs/atlas").CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
}

// coldDiagrams are the diagrams the speed aim is measured on: the whole
// system and five depth-2 ego diagrams (DESIGN: a cold SVG within 1.5x of
// native dot -Tsvg on the same DOT).
var coldDiagrams = []string{
	"/diagram.svg",
	"/diagram/nhs-england.svg?depth=2",
	"/diagram/department-of-health.svg?depth=2",
	"/diagram/clinical-commissioning-groups.svg?depth=2",
	"/diagram/care-quality-commission.svg?depth=2",
	"/diagram/upper-tier-local-authorities.svg?depth=2",
}

// BenchmarkColdSVG draws each of coldDiagrams cold through the HTTP path
// (parameters, store, DOT, the worker pool, headers; a cache that keeps
// nothing, no start-up warming), and runs Debian's native dot -Tsvg on
// the same DOT for comparison (skipped, saying so, without dot).
func BenchmarkColdSVG(b *testing.B) {
	st := testDiagramStore(b)
	pool := testDiagramPool(b, render.PoolConfig{Size: 1})
	svc := diagram.NewService(diagram.Config{Store: st, Renderer: pool, Limits: pool.Limits(), Cache: render.NewCache(0), Version: appVersion})
	h := newDiagramHandler(svc, slog.New(slog.DiscardHandler), "", nil)
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	for _, path := range coldDiagrams {
		name := strings.NewReplacer("/diagram/", "", "/diagram", "system", ".svg", "", "?depth=2", "-d2").Replace(path)
		b.Run(name+"/http", func(b *testing.B) {
			for b.Loop() {
				resp, body := get(b, srv.URL+path)
				if resp.StatusCode != http.StatusOK || len(body) < 1000 {
					b.Fatalf("status %d, %d bytes", resp.StatusCode, len(body))
				}
			}
		})
		b.Run(name+"/native", func(b *testing.B) {
			dotPath, err := exec.LookPath("dot")
			if err != nil {
				b.Skip("native Graphviz (dot) is not installed: apt-get install graphviz to compare")
			}
			u, _ := url.Parse(srv.URL + path)
			focus := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(u.Path, "/diagram"), "/"), ".svg")
			r, err := diagram.Parse(focus, "svg", u.Query())
			if err != nil {
				b.Fatal(err)
			}
			r.Base = "http://" + u.Host
			src, err := svc.DOT(context.Background(), r)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				cmd := exec.Command(dotPath, "-Tsvg")
				cmd.Stdin = bytes.NewReader(src)
				if out, err := cmd.Output(); err != nil || len(out) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestRenderAtlasCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every class-level body")
	}
	file := filepath.Join(t.TempDir(), "atlas.pdf")
	var out bytes.Buffer
	if err := runRender(context.Background(), []string{"--atlas", file}, &out, testDiagramStore(t), nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("/Outlines")) || !strings.Contains(out.String(), "wrote the atlas") {
		t.Errorf("atlas: %v, %d bytes, output %q", err, len(b), out.String())
	}
	if err := runRender(context.Background(), []string{"--atlas", file, "nhs-england"}, io.Discard, testDiagramStore(t), nil); err == nil {
		t.Error("--atlas with an ID: no error")
	}
}
