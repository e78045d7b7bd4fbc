package seed

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"caremap/graph"
)

// origin says where a record came from, for problem reports.
type origin struct {
	file   string // path inside the dataset, e.g. "relationships.yaml"
	record string // the record's id, or "line N"
}

func (o origin) String() string { return o.file + " " + o.record }

// problems collects everything wrong with a dataset.
type problems struct {
	list []graph.Problem
	// broken marks files that are missing or could not be parsed, so checks
	// that look things up in them stay quiet instead of reporting every
	// reference as dangling.
	broken map[string]bool
}

// markBroken records that file is missing or unparseable.
func (p *problems) markBroken(file string) {
	if p.broken == nil {
		p.broken = map[string]bool{}
	}
	p.broken[file] = true
}

// add records one problem.
func (p *problems) add(at origin, format string, args ...any) {
	p.list = append(p.list, graph.Problem{File: at.file, Record: at.record, Message: fmt.Sprintf(format, args...)})
}

// err returns nil, or a *graph.ValidationError listing every problem once,
// sorted by file, then record (numbers compared as numbers); one record's
// problems stay in the order they were found.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	seen := make(map[graph.Problem]bool, len(p.list))
	list := make([]graph.Problem, 0, len(p.list))
	for _, pr := range p.list {
		if !seen[pr] {
			seen[pr] = true
			list = append(list, pr)
		}
	}
	slices.SortStableFunc(list, func(a, b graph.Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), naturalCompare(a.Record, b.Record))
	})
	return &graph.ValidationError{Problems: list}
}

// naturalCompare orders strings with runs of digits compared by value, so
// "line 9" sorts before "line 10".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da != "" && db != "" {
			ta, tb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if c := cmp.Or(cmp.Compare(len(ta), len(tb)), cmp.Compare(ta, tb)); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// lineRecord is the record label of something known only by its line.
func lineRecord(line int) string { return fmt.Sprintf("line %d", line) }
