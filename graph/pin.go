package graph

import (
	"context"
	"sync/atomic"
)

// Pin is the dataset one request is answered from. A store that can be
// re-seeded while a server runs (Neo4j) may hold another dataset by the time
// a request's last read is done; whoever answers the request pins the
// version it starts from, counts the reads made under the pin, and, if
// there were any, checks afterwards that the store still holds that version
// (an answer whose reads all fell between two observations of the same
// version cannot mix two versions: a seed commits in one transaction). The
// caches key their entries by the pinned version, so a new dataset rolls
// them over.
type Pin struct {
	Dataset DatasetInfo
	reads   atomic.Int64
}

type pinKey struct{}

// WithPin returns ctx carrying p.
func WithPin(ctx context.Context, p *Pin) context.Context {
	return context.WithValue(ctx, pinKey{}, p)
}

// PinOf returns the pin ctx carries, or nil.
func PinOf(ctx context.Context) *Pin {
	p, _ := ctx.Value(pinKey{}).(*Pin)
	return p
}

// Read records a read of the store under the pin; a nil pin ignores it.
func (p *Pin) Read() {
	if p != nil {
		p.reads.Add(1)
	}
}

// Reads returns how many reads were made under the pin.
func (p *Pin) Reads() int64 { return p.reads.Load() }

// ErrDatasetChanged is returned (wrapping ErrUnavailable, so it is retried)
// when the store came to hold another dataset while a request was being
// answered, too often for the request to be answered again.
var ErrDatasetChanged = &changedError{}

type changedError struct{}

func (*changedError) Error() string {
	return "the dataset was re-seeded while the question was being answered; ask again"
}
func (*changedError) Unwrap() error { return ErrUnavailable }
