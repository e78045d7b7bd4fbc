package neo4j

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"caremap/graph"
)

// SeedBatchSize is how many records one UNWIND statement of a seed writes.
const SeedBatchSize = 500

// SeedCounts counts what a seed did to one kind of record.
type SeedCounts struct {
	Created   int // new ids
	Updated   int // ids whose record changed
	Unchanged int // ids whose record is as it was
	Deleted   int // ids the database had and the dataset does not
}

// SeedSummary says what a seed did.
type SeedSummary struct {
	Previous      graph.DatasetInfo // what the database held before ("" when empty)
	Dataset       graph.DatasetInfo // what it holds now
	Nodes         SeedCounts        // organisations and services
	Relationships SeedCounts
	Changed       bool // whether anything was written
	// Replan is why the query plans could not be refreshed after a seed
	// that changed the data ("" when they were, or nothing changed):
	// db.prepareForReplanning is admin-only. The data is written either
	// way; only the first plans may be worse until Neo4j resamples itself.
	Replan string
}

// SeedProgress reports a seed's progress: Done of Total write batches,
// the current one described by Stage.
type SeedProgress struct {
	Stage       string // e.g. "organisations", "relationships"
	Done, Total int
}

// Seed makes the database hold exactly ds: it creates the constraints and
// the full-text index if they do not exist, then, in ONE write transaction,
// reads what the database holds, deletes the nodes and edges ds does not
// have, and writes (batched UNWIND … MERGE/CREATE) those that are new or
// changed, and records ds's version and checksum. A failure anywhere leaves
// the previous contents exactly as they were. Seeding the same dataset again
// writes nothing. progress, if not nil, is called before each write batch.
//
// A dataset that repeats an id, has an edge of an unknown type or an edge
// whose end is missing is ErrInvalid (seed.Load never returns one).
func (s *Store) Seed(ctx context.Context, ds graph.Dataset, progress func(SeedProgress)) (SeedSummary, error) {
	plan, err := newSeedPlan(ds)
	if err != nil {
		return SeedSummary{}, fmt.Errorf("seed: %w", err)
	}
	if err := s.createSchema(ctx); err != nil {
		return SeedSummary{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SeedTimeout+5*time.Second)
	defer cancel()
	session := s.driver.NewSession(ctx, n4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: n4j.AccessModeWrite})
	defer session.Close(context.WithoutCancel(ctx))
	sum, err := n4j.ExecuteWrite(ctx, session, func(tx n4j.ManagedTransaction) (SeedSummary, error) {
		return s.seedTx(ctx, tx, plan, progress)
	}, n4j.WithTxTimeout(s.cfg.SeedTimeout))
	if err != nil {
		var abort *seedAbort
		if errors.As(err, &abort) {
			return SeedSummary{}, fmt.Errorf("seed: %w", abort.err)
		}
		return SeedSummary{}, s.mapError(ctx, "seed", err)
	}
	if sum.Changed {
		sum.Replan = s.prepareForReplanning(ctx)
	}
	return sum, nil
}

// prepareForReplanning resamples the indexes and clears the query caches
// after a seed, so questions are planned on the new data's statistics. A
// freshly written index's selectivity is sampled in the background; until
// then the planner may scan what it would seek (seen in CI: the listing
// of an area team's parts at 9,691 db hits instead of 435, a money flow at
// 18,873 instead of 363). It returns why it could not, or "".
func (s *Store) prepareForReplanning(ctx context.Context) string {
	s.roundTrips.Add(1)
	_, err := n4j.ExecuteQuery(ctx, s.driver, qPrepareForReplanning, nil, n4j.EagerResultTransformer,
		n4j.ExecuteQueryWithDatabase(s.cfg.Database), n4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return errorKind(err)
	}
	return ""
}

// seedAbort carries an error of our own (not the driver's) out of the
// transaction function, so it is not retried nor reclassified.
type seedAbort struct{ err error }

func (e *seedAbort) Error() string { return e.err.Error() }

func (s *Store) createSchema(ctx context.Context) error {
	for _, q := range append(slices.Clone(schemaStatements), qAwaitIndexes) {
		s.roundTrips.Add(1)
		_, err := n4j.ExecuteQuery(ctx, s.driver, q, nil, n4j.EagerResultTransformer,
			n4j.ExecuteQueryWithDatabase(s.cfg.Database), n4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return s.mapError(ctx, "seed schema", err)
		}
	}
	return nil
}

// seedRecord is one node or edge to write, with its digest.
type seedRecord struct {
	id, hash string
	row      map[string]any // the UNWIND row
	org      bool           // nodes: an organisation, else a service
}

// seedPlan is the dataset prepared for writing.
type seedPlan struct {
	info  graph.DatasetInfo
	nodes []seedRecord // organisations then services, each ordered by id
	rels  []seedRecord // ordered by id
}

func newSeedPlan(ds graph.Dataset) (*seedPlan, error) {
	p := &seedPlan{info: graph.DatasetInfo{Version: ds.Version, Checksum: ds.Checksum}}
	ids := make(map[string]bool)
	for i := range ds.Organisations {
		o := &ds.Organisations[i]
		if o.ID == "" || ids[o.ID] {
			return nil, fmt.Errorf("organisation id %q is empty or repeated: %w", o.ID, graph.ErrInvalid)
		}
		ids[o.ID] = true
		props := organisationProps(o)
		h := hashProps("Organisation", props)
		props["hash"] = h
		p.nodes = append(p.nodes, seedRecord{id: o.ID, hash: h, org: true, row: map[string]any{"id": o.ID, "props": props}})
	}
	listed := listingCommissioners(ds.Relationships)
	for i := range ds.Services {
		v := &ds.Services[i]
		if v.ID == "" || ids[v.ID] {
			return nil, fmt.Errorf("service id %q is empty or repeated: %w", v.ID, graph.ErrInvalid)
		}
		ids[v.ID] = true
		props := serviceProps(v)
		if l := listed[v.ID]; len(l) > 0 {
			props["listingCommissioners"] = l
		}
		h := hashProps("Service", props)
		props["hash"] = h
		p.nodes = append(p.nodes, seedRecord{id: v.ID, hash: h, row: map[string]any{"id": v.ID, "props": props}})
	}
	relIDs := make(map[string]bool)
	for i := range ds.Relationships {
		r := &ds.Relationships[i]
		switch {
		case r.ID == "" || relIDs[r.ID]:
			return nil, fmt.Errorf("relationship id %q is empty or repeated: %w", r.ID, graph.ErrInvalid)
		case !r.Type.Valid():
			return nil, fmt.Errorf("relationship %s: %w", r.ID, graph.Invalid("type", string(r.Type), graph.RelTypeNames()))
		case !ids[r.From] || !ids[r.To]:
			return nil, fmt.Errorf("relationship %s joins unknown node(s) %q -> %q: %w", r.ID, r.From, r.To, graph.ErrInvalid)
		}
		relIDs[r.ID] = true
		props := relationshipProps(r)
		h := hashProps(string(r.Type)+"\x00"+r.From+"\x00"+r.To, props)
		props["hash"] = h
		p.rels = append(p.rels, seedRecord{id: r.ID, hash: h, row: map[string]any{
			"type": string(r.Type), "from": r.From, "to": r.To, "props": props,
		}})
	}
	byID := func(a, b seedRecord) int {
		if a.org != b.org {
			if a.org {
				return -1
			}
			return 1
		}
		switch {
		case a.id < b.id:
			return -1
		case a.id > b.id:
			return 1
		}
		return 0
	}
	slices.SortFunc(p.nodes, byID)
	slices.SortFunc(p.rels, byID)
	return p, nil
}

// listingCommissioners returns, for each service, the ids of the bodies
// whose COMMISSIONS edges list it among their services, sorted. Seed
// stores them on the service, so WhoCommissions finds them by id instead
// of reading every COMMISSIONS edge.
func listingCommissioners(rels []graph.Relationship) map[string][]string {
	m := map[string][]string{}
	for _, r := range rels {
		if r.Type != graph.Commissions {
			continue
		}
		for _, svc := range r.Services {
			if !slices.Contains(m[svc], r.From) {
				m[svc] = append(m[svc], r.From)
			}
		}
	}
	for _, l := range m {
		slices.Sort(l)
	}
	return m
}

// batch is one write statement of a seed.
type batch struct {
	stage  string
	query  string
	params map[string]any
}

func (s *Store) seedTx(ctx context.Context, tx n4j.ManagedTransaction, plan *seedPlan, progress func(SeedProgress)) (SeedSummary, error) {
	sum := SeedSummary{Dataset: plan.info}
	// What the database holds now.
	res, err := tx.Run(ctx, qSeedState, nil)
	if err != nil {
		return sum, err
	}
	s.roundTrips.Add(1)
	rec, err := res.Single(ctx)
	if err != nil {
		return sum, err
	}
	if sum.Previous.Version, err = column[string]("seed", rec, "version"); err == nil {
		sum.Previous.Checksum, err = column[string]("seed", rec, "checksum")
	}
	if err != nil {
		return sum, &seedAbort{err}
	}
	oldNodes, err := hashes(rec, "nodes")
	if err != nil {
		return sum, &seedAbort{err}
	}
	oldRels, err := hashes(rec, "rels")
	if err != nil {
		return sum, &seedAbort{err}
	}

	// The differences.
	var nodeRows [2][]any // organisations, services to merge
	var relRows []any
	var delNodes, delRels []string
	newNodes := make(map[string]bool, len(plan.nodes))
	for _, r := range plan.nodes {
		newNodes[r.id] = true
		h, had := oldNodes[r.id]
		switch {
		case !had:
			sum.Nodes.Created++
		case h != r.hash:
			sum.Nodes.Updated++
		default:
			sum.Nodes.Unchanged++
			continue
		}
		k := 1
		if r.org {
			k = 0
		}
		nodeRows[k] = append(nodeRows[k], r.row)
	}
	for id := range oldNodes {
		if !newNodes[id] {
			delNodes = append(delNodes, id)
			sum.Nodes.Deleted++
		}
	}
	newRels := make(map[string]bool, len(plan.rels))
	for _, r := range plan.rels {
		newRels[r.id] = true
		h, had := oldRels[r.id]
		switch {
		case !had:
			sum.Relationships.Created++
		case h != r.hash:
			// Its type or ends may have changed: delete it and create it anew.
			sum.Relationships.Updated++
			delRels = append(delRels, r.id)
		default:
			sum.Relationships.Unchanged++
			continue
		}
		relRows = append(relRows, r.row)
	}
	for id := range oldRels {
		if !newRels[id] {
			delRels = append(delRels, id)
			sum.Relationships.Deleted++
		}
	}
	slices.Sort(delNodes)
	slices.Sort(delRels)

	var batches []batch
	for ids := range slices.Chunk(delRels, SeedBatchSize) {
		batches = append(batches, batch{"deleting relationships", qDeleteRelationships, map[string]any{"ids": ids}})
	}
	for ids := range slices.Chunk(delNodes, SeedBatchSize) {
		batches = append(batches, batch{"deleting nodes", qDeleteNodes, map[string]any{"ids": ids}})
	}
	for rows := range slices.Chunk(nodeRows[0], SeedBatchSize) {
		batches = append(batches, batch{"organisations", qMergeOrganisations, map[string]any{"rows": rows}})
	}
	for rows := range slices.Chunk(nodeRows[1], SeedBatchSize) {
		batches = append(batches, batch{"services", qMergeServices, map[string]any{"rows": rows}})
	}
	for rows := range slices.Chunk(relRows, SeedBatchSize) {
		batches = append(batches, batch{"relationships", qCreateRelationships, map[string]any{"rows": rows}})
	}
	if sum.Previous != plan.info || len(batches) > 0 {
		batches = append(batches, batch{"dataset version", qSetDataset, map[string]any{
			"version": plan.info.Version, "checksum": plan.info.Checksum,
		}})
	}
	sum.Changed = len(batches) > 0

	for i, b := range batches {
		if progress != nil {
			progress(SeedProgress{Stage: b.stage, Done: i, Total: len(batches)})
		}
		if s.cfg.beforeSeedBatch != nil {
			if err := s.cfg.beforeSeedBatch(i, len(batches)); err != nil {
				return sum, &seedAbort{err}
			}
		}
		s.roundTrips.Add(1)
		res, err := tx.Run(ctx, b.query, b.params)
		if err != nil {
			return sum, err
		}
		if _, err := res.Consume(ctx); err != nil {
			return sum, err
		}
	}
	if progress != nil && len(batches) > 0 {
		progress(SeedProgress{Stage: "done", Done: len(batches), Total: len(batches)})
	}
	return sum, nil
}

// hashes reads a column of {id, hash} maps.
func hashes(rec *n4j.Record, key string) (map[string]string, error) {
	l, err := column[[]any]("seed", rec, key)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(l))
	for _, x := range l {
		f := asFields("seed "+key, x)
		m[f.str("id")] = f.str("hash")
		if f.err != nil {
			return nil, fmt.Errorf("seed: %w", f.err)
		}
	}
	return m, nil
}

// String describes the counts, e.g. "3 created, 1 updated, 1040 unchanged, 0 deleted".
func (c SeedCounts) String() string {
	return fmt.Sprintf("%d created, %d updated, %d unchanged, %d deleted", c.Created, c.Updated, c.Unchanged, c.Deleted)
}

// String is a one-line summary for an operator.
func (s SeedSummary) String() string {
	verb := "seeded"
	if !s.Changed {
		verb = "already held"
	}
	from := ""
	if s.Changed && s.Previous != s.Dataset {
		from = " (was " + s.Previous.Version + ")"
		if s.Previous.Version == "" {
			from = " (was empty)"
		}
	}
	replan := ""
	if s.Replan != "" {
		replan = "; query plans not refreshed (" + s.Replan + ")"
	}
	return fmt.Sprintf("%s dataset %s%s: nodes: %v; relationships: %v%s", verb, s.Dataset.Version, from, s.Nodes, s.Relationships, replan)
}

// String describes the step, e.g. "seed: relationships (batch 5 of 7)".
func (p SeedProgress) String() string {
	if p.Stage == "done" {
		return fmt.Sprintf("seed: done (%d batches)", p.Total)
	}
	return fmt.Sprintf("seed: %s (batch %d of %d)", p.Stage, p.Done+1, p.Total)
}
