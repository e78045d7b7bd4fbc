package export_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"caremap/export"
	"caremap/graph"
)

func TestWriteRelationships(t *testing.T) {
	amt, pat, share := int64(5), int64(7), 0.25
	rels := []graph.Relationship{{
		ID: "r1", Type: graph.Commissions, From: "a", To: "b", AmountGBP: &amt, Year: "2013/14",
		Services: []string{"s1", "s2"}, Mechanism: "a, \"quoted\" mechanism", Note: "two\nlines",
		Patients: &pat, Share: &share, Confidence: graph.ConfidenceLow,
		Sources: []graph.Source{{Title: "One", URL: "https://one.example"}, {Title: "Two", URL: "https://two.example"}},
	}}
	var b bytes.Buffer
	if err := export.WriteRelationships(&b, rels, map[string]string{"a": "Body A"}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"r1", "COMMISSIONS", "a", "Body A", "b", "b", "5", "2013/14", "s1 | s2", "a, \"quoted\" mechanism", "", "two\nlines",
		"", "", "7", "0.25", "low", "One | Two", "https://one.example | https://two.example"}
	if len(rows) != 2 || !slices.Equal(rows[0], export.RelationshipColumns) || !slices.Equal(rows[1], want) {
		t.Errorf("rows:\n%q\nwant\n%q", rows, want)
	}
	if got := export.SplitList(rows[1][8]); !slices.Equal(got, []string{"s1", "s2"}) || export.SplitList("") != nil {
		t.Errorf("SplitList: %q", got)
	}
}

func TestWriteGraphMLEscapes(t *testing.T) {
	o := graph.Organisation{ID: "a", Name: `A & <B> "C"`, Kind: graph.KindNetwork}
	var b bytes.Buffer
	if err := export.WriteGraphML(&b, graph.Subgraph{Nodes: []graph.Node{{Organisation: &o}}}); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); !strings.Contains(s, `<data key="label">A &amp; &lt;B&gt; &#34;C&#34;</data>`) || !strings.HasPrefix(s, "<?xml") {
		t.Errorf("GraphML:\n%s", s)
	}
}
