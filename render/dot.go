package render

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"caremap/graph"
)

// Options shapes a diagram. The zero value is the light theme with
// clusters, a legend and staggered leaves.
type Options struct {
	// Theme is ThemeLight ("" means light), ThemeDark or ThemeAuto.
	Theme Theme
	// FitWidth makes an SVG as wide as its container (width 100%, the
	// height following from its viewBox) instead of its natural size.
	FitWidth bool
	// Focus is the id of the node a neighbourhood diagram is about; it is
	// drawn with a heavy border. Empty for the whole system.
	Focus string
	// Caption is the title block drawn above the diagram (title,
	// subtitle, key, source) and the PDF's metadata.
	Caption Caption
	// GroupNames names the clusters by group id; a group without a name
	// here gets one made from its id.
	GroupNames map[string]string
	// Stagger is the most leaves of one parent placed side by side before
	// the rest move to lower ranks (as Graphviz's unflatten does); 0 means
	// DefaultStagger and a negative value turns staggering off.
	Stagger int
	// NoClusters draws no group boxes.
	NoClusters bool
	// NoLegend leaves the key out of the caption.
	NoLegend bool
	// MaxAspect, when above 1, stretches the drawing (spacing, never
	// text) so that its width is at most MaxAspect times its height; the
	// whole-system view uses 2 so that it fits a landscape page.
	MaxAspect float64
	// BaseURL, when it is an http or https origin (with an optional path
	// prefix), makes every link absolute, so a saved or re-hosted drawing
	// still links to the explorer; anything else leaves links
	// root-relative.
	BaseURL string
	// NewTab opens links in a new tab (target=_blank) instead of the
	// whole window.
	NewTab bool
	// Folds are boxes that stand for the many nodes a diagram leaves out.
	Folds []Fold
	// Paper and Orientation print a PDF on a sheet, the drawing scaled to
	// fit within the margins (FitPage); no paper is the drawing's size.
	Paper       Paper
	Orientation Orientation
	// WidthByAmount draws each money edge as wide as its amount (the
	// largest MaxPenWidth points, the others by the square root of their
	// share, so area follows money) instead of one width for the type.
	WidthByAmount bool
}

// Fold is one box standing for many nodes the diagram leaves out, such as
// "12 more services", tied to the drawn node they hang from and linked to
// the explorer page that lists them.
type Fold struct {
	Key     string        // a valid id, unique among the folds: the box's SVG id is "more-"+Key
	Parent  string        // the id of the drawn node the box hangs from
	Type    graph.RelType // the type of the tie drawn between them
	Out     bool          // the tie points from Parent to the box
	Like    graph.Node    // one of the nodes left out: the box takes its band and colour
	Count   int           // how many nodes the box stands for
	Label   string        // e.g. "12 more services"; data, escaped
	Tooltip string        // data, escaped
	// Link is the explorer path that lists them: "/org/{id}" or
	// "/service/{id}" with an optional "#fragment" of letters, digits and
	// hyphens; anything else draws the box without a link.
	Link string
}

// baseURL matches the origins links may start with: a scheme, a host
// name or IPv4 address, an optional port and path, and nothing that could
// end the attribute or start another scheme.
var baseURL = regexp.MustCompile(`^https?://[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*$`)

// ValidBaseURL reports whether base may prefix a diagram's links.
func ValidBaseURL(base string) bool { return baseURL.MatchString(base) }

// foldLink matches the links a fold box may carry.
var foldLink = regexp.MustCompile(`^/(org|service)/[a-z0-9]+(-[a-z0-9]+)*(#[a-z0-9-]+)?$`)

// MaxPenWidth is the width of the largest money edge with WidthByAmount.
const MaxPenWidth = 10.0

// amountWidth is the pen width of amount when the largest is top.
func amountWidth(amount, top int64) string {
	if amount <= 0 || top <= 0 {
		return "1"
	}
	w := 1 + (MaxPenWidth-1)*math.Sqrt(float64(amount)/float64(top))
	return strconv.FormatFloat(math.Round(w*10)/10, 'f', -1, 64)
}

// A node with more than hubDegree drawn ties is at least hubInchesPerTie
// inches wide per tie, up to hubMaxInches.
const (
	hubDegree       = 10
	hubInchesPerTie = 0.09
	hubMaxInches    = 4.5
)

// DefaultStagger is the number of leaves of one parent kept on one rank.
const DefaultStagger = 3

// labelWidth is the most characters on one line of a node label.
const labelWidth = 13

// rootsPerRank is how many nodes placed only by their band share a rank.
const rootsPerRank = 12

// isolatedChain is how many unconnected nodes are stacked in one column.
const isolatedChain = 3

// Authority bands, top to bottom.
const (
	bandTop      = iota // Parliament, ministers, departments
	bandNational        // national bodies
	bandRegional        // regional structures
	bandLocal           // local bodies
	bandProvider        // providers of care, services
	bandPeople          // people and communities
)

var bandNames = [...]string{"top", "national", "regional", "local", "provider", "people"}

// band places a node in the authority order that sets its rank.
func band(n graph.Node) int {
	o := n.Organisation
	if o == nil {
		return bandProvider
	}
	switch o.Kind {
	case graph.KindParliament, graph.KindMinister:
		if o.Tier == graph.TierNational || o.Tier == "" {
			return bandTop
		}
	case graph.KindGovernmentDepartment:
		if o.Group == "government" {
			return bandTop
		}
	case graph.KindProvider, graph.KindEducation, graph.KindIndustry:
		return bandProvider
	case graph.KindPeople:
		return bandPeople
	}
	switch o.Tier {
	case graph.TierRegional:
		return bandRegional
	case graph.TierLocal:
		return bandLocal
	}
	return bandNational
}

// upward lists the types whose "to" end is the superior one: they are
// emitted from the superior with dir=back, so authority sets the rank.
var upward = map[graph.RelType]bool{
	graph.AccountableTo: true,
	graph.PartOf:        true,
	graph.InstanceOf:    true,
	graph.Uses:          true,
	graph.MemberOf:      true,
}

// DOT returns the Graphviz source of sg drawn with opts. It is pure and
// deterministic: the same subgraph and options give the same bytes. Names
// and other data appear only inside escaped label and tooltip strings;
// node names, SVG ids, classes and links are built from ids that pass
// ValidID and from the domain's enums, never from free text.
func DOT(sg graph.Subgraph, opts Options) ([]byte, error) {
	theme := opts.Theme
	if theme == "" {
		theme = ThemeLight
	}
	pal, ok := palettes[theme]
	if theme == ThemeAuto {
		pal, ok = palettes[ThemeLight], true // turned dark by finishSVG's style
	}
	if !ok {
		return nil, graph.Invalid("theme", string(theme), ThemeNames)
	}
	if !ValidBaseURL(opts.BaseURL) {
		opts.BaseURL = ""
	}
	target := `"_top"` // inside an <object>, open the page in the window
	if opts.NewTab {
		target = `"_blank"`
	}
	stagger := opts.Stagger
	if stagger == 0 {
		stagger = DefaultStagger
	}

	nodes := slices.Clone(sg.Nodes)
	graph.SortNodes(nodes)
	edges := slices.Clone(sg.Edges)
	graph.SortRelationships(edges)

	// DOT names: the id when valid, else a synthetic name.
	name := make(map[string]string, len(nodes))
	bands := make(map[string]int, len(nodes))
	display := make(map[string]string, len(nodes))
	byID := make(map[string]graph.Node, len(nodes))
	for i, n := range nodes {
		id := n.ID()
		if _, dup := name[id]; dup {
			continue
		}
		if graph.ValidID(id) {
			name[id] = id
		} else {
			name[id] = "n" + strconv.Itoa(i) + "_"
		}
		bands[id] = band(n)
		byID[id] = n
		display[id] = cleanText(n.DisplayName())
		if display[id] == "" {
			display[id] = id
		}
	}

	// Fold boxes: DOT names with an underscore, which no valid id has.
	folds := map[string]Fold{}
	for i, f := range opts.Folds {
		if _, ok := name[f.Parent]; !ok || !graph.ValidID(f.Key) {
			continue
		}
		id := "more_" + f.Key
		if _, dup := name[id]; dup {
			continue
		}
		name[id] = "more_" + strconv.Itoa(i)
		bands[id] = band(f.Like)
		display[id] = cleanText(f.Label)
		folds[id] = f
		r := graph.Relationship{Type: f.Type, From: f.Parent, To: id}
		if !f.Out {
			r.From, r.To = id, f.Parent
		}
		edges = append(edges, r)
	}

	type drawn struct {
		rel        graph.Relationship
		tail, head string
		back       bool
		constraint bool
		minlen     int
	}
	var de []drawn
	typesDrawn := map[graph.RelType]bool{}
	for _, r := range edges {
		if _, ok := name[r.From]; !ok {
			continue
		}
		if _, ok := name[r.To]; !ok {
			continue
		}
		if _, ok := edgeStyles[r.Type]; !ok {
			continue
		}
		// Emit every edge from the end with more authority, so that rank
		// follows authority: an upward type from its "to" end, any other
		// from its "from" end, unless the bands say the other end is
		// higher; dir=back keeps the arrow pointing the data's way.
		d := drawn{rel: r, tail: r.From, head: r.To, constraint: true, minlen: 1}
		reverse := upward[r.Type]
		if reverse && bands[r.To] > bands[r.From] || !reverse && bands[r.From] > bands[r.To] {
			reverse = !reverse
		}
		if reverse {
			d.tail, d.head, d.back = r.To, r.From, true
		}
		if d.tail == d.head {
			d.constraint = false
		}
		typesDrawn[r.Type] = true
		de = append(de, d)
	}

	// Stagger: a parent's leaves (nodes whose only constraining neighbour
	// is that parent) are spread over several ranks when there are more
	// than stagger of them, as Graphviz's unflatten -l does.
	if stagger > 0 {
		neighbours := map[string]map[string]bool{}
		link := func(a, b string) {
			if neighbours[a] == nil {
				neighbours[a] = map[string]bool{}
			}
			neighbours[a][b] = true
		}
		for _, d := range de {
			if d.constraint {
				link(d.tail, d.head)
				link(d.head, d.tail)
			}
		}
		leaves := map[string][]string{} // parent -> its leaves, in edge order
		seen := map[string]bool{}
		for _, d := range de {
			if d.constraint && len(neighbours[d.head]) == 1 && !seen[d.head] {
				seen[d.head] = true
				leaves[d.tail] = append(leaves[d.tail], d.head)
			}
		}
		minlen := map[[2]string]int{}
		for parent, ls := range leaves {
			if len(ls) <= stagger {
				continue
			}
			levels := (len(ls) + stagger - 1) / stagger
			for k, leaf := range ls {
				minlen[[2]string{parent, leaf}] = 1 + k%levels
			}
		}
		for i, d := range de {
			if m := minlen[[2]string{d.tail, d.head}]; m > 1 {
				de[i].minlen = m
			}
		}
	}

	connected := map[string]bool{}
	pointedTo := map[string]bool{}
	degree := map[string]int{}
	for _, d := range de {
		connected[d.tail], connected[d.head] = true, true
		degree[d.tail]++
		degree[d.head]++
		if d.constraint {
			pointedTo[d.head] = true
		}
	}

	var b bytes.Buffer
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	// chainIsolated stacks a cluster's unconnected nodes in short columns
	// with invisible edges (unflatten -c), instead of one long row.
	chainIsolated := func(indent string, ns []graph.Node) {
		count := 0
		for _, n := range ns {
			if !connected[n.ID()] {
				count++
			}
		}
		// Columns of 3, or of about the square root of the count when
		// there are many (245 trusts stack 16 deep, not 82 wide).
		chain := max(isolatedChain, int(math.Ceil(math.Sqrt(float64(count)))))
		prev, run := "", 0
		for _, n := range ns {
			id := n.ID()
			if connected[id] {
				continue
			}
			if prev != "" && run < chain {
				w("%s%s -> %s [style=invis]\n", indent, strconv.Quote(name[prev]), strconv.Quote(name[id]))
				run++
			} else {
				run = 1
			}
			prev = id
		}
	}
	w("digraph caremap {\n")
	w("\tgraph [charset=\"UTF-8\" rankdir=TB newrank=true splines=true nodesep=0.18 ranksep=0.7 pad=0.25 bgcolor=%q fontname=%q fontsize=14 fontcolor=%q outputorder=edgesfirst class=%q", pal.bg, FontName, pal.fg, "caremap theme-"+string(theme))
	if opts.MaxAspect > 1 {
		w(" ratio=%s", strconv.FormatFloat(1/opts.MaxAspect, 'f', 3, 64))
	}
	facts := drawnFacts{types: typesDrawn, bands: map[int]bool{}, focus: opts.Focus != "" && name[opts.Focus] != "",
		folds: len(folds) > 0, widthByAmount: opts.WidthByAmount}
	for id := range name {
		facts.bands[bands[id]] = true
		n, ok := byID[id]
		if !ok {
			continue
		}
		if n.Service != nil {
			facts.services = true
		} else if o := n.Organisation; o != nil && o.Count > 1 {
			facts.counts = true
			if facts.exampleCount == 0 || o.Count > facts.exampleCount {
				facts.exampleCount = o.Count
			}
		}
	}
	for _, d := range de {
		if edgeStyles[d.rel.Type].info.Money && d.rel.AmountGBP != nil {
			facts.amountLabels = true
		}
	}
	writeCaption(w, pal, opts.Caption, facts, opts.NoLegend)
	fit := ""
	if opts.FitWidth {
		fit = "width"
	}
	for _, m := range []struct{ k, v string }{{"title", opts.Caption.DocTitle}, {"subject", opts.Caption.Subject},
		{"keywords", opts.Caption.Keywords}, {"creator", opts.Caption.Creator}, {"theme", string(theme)}, {"fit", fit},
		{"paper", string(opts.Paper)}, {"orientation", string(opts.Orientation)}} {
		if m.v != "" {
			w(" caremap_%s=%s", m.k, metaQuote(m.v))
		}
	}
	w("]\n")
	w("\tnode [fontname=%q fontsize=14 fontcolor=%q color=%q shape=box style=\"rounded,filled\" margin=\"0.1,0.05\" penwidth=1.2]\n", FontName, pal.fg, pal.border)
	w("\tedge [fontname=%q fontsize=14 fontcolor=%q arrowsize=0.8]\n", FontName, pal.fg)

	writeNode := func(indent string, n graph.Node) {
		id := n.ID()
		attrs := []string{}
		add := func(k, v string) { attrs = append(attrs, k+"="+v) }
		valid := graph.ValidID(id)
		var class []string // Graphviz adds "node" itself
		var label, tooltip string
		if o := n.Organisation; o != nil {
			class = append(class, "org")
			if o.Tier.Valid() {
				class = append(class, "tier-"+string(o.Tier))
			}
			if o.Kind.Valid() {
				class = append(class, "kind-"+strings.ToLower(strings.ReplaceAll(string(o.Kind), "_", "-")))
			}
			if o.InstanceOf != "" {
				class = append(class, "instance")
			}
			nm := cleanText(o.DisplayName())
			if nm == "" {
				nm = id
			}
			lines := wrap(shorten(nm), labelWidth, 5)
			if o.Count > 1 {
				lines = append(lines, "("+strconv.Itoa(o.Count)+")")
			}
			label = strings.Join(lines, "\n")
			tooltip = nm
			if legal := cleanText(o.Name); legal != nm && legal != "" {
				tooltip += " (legal name: " + legal + ")"
			}
			if r := cleanText(o.Role); r != "" {
				tooltip += ": " + r
			}
			add("fillcolor", strconv.Quote(pal.tierFill[bandNames[bands[id]]]))
			if valid {
				add("URL", strconv.Quote(opts.BaseURL+"/org/"+id))
				add("target", target)
			}
		} else if s := n.Service; s != nil {
			class = append(class, "service")
			nm := cleanText(s.Name)
			if nm == "" {
				nm = id
			}
			label = strings.Join(wrap(shorten(nm), labelWidth, 5), "\n")
			tooltip = nm
			if d := cleanText(s.Description); d != "" {
				tooltip += ": " + d
			}
			add("style", `"rounded,filled,dashed"`)
			add("fillcolor", strconv.Quote(pal.serviceFill))
			add("fontsize", "12")
			if valid {
				add("URL", strconv.Quote(opts.BaseURL+"/service/"+id))
				add("target", target)
			}
		}
		if valid {
			add("id", strconv.Quote("node-"+id))
		}
		// A hub's box widens with its ties, so their arrows spread along it
		// instead of piling onto one point.
		if d := degree[id]; d > hubDegree {
			add("width", strconv.FormatFloat(min(hubInchesPerTie*float64(d), hubMaxInches), 'f', 2, 64))
		}
		if id == opts.Focus && id != "" {
			class = append(class, "focus")
			add("penwidth", "3")
			add("color", strconv.Quote(pal.focusPen))
			add("fontsize", "17")
		}
		add("class", strconv.Quote(strings.Join(class, " ")))
		add("label", dotQuote(label))
		add("tooltip", dotQuote(tooltip))
		w("%s%s [%s]\n", indent, strconv.Quote(name[id]), strings.Join(attrs, " "))
	}

	// Nodes, clustered by group in a stable order.
	groups := map[string][]graph.Node{}
	var ungrouped []graph.Node
	for _, n := range nodes {
		if _, ok := byID[n.ID()]; !ok {
			continue
		}
		if o := n.Organisation; o != nil && o.Group != "" && !opts.NoClusters {
			groups[o.Group] = append(groups[o.Group], n)
		} else {
			ungrouped = append(ungrouped, n)
		}
		delete(byID, n.ID()) // each id once
	}
	groupIDs := make([]string, 0, len(groups))
	for g := range groups {
		groupIDs = append(groupIDs, g)
	}
	slices.Sort(groupIDs)
	for i, g := range groupIDs {
		cname := "cluster_g" + strconv.Itoa(i)
		gname := opts.GroupNames[g]
		cls := "group"
		if graph.ValidID(g) {
			cname = "cluster_" + g
			cls += " group-" + g
			if gname == "" {
				gname = humanise(g)
			}
		}
		w("\tsubgraph %s {\n", strconv.Quote(cname))
		w("\t\tgraph [label=%s class=%q style=\"rounded,filled\" fillcolor=%q color=%q fontcolor=%q fontsize=14 labeljust=l margin=8]\n",
			dotQuote(cleanText(gname)), cls, pal.cluster, pal.clusterBorder, pal.muted)
		for _, n := range groups[g] {
			writeNode("\t\t", n)
		}
		chainIsolated("\t\t", groups[g])
		w("\t}\n")
	}
	for _, n := range ungrouped {
		writeNode("\t", n)
	}
	for i, f := range opts.Folds {
		id := "more_" + f.Key
		if g, ok := folds[id]; !ok || g.Key != f.Key || name[id] != "more_"+strconv.Itoa(i) {
			continue
		}
		attrs := []string{
			"id=" + strconv.Quote("more-"+f.Key),
			`class="fold"`,
			"peripheries=2",
			`style="filled"`,
			"fillcolor=" + strconv.Quote(pal.tierFill[bandNames[bands[id]]]),
			"label=" + dotQuote(strings.Join(wrap(cleanText(f.Label), labelWidth, 4), "\n")),
			"tooltip=" + dotQuote(cleanText(f.Tooltip)),
		}
		if foldLink.MatchString(f.Link) {
			attrs = append(attrs, "URL="+strconv.Quote(opts.BaseURL+f.Link), "target="+target)
		}
		w("\t%s [%s]\n", strconv.Quote(name[id]), strings.Join(attrs, " "))
	}
	chainIsolated("\t", ungrouped)
	// Unconnected nodes stay out of the band spine: they stack in the
	// otherwise empty top rows instead of widening the bottom ones.
	for id := range name {
		if !connected[id] {
			pointedTo[id] = true
		}
	}
	writeBands(&b, nodes, bands, name, pointedTo)

	var topAmount int64
	for _, d := range de {
		if a := d.rel.AmountGBP; a != nil && edgeStyles[d.rel.Type].info.Money {
			topAmount = max(topAmount, *a)
		}
	}
	for _, d := range de {
		st := edgeStyles[d.rel.Type]
		pen := st.penwidth
		if opts.WidthByAmount && st.info.Money {
			var a int64
			if d.rel.AmountGBP != nil {
				a = *d.rel.AmountGBP
			}
			pen = amountWidth(a, topAmount)
		}
		attrs := []string{
			"class=" + strconv.Quote("rel-"+strings.ReplaceAll(typeLabel(d.rel.Type), " ", "-")),
			"color=" + strconv.Quote(pal.edge(st.info.Colour)),
			"style=" + st.dotStyle(),
			"penwidth=" + pen,
			"arrowhead=" + st.arrowhead,
		}
		if graph.ValidID(d.rel.ID) {
			attrs = append(attrs, "id="+strconv.Quote("edge-"+d.rel.ID))
		}
		if d.back {
			attrs = append(attrs, "dir=back", "arrowtail="+st.arrowhead)
		}
		if !d.constraint {
			attrs = append(attrs, "constraint=false")
		}
		if d.minlen > 1 {
			attrs = append(attrs, "minlen="+strconv.Itoa(d.minlen))
		}
		if st.info.Money && d.rel.AmountGBP != nil {
			amt := graph.FormatGBP(*d.rel.AmountGBP)
			attrs = append(attrs, "label="+dotQuote(amt), "fontcolor="+strconv.Quote(pal.edge(st.info.Colour)), "decorate=true")
		}
		attrs = append(attrs, "tooltip="+dotQuote(display[d.rel.From]+" "+typeLabel(d.rel.Type)+" "+display[d.rel.To]))
		w("\t%s -> %s [%s]\n", strconv.Quote(name[d.tail]), strconv.Quote(name[d.head]), strings.Join(attrs, " "))
	}

	w("}\n")
	return b.Bytes(), nil
}

// humanise makes a cluster label from a group id: "nhs-commissioning"
// becomes "NHS commissioning".
func humanise(id string) string {
	words := strings.Split(id, "-")
	for i, w := range words {
		switch w {
		case "nhs", "nhse", "phe", "gp", "uk":
			words[i] = strings.ToUpper(w)
		case "and":
		default:
			if i == 0 {
				words[i] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
	}
	return strings.Join(words, " ")
}

// shorten drops a trailing parenthesis from a long name, so that "National
// Audit Office (led by the Comptroller and Auditor General)" is labelled
// "National Audit Office"; the tooltip keeps the full name.
func shorten(name string) string {
	if len(name) <= 40 || !strings.HasSuffix(name, ")") {
		return name
	}
	if i := strings.LastIndex(name, " ("); i > 0 {
		return name[:i]
	}
	return name
}

// writeBands keeps each node at or below its authority band: a spine of
// invisible nodes, one per band two ranks apart, and an invisible edge from
// the band above to every node that no drawn edge places. People and
// communities go to the bottom rank.
func writeBands(b *bytes.Buffer, nodes []graph.Node, bands map[string]int, name map[string]string, placed map[string]bool) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	// Many unplaced nodes in one band (the 152 councils when instances are
	// drawn) are staggered over several ranks, rootsPerRank to a rank.
	perBand := map[int]int{}
	for _, n := range nodes {
		if id := n.ID(); !placed[id] && bands[id] != bandTop {
			perBand[bands[id]]++
		}
	}
	seen := map[int]int{}
	used := false
	for _, n := range nodes {
		id := n.ID()
		if placed[id] || bands[id] == bandTop {
			continue
		}
		minlen := 1
		if c := perBand[bands[id]]; c > rootsPerRank {
			levels := (c + rootsPerRank - 1) / rootsPerRank
			minlen = 1 + seen[bands[id]]%levels
			seen[bands[id]]++
		}
		if !used {
			w("\tnode [shape=point style=invis width=0 height=0 label=\"\"]\n")
			for k := bandTop; k <= bandProvider; k++ {
				w("\tband_%d", k)
				if k > bandTop {
					w(" ; band_%d -> band_%d [style=invis minlen=2]", k-1, k)
				}
				w("\n")
			}
			used = true
		}
		w("\tband_%d -> %s [style=invis weight=0", bands[id]-1, strconv.Quote(name[id]))
		if minlen > 1 {
			w(" minlen=%d", minlen)
		}
		w("]\n")
	}
}
