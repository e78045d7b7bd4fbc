package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"caremap/graph"
)

// pageTypes are one page of every kind the explorer serves: the home page,
// search, a national body, a class, each kind of real body, a service, the
// three kinds of path, the commissioning matrix, the glossary and the
// error pages.
var pageTypes = []string{
	"/", "/search?q=CCG", "/search?q=zzzz",
	"/org/nhs-england", "/org/department-of-health", "/org/health-professional-regulators",
	"/org/clinical-commissioning-groups", "/org/gp-practices",
	"/org/ccg-02n", "/org/ccg-00c", "/org/council-e08000032", "/org/hwb-e08000032", "/org/healthwatch-e08000032",
	"/org/trust-rax", "/org/trust-rm3", "/org/area-team-q52", "/org/region-y54", "/org/practice-a81001",
	"/org/pct-5qg", "/org/sha-q30",
	"/service/svc-specialised", "/service/svc-sexual-health",
	"/path", "/path?from=ccg-02n&to=uk-parliament&by=accountability",
	"/path?from=department-of-health&to=ccg-02n&by=money", "/path?from=care-quality-commission&to=nhs-england&by=any",
	"/commissioning", "/glossary", "/no-such-page", "/path?from=ccg-02n",
}

var (
	// unscanned are the elements whose text is no writing of ours: names
	// of bodies (links to their pages, the page's own name), the titles of
	// the documents cited, codes and embed code.
	unscanned = regexp.MustCompile(`(?s)<h1[ >].*?</h1>|<code>.*?</code>|<textarea .*?</textarea>|<a href="/(?:org|service)/[^"]*">.*?</a>|<title>.*?</title>|<ul class="sources">.*?</ul>`)
	// unmarked are the elements inside which abbreviations are not linked
	// (see noGloss).
	unmarked  = regexp.MustCompile(`(?s)<(a|abbr|button|code|datalist|dfn|h[1-6]|label|object|option|pre|script|select|textarea)\b[^>]*>.*?</(?:a|abbr|button|code|datalist|dfn|h[1-6]|label|object|option|pre|script|select|textarea)>`)
	tags      = regexp.MustCompile(`<[^>]*>`)
	glossHref = regexp.MustCompile(`<a class="gloss" href="/glossary#([a-z0-9-]+)">`)
)

// text returns the text of some HTML.
func text(s string) string { return html.UnescapeString(tags.ReplaceAllString(s, " ")) }

// TestEveryAbbreviationIsExplained scans a page of every type: every word
// that looks like an abbreviation in the page's own writing has a glossary
// entry, and in <main> the first use of each links to it, once.
func TestEveryAbbreviationIsExplained(t *testing.T) {
	h := newHandler(t)
	g := graph.NewGlossary(testTerms)
	codes := odsCodes(t)
	for _, target := range pageTypes {
		t.Run(target, func(t *testing.T) {
			res := get(t, h, target)
			body := res.body[strings.Index(res.body, "<body"):]
			for _, w := range g.Unexplained(text(unscanned.ReplaceAllString(body, " "))) {
				if !codes[w] {
					t.Errorf("GET %s: %q looks like an abbreviation but the glossary has no entry for it", target, w)
				}
			}
			main := body[strings.Index(body, "<main"):strings.Index(body, "</main>")]
			links := map[string]int{}
			for _, m := range glossHref.FindAllStringSubmatch(main, -1) {
				links[m[1]]++
			}
			for slug, n := range links {
				if n > 1 {
					t.Errorf("GET %s: %d links to /glossary#%s: only the first use links", target, n, slug)
				}
			}
			markable := text(unmarked.ReplaceAllString(main, " "))
			for _, m := range g.FindForms(markable) {
				form := markable[m[0]:m[1]]
				term, _ := g.Lookup(form)
				if links[term.Slug()] == 0 {
					t.Errorf("GET %s: %q is used but not linked to /glossary#%s", target, form, term.Slug())
				}
			}
		})
	}
}

// odsCodes are the official codes of every body: codes, not abbreviations.
func odsCodes(t *testing.T) map[string]bool {
	codes := map[string]bool{}
	for _, class := range []string{"nhs-foundation-trusts", "nhs-trusts"} {
		after := ""
		for {
			pg, err := newStore(t).Organisations(t.Context(), graph.OrganisationFilter{InstanceOf: class}, graph.Page{First: graph.MaxFirst, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range pg.Items {
				codes[o.Codes.ODS] = true
			}
			if !pg.HasNextPage {
				break
			}
			after = pg.Cursors[len(pg.Cursors)-1]
		}
	}
	return codes
}

func TestGlossaryPage(t *testing.T) {
	h := newHandler(t)
	res := get(t, h, "/glossary")
	if res.code != http.StatusOK {
		t.Fatalf("GET /glossary: %d", res.code)
	}
	checkPage(t, "/glossary", res)
	ids := regexp.MustCompile(`\bid="([^"]+)"`).FindAllStringSubmatch(res.body, -1)
	seen := map[string]bool{}
	for _, m := range ids {
		if seen[m[1]] {
			t.Errorf("id %q twice on the glossary page", m[1])
		}
		seen[m[1]] = true
	}
	if n := strings.Count(res.body, "<dt id="); n != len(testTerms) || n < 40 {
		t.Errorf("%d terms on the page, want the dataset's %d (at least 40)", n, len(testTerms))
	}
	for _, want := range []string{
		`<dl class="glossary">`,
		`<dt id="ccg"><dfn><abbr title="clinical commissioning group">CCG</abbr></dfn></dt>`,
		`<p class="expansion">clinical commissioning group</p>`,
		`<span class="muted">Concerns:</span> <a href="/org/clinical-commissioning-groups">Clinical commissioning groups</a>`,
		`<dt id="s-7a"><dfn><abbr title="section 7A of the NHS Act 2006">s.7A</abbr></dfn></dt>`,
		`<dt id="a-e"><dfn><abbr title="accident and emergency">A&amp;E</abbr></dfn></dt>`,
		`<dt id="commissioning"><dfn>Commissioning</dfn></dt>`,
		`<nav class="letters" aria-label="Terms by first letter">`, `<li><a href="#a-e">A</a></li>`,
		`rel="noopener">NHS Act 2006 s.3 (CCG commissioning duty), as amended</a>`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("GET /glossary lacks %s", want)
		}
	}
	// Without a glossary the page says so.
	empty := get(t, Handler(Config{Store: newStore(t)}), "/glossary")
	if empty.code != http.StatusOK || !strings.Contains(empty.body, "The glossary is empty.") || strings.Contains(empty.body, `class="gloss"`) {
		t.Errorf("GET /glossary without one: %d", empty.code)
	}
}

func TestMarkAbbreviations(t *testing.T) {
	g := graph.NewGlossary([]graph.Term{
		{Term: "CCG", Expansion: "clinical commissioning group"},
		{Term: "A&E", Expansion: "accident and emergency"},
		{Term: "NHS", Expansion: "National Health Service"},
	})
	in := `<html><head><title>CCG</title></head><body><header><p>CCG in the header</p></header>` +
		`<main id="main"><h1>The CCG</h1><p>A <a href="/org/x">CCG link</a>, then CCGs and A&amp;E, and CCG again.</p>` +
		`<p title="NHS">An attribute is not text; <code>NHS</code> is code; the NHS&#39;s text is.</p><br/><textarea>NHS</textarea></main>` +
		`<footer>NHS</footer></body></html>`
	got := string(markAbbreviations(g, []byte(in)))
	want := `<html><head><title>CCG</title></head><body><header><p>CCG in the header</p></header>` +
		`<main id="main"><h1>The CCG</h1><p>A <a href="/org/x">CCG link</a>, then <a class="gloss" href="/glossary#ccg"><abbr title="clinical commissioning group">CCGs</abbr></a> and ` +
		`<a class="gloss" href="/glossary#a-e"><abbr title="accident and emergency">A&amp;E</abbr></a>, and CCG again.</p>` +
		`<p title="NHS">An attribute is not text; <code>NHS</code> is code; the <a class="gloss" href="/glossary#nhs"><abbr title="National Health Service">NHS</abbr></a>&#39;s text is.</p><br/><textarea>NHS</textarea></main>` +
		`<footer>NHS</footer></body></html>`
	if got != want {
		t.Errorf("markAbbreviations:\n got %s\nwant %s", got, want)
	}
	if out := markAbbreviations(nil, []byte(in)); string(out) != in {
		t.Error("no glossary changed the page")
	}
}
