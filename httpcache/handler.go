package httpcache

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config says what identifies an answer and how long others may keep it.
type Config struct {
	// Key returns the words that identify r's answer (they must name
	// everything the answer depends on, the data's version included), or
	// ok false when r's answer is not to be cached: r then passes through
	// untouched.
	Key func(r *http.Request) (words []string, ok bool)
	// Cache holds answers in this process; nil keeps none (ETags, 304s
	// and Cache-Control still apply).
	Cache *Cache
	// MaxAge is how long browsers and shared caches (a CDN) may use an
	// answer without asking again; 0 makes them revalidate every time
	// (a 304 when nothing changed).
	MaxAge time.Duration
	// Vary names the request headers, besides the URL, that Key reads
	// (e.g. "Accept"), for shared caches.
	Vary string
}

// Handler serves GET and HEAD requests through the cache: a request whose
// If-None-Match names the answer's ETag gets 304 without next running; an
// answer held in the cache is served from it; otherwise next answers, and a
// status-200 answer whose Cache-Control next left unset is given an ETag and
// Cache-Control and held. Other requests go straight to next.
func Handler(cfg Config, next http.Handler) http.Handler {
	cc := "public, max-age=" + strconv.Itoa(int(cfg.MaxAge/time.Second))
	if cfg.MaxAge < time.Second {
		cc = "public, no-cache"
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		words, ok := cfg.Key(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		k := KeyOf(words...)
		etag := ETag(k)
		h := w.Header()
		mark := func() {
			h.Set("ETag", etag)
			h.Set("Cache-Control", cc)
			if cfg.Vary != "" {
				h.Add("Vary", cfg.Vary)
			}
		}
		if matches(r.Header.Get("If-None-Match"), etag) {
			mark()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		serve := func(e *Entry) {
			for name, vs := range e.Header {
				h[name] = slices.Clone(vs) // shared by every answer from e
			}
			mark()
			h.Set("Content-Length", strconv.Itoa(len(e.Body)))
			w.WriteHeader(http.StatusOK)
			w.Write(e.Body)
		}
		lead := false
		if cfg.Cache != nil {
			e, wait, l := cfg.Cache.lookup(k)
			switch {
			case e != nil:
				serve(e)
				return
			case wait != nil:
				select {
				case <-wait.done:
					if wait.entry != nil {
						serve(wait.entry)
						return
					}
				case <-r.Context().Done():
				}
				// The lead's answer was not shareable, or this client
				// went away: answer on our own.
			default:
				lead = l
			}
		}
		rec := &recorder{header: http.Header{}}
		var shared *Entry
		if lead {
			defer func() { cfg.Cache.finish(k, shared) }() // also on panic, so waiters wake
		}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		if rec.status == http.StatusOK && rec.header.Get("Cache-Control") == "" {
			delete(rec.header, "Content-Length")
			shared = &Entry{Header: rec.header, Body: rec.body.Bytes(), ETag: etag}
			serve(shared)
			return
		}
		for name, vs := range rec.header {
			h[name] = vs
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
	})
}

// ETag is the strong entity tag of the answer keyed k.
func ETag(k Key) string {
	return `"` + base64.RawURLEncoding.EncodeToString(k[:18]) + `"`
}

// matches reports whether an If-None-Match value names etag; the weak
// comparison applies (RFC 9110, 13.1.2), and "*" matches any answer.
func matches(inm, etag string) bool {
	for t := range strings.SplitSeq(inm, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// recorder holds a handler's answer until it is known whether to share it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
