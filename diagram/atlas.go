package diagram

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"caremap/graph"
	"caremap/render"
)

// AtlasPaper is the paper of an atlas's pages.
const AtlasPaper = render.PaperA3

// Atlas draws a printed guide to the system as one PDF: a cover with the
// whole system, a contents page, and one page per class-level body (its
// default ego diagram, the overview), grouped by the dataset's groups. A
// box whose body has a page links to that page; other boxes link to the
// explorer when the service has a BaseURL. It draws in this process, one
// page at a time (render.Atlas), so it is for the command line.
func (s *Service) Atlas(ctx context.Context) ([]byte, error) {
	var orgs []graph.Organisation
	for after := ""; ; {
		page, err := s.cfg.Store.Organisations(ctx, graph.OrganisationFilter{Classes: true}, graph.Page{First: graph.MaxFirst, After: after})
		if err != nil {
			return nil, err
		}
		orgs = append(orgs, page.Items...)
		if !page.HasNextPage || len(page.Cursors) == 0 {
			break
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	group := func(o graph.Organisation) string {
		if n := s.cfg.GroupNames[o.Group]; n != "" {
			return n
		}
		return o.Group
	}
	orgs = slices.DeleteFunc(orgs, func(o graph.Organisation) bool { return !o.Active() || !graph.ValidID(o.ID) })
	slices.SortStableFunc(orgs, func(a, b graph.Organisation) int {
		return cmp.Or(cmp.Compare(group(a), group(b)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	cover := New("", render.PDF)
	cover.Paper = AtlasPaper
	dot, err := s.DOT(ctx, cover)
	if err != nil {
		return nil, fmt.Errorf("atlas cover: %w", err)
	}
	pages := []render.AtlasPage{{DOT: dot, Title: SystemTitle}}
	for _, o := range orgs {
		r := New(o.ID, render.PDF)
		r.Paper = AtlasPaper
		dot, err := s.DOT(ctx, r)
		if err != nil {
			return nil, fmt.Errorf("atlas page of %s: %w", o.ID, err)
		}
		pages = append(pages, render.AtlasPage{DOT: dot, ID: o.ID, Title: o.DisplayName(), Group: group(o), Listed: true})
	}
	version := s.cfg.Version
	if version == "" {
		version = "(development)"
	}
	return render.Atlas(ctx, pages, render.AtlasOptions{
		Title:         SystemTitle + ", as at " + AsAt + ": an atlas",
		Subject:       "Every class-level body of the English health and care system as at " + AsAt + ", each with its ties, and the whole system",
		Keywords:      "health and care system; England; NHS; 2013; atlas",
		Creator:       "caremap " + version,
		Paper:         AtlasPaper,
		ContentsTitle: "Contents",
		Note:          "As at " + AsAt + " · Source: caremap " + version + " · " + Licence,
	})
}
