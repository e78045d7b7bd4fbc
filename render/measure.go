package render

import (
	"fmt"
	"math"

	"caremap/graph"
)

// Size is what a layout's cost depends on, read from DOT: the nodes, the
// edges, the edges that carry a label (dot lays each out as an extra node on
// an extra rank), the clusters and the bytes of label text. ClusterLoad is
// the sum over clusters of (nodes in the cluster)^1.5: dot orders each
// cluster's nodes within their ranks, and one cluster of 150 nodes costs far
// more than ten of 15.
type Size struct {
	Nodes       int
	Edges       int
	EdgeLabels  int
	Clusters    int
	ClusterLoad int
	LabelBytes  int
}

// Measure reads the size of a DOT graph without laying it out: a lexer and
// a statement walk, linear in the bytes, safe to run in the server process
// (Graphviz itself is not). It counts what Graphviz would: every distinct
// node named in a node or edge statement, every edge of an edge chain
// (a -> b -> c is two), subgraphs whose name starts with "cluster", and
// labels. Malformed DOT is an *graph.InvalidError; Graphviz would refuse it
// too.
func Measure(dot []byte) (Size, error) {
	m := measurer{lx: lexer{src: dot}, nodes: map[string]bool{}}
	if err := m.graph(); err != nil {
		return Size{}, graph.Invalid("dot", "", "DOT that Graphviz can parse: "+err.Error())
	}
	m.size.Nodes = len(m.nodes)
	return m.size, nil
}

// token kinds.
const (
	tEOF = iota
	tID  // a name, number, quoted or HTML string
	tPunct
)

type token struct {
	kind  int
	text  string // punctuation, or an ID's text (unquoted, unescaped enough to compare)
	label int    // bytes of an ID's text, for labels
}

type lexer struct {
	src []byte
	pos int
}

// next returns the next token, skipping space and comments.
func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.pos++
		case c == '#' && (l.pos == 0 || l.src[l.pos-1] == '\n'):
			l.skipLine()
		case c == '/' && l.peek(1) == '/':
			l.skipLine()
		case c == '/' && l.peek(1) == '*':
			end := indexFrom(l.src, l.pos+2, "*/")
			if end < 0 {
				return token{}, fmt.Errorf("unterminated comment")
			}
			l.pos = end + 2
		default:
			return l.token()
		}
	}
	return token{kind: tEOF}, nil
}

func (l *lexer) peek(i int) byte {
	if l.pos+i < len(l.src) {
		return l.src[l.pos+i]
	}
	return 0
}

func (l *lexer) skipLine() {
	for l.pos < len(l.src) && l.src[l.pos] != '\n' {
		l.pos++
	}
}

func (l *lexer) token() (token, error) {
	start := l.pos
	c := l.src[l.pos]
	switch {
	case c == '"':
		l.pos++
		for l.pos < len(l.src) {
			switch l.src[l.pos] {
			case '\\':
				l.pos += 2
				continue
			case '"':
				l.pos++
				s := l.src[start+1 : l.pos-1]
				return token{kind: tID, text: string(s), label: len(s)}, nil
			}
			l.pos++
		}
		return token{}, fmt.Errorf("unterminated string")
	case c == '<':
		depth := 0
		for l.pos < len(l.src) {
			switch l.src[l.pos] {
			case '<':
				depth++
			case '>':
				depth--
				if depth == 0 {
					l.pos++
					return token{kind: tID, text: string(l.src[start:l.pos]), label: l.pos - start}, nil
				}
			}
			l.pos++
		}
		return token{}, fmt.Errorf("unterminated HTML string")
	case c == '-' && (l.peek(1) == '>' || l.peek(1) == '-'):
		l.pos += 2
		return token{kind: tPunct, text: "->"}, nil
	case isIDByte(c) || c == '-' && (l.peek(1) == '.' || '0' <= l.peek(1) && l.peek(1) <= '9'):
		l.pos++
		for l.pos < len(l.src) && isIDByte(l.src[l.pos]) {
			l.pos++
		}
		return token{kind: tID, text: string(l.src[start:l.pos]), label: l.pos - start}, nil
	}
	switch c {
	case '{', '}', '[', ']', '=', ';', ',', ':':
		l.pos++
		return token{kind: tPunct, text: string(c)}, nil
	}
	return token{}, fmt.Errorf("unexpected %q at byte %d", c, l.pos)
}

// isIDByte: letters, digits, underscore, '.', '-' (in numerals) and any
// byte of a multi-byte UTF-8 character.
func isIDByte(c byte) bool {
	return c == '_' || c == '.' || c >= 0x80 || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func indexFrom(b []byte, from int, sub string) int {
	for i := from; i+len(sub) <= len(b); i++ {
		if string(b[i:i+len(sub)]) == sub {
			return i
		}
	}
	return -1
}

// measurer walks DOT's statements, counting as it goes.
type measurer struct {
	lx     lexer
	tok    token
	peeked bool
	nodes  map[string]bool
	size   Size
	depth  int
	open   []int // nodes first named in each cluster being read, innermost last
}

// node records a node name; one named for the first time inside clusters
// belongs to the innermost.
func (m *measurer) node(name string) {
	if m.nodes[name] {
		return
	}
	m.nodes[name] = true
	if len(m.open) > 0 {
		m.open[len(m.open)-1]++
	}
}

func (m *measurer) next() (token, error) {
	if m.peeked {
		m.peeked = false
		return m.tok, nil
	}
	t, err := m.lx.next()
	m.tok = t
	return t, err
}

func (m *measurer) back() { m.peeked = true }

func (m *measurer) expect(p string) error {
	t, err := m.next()
	if err != nil {
		return err
	}
	if t.kind != tPunct || t.text != p {
		return fmt.Errorf("want %q, got %q", p, t.text)
	}
	return nil
}

// graph: [strict] (graph|digraph) [ID] '{' stmts '}'
func (m *measurer) graph() error {
	t, err := m.next()
	if err != nil {
		return err
	}
	if t.kind == tID && lower(t.text) == "strict" {
		if t, err = m.next(); err != nil {
			return err
		}
	}
	if t.kind != tID || (lower(t.text) != "graph" && lower(t.text) != "digraph") {
		return fmt.Errorf("want graph or digraph")
	}
	if t, err = m.next(); err != nil {
		return err
	}
	if t.kind == tID {
		if t, err = m.next(); err != nil {
			return err
		}
	}
	if t.kind != tPunct || t.text != "{" {
		return fmt.Errorf("want {")
	}
	if err := m.stmts(); err != nil {
		return err
	}
	if t, err = m.next(); err != nil {
		return err
	}
	if t.kind != tEOF {
		return fmt.Errorf("text after the graph")
	}
	return nil
}

// stmts reads statements up to and including the closing '}'.
func (m *measurer) stmts() error {
	m.depth++
	if m.depth > 100 {
		return fmt.Errorf("subgraphs nested over 100 deep")
	}
	defer func() { m.depth-- }()
	for {
		t, err := m.next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == tEOF:
			return fmt.Errorf("unclosed {")
		case t.kind == tPunct && t.text == "}":
			return nil
		case t.kind == tPunct && t.text == ";":
		case t.kind == tPunct && t.text == "{":
			if err := m.edgeRHS(nil); err != nil { // an anonymous subgraph, maybe an edge's tail
				return err
			}
		case t.kind == tID:
			if err := m.stmt(t); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unexpected %q", t.text)
		}
	}
}

// stmt reads a statement that starts with the ID t.
func (m *measurer) stmt(t token) error {
	switch lower(t.text) {
	case "graph", "node", "edge":
		return m.attrs(false)
	case "subgraph":
		return m.subgraph()
	}
	n, err := m.next()
	if err != nil {
		return err
	}
	if n.kind == tPunct && n.text == "=" { // graph attribute a = b
		_, err := m.next()
		return err
	}
	m.back()
	if err := m.port(); err != nil {
		return err
	}
	m.node(t.text)
	return m.edgeRHS(&t)
}

// port skips an optional :port[:compass].
func (m *measurer) port() error {
	for range 2 {
		t, err := m.next()
		if err != nil {
			return err
		}
		if t.kind != tPunct || t.text != ":" {
			m.back()
			return nil
		}
		if _, err := m.next(); err != nil {
			return err
		}
	}
	return nil
}

// subgraph reads [ID] '{' stmts '}' after "subgraph", then any edge it
// starts.
func (m *measurer) subgraph() error {
	t, err := m.next()
	if err != nil {
		return err
	}
	cluster := false
	if t.kind == tID {
		cluster = len(t.text) >= 7 && lower(t.text[:7]) == "cluster"
		if t, err = m.next(); err != nil {
			return err
		}
	}
	if t.kind != tPunct || t.text != "{" {
		m.back() // "subgraph X" alone refers to a subgraph
		return nil
	}
	if !cluster {
		return m.edgeRHS(nil)
	}
	m.size.Clusters++
	m.open = append(m.open, 0)
	err = m.stmts()
	n := m.open[len(m.open)-1]
	m.open = m.open[:len(m.open)-1]
	if len(m.open) > 0 {
		m.open[len(m.open)-1] += n // an outer cluster holds the inner's nodes too
	}
	m.size.ClusterLoad += int(math.Round(math.Pow(float64(n), 1.5)))
	if err != nil {
		return err
	}
	return m.edgeRHS(nil, true)
}

// edgeRHS reads what follows a node (node != nil) or the '{' of a
// subgraph (node == nil; read already when read is true): edge operators
// and their heads, then attributes.
func (m *measurer) edgeRHS(node *token, read ...bool) error {
	if node == nil && len(read) == 0 {
		if err := m.stmts(); err != nil {
			return err
		}
	}
	edges := 0
	for {
		t, err := m.next()
		if err != nil {
			return err
		}
		if t.kind != tPunct || t.text != "->" {
			m.back()
			break
		}
		edges++
		h, err := m.next()
		if err != nil {
			return err
		}
		switch {
		case h.kind == tID && lower(h.text) == "subgraph":
			if err := m.subgraph(); err != nil {
				return err
			}
		case h.kind == tPunct && h.text == "{":
			if err := m.stmts(); err != nil {
				return err
			}
		case h.kind == tID:
			m.node(h.text)
			if err := m.port(); err != nil {
				return err
			}
		default:
			return fmt.Errorf("an edge with no head")
		}
	}
	m.size.Edges += edges
	return m.attrs(edges > 0)
}

// attrs reads any number of [a=b, ...] lists, counting labels.
func (m *measurer) attrs(edge bool) error {
	for {
		t, err := m.next()
		if err != nil {
			return err
		}
		if t.kind != tPunct || t.text != "[" {
			m.back()
			return nil
		}
		for {
			k, err := m.next()
			if err != nil {
				return err
			}
			if k.kind == tPunct && k.text == "]" {
				break
			}
			if k.kind == tPunct && (k.text == "," || k.text == ";") {
				continue
			}
			if k.kind != tID {
				return fmt.Errorf("unexpected %q in an attribute list", k.text)
			}
			if err := m.expect("="); err != nil {
				return err
			}
			v, err := m.next()
			if err != nil {
				return err
			}
			if v.kind != tID {
				return fmt.Errorf("attribute %s has no value", k.text)
			}
			if name := lower(k.text); (name == "label" || name == "xlabel" || name == "headlabel" || name == "taillabel") && v.label > 0 {
				m.size.LabelBytes += v.label
				if edge {
					m.size.EdgeLabels++
				}
			}
		}
	}
}

// lower lower-cases ASCII letters (DOT's keywords are case-insensitive).
func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
