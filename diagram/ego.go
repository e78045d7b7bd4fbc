package diagram

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"caremap/graph"
	"caremap/render"
)

// MaxBoxes is about the most boxes a focused diagram draws: past it, big
// fans of one tie fold into "n more …" boxes that link to the list.
const MaxBoxes = 25

// egoFetchCap bounds the nodes fetched around a focus before folding (the
// layout's own cap applies to what is left): every GP practice of England
// is about 8,000.
const egoFetchCap = 20000

// fanLimits are the largest fans tried, widest first: the first that
// leaves at most MaxBoxes boxes wins.
var fanLimits = []int{12, 9, 7, 6, 5, 4, 3, 2, 1}

// ego fetches the neighbourhood of r's focus and folds it to about
// MaxBoxes boxes: the focus, what it answers to and is funded by above it
// (authority sets the rank), what answers to it and what it commissions
// below. An instance's diagram always shows the real bodies around it.
func (s *Service) ego(ctx context.Context, r Request, types []graph.RelType) (graph.Subgraph, []render.Fold, graph.Node, error) {
	found, err := s.cfg.Store.Nodes(ctx, []string{r.Focus})
	if err != nil {
		return graph.Subgraph{}, nil, graph.Node{}, err
	}
	if len(found) == 0 {
		return graph.Subgraph{}, nil, graph.Node{}, graph.NotFound("node", r.Focus)
	}
	focus := found[0]
	instances := r.Instances || focus.Organisation != nil && focus.Organisation.InstanceOf != ""
	fetch := types
	if instances && !slices.Contains(fetch, graph.InstanceOf) {
		fetch = append(slices.Clone(fetch), graph.InstanceOf) // a class's instances come in, to be folded
	}
	sg, err := s.cfg.Store.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: r.Focus, Depth: r.Depth, Types: fetch,
		Direction: r.Direction, Instances: instances, MaxNodes: egoFetchCap})
	if err != nil {
		return graph.Subgraph{}, nil, graph.Node{}, err
	}
	// The names of the classes of the instances, for fold labels.
	classes := map[string]string{}
	var ids []string
	for _, n := range sg.Nodes {
		if o := n.Organisation; o != nil && o.InstanceOf != "" && classes[o.InstanceOf] == "" {
			classes[o.InstanceOf] = o.InstanceOf
			ids = append(ids, o.InstanceOf)
		}
	}
	slices.Sort(ids)
	for len(ids) > 0 {
		batch := ids[:min(len(ids), graph.MaxIDs)]
		ids = ids[len(batch):]
		ns, err := s.cfg.Store.Nodes(ctx, batch)
		if err != nil {
			return graph.Subgraph{}, nil, graph.Node{}, err
		}
		for _, n := range ns {
			classes[n.ID()] = n.DisplayName()
		}
	}
	// Fold the outer rings first: the first ring keeps its widest fans
	// for as long as folding further out is enough.
	var kept graph.Subgraph
	var folds []render.Fold
	for _, inner := range fanLimits {
		for _, coarse := range []bool{false, true} {
			for _, outer := range fanLimits {
				if outer > inner {
					continue
				}
				kept, folds = foldEgo(sg, r.Focus, fanLimit{inner, outer}, coarse, classes)
				if len(kept.Nodes)+len(folds) <= MaxBoxes {
					return kept, folds, focus, nil
				}
			}
		}
	}
	return kept, folds, focus, nil
}

// fanLimit is the largest fan kept whole in the first ring around the
// focus and in the rings further out.
type fanLimit struct{ inner, outer int }

// egoTie is how a node hangs from its parent, one step nearer the focus.
type egoTie struct {
	parent string
	typ    graph.RelType
	out    bool // the edge points from the parent to the node
}

// foldEgo keeps the focus and, level by level outwards, the nodes tied to
// a kept node one level in. It groups them by parent and tie (by parent
// alone past the first level when coarse); a group of more than its
// level's limit keeps its limit-1 most connected members and folds the
// rest into one box, and a group made only of the instances of one class
// folds whole.
// Nodes whose every tie inwards leads to a folded node are left out.
func foldEgo(sg graph.Subgraph, focus string, fan fanLimit, coarse bool, classes map[string]string) (graph.Subgraph, []render.Fold) {
	byID := make(map[string]graph.Node, len(sg.Nodes))
	for _, n := range sg.Nodes {
		byID[n.ID()] = n
	}
	typeOrder := map[graph.RelType]int{}
	for i, t := range graph.RelTypes {
		typeOrder[t.Type] = i
	}
	degree := map[string]int{}
	adj := map[string][]graph.Relationship{}
	for _, e := range sg.Edges {
		if e.From == e.To {
			continue
		}
		degree[e.From]++
		degree[e.To]++
		adj[e.From] = append(adj[e.From], e)
		adj[e.To] = append(adj[e.To], e)
	}
	other := func(e graph.Relationship, id string) string {
		if e.From == id {
			return e.To
		}
		return e.From
	}
	// Breadth-first levels from the focus.
	level := map[string]int{focus: 0}
	frontier := []string{focus}
	var levels [][]string
	for len(frontier) > 0 {
		var next []string
		for _, id := range frontier {
			for _, e := range adj[id] {
				o := other(e, id)
				if _, seen := level[o]; !seen {
					if _, ok := byID[o]; ok {
						level[o] = level[id] + 1
						next = append(next, o)
					}
				}
			}
		}
		slices.Sort(next)
		if len(next) > 0 {
			levels = append(levels, next)
		}
		frontier = next
	}
	isInstance := func(id string) bool {
		o := byID[id].Organisation
		return o != nil && o.InstanceOf != ""
	}
	// priority orders a group's members: classes and single bodies before
	// instances, then the most connected, then by id.
	priority := func(a, b string) int {
		if ia, ib := isInstance(a), isInstance(b); ia != ib {
			if ia {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(degree[b], degree[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	kept := map[string]bool{focus: true}
	var folds []render.Fold
	for li, ids := range levels {
		limit := fan.inner
		if li > 0 {
			limit = fan.outer
		}
		ties := map[string]egoTie{}
		groups := map[egoTie][]string{}
		var keys []egoTie
		for _, id := range ids {
			// Its tie to a kept node one level in: the first by type, then
			// by parent id.
			var best egoTie
			found := false
			for _, e := range adj[id] {
				p := other(e, id)
				if !kept[p] || level[p] != li {
					continue
				}
				t := egoTie{parent: p, typ: e.Type, out: e.From == p}
				if !found || typeOrder[t.typ] < typeOrder[best.typ] || t.typ == best.typ && (t.parent < best.parent || t.parent == best.parent && t.out && !best.out) {
					best, found = t, true
				}
			}
			if !found {
				continue // every tie inwards leads to a folded node
			}
			ties[id] = best
			key := best
			if coarse && li > 0 {
				key = egoTie{parent: best.parent}
			}
			if _, ok := groups[key]; !ok {
				keys = append(keys, key)
			}
			groups[key] = append(groups[key], id)
		}
		slices.SortFunc(keys, func(a, b egoTie) int {
			if c := cmp.Compare(a.parent, b.parent); c != 0 {
				return c
			}
			if c := cmp.Compare(typeOrder[a.typ], typeOrder[b.typ]); c != 0 {
				return c
			}
			return map[bool]int{true: 1, false: 0}[a.out] - map[bool]int{true: 1, false: 0}[b.out]
		})
		for _, key := range keys {
			members := groups[key]
			slices.SortFunc(members, priority)
			keep := members
			var folded []string
			if len(members) > limit {
				instancesOfOne := true
				for _, id := range members {
					if !isInstance(id) || byID[id].Organisation.InstanceOf != byID[members[0]].Organisation.InstanceOf {
						instancesOfOne = false
						break
					}
				}
				if instancesOfOne {
					keep, folded = nil, members
				} else {
					keep, folded = members[:max(limit-1, 0)], members[max(limit-1, 0):]
				}
			}
			for _, id := range keep {
				kept[id] = true
			}
			if len(folded) == 0 {
				continue
			}
			tie := ties[folded[0]]
			folds = append(folds, render.Fold{
				Key:     "f" + strconv.Itoa(len(folds)+1),
				Parent:  tie.parent,
				Type:    tie.typ,
				Out:     tie.out,
				Like:    byID[folded[0]],
				Count:   len(folded),
				Label:   foldLabel(len(folded), folded, byID, classes),
				Tooltip: foldTooltip(folded, byID),
				Link:    listLink(byID[tie.parent], tie.typ),
			})
		}
	}
	out := graph.Subgraph{}
	for _, n := range sg.Nodes {
		if kept[n.ID()] {
			out.Nodes = append(out.Nodes, n)
		}
	}
	for _, e := range sg.Edges {
		if kept[e.From] && kept[e.To] {
			out.Edges = append(out.Edges, e)
		}
	}
	return out, folds
}

// listLink is the explorer page that lists the nodes tied to parent by
// typ: a class's instances, or the table of that tie on parent's page.
func listLink(parent graph.Node, typ graph.RelType) string {
	if !graph.ValidID(parent.ID()) {
		return ""
	}
	if parent.Service != nil {
		return "/service/" + parent.ID() + "#g-rel-" + relSlug(typ)
	}
	if typ == graph.InstanceOf {
		return "/org/" + parent.ID() + "#instances"
	}
	return "/org/" + parent.ID() + "#g-rel-" + relSlug(typ)
}

// relSlug spells a type for ids: MEMBER_OF is "member-of".
func relSlug(t graph.RelType) string {
	return strings.ToLower(strings.ReplaceAll(string(t), "_", "-"))
}

// foldLabel names what a fold box stands for.
// "211 clinical commissioning groups" for the instances of one class, else
// "12 more services" or "9 more bodies".
func foldLabel(n int, ids []string, byID map[string]graph.Node, classes map[string]string) string {
	noun := "bodies"
	class := ""
	services := true
	for i, id := range ids {
		nd := byID[id]
		if nd.Service == nil {
			services = false
		}
		c := ""
		if o := nd.Organisation; o != nil {
			c = o.InstanceOf
		}
		if i == 0 {
			class = c
		} else if c != class {
			class = ""
		}
	}
	switch {
	case class != "" && classes[class] != "":
		return strconv.Itoa(n) + " " + lowerFirst(classes[class])
	case services:
		noun = "services"
	}
	return strconv.Itoa(n) + " more " + noun
}

// lowerFirst lower-cases a name's first letter unless its first word is
// an acronym: "Clinical commissioning groups" reads "clinical
// commissioning groups", "GP practices" stays.
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	upper := 0
	for _, r := range word {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper > 1 {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

// foldTooltip lists the names a fold box stands for.
func foldTooltip(ids []string, byID map[string]graph.Node) string {
	const shown = 12
	names := make([]string, 0, shown)
	for _, id := range ids[:min(len(ids), shown)] {
		names = append(names, byID[id].DisplayName())
	}
	s := strings.Join(names, "; ")
	if len(ids) > shown {
		s += fmt.Sprintf("; and %d more", len(ids)-shown)
	}
	return s
}
