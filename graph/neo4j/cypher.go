package neo4j

import (
	"fmt"
	"slices"
	"strings"

	"caremap/graph"
)

// Every Cypher statement the store sends. Values always travel as
// $parameters. Relationship types are either parameters, checked against
// graph.RelTypes before they are sent and set with Cypher 5.26's dynamic
// types ($(row.type)), or written into the text from graph.RelTypes itself
// when the statements are built (see expandAt), so no request data is ever
// spliced into query text and every statement's text is fixed: each is
// planned once and its plan cached.
//
// Data model: every node has the label :Node and one of :Organisation or
// :Service, with the graph types' fields as properties (sources as the
// parallel lists sourceTitles and sourceUrls; codes as ods and ons), plus
// searchWords and searchCompact (normalised text for the full-text index),
// on services listingCommissioners (the ids of the bodies whose COMMISSIONS
// edges list the service, for WhoCommissions) and hash (of everything else,
// so a re-seed can tell what changed). Edges carry
// the graph.RelType as their type and their fields as properties. One
// (:Dataset {id: 'current'}) node records the version and checksum seeded.
//
// Cost: every read starts from an index — the uniqueness constraints on id,
// the range indexes on Organisation.instanceOf and .kind, or the full-text
// index — never from a scan of a label, except where the question is about
// every node of a label (Stats, an unfiltered listing). Edges are followed
// by type (expandAt), so a node with thousands of edges of other types
// costs nothing extra. Nodes and edges come back as maps of exactly the
// fields the store reads (project, projectRel), decoded by name.

// searchIndex is the full-text index over the normalised names, short names,
// ids and roles or descriptions of nodes.
const searchIndex = "node_search"

// Schema, created by Seed (IF NOT EXISTS, so running them again is harmless).
var schemaStatements = []string{
	`CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT service_id IF NOT EXISTS FOR (n:Service) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (d:Dataset) REQUIRE d.id IS UNIQUE`,
	`CREATE INDEX organisation_instance_of IF NOT EXISTS FOR (n:Organisation) ON (n.instanceOf)`,
	`CREATE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind)`,
	`CREATE INDEX organisation_status IF NOT EXISTS FOR (n:Organisation) ON (n.status)`,
	`CREATE FULLTEXT INDEX node_search IF NOT EXISTS FOR (n:Organisation|Service) ON EACH [n.searchWords, n.searchCompact]
	 OPTIONS {indexConfig: {` + "`fulltext.analyzer`" + `: 'whitespace'}}`,
}

// qPrepareForReplanning resamples every index, waiting up to a minute, then
// clears the query caches (Store.prepareForReplanning).
const qPrepareForReplanning = `CALL db.prepareForReplanning(60)`

// qAwaitIndexes waits for new indexes to come online.
const qAwaitIndexes = `CALL db.awaitIndexes(300)`

// project returns what a statement returns for node variable v: the node
// itself, which toNode decodes by property name. (A map projection of the
// same fields cost Neo4j twice the CPU: 6.9 against 3.5 ms for 500 nodes.)
func project(v string) string { return v }

// projectRel returns what a statement returns for edge variable r, from
// node a to node b: the edge and the ids of its ends, which toRelationship
// decodes by name.
func projectRel(r, a, b string) string {
	return "{edge: " + r + ", from: " + a + ".id, to: " + b + ".id}"
}

// shapeRel is what a walk needs of edge r from a to b (graph.EdgeRef).
func shapeRel(r, a, b string) string {
	return "{id: " + r + ".id, type: type(" + r + "), from: " + a + ".id, to: " + b + ".id}"
}

// shapeNode is what a walk needs of node n: its id, its class if it is an
// instance, and whether it is an organisation.
func shapeNode(n string) string {
	return "{id: " + n + ".id, class: " + n + ".instanceOf, org: " + n + ":Organisation}"
}

// expandAt returns a subquery body that, for the node bound as x, yields
// every edge r at x whose type is in outTypes and that leaves x, or is in
// inTypes and reaches x, as r, its start a, its end b and its other end y.
// The lists are read from src: "$" for the parameters $outTypes and
// $inTypes, or e.g. "step." for the fields of a map in scope; every type is
// named in them when all are wanted (edgeParams).
//
// It is one branch per type and direction, each guarded by its list, so the
// planner expands x by type: a node's edges of other types are never read.
// (A filter on type(r), or a dynamic type in the pattern, reads every edge
// of x and keeps some; one branch for several types reads all of theirs. A
// national body has thousands of edges of some types to the local layer —
// COMMISSIONS to GP practices, FUNDS to CCGs — and a class as many
// INSTANCE_OF edges from its instances, none of which a question about its
// other edges should read.) Thirty branches take Neo4j about 0.2 s to plan
// on a warm server, seconds on a cold one: Store.Warm plans them at start.
func expandAt(src string) string {
	var b []string
	for _, t := range graph.RelTypes {
		b = append(b,
			fmt.Sprintf("MATCH (x)-[r:%[1]s]->(y) WHERE '%[1]s' IN %[2]soutTypes RETURN r, x AS a, y AS b, y", t.Type, src),
			fmt.Sprintf("MATCH (x)<-[r:%[1]s]-(y) WHERE '%[1]s' IN %[2]sinTypes RETURN r, y AS a, x AS b, y", t.Type, src))
	}
	return "\n    " + strings.Join(b, "\n    UNION ALL\n    ") + "\n"
}

// expandQuery returns qExpand, which answers Store.Expand in one query: the
// roots $roots, then each level of steps in $levels (a list per depth, up
// to graph.MaxExpandDepth) applied to the edges the level before found,
// then the records. The levels are a reduce over $levels, so the work of a
// level is written once: each step takes the nodes at its end of its
// parent's edges (prev), keeps those of its kind, and collects their edges
// of its types as rows {step, x, r, a, b, y}, with a pattern comprehension
// per type and direction as expandAt has branches, each behind a CASE so it
// runs only when asked for. Written as subqueries, a level each, the
// statement took Neo4j several times longer to plan.
func expandQuery() string {
	row := func(a, b string) string { return "{step: step.i, x: x, r: r, a: " + a + ", b: " + b + ", y: y}" }
	var edges []string
	for _, t := range graph.RelTypes {
		edges = append(edges,
			fmt.Sprintf("CASE WHEN '%[1]s' IN step.outTypes THEN [(x)-[r:%[1]s]->(y) | %[2]s] ELSE [] END", t.Type, row("x", "y")),
			fmt.Sprintf("CASE WHEN '%[1]s' IN step.inTypes THEN [(x)<-[r:%[1]s]-(y) | %[2]s] ELSE [] END", t.Type, row("y", "x")))
	}
	return `
MATCH (root:Node) WHERE root.id IN $roots
WITH collect(root) AS roots
WITH roots, reduce(st = {prev: [n IN roots | {step: -1, a: n, b: n, y: n}], rows: [], ats: []}, level IN $levels |
  reduce(acc = {prev: [], rows: st.rows, ats: st.ats}, step IN level |
    reduce(acc = acc, x IN [row IN st.prev WHERE row.step = step.parent |
                            CASE step.end WHEN 'from' THEN row.a WHEN 'to' THEN row.b ELSE row.y END] |
      CASE WHEN step.kind IS NOT NULL AND (step.kind = 'Service') <> x:Service THEN acc
      ELSE [found IN [
          ` + strings.Join(edges, " +\n          ") + `
        ] | {prev: acc.prev + found, rows: acc.rows + found, ats: acc.ats + [{step: step.i, id: x.id}]}][0]
      END))) AS st
CALL (st) {
  UNWIND st.rows AS row
  WITH row.step AS step, row.r AS r, row.a AS a, row.b AS b
  RETURN collect({step: step, edge: ` + projectRel("r", "a", "b") + `}) AS edges
}
CALL (st) {
  UNWIND st.rows AS row
  UNWIND [row.a, row.b] AS n
  WITH DISTINCT n
  RETURN collect(` + project("n") + `) AS nodes
}
RETURN [n IN roots | ` + project("n") + `] AS roots, st.ats AS at, edges, nodes`
}

// edgesAt is the head of the statements that follow the edges at the nodes
// $ids: after it, each edge once as r from a to b.
var edgesAt = `
UNWIND $ids AS id
MATCH (x:Node {id: id})
CALL (x) {` + expandAt("$") + `}
WITH DISTINCT r, a, b`

// orgFilters are the organisation listing's filters, in the order
// orgListing tries them as the anchor (the most selective first): the name
// of each, how to find the organisations it admits through an index, and
// the condition it sets on an organisation n found otherwise. A filter on
// the body n is part or a member of names no label at that body, so the
// planner can only expand from n (with a label it once planned a scan of
// the id index). The body whose parts or members are asked for is found
// alone, by its id, and its parts in a subquery given that body: a pattern
// holding both ends let the planner start from the parts' side, and on a
// freshly seeded database (CI) it scanned the Organisation id index (9,691
// db hits instead of about 250), even with the id from an UNWIND or an
// index hint. A lone node with its id can only be looked up.
var orgFilters = []struct{ name, anchor, cond string }{
	{"partOf", anchorAt("$partOf", "PART_OF"),
		"EXISTS { MATCH (n)-[:PART_OF]->(w) WHERE w.id = $partOf }"},
	{"memberOf", anchorAt("$memberOf", "MEMBER_OF"),
		"EXISTS { MATCH (n)-[:MEMBER_OF]->(w) WHERE w.id = $memberOf }"},
	{"instanceOf", "MATCH (n:Organisation {instanceOf: $instanceOf})", "n.instanceOf = $instanceOf"},
	{"classes", "MATCH (n:Organisation {instanceOf: ''})", "n.instanceOf = ''"},
	{"kind", "MATCH (n:Organisation {kind: $kind})", "n.kind = $kind"},
	{"tier", "", "n.tier = $tier"},
	{"group", "", "n.group = $group"},
	{"activeOn", "", "(n.validFrom = '' OR n.validFrom <= $activeOn) AND (n.validTo = '' OR $activeOn <= n.validTo)"},
}

// anchorAt finds the organisations with an edge of type rel to the node
// whose id is param: that node by its id alone, then its edges.
func anchorAt(param, rel string) string {
	return "MATCH (whole:Node {id: " + param + "})\nCALL (whole) {\n  MATCH (whole)<-[:" + rel + "]-(n:Organisation)\n  RETURN n\n}"
}

// orgList returns the listing of the organisations that pass the filters
// named in set (in orgFilters' order): found through the first of them that
// has an anchor (every organisation when none has), kept by the others'
// conditions, then the page asked for, ordered by name and id, and how many
// there are. Only the filters set are in the text, so the planner never
// meets a "$x IS NULL OR …" it cannot plan around; the texts are built from
// orgFilters alone, so there are at most 2^8 of them, each planned once.
func orgList(set []string) string {
	match := "MATCH (n:Organisation)"
	var conds []string
	for _, f := range orgFilters {
		if !slices.Contains(set, f.name) {
			continue
		}
		if f.anchor != "" && match == "MATCH (n:Organisation)" {
			match = f.anchor
			continue
		}
		conds = append(conds, f.cond)
	}
	where := ""
	if len(conds) > 0 {
		where = "\nWHERE " + strings.Join(conds, "\n  AND ")
		if strings.HasSuffix(match, "}") { // a subquery takes no WHERE
			where = "\nWITH n" + where
		}
	}
	return match + where + `
WITH DISTINCT n ORDER BY n.name, n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..($offset + $first)] | ` + project("n") + `] AS items`
}

// active is true for a node of the live system (graph.Organisation.Active).
func active(n string) string { return "coalesce(" + n + ".status, '') IN ['', 'active']" }

// Reads.
var (
	qPing = `RETURN 1 AS one`

	qInfo = `MATCH (d:Dataset {id: 'current'}) RETURN d.version AS version, d.checksum AS checksum`

	qOrganisation = `MATCH (n:Organisation {id: $id}) RETURN ` + project("n") + ` AS n`
	qService      = `MATCH (n:Service {id: $id}) RETURN ` + project("n") + ` AS n`
	qNodes        = `MATCH (n:Node) WHERE n.id IN $ids RETURN ` + project("n") + ` AS n`

	qServices = `
MATCH (n:Service)
WITH n ORDER BY n.name, n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..($offset + $first)] | ` + project("n") + `] AS items`

	// qSearch returns what ranking needs of every candidate the index
	// finds; Search scores them and fetches the records of the best only.
	qSearch = `
CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node AS n
RETURN n.id AS id, n.hash AS hash, n.name AS name, n.shortName AS shortName, n.operatingName AS operatingName,
       n.role AS role, n.description AS description, n.instanceOf AS instanceOf, n.status AS status, n:Service AS service`

	// qRelationships returns the edges of $outTypes leaving and $inTypes
	// reaching the nodes $ids (see expandAt), each once.
	qRelationships = edgesAt + `
RETURN collect(` + projectRel("r", "a", "b") + `) AS edges`

	// qNeighbours is qRelationships with the nodes at both ends, each once.
	qNeighbours = edgesAt + `
WITH collect(` + projectRel("r", "a", "b") + `) AS edges, collect(a) AS starts, collect(b) AS ends
CALL (starts, ends) { UNWIND starts + ends AS n WITH DISTINCT n RETURN collect(` + project("n") + `) AS nodes }
RETURN edges, nodes`

	// qFrontier is one level of a breadth-first walk: the shape of the
	// edges at the nodes $ids, as qRelationships selects them, and of the
	// nodes at their ends; and which of the nodes $check exist.
	qFrontier = `
CALL () { MATCH (s:Node) WHERE s.id IN $check RETURN collect(s.id) AS found }
CALL () {` + indent(edgesAt) + `
  WITH collect(` + shapeRel("r", "a", "b") + `) AS edges, collect(a) AS starts, collect(b) AS ends
  CALL (starts, ends) { UNWIND starts + ends AS n WITH DISTINCT n RETURN collect(` + shapeNode("n") + `) AS nodes }
  RETURN edges, nodes
}
RETURN found, edges, nodes`

	// qSubgraph returns the nodes $ids and the edges of $outTypes leaving
	// them; the caller keeps those that end among them. (Testing the far
	// end against $ids here scans the list for each edge: minutes for a
	// neighbourhood of thousands of GP practices.)
	qSubgraph = `
CALL () { MATCH (n:Node) WHERE n.id IN $ids RETURN collect(` + project("n") + `) AS nodes }
CALL () {` + indent(edgesAt) + `
  RETURN collect(` + projectRel("r", "a", "b") + `) AS edges
}
RETURN nodes, edges`

	// qGraph returns the whole system narrowed: every service, the
	// organisations of the live system (all, $inactive), classes and single
	// bodies only unless $instances, no GP practices (instances of
	// $practiceClass) unless $practices; how many; and, unless they number more
	// than $maxNodes (when positive), them and the edges of $outTypes among
	// them.
	qGraph = `
CALL () {
  MATCH (n:Service) RETURN n
  UNION ALL
  MATCH (n:Organisation {instanceOf: ''}) WHERE $inactive OR ` + active("n") + ` RETURN n
  UNION ALL
  UNWIND CASE WHEN $instances THEN [true] ELSE [] END AS wanted // no rows, so no seek, unless wanted
  MATCH (n:Organisation) WHERE n.instanceOf > '' AND ($inactive OR ` + active("n") + `)
    AND ($practices OR n.instanceOf <> $practiceClass) RETURN n
}
WITH collect(n) AS selected
WITH selected, $maxNodes > 0 AND size(selected) > $maxNodes AS tooMany
CALL (selected, tooMany) {
  UNWIND CASE WHEN tooMany THEN [] ELSE selected END AS x
  CALL (x) {` + indent(expandAt("$")) + `}
  WITH r, a, b WHERE b:Service OR (($inactive OR ` + active("b") + `) AND ($instances OR b.instanceOf = '')
                                    AND ($practices OR b.instanceOf <> $practiceClass))
  RETURN collect(` + projectRel("r", "a", "b") + `) AS edges
}
RETURN size(selected) AS count, CASE WHEN tooMany THEN [] ELSE [n IN selected | ` + project("n") + `] END AS nodes, edges`

	// qFetch returns the nodes $ids and the edges $rels (maps of id, from
	// and to).
	qFetch = `
CALL () { MATCH (n:Node) WHERE n.id IN $ids RETURN collect(` + project("n") + `) AS nodes }
CALL () {
  UNWIND $rels AS e
  MATCH (a:Node {id: e.from})
  MATCH (b:Node {id: e.to})
  MATCH (a)-[r]->(b) WHERE r.id = e.id
  RETURN collect(` + projectRel("r", "a", "b") + `) AS edges
}
RETURN nodes, edges`

	// qChain returns whether the organisation $id exists and, for the
	// nodes reachable from it along ACCOUNTABLE_TO, PART_OF and INSTANCE_OF
	// edges, their records and the shape of those edges leaving them: all
	// that AccountabilityChain can walk.
	qChain = `
OPTIONAL MATCH (x:Organisation {id: $id})
CALL (x) {
  MATCH (x)-[:ACCOUNTABLE_TO|PART_OF|INSTANCE_OF*0..]->(y)
  WITH DISTINCT y
  CALL (y) {
    MATCH (y)-[r:ACCOUNTABLE_TO|PART_OF|INSTANCE_OF]->(b:Organisation)
    RETURN collect(` + shapeRel("r", "y", "b") + `) AS out
  }
  RETURN collect(` + project("y") + `) AS nodes, reduce(acc = [], l IN collect(out) | acc + l) AS edges
}
RETURN x IS NOT NULL AS found, nodes, edges`

	// qMoney returns whether the organisation $id exists, its class and
	// whether that is an organisation and, for the nodes from which FUNDS
	// edges lead to it or to its class, their records and the FUNDS edges
	// reaching them: all that MoneyFlow can walk.
	qMoney = `
OPTIONAL MATCH (t:Organisation {id: $id})
CALL (t) {
  UNWIND [t.id, t.instanceOf] AS start
  MATCH (x:Node {id: start})
  MATCH (y)-[:FUNDS*0..]->(x)
  WITH DISTINCT y
  CALL (y) {
    MATCH (a)-[r:FUNDS]->(y)
    RETURN collect(` + projectRel("r", "a", "y") + `) AS into
  }
  RETURN collect(` + project("y") + `) AS nodes, reduce(acc = [], l IN collect(into) | acc + l) AS edges
}
RETURN t IS NOT NULL AS found, t.instanceOf AS class,
       EXISTS { MATCH (:Organisation {id: t.instanceOf}) } AS classIsOrg, nodes, edges`

	qExpand = expandQuery()

	qWhoCommissions = `
OPTIONAL MATCH (s:Service {id: $id})
RETURN s IS NOT NULL AS found, [o IN COLLECT {
  MATCH (o:Organisation)-[:COMMISSIONS]->(s) RETURN o
  UNION
  MATCH (o:Organisation) WHERE o.id IN s.listingCommissioners RETURN o
} | ` + project("o") + `] AS orgs`

	// qStats counts from Neo4j's count store (labels, relationship types)
	// and the kind, class and status indexes: nothing is scanned, and the
	// many are counted as all but the few. The instances are all but the
	// classes and single bodies (instanceOf ''); the active all but those
	// with a status other than '' and 'active' (graph.Organisation.Active),
	// through two range seeks. Seed writes every organisation's status and
	// class, "" when it has none.
	qStats = `
CALL () { MATCH (o:Organisation) RETURN count(o) AS orgs }
CALL (orgs) { MATCH (o:Organisation {instanceOf: ''}) WITH count(o) AS classes RETURN orgs - classes AS instances }
CALL (orgs) { // the few out of the live system, so the many in it are not read
  CALL () { MATCH (o:Organisation) WHERE '' < o.status < 'active' RETURN o
            UNION ALL
            MATCH (o:Organisation) WHERE o.status > 'active' RETURN o }
  WITH count(o) AS inactive
  RETURN orgs - inactive AS active
}
CALL () { MATCH (s:Service) RETURN count(s) AS services }` +
		perName("byKind", kindNames(), "MATCH (o:Organisation {kind: '%s'}) RETURN count(o) AS %s") +
		perName("byType", relTypeNames(), "MATCH ()-[r:%s]->() RETURN count(r) AS %s") + `
OPTIONAL MATCH (d:Dataset {id: 'current'})
RETURN orgs, instances, active, services, byKind, byType, d.version AS version, d.checksum AS checksum`
)

// perName returns one subquery per name that counts with format (given the
// name and a column name), then a WITH that keeps what came before and
// gathers the counts as a list of {name, count} maps named list. Each count
// is its own subquery so Neo4j can answer it from its count store.
func perName(list string, names []string, format string) string {
	var b, items strings.Builder
	for i, n := range names {
		c := fmt.Sprintf("%s%d", list, i)
		fmt.Fprintf(&b, "\nCALL () { "+format+" }", n, c)
		if i > 0 {
			items.WriteString(", ")
		}
		fmt.Fprintf(&items, "{name: '%s', count: %s}", n, c)
	}
	return b.String() + "\nWITH *, [" + items.String() + "] AS " + list
}

func kindNames() []string {
	var ns []string
	for _, k := range graph.Kinds {
		ns = append(ns, string(k.Kind))
	}
	return ns
}

func relTypeNames() []string {
	var ns []string
	for _, t := range graph.RelTypes {
		ns = append(ns, string(t.Type))
	}
	return ns
}

// indent indents a statement fragment by two spaces, to nest it.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }

// Seeding, all in one write transaction.
const (
	// qSeedState returns the ids and hashes of what the database holds.
	qSeedState = `
CALL () { MATCH (n:Node) RETURN collect({id: n.id, hash: n.hash}) AS nodes }
CALL () { MATCH (:Node)-[r]->(:Node) RETURN collect({id: r.id, hash: r.hash}) AS rels }
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
