package web

import (
	"bytes"
	"fmt"

	"caremap/graph"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// contentSecurityPolicy allows only this origin's script, styles and
// diagrams (the <object> of an SVG), no inline script or style, no
// framing, and forms that post back here.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'self'; frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// page is what the layout needs from every page.
type page struct {
	Title       string // the <title> and, on most pages, the <h1>
	Description string // the meta description
	Search      string // the text in the header's search box
	Playground  string // the playground's path, for the navigation
}

// basePage lets render fill in what every page shares.
func (p *page) basePage() *page { return p }

// pages holds one template per page, each the layout plus the page's own
// blocks.
var pages = parsePages()

func parsePages() map[string]*template.Template {
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html"))
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "parts.html" {
			continue
		}
		t := template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
		out[strings.TrimSuffix(base, ".html")] = t
	}
	return out
}

// render writes the named page with the security headers every page
// carries. It renders into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *site) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	if p, ok := data.(interface{ basePage() *page }); ok {
		p.basePage().Playground = s.cfg.Playground
	}
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.cfg.Logger.Error("explorer template failed", "request_id", s.cfg.RequestID(r.Context()), "page", name, "error", err)
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString("<!doctype html><title>Error</title><p>Something went wrong on our side. Please try again later.</p>")
	}
	body := markAbbreviations(s.glossary, buf.Bytes())
	h := w.Header()
	setPageHeaders(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// setPageHeaders sets the headers of every dynamic response.
func setPageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-cache")
}

// staticFile is one embedded file with its content hash.
type staticFile struct {
	body  []byte
	hash  string // first 12 hex digits of its SHA-256
	ctype string
}

var statics = loadStatics()

func loadStatics() map[string]staticFile {
	out := map[string]staticFile{}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		ctype := "application/octet-stream"
		switch path.Ext(e.Name()) {
		case ".css":
			ctype = "text/css; charset=utf-8"
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		case ".svg":
			ctype = "image/svg+xml"
		}
		out[e.Name()] = staticFile{body: b, hash: hex.EncodeToString(sum[:])[:12], ctype: ctype}
	}
	b := legendCSS()
	sum := sha256.Sum256(b)
	out["legend.css"] = staticFile{body: b, hash: hex.EncodeToString(sum[:])[:12], ctype: "text/css; charset=utf-8"}
	return out
}

// assetURL returns the URL of a static file with its hash, so it can be
// cached for a year and still change on the next release.
func assetURL(name string) string {
	f, ok := statics[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return staticPrefix + name + "?v=" + f.hash
}

// staticHandler serves the embedded files, immutable when asked for by
// their hashed URL and revalidated otherwise.
func staticHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		f, ok := statics[name]
		if !ok {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ctype)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", `"`+f.hash+`"`)
		if r.URL.Query().Get("v") == f.hash {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, max-age=300")
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.body))
	})
}

// legendCSS gives each relationship type's class its legend colour and
// line style, from graph.RelTypes, so pages and diagrams agree.
func legendCSS() []byte {
	var b bytes.Buffer
	b.WriteString("/* generated from graph.RelTypes */\n")
	for _, t := range graph.RelTypes {
		style := t.Style
		if style == "bold" {
			style = "solid"
		}
		c := relClass(t.Type)
		fmt.Fprintf(&b, ".%s{--rel:%s}.%s.swatch::after{border-top-style:%s}.%s.arrow{border-left-style:%s}\n",
			c, t.Colour, c, style, c, style)
	}
	return b.Bytes()
}
