package render

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"caremap/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func amount(n int64) *int64 { return &n }

// fixture is a small system: Parliament, a minister, a department, a
// national body with instances, a regional and a local body, a provider,
// people and a service, with one edge of each main kind.
func fixture() graph.Subgraph {
	orgs := []graph.Organisation{
		{ID: "uk-parliament", Name: "Parliament of the United Kingdom", Kind: graph.KindParliament, Tier: graph.TierNational, Group: "accountability-and-scrutiny", Role: "Passes laws."},
		{ID: "secretary-of-state-for-health", Name: "Secretary of State for Health", Kind: graph.KindMinister, Tier: graph.TierNational, Group: "government", Role: "Answers to Parliament."},
		{ID: "department-of-health", Name: "Department of Health", Kind: graph.KindGovernmentDepartment, Tier: graph.TierNational, Group: "government", Role: "Leads and funds."},
		{ID: "nhs-england", Name: "NHS England", Kind: graph.KindNonDepartmentalBody, Tier: graph.TierNational, Group: "nhs-commissioning", Role: "Commissions."},
		{ID: "nhse-area-teams", Name: "NHS England area teams", Kind: graph.KindDivision, Tier: graph.TierRegional, Group: "nhs-commissioning", Count: 27},
		{ID: "clinical-commissioning-groups", Name: "Clinical commissioning groups", Kind: graph.KindNHSBody, Tier: graph.TierLocal, Group: "local-commissioning", Count: 211, Role: "Commission most hospital care."},
		{ID: "nhs-foundation-trusts", Name: "NHS foundation trusts", Kind: graph.KindProvider, Tier: graph.TierLocal, Group: "providers", Count: 146},
		{ID: "patients-and-public", Name: "Patients and the public", Kind: graph.KindPeople, Tier: graph.TierLocal, Group: "people-and-communities"},
		{ID: "monitor", Name: "Monitor", Kind: graph.KindNonDepartmentalBody, Tier: graph.TierNational, Group: "regulation"},
		{ID: "clinical-senates", Name: "Clinical senates", Kind: graph.KindNetwork, Tier: graph.TierRegional, Group: "clinical-advice", Count: 12},
	}
	sg := graph.Subgraph{}
	for i := range orgs {
		sg.Nodes = append(sg.Nodes, graph.Node{Organisation: &orgs[i]})
	}
	svc := graph.Service{ID: "svc-specialised", Name: "Specialised services", Description: "Rare and complex care."}
	sg.Nodes = append(sg.Nodes, graph.Node{Service: &svc})
	sg.Edges = []graph.Relationship{
		{ID: "rel-001", Type: graph.AccountableTo, From: "secretary-of-state-for-health", To: "uk-parliament"},
		{ID: "rel-002", Type: graph.AccountableTo, From: "department-of-health", To: "secretary-of-state-for-health"},
		{ID: "rel-003", Type: graph.AccountableTo, From: "nhs-england", To: "secretary-of-state-for-health"},
		{ID: "rel-004", Type: graph.AccountableTo, From: "clinical-commissioning-groups", To: "nhs-england"},
		{ID: "rel-005", Type: graph.AccountableTo, From: "monitor", To: "department-of-health"},
		{ID: "rel-006", Type: graph.Funds, From: "department-of-health", To: "nhs-england", AmountGBP: amount(95_600_000_000), Year: "2013/14"},
		{ID: "rel-007", Type: graph.Funds, From: "nhs-england", To: "clinical-commissioning-groups", AmountGBP: amount(64_700_000_000)},
		{ID: "rel-008", Type: graph.Commissions, From: "clinical-commissioning-groups", To: "nhs-foundation-trusts"},
		{ID: "rel-009", Type: graph.Commissions, From: "nhs-england", To: "svc-specialised"},
		{ID: "rel-010", Type: graph.PartOf, From: "nhse-area-teams", To: "nhs-england"},
		{ID: "rel-011", Type: graph.Regulates, From: "monitor", To: "nhs-foundation-trusts"},
		{ID: "rel-012", Type: graph.Represents, From: "clinical-commissioning-groups", To: "patients-and-public"},
	}
	graph.SortNodes(sg.Nodes)
	graph.SortRelationships(sg.Edges)
	return sg
}

// golden compares got with testdata/name, rewriting it under -update and
// writing got beside it on failure (STYLE.md item 19).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		if err := os.WriteFile(path+".actual", got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s differs from the golden file; got written to %s.actual (run with -update if the change is intended)", path, path)
	}
}

func TestDOTGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		opts Options
	}{
		{"fixture-light.dot", Options{}},
		{"fixture-dark.dot", Options{Theme: ThemeDark, Focus: "nhs-england", Caption: Caption{Title: "Around NHS England", Subtitle: "As at 1 April 2013", Source: "Source: caremap test", DocTitle: "NHS England: overview, 1 April 2013"}}},
		{"fixture-whole.dot", Options{NoClusters: true, MaxAspect: 2}},
		{"fixture-plain.dot", Options{NoClusters: true, NoLegend: true, Stagger: -1}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := DOT(fixture(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, got)
		})
	}
}

func TestDOTDeterministic(t *testing.T) {
	a, err := DOT(fixture(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sg := fixture()
	// Shuffle the input: the output must not change.
	for i, j := 0, len(sg.Nodes)-1; i < j; i, j = i+1, j-1 {
		sg.Nodes[i], sg.Nodes[j] = sg.Nodes[j], sg.Nodes[i]
	}
	for i, j := 0, len(sg.Edges)-1; i < j; i, j = i+1, j-1 {
		sg.Edges[i], sg.Edges[j] = sg.Edges[j], sg.Edges[i]
	}
	b, err := DOT(sg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("DOT output depends on input order")
	}
}

func TestDOTVisualLanguage(t *testing.T) {
	dot, err := DOT(fixture(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	for _, want := range []string{
		// accountability emitted from the superior, arrow kept pointing up
		`"uk-parliament" -> "secretary-of-state-for-health" [class="rel-accountable-to"`,
		`dir=back`,
		// money edges labelled, others not; each label tied to its edge
		`label="£95.6bn"`, `label="£64.7bn"`, `decorate=true`,
		// links and ids from validated ids only
		`URL="/org/nhs-england"`, `URL="/service/svc-specialised"`, `id="node-nhs-england"`, `id="edge-rel-006"`,
		// clusters by group, a key with the types drawn
		`subgraph "cluster_nhs-commissioning"`, `<b>Key</b>`, `>accountable to<`, `>regulates<`,
		// the count of a class node
		`(211)`,
		`fontname="Helvetica"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
	if strings.Contains(s, `label="rel-`) || strings.Contains(s, ">uses<") {
		t.Error("DOT labels a non-money edge or lists a type not drawn")
	}
	if got := strings.Count(s, "label=\"£"); got != 2 {
		t.Errorf("money labels = %d, want 2", got)
	}
}

// TestDOTOperatingName: a body's box carries its operating name, and its
// tooltip the legal name too.
func TestDOTOperatingName(t *testing.T) {
	sg := fixture()
	for _, n := range sg.Nodes {
		if o := n.Organisation; o != nil && o.ID == "nhs-england" {
			o.Name, o.OperatingName = "NHS Commissioning Board", "NHS England"
		}
	}
	dot, err := DOT(sg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	for _, want := range []string{`label="NHS England"`, `tooltip="NHS England (legal name: NHS Commissioning Board): Commissions."`} {
		if !strings.Contains(s, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
	if strings.Contains(s, `label="NHS Commissioning Board"`) {
		t.Error("the box shows the legal name")
	}
}

func TestDOTStaggersLeaves(t *testing.T) {
	sg := graph.Subgraph{}
	parent := graph.Organisation{ID: "parent", Name: "Parent", Tier: graph.TierNational, Kind: graph.KindGovernmentDepartment}
	sg.Nodes = append(sg.Nodes, graph.Node{Organisation: &parent})
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		o := graph.Organisation{ID: "leaf-" + id, Name: "Leaf " + id, Tier: graph.TierNational, Kind: graph.KindNonDepartmentalBody}
		sg.Nodes = append(sg.Nodes, graph.Node{Organisation: &o})
		sg.Edges = append(sg.Edges, graph.Relationship{ID: "r-" + id, Type: graph.AccountableTo, From: o.ID, To: "parent"})
	}
	dot, err := DOT(sg, Options{Stagger: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"minlen=2", "minlen=3"} {
		if !strings.Contains(string(dot), want) {
			t.Errorf("7 leaves with Stagger 3: DOT lacks %s", want)
		}
	}
	dot, _ = DOT(sg, Options{Stagger: -1})
	for _, line := range strings.Split(string(dot), "\n") {
		if strings.Contains(line, `"parent" -> "leaf-`) && strings.Contains(line, "minlen") {
			t.Errorf("Stagger -1 still staggers: %s", line)
		}
	}
}

func TestDOTRejectsUnknownTheme(t *testing.T) {
	if _, err := DOT(fixture(), Options{Theme: "sepia"}); err == nil || !strings.Contains(err.Error(), "light, dark") {
		t.Errorf("err = %v, want an invalid theme naming light, dark", err)
	}
}

// Ids that look like the renderer's own node names stay separate nodes.
func TestDOTReservedNames(t *testing.T) {
	sg := fixture()
	for _, id := range []string{"legend", "key", "band", "graph", "node", "edge", "digraph", "subgraph", "strict"} {
		o := graph.Organisation{ID: id, Name: "Body " + id, Tier: graph.TierNational, Kind: graph.KindNonDepartmentalBody}
		sg.Nodes = append(sg.Nodes, graph.Node{Organisation: &o})
	}
	dot, err := DOT(sg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := Local(context.Background(), dot, SVG, LayoutDot)
	if err != nil {
		t.Fatalf("%v\n%s", err, dot)
	}
	for _, id := range []string{"legend", "key", "graph", "node", "strict"} {
		if !bytes.Contains(svg, []byte(">Body "+id+"<")) {
			t.Errorf("node %q is not drawn", id)
		}
	}
}
