// Package graphtest is the conformance suite every graph.Store must pass
// with identical answers.
//
// Run checks a store holding caremap's real dataset (package seed) against
// answers written out by hand from the reference data: counts, orderings,
// chains, paths and errors. Compare runs a fixed list of queries against two
// stores and requires the same answers, so a new backend can be held to the
// embedded one directly:
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
package graphtest
