package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"caremap/graph"
	"caremap/graph/memory"
	"caremap/seed"
)

// cacheServer serves the embedded dataset, recorded as version, with the
// GraphQL answer cache on.
func cacheServer(t *testing.T, version string) (*httptest.Server, *app) {
	t.Helper()
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	cfg := serveConfig{RequestTimeout: 10 * time.Second, GraphQLCache: 1 << 20, GraphQLMaxAge: time.Minute}
	a := newApp(cfg, slog.New(slog.DiscardHandler), st, graph.DatasetInfo{Version: version, Checksum: ds.Checksum})
	srv := httptest.NewServer(a.routes())
	t.Cleanup(srv.Close)
	return srv, a
}

type gqlGET struct {
	status int
	header http.Header
	body   string
}

func getGraphQL(t *testing.T, base string, params url.Values, hdr ...string) gqlGET {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/graphql?"+params.Encode(), nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return gqlGET{resp.StatusCode, resp.Header, string(b)}
}

func TestGETAnswersAreCacheable(t *testing.T) {
	srv, a := cacheServer(t, "2013-04-01")
	const q = `query Org($id: ID!) { organisation(id: $id) { name tier } }`
	vars := `{"id": "nhs-england"}`
	first := getGraphQL(t, srv.URL, url.Values{"query": {q}, "variables": {vars}})
	etag := first.header.Get("ETag")
	if first.status != 200 || !strings.Contains(first.body, "NHS Commissioning Board") || etag == "" || strings.HasPrefix(etag, "W/") {
		t.Fatalf("GET: %d ETag %q body %.200s; want 200, a strong ETag and the answer", first.status, etag, first.body)
	}
	if cc := first.header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("Cache-Control %q; want public, max-age=60", cc)
	}
	if v := first.header.Get("Vary"); !strings.Contains(v, "Accept") {
		t.Errorf("Vary %q; want it to name Accept", v)
	}

	same := []url.Values{ // the same question, written differently
		{"query": {"query Org($id: ID!) {\n  organisation(id: $id) { # the body\n name, tier } }"}, "variables": {vars}},
		{"query": {q}, "variables": {`{ "id":"nhs-england" }`}},
	}
	for _, p := range same {
		if got := getGraphQL(t, srv.URL, p); got.header.Get("ETag") != etag || got.body != first.body {
			t.Errorf("%v: ETag %q body %.100s; want the first's (%q)", p, got.header.Get("ETag"), got.body, etag)
		}
	}
	different := []url.Values{
		{"query": {q}, "variables": {`{"id": "monitor"}`}},
		{"query": {`query Org($id: ID!) { organisation(id: $id) { name } }`}, "variables": {vars}},
		{"query": {q + ` query Other { stats { organisations } }`}, "variables": {vars}, "operationName": {"Org"}},
	}
	for _, p := range different {
		if got := getGraphQL(t, srv.URL, p); got.status != 200 || got.header.Get("ETag") == etag || got.header.Get("ETag") == "" {
			t.Errorf("%v: %d ETag %q; want 200 and an ETag other than %q", p, got.status, got.header.Get("ETag"), etag)
		}
	}
	typed := getGraphQL(t, srv.URL, url.Values{"query": {q}, "variables": {vars}}, "Accept", "application/graphql-response+json")
	if typed.header.Get("ETag") == etag || !strings.HasPrefix(typed.header.Get("Content-Type"), "application/graphql-response+json") {
		t.Errorf("asked as graphql-response+json: type %q ETag %q; want that type and an ETag other than the JSON answer's",
			typed.header.Get("Content-Type"), typed.header.Get("ETag"))
	}

	hits := a.answers.Stats().Hits
	nm := getGraphQL(t, srv.URL, url.Values{"query": {q}, "variables": {vars}}, "If-None-Match", etag)
	if nm.status != http.StatusNotModified || nm.body != "" || nm.header.Get("ETag") != etag {
		t.Errorf("If-None-Match: %d ETag %q body %q; want 304, the ETag, no body", nm.status, nm.header.Get("ETag"), nm.body)
	}
	if a.answers.Stats().Hits != hits {
		t.Error("a 304 went to the cache; it needs no answer")
	}
	if st := a.answers.Stats(); st.Hits < 2 || st.Entries < 4 {
		t.Errorf("cache figures %+v; want the repeated questions answered from it", st)
	}

	// Another dataset version: another ETag for the same question.
	other, _ := cacheServer(t, "2014-04-01")
	if got := getGraphQL(t, other.URL, url.Values{"query": {q}, "variables": {vars}}); got.header.Get("ETag") == etag || got.body != first.body {
		t.Errorf("another dataset version gave ETag %q (want other than %q) and body %.100s", got.header.Get("ETag"), etag, got.body)
	}
}

func TestGETErrorsAreNotCached(t *testing.T) {
	srv, a := cacheServer(t, "2013-04-01")
	for _, p := range []url.Values{
		{"query": {`{ organisation(id: "nhs-england") { owns } }`}},       // invalid
		{"query": {`{ whoCommissions(service: "svc-nothing") { id } }`}},  // not found
		{"query": {`{ organisation(id: "nhs-england") { name }`}},         // does not parse
		{"query": {`{ organisations(first: 1000) { totalCount } }`}},      // over a limit
		{"query": {`query($id: ID!) { organisation(id: $id) { name } }`}}, // variable missing
		{"query": {`{ stats { organisations } }`}, "variables": {`[1]`}},  // variables not an object
	} {
		for range 2 {
			got := getGraphQL(t, srv.URL, p)
			if !strings.Contains(got.body, `"errors"`) || got.header.Get("ETag") != "" || got.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%v: %d ETag %q Cache-Control %q body %.150s; want an error, no ETag, no-store",
					p, got.status, got.header.Get("ETag"), got.header.Get("Cache-Control"), got.body)
			}
		}
	}
	if st := a.answers.Stats(); st.Entries != 0 || st.Hits != 0 {
		t.Errorf("cache figures %+v after errors only; want nothing held or served", st)
	}
}

// TestPersistedQueriesOverGET: a CDN caches by URL, so the hash alone
// names the question once the server knows it.
func TestPersistedQueriesOverGET(t *testing.T) {
	srv, _ := cacheServer(t, "2013-04-01")
	q := `{ organisation(id: "care-quality-commission") { name } }`
	sum := sha256.Sum256([]byte(q))
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`

	unknown := getGraphQL(t, srv.URL, url.Values{"extensions": {ext}})
	if !strings.Contains(unknown.body, "PersistedQueryNotFound") || unknown.header.Get("ETag") != "" || unknown.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("hash before its query: %d ETag %q Cache-Control %q body %.200s; want PersistedQueryNotFound, not cacheable",
			unknown.status, unknown.header.Get("ETag"), unknown.header.Get("Cache-Control"), unknown.body)
	}
	register := getGraphQL(t, srv.URL, url.Values{"query": {q}, "extensions": {ext}})
	if register.status != 200 || !strings.Contains(register.body, "Care Quality Commission") {
		t.Fatalf("query with its hash: %d %.200s", register.status, register.body)
	}
	for range 2 {
		byHash := getGraphQL(t, srv.URL, url.Values{"extensions": {ext}})
		if byHash.status != 200 || byHash.body != register.body || byHash.header.Get("ETag") == "" || byHash.header.Get("Cache-Control") != "public, max-age=60" {
			t.Errorf("hash alone: %d ETag %q Cache-Control %q body %.200s; want the answer, cacheable",
				byHash.status, byHash.header.Get("ETag"), byHash.header.Get("Cache-Control"), byHash.body)
		}
	}
	wrong := `{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("0", 64) + `"}}`
	if got := getGraphQL(t, srv.URL, url.Values{"query": {q}, "extensions": {wrong}}); got.header.Get("ETag") != "" || !strings.Contains(got.body, `"errors"`) {
		t.Errorf("a query with a hash not its own: ETag %q body %.200s; want an error, not cacheable", got.header.Get("ETag"), got.body)
	}
}

func TestGraphQLCacheFlags(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		env   map[string]string
		bytes int64
		age   time.Duration
		bad   string
	}{
		{nil, nil, 64 << 20, time.Minute, ""},
		{[]string{"--graphql-cache-mb", "0", "--graphql-max-age", "0"}, nil, 0, 0, ""},
		{nil, map[string]string{"CAREMAP_GRAPHQL_CACHE_MB": "8", "CAREMAP_GRAPHQL_MAX_AGE": "5m"}, 8 << 20, 5 * time.Minute, ""},
		{[]string{"--graphql-cache-mb", "-1"}, nil, 0, 0, "--graphql-cache-mb"},
		{[]string{"--graphql-max-age", "48h"}, nil, 0, 0, "--graphql-max-age"},
	} {
		cfg, err := parseServe(tc.args, func(k string) string { return tc.env[k] }, io.Discard)
		switch {
		case tc.bad != "":
			if err == nil || !strings.Contains(err.Error(), tc.bad) {
				t.Errorf("%v: error %v; want one naming %s", tc.args, err, tc.bad)
			}
		case err != nil:
			t.Errorf("%v %v: %v", tc.args, tc.env, err)
		case cfg.GraphQLCache != tc.bytes || cfg.GraphQLMaxAge != tc.age:
			t.Errorf("%v %v: cache %d bytes, max-age %s; want %d, %s", tc.args, tc.env, cfg.GraphQLCache, cfg.GraphQLMaxAge, tc.bytes, tc.age)
		}
	}
}
