// The peer: the reference GraphQL layer over Neo4j, @neo4j/graphql on Apollo
// Server, reading the graph that `caremap seed` wrote (same labels, same
// relationship types), so bench/run.sh can drive it and caremap with the same
// questions. Read-only: the library's mutations are switched off.
//
// Environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (as for
// caremap), PEER_PORT (default 4000). It listens on 127.0.0.1 only.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

// The two questions that are not a walk along typed edges are @cypher fields,
// as a user of the library would write them. whoCommissions: the bodies with
// a COMMISSIONS edge to the service, or whose COMMISSIONS edge lists it —
// found, as caremap finds them, through the ids `caremap seed` stores on the
// service (listingCommissioners).
// accountabilityChain: the path up to Parliament that caremap's rule picks —
// at each body its ACCOUNTABLE_TO edges, else PART_OF, else INSTANCE_OF, to
// organisations; the longest such simple path, ties to the least ids —
// written as a quantified path pattern whose rule prunes as it expands,
// anchored at its start: with Parliament named in the pattern the planner
// may start there instead and walk back through every instance (seen at
// 21-26 req/s, 31 ms of Neo4j CPU a question, on a freshly seeded database).
const typeDefs = /* GraphQL */ `
  type Organisation @node(labels: ["Organisation"]) @mutation(operations: []) {
    id: ID!
    name: String!
    shortName: String
    kind: String
    tier: String
    group: String
    instanceOf: String
    accountableTo: [Organisation!]! @relationship(type: "ACCOUNTABLE_TO", direction: OUT)
    holdsToAccount: [Organisation!]! @relationship(type: "ACCOUNTABLE_TO", direction: IN)
    fundedBy: [Organisation!]! @relationship(type: "FUNDS", direction: IN)
    funds: [Organisation!]! @relationship(type: "FUNDS", direction: OUT)
    partOf: [Organisation!]! @relationship(type: "PART_OF", direction: OUT)
    commissions: [Service!]! @relationship(type: "COMMISSIONS", direction: OUT)
  }

  type Service @node(labels: ["Service"]) @mutation(operations: []) {
    id: ID!
    name: String!
    description: String
    commissionedBy: [Organisation!]! @relationship(type: "COMMISSIONS", direction: IN)
  }

  type Query {
    whoCommissions(service: ID!): [Organisation!]!
      @cypher(
        columnName: "o"
        statement: """
        MATCH (s:Service {id: $service})
        CALL (s) {
          MATCH (o:Organisation)-[:COMMISSIONS]->(s) RETURN o
          UNION
          MATCH (o:Organisation) WHERE o.id IN s.listingCommissioners RETURN o
        }
        WITH o ORDER BY o.name, o.id
        RETURN o
        """
      )
    accountabilityChain(from: ID!): [Organisation!]!
      @cypher(
        columnName: "o"
        statement: """
        MATCH (x:Organisation {id: $from})
        MATCH p = (x) ((a:Organisation)-[r:ACCOUNTABLE_TO|PART_OF|INSTANCE_OF]->(:Organisation)
            WHERE type(r) = 'ACCOUNTABLE_TO'
               OR (type(r) = 'PART_OF' AND NOT EXISTS { (a)-[:ACCOUNTABLE_TO]->(:Organisation) })
               OR (type(r) = 'INSTANCE_OF' AND NOT EXISTS { (a)-[:ACCOUNTABLE_TO|PART_OF]->(:Organisation) })
          ){0,12} (top:Organisation)
        WHERE toString(top.id) = 'uk-parliament'
          AND all(i IN range(0, length(p)) WHERE single(j IN range(0, length(p)) WHERE nodes(p)[j] = nodes(p)[i]))
        WITH p ORDER BY length(p) DESC, [n IN nodes(p) | n.id] LIMIT 1
        UNWIND range(0, length(p)) AS i
        WITH nodes(p)[i] AS o ORDER BY i
        RETURN o
        """
      )
  }
`;

const env = (name, fallback) => process.env[name] ?? fallback;
const driver = neo4j.driver(
  env("NEO4J_URI", "bolt://127.0.0.1:7687"),
  neo4j.auth.basic(env("NEO4J_USER", "neo4j"), env("NEO4J_PASSWORD", "")),
  { maxConnectionPoolSize: 100 },
);
const database = env("NEO4J_DATABASE", "neo4j");

const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();
const server = new ApolloServer({ schema });
const port = Number(env("PEER_PORT", "4000"));
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer: @neo4j/graphql on Apollo Server ready at ${url}`);

const stop = async () => {
  await server.stop();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
