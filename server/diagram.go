package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"caremap/diagram"
	"caremap/graph"
	"caremap/render"
)

// Diagrams: GET /diagram.{svg,pdf,png,dot} draws the whole system and
// GET /diagram/{id}.{svg,pdf,png,dot} one node's neighbourhood. What a
// diagram means is package diagram's; this file is only HTTP.

// diagramHandler serves diagrams from the diagram service.
type diagramHandler struct {
	svc  *diagram.Service
	log  *slog.Logger
	base string // --base-url; "" for each request's own origin
}

// newDiagramHandler returns the handler for GET /diagram.{ext} and
// GET /diagram/{id}.{ext}. It parses r.URL.Path itself, so it can be
// mounted under any pattern that reaches those paths.
// Links in the drawings start with base (--base-url), or with each
// request's own origin when it is "".
func newDiagramHandler(svc *diagram.Service, log *slog.Logger, base string) *diagramHandler {
	return &diagramHandler{svc: svc, log: log, base: base}
}

// diagramRetryAfter is the Retry-After, in seconds, of a 503.
const diagramRetryAfter = "5"

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
	req.Base = diagram.Origin(r, h.base)
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

// fail answers an error: 400 naming what is allowed, 404, 422 over the
// size cap, 503 with Retry-After when the workers are busy or the store is
// down, else 500 without details (logged).
func (h *diagramHandler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var inv *graph.InvalidError
	var nf *graph.NotFoundError
	switch {
	case errors.As(err, &inv):
		httpError(w, r, http.StatusBadRequest, inv.Error())
	case errors.As(err, &nf):
		httpError(w, r, http.StatusNotFound, nf.Error())
	case errors.Is(err, graph.ErrTooLarge): // over a cap, or text too small for the paper
		httpError(w, r, http.StatusUnprocessableEntity, err.Error())
	case errors.Is(err, graph.ErrUnavailable):
		w.Header().Set("Retry-After", diagramRetryAfter)
		msg := "the diagram service is busy: try again shortly"
		if !errors.Is(err, render.ErrBusy) && !errors.Is(err, render.ErrTimeout) {
			msg = "the data store is unavailable: try again shortly"
		}
		h.log.Warn("diagram unavailable", "requestId", requestID(r.Context()), "err", err)
		httpError(w, r, http.StatusServiceUnavailable, msg)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		w.Header().Set("Retry-After", diagramRetryAfter)
		httpError(w, r, http.StatusServiceUnavailable, "the diagram took too long: try again shortly")
	default:
		h.log.Error("diagram failed", "requestId", requestID(r.Context()), "err", err)
		httpError(w, r, http.StatusInternalServerError, "the diagram could not be drawn")
	}
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
