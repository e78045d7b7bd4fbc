package graph

import (
	"strconv"
	"strings"
)

// FormatGBP writes an amount of pounds the way budgets are quoted, the one
// spelling the API, the pages and the diagrams share: £95.6bn, £2.66bn,
// £2bn, £900m, £42m, £4.9m, £12,500, -£3bn.
func FormatGBP(n int64) string {
	neg := ""
	if n < 0 {
		neg, n = "-", -n
	}
	trim := func(s string) string { return strings.TrimSuffix(s, ".0") }
	switch {
	case n >= 10_000_000_000:
		return neg + "£" + trim(strconv.FormatFloat(float64(n)/1e9, 'f', 1, 64)) + "bn"
	case n >= 1_000_000_000:
		// Three figures, as the sources quote them: £2.66bn, not £2.7bn.
		s := strings.TrimRight(strconv.FormatFloat(float64(n)/1e9, 'f', 2, 64), "0")
		return neg + "£" + strings.TrimSuffix(s, ".") + "bn"
	case n >= 10_000_000:
		return neg + "£" + strconv.FormatFloat(float64(n)/1e6, 'f', 0, 64) + "m"
	case n >= 1_000_000:
		return neg + "£" + trim(strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)) + "m"
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return neg + "£" + b.String()
}
