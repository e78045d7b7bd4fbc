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
// (graph.SearchQuery.Terms; see putSearch), scores the candidates with
// graph.SearchDoc exactly as the memory store does, and returns the best
// limit of them in graph.SortSearchHits order, the first with the answer to
// the question text asks (graph.AnswerSearch). limit outside
// 1..graph.MaxSearch, or text with no letter or digit, is ErrInvalid.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]graph.SearchHit, error) {
	if err := checkLimit(limit); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	q, err := graph.ParseSearch(text)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	recs, err := s.read(ctx, "search", qSearch, map[string]any{
		"index": searchIndex, "query": luceneQuery(q.Terms()), "limit": int64(maxCandidates),
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
	if err := graph.AnswerSearch(ctx, s, q, hits); err != nil {
		return nil, fmt.Errorf("search: %w", err)
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

// luceneQuery builds the index query for terms: for each reading, a
// compact text starting with its Compact, or, for every word group, an
// index word matching one of the group's terms (a prefix, or a fuzzy match
// of the whole word). User text is escaped, so it is never read as Lucene
// syntax.
func luceneQuery(terms []graph.SearchTerms) string {
	var b strings.Builder
	for _, t := range terms {
		b.WriteString("(searchCompact:")
		b.WriteString(escapeLucene(t.Compact))
		b.WriteString("* (")
		for _, g := range t.Words {
			b.WriteString(" +(")
			for k, term := range g {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString("searchWords:")
				b.WriteString(escapeLucene(term.Prefix))
				if term.Edits > 0 {
					fmt.Fprintf(&b, "~%d", term.Edits)
				} else {
					b.WriteString("*")
				}
			}
			b.WriteString(")")
		}
		b.WriteString(" )) ")
	}
	return strings.TrimSpace(b.String())
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
