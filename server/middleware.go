package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"caremap/graph"
)

type requestIDKey struct{}

// requestID returns the id withRequestID gave the request, or "".
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// withRequestID gives every request an id, returned in X-Request-Id and
// attached to its logs and errors.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// statusWriter remembers the status and size of a response, and whether
// writing it failed (the client had gone, or the write timeout passed).
type statusWriter struct {
	http.ResponseWriter
	status   int
	bytes    int
	writeErr error
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	if err != nil && w.writeErr == nil {
		w.writeErr = err
	}
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// outcome is the status to log and count for a finished request: 499 when
// the client hung up before its answer was written (whatever the handler
// then wrote), or when the answer could not be delivered; else the status
// sent. lost says why an answer was lost.
func (w *statusWriter) outcome(r *http.Request) (status int, lost string) {
	switch {
	case errors.Is(r.Context().Err(), context.Canceled):
		return graph.StatusClientClosed, "the client closed the connection"
	case w.writeErr != nil:
		return graph.StatusClientClosed, "writing the answer failed: " + w.writeErr.Error()
	case w.status == 0:
		return http.StatusOK, ""
	}
	return w.status, ""
}

// withLogging writes one structured log line per request.
func withLogging(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status, lost := sw.outcome(r)
		attrs := []slog.Attr{
			slog.String("request_id", requestID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)),
		}
		if lost != "" {
			attrs = append(attrs, slog.String("error", lost))
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	})
}

// withRecover turns a panic into a logged 500 with a generic message.
func withRecover(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "panic", "request_id", requestID(r.Context()),
					"error", fmt.Sprint(v), "stack", string(debug.Stack()))
				httpError(w, r, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// withTimeout bounds every request's context; stores pass it on to their
// backends, so a request that runs too long stops its queries too.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
