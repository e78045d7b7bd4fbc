// Package graphtest is the conformance suite every graph.Store must pass
// with identical answers.
//
// Run checks a store holding caremap's real dataset (package seed) against
// answers written out by hand from the reference data: counts, orderings,
// chains, paths and errors, then calls the store from 16 goroutines at once.
// Compare runs a fixed list of queries against two stores and requires the
// same answers, so a new backend can be held to the embedded one directly:
//
//	func TestConformance(t *testing.T) {
//		graphtest.Run(t, func(t *testing.T) graph.Store { return openMyStore(t) })
//	}
//
// The expected answers assume the dataset's rules for generated instances
// (see seed's README): ids such as ccg-02n, area-team-q52, region-y54,
// council-e06000001, hwb-e06000001, healthwatch-e06000001 and trust-rxx,
// edges inst-<id> (INSTANCE_OF), part-<id> (PART_OF), and for each local
// Healthwatch comm-, acct- and memb-<id>. When the dataset changes, these
// answers change with it, on purpose: the suite is a record of the facts.
//
// Where graph.Store leaves a choice open, the suite pins it down:
//
//   - Pages: HasPrevPage is true after any cursor; a cursor past the end
//     gives no items. An unknown filter Kind or Tier is an *InvalidError for
//     "kind" or "tier"; PartOf follows PART_OF edges, InstanceOf the
//     Organisation.InstanceOf field.
//   - Search: candidates are scored with graph.SearchDoc and ordered with
//     graph.SortSearchHits, so hits and scores are identical everywhere. A
//     bad limit is an *InvalidError for "first", empty text for "text".
//   - Nodes keeps repeated ids, in the order asked.
//   - Relationships and Neighbours: direction "" means BOTH; an empty types
//     list means every type.
//   - Neighbourhood and ShortestPath: an unknown id is a *NotFoundError for
//     a "node"; AccountabilityChain and MoneyFlow: for an "organisation";
//     WhoCommissions: for a "service". A *TooLargeError counts every node
//     the answer would hold.
//   - ShortestPath from a node to itself is a path with no steps. No path
//     within MaxHops is an error wrapping ErrNotFound that is not a
//     *NotFoundError (both ends exist).
//   - MoneyFlow of a body no FUNDS edge reaches is no paths (not one empty
//     path); at most 100 paths are returned, the first in ComparePaths order.
package graphtest
