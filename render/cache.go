package render

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"
)

// Entry is one cached rendering.
type Entry struct {
	Data []byte
	// ETag is a strong entity tag: the quoted hex SHA-256 of Data (first
	// 128 bits), so equal bytes always get the same tag.
	ETag string
}

// ETagOf returns the strong ETag of data.
func ETagOf(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// Cache keeps renderings in memory, least recently used first out, within
// a bound on the bytes held. Identical concurrent requests render once, and
// a render nobody waits for any more is cancelled. A render refused as too
// costly, or killed past its deadline, is remembered for a while and
// refused again without any work (see Refused).
// It is safe for concurrent use.
type Cache struct {
	max     int64
	mu      sync.Mutex
	size    int64
	order   *list.List // front: most recently used
	items   map[string]*list.Element
	flights flights
	refused refusals
	hits    atomic.Int64
	misses  atomic.Int64
}

type cacheItem struct {
	key   string
	entry Entry
}

// NewCache returns a cache holding at most maxBytes of rendered data; an
// entry larger than maxBytes is returned but not kept.
func NewCache(maxBytes int64) *Cache {
	return &Cache{max: maxBytes, order: list.New(), items: map[string]*list.Element{},
		flights: flights{m: map[string]*flight{}},
		refused: newRefusals(RefusalMemory, maxRefusals)}
}

// CacheStats counts lookups.
type CacheStats struct {
	Hits, Misses int64 // lookups answered from memory, and renders started
	Bytes        int64 // bytes held
	Entries      int
}

// Stats returns the cache's counters.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Bytes: c.size, Entries: len(c.items)}
}

// Get returns the entry for key, calling render to make it when it is not
// held. Concurrent Gets of one key share one call of render, which runs
// with the first caller's values but not its cancellation: its context is
// cancelled only when every caller waiting for it has gone (so a render
// still queued for a worker is dropped, with its DOT), and each caller
// returns when its own ctx ends. The key must identify everything that
// shapes the output: the dataset version and the normalised parameters,
// format included. Errors are not cached, except that an error Refused
// reports is remembered for RefusalMemory and returned again at once.
func (c *Cache) Get(ctx context.Context, key string, render func(context.Context) ([]byte, error)) (Entry, error) {
	if e, ok := c.lookup(key); ok {
		c.hits.Add(1)
		return e, nil
	}
	if err := c.refused.get(key); err != nil {
		return Entry{}, err
	}
	f := c.flights.join(ctx, key, func(fctx context.Context) (Entry, error) {
		if e, ok := c.lookup(key); ok { // filled while we queued
			return e, nil
		}
		c.misses.Add(1)
		data, err := render(fctx)
		if err != nil {
			if Refused(err) {
				c.refused.add(key, err)
			}
			return Entry{}, err
		}
		e := Entry{Data: data, ETag: ETagOf(data)}
		c.add(key, e)
		return e, nil
	})
	select {
	case <-f.done:
		return f.entry, f.err
	case <-ctx.Done():
		c.flights.leave(f)
		return Entry{}, ctx.Err()
	}
}

// RememberRefusals sets how long a refused render is remembered; 0 forgets
// at once. Call it before the cache is used.
func (c *Cache) RememberRefusals(d time.Duration) { c.refused = newRefusals(d, maxRefusals) }

// Peek returns the entry for key if it is held, without rendering.
func (c *Cache) Peek(key string) (Entry, bool) { return c.lookup(key) }

func (c *Cache) lookup(key string) (Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return Entry{}, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheItem).entry, true
}

func (c *Cache) add(key string, e Entry) {
	n := int64(len(e.Data) + len(key))
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		old := el.Value.(*cacheItem)
		c.size -= int64(len(old.entry.Data) + len(key))
		old.entry = e
		c.size += n
		c.order.MoveToFront(el)
	} else {
		c.items[key] = c.order.PushFront(&cacheItem{key: key, entry: e})
		c.size += n
	}
	for c.size > c.max {
		el := c.order.Back()
		it := el.Value.(*cacheItem)
		c.order.Remove(el)
		delete(c.items, it.key)
		c.size -= int64(len(it.entry.Data) + len(it.key))
	}
}
