package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/goccy/go-graphviz/cgraph"

	"caremap/graph"
)

// hostile names: every way a name could break out of a DOT string, an XML
// text node or an attribute.
var hostile = []string{
	`Quote " in the middle`,
	`Trailing backslash \`,
	`Backslash-quote \" breakout`,
	`Escapes \N \G \L \n \l \r`,
	`<script>alert(1)</script>`,
	`</text><script>alert(1)</script>`,
	`"]; x [URL="javascript:alert(1)"`,
	`} digraph evil { a -> b`,
	"Line\nbreak\r\nand\ttab",
	"Control \x00\x01\x1b[31m\x7f chars",
	"Bidi \u202egnp.exe and zero\u200bwidth",
	`Ampersand &amp; entity &lt;b&gt; &#x3C;`,
	`Юникод 中文 العربية Ελληνικά ✓`,
	"Invalid UTF-8 \xff\xfe here",
	`<![CDATA[ ]]> <!-- comment -->`,
	`onload="alert(1)" xlink:href="javascript:alert(1)"`,
}

func TestDotQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`a "b"`, `"a \"b\""`},
		{`back\slash`, `"back\\slash"`},
		{`trailing\`, `"trailing\\"`},
		{"two\nlines", `"two\nlines"`},
		{`<&>`, `"&lt;&amp;&gt;"`},
		{"bell\a", `"bell"`},
	} {
		if got := dotQuote(tc.in); got != tc.want {
			t.Errorf("dotQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\nb\r\nc\td", "a b c d"},
		{"  lead  and  trail  ", "lead and trail"},
		{"ctl\x00\x1b\x7fx", "ctlx"},
		{"bidi\u202eover", "bidiover"},
		{"bad\xffutf8", "badutf8"},
		{"中文 ✓", "中文 ✓"},
	} {
		if got := cleanText(tc.in); got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// hostileGraph puts each hostile string in a name, a role and, for half of
// them, an id.
func hostileGraph() graph.Subgraph {
	sg := graph.Subgraph{}
	prev := ""
	for i, h := range hostile {
		id := "org-" + string(rune('a'+i))
		if i%2 == 1 {
			id = h // an invalid id: must be drawn without link or SVG id
		}
		o := graph.Organisation{ID: id, Name: h, ShortName: h, Role: h, Group: h, Kind: graph.KindNHSBody, Tier: graph.TierLocal}
		sg.Nodes = append(sg.Nodes, graph.Node{Organisation: &o})
		if prev != "" {
			sg.Edges = append(sg.Edges, graph.Relationship{ID: h, Type: graph.Funds, From: prev, To: id, AmountGBP: amount(int64(i) * 1e6)})
		}
		prev = id
	}
	return sg
}

// hostileCaption puts hostile strings in every field of the caption,
// which reaches an HTML-like label and caremap_* graph attributes.
func hostileCaption(i int) Caption {
	h := func(k int) string { return hostile[(i+k)%len(hostile)] }
	return Caption{Title: h(0), Subtitle: h(1), Source: h(2), Licence: h(3), DocTitle: h(4), Subject: h(5), Keywords: h(6), Creator: h(7)}
}

func TestHostileNamesDOT(t *testing.T) {
	dot, err := DOT(hostileGraph(), Options{Caption: hostileCaption(6)})
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	if n := strings.Count(s, "\ndigraph") + strings.Count(s[:8], "digraph"); n != 1 {
		t.Errorf("%d graphs", n)
	}
	for _, bad := range []string{"\x00", "\x1b", "\u202e", "\r", "<script", "\xff"} {
		if strings.Contains(s, bad) {
			t.Errorf("DOT contains %q", bad)
		}
	}
	// Graphviz reads the DOT back with every URL and id one of ours.
	g, err := cgraph.ParseBytes(dot)
	if err != nil {
		t.Fatalf("Graphviz cannot parse the DOT: %v", err)
	}
	defer g.Close()
	n, err := g.FirstNode()
	count := 0
	for ; err == nil && n != nil; n, err = g.NextNode(n) {
		count++
		url, id := n.GetStr("URL"), n.GetStr("id")
		if url != "" && !strings.HasPrefix(url, "/org/org-") {
			t.Errorf("node URL %q", url)
		}
		if id != "" && !strings.HasPrefix(id, "node-org-") && id != "legend" {
			t.Errorf("node id %q", id)
		}
	}
	if want := len(hostile) + 1 + 5; count < len(hostile) || count > want+1 {
		t.Errorf("Graphviz sees %d nodes, want the %d names plus the key and band spine", count, len(hostile))
	}
}

func TestHostileNamesRender(t *testing.T) {
	if testing.Short() {
		t.Skip("renders with Graphviz")
	}
	dot, err := DOT(hostileGraph(), Options{Caption: hostileCaption(4)})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := Local(context.Background(), dot, SVG, LayoutDot)
	if err != nil {
		t.Fatalf("render: %v\n%s", err, dot)
	}
	if err := CheckSVG(svg); err != nil {
		t.Fatalf("CheckSVG: %v", err)
	}
	// The names come back as text, whole and inert.
	var texts []string
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	inText := false
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			inText = tk.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(tk))
			}
		case xml.EndElement:
			inText = false
		}
	}
	all := strings.Join(texts, " ")
	for _, want := range []string{"<script>alert(1)</script>", `Quote " in`, "Юникод", "中文", `\N \G`, "&amp;"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q; text is %q", want, all)
		}
	}
}

func TestCheckSVG(t *testing.T) {
	ok := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="/org/x"><text>hi &amp; bye</text></a><a href="#n"/>` +
		`<a xlink:href="https://caremap.example.org/org/nhs-england#g-rel-funds"/><a href="http://127.0.0.1:8080/service/svc-x"/>` +
		`<style>@media (prefers-color-scheme: dark){[fill="#ffffff"]{fill:#16181d}}</style></svg>`
	if err := CheckSVG([]byte(ok)); err != nil {
		t.Errorf("CheckSVG(safe) = %v", err)
	}
	for _, bad := range []string{
		`<svg><script>alert(1)</script></svg>`,
		`<svg><foreignObject><div/></foreignObject></svg>`,
		`<svg><g onload="alert(1)"/></svg>`,
		`<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"/></svg>`,
		`<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href=" java&#x09;script:alert(1)"/></svg>`,
		`<svg><a href="https://evil.example/a b"/></svg>`,
		`<svg><a href="https://evil.example/?q=1"/></svg>`,
		`<svg><a href="https://user@evil.example/"/></svg>`,
		`<svg><a href="http:/evil.example/"/></svg>`,
		`<svg><a href="data:text/html,hi"/></svg>`,
		`<svg><style>@media (prefers-color-scheme: dark){g{background:url(https://evil.example/)}}</style></svg>`,
		`<svg><style>@import "https://evil.example/x.css";</style></svg>`,
		`<svg><style>g{fill:\75rl(x)}</style></svg>`,
		`<svg><a href="//evil.example/"/></svg>`,
		`<svg><text>unclosed</svg>`,
	} {
		if err := CheckSVG([]byte(bad)); err == nil {
			t.Errorf("CheckSVG accepted %s", bad)
		}
	}
}
