package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"caremap/graph/gql"
	"caremap/graph/neo4j"
	"caremap/playground"
)

var requestIDs = regexp.MustCompile(`"requestId":"[0-9a-f]+"`)

// httpQuestions are asked of both stores over HTTP: every playground
// example and the questions of this package's end-to-end tests.
func httpQuestions() []string {
	qs := []string{
		`{ organisations(filter: {instanceOf: "clinical-commissioning-groups"}, first: 100) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { id name odsCode onsCode partOf { id } } } } }`,
		`{ search(text: "care quality") { score node { id name } } }`,
		`{ search(text: "wellbeing board", first: 20) { node { id } } }`,
		`{ moneyFlow(to: "clinical-commissioning-groups") { length start { id } steps { relationship { id amountGbp year } node { id } } } }`,
		`{ neighbourhood(id: "nhs-england", depth: 2) { nodes { id name } relationships { id type from { id } to { id } } } }`,
		`{ path(from: "monitor", to: "ccg-02n") { length steps { relationship { id type } node { id } } } }`,
		`{ stats { organisations classes instances services relationships relationshipsByType { name count } organisationsByKind { name count } } }`,
		`{ services(first: 50) { edges { node { id commissionedBy { id accountableTo { id fundedBy { id amountGbp from { id } } } } providedBy { id } } } } }`,
		`{ organisation(id: "department-of-health") { name sources { title url } funds { id amountGbp amountText year confidence sources { url } to { id } } holdsToAccount { id } } }`,
		`{ organisation(id: "no-such-body") { id } whoCommissions(service: "svc-nothing") { id } }`,
	}
	for _, e := range playground.DefaultExamples {
		qs = append(qs, e.Query)
	}
	return qs
}

// sameAnswers asks both servers every question and demands byte-identical
// answers, ordering included.
func sameAnswers(t *testing.T, neo4jBase, memoryBase string) {
	t.Helper()
	ask := func(base, q string) string {
		body, _ := json.Marshal(map[string]string{"query": q})
		resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		// Request ids differ by design.
		return requestIDs.ReplaceAllString(string(b), `"requestId":"-"`)
	}
	for _, q := range httpQuestions() {
		got, want := ask(neo4jBase, q), ask(memoryBase, q)
		if got != want {
			t.Errorf("question %.80q:\nNeo4j:    %.600s\nembedded: %.600s", q, got, want)
		}
		if strings.Contains(want, `"INTERNAL"`) {
			t.Errorf("question %.80q failed on both: %.300s", q, want)
		}
	}
}

// roundTripsPerLevel sends a nested question to a GraphQL handler over a
// store of its own and counts the queries it sends to Neo4j.
func roundTripsPerLevel(t *testing.T, n *neo4jServer) {
	t.Helper()
	st, err := neo4j.Open(t.Context(), neo4j.Config{URI: n.uri, Password: n.pass})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(t.Context())
	// A generous batch window, so a busy test machine does not split one
	// level's resolvers over two batches.
	h := gql.NewHandler(gql.Options{Store: st, BatchWait: 20 * time.Millisecond})
	for _, tc := range []struct {
		query  string
		levels int
	}{
		// services; their commissioners; those bodies' accountability; their funding.
		{`{ services(first: 50) { edges { node { id commissionedBy { id accountableTo { id fundedBy { amountGbp from { id } } } } } } } }`, 4},
		// organisations; their parts; the parts' regulators.
		{`{ organisations(first: 100) { edges { node { id parts { id regulatedBy { id } } } } } }`, 3},
	} {
		before := st.RoundTrips()
		body, _ := json.Marshal(map[string]string{"query": tc.query})
		req := httptest.NewRequest("POST", "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
			t.Fatalf("%d %.300s", rec.Code, rec.Body)
		}
		if got := st.RoundTrips() - before; got > int64(tc.levels) {
			t.Errorf("%d round trips for %d levels: %.80q", got, tc.levels, tc.query)
		} else {
			t.Logf("%d round trips for %d levels", got, tc.levels)
		}
	}
}
