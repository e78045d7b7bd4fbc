package gql_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/client"

	"caremap/graph"
	"caremap/graph/gql"
)

// countingStore counts the calls of each Store method; with noExpand its
// Expand says the tree is too large, so the loaders answer a level at a
// time, as they did before Expand.
type countingStore struct {
	graph.Store
	noExpand bool
	mu       sync.Mutex
	calls    map[string]int
}

func (c *countingStore) count(m string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[m]++
}

func (c *countingStore) total() (n int, names []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for m, k := range c.calls {
		n += k
		names = append(names, fmt.Sprintf("%s×%d", m, k))
	}
	slices.Sort(names)
	return n, names
}

func (c *countingStore) Expand(ctx context.Context, roots []string, steps []graph.ExpandStep) (graph.Expansion, error) {
	c.count("Expand")
	if c.noExpand {
		return graph.Expansion{}, &graph.TooLargeError{What: "test", Count: 1, Limit: 0}
	}
	return c.Store.Expand(ctx, roots, steps)
}

func (c *countingStore) Organisation(ctx context.Context, id string) (graph.Organisation, error) {
	c.count("Organisation")
	return c.Store.Organisation(ctx, id)
}

func (c *countingStore) Service(ctx context.Context, id string) (graph.Service, error) {
	c.count("Service")
	return c.Store.Service(ctx, id)
}

func (c *countingStore) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	c.count("Nodes")
	return c.Store.Nodes(ctx, ids)
}

func (c *countingStore) Neighbours(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, []graph.Node, error) {
	c.count("Neighbours")
	return c.Store.Neighbours(ctx, ids, types, dir)
}

func (c *countingStore) WhoCommissions(ctx context.Context, service string) ([]graph.Organisation, error) {
	c.count("WhoCommissions")
	return c.Store.WhoCommissions(ctx, service)
}

func (c *countingStore) AccountabilityChain(ctx context.Context, from string) ([]graph.Organisation, error) {
	c.count("AccountabilityChain")
	return c.Store.AccountabilityChain(ctx, from)
}

// ask posts query to a handler over a counting store and returns the
// response and the store calls it cost.
func ask(t *testing.T, st graph.Store, noExpand bool, query string) (string, int, []string) {
	t.Helper()
	cs := &countingStore{Store: st, noExpand: noExpand, calls: map[string]int{}}
	c := client.New(gql.NewHandler(gql.Options{Store: cs}))
	resp, err := c.RawPost(query)
	if err != nil {
		t.Fatalf("post %s: %v", query, err)
	}
	b, _ := json.Marshal(resp)
	n, names := cs.total()
	return string(b), n, names
}

// TestPrefetch proves that nested queries cost one store call for the
// whole tree below their root (two where the root is itself a question),
// and answer exactly what the loaders answer a level at a time.
func TestPrefetch(t *testing.T) {
	st := memStore(t)
	for _, tt := range []struct {
		query string
		calls int
	}{
		{`{ service(id: "svc-specialised") { name commissionedBy { id name accountableTo { id name } } } }`, 1},
		{`{ organisation(id: "ccg-02n") { name partOf { name partOf { name accountableTo { name fundedBy { amountGbp from { id } } } } } } }`, 1},
		{`{ organisation(id: "nhs-england") { funds { amountGbp to { ... on Organisation { id funds { to { id } } } } } } }`, 1},
		{`{ organisation(id: "nhs-england") { relationships(types: [ACCOUNTABLE_TO, FUNDS], direction: OUTGOING) { type from { id } to { id ... on Organisation { parts { id } } } } } }`, 1},
		{`{ node(id: "svc-fertility") { id ... on Service { providedBy { id } commissionedBy { id regulatedBy { id } } relationships { type } } } }`, 1},
		{`{ node(id: "nhs-england") { id ... on Service { providedBy { id } } ... on Organisation { holdsToAccount { id } commissions { to { id } } } } }`, 1},
		{`query($d: Direction, $t: [RelationshipType!]) { organisation(id: "cqc") { relationships(types: $t, direction: $d) { to { id } } regulates { id } } }`, 1},
		{`{ whoCommissions(service: "svc-specialised") { id accountableTo { id holdsToAccount { id } } } }`, 2},
		{`{ accountabilityChain(from: "ccg-02n") { id regulatedBy { id } } }`, 2},
		// Nothing below follows an edge: the plain lookup, one call.
		{`{ organisation(id: "nhs-england") { name instanceOf { id } } }`, 1},
		// Unknown and mistyped roots are null, in one call.
		{`{ organisation(id: "svc-specialised") { name partOf { id } } }`, 1},
		{`{ service(id: "no-such-service") { name commissionedBy { id } } }`, 1},
	} {
		t.Run(tt.query, func(t *testing.T) {
			got, n, names := ask(t, st, false, tt.query)
			want, _, _ := ask(t, st, true, tt.query)
			if got != want {
				t.Errorf("with Expand:\n %s\nlevel by level:\n %s", got, want)
			}
			if strings.Contains(got, `"errors"`) {
				t.Errorf("errors: %s", got)
			}
			if n != tt.calls {
				t.Errorf("%d store calls (%s), want %d", n, strings.Join(names, ", "), tt.calls)
			}
		})
	}
}

// TestPrefetchCoversEdgeFields asks for every field of Organisation and
// Service that returns nodes or relationships, nested under a root, and
// requires no store call beyond the Expand: a field the prefetch table
// does not know, or knows wrongly, costs a Neighbours call and fails here.
func TestPrefetchCoversEdgeFields(t *testing.T) {
	st := memStore(t)
	schema := gql.NewExecutableSchema(gql.Config{Resolvers: &gql.Resolver{}}).Schema()
	for _, typ := range []string{"Organisation", "Service"} {
		root := map[string]string{"Organisation": `organisation(id: "nhs-england")`, "Service": `service(id: "svc-specialised")`}[typ]
		for _, f := range schema.Types[typ].Fields {
			sub := ""
			switch f.Type.Name() {
			case "Organisation", "Service", "Node":
				sub = "{ id }"
			case "Relationship":
				sub = "{ id from { id } to { id } }"
			}
			if sub == "" || f.Type.Elem == nil || f.Name == "instances" {
				continue // not a list of nodes or relationships
			}
			q := fmt.Sprintf("{ %s { id %s %s } }", root, f.Name, sub)
			t.Run(typ+"."+f.Name, func(t *testing.T) {
				got, n, names := ask(t, st, false, q)
				if strings.Contains(got, `"errors"`) || n != 1 || names[0] != "Expand×1" {
					t.Errorf("%s: %d store calls (%s), want Expand alone; %s", q, n, strings.Join(names, ", "), got)
				}
			})
		}
	}
}

// briefStore records whether each call's context was marked brief.
type briefStore struct {
	graph.Store
	mu    sync.Mutex
	brief int
	whole []string
}

func (b *briefStore) note(ctx context.Context, m string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if graph.Brief(ctx) {
		b.brief++
	} else {
		b.whole = append(b.whole, m)
	}
}

func (b *briefStore) Expand(ctx context.Context, roots []string, steps []graph.ExpandStep) (graph.Expansion, error) {
	b.note(ctx, "Expand")
	return b.Store.Expand(ctx, roots, steps)
}

func (b *briefStore) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	b.note(ctx, "Nodes")
	return b.Store.Nodes(ctx, ids)
}

func (b *briefStore) Neighbours(ctx context.Context, ids []string, types []graph.RelType, dir graph.Direction) ([]graph.Relationship, []graph.Node, error) {
	b.note(ctx, "Neighbours")
	return b.Store.Neighbours(ctx, ids, types, dir)
}

func (b *briefStore) Organisation(ctx context.Context, id string) (graph.Organisation, error) {
	b.note(ctx, "Organisation")
	return b.Store.Organisation(ctx, id)
}

func (b *briefStore) Organisations(ctx context.Context, f graph.OrganisationFilter, p graph.Page) (graph.OrganisationPage, error) {
	b.note(ctx, "Organisations")
	return b.Store.Organisations(ctx, f, p)
}

func (b *briefStore) WhoCommissions(ctx context.Context, service string) ([]graph.Organisation, error) {
	b.note(ctx, "WhoCommissions")
	return b.Store.WhoCommissions(ctx, service)
}

// TestBriefOperations proves that an operation asks for brief records
// exactly when it selects no long text and no source anywhere, fragments
// included.
func TestBriefOperations(t *testing.T) {
	st := memStore(t)
	for _, tt := range []struct {
		query string
		brief bool
	}{
		{`{ service(id: "svc-specialised") { name commissionedBy { id name accountableTo { id name } } } }`, true},
		{`{ organisations(filter: {instanceOf: "clinical-commissioning-groups"}, first: 20) { totalCount edges { node { id name } } } }`, true},
		{`{ whoCommissions(service: "svc-specialised") { id name tier active instanceOf { id } } }`, true},
		{`{ organisation(id: "nhs-england") { funds { amountGbp year to { id } } parts { id } } }`, true},
		{`{ node(id: "nhs-england") { id name } a: organisation(id: "cqc") { regulates { id } } }`, true},
		{`{ organisation(id: "nhs-england") { role } }`, false},
		{`{ service(id: "svc-specialised") { commissionedBy { id sources { url } } } }`, false},
		{`{ organisation(id: "nhs-england") { funds { note } } }`, false},
		{`{ organisation(id: "nhs-england") { parts { ...F } } } fragment F on Organisation { id budget }`, false},
		{`{ node(id: "svc-fertility") { ... on Service { description } } }`, false},
		{`{ organisation(id: "nhs-england") { relationships { from { ... on Organisation { legalForm } } } } }`, false},
	} {
		t.Run(tt.query, func(t *testing.T) {
			bs := &briefStore{Store: st}
			c := client.New(gql.NewHandler(gql.Options{Store: bs}))
			resp, err := c.RawPost(tt.query)
			if err != nil || len(resp.Errors) > 0 {
				t.Fatalf("%v %s", err, resp.Errors)
			}
			if tt.brief && len(bs.whole) > 0 || !tt.brief && bs.brief > 0 || bs.brief+len(bs.whole) == 0 {
				t.Errorf("brief calls %d, whole %q; want all brief: %v", bs.brief, bs.whole, tt.brief)
			}
		})
	}
}
