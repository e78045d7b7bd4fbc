package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"caremap/graph"
)

// The explorer and the API tell one story: /path?by=accountability shows
// exactly the chain accountabilityChain gives, and /path?by=money a part of
// one of the paths moneyFlow gives, for every CCG, trust and council (on
// the embedded store, in process).

// flowBoxes reads the ids of the boxes of a /path page's answer, in order.
var flowBox = regexp.MustCompile(`class="box"><a href="/org/([^"]+)"`)

func flowBoxes(body string) []string {
	i := strings.Index(body, `<ol class="flow"`)
	if i < 0 {
		return nil
	}
	body = body[i:]
	body = body[:strings.Index(body, "</ol>")]
	var ids []string
	for _, m := range flowBox.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// storyBodies lists the ids of every CCG, NHS trust, foundation trust and
// council.
func storyBodies(t *testing.T, st graph.Store) []string {
	t.Helper()
	var ids []string
	for _, class := range []string{"clinical-commissioning-groups", "nhs-trusts", "nhs-foundation-trusts", "upper-tier-local-authorities"} {
		after := ""
		for {
			pg, err := st.Organisations(t.Context(), graph.OrganisationFilter{InstanceOf: class}, graph.Page{First: graph.MaxFirst, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range pg.Items {
				ids = append(ids, o.ID)
			}
			if !pg.HasNextPage {
				break
			}
			after = pg.Cursors[len(pg.Cursors)-1]
		}
	}
	if len(ids) < 600 {
		t.Fatalf("only %d CCGs, trusts and councils", len(ids))
	}
	return ids
}

// gqlIn asks the API in process and decodes data into out.
func gqlIn(t *testing.T, h http.Handler, query string, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	var resp struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%s: %d %s", query, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		t.Fatal(err)
	}
}

func TestExplorerAndAPITellOneStory(t *testing.T) {
	st, info := memStore(t)
	h := newApp(serveConfig{RequestTimeout: 10 * time.Second}, slog.New(slog.DiscardHandler), st, info).routes()
	page := func(target string) string {
		rec := getRec(t, h, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, rec.Code)
		}
		return rec.Body.String()
	}
	moneyRoutes := 0
	for _, id := range storyBodies(t, st) {
		// Accountability: the same bodies, in the same order.
		var acc struct{ AccountabilityChain []struct{ ID string } }
		gqlIn(t, h, fmt.Sprintf(`{ accountabilityChain(from: %q) { id } }`, id), &acc)
		var api []string
		for _, o := range acc.AccountabilityChain {
			api = append(api, o.ID)
		}
		if got := flowBoxes(page("/path?by=accountability&to=uk-parliament&from=" + id)); !slices.Equal(got, api) {
			t.Errorf("%s: the explorer's chain to Parliament is %v, the API's %v", id, got, api)
		}

		// Money from the Department of Health: the shortest part of the
		// API's money paths that starts there (the first of the shortest),
		// going on to the instance when the paths end at its class.
		var mf struct {
			MoneyFlow []struct {
				Start struct{ ID string }
				Steps []struct{ Node struct{ ID string } }
			}
		}
		gqlIn(t, h, fmt.Sprintf(`{ moneyFlow(to: %q) { start { id } steps { node { id } } } }`, id), &mf)
		var want []string
		for _, p := range mf.MoneyFlow {
			nodes := []string{p.Start.ID}
			for _, s := range p.Steps {
				nodes = append(nodes, s.Node.ID)
			}
			i := slices.Index(nodes, "department-of-health")
			if i < 0 {
				continue
			}
			if nodes = nodes[i:]; nodes[len(nodes)-1] != id {
				nodes = append(nodes, id) // the class, then the instance
			}
			if want == nil || len(nodes) < len(want) {
				want = nodes
			}
		}
		got := flowBoxes(page("/path?by=money&from=department-of-health&to=" + id))
		if !slices.Equal(got, want) {
			t.Errorf("%s: the explorer's money from the Department of Health is %v, the API's %v", id, got, want)
		}
		if want != nil {
			moneyRoutes++
		}
	}
	if moneyRoutes < 300 {
		t.Errorf("only %d bodies have money from the Department of Health: the comparison proves little", moneyRoutes)
	}
}
