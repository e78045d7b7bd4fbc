package httpcache

import (
	"container/list"
	"crypto/sha256"
	"net/http"
	"sync"
)

// Entry is one cached answer.
type Entry struct {
	Header http.Header // the handler's headers, as it set them
	Body   []byte
	ETag   string // strong, quoted
}

// size is what an entry costs the cache: its body, headers and bookkeeping.
func (e *Entry) size() int64 {
	n := int64(len(e.Body) + len(e.ETag) + entryOverhead)
	for k, vs := range e.Header {
		n += int64(len(k))
		for _, v := range vs {
			n += int64(len(v))
		}
	}
	return n
}

// entryOverhead approximates the bytes an entry costs beyond its data: the
// key, the list element, the map slot and the header map.
const entryOverhead = 256

// Key is the digest of what identifies an answer.
type Key [sha256.Size]byte

// KeyOf digests the words that identify an answer.
func KeyOf(words ...string) Key {
	h := sha256.New()
	for _, w := range words {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// Cache holds answers, least recently used first out, within a budget in
// bytes. A nil *Cache holds nothing (the cache is off). It is safe for
// concurrent use.
type Cache struct {
	mu       sync.Mutex
	max      int64
	bytes    int64
	ll       *list.List // of *item, most recent at the front
	items    map[Key]*list.Element
	hits     int64
	misses   int64
	evicted  int64
	inflight map[Key]*call
}

type item struct {
	key   Key
	entry *Entry
}

// call is a miss being answered; identical requests wait on done.
type call struct {
	done  chan struct{}
	entry *Entry // nil when the answer could not be shared
}

// New returns a cache that holds at most maxBytes of answers, or nil (off)
// when maxBytes <= 0.
func New(maxBytes int64) *Cache {
	if maxBytes <= 0 {
		return nil
	}
	return &Cache{max: maxBytes, ll: list.New(), items: map[Key]*list.Element{}, inflight: map[Key]*call{}}
}

// Get returns the entry for k, if held.
func (c *Cache) Get(k Key) (*Entry, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.get(k)
}

func (c *Cache) get(k Key) (*Entry, bool) {
	if el, ok := c.items[k]; ok {
		c.ll.MoveToFront(el)
		c.hits++
		return el.Value.(*item).entry, true
	}
	c.misses++
	return nil, false
}

// Add holds e under k, evicting the least recently used entries to stay
// within the budget. An entry larger than the whole budget is not held.
func (c *Cache) Add(k Key, e *Entry) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(k, e)
}

func (c *Cache) add(k Key, e *Entry) {
	size := e.size()
	if size > c.max {
		return
	}
	if el, ok := c.items[k]; ok {
		c.bytes -= el.Value.(*item).entry.size()
		el.Value.(*item).entry = e
		c.ll.MoveToFront(el)
	} else {
		c.items[k] = c.ll.PushFront(&item{key: k, entry: e})
	}
	c.bytes += size
	for c.bytes > c.max {
		el := c.ll.Back()
		it := el.Value.(*item)
		c.ll.Remove(el)
		delete(c.items, it.key)
		c.bytes -= it.entry.size()
		c.evicted++
	}
}

// lookup returns the entry for k; or, on a miss, whether this caller leads
// (must answer and then call finish) or must wait on the returned call.
func (c *Cache) lookup(k Key) (e *Entry, wait *call, lead bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.get(k); ok {
		return e, nil, false
	}
	if cl, ok := c.inflight[k]; ok {
		return nil, cl, false
	}
	c.inflight[k] = &call{done: make(chan struct{})}
	return nil, nil, true
}

// finish ends the lead's call for k, holding e (nil: not shareable) and
// waking the callers that wait for it.
func (c *Cache) finish(k Key, e *Entry) {
	c.mu.Lock()
	cl := c.inflight[k]
	delete(c.inflight, k)
	if e != nil {
		c.add(k, e)
	}
	c.mu.Unlock()
	cl.entry = e
	close(cl.done)
}

// Stats are a cache's figures since it was made.
type Stats struct {
	Hits, Misses, Evicted int64
	Bytes, Max            int64
	Entries               int
}

// Stats returns the cache's figures; a nil cache's are zero.
func (c *Cache) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits, Misses: c.misses, Evicted: c.evicted, Bytes: c.bytes, Max: c.max, Entries: len(c.items)}
}
