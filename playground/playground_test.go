package playground

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// serve mounts h as the caremap server does and returns a test server.
func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/playground/", http.StripPrefix("/playground", h))
	mux.Handle("/playground", http.RedirectHandler("/playground/", http.StatusMovedPermanently))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// get fetches url with the given request headers (name, value, ...).
func get(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// A bare transport: no transparent gzip, so the test sees what was sent.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
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

var configElement = regexp.MustCompile(`(?s)<script type="application/json" id="playground-config">(.*?)</script>`)

// pageConfigOf decodes the JSON configuration embedded in a page.
func pageConfigOf(t *testing.T, page []byte) pageConfig {
	t.Helper()
	m := configElement.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no playground-config element in page:\n%s", page)
	}
	var pc pageConfig
	if err := json.Unmarshal(m[1], &pc); err != nil {
		t.Fatalf("config JSON %q: %v", m[1], err)
	}
	return pc
}

func TestPage(t *testing.T) {
	srv := serve(t, Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples}))

	resp, body := get(t, srv.URL+"/playground/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /playground/: status %d, want 200", resp.StatusCode)
	}
	for name, want := range map[string]string{
		"Content-Type":           "text/html; charset=utf-8",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "no-cache",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self';", "connect-src 'self';", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Errorf("Content-Security-Policy %q allows inline or eval'd script", csp)
	}
	if !bytes.Contains(body, []byte("<title>caremap GraphQL playground</title>")) {
		t.Errorf("page has not the default title")
	}
	// No inline script: every <script> either has a src or is the JSON data.
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAll(body, -1) {
		if !bytes.Contains(m, []byte(` src="`)) && !bytes.Contains(m, []byte(`type="application/json"`)) {
			t.Errorf("inline script %s: the CSP forbids it", m)
		}
	}

	pc := pageConfigOf(t, body)
	if pc.Endpoint != "/graphql" || pc.Welcome != DefaultWelcome || !strings.HasPrefix(pc.StorageNamespace, "caremap-playground-") {
		t.Errorf("config = endpoint %q, storage %q, welcome %.30q…; want /graphql, caremap-playground-…, DefaultWelcome",
			pc.Endpoint, pc.StorageNamespace, pc.Welcome)
	}
	if len(pc.Examples) != len(DefaultExamples) {
		t.Errorf("page has %d examples, want the %d DefaultExamples", len(pc.Examples), len(DefaultExamples))
	}
	for i, ex := range pc.Examples {
		if i < len(DefaultExamples) && !reflect.DeepEqual(ex.Example, DefaultExamples[i]) {
			t.Errorf("example %d in page = %+v, want %+v", i, ex.Example, DefaultExamples[i])
		}
		if ex.Operation == "" || !strings.Contains(ex.Query, "query "+ex.Operation+" ") {
			t.Errorf("example %q: operation %q is not its query's name", ex.Key, ex.Operation)
		}
	}
	for _, ex := range DefaultExamples {
		if !bytes.Contains(body, []byte(ex.Name)) {
			t.Errorf("page lacks the example name %q", ex.Name)
		}
	}

	// The bare prefix leads to the page, whose relative URLs need the slash.
	resp, _ = get(t, srv.URL+"/playground")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/playground/" {
		t.Errorf("GET /playground: %d to %q, want 301 to /playground/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestExampleParameter: ?example=<key> serves the page (its script opens the
// example); an unknown key is a 404 naming the keys there are.
func TestExampleParameter(t *testing.T) {
	srv := serve(t, Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples, Explorer: "/org/{id}"}))
	resp, body := get(t, srv.URL+"/playground/?example="+DefaultExamples[1].Key)
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`id="playground-config"`)) {
		t.Errorf("?example=%s: %d, want the page", DefaultExamples[1].Key, resp.StatusCode)
	}
	if pc := pageConfigOf(t, body); pc.Explorer != "/org/{id}" {
		t.Errorf("explorer in page = %q, want /org/{id}", pc.Explorer)
	}
	resp, body = get(t, srv.URL+"/playground/?example=%3Cscript%3Enope")
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("unknown example: %d %q, want a plain-text 404", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{`no example "<script>nope"`, DefaultExamples[0].Key, DefaultExamples[len(DefaultExamples)-1].Key} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("unknown example: body %q lacks %q", body, want)
		}
	}
}

func TestPageConfig(t *testing.T) {
	examples := []Example{{Key: "q", Name: "Q", Description: "D", Query: "query Q { stats { organisations } }", Variables: `{"a":1}`}}
	srv := serve(t, Handler(Config{Endpoint: "https://api.example.org/graphql", Title: "Try <it>", Welcome: "# hi", Examples: examples}))
	resp, body := get(t, srv.URL+"/playground/")
	if !bytes.Contains(body, []byte("<title>Try &lt;it&gt;</title>")) {
		t.Errorf("page title not set and escaped:\n%s", body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self' https://api.example.org;") {
		t.Errorf("Content-Security-Policy %q does not allow the endpoint's origin", csp)
	}
	pc := pageConfigOf(t, body)
	if pc.Endpoint != "https://api.example.org/graphql" || pc.Welcome != "# hi" || len(pc.Examples) != 1 || !reflect.DeepEqual(pc.Examples[0].Example, examples[0]) {
		t.Errorf("config = %+v", pc)
	}

	// Different examples, different storage: saved tabs never hide new questions.
	_, other := get(t, serve(t, Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples})).URL+"/playground/")
	if pageConfigOf(t, other).StorageNamespace == pc.StorageNamespace {
		t.Errorf("two example sets share the storage namespace %q", pc.StorageNamespace)
	}

	// No examples is a JSON list, not null, so playground.js can map over it.
	_, body = get(t, serve(t, Handler(Config{Endpoint: "/graphql"})).URL+"/playground/")
	if !configElement.Match(body) || !bytes.Contains(body, []byte(`"examples":[]`)) {
		t.Errorf("page without examples lacks \"examples\":[]:\n%s", configElement.Find(body))
	}
}

// TestHostileExample checks that example text cannot end the JSON element or
// open markup: whatever it holds comes back intact through JSON.parse.
func TestHostileExample(t *testing.T) {
	hostile := Example{
		Key:         "hostile",
		Name:        `</script><script>alert("name")</script>`,
		Description: `<!-- <script> </SCRIPT > & ' " \u2028 ` + "\u2028\u2029",
		Query:       "query Q { a }\n# </script ><img src=x onerror=alert(1)>",
		Variables:   `{"x": "</script>"}`,
	}
	srv := serve(t, Handler(Config{Endpoint: "/graphql", Examples: []Example{hostile}}))
	_, body := get(t, srv.URL+"/playground/")

	m := configElement.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no playground-config element in page:\n%s", body)
	}
	for _, bad := range []string{"</script", "</SCRIPT", "<!--", "<script", "<img"} {
		if bytes.Contains(bytes.ToLower(m[1]), bytes.ToLower([]byte(bad))) {
			t.Errorf("config JSON contains %q unescaped: %s", bad, m[1])
		}
	}
	if got := pageConfigOf(t, body).Examples; len(got) != 1 || !reflect.DeepEqual(got[0].Example, hostile) || got[0].Operation != "Q" {
		t.Errorf("examples after the round trip = %+v, want %+v", got, hostile)
	}
	if n := bytes.Count(bytes.ToLower(body), []byte("<script")); n != 5 {
		t.Errorf("page has %d <script> elements, want 5 (config + 4 files)", n)
	}
}

// assetRefs are the src and href attributes in a page.
func assetRefs(page []byte) []string {
	var refs []string
	for _, m := range regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllSubmatch(page, -1) {
		refs = append(refs, string(m[1]))
	}
	return refs
}

func TestAssetsReferencedByPage(t *testing.T) {
	srv := serve(t, Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples}))
	_, page := get(t, srv.URL+"/playground/")
	base, _ := url.Parse(srv.URL + "/playground/")

	wantType := map[string]string{
		".js":  "text/javascript; charset=utf-8",
		".css": "text/css; charset=utf-8",
		".svg": "image/svg+xml",
	}
	refs := assetRefs(page)
	if len(refs) != 7 {
		t.Errorf("page refers to %d files, want 7 (icon, 2 stylesheets, 4 scripts): %q", len(refs), refs)
	}
	for _, ref := range refs {
		u, err := url.Parse(ref)
		if err != nil || u.IsAbs() || strings.HasPrefix(ref, "/") {
			t.Errorf("asset URL %q is not relative to the page", ref)
			continue
		}
		abs := base.ResolveReference(u).String()
		resp, body := get(t, abs)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", ref, resp.StatusCode)
			continue
		}
		name := strings.SplitN(strings.TrimPrefix(ref, "assets/"), "/", 2)[1]
		embedded, err := assetFS.ReadFile("assets/" + name)
		if err != nil || !bytes.Equal(body, embedded) {
			t.Errorf("GET %s: body differs from the embedded assets/%s (%v)", ref, name, err)
		}
		checks := map[string]string{
			"Content-Type":           wantType[path.Ext(name)],
			"Cache-Control":          "public, max-age=31536000, immutable",
			"X-Content-Type-Options": "nosniff",
		}
		for h, want := range checks {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("GET %s: %s = %q, want %q", ref, h, got, want)
			}
		}

		// Revalidation and compression.
		etag := resp.Header.Get("ETag")
		if r, _ := get(t, abs, "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s If-None-Match %s: status %d, want 304", ref, etag, r.StatusCode)
		}
		r, zbody := get(t, abs, "Accept-Encoding", "gzip, deflate, br")
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(zbody))
			if err != nil {
				t.Fatalf("GET %s gzip: %v", ref, err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(plain, embedded) {
				t.Errorf("GET %s gzip: decompresses to other bytes (%v)", ref, err)
			}
			if r.Header.Get("ETag") == etag {
				t.Errorf("GET %s: gzip and identity share the ETag %s", ref, etag)
			}
		} else if len(embedded) > 100_000 {
			t.Errorf("GET %s (%d bytes) with Accept-Encoding gzip: not compressed", ref, len(embedded))
		}
	}
}

func TestAssetRequests(t *testing.T) {
	srv := serve(t, Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples}))
	current := assets()["playground.js"].hash
	for _, tc := range []struct {
		path, method string
		status       int
		cache, ctype string
	}{
		{"assets/playground.js", "GET", 200, "no-cache", "text/javascript; charset=utf-8"},
		{"assets/" + current + "/playground.js", "HEAD", 200, "public, max-age=31536000, immutable", "text/javascript; charset=utf-8"},
		{"assets/0123456789abcdef/playground.js", "GET", 200, "no-cache", "text/javascript; charset=utf-8"}, // an older release's page
		{"assets/vendor/LICENSE-graphiql", "GET", 200, "no-cache", "text/plain; charset=utf-8"},
		{"assets/vendor/THIRD_PARTY_LICENSES.txt", "GET", 200, "no-cache", "text/plain; charset=utf-8"},
		{"assets/vendor/versions.json", "GET", 200, "no-cache", "application/json"},
		{"assets/nothing.js", "GET", 404, "", ""},
		{"assets/" + current + "/nothing.js", "GET", 404, "", ""},
		{"assets/../playground.go", "GET", 404, "", ""},
		{"page.html", "GET", 404, "", ""},
		{"", "POST", 405, "", ""},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+"/playground/"+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, resp.StatusCode, tc.status)
			continue
		}
		if tc.status != 200 {
			continue
		}
		if got := resp.Header.Get("Cache-Control"); got != tc.cache {
			t.Errorf("%s %s: Cache-Control %q, want %q", tc.method, tc.path, got, tc.cache)
		}
		if got := resp.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", tc.method, tc.path, got, tc.ctype)
		}
	}
}

// externalURL matches an http(s) URL; in the page and the stylesheets any is
// a request to another host, which the playground must never make.
var externalURL = regexp.MustCompile(`(?i)https?://[^\s"'()<>]+`)

func TestNoExternalRequests(t *testing.T) {
	srv := serve(t, Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples}))
	_, page := get(t, srv.URL+"/playground/")
	if m := externalURL.FindAll(page, -1); m != nil {
		t.Errorf("page refers to other hosts: %q", m)
	}

	cssURL := regexp.MustCompile(`(?i)url\(\s*['"]?([^'")]*)`)
	for _, ref := range assetRefs(page) {
		name := strings.SplitN(strings.TrimPrefix(ref, "assets/"), "/", 2)[1]
		body, err := assetFS.ReadFile("assets/" + name)
		if err != nil {
			t.Fatal(err)
		}
		switch path.Ext(name) {
		case ".css":
			if bytes.Contains(bytes.ToLower(body), []byte("@import")) {
				t.Errorf("%s: @import fetches another stylesheet", name)
			}
			for _, m := range cssURL.FindAllSubmatch(body, -1) {
				if u := string(m[1]); !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "#") {
					t.Errorf("%s: url(%.60s) is fetched; only data: URLs are allowed", name, u)
				}
			}
		case ".js":
			// Script loading and source maps are the fetches a browser makes
			// from a script's text; GraphiQL's network use otherwise goes
			// through the fetcher, bound to the endpoint and the CSP.
			for _, bad := range []string{"importScripts(", "sourceMappingURL=http", `import("http`, "new Worker("} {
				if bytes.Contains(body, []byte(bad)) {
					t.Errorf("%s contains %q", name, bad)
				}
			}
		}
	}
}

func TestHandlerRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"no endpoint", Config{}},
		{"relative endpoint", Config{Endpoint: "graphql"}},
		{"ftp endpoint", Config{Endpoint: "ftp://example.org/graphql"}},
		{"javascript endpoint", Config{Endpoint: "javascript:alert(1)"}},
		{"example without query", Config{Endpoint: "/graphql", Examples: []Example{{Name: "Q"}}}},
		{"example without name", Config{Endpoint: "/graphql", Examples: []Example{{Key: "a", Query: "query A { a }"}}}},
		{"example without key", Config{Endpoint: "/graphql", Examples: []Example{{Name: "A", Query: "query A { a }"}}}},
		{"key with a space", Config{Endpoint: "/graphql", Examples: []Example{{Key: "a b", Name: "A", Query: "query A { a }"}}}},
		{"two examples, one key", Config{Endpoint: "/graphql", Examples: []Example{
			{Key: "a", Name: "A", Query: "query A { a }"}, {Key: "a", Name: "B", Query: "query B { a }"}}}},
		{"two examples, one operation", Config{Endpoint: "/graphql", Examples: []Example{
			{Key: "a", Name: "A", Query: "query A { a }"}, {Key: "b", Name: "B", Query: "query A { a }"}}}},
		{"anonymous operation", Config{Endpoint: "/graphql", Examples: []Example{{Key: "a", Name: "A", Query: "{ a }"}}}},
		{"explorer without {id}", Config{Endpoint: "/graphql", Explorer: "/org/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Handler(%+v) did not panic", tc.cfg)
				}
			}()
			Handler(tc.cfg)
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	for _, tc := range []struct {
		values []string
		want   bool
	}{
		{nil, false},
		{[]string{"gzip"}, true},
		{[]string{"deflate, GZIP;q=0.5"}, true},
		{[]string{"br", "gzip"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.0, *"}, false},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"identity"}, false},
	} {
		if got := acceptsGzip(tc.values); got != tc.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tc.values, got, tc.want)
		}
	}
}

// TestDefaultExamples checks the newcomer questions against the schema the
// server serves, so a schema change cannot silently break the playground.
func TestDefaultExamples(t *testing.T) {
	if len(DefaultExamples) < 8 {
		t.Errorf("%d default examples, want at least 8", len(DefaultExamples))
	}
	sdl, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatalf("reading the schema: %v", err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(sdl)})
	if gerr != nil {
		t.Fatalf("schema: %v", gerr)
	}
	for i, line := range strings.Split(DefaultWelcome, "\n") {
		if n := utf8.RuneCountInString(line); strings.HasPrefix(line, "#") && n > 32 {
			t.Errorf("DefaultWelcome line %d has %d columns, want at most 32 (it must show whole at 1280 px): %q", i+1, n, line)
		}
	}
	for _, q := range []string{DefaultWelcome} {
		if _, errs := gqlparser.LoadQuery(schema, q); errs != nil {
			t.Errorf("DefaultWelcome does not validate: %v", errs)
		}
	}
	names := map[string]bool{}
	for _, ex := range DefaultExamples {
		if ex.Name == "" || ex.Description == "" || strings.Contains(ex.Description, "\n") {
			t.Errorf("example %q: want a name and a one-line description, got %q", ex.Name, ex.Description)
		}
		if names[ex.Name] {
			t.Errorf("example %q appears twice", ex.Name)
		}
		names[ex.Name] = true
		doc, errs := gqlparser.LoadQuery(schema, ex.Query)
		if errs != nil {
			t.Errorf("example %q does not validate against schema.graphqls: %v", ex.Name, errs)
			continue
		}
		if len(doc.Operations) != 1 || doc.Operations[0].Name == "" {
			t.Errorf("example %q: want one named operation (GraphiQL titles the tab with it)", ex.Name)
		}
	}
}

func BenchmarkPage(b *testing.B) {
	h := Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}

func BenchmarkAssetGzip(b *testing.B) {
	h := Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples})
	req := httptest.NewRequest(http.MethodGet, "/assets/vendor/graphiql.min.js", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}

func BenchmarkHandler(b *testing.B) {
	assets() // once per process, like the embed
	for b.Loop() {
		Handler(Config{Endpoint: "/graphql", Examples: DefaultExamples})
	}
}

// TestVendorMatchesLockfile checks that assets/vendor holds what
// scripts/graphiql/package-lock.json pins, with the licences: a version bump
// without running scripts/update-graphiql.sh fails here.
func TestVendorMatchesLockfile(t *testing.T) {
	var lock struct {
		Packages map[string]struct {
			Version  string `json:"version"`
			Resolved string `json:"resolved"`
		} `json:"packages"`
	}
	raw, err := os.ReadFile("../scripts/graphiql/package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &lock); err != nil {
		t.Fatal(err)
	}
	var vendored map[string]string
	if err := json.Unmarshal(assets()["vendor/versions.json"].body, &vendored); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"graphiql", "react", "react-dom"} {
		if got, want := vendored[name], lock.Packages["node_modules/"+name].Version; got == "" || got != want {
			t.Errorf("assets/vendor has %s %q, the lockfile pins %q: run scripts/update-graphiql.sh", name, got, want)
		}
		if a := assets()["vendor/LICENSE-"+name]; a == nil || !bytes.Contains(a.body, []byte("MIT License")) {
			t.Errorf("assets/vendor/LICENSE-%s is missing or not the MIT licence", name)
		}
	}
	for key, p := range lock.Packages {
		if p.Resolved != "" {
			t.Errorf("lockfile entry %s records the registry URL %q (keep omit-lockfile-registry-resolved in .npmrc)", key, p.Resolved)
		}
	}
}
