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

// Search asks the full-text index for every node that could match text
// (graph.SearchQuery.Terms; see putSearch) and what ranking needs of each,
// scores them with graph.SearchDoc exactly as the memory store does, then
// fetches the records of the best limit only: two queries, whose answers
// grow with the matches and the limit, not with the records' size. The first
// hit carries the answer to the question text asks (graph.AnswerSearch).
// limit outside 1..graph.MaxSearch, or text with no letter or digit, is
// ErrInvalid.
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
		"index": searchIndex, "query": luceneQuery(q.Terms()), "limit": int64(maxCandidates),
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
				OperatingName: r.str("operatingName"), Role: r.str("role"), InstanceOf: r.str("instanceOf"),
				Status: r.str("status")}
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
	if err := graph.AnswerSearch(ctx, s, q, out); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
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
