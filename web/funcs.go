package web

import (
	"html/template"

	"caremap/graph"
)

// funcs are the helpers the templates call.
var funcs = template.FuncMap{
	"asset":     assetURL,
	"kindLabel": kindLabel,
	"validity":  validity,
	"title":     upperFirst,
	"dirLabel": func(d graph.Direction) string {
		switch d {
		case graph.Outgoing:
			return "from this body only"
		case graph.Incoming:
			return "towards this body only"
		}
		return "both ways"
	},
	"confidenceHelp": func(c graph.Confidence) string {
		switch c {
		case graph.ConfidenceHigh:
			return "Stated by a primary source, or by two consistent secondary ones."
		case graph.ConfidenceMedium:
			return "One secondary source, or a small inference from a primary one."
		case graph.ConfidenceLow:
			return "Plausible but unconfirmed: check before relying on it."
		}
		return ""
	},
	"csvLink": func(href, what string) csvLink { return csvLink{Href: href, What: what} },
	"rows":    func(label, csv string, rows []relRow) relTable { return relTable{Label: label, CSV: csv, Rows: rows} },
}

// relTable is one table of relationships with its caption.
type relTable struct {
	Label string
	CSV   string // the table as CSV
	Rows  []relRow
}

// csvLink is a "Download CSV" link beside a table; What names the table
// for screen readers.
type csvLink struct{ Href, What string }
