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
}

// add records one problem.
func (p *problems) add(at origin, format string, args ...any) {
	p.list = append(p.list, graph.Problem{File: at.file, Record: at.record, Message: fmt.Sprintf(format, args...)})
}

// err returns nil, or a *graph.ValidationError listing every problem sorted
// by file, then record (numbers compared as numbers), then message.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	list := slices.Clone(p.list)
	slices.SortStableFunc(list, func(a, b graph.Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			naturalCompare(a.Record, b.Record),
			cmp.Compare(a.Message, b.Message),
		)
	})
	list = slices.Compact(list)
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
