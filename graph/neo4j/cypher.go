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
	`CREATE FULLTEXT INDEX node_search IF NOT EXISTS FOR (n:Organisation|Service) ON EACH [n.searchWords, n.searchCompact]
	 OPTIONS {indexConfig: {` + "`fulltext.analyzer`" + `: 'whitespace'}}`,
}

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

// denseTypes are the relationship types through which the local layer
// hangs off the national system: a class has an INSTANCE_OF edge from each
// of its instances, an area team or a council a PART_OF edge from each of
// its parts. A node has thousands of edges only through these.
var denseTypes = []graph.RelType{graph.InstanceOf, graph.PartOf}

// expandAt returns a subquery body that, for the node bound as x, yields
// every edge r at x whose type is in outTypes and that leaves x, or is in
// inTypes and reaches x, as r, its start a, its end b and its other end y.
// The lists are read from src: "$" for the parameters $outTypes and
// $inTypes, or e.g. "step." for the fields of a map in scope; every type is
// named in them when all are wanted (edgeParams).
//
// Each dense type has its own branch, guarded by its list, and every other
// type shares one branch that names them all: the planner expands x by
// type, so a class's thousands of INSTANCE_OF edges are never read unless
// asked for. (A filter on type(r), or a dynamic type in the pattern, reads
// every edge of x and keeps some.) Six branches, not one per type: each
// branch costs the planner, and a statement of 32 took Neo4j 10 s or more
// to plan on a cold start.
func expandAt(src string) string {
	var others []string
	for _, t := range graph.RelTypes {
		if !slices.Contains(denseTypes, t.Type) {
			others = append(others, string(t.Type))
		}
	}
	o := strings.Join(others, "|")
	b := []string{
		"MATCH (x)-[r:" + o + "]->(y) WHERE type(r) IN " + src + "outTypes RETURN r, x AS a, y AS b, y",
		"MATCH (x)<-[r:" + o + "]-(y) WHERE type(r) IN " + src + "inTypes RETURN r, y AS a, x AS b, y",
	}
	for _, t := range denseTypes {
		b = append(b,
			fmt.Sprintf("MATCH (x)-[r:%[1]s]->(y) WHERE '%[1]s' IN %[2]soutTypes RETURN r, x AS a, y AS b, y", t, src),
			fmt.Sprintf("MATCH (x)<-[r:%[1]s]-(y) WHERE '%[1]s' IN %[2]sinTypes RETURN r, y AS a, x AS b, y", t, src))
	}
	return "\n    " + strings.Join(b, "\n    UNION ALL\n    ") + "\n"
}

// expandQuery returns qExpand, which answers Store.Expand in one query: the
// roots $roots, then each level of steps in $levels (a list per depth, up
// to graph.MaxExpandDepth) applied to the edges the level before found,
// then the records. The levels are a reduce over $levels, so the work of a
// level is written once: each step takes the nodes at its end of its
// parent's edges (prev), keeps those of its kind, and collects their edges
// of its types as rows {step, x, r, a, b, y}, with pattern comprehensions
// by type as expandAt has branches (and a CASE, so a dense type's
// comprehension runs only when asked for). Written as subqueries, a level
// each, the statement took Neo4j several times longer to plan.
func expandQuery() string {
	var others []string
	for _, t := range graph.RelTypes {
		if !slices.Contains(denseTypes, t.Type) {
			others = append(others, string(t.Type))
		}
	}
	o := strings.Join(others, "|")
	row := func(a, b string) string { return "{step: step.i, x: x, r: r, a: " + a + ", b: " + b + ", y: y}" }
	edges := []string{
		"[(x)-[r:" + o + "]->(y) WHERE type(r) IN step.outTypes | " + row("x", "y") + "]",
		"[(x)<-[r:" + o + "]-(y) WHERE type(r) IN step.inTypes | " + row("y", "x") + "]",
	}
	for _, t := range denseTypes {
		edges = append(edges,
			fmt.Sprintf("CASE WHEN '%[1]s' IN step.outTypes THEN [(x)-[r:%[1]s]->(y) | %[2]s] ELSE [] END", t, row("x", "y")),
			fmt.Sprintf("CASE WHEN '%[1]s' IN step.inTypes THEN [(x)<-[r:%[1]s]-(y) | %[2]s] ELSE [] END", t, row("y", "x")))
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

// orgList returns the listing of organisations that match finds: the
// filters it does not apply itself, then the page of the ones left, ordered
// by name and id, and how many there are. Each variant anchors on the most
// selective filter given, through an index, and leaves that filter out of
// the rest. (On 100x the data the planner sometimes scanned the whole id
// index to find the body whose parts were asked for, then filtered it by
// id, even with an index hint; the id now comes from an UNWIND, which it
// can only look up, as it does every $ids.)
func orgList(match, anchored string) string {
	filters := []struct{ name, cond string }{
		{"kind", "($kind IS NULL OR n.kind = $kind)"},
		{"tier", "($tier IS NULL OR n.tier = $tier)"},
		{"instanceOf", "($instanceOf IS NULL OR n.instanceOf = $instanceOf)"},
		{"group", "($group IS NULL OR n.group = $group)"},
		{"classes", "(NOT $classes OR n.instanceOf = '')"},
		{"partOf", "($partOf IS NULL OR EXISTS { MATCH (n)-[:PART_OF]->(:Node {id: $partOf}) })"},
	}
	var conds []string
	for _, f := range filters {
		if f.name != anchored {
			conds = append(conds, f.cond)
		}
	}
	return match + `
WHERE ` + strings.Join(conds, "\n  AND ") + `
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

	// The organisation listings, by the filter they anchor on.
	qOrganisationsPartOf = orgList(`UNWIND [$partOf] AS wholeID
MATCH (whole:Node {id: wholeID})<-[:PART_OF]-(n:Organisation)`, "partOf")
	qOrganisationsOfClass = orgList(`MATCH (n:Organisation {instanceOf: $instanceOf})`, "instanceOf")
	qOrganisationsClasses = orgList(`MATCH (n:Organisation {instanceOf: ''})`, "classes")
	qOrganisationsOfKind  = orgList(`MATCH (n:Organisation {kind: $kind})`, "kind")
	qOrganisationsAll     = orgList(`MATCH (n:Organisation)`, "")

	qServices = `
MATCH (n:Service)
WITH n ORDER BY n.name, n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..($offset + $first)] | ` + project("n") + `] AS items`

	// qSearch returns what ranking needs of every candidate the index
	// finds; Search scores them and fetches the records of the best only.
	qSearch = `
CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node AS n
RETURN n.id AS id, n.hash AS hash, n.name AS name, n.shortName AS shortName,
       n.role AS role, n.description AS description, n.instanceOf AS instanceOf, n:Service AS service`

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

	// qSubgraph returns the nodes $ids and the edges of $outTypes among
	// them.
	qSubgraph = `
CALL () { MATCH (n:Node) WHERE n.id IN $ids RETURN collect(` + project("n") + `) AS nodes }
CALL () {` + indent(edgesAt) + `
  WHERE b.id IN $ids
  RETURN collect(` + projectRel("r", "a", "b") + `) AS edges
}
RETURN nodes, edges`

	// qGraph returns the whole system narrowed: every service, the
	// organisations of the live system (all, $inactive), classes and single
	// bodies only unless $instances; how many; and, unless they number more
	// than $maxNodes (when positive), them and the edges of $outTypes among
	// them.
	qGraph = `
CALL () {
  MATCH (n:Service) RETURN n
  UNION ALL
  MATCH (n:Organisation {instanceOf: ''}) WHERE $inactive OR ` + active("n") + ` RETURN n
  UNION ALL
  UNWIND CASE WHEN $instances THEN [true] ELSE [] END AS wanted // no rows, so no seek, unless wanted
  MATCH (n:Organisation) WHERE n.instanceOf > '' AND ($inactive OR ` + active("n") + `) RETURN n
}
WITH collect(n) AS selected
WITH selected, $maxNodes > 0 AND size(selected) > $maxNodes AS tooMany
CALL (selected, tooMany) {
  UNWIND CASE WHEN tooMany THEN [] ELSE selected END AS x
  CALL (x) {` + indent(expandAt("$")) + `}
  WITH r, a, b WHERE b:Service OR (($inactive OR ` + active("b") + `) AND ($instances OR b.instanceOf = ''))
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

	qWhoCommissions = `
OPTIONAL MATCH (s:Service {id: $id})
RETURN s IS NOT NULL AS found, [o IN COLLECT {
  MATCH (o:Organisation)-[:COMMISSIONS]->(s) RETURN o
  UNION
  MATCH (o:Organisation) WHERE o.id IN s.listingCommissioners RETURN o
} | ` + project("o") + `] AS orgs`

	// qStats counts from Neo4j's count store (labels, relationship types)
	// and the kind index: nothing is scanned.
	qExpand = expandQuery()

	qStats = `
CALL () { MATCH (o:Organisation) RETURN count(o) AS orgs }
CALL () { MATCH (o:Organisation) WHERE o.instanceOf > '' RETURN count(o) AS instances }
CALL () { MATCH (s:Service) RETURN count(s) AS services }` +
		perName("byKind", kindNames(), "MATCH (o:Organisation {kind: '%s'}) RETURN count(o) AS %s") +
		perName("byType", relTypeNames(), "MATCH ()-[r:%s]->() RETURN count(r) AS %s") + `
OPTIONAL MATCH (d:Dataset {id: 'current'})
RETURN orgs, instances, services, byKind, byType, d.version AS version, d.checksum AS checksum`
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
