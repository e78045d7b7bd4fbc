package main

// question is one benchmark question, written for both servers: caremap's
// schema and the peer's (@neo4j/graphql's generated schema plus two @cypher
// fields, bench/peer/server.mjs). Both must give the same answer, which the
// load generator checks before it measures.
type question struct {
	name    string
	caremap string
	peer    string
	// Where the answer sits under "data" in each server's response: keys,
	// or an index into a list.
	caremapAt, peerAt []any
	// ordered says that the order of the answer's lists is part of it (a
	// chain, a sorted page); otherwise lists are compared as sets by id.
	ordered bool
}

var questions = []question{
	{
		name:      "nested",
		caremap:   `{ service(id: "svc-specialised") { name commissionedBy { id name accountableTo { id name } } } }`,
		peer:      `{ services(where: {id: {eq: "svc-specialised"}}) { name commissionedBy { id name accountableTo { id name } } } }`,
		caremapAt: []any{"service"},
		peerAt:    []any{"services", 0},
	},
	{
		name:      "whoCommissions",
		caremap:   `{ whoCommissions(service: "svc-specialised") { id name } }`,
		peer:      `{ whoCommissions(service: "svc-specialised") { id name } }`,
		caremapAt: []any{"whoCommissions"},
		peerAt:    []any{"whoCommissions"},
		ordered:   true,
	},
	{
		name:      "chain",
		caremap:   `{ accountabilityChain(from: "ccg-02n") { id name } }`,
		peer:      `{ accountabilityChain(from: "ccg-02n") { id name } }`,
		caremapAt: []any{"accountabilityChain"},
		peerAt:    []any{"accountabilityChain"},
		ordered:   true,
	},
	{
		name: "list",
		caremap: `{ organisations(filter: {instanceOf: "clinical-commissioning-groups"}, first: 20) {
  totalCount edges { node { id name } } } }`,
		peer: `{ organisationsConnection(where: {instanceOf: {eq: "clinical-commissioning-groups"}}, first: 20,
  sort: [{name: ASC}, {id: ASC}]) { totalCount edges { node { id name } } } }`,
		caremapAt: []any{"organisations"},
		peerAt:    []any{"organisationsConnection"},
		ordered:   true,
	},
}
