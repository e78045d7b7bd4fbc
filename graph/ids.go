package graph

import "regexp"

// idPattern is the one grammar of node and relationship ids: lower-case
// letters and digits in words joined by single hyphens (kebab-case).
var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// MaxIDLength is the longest id.
const MaxIDLength = 100

// IDAllowed is the "allowed:" text for ids.
const IDAllowed = "lower-case letters and digits in words joined by single hyphens (kebab-case), e.g. nhs-england, at most 100 characters"

// ValidID reports whether id is well formed. The seed refuses a dataset
// with any other id; the diagram code builds DOT names, SVG ids and links
// only from ids that pass it; the HTTP layer uses it before any store
// lookup, so an ill-formed id is simply not found.
func ValidID(id string) bool { return len(id) <= MaxIDLength && idPattern.MatchString(id) }
