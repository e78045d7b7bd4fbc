package graph

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Stores wrap them with the operation's name; transports
// classify them once (HTTP status, GraphQL extensions.code).
var (
	// ErrNotFound: the id names no node of the expected kind.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: a parameter is outside what is allowed. Usually wrapped in
	// an *InvalidError that says which parameter and what is allowed.
	ErrInvalid = errors.New("invalid argument")
	// ErrUnavailable: the backend cannot answer right now (database down,
	// timed out); the request may succeed if retried later.
	ErrUnavailable = errors.New("store unavailable")
	// ErrTooLarge: the answer would exceed a size cap (nodes or edges).
	ErrTooLarge = errors.New("result too large")
)

// InvalidError reports one invalid parameter. Its message is safe to show
// to users: it names the parameter, the rejected value and what is allowed.
type InvalidError struct {
	Param   string // the parameter's public name, e.g. "depth"
	Value   string // the rejected value as given (may be empty)
	Allowed string // what is allowed, in words, e.g. "an integer from 0 to 4"
}

func (e *InvalidError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("invalid %s: allowed: %s", e.Param, e.Allowed)
	}
	return fmt.Sprintf("invalid %s %q: allowed: %s", e.Param, e.Value, e.Allowed)
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// Invalid returns an *InvalidError.
func Invalid(param, value, allowed string) error {
	return &InvalidError{Param: param, Value: value, Allowed: allowed}
}

// NotFoundError reports an id that names nothing. Its message is safe to show.
type NotFoundError struct {
	What string // "organisation", "service" or "node"
	ID   string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("no %s with id %q", e.What, e.ID) }

// Unwrap makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// NotFound returns a *NotFoundError.
func NotFound(what, id string) error { return &NotFoundError{What: what, ID: id} }

// TooLargeError reports a result over a size cap. Its message is safe to show.
type TooLargeError struct {
	What    string // "nodes" or "edges"
	Count   int    // how many the request would produce (at least, if AtLeast)
	Limit   int    // the cap
	AtLeast bool   // the count stopped once it was past the cap
}

func (e *TooLargeError) Error() string {
	atLeast := ""
	if e.AtLeast {
		atLeast = "at least "
	}
	return fmt.Sprintf("the result has %s%d %s, over the limit of %d: narrow it with depth, types or direction", atLeast, e.Count, e.What, e.Limit)
}

// Unwrap makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// ValidationError lists every problem found in a dataset. Its message lists
// them all, one per line.
type ValidationError struct {
	Problems []Problem
}

// Problem is one thing wrong with a dataset record.
type Problem struct {
	File    string // the dataset file, e.g. "relationships.yaml"
	Record  string // the record's id, or its line/row when it has none
	Message string // what is wrong and what is allowed
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s", p.File, p.Record, p.Message)
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dataset has %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Unwrap() error { return ErrInvalid }
