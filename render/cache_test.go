package render

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"caremap/graph"
)

func TestCacheHitsAndETag(t *testing.T) {
	c := NewCache(1 << 20)
	calls := 0
	render := func(context.Context) ([]byte, error) { calls++; return []byte("hello"), nil }
	a, err := c.Get(context.Background(), "k", render)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Get(context.Background(), "k", render)
	if calls != 1 {
		t.Errorf("render called %d times, want 1", calls)
	}
	if a.ETag != b.ETag || a.ETag != ETagOf([]byte("hello")) || !strings.HasPrefix(a.ETag, `"`) || len(a.ETag) != 34 {
		t.Errorf("ETag %s / %s", a.ETag, b.ETag)
	}
	if ETagOf([]byte("hello")) == ETagOf([]byte("hellp")) {
		t.Error("different bytes, same ETag")
	}
	if s := c.Stats(); s.Hits != 1 || s.Misses != 1 || s.Entries != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestCacheLRUByBytes(t *testing.T) {
	c := NewCache(30) // room for two 10-byte entries with 1-byte keys
	ten := func(context.Context) ([]byte, error) { return make([]byte, 10), nil }
	ctx := context.Background()
	c.Get(ctx, "a", ten)
	c.Get(ctx, "b", ten)
	c.Get(ctx, "a", ten) // a is now the most recent
	c.Get(ctx, "c", ten) // evicts b
	if _, ok := c.Peek("b"); ok {
		t.Error("b kept: not least recently used first")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Peek(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	if s := c.Stats(); s.Bytes > 30 {
		t.Errorf("holds %d bytes, over 30", s.Bytes)
	}
	// Too big to keep, but still returned.
	e, err := c.Get(ctx, "huge", func(context.Context) ([]byte, error) { return make([]byte, 100), nil })
	if err != nil || len(e.Data) != 100 {
		t.Errorf("huge: %d bytes, %v", len(e.Data), err)
	}
	if _, ok := c.Peek("huge"); ok {
		t.Error("an entry over the bound was kept")
	}
}

func TestCacheSingleflight(t *testing.T) {
	c := NewCache(1 << 20)
	var calls atomic.Int32
	release := make(chan struct{})
	render := func(context.Context) ([]byte, error) {
		calls.Add(1)
		<-release
		return []byte("x"), nil
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), "k", render); err != nil {
				t.Error(err)
			}
		}()
	}
	time.Sleep(50 * time.Millisecond) // let them queue
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("20 identical requests rendered %d times, want 1", n)
	}
}

func TestCacheErrorsNotCachedAndCallerGone(t *testing.T) {
	c := NewCache(1 << 20)
	boom := errors.New("boom")
	if _, err := c.Get(context.Background(), "k", func(context.Context) ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
	if _, ok := c.Peek("k"); ok {
		t.Error("an error was cached")
	}
}

// TestCacheCallersGone: a caller that goes away returns at once; the shared
// render goes on while anyone still waits for it, and is cancelled (its
// context ends) when the last caller has gone.
func TestCacheCallersGone(t *testing.T) {
	c := NewCache(1 << 20)
	release := make(chan struct{})
	cancelled := make(chan struct{})
	render := func(rctx context.Context) ([]byte, error) {
		select {
		case <-release:
			return []byte("ok"), nil
		case <-rctx.Done():
			close(cancelled)
			return nil, rctx.Err()
		}
	}
	get := func(ctx context.Context) <-chan error {
		done := make(chan error, 1)
		go func() {
			_, err := c.Get(ctx, "slow", render)
			done <- err
		}()
		return done
	}
	ctx1, cancel1 := context.WithCancel(context.Background())
	ctx2, cancel2 := context.WithCancel(context.Background())
	done1 := get(ctx1)
	time.Sleep(20 * time.Millisecond)
	done2 := get(ctx2)
	time.Sleep(20 * time.Millisecond)
	cancel1()
	if err := <-done1; !errors.Is(err, context.Canceled) {
		t.Errorf("first caller: err = %v, want Canceled", err)
	}
	select {
	case <-cancelled:
		t.Fatal("the render was cancelled while a caller still waited")
	case <-time.After(50 * time.Millisecond):
	}
	cancel2()
	if err := <-done2; !errors.Is(err, context.Canceled) {
		t.Errorf("second caller: err = %v, want Canceled", err)
	}
	select {
	case <-cancelled:
	case <-time.After(2 * time.Second):
		t.Fatal("the render went on after every caller had gone")
	}
	// A new caller after that gets a fresh render, not the cancelled one.
	close(release)
	e, err := c.Get(context.Background(), "slow", render)
	if err != nil || string(e.Data) != "ok" {
		t.Errorf("a new caller got %q, %v; want a fresh render", e.Data, err)
	}
}

// TestCacheRemembersRefusals: a render refused as too large, or killed past
// its deadline, is refused again without a second render until the memory
// passes; other errors are tried again.
func TestCacheRemembersRefusals(t *testing.T) {
	c := NewCache(1 << 20)
	c.RememberRefusals(100 * time.Millisecond)
	for _, tc := range []struct {
		err      error
		remember bool
	}{
		{&CostError{Estimate: time.Minute, Budget: time.Second, Layout: LayoutDot, Format: PNG}, true},
		{&graph.TooLargeError{What: "nodes", Count: 2000, Limit: 1200}, true},
		{ErrTimeout, true},
		{ErrBusy, false},
		{fmt.Errorf("neo4j: %w", graph.ErrUnavailable), false},
	} {
		key := tc.err.Error()
		calls := 0
		render := func(context.Context) ([]byte, error) { calls++; return nil, tc.err }
		for range 3 {
			if _, err := c.Get(context.Background(), key, render); !errors.Is(err, tc.err) {
				t.Errorf("%v: got %v", tc.err, err)
			}
		}
		want := 3
		if tc.remember {
			want = 1
		}
		if calls != want {
			t.Errorf("%v: rendered %d times in 3 requests, want %d", tc.err, calls, want)
		}
		if tc.remember {
			time.Sleep(120 * time.Millisecond)
			c.Get(context.Background(), key, render)
			if calls != 2 {
				t.Errorf("%v: not tried again once the memory passed", tc.err)
			}
		}
	}
}
