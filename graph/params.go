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
		return Invalid("tier", string(f.Tier), "national, regional, local")
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

// CheckIDs validates the size of a batch of ids.
func CheckIDs(ids []string) error {
	if len(ids) > MaxIDs {
		return Invalid("ids", strconv.Itoa(len(ids))+" ids", fmt.Sprintf("at most %d ids", MaxIDs))
	}
	return nil
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
