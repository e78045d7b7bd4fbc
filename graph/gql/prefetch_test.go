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
