package memory

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"caremap/graph"
)

// checkEvery is how many items a loop handles between checks of its context.
const checkEvery = 256

// Organisations lists the organisations matching f, ordered by name then id.
// An unknown f.Kind or f.Tier, an f.ActiveOn that is not an ISO date, a page size outside 0..graph.MaxFirst or a
// cursor this method did not return is ErrInvalid.
func (s *Store) Organisations(ctx context.Context, f graph.OrganisationFilter, page graph.Page) (graph.OrganisationPage, error) {
	first, offset, err := graph.CheckPage(page)
	if err == nil {
		err = graph.CheckOrganisationFilter(f)
	}
	if err != nil {
		return graph.OrganisationPage{}, fmt.Errorf("organisations: %w", err)
	}
	var items []graph.Organisation
	total := 0
	for k, i := range s.candidates(f) {
		if k%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return graph.OrganisationPage{}, fmt.Errorf("organisations: %w", err)
			}
		}
		o := &s.orgs[i]
		if !s.matches(o, f) {
			continue
		}
		if total >= offset && len(items) < first {
			items = append(items, *o)
		}
		total++
	}
	return graph.NewOrganisationPage(items, offset, total), nil
}

// candidates returns the indexes into s.orgs, in name order, of the
// organisations f may match: the parts, members or instances f names,
// through their index, else every one.
func (s *Store) candidates(f graph.OrganisationFilter) iter.Seq2[int, int] {
	var idx []int
	switch {
	case f.PartOf != "":
		idx = s.parts[f.PartOf]
	case f.MemberOf != "":
		idx = s.members[f.MemberOf]
	case f.InstanceOf != "":
		idx = s.ofClass[f.InstanceOf]
	default:
		return func(yield func(int, int) bool) {
			for i := range s.orgs {
				if !yield(i, i) {
					return
				}
			}
		}
	}
	return slices.All(idx)
}

func (s *Store) matches(o *graph.Organisation, f graph.OrganisationFilter) bool {
	return (f.Kind == "" || o.Kind == f.Kind) &&
		(f.Tier == "" || o.Tier == f.Tier) &&
		(f.InstanceOf == "" || o.InstanceOf == f.InstanceOf) &&
		(f.PartOf == "" || s.partOf[f.PartOf][o.ID]) &&
		(f.Group == "" || o.Group == f.Group) &&
		(!f.Classes || o.InstanceOf == "") &&
		(f.MemberOf == "" || s.memberOf[f.MemberOf][o.ID]) &&
		(f.ActiveOn == "" || o.ActiveOn(f.ActiveOn))
}

// Services lists the services ordered by name then id, paginated as
// Organisations is.
func (s *Store) Services(ctx context.Context, page graph.Page) (graph.ServicePage, error) {
	first, offset, err := graph.CheckPage(page)
	if err != nil {
		return graph.ServicePage{}, fmt.Errorf("services: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return graph.ServicePage{}, fmt.Errorf("services: %w", err)
	}
	items := s.svcs[min(offset, len(s.svcs)):min(offset+first, len(s.svcs))]
	return graph.NewServicePage(slices.Clone(items), offset, len(s.svcs)), nil
}

// Search ranks the nodes matching text with graph.SearchDoc and returns the
// best limit of them in graph.SortSearchHits order, the first with the
// answer to the question text asks (graph.AnswerSearch). It scores only the
// documents under the index keys of the query's terms (graph.SearchTerms),
// which hold every match. limit outside 1..graph.MaxSearch, or text with no
// letter or digit, is ErrInvalid.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]graph.SearchHit, error) {
	if err := graph.CheckSearchLimit(limit); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	q, err := graph.ParseSearch(text)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	top := graph.NewTopHits(limit)
	seen := make([]uint64, (len(s.docs)+63)/64)
	scored := 0
	for _, key := range s.searchKeys(q) {
		for _, i := range s.docsByKey[key] {
			if seen[i/64]&(1<<(i%64)) != 0 {
				continue
			}
			seen[i/64] |= 1 << (i % 64)
			if scored++; scored%checkEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("search: %w", err)
				}
			}
			d := s.docs[i]
			if score, ok := d.doc.Score(q); ok {
				top.Add(graph.SearchHit{Node: d.node, Score: score})
			}
		}
	}
	if len(top.Hits()) == 0 {
		return nil, nil
	}
	hits := top.Hits()
	if err := graph.AnswerSearch(ctx, s, q, hits); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return hits, nil
}

// searchKeys returns the index keys whose documents hold every match of q:
// for each of its terms, the compact text's key and the keys of its
// narrowest word group.
func (s *Store) searchKeys(q graph.SearchQuery) []string {
	var keys []string
	add := func(k string) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, t := range q.Terms() {
		add(t.CompactKey())
		best, bestSize := -1, 0
		for g := range t.Words {
			size := 0
			for _, k := range t.GroupKeys(g) {
				size += len(s.docsByKey[k])
			}
			if best < 0 || size < bestSize {
				best, bestSize = g, size
			}
		}
		if best < 0 {
			continue
		}
		for _, k := range t.GroupKeys(best) {
			add(k)
		}
	}
	return keys
}
