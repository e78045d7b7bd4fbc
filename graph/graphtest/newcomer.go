package graphtest

import (
	"bufio"
	"context"
	_ "embed"
	"slices"
	"strings"
	"testing"

	"caremap/graph"
)

// newcomerFile is what newcomers type into search and what they should
// find first: see the file's header for its columns.
//
//go:embed testdata/newcomer-queries.tsv
var newcomerFile string

// newcomerQuery is one line of newcomer-queries.tsv.
type newcomerQuery struct {
	line   int
	text   string
	first  string
	also   []string
	answer string
}

// newcomerQueries returns the queries of testdata/newcomer-queries.tsv.
func newcomerQueries(tb testing.TB) []newcomerQuery {
	tb.Helper()
	var qs []newcomerQuery
	sc := bufio.NewScanner(strings.NewReader(newcomerFile))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 || f[0] == "" || !graph.ValidID(f[1]) {
			tb.Fatalf("newcomer-queries.tsv:%d: want query, first id, also and answer, tab-separated: %q", n, line)
		}
		q := newcomerQuery{line: n, text: f[0], first: f[1]}
		if f[2] != "-" {
			q.also = strings.Split(f[2], ",")
		}
		if f[3] != "-" {
			q.answer = f[3]
		}
		qs = append(qs, q)
	}
	return qs
}

// newcomerSearch checks s against every query of newcomer-queries.tsv.
func newcomerSearch(t *testing.T, ctx context.Context, s graph.Store) {
	qs := newcomerQueries(t)
	if len(qs) < 60 {
		t.Errorf("newcomer-queries.tsv has %d queries, want at least 60", len(qs))
	}
	for _, q := range qs {
		hits, err := s.Search(ctx, q.text, 10)
		if err != nil {
			t.Errorf("line %d: Search(%q): %v", q.line, q.text, err)
			continue
		}
		ids := hitIDs(hits)
		if len(ids) == 0 || ids[0] != q.first {
			t.Errorf("line %d: Search(%q) = %q, want %s first", q.line, q.text, ids, q.first)
			continue
		}
		for _, id := range q.also {
			if i := slices.Index(ids, id); i < 0 || i >= 5 {
				t.Errorf("line %d: Search(%q) = %q, want %s in the first five", q.line, q.text, ids, id)
			}
		}
		if q.answer == "" {
			continue
		}
		a := hits[0].Answer
		if a == nil {
			t.Errorf("line %d: Search(%q): no answer, want one naming %s", q.line, q.text, q.answer)
			continue
		}
		if !slices.Contains(nodeIDs(a.Nodes), q.answer) || len(a.Relationships) == 0 {
			t.Errorf("line %d: Search(%q): answer %q names %q (%d ties), want %s", q.line, q.text, a.Question, nodeIDs(a.Nodes), len(a.Relationships), q.answer)
		}
	}
}
