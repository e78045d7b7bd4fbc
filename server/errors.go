package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"caremap/graph"
)

// Errors over HTTP: the domain classifies (graph.ErrorCode), the code gives
// the status and Retry-After, graph.Message what the client may read. Log
// lines use one set of keys: request_id, code, error.

// writeError answers err as JSON: the status and message of its code, with
// Retry-After when trying again may help. Internal errors and failures of
// the store are logged with the request id; a client that went away gets
// nothing (its request is logged as 499 by withLogging).
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, what string, err error) {
	code := graph.ErrorCode(err)
	switch code {
	case graph.CodeCanceled:
		return
	case graph.CodeInternal:
		log.LogAttrs(r.Context(), slog.LevelError, what+" failed", logAttrs(r, code, err)...)
	case graph.CodeUnavailable, graph.CodeTimeout, graph.CodeBusy:
		log.LogAttrs(r.Context(), slog.LevelWarn, what+" failed", logAttrs(r, code, err)...)
	}
	if s := code.RetryAfter(); s > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(s))
	}
	httpError(w, r, code.HTTPStatus(), graph.Message(err))
}

// logAttrs are the attributes of a log line about err.
func logAttrs(r *http.Request, code graph.Code, err error) []slog.Attr {
	return []slog.Attr{
		slog.String("request_id", requestID(r.Context())),
		slog.String("code", string(code)),
		slog.String("error", err.Error()),
	}
}

// httpError writes a JSON error body: {"error": {"message", "status", "requestId"}}.
// The message must be safe to show: the caller's own words or graph.Message.
func httpError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"message": msg, "status": status, "requestId": requestID(r.Context()),
	}})
}
