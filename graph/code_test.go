package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorCode(t *testing.T) {
	for _, tc := range []struct {
		err        error
		code       Code
		status     int
		retryAfter int
	}{
		{nil, "", 500, 0},
		{Invalid("depth", "9", "0 to 4"), CodeInvalid, 400, 0},
		{fmt.Errorf("list: %w", NotFound("organisation", "x")), CodeNotFound, 404, 0},
		{&TooLargeError{What: "nodes", Count: 2, Limit: 1}, CodeTooLarge, 422, 0},
		{fmt.Errorf("render: %w", ErrBusy), CodeBusy, 503, 2},
		{fmt.Errorf("render: %w", ErrTimeout), CodeTimeout, 503, 5},
		{fmt.Errorf("neo4j: %w", context.DeadlineExceeded), CodeTimeout, 503, 5},
		{fmt.Errorf("neo4j: %w", ErrUnavailable), CodeUnavailable, 503, 5},
		{fmt.Errorf("read: %w", context.Canceled), CodeCanceled, 499, 0},
		{errors.New("boom at store.go:12"), CodeInternal, 500, 0},
	} {
		got := ErrorCode(tc.err)
		if got != tc.code {
			t.Errorf("ErrorCode(%v) = %q, want %q", tc.err, got, tc.code)
		}
		if tc.err == nil {
			continue
		}
		if s := got.HTTPStatus(); s != tc.status {
			t.Errorf("%q.HTTPStatus() = %d, want %d", got, s, tc.status)
		}
		if r := got.RetryAfter(); r != tc.retryAfter {
			t.Errorf("%q.RetryAfter() = %d, want %d", got, r, tc.retryAfter)
		}
	}
}

func TestMessageNeverShowsInternals(t *testing.T) {
	if m := Message(fmt.Errorf("bolt://db:7687 at store.go:12: %w", ErrUnavailable)); strings.Contains(m, "bolt") || m == "" {
		t.Errorf("unavailable message %q: want a generic sentence", m)
	}
	if m := Message(errors.New("panic at store.go:12")); m != "internal error" {
		t.Errorf("internal message %q, want \"internal error\"", m)
	}
	inv := Invalid("depth", "9", "an integer from 0 to 4")
	if m := Message(fmt.Errorf("wrapped: %w", inv)); m != inv.Error() {
		t.Errorf("invalid message %q, want the error's own %q", m, inv.Error())
	}
	if m := Message(ErrBusy); strings.Contains(m, "store") {
		t.Errorf("busy message %q speaks of the store", m)
	}
	for c, m := range genericMessages {
		if m == "" {
			t.Errorf("code %q has no message", c)
		}
	}
}
