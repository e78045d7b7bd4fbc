package graph

import (
	"context"
	"fmt"
	"slices"
	"strconv"
)

// A nested question — a service, who commissions it, whom each of those
// answers to — is a tree of steps along typed edges. Store.Expand answers
// the whole tree at once, so a backend that pays per round trip pays once,
// not once per level.

// Limits of one Expand.
const (
	MaxExpandSteps = 32 // steps in one tree
	MaxExpandDepth = 4  // steps from a root to the deepest step
)

// EdgeEnd says which nodes of its parent step's edges a step applies to.
type EdgeEnd string

// Edge ends.
const (
	FarEnd  EdgeEnd = ""     // each edge's end other than the node the parent step found it at
	FromEnd EdgeEnd = "from" // each edge's from end
	ToEnd   EdgeEnd = "to"   // each edge's to end
)

// ExpandStep is one step of a nested question: the edges of Types in
// Direction at the nodes it applies to — the roots when Parent is -1, else
// the nodes at End of the edges its parent step found — keeping those of
// Kind ("" for both kinds).
type ExpandStep struct {
	Parent    int // an earlier step's index, or -1 for the roots
	End       EdgeEnd
	Kind      NodeKind
	Types     []RelType // nil: every type
	Direction Direction // "" means Both
}

// Expansion is the answer to Expand.
type Expansion struct {
	Roots []Node         // the roots that exist, in the order asked, as Nodes gives them
	Steps []ExpandedStep // one per step, in the order asked
	Nodes []Node         // the nodes at both ends of every edge found, each once, ordered by id
}

// ExpandedStep is what one step found.
type ExpandedStep struct {
	At    []string       // the ids of the nodes the step applied to, ordered
	Edges []Relationship // the edges at them, as Relationships gives them
}

// EdgesAt returns the edges of the step at id (which must be in At) in
// direction dir, the step's, in SortRelationships order.
func (e ExpandedStep) EdgesAt(id string, dir Direction) []Relationship {
	out := []Relationship{}
	for _, r := range e.Edges {
		if (dir != Incoming && r.From == id) || (dir != Outgoing && r.To == id) {
			out = append(out, r)
		}
	}
	return out
}

// CheckExpand validates a tree of steps and the roots.
func CheckExpand(roots []string, steps []ExpandStep) error {
	if err := CheckIDs(roots); err != nil {
		return err
	}
	if len(steps) > MaxExpandSteps {
		return Invalid("steps", strconv.Itoa(len(steps)), fmt.Sprintf("at most %d steps", MaxExpandSteps))
	}
	depth := make([]int, len(steps))
	for i, s := range steps {
		if s.Parent < -1 || s.Parent >= i {
			return Invalid("steps", fmt.Sprintf("step %d's parent %d", i, s.Parent), "-1 or an earlier step")
		}
		depth[i] = 1
		if s.Parent >= 0 {
			depth[i] = depth[s.Parent] + 1
		}
		if depth[i] > MaxExpandDepth {
			return Invalid("steps", fmt.Sprintf("step %d at depth %d", i, depth[i]), fmt.Sprintf("at most %d steps from a root", MaxExpandDepth))
		}
		if s.End != FarEnd && s.End != FromEnd && s.End != ToEnd {
			return Invalid("end", string(s.End), `"", from, to`)
		}
		if s.Kind != "" && s.Kind != NodeOrganisation && s.Kind != NodeService {
			return Invalid("kind", string(s.Kind), "Organisation, Service")
		}
		if err := CheckTypes(s.Types); err != nil {
			return err
		}
		if _, err := CheckDirection(s.Direction); err != nil {
			return err
		}
	}
	return nil
}

// ExpandBy answers Expand a step at a time with a store's own lookups:
// nodes as Store.Nodes and edges as Store.Relationships. It is what every
// Store.Expand must agree with. A step that applies to more than MaxIDs
// nodes is a *TooLargeError.
func ExpandBy(ctx context.Context, roots []string, steps []ExpandStep,
	nodes func(ctx context.Context, ids []string) ([]Node, error),
	edges func(ctx context.Context, ids []string, types []RelType, dir Direction) ([]Relationship, error),
) (Expansion, error) {
	if err := CheckExpand(roots, steps); err != nil {
		return Expansion{}, err
	}
	var x Expansion
	var err error
	if x.Roots, err = nodes(ctx, roots); err != nil {
		return Expansion{}, err
	}
	ends := map[string]bool{}
	kinds := map[string]NodeKind{}
	for _, n := range x.Roots {
		kinds[n.ID()] = n.Kind()
	}
	x.Steps = make([]ExpandedStep, len(steps))
	for i, s := range steps {
		set := map[string]bool{}
		if s.Parent < 0 {
			for _, n := range x.Roots {
				set[n.ID()] = true
			}
		} else {
			p := x.Steps[s.Parent]
			pdir, _ := CheckDirection(steps[s.Parent].Direction)
			for _, near := range p.At {
				for _, r := range p.EdgesAt(near, pdir) {
					for _, id := range r.endsAt(near, s.End) {
						set[id] = true
					}
				}
			}
		}
		at := make([]string, 0, len(set))
		for id := range set {
			if s.Kind == "" || kinds[id] == s.Kind {
				at = append(at, id)
			}
		}
		if len(at) > MaxIDs {
			return Expansion{}, &TooLargeError{What: "nodes in one step", Count: len(at), Limit: MaxIDs}
		}
		slices.Sort(at)
		rs, err := edges(ctx, at, s.Types, s.Direction)
		if err != nil {
			return Expansion{}, err
		}
		x.Steps[i] = ExpandedStep{At: at, Edges: rs}
		var fresh []string
		for _, r := range rs {
			for _, id := range []string{r.From, r.To} {
				if !ends[id] {
					ends[id] = true
					fresh = append(fresh, id)
				}
			}
		}
		found, err := nodes(ctx, fresh)
		if err != nil {
			return Expansion{}, err
		}
		for _, n := range found {
			kinds[n.ID()] = n.Kind()
			x.Nodes = append(x.Nodes, n)
		}
	}
	SortNodes(x.Nodes)
	return x, nil
}

// endsAt returns the ends of r that a step at end applies to, r having been
// found at the node near.
func (r *Relationship) endsAt(near string, end EdgeEnd) []string {
	switch end {
	case FromEnd:
		return []string{r.From}
	case ToEnd:
		return []string{r.To}
	}
	if r.From == near && r.To == near {
		return []string{near}
	}
	if r.From == near {
		return []string{r.To}
	}
	return []string{r.From}
}
