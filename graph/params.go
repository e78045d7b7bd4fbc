package graph

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CheckFirst validates a page size: 0 becomes DefaultFirst.
func CheckFirst(first int) (int, error) {
	if first == 0 {
		return DefaultFirst, nil
	}
	if first < 0 || first > MaxFirst {
		return 0, Invalid("first", strconv.Itoa(first), fmt.Sprintf("an integer from 1 to %d", MaxFirst))
	}
	return first, nil
}

// CheckDepth validates a neighbourhood depth.
func CheckDepth(depth int) error {
	if depth < 0 || depth > MaxDepth {
		return Invalid("depth", strconv.Itoa(depth), fmt.Sprintf("an integer from 0 to %d", MaxDepth))
	}
	return nil
}

// CheckHops validates a path length bound.
func CheckHops(hops int) error {
	if hops < 1 || hops > MaxHops {
		return Invalid("maxHops", strconv.Itoa(hops), fmt.Sprintf("an integer from 1 to %d", MaxHops))
	}
	return nil
}

// CheckTypes validates relationship types.
func CheckTypes(types []RelType) error {
	for _, t := range types {
		if !t.Valid() {
			return Invalid("types", string(t), RelTypeNames())
		}
	}
	return nil
}

// CheckSearchLimit validates the number of search hits asked for.
func CheckSearchLimit(limit int) error {
	if limit < 1 || limit > MaxSearch {
		return Invalid("first", strconv.Itoa(limit), fmt.Sprintf("an integer from 1 to %d", MaxSearch))
	}
	return nil
}

// CheckPage validates a page request and returns its size (0 asks for
// DefaultFirst) and the offset of its first item.
func CheckPage(page Page) (first, offset int, err error) {
	if first, err = CheckFirst(page.First); err != nil {
		return 0, 0, err
	}
	if offset, err = DecodeCursor(page.After); err != nil {
		return 0, 0, err
	}
	return first, offset, nil
}

// CheckDate validates an ISO date parameter (YYYY-MM-DD, a real day).
func CheckDate(param, day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil || len(day) != len(time.DateOnly) {
		return Invalid(param, day, "an ISO date YYYY-MM-DD, e.g. 2013-04-01")
	}
	return nil
}

// CheckOrganisationFilter validates the parts of f that can be wrong: its
// kind, tier and date.
func CheckOrganisationFilter(f OrganisationFilter) error {
	if f.Kind != "" && !f.Kind.Valid() {
		return Invalid("kind", string(f.Kind), KindNames())
	}
	if f.Tier != "" && !f.Tier.Valid() {
		return Invalid("tier", string(f.Tier), TierNames)
	}
	if f.ActiveOn != "" {
		return CheckDate("activeOn", f.ActiveOn)
	}
	return nil
}

// CheckSearchText validates search text given as param: valid UTF-8 of at
// most MaxSearchText characters, the same for the API and the pages.
func CheckSearchText(param, text string) error {
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxSearchText {
		return Invalid(param, "", fmt.Sprintf("search text of at most %d characters", MaxSearchText))
	}
	return nil
}

// CheckEdges validates the arguments of Relationships and Neighbours and
// returns the direction ("" becomes Both).
func CheckEdges(ids []string, types []RelType, dir Direction) (Direction, error) {
	if err := CheckIDs(ids); err != nil {
		return "", err
	}
	if err := CheckTypes(types); err != nil {
		return "", err
	}
	return CheckDirection(dir)
}

// CheckPath validates a shortest-path question's length bound and types.
func CheckPath(q PathQuery) error {
	if err := CheckHops(q.MaxHops); err != nil {
		return err
	}
	return CheckTypes(q.Types)
}

// CheckGraph validates a whole-system question's types and node cap.
func CheckGraph(q GraphQuery) error {
	if err := CheckTypes(q.Types); err != nil {
		return err
	}
	return CheckMaxNodes(q.MaxNodes)
}

// CheckIDs validates the size of a batch of ids.
func CheckIDs(ids []string) error {
	if len(ids) > MaxIDs {
		return Invalid("ids", strconv.Itoa(len(ids))+" ids", fmt.Sprintf("at most %d ids", MaxIDs))
	}
	return nil
}

// NewOrganisationPage returns the page of items that starts at offset in a
// listing of total matches, with a cursor per item.
func NewOrganisationPage(items []Organisation, offset, total int) OrganisationPage {
	p := OrganisationPage{Items: items, TotalCount: total}
	p.Cursors, p.HasNextPage, p.HasPrevPage = pageInfo(offset, len(items), total)
	return p
}

// NewServicePage is NewOrganisationPage for services.
func NewServicePage(items []Service, offset, total int) ServicePage {
	p := ServicePage{Items: items, TotalCount: total}
	p.Cursors, p.HasNextPage, p.HasPrevPage = pageInfo(offset, len(items), total)
	return p
}

func pageInfo(offset, n, total int) (cursors []string, hasNext, hasPrev bool) {
	if n > 0 {
		cursors = make([]string, n)
		for i := range cursors {
			cursors[i] = EncodeCursor(offset + i)
		}
	}
	return cursors, offset+n < total, offset > 0
}

// Cursors are opaque to clients; inside they are the item's offset in the
// ordered listing, so every store produces the same cursors.
const cursorPrefix = "cursor:"

// EncodeCursor returns the cursor of the item at offset i.
func EncodeCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(i)))
}

// DecodeCursor returns the offset of the item after the cursor: 0 for "".
func DecodeCursor(after string) (int, error) {
	if after == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(after)
	if err == nil && strings.HasPrefix(string(b), cursorPrefix) {
		if i, err := strconv.Atoi(strings.TrimPrefix(string(b), cursorPrefix)); err == nil && i >= 0 {
			return i + 1, nil
		}
	}
	return 0, Invalid("after", after, "a cursor returned by an earlier page (edges.cursor or pageInfo.endCursor)")
}
