package neo4j

import (
	"context"
	"fmt"
	"strings"

	"caremap/graph"
)

// maxCandidates bounds how many nodes the full-text index may hand to Search
// for ranking.
const maxCandidates = 1_000_000

// Search asks the full-text index for every node that could match text (see
// putSearch) and what ranking needs of each, scores them with
// graph.SearchDoc exactly as the memory store does, then fetches the records
// of the best limit only: two queries, whose answers grow with the matches
// and the limit, not with the records' size. limit outside 1..graph.MaxSearch,
// or text with no letter or digit, is ErrInvalid.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]graph.SearchHit, error) {
	const op = "search"
	if err := graph.CheckSearchLimit(limit); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	q, err := graph.ParseSearch(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	recs, err := s.read(ctx, op, qSearch, map[string]any{
		"index": searchIndex, "query": luceneQuery(graph.NormaliseText(text)), "limit": int64(maxCandidates),
	})
	if err != nil {
		return nil, err
	}
	top := graph.NewTopHits(limit)
	for _, rec := range recs {
		r := &record{op: op, rec: rec}
		n := graph.Node{}
		if r.flag("service") {
			n.Service = &graph.Service{ID: r.str("id"), Name: r.str("name"), Description: r.str("description")}
		} else {
			n.Organisation = &graph.Organisation{ID: r.str("id"), Name: r.str("name"), ShortName: r.str("shortName"),
				Role: r.str("role"), InstanceOf: r.str("instanceOf")}
		}
		hash := r.str("hash")
		if r.err != nil {
			return nil, r.err
		}
		if score, ok := s.searchDoc(hash, n).Score(q); ok {
			top.Add(graph.SearchHit{Node: n, Score: score})
		}
	}
	hits := top.Hits()
	if len(hits) == 0 {
		return nil, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.Node.ID()
	}
	byID, err := s.nodesByID(ctx, op, ids)
	if err != nil {
		return nil, err
	}
	out := hits[:0]
	for _, h := range hits {
		if n, ok := byID[h.Node.ID()]; ok { // gone if a re-seed came between the two queries
			out = append(out, graph.SearchHit{Node: n, Score: h.Score})
		}
	}
	return out, nil
}

// maxSearchDocs bounds the cache of prepared search documents; it is
// emptied when full (a few datasets' worth).
const maxSearchDocs = 200_000

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
