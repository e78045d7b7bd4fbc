package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"caremap/graph"
)

// workerEnv makes the test binary a worker (TestMain): "serve" runs
// ServeWorker; "hang" reads requests and never answers; "crash" exits on
// the first request.
const workerEnv = "CAREMAP_TEST_RENDER_WORKER"

func TestMain(m *testing.M) {
	switch os.Getenv(workerEnv) {
	case "serve":
		if err := ServeWorker(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	case "hang":
		var req request
		_ = readFrame(os.Stdin, &req)
		time.Sleep(time.Hour)
		os.Exit(0)
	case "crash":
		var req request
		_ = readFrame(os.Stdin, &req)
		os.Exit(3)
	case "where-is-the-cache":
		// For TestGraphvizCacheIsPrivate: what init left behind.
		fmt.Println(os.Getenv("TMPDIR"))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testPool starts a pool of the test binary in the given worker mode.
func testPool(t testing.TB, mode string, cfg PoolConfig) *Pool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Command = []string{exe}
	cfg.Env = []string{workerEnv + "=" + mode}
	p, err := NewPool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func fixtureDOT(t testing.TB) []byte {
	t.Helper()
	dot, err := DOT(fixture(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return dot
}

func TestPoolRendersEveryFormat(t *testing.T) {
	p := testPool(t, "serve", PoolConfig{Size: 2})
	dot := fixtureDOT(t)
	ctx := context.Background()
	for _, tc := range []struct {
		f      Format
		prefix string
	}{
		{SVG, "<?xml"}, {PNG, "\x89PNG"}, {PDF, "%PDF-"}, {DOTFormat, "digraph"},
	} {
		out, err := p.Render(ctx, dot, tc.f, LayoutDot)
		if err != nil {
			t.Fatalf("%s: %v", tc.f, err)
		}
		if !bytes.HasPrefix(out, []byte(tc.prefix)) {
			t.Errorf("%s starts %q, want %q", tc.f, out[:min(len(out), 10)], tc.prefix)
		}
	}
}

func TestPoolConcurrent(t *testing.T) {
	p := testPool(t, "serve", PoolConfig{Size: 2, QueueWait: time.Minute})
	dot := fixtureDOT(t)
	want, err := Local(context.Background(), dot, SVG, LayoutDot)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := []Format{SVG, PNG, PDF}[i%3]
			out, err := p.Render(context.Background(), dot, f, LayoutDot)
			switch {
			case err != nil:
				errs <- fmt.Errorf("%s: %w", f, err)
			case f == SVG && !bytes.Equal(out, want):
				errs <- errors.New("concurrent SVG differs from a lone render")
			case len(out) == 0:
				errs <- fmt.Errorf("%s: empty", f)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestPoolRefusesBeforeLayout(t *testing.T) {
	p := testPool(t, "serve", PoolConfig{Size: 1})
	ctx := context.Background()
	var big bytes.Buffer
	big.WriteString("digraph {\n")
	for i := range 70 {
		fmt.Fprintf(&big, "n%d -> n%d\n", i, i+1)
	}
	big.WriteString("}\n")
	_, err := p.Render(ctx, big.Bytes(), SVG, LayoutCirco)
	var tl *graph.TooLargeError
	if !errors.As(err, &tl) || tl.Limit != 60 {
		t.Errorf("circo on 71 nodes: err = %v, want a TooLargeError with limit 60", err)
	}
	if _, err := p.Render(ctx, big.Bytes(), SVG, "osage"); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown layout: err = %v, want ErrInvalid", err)
	}
	if _, err := p.Render(ctx, big.Bytes(), "gif", LayoutDot); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown format: err = %v, want ErrInvalid", err)
	}
	// The worker survives refusals and still renders.
	if _, err := p.Render(ctx, big.Bytes(), SVG, LayoutDot); err != nil {
		t.Errorf("after refusals: %v", err)
	}
	// DOT that Graphviz cannot parse is an error, not a crash.
	if _, err := p.Render(ctx, []byte("digraph { a -> }"), SVG, LayoutDot); err == nil {
		t.Error("broken DOT rendered")
	}
	if _, err := p.Render(ctx, fixtureDOT(t), SVG, LayoutDot); err != nil {
		t.Errorf("after broken DOT: %v", err)
	}
}

func TestPoolEmptyFilesystem(t *testing.T) {
	p := testPool(t, "serve", PoolConfig{Size: 1})
	// Graphviz would inline a file named by image= or read a shapefile;
	// the worker's Graphviz has no files at all.
	dir := t.TempDir()
	secret := dir + "/secret.svg"
	if err := os.WriteFile(secret, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><text>TOPSECRET</text></svg>`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dot := range []string{
		fmt.Sprintf(`digraph { a [image=%q label=""] }`, secret),
		fmt.Sprintf(`digraph { a [shapefile=%q] }`, secret),
		`digraph { a [image="/etc/passwd"] }`,
	} {
		for _, f := range []Format{SVG, PNG, PDF} {
			out, _ := p.Render(context.Background(), []byte(dot), f, LayoutDot)
			if bytes.Contains(out, []byte("TOPSECRET")) || bytes.Contains(out, []byte("root:")) {
				t.Errorf("%s of %s leaks a host file", f, dot)
			}
		}
	}
}

type ctxKey struct{}

func TestPoolKillsAHungWorker(t *testing.T) {
	var mu sync.Mutex
	var kills []string
	p := testPool(t, "hang", PoolConfig{Size: 1, Timeout: 300 * time.Millisecond, QueueWait: 5 * time.Second,
		Killed: func(ctx context.Context, err *CostError) {
			mu.Lock()
			defer mu.Unlock()
			kills = append(kills, fmt.Sprint(ctx.Value(ctxKey{})))
		}})
	for i := range 3 { // each time a fresh worker replaces the killed one
		ctx := context.WithValue(context.Background(), ctxKey{}, fmt.Sprint("request-", i))
		_, err := p.Render(ctx, fixtureDOT(t), SVG, LayoutDot)
		// Killed at the deadline: the same request would be again, so it
		// is too large (422), not a timeout to retry.
		var ce *CostError
		if !errors.Is(err, ErrTimeout) || !errors.As(err, &ce) || ce.Took != 300*time.Millisecond || graph.ErrorCode(err) != graph.CodeTooLarge {
			t.Fatalf("err = %v, want a *CostError matching ErrTimeout, coded too_large", err)
		}
		if !strings.Contains(err.Error(), "longer than 0.3 s") {
			t.Errorf("message %q does not say how long it ran", err)
		}
	}
	if st := p.Stats(); st.TimedOut != 3 || st.Busy != 0 || st.Waiting != 0 {
		t.Errorf("stats = %+v, want 3 timed out and none busy or waiting", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(kills) != "[request-0 request-1 request-2]" {
		t.Errorf("Killed was told of %v, want each request's context", kills)
	}
}

// TestPoolRefusesTooCostly: a render predicted past the budget is refused
// before it queues, and holds no worker.
func TestPoolRefusesTooCostly(t *testing.T) {
	p := testPool(t, "hang", PoolConfig{Size: 1, Budget: time.Millisecond, Timeout: time.Minute})
	_, err := p.Render(context.Background(), fixtureDOT(t), PNG, LayoutDot)
	var ce *CostError
	if !errors.As(err, &ce) || graph.ErrorCode(err) != graph.CodeTooLarge || ce.Budget != time.Millisecond || ce.Estimate <= ce.Budget {
		t.Fatalf("err = %v, want a *CostError over the 1 ms budget, coded too_large", err)
	}
	if !strings.Contains(err.Error(), "over the limit of 0.0 s") || !strings.Contains(err.Error(), "as png") {
		t.Errorf("message %q does not name the limit and the format", err)
	}
	if st := p.Stats(); st.TooCostly != 1 || st.Busy != 0 || st.Waiting != 0 {
		t.Errorf("stats = %+v, want 1 refused as too costly, nothing busy or waiting", st)
	}
	// The estimate grows with the format's work and the graph.
	size, err := Measure(fixtureDOT(t))
	if err != nil {
		t.Fatal(err)
	}
	if svg, png := Estimate(size, LayoutDot, SVG), Estimate(size, LayoutDot, PNG); png <= svg {
		t.Errorf("PNG estimate %v not over SVG's %v", png, svg)
	}
	bigger := size
	bigger.Edges *= 4
	if Estimate(bigger, LayoutDot, SVG) <= Estimate(size, LayoutDot, SVG) {
		t.Errorf("four times the edges is not dearer")
	}
}

// TestPoolKeepsAWorkerForSmallRenders: heavy renders cannot take the
// reserved worker; a small render still gets it.
func TestPoolKeepsAWorkerForSmallRenders(t *testing.T) {
	small, heavy := []byte("digraph { a }"), fixtureDOT(t)
	ss, _ := Measure(small)
	hs, _ := Measure(heavy)
	es, eh := Estimate(ss, LayoutDot, SVG), Estimate(hs, LayoutDot, SVG)
	if es >= eh {
		t.Fatalf("estimates: small %v, heavy %v", es, eh)
	}
	p := testPool(t, "hang", PoolConfig{Size: 2, Heavy: (es + eh) / 2, Timeout: time.Minute, QueueWait: 200 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Render(ctx, heavy, SVG, LayoutDot) // takes one worker and hangs
	waitFor(t, func() bool { return p.Stats().Heavy == 1 })
	if _, err := p.Render(context.Background(), heavy, SVG, LayoutDot); !errors.Is(err, ErrBusy) {
		t.Errorf("a second heavy render: err = %v, want ErrBusy (the other worker is reserved)", err)
	}
	go p.Render(ctx, small, SVG, LayoutDot)
	waitFor(t, func() bool { return p.Stats().Busy == 2 })
	if st := p.Stats(); st.Heavy != 1 {
		t.Errorf("stats %+v: want the small render on the reserved worker", st)
	}
}

// TestPoolQueueBoundedAndLeftByCallersGone: a full queue refuses at once; a
// caller that goes away while queued leaves the queue.
func TestPoolQueueBoundedAndLeftByCallersGone(t *testing.T) {
	p := testPool(t, "hang", PoolConfig{Size: 1, MaxQueue: 2, Timeout: time.Minute, QueueWait: time.Minute})
	dot := fixtureDOT(t)
	holder, release := context.WithCancel(context.Background())
	go p.Render(holder, dot, SVG, LayoutDot) // takes the worker and hangs
	waitFor(t, func() bool { return p.Stats().Busy == 1 })
	queued, leave := context.WithCancel(context.Background())
	errs := make(chan error, 2)
	for range 2 {
		go func() { _, err := p.Render(queued, dot, SVG, LayoutDot); errs <- err }()
	}
	waitFor(t, func() bool { return p.Stats().Waiting == 2 })
	start := time.Now()
	if _, err := p.Render(context.Background(), dot, SVG, LayoutDot); !errors.Is(err, ErrBusy) || time.Since(start) > 5*time.Second {
		t.Errorf("with the queue full: err = %v after %v, want ErrBusy at once", err, time.Since(start))
	}
	leave()
	for range 2 {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Errorf("a queued caller that left: err = %v, want Canceled", err)
		}
	}
	if st := p.Stats(); st.Waiting != 0 {
		t.Errorf("stats %+v: the callers that left still wait", st)
	}
	release()
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 5 s")
}

func TestPoolReplacesACrashedWorker(t *testing.T) {
	p := testPool(t, "crash", PoolConfig{Size: 1, QueueWait: 5 * time.Second})
	for range 3 {
		_, err := p.Render(context.Background(), fixtureDOT(t), SVG, LayoutDot)
		if err == nil || errors.Is(err, ErrTimeout) {
			t.Fatalf("err = %v, want a worker failure", err)
		}
	}
}

func TestPoolBusy(t *testing.T) {
	p := testPool(t, "hang", PoolConfig{Size: 1, Timeout: time.Minute, QueueWait: 50 * time.Millisecond})
	// The caller gives up, but its render holds the only worker.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := p.Render(ctx, fixtureDOT(t), SVG, LayoutDot); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	_, err := p.Render(context.Background(), fixtureDOT(t), SVG, LayoutDot)
	if !errors.Is(err, ErrBusy) || graph.ErrorCode(err) != graph.CodeBusy {
		t.Errorf("err = %v, want ErrBusy, coded busy", err)
	}
	if st := p.Stats(); st.Refused != 1 || st.Busy != 1 || st.Waiting != 0 {
		t.Errorf("stats = %+v, want 1 refused, 1 busy (the hung render), none waiting", st)
	}
}

func TestPoolCallerGoneKeepsWorker(t *testing.T) {
	p := testPool(t, "serve", PoolConfig{Size: 1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Render(ctx, fixtureDOT(t), SVG, LayoutDot); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if _, err := p.Render(context.Background(), fixtureDOT(t), SVG, LayoutDot); err != nil {
		t.Errorf("after a cancelled render: %v", err)
	}
}

func TestFrames(t *testing.T) {
	var b bytes.Buffer
	in := request{DOT: []byte("digraph{}"), Format: SVG, Layout: LayoutDot, Limits: DefaultLimits}
	if err := writeFrame(&b, in); err != nil {
		t.Fatal(err)
	}
	var out request
	if err := readFrame(&b, &out); err != nil {
		t.Fatal(err)
	}
	if string(out.DOT) != "digraph{}" || out.Format != SVG || out.Limits.MaxNodes[LayoutCirco] != 60 {
		t.Errorf("round trip: %+v", out)
	}
	if err := readFrame(bytes.NewReader([]byte{0xff, 0xff, 0xff, 0xff}), &out); err == nil {
		t.Error("a 4 GiB frame header was accepted")
	}
	if err := readFrame(bytes.NewReader(nil), &out); !errors.Is(err, io.EOF) {
		t.Errorf("empty stream: %v, want EOF", err)
	}
}
