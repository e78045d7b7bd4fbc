package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"testing"
	"time"

	"caremap/graph"
	"caremap/graph/memory"
	"caremap/seed"
)

// benchStore builds the embedded store once per benchmark.
func benchStore(b *testing.B) graph.Store {
	b.Helper()
	ds, err := seed.Load()
	if err != nil {
		b.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

const orgQuery = `{ organisation(id: "nhs-england") { id name shortName tier role } }`

func benchPost(b *testing.B, url string, body []byte) {
	b.Helper()
	client := &http.Client{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || bytes.Contains(out, []byte(`"errors"`)) {
			b.Fatalf("status %d: %.300s", resp.StatusCode, out)
		}
	}
}

func gqlServer(b *testing.B) *httptest.Server {
	cfg := serveConfig{RequestTimeout: 10 * time.Second}
	st := benchStore(b)
	info, _ := st.Info(b.Context())
	srv := httptest.NewServer(newApp(cfg, slog.New(slog.DiscardHandler), st, info).routes())
	b.Cleanup(srv.Close)
	return srv
}

func gqlBody(query string) []byte {
	body, _ := json.Marshal(map[string]string{"query": query})
	return body
}

// BenchmarkOrganisationGraphQL: one organisation over HTTP through the whole
// stack (middleware, gqlgen, resolvers, store). Compare with
// BenchmarkOrganisationPlainHandler; the aim is at most 3x.
func BenchmarkOrganisationGraphQL(b *testing.B) {
	srv := gqlServer(b)
	benchPost(b, srv.URL+"/graphql", gqlBody(orgQuery))
}

// BenchmarkOrganisationPlainHandler: the same JSON from a bare handler over
// the same store: the floor GraphQL is measured against.
func BenchmarkOrganisationPlainHandler(b *testing.B) {
	st := benchStore(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Query string }
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		o, err := st.Organisation(r.Context(), "nhs-england")
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"organisation": map[string]any{
			"id": o.ID, "name": o.Name, "shortName": o.ShortName, "tier": "NATIONAL", "role": o.Role,
		}}})
	}))
	b.Cleanup(srv.Close)
	benchPost(b, srv.URL, gqlBody(orgQuery))
}

func BenchmarkWhoCommissionsGraphQL(b *testing.B) {
	srv := gqlServer(b)
	benchPost(b, srv.URL+"/graphql", gqlBody(`{ whoCommissions(service: "svc-specialised") { id name } }`))
}

func BenchmarkAccountabilityChainGraphQL(b *testing.B) {
	srv := gqlServer(b)
	benchPost(b, srv.URL+"/graphql", gqlBody(`{ accountabilityChain(from: "ccg-02n") { id name } }`))
}

func BenchmarkSearchGraphQL(b *testing.B) {
	srv := gqlServer(b)
	benchPost(b, srv.URL+"/graphql", gqlBody(`{ search(text: "specialised commissioning") { score node { id name } } }`))
}

// BenchmarkNestedGraphQL: services -> commissionedBy -> accountableTo ->
// fundedBy, the query the no-N+1 rule is about.
func BenchmarkNestedGraphQL(b *testing.B) {
	srv := gqlServer(b)
	benchPost(b, srv.URL+"/graphql", gqlBody(`{ services(first: 50) { edges { node { id commissionedBy { id accountableTo { id fundedBy { amountGbp from { id } } } } } } } }`))
}

// BenchmarkGraphQLGETCache: the same GET /graphql question answered with
// the in-process answer cache off and on, and revalidated by a client that
// holds its ETag (304, no answer at all), for the nested question
// and the nested services list.
func BenchmarkGraphQLGETCache(b *testing.B) {
	questions := []struct{ name, query string }{
		{"service", `{ service(id: "svc-specialised") { name commissionedBy { id name accountableTo { id name } } } }`},
		{"services", `{ services(first: 50) { edges { node { id commissionedBy { id accountableTo { id fundedBy { amountGbp from { id } } } } } } } }`},
	}
	for _, q := range questions {
		for _, mode := range []string{"off", "on", "revalidate"} {
			b.Run(q.name+"/"+mode, func(b *testing.B) {
				cfg := serveConfig{RequestTimeout: 10 * time.Second, GraphQLMaxAge: time.Minute}
				if mode != "off" {
					cfg.GraphQLCache = 64 << 20
				}
				st := benchStore(b)
				info, _ := st.Info(b.Context())
				srv := httptest.NewServer(newApp(cfg, slog.New(slog.DiscardHandler), st, info).routes())
				b.Cleanup(srv.Close)
				url := srv.URL + "/graphql?query=" + neturl.QueryEscape(q.query)
				req, _ := http.NewRequest("GET", url, nil)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				want := http.StatusOK
				if mode == "revalidate" {
					req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
					want = http.StatusNotModified
				}
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != want {
						b.Fatalf("status %d, want %d", resp.StatusCode, want)
					}
				}
			})
		}
	}
}
