package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"

	"caremap/diagram"
	"caremap/graph"
	"caremap/render"
)

// runRenderWorker is the render-worker subcommand: the pool's worker
// process, fed requests on stdin and answering on stdout.
func runRenderWorker(stdin io.Reader, stdout io.Writer) error {
	return render.ServeWorker(stdin, stdout)
}

const renderUsage = `Usage:
  caremap render [flags] [ID] -o FILE    draw the whole system, or ID's neighbourhood
  caremap render [flags] --all DIR       draw every organisation in every format, with an index.html
  caremap render [--base-url URL] --atlas FILE.pdf
                                         a printed guide: the whole system, contents, a page per body

The format comes from FILE's extension (.svg, .pdf, .png or .dot) unless --format says;
-o - writes to standard output.

Flags:
`

// runRender is the render subcommand: `caremap render [flags] [ID] -o
// FILE` writes one diagram with the same parameters as GET /diagram;
// `--all DIR` writes one diagram per organisation in every format plus an
// index.html, with a progress bar on stdout. It renders in this process,
// one diagram at a time. groups names the clusters.
func runRender(ctx context.Context, args []string, stdout io.Writer, store graph.Store, groups map[string]string) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprint(stdout, renderUsage)
		fs.PrintDefaults()
	}
	out := fs.String("o", "", "output `file` (- for standard output)")
	all := fs.String("all", "", "write every organisation's diagram in every format to `dir`")
	atlas := fs.String("atlas", "", "write a printed guide to `file.pdf`: the whole system, contents, and a page per class-level body")
	format := fs.String("format", "", "svg, pdf, png or dot (default: from -o's extension)")
	base := fs.String("base-url", "", "the explorer's public `origin`, e.g. https://caremap.example.org: links in the drawings start with it (PDF boxes link only when it is set)")
	// The diagram's parameters are the URLs' (package diagram's table), as
	// flags: --depth 2 is ?depth=2.
	req := diagram.Request{Depth: diagram.DefaultDepth}
	for _, name := range diagram.Names() {
		if name != "focus" {
			fs.Var(requestFlag{&req, name}, name, diagram.Usage(name))
		}
	}
	// Flags may come before and after the ID.
	var ids []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		ids, args = append(ids, fs.Arg(0)), fs.Args()[1:]
	}
	if *base != "" && diagram.Origin(nil, *base, nil) == "" {
		return fmt.Errorf("render: --base-url %q: allowed: an http or https origin such as https://caremap.example.org", *base)
	}
	svc := localDiagrams(store, groups, *base)
	if *atlas != "" {
		if len(ids) > 0 || *out != "" || *all != "" {
			return fmt.Errorf("render: --atlas takes a file and no ID, -o or --all")
		}
		data, err := svc.Atlas(ctx)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*atlas, data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote the atlas to %s (%d KB)\n", *atlas, len(data)/1024)
		return nil
	}
	if *all != "" {
		if len(ids) > 0 || *out != "" {
			return fmt.Errorf("render: --all takes a directory and no ID or -o")
		}
		return renderAll(ctx, store, svc, *all, req, stdout)
	}
	if len(ids) > 1 {
		return fmt.Errorf("render: one ID at most, got %d", len(ids))
	}
	if len(ids) == 1 {
		req.Focus = ids[0]
	}
	if *out == "" {
		return fmt.Errorf("render: -o FILE is required (or --all DIR)")
	}
	f := *format
	if f == "" {
		if *out == "-" {
			f = string(render.SVG)
		} else {
			f = strings.TrimPrefix(filepath.Ext(*out), ".")
		}
	}
	req.Format = render.Format(f)
	e, err := svc.Get(ctx, req)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = stdout.Write(e.Data)
		return err
	}
	return os.WriteFile(*out, e.Data, 0o644)
}

// requestFlag is one diagram parameter as a command-line flag.
type requestFlag struct {
	req  *diagram.Request
	name string
}

func (f requestFlag) String() string     { return "" }
func (f requestFlag) Set(v string) error { return f.req.Set(f.name, v) }

// IsBoolFlag lets --instances stand for --instances=true.
func (f requestFlag) IsBoolFlag() bool { return f.name == "instances" }

// localDiagrams draws diagrams in this process, without a cache; links
// start with base.
func localDiagrams(store graph.Store, groups map[string]string, base string) *diagram.Service {
	return diagram.NewService(diagram.Config{Store: store, Renderer: diagram.RenderFunc(render.Local), GroupNames: groups,
		Version: appVersion, BaseURL: base})
}

var diagramFormats = []render.Format{render.SVG, render.PDF, render.PNG, render.DOTFormat}

// renderAll writes the whole system and every organisation's neighbourhood
// as req asks, in every format, to dir, and an index.html linking them.
func renderAll(ctx context.Context, store graph.Store, svc *diagram.Service, dir string, req diagram.Request, stdout io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	filter := graph.OrganisationFilter{Classes: !req.Instances}
	var orgs []graph.Organisation
	for after := ""; ; {
		page, err := store.Organisations(ctx, filter, graph.Page{First: graph.MaxFirst, After: after})
		if err != nil {
			return err
		}
		orgs = append(orgs, page.Items...)
		if !page.HasNextPage || len(page.Cursors) == 0 {
			break
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	type item struct{ ID, Name, File string }
	jobs := []item{{ID: "", Name: "The whole system", File: "system"}}
	for _, o := range orgs {
		if graph.ValidID(o.ID) {
			jobs = append(jobs, item{ID: o.ID, Name: o.Name, File: o.ID})
		}
	}
	total := len(jobs) * len(diagramFormats)
	done := 0
	var skipped []string
	for _, j := range jobs {
		for _, f := range diagramFormats {
			if err := ctx.Err(); err != nil {
				return err
			}
			r := req
			r.Focus, r.Format = j.ID, f
			e, err := svc.Get(ctx, r)
			switch {
			case errors.Is(err, graph.ErrTooLarge):
				skipped = append(skipped, j.File+"."+string(f)+": "+err.Error())
			case err != nil:
				return fmt.Errorf("render %s.%s: %w", j.File, f, err)
			default:
				if err := os.WriteFile(filepath.Join(dir, j.File+"."+string(f)), e.Data, 0o644); err != nil {
					return err
				}
			}
			done++
			progress(stdout, done, total, j.File)
		}
	}
	fmt.Fprintln(stdout)
	for _, s := range skipped {
		fmt.Fprintln(stdout, "skipped", s)
	}
	idx, err := os.Create(filepath.Join(dir, "index.html"))
	if err != nil {
		return err
	}
	if err := indexTemplate.Execute(idx, struct {
		Items   []item
		Formats []render.Format
	}{jobs, diagramFormats}); err != nil {
		idx.Close()
		return err
	}
	if err := idx.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d diagrams and index.html to %s\n", done-len(skipped), dir)
	return nil
}

// progress draws a one-line progress bar.
func progress(w io.Writer, done, total int, what string) {
	const width = 30
	n := done * width / max(total, 1)
	fmt.Fprintf(w, "\r[%s%s] %d/%d %-40.40s", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total, what)
}

var indexTemplate = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>caremap diagrams</title>
<style>body{font-family:Helvetica,Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}img{max-width:100%;border:1px solid #ccc}li{margin:.2em 0}</style>
</head><body>
<h1>The health and care system, 1 April 2013</h1>
<p><a href="system.svg"><img src="system.png" alt="The whole system: who is accountable to whom, who funds and commissions whom"></a></p>
<ul>
{{- range .Items}}
<li>{{.Name}}: {{$f := .File}}{{range $.Formats}} <a href="{{$f}}.{{.}}">{{.}}</a>{{end}}</li>
{{- end}}
</ul>
</body></html>
`))
