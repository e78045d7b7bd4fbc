package web

import (
	"net/http"
	"strings"

	"caremap/graph"
)

// commissioningPage is the data of /commissioning: graph.Commissioning as a
// table, and the relationships its cells link to.
type commissioningPage struct {
	page
	Columns []link
	Rows    []matrixRow
	Rels    []matrixRel // every relationship a cell links to, once, in order of first use
	Empty   int         // services nobody commissions
}

type matrixRow struct {
	Service link
	Domain  string
	Cells   []matrixCell
}

// matrixCell is one commissioner's part in one service.
type matrixCell struct {
	Column      string // the column's heading, for phones (a label before the cell)
	Commissions []matrixRef
	From        []matrixRef // providers it buys the service from
	Amount      string
	Mechanism   string
}

// matrixRef is a link to a relationship in the list below the table.
type matrixRef struct {
	Label, Href string
}

// matrixRel is one relationship as the list under the table shows it.
type matrixRel struct {
	ID         string // the element id
	Sentence   string
	Services   []link
	Mechanism  string
	Note       string
	Confidence graph.Confidence
	Sources    []graph.Source
}

func (s *site) commissioning(w http.ResponseWriter, r *http.Request) {
	m, err := graph.Commissioning(r.Context(), s.store)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := commissioningPage{page: page{
		Title:       "Who commissions what",
		Description: "Every service of the English health and care system of April 2013 against the bodies that commission it, with the sources of each tie.",
	}}
	svcNames := map[string]graph.Node{}
	for i := range m.Rows {
		svcNames[m.Rows[i].Service.ID] = graph.Node{Service: &m.Rows[i].Service}
	}
	for i := range m.Commissioners {
		p.Columns = append(p.Columns, columnLink(&m.Commissioners[i]))
	}
	seen := map[string]bool{}
	ref := func(rel graph.Relationship, label string, from, to graph.Node) matrixRef {
		id := "r-" + rel.ID
		if !seen[rel.ID] {
			seen[rel.ID] = true
			mr := matrixRel{ID: id, Sentence: stepSentence(rel, from, to), Mechanism: rel.Mechanism, Note: rel.Note,
				Confidence: rel.Confidence, Sources: rel.Sources}
			for _, sv := range rel.Services {
				if n, ok := svcNames[sv]; ok {
					mr.Services = append(mr.Services, nodeLink(n))
				}
			}
			p.Rels = append(p.Rels, mr)
		}
		return matrixRef{Label: label, Href: "#" + id}
	}
	for _, row := range m.Rows {
		svc := graph.Node{Service: &row.Service}
		mr := matrixRow{Service: nodeLink(svc), Domain: row.Service.Domain}
		any := false
		for i, c := range row.Cells {
			who := graph.Node{Organisation: &m.Commissioners[i]}
			cell := matrixCell{Column: p.Columns[i].Name}
			for _, rel := range c.Commissions {
				cell.Commissions = append(cell.Commissions, ref(rel, "commissions", who, svc))
				if cell.Mechanism == "" {
					cell.Mechanism = rel.Mechanism
				}
			}
			for j, rel := range c.Contracts {
				prov := graph.Node{Organisation: &c.Providers[j]}
				cell.From = append(cell.From, ref(rel, upperFirst(strings.TrimPrefix(proseName(prov), "the ")), who, prov))
			}
			if amt := c.AmountGBP(); amt != nil {
				cell.Amount = graph.FormatGBP(*amt)
			}
			any = any || !c.Empty()
			mr.Cells = append(mr.Cells, cell)
		}
		if !any {
			p.Empty++
		}
		p.Rows = append(p.Rows, mr)
	}
	s.render(w, r, http.StatusOK, "commissioning", &p)
}

// columnLink names a commissioner as a column heading: "NHS England",
// "211 CCGs".
func columnLink(o *graph.Organisation) link {
	l := nodeLink(graph.Node{Organisation: o})
	l.Name = upperFirst(strings.TrimPrefix(proseName(graph.Node{Organisation: o}), "the "))
	return l
}
