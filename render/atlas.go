package render

import (
	"bytes"
	"context"
	"fmt"
	"regexp"

	"github.com/go-pdf/fpdf"
	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/cgraph"
)

// AtlasPage is one diagram of an atlas.
type AtlasPage struct {
	DOT    []byte // drawn with Layout dot; its caremap_paper decides the page
	ID     string // the node the page is about: links to /org/{ID} and /service/{ID} lead here; "" for none
	Title  string // its line in the contents and the bookmarks
	Group  string // the heading it is listed under in the contents and the bookmarks; "" for none
	Listed bool   // listed in the contents (the cover is not)
}

// AtlasOptions describe the atlas as a whole.
type AtlasOptions struct {
	Title, Subject, Keywords, Creator string
	// Paper is the contents pages' paper (portrait); "" is A3.
	Paper Paper
	// ContentsTitle heads the contents, e.g. "Contents".
	ContentsTitle string
	// Note is a line under the contents' heading (the date, the source).
	Note string
}

// atlasDoc is the document an atlas draws into: every page's shapes go
// to one PDF, and links to a body's explorer page become links to its
// page of the atlas.
type atlasDoc struct {
	pdf   *fpdf.Fpdf
	links map[string]int // node id -> fpdf link
}

// explorerPath matches the explorer paths a box links to, with or without
// an origin before them.
var explorerPath = regexp.MustCompile(`^(?:https?://[^/]+)?/(?:org|service)/([a-z0-9]+(?:-[a-z0-9]+)*)$`)

// internal returns the link to the atlas page of the node href names.
func (a *atlasDoc) internal(href string) (int, bool) {
	m := explorerPath.FindStringSubmatch(href)
	if m == nil {
		return 0, false
	}
	l, ok := a.links[m[1]]
	return l, ok
}

// contentsLines is how many lines one contents page holds.
func contentsLines(paper Paper) int {
	_, h := paper.Size()
	return int((h - 2*PaperMargin - 92) / 18) // a line is 16 pt, a heading 18
}

// Atlas draws pages into one PDF, in this process (like Local, for the
// command line): the first page, then the contents (every listed page
// under its group, with its page number, each line a link), then the
// other pages in order. Each box that links to a node with a page of its
// own links to that page; each page has a bookmark, under its group's.
func Atlas(ctx context.Context, pages []AtlasPage, opts AtlasOptions) ([]byte, error) {
	if len(pages) == 0 {
		return nil, fmt.Errorf("render: atlas: no pages")
	}
	if opts.Paper == "" {
		opts.Paper = PaperA3
	}
	local.Lock()
	defer local.Unlock()
	if local.e == nil {
		e, err := newEngine(ctx)
		if err != nil {
			return nil, err
		}
		local.e = e
	}
	e := local.e
	pw, ph := opts.Paper.Size()
	doc := &atlasDoc{pdf: newPDF(pw, ph, pageMeta{Title: opts.Title, Subject: opts.Subject, Keywords: opts.Keywords, Creator: opts.Creator}),
		links: map[string]int{}}
	doc.pdf.SetCompression(true)
	for _, p := range pages {
		if p.ID != "" {
			doc.links[p.ID] = doc.pdf.AddLink()
		}
	}
	// The contents, laid out first so every page number is known: line
	// by line, a group's heading before its first page.
	var lines []contentsLine
	group := "\x00"
	listed := 0
	for _, p := range pages {
		if !p.Listed {
			continue
		}
		if p.Group != group {
			group = p.Group
			if group != "" {
				lines = append(lines, contentsLine{text: group, group: true})
			}
		}
		lines = append(lines, contentsLine{text: p.Title, id: p.ID})
		listed++
	}
	perPage := contentsLines(opts.Paper)
	contentsPages := 0
	if listed > 0 {
		contentsPages = (len(lines) + perPage - 1) / perPage
	}
	// Page numbers: the first page, the contents, then the rest in order.
	number := map[int]int{}
	n := 1 + contentsPages
	for i := range pages {
		if i == 0 {
			number[i] = 1
			continue
		}
		n++
		number[i] = n
	}
	for i := range lines {
		if lines[i].group {
			continue
		}
		for j, p := range pages {
			if j > 0 && p.ID == lines[i].id && p.Title == lines[i].text {
				lines[i].page = number[j]
			}
		}
	}

	pr := e.renderers[PDF]
	pr.atlas = doc
	defer func() { pr.atlas = nil }()
	group = "\x00"
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := e.atlasPage(ctx, p.DOT); err != nil {
			return nil, fmt.Errorf("render: atlas page %d (%s): %w", i+1, p.Title, err)
		}
		doc.pdf.SetFont(pdfFont, "", 12) // bookmarks are UTF-16 with a UTF-8 font set
		if p.ID != "" {
			doc.pdf.SetLink(doc.links[p.ID], 0, doc.pdf.PageNo())
		}
		level := 0
		if p.Group != "" && p.Listed {
			if p.Group != group {
				doc.pdf.Bookmark(p.Group, 0, 0)
			}
			level = 1
		}
		group = p.Group
		doc.pdf.Bookmark(p.Title, level, 0)
		if i == 0 && contentsPages > 0 {
			doc.contents(opts, lines, perPage)
		}
	}
	var b bytes.Buffer
	if err := doc.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("render: atlas: %w", err)
	}
	return b.Bytes(), nil
}

// contentsLine is one line of the contents: a group's heading, or a page.
type contentsLine struct {
	text  string
	page  int // 0 for a heading
	id    string
	group bool
}

// contents draws the contents pages: the heading and note, then the lines,
// perPage to a page, each page's line a link to it.
func (a *atlasDoc) contents(opts AtlasOptions, lines []contentsLine, perPage int) {
	f := a.pdf
	w, h := opts.Paper.Size()
	left, right := PaperMargin+24, w-PaperMargin-24
	for start := 0; start < len(lines); start += perPage {
		f.AddPageFormat("", fpdf.SizeType{Wd: w, Ht: h})
		y := PaperMargin + 40.0
		if start == 0 {
			f.SetTextColor(26, 26, 26)
			f.SetFont(pdfFont, "B", 22)
			f.Text(left, y, opts.ContentsTitle)
			f.SetFont(pdfFont, "", 11)
			f.SetTextColor(85, 85, 85)
			f.Text(left, y+20, opts.Note)
			f.SetFont(pdfFont, "", 12)
			f.Bookmark(opts.ContentsTitle, 0, 0)
		}
		y += 52
		for _, l := range lines[start:min(start+perPage, len(lines))] {
			f.SetTextColor(26, 26, 26)
			if l.group {
				f.SetFont(pdfFont, "B", 13)
				f.Text(left, y+4, l.text)
				y += 18
				continue
			}
			f.SetFont(pdfFont, "", 12)
			f.Text(left+14, y, l.text)
			num := fmt.Sprint(l.page)
			f.Text(right-f.GetStringWidth(num), y, num)
			if link, ok := a.links[l.id]; ok {
				f.Link(left+14, y-11, right-left-14, 15, link)
			}
			y += 16
		}
	}
}

// atlasPage lays dot out and draws it as the next page of the atlas the
// PDF renderer is set to.
func (e *engine) atlasPage(ctx context.Context, dot []byte) error {
	g, err := cgraph.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("parse dot: %w", err)
	}
	defer g.Close()
	nn, _ := g.NodeNum()
	ne, _ := g.EdgeNum()
	if err := DefaultLimits.CheckSize(nn, ne, LayoutDot); err != nil {
		return err
	}
	g.SetDPI(72)
	g.SafeSet("size", PDFMaxInches+","+PDFMaxInches, "")
	e.renderers[PDF].meta = readMeta(g)
	e.gv.SetLayout(graphviz.Layout(LayoutDot))
	var buf bytes.Buffer
	if err := e.gv.Render(ctx, g, graphviz.Format(PDF), &buf); err != nil {
		return err
	}
	return nil
}
