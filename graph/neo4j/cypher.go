package neo4j

// Every Cypher statement the store sends. Values always travel as
// $parameters; relationship types are parameters too, checked against
// graph.RelTypes before they are sent, and set with Cypher 5.26's dynamic
// types ($(row.type)), so no request data is ever spliced into query text.
//
// Data model: every node has the label :Node and one of :Organisation or
// :Service, with the graph types' fields as properties (sources as the
// parallel lists sourceTitles and sourceUrls; codes as ods and ons), plus
// searchWords and searchCompact (normalised text for the full-text index) and
// hash (of everything else, so a re-seed can tell what changed). Edges carry
// the graph.RelType as their type and their fields as properties. One
// (:Dataset {id: 'current'}) node records the version and checksum seeded.

// searchIndex is the full-text index over the normalised names, short names,
// ids and roles or descriptions of nodes.
const searchIndex = "node_search"

// Schema, created by Seed (IF NOT EXISTS, so running them again is harmless).
var schemaStatements = []string{
	`CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT service_id IF NOT EXISTS FOR (n:Service) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (d:Dataset) REQUIRE d.id IS UNIQUE`,
	`CREATE FULLTEXT INDEX node_search IF NOT EXISTS FOR (n:Organisation|Service) ON EACH [n.searchWords, n.searchCompact]
	 OPTIONS {indexConfig: {` + "`fulltext.analyzer`" + `: 'whitespace'}}`,
}

// qAwaitIndexes waits for new indexes to come online.
const qAwaitIndexes = `CALL db.awaitIndexes(300)`

// organisationFilter is the WHERE clause of qOrganisations: every filter
// field that is set must match.
const organisationFilter = `($kind = '' OR n.kind = $kind)
  AND ($tier = '' OR n.tier = $tier)
  AND ($instanceOf = '' OR n.instanceOf = $instanceOf)
  AND ($group = '' OR n.group = $group)
  AND (NOT $classes OR n.instanceOf = '')
  AND ($partOf = '' OR EXISTS { MATCH (n)-[:PART_OF]->(:Node {id: $partOf}) })
  AND ($memberOf = '' OR EXISTS { MATCH (n)-[:MEMBER_OF]->(:Node {id: $memberOf}) })
  AND ($activeOn = '' OR ((n.validFrom = '' OR n.validFrom <= $activeOn) AND (n.validTo = '' OR $activeOn <= n.validTo)))`

// Reads.
const (
	qPing = `RETURN 1 AS one`

	qInfo = `MATCH (d:Dataset {id: 'current'}) RETURN d.version AS version, d.checksum AS checksum`

	qOrganisation = `MATCH (n:Organisation {id: $id}) RETURN n`
	qService      = `MATCH (n:Service {id: $id}) RETURN n`
	qNodes        = `MATCH (n:Node) WHERE n.id IN $ids RETURN n`

	// qOrganisations counts the organisations matching the filter and
	// returns one page of them in order: the page alone is sorted out and
	// fetched (collecting every match to slice a page cost 200 ms for the
	// 9,000 organisations of the local layer).
	qOrganisations = `
CALL () {
  MATCH (n:Organisation) WHERE ` + organisationFilter + `
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Organisation) WHERE ` + organisationFilter + `
  WITH n ORDER BY n.name, n.id SKIP $offset LIMIT $first
  RETURN collect(n) AS items
}
RETURN total, items`

	qServices = `
MATCH (n:Service)
WITH n ORDER BY n.name, n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, rows[$offset..($offset + $first)] AS items`

	// qSearch returns every candidate the index finds; Search scores them.
	qSearch = `CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node RETURN node AS n`

	// qRelationships returns the edges of $types ($all: any) leaving ($out)
	// or reaching ($in) the nodes $ids, each once.
	qRelationships = `
CALL () {
  MATCH (a:Node)-[r]->(b:Node) WHERE $out AND a.id IN $ids AND ($all OR type(r) IN $types)
  RETURN r, a.id AS from, b.id AS to
  UNION
  MATCH (a:Node)-[r]->(b:Node) WHERE $in AND b.id IN $ids AND ($all OR type(r) IN $types)
  RETURN r, a.id AS from, b.id AS to
}
RETURN r, from, to`

	// qNeighbours is qRelationships with the nodes at both ends.
	qNeighbours = `
CALL () {
  MATCH (a:Node)-[r]->(b:Node) WHERE $out AND a.id IN $ids AND ($all OR type(r) IN $types)
  RETURN r, a, b
  UNION
  MATCH (a:Node)-[r]->(b:Node) WHERE $in AND b.id IN $ids AND ($all OR type(r) IN $types)
  RETURN r, a, b
}
RETURN r, a, b`

	// qTopology returns, for the walks computed in Go, what is known of the
	// nodes $check (id, class for instances, whether an organisation, and
	// whether the class exists) and the shape of every edge of $types.
	qTopology = `
CALL () {
  MATCH (x:Node) WHERE x.id IN $check
  RETURN collect([x.id, coalesce(x.instanceOf, ''), x:Organisation,
                  EXISTS { MATCH (:Organisation {id: coalesce(x.instanceOf, '')}) }]) AS found
}
CALL () {
  MATCH (a:Node)-[r]->(b:Node) WHERE $all OR type(r) IN $types
  RETURN collect([r.id, type(r), a.id, b.id, coalesce(a.instanceOf, ''), coalesce(b.instanceOf, ''), b:Organisation]) AS edges
}
RETURN found, edges`

	// qEnds returns what is known of the nodes $check (as qTopology does)
	// and the checksum of the dataset seeded.
	qEnds = `
CALL () {
  MATCH (x:Node) WHERE x.id IN $check
  RETURN collect([x.id, coalesce(x.instanceOf, ''), x:Organisation,
                  EXISTS { MATCH (:Organisation {id: coalesce(x.instanceOf, '')}) }]) AS found
}
OPTIONAL MATCH (d:Dataset {id: 'current'})
RETURN found, [] AS edges, coalesce(d.checksum, '') AS checksum`

	// qFrontier is qTopology narrowed to the edges of $types leaving ($out)
	// or reaching ($in) the nodes $ids: one level of a breadth-first walk.
	qFrontier = `
CALL () {
  MATCH (x:Node) WHERE x.id IN $check
  RETURN collect([x.id, coalesce(x.instanceOf, ''), x:Organisation,
                  EXISTS { MATCH (:Organisation {id: coalesce(x.instanceOf, '')}) }]) AS found
}
CALL () {
  CALL () {
    MATCH (a:Node)-[r]->(b:Node) WHERE $out AND a.id IN $ids AND ($all OR type(r) IN $types)
    RETURN r, a, b
    UNION
    MATCH (a:Node)-[r]->(b:Node) WHERE $in AND b.id IN $ids AND ($all OR type(r) IN $types)
    RETURN r, a, b
  }
  RETURN collect([r.id, type(r), a.id, b.id, coalesce(a.instanceOf, ''), coalesce(b.instanceOf, ''), b:Organisation]) AS edges
}
RETURN found, edges`

	// qChainTopology is qTopology narrowed to the ACCOUNTABLE_TO, PART_OF
	// and INSTANCE_OF edges leaving the nodes reachable from $id along them:
	// all that AccountabilityChain can walk.
	qChainTopology = `
CALL () {
  MATCH (x:Node) WHERE x.id IN $check
  RETURN collect([x.id, coalesce(x.instanceOf, ''), x:Organisation,
                  EXISTS { MATCH (:Organisation {id: coalesce(x.instanceOf, '')}) }]) AS found
}
CALL () {
  MATCH (x:Node {id: $id})
  CALL (x) { MATCH (x)-[:ACCOUNTABLE_TO|PART_OF|INSTANCE_OF*0..]->(y:Node) RETURN DISTINCT y }
  MATCH (y)-[r:ACCOUNTABLE_TO|PART_OF|INSTANCE_OF]->(b:Node)
  RETURN collect([r.id, type(r), y.id, b.id, coalesce(y.instanceOf, ''), coalesce(b.instanceOf, ''), b:Organisation]) AS edges
}
RETURN found, edges`

	// qMoneyTopology is qTopology narrowed to the FUNDS edges reaching the
	// nodes from which FUNDS edges lead to $id or to its class: all that
	// MoneyFlow can walk.
	qMoneyTopology = `
CALL () {
  MATCH (x:Node) WHERE x.id IN $check
  RETURN collect([x.id, coalesce(x.instanceOf, ''), x:Organisation,
                  EXISTS { MATCH (:Organisation {id: coalesce(x.instanceOf, '')}) }]) AS found
}
CALL () {
  MATCH (t:Node {id: $id})
  UNWIND [t.id, coalesce(t.instanceOf, '')] AS start
  MATCH (x:Node {id: start})
  CALL (x) { MATCH (y:Node)-[:FUNDS*0..]->(x) RETURN DISTINCT y }
  WITH DISTINCT y
  MATCH (a:Node)-[r:FUNDS]->(y)
  RETURN collect([r.id, type(r), a.id, y.id, coalesce(a.instanceOf, ''), coalesce(y.instanceOf, ''), y:Organisation]) AS edges
}
RETURN found, edges`

	// qFetch returns the nodes $nodeIds and the edges $relIds (which leave
	// the nodes $relFrom).
	qFetch = `
CALL () { MATCH (n:Node) WHERE n.id IN $nodeIds RETURN collect(n) AS nodes }
CALL () {
  MATCH (a:Node)-[r]->(b:Node) WHERE a.id IN $relFrom AND r.id IN $relIds
  RETURN collect([r, a.id, b.id]) AS rels
}
RETURN nodes, rels`

	// qSubgraph returns the nodes $ids and the edges of $types leaving them;
	// the caller keeps those that end among them. (Testing the far end
	// against $ids here costs a scan of the list per edge: minutes for a
	// neighbourhood of thousands of GP practices.)
	qSubgraph = `
CALL () { MATCH (n:Node) WHERE n.id IN $ids RETURN collect(n) AS nodes }
CALL () {
  MATCH (a:Node) WHERE a.id IN $ids
  MATCH (a)-[r]->(b:Node) WHERE $all OR type(r) IN $types
  RETURN collect([r, a.id, b.id]) AS rels
}
RETURN nodes, rels`

	// qGraphCount counts the nodes of the whole-system graph, so a graph over
	// the cap is refused before it is fetched.
	qGraphCount = `
MATCH (n:Node)
WHERE n:Service OR (($inactive OR coalesce(n.status, '') IN ['', 'active']) AND ($instances OR n.instanceOf = '')
                    AND ($practices OR n.instanceOf <> $practiceClass))
RETURN count(n) AS total`

	// qGraph returns the nodes of the whole-system graph and the edges of
	// $types among them, choosing both ends by the same test on their own
	// properties (a list of ids to test each end against grows with the
	// square of the graph: 19,000 edges against 9,000 ids took minutes).
	qGraph = `
CALL () {
  MATCH (n:Node)
  WHERE n:Service OR (($inactive OR coalesce(n.status, '') IN ['', 'active']) AND ($instances OR n.instanceOf = '')
                      AND ($practices OR n.instanceOf <> $practiceClass))
  RETURN collect(n) AS nodes
}
CALL () {
  MATCH (a:Node)-[r]->(b:Node)
  WHERE ($all OR type(r) IN $types)
    AND (a:Service OR (($inactive OR coalesce(a.status, '') IN ['', 'active']) AND ($instances OR a.instanceOf = '')
                       AND ($practices OR a.instanceOf <> $practiceClass)))
    AND (b:Service OR (($inactive OR coalesce(b.status, '') IN ['', 'active']) AND ($instances OR b.instanceOf = '')
                       AND ($practices OR b.instanceOf <> $practiceClass)))
  RETURN collect([r, a.id, b.id]) AS rels
}
RETURN nodes, rels`

	qWhoCommissions = `
OPTIONAL MATCH (s:Service {id: $id})
CALL (s) {
  OPTIONAL MATCH (o:Organisation)-[r:COMMISSIONS]->(x:Node)
  WHERE s IS NOT NULL AND (x = s OR $id IN coalesce(r.services, []))
  RETURN collect(DISTINCT o) AS orgs
}
RETURN s IS NOT NULL AS found, orgs`

	qStats = `
CALL () {
  MATCH (o:Organisation)
  RETURN count(o) AS orgs, count(CASE WHEN o.instanceOf <> '' THEN 1 END) AS instances,
         count(CASE WHEN coalesce(o.status, '') IN ['', 'active'] THEN 1 END) AS active
}
CALL () { MATCH (o:Organisation) WITH o.kind AS k, count(*) AS n RETURN collect([k, n]) AS byKind }
CALL () { MATCH (s:Service) RETURN count(s) AS services }
CALL () { MATCH (:Node)-[r]->(:Node) WITH type(r) AS t, count(*) AS n RETURN collect([t, n]) AS byType }
OPTIONAL MATCH (d:Dataset {id: 'current'})
RETURN orgs, instances, active, byKind, services, byType, d.version AS version, d.checksum AS checksum`
)

// Seeding, all in one write transaction.
const (
	// qSeedState returns the ids and hashes of what the database holds.
	qSeedState = `
CALL () { MATCH (n:Node) RETURN collect([n.id, n.hash]) AS nodes }
CALL () { MATCH (:Node)-[r]->(:Node) RETURN collect([r.id, r.hash]) AS rels }
OPTIONAL MATCH (d:Dataset {id: 'current'})
RETURN nodes, rels, d.version AS version, d.checksum AS checksum`

	qDeleteRelationships = `MATCH (:Node)-[r]->(:Node) WHERE r.id IN $ids DELETE r`
	qDeleteNodes         = `MATCH (n:Node) WHERE n.id IN $ids DETACH DELETE n`

	qMergeOrganisations = `
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row.props
REMOVE n:Service
SET n:Organisation`

	qMergeServices = `
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row.props
REMOVE n:Organisation
SET n:Service`

	// qCreateRelationships creates edges whose type, checked against
	// graph.RelTypes, is the parameter row.type.
	qCreateRelationships = `
UNWIND $rows AS row
MATCH (a:Node {id: row.from})
MATCH (b:Node {id: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props`

	qSetDataset = `MERGE (d:Dataset {id: 'current'}) SET d.version = $version, d.checksum = $checksum`
)
