// Package render draws caremap's graph: a graph.Subgraph becomes Graphviz
// DOT (DOT, pure and deterministic), and DOT becomes SVG, PNG or PDF in a
// pool of worker processes (Pool), behind a byte-bounded cache (Cache).
//
// # Visual language
//
// Rank follows authority: every edge is emitted from the end with more
// authority (an ACCOUNTABLE_TO edge from the superior, with dir=back, so
// Parliament and the Secretary of State come out on top), and each node is
// held at or below its band — Parliament and government, national bodies,
// regional structures, local bodies, providers, people — by an invisible
// spine. Many leaves under one parent are staggered over several ranks, as
// Graphviz's unflatten does, and unconnected nodes are stacked in short
// columns, so the whole system fits a landscape page. Each relationship
// type has one colour and line style (graph.RelTypes) plus an arrowhead,
// so types stay distinct in greyscale; only money edges carry a label (the
// amount), and with Options.WidthByAmount a width. Boxes that stand for
// many left-out nodes (Fold) have a double border. The caption (the graph
// label, top left, so no edge crosses it and no box lands beside it)
// holds the title, the subtitle, the key — real samples of every line
// type and box drawn — and the source. Text is Helvetica to Graphviz, whose
// WebAssembly build lays text out with built-in Helvetica metrics; PDF and
// PNG draw it in the embedded Liberation Sans, which has the same metrics,
// and every SVG text carries its laid-out width (textLength), so it fits
// in whatever font the reader has.
//
// # Finishing the SVG
//
// The worker finishes each SVG in one pass over Graphviz's lines
// (finishSVG): text widths and the font list, the document's title, node
// groups in reading order (so Tab follows the layout), the theme=auto
// style (the light palette turned dark under prefers-color-scheme: dark,
// no script) and, on request, a width of 100%.
//
// # Safety
//
// go-graphviz runs Graphviz compiled to WebAssembly on wazero. It is not
// safe for concurrent use (one module per process: parallel renders
// corrupt it or kill the process with a concurrent map write), it ignores
// context cancellation (a layout runs to its end whatever the deadline),
// and by default it mounts the host's root directory, so attributes such
// as image, shapefile or fontpath could read host files. Hence:
//
//   - Renders never run in the server process. A Pool keeps a few worker
//     processes (the same binary in worker mode, ServeWorker) and sends one
//     request at a time to each over stdin/stdout in length-prefixed
//     frames. A worker that passes its deadline, crashes or answers
//     garbage is killed and replaced; a request that waits too long for a
//     free worker, or finds the queue full, fails with ErrBusy (HTTP 503
//     with Retry-After). Heavy renders may hold all workers but the
//     reserved ones, so small renders always find one.
//   - Each worker gives Graphviz an empty filesystem (an empty fstest.MapFS)
//     and renders PNG and PDF with caremap's own render plugin, which
//     refuses images and never looks up fonts on the host.
//   - Request data never becomes a Graphviz attribute: DOT names, SVG ids,
//     classes and links are built only from ids that pass graph.ValidID,
//     the domain's enums and an origin that passes ValidBaseURL; names and
//     roles appear only inside escaped label and tooltip strings
//     (dotQuote), from which control characters are removed. The caption's
//     HTML-like label is built from constants, with its data (title,
//     subtitle, source) HTML-escaped; the PDF's metadata rides in caremap_*
//     graph attributes that Graphviz stores and ignores and the PDF
//     renderer reads back.
//   - Because a render cannot be cancelled, its cost is bounded by size
//     before layout. Limits caps DOT bytes, and nodes, edges and
//     neighbourhood depth per layout engine: dot 1,200 / 4,000 / 4; neato,
//     fdp and sfdp 300 / 1,000 / 3; circo and twopi, which may never
//     finish on big graphs, 60 / 200 / 2. PNG is drawn at 96 dpi and
//     shrunk to at most 6,000 pixels a side, PDF to at most 200 inches a
//     side (the PDF page limit). The worker counts nodes and edges exactly
//     after parsing, before layout.
//   - The caps do not bound time: inside them, the whole system with every
//     instance and type takes 21 s of CPU. So Measure reads the
//     DOT's nodes, edges, labels and clusters in the server process (a
//     lexer, not Graphviz), Estimate predicts the render time per engine
//     and format from a model fitted to caremap's own diagrams
//     (BenchmarkCostModel), and the pool refuses a render predicted past
//     its budget with a *CostError (HTTP 422, naming a smaller view) before
//     it queues. The deadline-and-kill is the backstop; a killed render is
//     a *CostError too.
//   - The Cache shares one render among the callers that want it and
//     cancels it when the last has gone, so a render still queued is
//     dropped with its DOT; refusals and kills are remembered for a while
//     and answered again without work.
//   - Every SVG is parsed before it leaves the worker pool (CheckSVG) and
//     refused if it holds a script, foreignObject, event handler or a link
//     that is neither a site path nor a plain http(s) link.
//
// # PDF
//
// PDF is drawn by a go-graphviz render plugin (primitiveRenderer): Graphviz
// lays the graph out and calls the plugin with every polygon, ellipse,
// Bézier curve, polyline and text span; the plugin draws them as PDF
// vector paths and real text with github.com/go-pdf/fpdf, embedding a
// subset of Liberation Sans, so text is selectable and no system font is
// needed. Boxes are links (the plugin records Graphviz's anchors); with a
// paper the page is that sheet and the drawing is scaled to fit
// (FitPage). Atlas draws many diagrams into one PDF, with contents,
// bookmarks and links between its pages. The same plugin draws PNG with
// fogleman/gg, because go-graphviz's own PNG renderer mis-draws shapes and
// edges.
package render
