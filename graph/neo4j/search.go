package neo4j

import (
	"context"
	"fmt"
	"strings"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"caremap/graph"
)

// maxCandidates bounds how many nodes the full-text index may hand to Search
// for scoring; far more than the dataset holds.
const maxCandidates = 20000

// Search asks the full-text index for every node that could match text
// (see putSearch), scores the candidates with graph.SearchDoc exactly as the
// memory store does, and returns the best limit of them in
// graph.SortSearchHits order. limit outside 1..graph.MaxSearch, or text with
// no letter or digit, is ErrInvalid.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]graph.SearchHit, error) {
	if err := checkLimit(limit); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	q, err := graph.ParseSearch(text)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	recs, err := s.read(ctx, "search", qSearch, map[string]any{
		"index": searchIndex, "query": luceneQuery(graph.NormaliseText(text)), "limit": int64(maxCandidates),
	})
	if err != nil {
		return nil, err
	}
	var hits []graph.SearchHit
	for _, rec := range recs {
		n, err := value[n4j.Node]("search", rec, "n")
		if err != nil {
			return nil, err
		}
		gn, err := toNode(n)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hash, _ := n.Props["hash"].(string)
		if score, ok := s.searchDoc(hash, gn).Score(q); ok {
			hits = append(hits, graph.SearchHit{Node: gn, Score: score})
		}
	}
	graph.SortSearchHits(hits)
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// maxSearchDocs bounds the cache of prepared search documents; it is
// emptied when full (a few datasets' worth).
const maxSearchDocs = 20000

// searchDoc returns n's graph.SearchDoc, prepared once per version of the
// node: hash, written by Seed, changes whenever any property does.
func (s *Store) searchDoc(hash string, n graph.Node) graph.SearchDoc {
	if hash == "" {
		return graph.NewSearchDoc(n)
	}
	key := n.ID() + "\x00" + hash
	s.docsMu.Lock()
	d, ok := s.docs[key]
	s.docsMu.Unlock()
	if ok {
		return d
	}
	d = graph.NewSearchDoc(n)
	s.docsMu.Lock()
	if s.docs == nil || len(s.docs) >= maxSearchDocs {
		s.docs = make(map[string]graph.SearchDoc)
	}
	s.docs[key] = d
	s.docsMu.Unlock()
	return d
}

// luceneQuery builds the index query for normalised text: the compact text
// as a prefix of a compact name, or, for every word, the word or the word
// joined to a neighbour as a prefix of a word. User text is escaped, so it
// is never read as Lucene syntax.
func luceneQuery(norm string) string {
	words := strings.Fields(norm)
	var b strings.Builder
	b.WriteString("searchCompact:")
	b.WriteString(escapeLucene(strings.Join(words, "")))
	b.WriteString("* (")
	for i, w := range words {
		b.WriteString(" +(searchWords:")
		b.WriteString(escapeLucene(w))
		b.WriteString("*")
		if i > 0 {
			b.WriteString(" searchWords:")
			b.WriteString(escapeLucene(words[i-1] + w))
			b.WriteString("*")
		}
		if i+1 < len(words) {
			b.WriteString(" searchWords:")
			b.WriteString(escapeLucene(w + words[i+1]))
			b.WriteString("*")
		}
		b.WriteString(")")
	}
	b.WriteString(" )")
	return b.String()
}

// escapeLucene escapes the characters Lucene's query parser treats as
// syntax, and whitespace.
func escapeLucene(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/ `, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
