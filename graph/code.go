package graph

import (
	"context"
	"errors"
	"net/http"
)

// ErrBusy: the work was refused because too much is being done at once (a
// full queue, every worker taken); the same request may succeed shortly.
var ErrBusy = errors.New("the server is busy")

// ErrTimeout: the work passed its deadline and was stopped.
var ErrTimeout = errors.New("the work took too long and was stopped")

// Code is the kind of an error: the one classification of errors that every
// transport maps, each with one small table (an HTTP status, a GraphQL
// extensions.code, an error page). ErrorCode is the only classifier.
type Code string

// The codes, from what the caller got wrong to what went wrong here.
const (
	CodeInvalid     Code = "invalid"     // a parameter is outside what is allowed
	CodeNotFound    Code = "not_found"   // an id names nothing
	CodeTooLarge    Code = "too_large"   // the answer or the work would pass a cap
	CodeUnavailable Code = "unavailable" // the store cannot answer right now
	CodeBusy        Code = "busy"        // refused: too much at once
	CodeTimeout     Code = "timeout"     // stopped at its deadline
	CodeCanceled    Code = "canceled"    // the client went away; nobody reads the answer
	CodeInternal    Code = "internal"    // a bug or an unexpected failure: logged, never shown
)

// ErrorCode classifies err. A nil error has no code (""). Order matters:
// the typed errors first, then the sentinels, then the context's errors
// (a deadline is a timeout; a cancellation means the client went away).
func ErrorCode(err error) Code {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrInvalid):
		return CodeInvalid
	case errors.Is(err, ErrNotFound):
		return CodeNotFound
	case errors.Is(err, ErrTooLarge):
		return CodeTooLarge
	case errors.Is(err, ErrBusy):
		return CodeBusy
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	case errors.Is(err, ErrUnavailable):
		return CodeUnavailable
	case errors.Is(err, context.Canceled):
		return CodeCanceled
	}
	return CodeInternal
}

// HTTPStatus is the HTTP status of an error of code c: 400, 404, 422, 503
// (unavailable, busy and timeout alike: try again later), 499 for a client
// that went away (nginx's code; it is only ever logged) and 500.
func (c Code) HTTPStatus() int {
	switch c {
	case CodeInvalid:
		return http.StatusBadRequest
	case CodeNotFound:
		return http.StatusNotFound
	case CodeTooLarge:
		return http.StatusUnprocessableEntity
	case CodeUnavailable, CodeBusy, CodeTimeout:
		return http.StatusServiceUnavailable
	case CodeCanceled:
		return StatusClientClosed
	}
	return http.StatusInternalServerError
}

// StatusClientClosed is the status logged for a request whose client hung
// up before the answer was written (nginx's 499); no client ever sees it.
const StatusClientClosed = 499

// RetryAfter is the one Retry-After policy: how many seconds a client
// should wait before trying again after an error of code c, or 0 when
// trying again will not help.
func (c Code) RetryAfter() int {
	switch c {
	case CodeBusy:
		return 2 // a worker or a slot frees up within a render or two
	case CodeUnavailable, CodeTimeout:
		return 5 // a store reconnects, a backlog drains
	}
	return 0
}

// Public is implemented by errors whose message is written for users and is
// safe to show them: it names what was wrong and what is allowed, and
// nothing internal.
type Public interface {
	error
	Public() string
}

// Public makes an *InvalidError's message safe to show.
func (e *InvalidError) Public() string { return e.Error() }

// Public makes a *NotFoundError's message safe to show.
func (e *NotFoundError) Public() string { return e.Error() }

// Public makes a *TooLargeError's message safe to show.
func (e *TooLargeError) Public() string { return e.Error() }

// Message is what a user may be told about err: the message of the Public
// error it wraps, or a generic sentence for its code, which never holds
// internals.
func Message(err error) string {
	var p Public
	if errors.As(err, &p) {
		return p.Public()
	}
	return genericMessages[ErrorCode(err)]
}

var genericMessages = map[Code]string{
	CodeInvalid:     "a parameter is not valid",
	CodeNotFound:    "not found",
	CodeTooLarge:    "the answer would be too large",
	CodeUnavailable: "the data store is unavailable: try again shortly",
	CodeBusy:        "the server is busy: try again shortly",
	CodeTimeout:     "the request took too long and was stopped: try again shortly, or ask for less",
	CodeCanceled:    "the request was cancelled",
	CodeInternal:    "internal error",
}
