package playground

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Config says what the playground page shows and where it sends queries.
type Config struct {
	// Endpoint is the URL of the GraphQL endpoint: an absolute path such as
	// "/graphql" (same origin, the usual case), or an absolute http(s) URL,
	// whose origin the Content-Security-Policy then allows.
	Endpoint string
	// Title is the page title; empty means "caremap GraphQL playground".
	Title string
	// Welcome is the text of the first tab; empty means DefaultWelcome.
	Welcome string
	// Examples are the questions to preload, in order; most callers pass
	// DefaultExamples. Each needs a Key, a Name and a Query; keys and
	// operation names are unique.
	Examples []Example
	// Explorer is the address of the explorer's page for an id, with "{id}"
	// where the id goes, e.g. "/org/{id}": every "id" in an answer then links
	// there. Empty means ids are plain text.
	Explorer string
}

// keyPattern is what an example's Key may be.
var keyPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// operationName is the name of a document's first named operation, found as
// GraphiQL finds it to title a tab.
var operationName = regexp.MustCompile(`(?m)^[^#\n]*\b(?:query|mutation|subscription)\s+([A-Za-z0-9_]+)`)

// defaultTitle is the page title when Config.Title is empty.
const defaultTitle = "caremap GraphQL playground"

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"asset": assetURL,
}).Parse(pageHTML))

// pageConfig is the JSON that playground.js reads from the page.
type pageConfig struct {
	Endpoint string `json:"endpoint"`
	// StorageNamespace keys GraphiQL's saved tabs by the examples, so that a
	// release with new questions shows them instead of last visit's tabs.
	StorageNamespace string        `json:"storageNamespace"`
	Welcome          string        `json:"welcome"`
	Examples         []pageExample `json:"examples"`
	Explorer         string        `json:"explorer,omitempty"`
}

// pageExample is an example as the page needs it: with the operation name
// whose tab it titles.
type pageExample struct {
	Example
	Operation string `json:"operation"`
}

// Handler returns the playground: the page at the handler's root ("/") and
// its assets below "assets/". Mount it under a prefix with http.StripPrefix,
// and redirect the bare prefix to the prefix with a trailing slash, because
// the page refers to its assets by relative URLs:
//
//	h := playground.Handler(playground.Config{Endpoint: "/graphql", Examples: playground.DefaultExamples})
//	mux.Handle("/playground/", http.StripPrefix("/playground", h))
//	mux.Handle("/playground", http.RedirectHandler("/playground/", http.StatusMovedPermanently))
//
// The page is rendered once, here. Handler panics if cfg is invalid (no
// endpoint, an endpoint that is neither an absolute path nor an http(s) URL,
// an example without a key, name or query, two examples with one key or one
// operation name, or an Explorer without "{id}"), as that is a programming
// error.
func Handler(cfg Config) http.Handler {
	csp, err := contentSecurityPolicy(cfg.Endpoint)
	if err != nil {
		panic("playground: " + err.Error())
	}
	if cfg.Explorer != "" && !strings.Contains(cfg.Explorer, "{id}") {
		panic(fmt.Sprintf("playground: Config.Explorer %q has no {id}", cfg.Explorer))
	}
	examples := make([]pageExample, 0, len(cfg.Examples)) // JSON [] rather than null
	keys := make([]string, 0, len(cfg.Examples))
	ops := map[string]bool{"Welcome": true}
	for i, ex := range cfg.Examples {
		if strings.TrimSpace(ex.Name) == "" || strings.TrimSpace(ex.Query) == "" {
			panic(fmt.Sprintf("playground: example %d needs a name and a query", i))
		}
		if !keyPattern.MatchString(ex.Key) || slices.Contains(keys, ex.Key) {
			panic(fmt.Sprintf("playground: example %d: key %q is not a unique name of lower-case letters, digits and hyphens", i, ex.Key))
		}
		keys = append(keys, ex.Key)
		op := ""
		if m := operationName.FindStringSubmatch(ex.Query); m != nil {
			op = m[1]
		}
		if op == "" || ops[op] {
			panic(fmt.Sprintf("playground: example %q needs an operation name of its own (has %q)", ex.Key, op))
		}
		ops[op] = true
		examples = append(examples, pageExample{Example: ex, Operation: op})
	}
	if cfg.Title == "" {
		cfg.Title = defaultTitle
	}
	if cfg.Welcome == "" {
		cfg.Welcome = DefaultWelcome
	}
	pc := pageConfig{
		Endpoint: cfg.Endpoint,
		Welcome:  cfg.Welcome,
		Examples: examples,
		Explorer: cfg.Explorer,
	}
	state, err := json.Marshal(pc)
	if err != nil {
		panic("playground: " + err.Error()) // unreachable: strings only
	}
	sum := sha256.Sum256(state)
	pc.StorageNamespace = "caremap-playground-" + hex.EncodeToString(sum[:6])

	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, struct {
		Title  string
		Config pageConfig
	}{cfg.Title, pc}); err != nil {
		panic("playground: " + err.Error()) // a template or asset-name bug, caught by the tests
	}
	page := buf.Bytes()
	pageSum := sha256.Sum256(page)
	return &handler{
		page:     page,
		pageETag: `"` + hex.EncodeToString(pageSum[:8]) + `"`,
		csp:      csp,
		keys:     keys,
	}
}

// contentSecurityPolicy is the page's policy: its own scripts only, no inline
// script, no plug-ins, no framing, and connections only to its own origin and
// the endpoint's. Inline styles are allowed because GraphiQL's dialogs (the
// settings and short-keys dialogs) inject a <style> element to lock scrolling;
// e2e/playground.mjs sees them blocked without 'unsafe-inline'. Fonts
// and a few images are data: URLs in GraphiQL's CSS.
func contentSecurityPolicy(endpoint string) (string, error) {
	if endpoint == "" {
		return "", fmt.Errorf("Config.Endpoint is empty")
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", fmt.Errorf("Config.Endpoint %q: %v", endpoint, err)
	}
	connect := "'self'"
	switch {
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/"):
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
		connect += " " + u.Scheme + "://" + u.Host
	default:
		return "", fmt.Errorf("Config.Endpoint %q is neither an absolute path nor an http(s) URL", endpoint)
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self' data:",
		"connect-src " + connect,
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; "), nil
}

// handler serves the rendered page and the embedded assets.
type handler struct {
	page     []byte
	pageETag string
	csp      string
	keys     []string // the examples' keys, in order
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch p := r.URL.Path; {
	case p == "/" || p == "":
		h.servePage(w, r)
	case strings.HasPrefix(p, "/assets/"):
		serveAsset(w, r, strings.TrimPrefix(p, "/assets/"))
	default:
		http.NotFound(w, r)
	}
}

func (h *handler) servePage(w http.ResponseWriter, r *http.Request) {
	// ?example=<key> opens one example: the page's script reads it; an
	// unknown key is refused here, with the keys there are.
	if q := r.URL.Query(); q.Has("example") && !slices.Contains(h.keys, q.Get("example")) {
		key := q.Get("example")
		if len(key) > 60 {
			key = key[:60] + "…"
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "no example %q; the examples are: %s\n", key, strings.Join(h.keys, ", "))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Security-Policy", h.csp)
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("ETag", h.pageETag)
	http.ServeContent(w, r, "", zeroTime, bytes.NewReader(h.page))
}
