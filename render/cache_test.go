package render

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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
	// A caller that goes away returns at once; the render finishes for
	// the cache, with a context that was not cancelled.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	release := make(chan struct{})
	go func() {
		_, err := c.Get(ctx, "slow", func(rctx context.Context) ([]byte, error) {
			<-release
			return []byte("ok"), rctx.Err()
		})
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want Canceled", err)
	}
	close(release)
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		if _, ok := c.Peek("slow"); ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Error("the abandoned render was not cached")
}
