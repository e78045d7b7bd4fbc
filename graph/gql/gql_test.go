package gql_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"caremap/graph"
	"caremap/graph/gql"
	"caremap/graph/memory"
	"caremap/seed"
)

// memStore is the embedded store over the real dataset.
func memStore(t testing.TB) graph.Store {
	t.Helper()
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func newClient(t *testing.T) *client.Client {
	t.Helper()
	return client.New(gql.NewHandler(gql.Options{Store: memStore(t)}))
}

type gqlErr struct {
	Message    string
	Extensions map[string]any
}

func errorsOf(t *testing.T, c *client.Client, query string) []gqlErr {
	t.Helper()
	resp, err := c.RawPost(query)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	var errs []gqlErr
	if len(resp.Errors) > 0 {
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			t.Fatalf("decoding errors %s: %v", resp.Errors, err)
		}
	}
	return errs
}

// bomb returns a document of n fragments, each spreading the next twice
// inside body (where %[1]d is the next fragment's number): a walk that does
// not memoise costs 2^n.
func bomb(n int, body string) string {
	var b strings.Builder
	b.WriteString("{ organisation(id: \"nhs-england\") { ...F0 } }\n")
	for i := 0; i < n; i++ {
		inner := "name"
		if i < n-1 {
			inner = fmt.Sprintf(body, i+1)
		}
		fmt.Fprintf(&b, "fragment F%d on Organisation { %s }\n", i, inner)
	}
	return b.String()
}

// fragmentBomb spreads each fragment twice at the same level; deepBomb one
// level deeper each time.
func fragmentBomb(n int) string { return bomb(n, "...F%[1]d ...F%[1]d") }
func deepBomb(n int) string {
	return bomb(n, "accountableTo { ...F%[1]d } holdsToAccount { ...F%[1]d }")
}

func TestLimits(t *testing.T) {
	c := newClient(t)
	deep := "{ organisation(id: \"nhs-england\") { " + strings.Repeat("partOf { ", 14) + "id" + strings.Repeat(" }", 14) + " } }"
	var aliases strings.Builder
	aliases.WriteString("{ ")
	for i := range 31 {
		fmt.Fprintf(&aliases, "a%d: dataset { version } ", i)
	}
	aliases.WriteString("}")
	var roots strings.Builder
	roots.WriteString("{ ")
	for range 13 {
		roots.WriteString("stats { classes } ")
	}
	roots.WriteString("}")
	wide := `{ organisations(first: 100) { edges { node { instances(first: 100) { edges { node {
		instances(first: 100) { edges { node { id } } } } } } } } } }`

	for _, tc := range []struct{ name, query, mention string }{
		{"fragment bomb under the fragment cap", fragmentBomb(25), "cost"},
		{"deep fragment bomb", deepBomb(25), "levels deep"},
		{"too many fragments", fragmentBomb(40), "fragments"},
		{"too deep", deep, "levels deep"},
		{"alias flood", aliases.String(), "aliases"},
		{"too many root fields", roots.String(), "top-level fields"},
		{"lists of lists", wide, "cost"},
		{"too long", "{ stats { classes } }" + strings.Repeat(" ", 20<<10), "bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := errorsOf(t, c, tc.query)
			if len(errs) != 1 {
				t.Fatalf("errors = %+v, want exactly one", errs)
			}
			if errs[0].Extensions["code"] != gql.CodeLimit || !strings.Contains(errs[0].Message, tc.mention) {
				t.Errorf("error = %+v, want code %s mentioning %q", errs[0], gql.CodeLimit, tc.mention)
			}
		})
	}
}

func TestTokenLimit(t *testing.T) {
	c := newClient(t)
	errs := errorsOf(t, c, "{ "+strings.Repeat("a ", 5000)+"}")
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "exceeded token limit of 4000") || errs[0].Extensions["code"] != "GRAPHQL_PARSE_FAILED" {
		t.Errorf("errors = %+v, want one token limit parse failure", errs)
	}
}

// unavailableStore is a store whose database has gone away.
type unavailableStore struct{ graph.Store }

func (unavailableStore) Organisation(context.Context, string) (graph.Organisation, error) {
	return graph.Organisation{}, fmt.Errorf("neo4j: bolt://127.0.0.1:7687: connection refused: %w", graph.ErrUnavailable)
}

func (unavailableStore) Neighbours(context.Context, []string, []graph.RelType, graph.Direction) ([]graph.Relationship, []graph.Node, error) {
	return nil, nil, fmt.Errorf("neo4j: connection refused: %w", graph.ErrUnavailable)
}

// TestUnavailableInBatches: a batched edge field over several bodies, with
// the store down, reports UNAVAILABLE, not an internal error.
func TestUnavailableInBatches(t *testing.T) {
	st := memStore(t)
	c := client.New(gql.NewHandler(gql.Options{Store: unavailableStore{st}}))
	resp, err := c.RawPost(`{ organisations(first: 5) { edges { node { id funds { id } } } } }`)
	if err == nil {
		t.Fatalf("want an HTTP error status, got %s", resp.Errors)
	}
	if !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "UNAVAILABLE") || strings.Contains(err.Error(), "INTERNAL") {
		t.Errorf("err = %v, want 503 with only UNAVAILABLE errors", err)
	}
}

// TestHTTPConformance checks status codes and media types against GraphQL
// over HTTP, and our 503 for an unavailable store.
func TestHTTPConformance(t *testing.T) {
	st := memStore(t)
	ok := gql.NewHandler(gql.Options{Store: st})
	down := gql.NewHandler(gql.Options{Store: unavailableStore{st}})
	for _, tc := range []struct {
		name          string
		h             http.Handler
		method, ctype string
		accept, body  string
		status        int
		respType      string
		mention       string
	}{
		{"json ok", ok, "POST", "application/json", "", `{"query":"{ stats { classes } }"}`, 200, "application/json", `"classes":67`},
		{"graphql-response ok", ok, "POST", "application/json", "application/graphql-response+json", `{"query":"{ stats { classes } }"}`, 200, "application/graphql-response+json", `"classes":67`},
		{"json invalid document is 200", ok, "POST", "application/json", "application/json", `{"query":"{ nothing }"}`, 200, "application/json", "GRAPHQL_VALIDATION_FAILED"},
		{"graphql-response invalid document is 400", ok, "POST", "application/json", "application/graphql-response+json", `{"query":"{ nothing }"}`, 400, "application/graphql-response+json", "GRAPHQL_VALIDATION_FAILED"},
		{"parse error is 400 as graphql-response", ok, "POST", "application/json", "application/graphql-response+json", `{"query":"{"}`, 400, "application/graphql-response+json", "GRAPHQL_PARSE_FAILED"},
		{"wrong content type", ok, "POST", "text/plain", "", `{ stats { classes } }`, 415, "application/json", "application/json"},
		{"GET query", ok, "GET", "", "", "", 200, "application/json", `"classes":67`},
		{"store unavailable", down, "POST", "application/json", "", `{"query":"{ organisation(id: \"nhs-england\") { name } }"}`, 503, "application/json", "UNAVAILABLE"},
		{"no query", ok, "POST", "application/json", "", `{"qeury":"{ stats { classes } }"}`, 400, "application/json", "no query"},
		{"null query", ok, "POST", "application/json", "", `{"query":null}`, 400, "application/json", "no query"},
		{"query not a string", ok, "POST", "application/json", "", `{"query":{"obj":"ect"}}`, 400, "application/json", "must be a string"},
		{"operationName not a string", ok, "POST", "application/json", "", `{"query":"{ stats { classes } }","operationName":false}`, 400, "application/json", "operationName"},
		{"variables not an object", ok, "POST", "application/json", "", `{"query":"{ stats { classes } }","variables":[1]}`, 400, "application/json", "variables must be an object"},
		{"body not an object", ok, "POST", "application/json", "", `["{ stats { classes } }"]`, 400, "application/json", "not an object"},
		{"empty body", ok, "POST", "application/json", "", ``, 400, "application/json", "empty"},
		{"GET without a query", ok, "GET", "", "", "-", 400, "application/json", "no query"},
		{"GET mutation", ok, "GET", "", "application/graphql-response+json", "mutation { __typename }", 405, "application/json", "POST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := "/graphql"
			switch {
			case tc.method == "GET" && tc.body == "":
				target += "?query=" + url.QueryEscape("{ stats { classes } }")
			case tc.method == "GET" && tc.body != "-":
				target += "?query=" + url.QueryEscape(tc.body)
			}
			req := httptest.NewRequest(tc.method, target, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			rec := httptest.NewRecorder()
			tc.h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tc.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), tc.respType) || !strings.Contains(body, tc.mention) {
				t.Errorf("%d %s %s; want %d %s mentioning %q", rec.Code, rec.Header().Get("Content-Type"), body, tc.status, tc.respType, tc.mention)
			}
			if strings.Contains(body, "bolt://") || strings.Contains(body, "refused") {
				t.Errorf("internals leaked: %s", body)
			}
			if tc.status == 503 && rec.Header().Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			if tc.status == 405 && rec.Header().Get("Allow") != "POST" {
				t.Errorf("405 with Allow %q, want POST", rec.Header().Get("Allow"))
			}
			// GraphQL over HTTP: a request error answered as
			// graphql-response+json has no data entry.
			if tc.status >= 400 && tc.respType == "application/graphql-response+json" {
				var r map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
					t.Errorf("body %s: %v", body, err)
				}
				if _, ok := r["data"]; ok {
					t.Errorf("a %d as graphql-response+json has a data entry: %s", rec.Code, body)
				}
			}
		})
	}
}

// TestFieldBudget: a query the static estimate lets through (lists of
// unknown size) is stopped while running, with one clear error.
func TestFieldBudget(t *testing.T) {
	st := memStore(t)
	limits := gql.DefaultLimits
	limits.MaxFields = 2000
	c := client.New(gql.NewHandler(gql.Options{Store: st, Limits: limits}))
	// upper-tier-local-authorities has hundreds of relationships (its instances).
	q := `{ organisation(id: "upper-tier-local-authorities") { relationships { from { id name }
		to { ... on Organisation { relationships { id type note } } } } } }`
	resp, err := c.RawPost(q)
	if err != nil {
		t.Fatal(err)
	}
	var errs []gqlErr
	json.Unmarshal(resp.Errors, &errs)
	if len(errs) != 1 || errs[0].Extensions["code"] != gql.CodeLimit || !strings.Contains(errs[0].Message, "2000 fields") {
		t.Fatalf("errors = %s, want one LIMIT_EXCEEDED naming the budget", resp.Errors)
	}
	if resp.Data != nil {
		t.Errorf("data = %.200v, want none", resp.Data)
	}
}

// TestIntrospection: GraphiQL's introspection query (15 levels deep) must
// pass, or the playground loses its docs and completion.
func TestIntrospection(t *testing.T) {
	c := newClient(t)
	resp, err := c.RawPost(introspectionQuery)
	if err != nil || len(resp.Errors) > 0 {
		t.Fatalf("introspection: %v %s", err, resp.Errors)
	}
	raw, _ := json.Marshal(resp.Data)
	var data struct {
		Schema struct{ Types []struct{ Name string } } `json:"__schema"`
	}
	if err := json.Unmarshal(raw, &data); err != nil || len(data.Schema.Types) < 20 {
		t.Errorf("introspection returned %d types (%v)", len(data.Schema.Types), err)
	}
	deep := "{ __schema { types { " + strings.Repeat("ofType { ", 25) + "name" + strings.Repeat(" }", 25) + " } } }"
	errs := errorsOf(t, c, deep)
	if len(errs) != 1 || errs[0].Extensions["code"] != gql.CodeLimit {
		t.Errorf("25-deep introspection: errors %+v, want LIMIT_EXCEEDED", errs)
	}
}

// introspectionQuery is the query GraphiQL sends (graphql-js getIntrospectionQuery).
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

func TestBadBodies(t *testing.T) {
	st := memStore(t)
	h := gql.NewHandler(gql.Options{Store: st})
	secret := "SECRET-BODY-TEXT"
	for _, tc := range []struct {
		name, body string
		status     int
		mention    string
	}{
		{"not json", `{"query": "{ stats { classes } }", ` + secret, 400, "not valid JSON"},
		{"too large", `{"query": "` + strings.Repeat("x", 100<<10) + secret + `"}`, 413, "over"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/graphql", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tc.status || !strings.Contains(body, tc.mention) || strings.Contains(body, secret) {
				t.Errorf("%d %s: want %d mentioning %q and never echoing the body", rec.Code, body, tc.status, tc.mention)
			}
			var r struct{ Errors []gqlErr }
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] == nil {
				t.Errorf("body %s is not one coded GraphQL error", body)
			}
		})
	}
}

func TestWithinLimits(t *testing.T) {
	c := newClient(t)
	var resp struct {
		Organisations struct {
			Edges []struct {
				Node struct {
					ID            string
					AccountableTo []struct{ ID string }
				}
			}
		}
	}
	c.MustPost(`{ organisations(first: 100, filter: {classesOnly: true}) { edges { node { id accountableTo { id } } } } }`, &resp)
	if len(resp.Organisations.Edges) != 67 {
		t.Errorf("got %d class organisations, want 67", len(resp.Organisations.Edges))
	}
}

// BenchmarkFragmentBomb shows the limit check is cheap even on a document
// that would take a naive walk 2^25 steps.
func BenchmarkFragmentBomb(b *testing.B) {
	st := memStore(b)
	c := client.New(gql.NewHandler(gql.Options{Store: st}))
	q := fragmentBomb(25)
	for b.Loop() {
		c.RawPost(q)
	}
}

// TestPersistedQueries: automatic persisted queries — a hash alone is
// refused until the query has been sent once with it.
func TestPersistedQueries(t *testing.T) {
	st := memStore(t)
	h := gql.NewHandler(gql.Options{Store: st})
	q := "{ stats { classes } }"
	sum := sha256.Sum256([]byte(q))
	ext := fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":"%x"}}`, sum)
	send := func(body string) string {
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	if got := send(`{"extensions":` + ext + `}`); !strings.Contains(got, "PersistedQueryNotFound") {
		t.Errorf("unknown hash: %s", got)
	}
	if got := send(`{"query":"` + q + `","extensions":` + ext + `}`); !strings.Contains(got, `"classes":67`) {
		t.Errorf("registering: %s", got)
	}
	if got := send(`{"extensions":` + ext + `}`); !strings.Contains(got, `"classes":67`) {
		t.Errorf("by hash: %s", got)
	}
}

// TestSuggestions: "Did you mean" hints only in development mode, so the
// schema is not probed through error messages (introspection stays on).
func TestSuggestions(t *testing.T) {
	st := memStore(t)
	for _, dev := range []bool{false, true} {
		c := client.New(gql.NewHandler(gql.Options{Store: st, Development: dev}))
		errs := errorsOf(t, c, `{ organisation(id: "nhs-england") { nam } }`)
		if len(errs) != 1 {
			t.Fatalf("dev=%v: errors %+v", dev, errs)
		}
		if has := strings.Contains(errs[0].Message, "Did you mean"); has != dev {
			t.Errorf("dev=%v: message %q", dev, errs[0].Message)
		}
	}
}

// TestBoundedValidation: errors are capped per response, a selection set
// and a response name have field caps, and fields repeated token for token
// are dropped before validation, keeping every other token's position.
func TestBoundedValidation(t *testing.T) {
	c := newClient(t)
	set := func(n int, field func(i int) string) string {
		var b strings.Builder
		b.WriteString("{ organisation(id: \"nhs-england\") { ")
		for i := range n {
			b.WriteString(field(i) + " ")
		}
		b.WriteString("} }")
		return b.String()
	}
	// Ten fields of one response name, each with its own arguments: 45
	// pairs conflict, within the caps on fields per set and per name.
	var conflicts strings.Builder
	conflicts.WriteString("{ ")
	for i := range 5 {
		fmt.Fprintf(&conflicts, `a: organisation(id: "o%d") { id } a: service(id: "s%d") { id } `, i, i)
	}
	conflicts.WriteString("}")
	errs := errorsOf(t, c, conflicts.String())
	limit := gql.DefaultLimits.MaxErrors
	if len(errs) != limit+1 || !strings.Contains(errs[limit].Message, "more errors") {
		t.Errorf("%d errors, want %d and one counting the rest; last %+v", len(errs), limit+1, errs[len(errs)-1])
	}
	for _, tc := range []struct{ name, query, mention string }{
		{"fields per set", set(101, func(i int) string { return "name" }), "asks for 101 fields"},
		{"fields per name", set(11, func(i int) string { return fmt.Sprintf("relationships(types: [FUNDS], first: %d) { id }", i+1) }), `"relationships" in 11 different ways`},
		{"searches", `{ a: search(text: "a") { score } b: search(text: "b") { score } c: search(text: "c") { score } d: search(text: "d") { score } }`, "searches 4 times"},
		{"diagrams", `{ a: diagram { svgURL } b: diagram(depth: 2) { svgURL } c: diagram(instances: true) { svgURL } d: diagram(theme: "dark") { svgURL } }`, "4 diagrams"},
	} {
		errs := errorsOf(t, c, tc.query)
		if len(errs) != 1 || errs[0].Extensions["code"] != gql.CodeLimit || !strings.Contains(errs[0].Message, tc.mention) {
			t.Errorf("%s: errors %+v, want one LIMIT_EXCEEDED mentioning %q", tc.name, errs, tc.mention)
		}
	}
	// 99 repeats of one field answer as one; an error after them points
	// at its own line and column.
	var d struct{ Organisation struct{ Name string } }
	c.MustPost(set(99, func(int) string { return "name" }), &d)
	if d.Organisation.Name == "" {
		t.Error("99 repeats of name: no name")
	}
	resp, err := c.RawPost("{ organisation(id: \"nhs-england\") {\n" + strings.Repeat("  name # again\n", 50) + "  nosuchfield\n} }")
	if err != nil {
		t.Fatal(err)
	}
	var located []struct{ Locations []struct{ Line, Column int } }
	json.Unmarshal(resp.Errors, &located)
	if len(located) != 1 || len(located[0].Locations) != 1 || located[0].Locations[0].Line != 52 || located[0].Locations[0].Column != 3 {
		t.Errorf("errors %s, want one at line 52, column 3", resp.Errors)
	}
}

func TestSearchTextCapped(t *testing.T) {
	c := newClient(t)
	errs := errorsOf(t, c, fmt.Sprintf(`{ search(text: %q) { score } }`, strings.Repeat("nhs ", 51)))
	if len(errs) != 1 || errs[0].Extensions["code"] != gql.CodeBadInput || !strings.Contains(errs[0].Message, "at most 200 characters") {
		t.Errorf("errors %+v, want one BAD_USER_INPUT naming the 200-character limit", errs)
	}
	var d struct{ Search []struct{ Score float64 } }
	c.MustPost(fmt.Sprintf(`{ search(text: %q) { score } }`, strings.Repeat("n", 200)), &d) // at the limit: fine
}

// BenchmarkValidateRepeats: a selection set of 99 repeated fields, each
// with 99 repeated subfields, validates in time linear in the document.
func BenchmarkValidateRepeats(b *testing.B) {
	c := client.New(gql.NewHandler(gql.Options{Store: memStore(b)}))
	inner := "{ " + strings.Repeat("id ", 99) + "}"
	q := "{ organisation(id: \"nhs-england\") { " + strings.Repeat("partOf "+inner+" ", 30) + "} }"
	for i := 0; b.Loop(); i++ {
		// A new comment each time, so neither cache helps: validation runs.
		if _, err := c.RawPost(q + fmt.Sprintf(" # %d", i)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSearchAnswer: a question asked in search comes back answered on the
// first result, with the ties and their sources; other results and plain
// searches carry no answer.
func TestSearchAnswer(t *testing.T) {
	c := newClient(t)
	var d struct {
		Search []struct {
			Node   struct{ ID string }
			Answer *struct {
				Question      string
				Type          string
				Direction     string
				Nodes         []struct{ ID string }
				Relationships []struct {
					Type    string
					From    struct{ ID string }
					Sources []struct{ URL string }
				}
			}
		}
	}
	c.MustPost(`{ search(text: "Who commissions GP services?", first: 3) {
		node { id } answer { question type direction nodes { id } relationships { type from { id } sources { url } } } } }`, &d)
	if len(d.Search) < 2 || d.Search[0].Node.ID != "svc-primary-medical" || d.Search[0].Answer == nil {
		t.Fatalf("search = %+v, want svc-primary-medical first, answered", d.Search)
	}
	a := d.Search[0].Answer
	if a.Question != "Who commissions General practice (primary medical services)?" || a.Type != "COMMISSIONS" || a.Direction != "INCOMING" {
		t.Errorf("answer = %q %s %s", a.Question, a.Type, a.Direction)
	}
	var ids []string
	for _, n := range a.Nodes {
		ids = append(ids, n.ID)
	}
	if strings.Join(ids, ",") != "nhs-england,nhse-area-teams" {
		t.Errorf("answer names %q, want NHS England and its area teams", ids)
	}
	for _, r := range a.Relationships {
		if r.Type != "COMMISSIONS" || len(r.Sources) == 0 || (r.From.ID != "nhs-england" && r.From.ID != "nhse-area-teams") {
			t.Errorf("answer tie %+v: want a sourced COMMISSIONS from a commissioner", r)
		}
	}
	if len(a.Relationships) < 2 {
		t.Errorf("answer has %d ties, want each commissioner's", len(a.Relationships))
	}
	for _, r := range d.Search[1:] {
		if r.Answer != nil {
			t.Errorf("result %s has an answer; only the first should", r.Node.ID)
		}
	}
	c.MustPost(`{ search(text: "GP services", first: 1) { node { id } answer { question } } }`, &d)
	if len(d.Search) != 1 || d.Search[0].Answer != nil {
		t.Errorf("a plain search = %+v, want no answer", d.Search)
	}
}
