package httpcache

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheStaysWithinItsBytes(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 1000)
	per := (&Entry{Body: body, ETag: `"e"`}).size()
	c := New(per * 3)
	for i := range 5 {
		c.Add(KeyOf(fmt.Sprint(i)), &Entry{Body: body, ETag: `"e"`})
		if st := c.Stats(); st.Bytes > st.Max {
			t.Fatalf("after %d adds the cache holds %d bytes, over its %d", i+1, st.Bytes, st.Max)
		}
	}
	if st := c.Stats(); st.Entries != 3 || st.Evicted != 2 {
		t.Errorf("entries %d, evicted %d; want 3 and 2", st.Entries, st.Evicted)
	}
	for i, want := range []bool{false, false, true, true, true} { // least recent out first
		if _, ok := c.Get(KeyOf(fmt.Sprint(i))); ok != want {
			t.Errorf("entry %d held: %v, want %v", i, ok, want)
		}
	}
	c.Add(KeyOf("huge"), &Entry{Body: make([]byte, per*4)})
	if _, ok := c.Get(KeyOf("huge")); ok {
		t.Error("an entry larger than the whole cache was held")
	}
}

func TestKeyWordsDoNotRunTogether(t *testing.T) {
	if KeyOf("ab", "c") == KeyOf("a", "bc") {
		t.Error(`KeyOf("ab", "c") == KeyOf("a", "bc")`)
	}
}

// counting answers "answer <path>" and counts its calls; /fail answers
// with an error the handler marks uncacheable.
type counting struct {
	calls atomic.Int64
	gate  chan struct{} // when set, each call waits for it
}

func (h *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.calls.Add(1)
	if h.gate != nil {
		<-h.gate
	}
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/fail" {
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"errors":[]}`)
		return
	}
	io.WriteString(w, "answer "+r.URL.Path)
}

func keyByPath(r *http.Request) ([]string, bool) {
	return []string{"v1", r.URL.Path}, r.URL.Path != "/nokey"
}

func get(t *testing.T, h http.Handler, method, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandler(t *testing.T) {
	for _, cached := range []bool{true, false} {
		t.Run(fmt.Sprintf("cache=%v", cached), func(t *testing.T) {
			next := &counting{}
			c := New(1 << 20)
			if !cached {
				c = nil
			}
			h := Handler(Config{Key: keyByPath, Cache: c, MaxAge: time.Minute, Vary: "Accept"}, next)

			first := get(t, h, "GET", "/a")
			etag := first.Header().Get("ETag")
			if first.Code != 200 || first.Body.String() != "answer /a" || !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
				t.Fatalf("first answer: %d %q ETag %q; want 200, the handler's body and a strong ETag", first.Code, first.Body, etag)
			}
			if cc, v := first.Header().Get("Cache-Control"), first.Header().Get("Vary"); cc != "public, max-age=60" || v != "Accept" {
				t.Errorf("Cache-Control %q, Vary %q; want public, max-age=60 and Accept", cc, v)
			}
			again := get(t, h, "GET", "/a")
			if again.Body.String() != "answer /a" || again.Header().Get("ETag") != etag || again.Header().Get("Content-Type") != "application/json" {
				t.Errorf("second answer: %q ETag %q type %q; want the same as the first", again.Body, again.Header().Get("ETag"), again.Header().Get("Content-Type"))
			}
			if want := map[bool]int64{true: 1, false: 2}[cached]; next.calls.Load() != want {
				t.Errorf("the handler ran %d times for two identical requests; want %d", next.calls.Load(), want)
			}
			if other := get(t, h, "GET", "/b"); other.Header().Get("ETag") == etag || other.Body.String() != "answer /b" {
				t.Errorf("another question got %q with ETag %q (the first's: %q)", other.Body, other.Header().Get("ETag"), etag)
			}

			before := next.calls.Load()
			for _, inm := range []string{etag, "W/" + etag, `"x", ` + etag, "*"} {
				nm := get(t, h, "GET", "/a", "If-None-Match", inm)
				if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 || nm.Header().Get("ETag") != etag || nm.Header().Get("Cache-Control") == "" {
					t.Errorf("If-None-Match %s: %d, body %q, ETag %q, Cache-Control %q; want 304, no body, the ETag and Cache-Control",
						inm, nm.Code, nm.Body, nm.Header().Get("ETag"), nm.Header().Get("Cache-Control"))
				}
			}
			if next.calls.Load() != before {
				t.Error("a 304 ran the handler")
			}
			if stale := get(t, h, "GET", "/a", "If-None-Match", `"old"`); stale.Code != 200 || stale.Body.String() != "answer /a" {
				t.Errorf("a stale If-None-Match got %d %q; want 200 and the answer", stale.Code, stale.Body)
			}

			for range 2 {
				fail := get(t, h, "GET", "/fail")
				if fail.Code != 503 || fail.Header().Get("ETag") != "" || fail.Header().Get("Cache-Control") != "no-store" {
					t.Errorf("an error answer: %d, ETag %q, Cache-Control %q; want 503, no ETag, no-store", fail.Code, fail.Header().Get("ETag"), fail.Header().Get("Cache-Control"))
				}
			}
			if nk := get(t, h, "GET", "/nokey"); nk.Header().Get("ETag") != "" || nk.Header().Get("Cache-Control") != "" {
				t.Errorf("a request without a key got ETag %q, Cache-Control %q; want neither", nk.Header().Get("ETag"), nk.Header().Get("Cache-Control"))
			}
			if post := get(t, h, "POST", "/a", "If-None-Match", etag); post.Code != 200 || post.Header().Get("ETag") != "" {
				t.Errorf("a POST got %d with ETag %q; want 200 and no ETag", post.Code, post.Header().Get("ETag"))
			}
			if cached {
				calls := next.calls.Load()
				get(t, h, "GET", "/fail")
				if next.calls.Load() != calls+1 {
					t.Error("an error answer was served from the cache")
				}
			}
		})
	}
}

func TestNoMaxAgeMeansRevalidate(t *testing.T) {
	h := Handler(Config{Key: keyByPath}, &counting{})
	if cc := get(t, h, "GET", "/a").Header().Get("Cache-Control"); cc != "public, no-cache" {
		t.Errorf("Cache-Control %q; want public, no-cache", cc)
	}
}

func TestIdenticalMissesRunOnce(t *testing.T) {
	next := &counting{gate: make(chan struct{})}
	h := Handler(Config{Key: keyByPath, Cache: New(1 << 20)}, next)
	const n = 20
	var wg sync.WaitGroup
	bodies := make([]string, n)
	for i := range n {
		wg.Go(func() { bodies[i] = get(t, h, "GET", "/a").Body.String() })
	}
	for next.calls.Load() == 0 { // the lead is in the handler
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // the others queue behind it
	close(next.gate)
	wg.Wait()
	for i, b := range bodies {
		if b != "answer /a" {
			t.Fatalf("request %d got %q", i, b)
		}
	}
	if c := next.calls.Load(); c != 1 {
		t.Errorf("%d identical concurrent requests ran the handler %d times; want 1", n, c)
	}
}

func TestUnshareableLeadLetsWaitersRun(t *testing.T) {
	next := &counting{gate: make(chan struct{})}
	h := Handler(Config{Key: keyByPath, Cache: New(1 << 20)}, next)
	var wg sync.WaitGroup
	codes := make([]int, 5)
	for i := range codes {
		wg.Go(func() { codes[i] = get(t, h, "GET", "/fail").Code })
	}
	for next.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(next.gate)
	wg.Wait()
	for i, c := range codes {
		if c != 503 {
			t.Errorf("request %d got %d; want the handler's own 503", i, c)
		}
	}
	if c := next.calls.Load(); c != 5 {
		t.Errorf("the handler ran %d times; want 5 (an error is never shared)", c)
	}
}
