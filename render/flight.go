package render

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"

	"caremap/graph"
)

// flights shares one render among the callers that want the same key, and
// cancels it when the last of them has gone.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

// flight is one render and the callers waiting for it.
type flight struct {
	key     string
	done    chan struct{} // closed when entry and err are set
	entry   Entry
	err     error
	waiters int
	cancel  context.CancelFunc
}

// join adds a waiter to key's flight, starting one (running do in its own
// goroutine) when there is none, or when the one there was abandoned.
func (fs *flights) join(ctx context.Context, key string, do func(context.Context) (Entry, error)) *flight {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, ok := fs.m[key]
	if !ok || f.waiters == 0 { // none, or cancelled: every caller had gone
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{key: key, done: make(chan struct{}), cancel: cancel}
		fs.m[key] = f
		go func() {
			e, err := do(fctx)
			cancel()
			fs.mu.Lock()
			if fs.m[key] == f {
				delete(fs.m, key)
			}
			fs.mu.Unlock()
			f.entry, f.err = e, err
			close(f.done)
		}()
	}
	f.waiters++
	return f
}

// leave removes a waiter that stopped waiting; the last one out cancels the
// render.
func (fs *flights) leave(f *flight) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f.waiters--
	if f.waiters == 0 {
		f.cancel()
	}
}

// RefusalMemory is how long a Cache remembers a refused render.
const RefusalMemory = 2 * time.Minute

// maxRefusals bounds the refusals a Cache remembers; the oldest go first.
const maxRefusals = 4096

// Refused reports whether err is an answer worth remembering: the same
// request would fail the same way, after paying for it again. It is a
// render refused as too costly or too large (*CostError, or a
// *graph.TooLargeError from the caps) or killed past its deadline
// (ErrTimeout). A busy pool, a store that is down or a caller that went
// away are not remembered.
func Refused(err error) bool {
	return errors.Is(err, graph.ErrTooLarge) || errors.Is(err, ErrTimeout)
}

// refusals remembers refused keys for a while, within a bound on their
// number.
type refusals struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	order *list.List // front: newest
	items map[string]*list.Element
}

type refusal struct {
	key   string
	err   error
	until time.Time
}

func newRefusals(ttl time.Duration, max int) refusals {
	return refusals{ttl: ttl, max: max, order: list.New(), items: map[string]*list.Element{}}
}

// get returns the remembered error for key, or nil.
func (r *refusals) get(key string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	el, ok := r.items[key]
	if !ok {
		return nil
	}
	it := el.Value.(*refusal)
	if time.Now().After(it.until) {
		r.order.Remove(el)
		delete(r.items, key)
		return nil
	}
	return it.err
}

func (r *refusals) add(key string, err error) {
	if r.ttl <= 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if el, ok := r.items[key]; ok {
		r.order.Remove(el)
	}
	r.items[key] = r.order.PushFront(&refusal{key: key, err: err, until: time.Now().Add(r.ttl)})
	for len(r.items) > r.max {
		el := r.order.Back()
		r.order.Remove(el)
		delete(r.items, el.Value.(*refusal).key)
	}
}
