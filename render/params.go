package render

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"caremap/graph"
)

// DefaultDepth is a neighbourhood diagram's depth when none is given.
const DefaultDepth = 1

// View is what a diagram shows of the graph: the parameters that the
// diagram URLs, the GraphQL field and the explorer's controls share.
type View struct {
	Depth     int             // neighbourhoods: 0..graph.MaxDepth
	Types     []graph.RelType // in graph.RelTypes order, each once; nil when none given
	Direction graph.Direction // neighbourhoods: OUTGOING, INCOMING or BOTH
	Instances bool            // draw instances (the 211 CCGs, …) too
}

// ParseView reads depth, types, direction and instances from q, with the
// defaults (DefaultDepth, every type, BOTH, no instances) for those
// missing. types is comma-separated and may repeat (a form's checkboxes);
// names are case-insensitive. Errors are *graph.InvalidError naming what
// is allowed. Other parameters are left to the caller.
func ParseView(q url.Values) (View, error) {
	v := View{Depth: DefaultDepth, Direction: graph.Both}
	if s := q.Get("depth"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return v, graph.Invalid("depth", s, fmt.Sprintf("an integer from 0 to %d", graph.MaxDepth))
		}
		if err := graph.CheckDepth(n); err != nil {
			return v, err
		}
		v.Depth = n
	}
	seen := map[graph.RelType]bool{}
	for _, list := range q["types"] {
		for _, s := range strings.Split(list, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			t := graph.RelType(strings.ToUpper(s))
			if !t.Valid() {
				return v, graph.Invalid("types", s, graph.RelTypeNames())
			}
			seen[t] = true
		}
	}
	for _, i := range graph.RelTypes {
		if seen[i.Type] {
			v.Types = append(v.Types, i.Type)
		}
	}
	if s := q.Get("direction"); s != "" {
		d := graph.Direction(strings.ToUpper(s))
		if !d.Valid() {
			return v, graph.Invalid("direction", s, graph.DirectionNames)
		}
		v.Direction = d
	}
	if s := q.Get("instances"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return v, graph.Invalid("instances", s, "true or false")
		}
		v.Instances = b
	}
	return v, nil
}
