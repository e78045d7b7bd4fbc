package gql

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func parse(t *testing.T, q string) *ast.QueryDocument {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestQueryCacheKeyedByTokens: a comment or spacing that changes on every
// request still hits, with the document's own positions; other documents
// miss.
func TestQueryCacheKeyedByTokens(t *testing.T) {
	c := newQueryCache(1<<20, 4000)
	ctx := context.Background()
	q := "{ stats { classes } }"
	c.Add(ctx, q, parse(t, q))
	if doc, ok := c.Get(ctx, q); !ok || doc == nil {
		t.Fatal("the same text missed")
	}
	variant := "# asked at 12:00\n{ stats {\n  classes } } # trailing comment 42"
	doc, ok := c.Get(ctx, variant)
	if !ok {
		t.Fatal("a variant in comments and spacing missed")
	}
	f := doc.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet[0].(*ast.Field)
	if f.Name != "classes" || f.Position.Line != 3 || f.Position.Src.Input != variant {
		t.Errorf("the variant's field is at line %d of %q, want line 3 of its own text", f.Position.Line, f.Position.Src.Input)
	}
	for _, other := range []string{"{ stats { organisations } }", `{ search(text: "a b") { score } }`, "{ stats { classes } } }"} {
		if _, ok := c.Get(ctx, other); ok {
			t.Errorf("%q hit the cache of %q", other, q)
		}
	}
}

// TestQueryCacheBoundedByBytes: many large documents stay within the bound.
func TestQueryCacheBoundedByBytes(t *testing.T) {
	const max = 4 << 20
	c := newQueryCache(max, 4000)
	ctx := context.Background()
	for i := range 200 {
		q := fmt.Sprintf("{ a%d: stats { classes } %s }", i, strings.Repeat("stats { classes } ", 700))
		c.Add(ctx, q, parse(t, q))
	}
	size, n := c.bytes()
	if size > max || n == 0 || n >= 200 {
		t.Errorf("holds %d documents in %d estimated bytes; want some, within %d", n, size, max)
	}
}

func TestDuplicatesAndBlank(t *testing.T) {
	q := "{ a { b b c(x: 1) c(x: 1) c(x: 2) } a { b } d: a { b } }"
	doc := parse(t, q)
	ts := tokens(q, 4000)
	repeats, same, name := duplicates(doc, ts)
	if same != 2 || (name != "a" && name != "c") {
		t.Errorf("at most %d distinct fields per name (%q), want 2", same, name)
	}
	got := blank(q, repeats)
	want := "{ a { b   c(x: 1)         c(x: 2) } a { b } d: a { b } }"
	if got != want {
		t.Errorf("blanked\n%q, want\n%q", got, want)
	}
}
