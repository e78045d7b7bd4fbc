package web

import (
	"bytes"
	"html"
	"html/template"
	"net/http"
	"strings"

	"caremap/graph"
)

// glossaryPage is the data of /glossary.
type glossaryPage struct {
	page
	Terms   []glossaryTerm
	Letters []letterLink
}

type glossaryTerm struct {
	Term, Expansion, Definition string
	Sources                     []graph.Source
	Slug                        string
	Abbr                        bool // an abbreviation, marked up as one
	Bodies                      []link
}

// letterLink is one entry of the A to Z: the first term under a letter.
type letterLink struct{ Letter, Href string }

func (s *site) glossaryPage(w http.ResponseWriter, r *http.Request) {
	terms := s.glossary.Terms()
	var ids []string
	for _, t := range terms {
		ids = append(ids, t.Bodies...)
	}
	byID := map[string]graph.Node{}
	for len(ids) > 0 {
		n := min(len(ids), graph.MaxIDs)
		nodes, err := s.store.Nodes(r.Context(), ids[:n])
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, nd := range nodes {
			byID[nd.ID()] = nd
		}
		ids = ids[n:]
	}
	p := glossaryPage{page: page{
		Title:       "Glossary",
		Description: "The acronyms and terms of the English health and care system of April 2013, explained in plain English, with the bodies they concern and their sources.",
	}}
	for _, t := range terms {
		gt := glossaryTerm{Term: t.Term, Expansion: t.Expansion, Definition: t.Definition, Sources: t.Sources,
			Slug: t.Slug(), Abbr: t.Abbreviation()}
		for _, id := range t.Bodies {
			if n, ok := byID[id]; ok {
				gt.Bodies = append(gt.Bodies, nodeLink(n))
			}
		}
		p.Terms = append(p.Terms, gt)
		letter := strings.ToUpper(t.Term[:1])
		if len(p.Letters) == 0 || p.Letters[len(p.Letters)-1].Letter != letter {
			p.Letters = append(p.Letters, letterLink{Letter: letter, Href: "#" + gt.Slug})
		}
	}
	s.render(w, r, http.StatusOK, "glossary", &p)
}

// glossaryHref is the address of a term's entry.
func glossaryHref(t graph.Term) string { return "/glossary#" + t.Slug() }

// noGloss are the elements inside which abbreviations are left alone: links
// and controls (a link cannot hold another), headings, names and code, and
// what is not text for people.
var noGloss = map[string]bool{
	"a": true, "abbr": true, "button": true, "code": true, "datalist": true, "dfn": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "label": true,
	"object": true, "option": true, "pre": true, "script": true, "select": true, "style": true,
	"svg": true, "textarea": true, "title": true,
}

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// markAbbreviations links the first use on the page of each abbreviation
// in the glossary, in the text of <main>, to its entry:
// <a class="gloss" href="/glossary#ccg"><abbr title="clinical
// commissioning group">CCG</abbr></a>. Text inside the elements of noGloss
// is left alone.
//
// It reads the page as html/template wrote it — every attribute quoted and
// escaped, no comments, no raw "<" in text, script only by src — so a tag
// runs from "<" to the next ">" and needs no general HTML parser.
func markAbbreviations(g *graph.Glossary, page []byte) []byte {
	start := bytes.Index(page, []byte("<main"))
	end := bytes.LastIndex(page, []byte("</main>"))
	if len(g.Terms()) == 0 || start < 0 || end < start {
		return page
	}
	var out bytes.Buffer
	out.Grow(len(page) + 4096)
	out.Write(page[:start])
	used := map[string]bool{}
	var skip []string // the open elements of noGloss, innermost last
	for i := start; i < end; {
		if page[i] == '<' {
			j := bytes.IndexByte(page[i:end], '>')
			if j < 0 {
				out.Write(page[i:end])
				i = end
				break
			}
			tag := page[i : i+j+1]
			name, closing := tagName(tag)
			switch {
			case closing && len(skip) > 0 && skip[len(skip)-1] == name:
				skip = skip[:len(skip)-1]
			case !closing && noGloss[name] && !voidElements[name] && !bytes.HasSuffix(tag, []byte("/>")):
				skip = append(skip, name)
			}
			out.Write(tag)
			i += j + 1
			continue
		}
		j := bytes.IndexByte(page[i:end], '<')
		if j < 0 {
			j = end - i
		}
		text := page[i : i+j]
		if len(skip) > 0 {
			out.Write(text)
		} else {
			out.WriteString(markText(g, string(text), used))
		}
		i += j
	}
	out.Write(page[end:])
	return out.Bytes()
}

// markText marks, in one run of escaped text, the first use of each term
// not yet used on the page.
func markText(g *graph.Glossary, escaped string, used map[string]bool) string {
	raw := html.UnescapeString(escaped)
	var b strings.Builder
	last, changed := 0, false
	for _, loc := range g.FindForms(raw) {
		form := raw[loc[0]:loc[1]]
		t, ok := g.Lookup(form)
		if !ok || used[t.Slug()] {
			continue
		}
		used[t.Slug()] = true
		changed = true
		b.WriteString(template.HTMLEscapeString(raw[last:loc[0]]))
		b.WriteString(`<a class="gloss" href="` + glossaryHref(t) + `"><abbr title="` + template.HTMLEscapeString(t.Expansion) + `">`)
		b.WriteString(template.HTMLEscapeString(form))
		b.WriteString(`</abbr></a>`)
		last = loc[1]
	}
	if !changed {
		return escaped
	}
	b.WriteString(template.HTMLEscapeString(raw[last:]))
	return b.String()
}

// tagName returns the lower-case name of the tag "<name ...>" or
// "</name>", and whether it closes an element.
func tagName(tag []byte) (string, bool) {
	s := tag[1 : len(tag)-1]
	closing := len(s) > 0 && s[0] == '/'
	if closing {
		s = s[1:]
	}
	n := 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	return strings.ToLower(string(s[:n])), closing
}
