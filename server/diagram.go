package main

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"caremap/diagram"
	"caremap/render"
)

// Diagrams: GET /diagram.{svg,pdf,png,dot} draws the whole system and
// GET /diagram/{id}.{svg,pdf,png,dot} one node's neighbourhood. What a
// diagram means is package diagram's; this file is only HTTP.

// diagramHandler serves diagrams from the diagram service.
type diagramHandler struct {
	svc   *diagram.Service
	log   *slog.Logger
	base  string   // --base-url; "" for each request's own origin
	hosts []string // the Host headers trusted to name that origin (--allowed-hosts)
}

// newDiagramHandler returns the handler for GET /diagram.{ext} and
// GET /diagram/{id}.{ext}. It parses r.URL.Path itself, so it can be
// mounted under any pattern that reaches those paths.
// Links in the drawings start with base (--base-url), or with each
// request's own origin when it is "" and the request's Host is one of
// hosts (diagram.Origin).
func newDiagramHandler(svc *diagram.Service, log *slog.Logger, base string, hosts []string) *diagramHandler {
	return &diagramHandler{svc: svc, log: log, base: base, hosts: hosts}
}

// splitDiagramPath returns the focus id and format of a diagram path, or
// ok=false when the path is not a diagram path at all.
func splitDiagramPath(path string) (focus, format string, ok bool) {
	var rest string
	switch {
	case strings.HasPrefix(path, "/diagram."):
		rest = strings.TrimPrefix(path, "/diagram")
	case strings.HasPrefix(path, "/diagram/"):
		rest = strings.TrimPrefix(path, "/diagram/")
		i := strings.LastIndexByte(rest, '.')
		if i <= 0 {
			return "", "", false
		}
		focus, rest = rest[:i], rest[i:]
	default:
		return "", "", false
	}
	if !strings.HasPrefix(rest, ".") || strings.Contains(rest[1:], "/") {
		return "", "", false
	}
	return focus, rest[1:], true
}

func (h *diagramHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httpError(w, r, http.StatusMethodNotAllowed, "diagrams are read with GET")
		return
	}
	focus, format, ok := splitDiagramPath(r.URL.Path)
	if !ok {
		httpError(w, r, http.StatusNotFound, "no such diagram: use /diagram.{svg,pdf,png,dot} or /diagram/{id}.{svg,pdf,png,dot}")
		return
	}
	req, err := diagram.Parse(focus, format, r.URL.Query())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	req.Base = diagram.Origin(r, h.base, h.hosts)
	entry, err := h.svc.Get(r.Context(), req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("ETag", entry.ETag)
	if etagMatches(r.Header.Get("If-None-Match"), entry.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", req.Format.ContentType())
	hd.Set("Content-Length", strconv.Itoa(len(entry.Data)))
	switch req.Format {
	case render.SVG:
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	case render.PDF, render.PNG:
		hd.Set("Content-Disposition", `attachment; filename="`+req.Filename()+`"`)
	case render.DOTFormat:
		hd.Set("Content-Disposition", `inline; filename="`+req.Filename()+`"`)
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(entry.Data)
}

// fail answers an error with its code's status (server/errors.go).
func (h *diagramHandler) fail(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, h.log, "diagram", err)
}

// etagMatches reports whether an If-None-Match header matches etag
// (weak comparison, as RFC 9110 asks for If-None-Match).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
