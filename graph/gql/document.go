package gql

import (
	"container/list"
	"context"
	"crypto/sha256"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// tokens lexes a document into its tokens, comments left out. It fails (nil)
// on a document that does not lex, or past maxTokens; the parser then
// reports the problem in its own words.
func tokens(query string, maxTokens int) []lexer.Token {
	lx := lexer.New(&ast.Source{Input: query})
	var out []lexer.Token
	for {
		t, err := lx.ReadToken()
		if err != nil {
			return nil
		}
		switch t.Kind {
		case lexer.EOF:
			return out
		case lexer.Comment:
			continue
		}
		if len(out) == maxTokens {
			return nil
		}
		out = append(out, t)
	}
}

// normalKey is a document's cache key: the hash of its tokens, so that two
// documents that differ only in spacing or comments (a trailing comment
// that changes on every request, say) share one entry. ok is false when the
// document does not lex.
func normalKey(query string, maxTokens int) (key string, ok bool) {
	ts := tokens(query, maxTokens)
	if ts == nil {
		return "", false
	}
	h := sha256.New()
	for _, t := range ts {
		h.Write([]byte{byte(t.Kind)})
		h.Write([]byte(t.Value))
		h.Write([]byte{0})
	}
	return string(h.Sum(nil)), true
}

// span returns the index, in ts, of the last token of the field whose first
// token is ts[i]: [alias :] name [(args)] [@directive[(args)]]... [{ set }].
func span(ts []lexer.Token, i int) int {
	j := i
	next := func(k lexer.Type) bool { return j+1 < len(ts) && ts[j+1].Kind == k }
	balanced := func(open, close lexer.Type) {
		depth := 0
		for j++; j < len(ts); j++ {
			switch ts[j].Kind {
			case open:
				depth++
			case close:
				depth--
			}
			if depth == 0 {
				return
			}
		}
		j = len(ts) - 1
	}
	if next(lexer.Colon) {
		j += 2 // alias : name
	}
	if next(lexer.ParenL) {
		balanced(lexer.ParenL, lexer.ParenR)
	}
	for next(lexer.At) {
		j += 2 // @ name
		if next(lexer.ParenL) {
			balanced(lexer.ParenL, lexer.ParenR)
		}
	}
	if next(lexer.BraceL) {
		balanced(lexer.BraceL, lexer.BraceR)
	}
	return min(j, len(ts)-1)
}

// duplicates finds, in every selection set of doc, the fields that repeat
// an earlier field of the same set token for token, and how many distinct
// fields share one response name in a set at most. Repeats merge into the
// first by GraphQL's own rules, so dropping them changes no answer; the
// validator's overlap check, which compares every pair of fields that
// share a response name, then runs on distinct fields only.
func duplicates(doc *ast.QueryDocument, ts []lexer.Token) (repeats [][2]int, maxSameName int, sameName string) {
	at := make(map[int]int, len(ts)) // a token's start (in runes) -> its index
	for i, t := range ts {
		at[t.Pos.Start] = i
	}
	var walk func(set ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		type seen struct {
			texts map[string]bool
		}
		byName := map[string]*seen{}
		for _, s := range set {
			switch s := s.(type) {
			case *ast.Field:
				walk(s.SelectionSet)
				key := s.Alias
				if key == "" {
					key = s.Name
				}
				first, ok := at[s.Position.Start]
				if !ok {
					continue
				}
				last := span(ts, first)
				var text strings.Builder
				for _, t := range ts[first : last+1] {
					text.WriteByte(byte(t.Kind))
					text.WriteString(t.Value)
					text.WriteByte(0)
				}
				sn := byName[key]
				if sn == nil {
					sn = &seen{texts: map[string]bool{}}
					byName[key] = sn
				}
				if sn.texts[text.String()] {
					repeats = append(repeats, [2]int{ts[first].Pos.Start, ts[last].Pos.End})
					continue
				}
				sn.texts[text.String()] = true
				if len(sn.texts) > maxSameName {
					maxSameName, sameName = len(sn.texts), key
				}
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	for _, op := range doc.Operations {
		walk(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		walk(f.SelectionSet)
	}
	return repeats, maxSameName, sameName
}

// blank replaces the runes in each [start, end) span of query with spaces,
// keeping line breaks, so every other token keeps its line and column.
func blank(query string, spans [][2]int) string {
	rs := []rune(query)
	for _, sp := range spans {
		for i := sp[0]; i < sp[1] && i < len(rs); i++ {
			if rs[i] != '\n' && rs[i] != '\r' {
				rs[i] = ' '
			}
		}
	}
	return string(rs)
}

// queryCache keeps parsed, validated documents, least recently used first
// out, within a bound on their estimated memory. It is keyed by normalKey,
// so a changing comment or spacing does not defeat it: a document that
// differs from the cached one only in those is parsed again (cheap, and its
// errors then point at its own lines) but not validated again (the
// expensive part: the tokens, hence the meaning, are the same).
type queryCache struct {
	maxTokens int
	max       int64
	mu        sync.Mutex
	size      int64
	order     *list.List // front: most recently used
	items     map[string]*list.Element
}

type cachedQuery struct {
	key, query string
	doc        *ast.QueryDocument
	cost       int64
}

// astBytesPerQueryByte estimates the memory a parsed document holds per
// byte of its text (a 13 KB document of aliased fields held about 800 KB).
const astBytesPerQueryByte = 64

func newQueryCache(maxBytes int64, maxTokens int) *queryCache {
	return &queryCache{maxTokens: maxTokens, max: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

func (c *queryCache) Get(_ context.Context, query string) (*ast.QueryDocument, bool) {
	key, ok := normalKey(query, c.maxTokens)
	if !ok {
		return nil, false
	}
	c.mu.Lock()
	el, ok := c.items[key]
	if ok {
		c.order.MoveToFront(el)
	}
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	q := el.Value.(*cachedQuery)
	if q.query == query {
		return q.doc, true
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, c.maxTokens)
	if err != nil {
		return nil, false
	}
	return doc, true
}

func (c *queryCache) Add(_ context.Context, query string, doc *ast.QueryDocument) {
	key, ok := normalKey(query, c.maxTokens)
	if !ok {
		return
	}
	cost := int64(len(query))*astBytesPerQueryByte + 1024
	if cost > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.size -= el.Value.(*cachedQuery).cost
		c.order.Remove(el)
	}
	c.items[key] = c.order.PushFront(&cachedQuery{key: key, query: query, doc: doc, cost: cost})
	c.size += cost
	for c.size > c.max {
		el := c.order.Back()
		q := el.Value.(*cachedQuery)
		c.order.Remove(el)
		delete(c.items, q.key)
		c.size -= q.cost
	}
}

// bytes returns the estimated memory held, for tests.
func (c *queryCache) bytes() (int64, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size, len(c.items)
}
