package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// launch runs the whole program on a free port, as a user would, with the
// environment env, and returns its base URL once it has printed it, and a
// channel that yields run's result. Later output goes to logs (nil: dropped).
func launch(ctx context.Context, env map[string]string, args []string, logs func(line string)) (string, <-chan error) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	// No warming: under -race the start-up renders would hold both workers
	// while the tests' own diagram requests queue.
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--render-warm=false"}, args...)
	go func() {
		done <- run(ctx, args, func(k string) string { return env[k] }, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	re := regexp.MustCompile(`GraphQL:\s+(http://\S+)/graphql`)
	for lines.Scan() {
		if m := re.FindStringSubmatch(lines.Text()); m != nil {
			go func() {
				for lines.Scan() {
					if logs != nil {
						logs(lines.Text())
					}
				}
			}()
			return m[1], done
		}
	}
	return "", done
}

// startServer runs the program for one test, on the embedded store.
func startServer(t testing.TB, extraArgs ...string) string {
	t.Helper()
	return startServerEnv(t, nil, append([]string{"--log-level", "warn"}, extraArgs...)...)
}

var (
	serverOnce sync.Once
	serverURL  string
)

// sharedServer starts one server for all the read-only tests of this package.
// It is not tied to one test's cleanup: it lives for the whole test binary.
func sharedServer(t *testing.T) string {
	serverOnce.Do(func() {
		serverURL, _ = launch(context.Background(), nil, []string{"--log-level", "warn"}, nil)
	})
	if serverURL == "" {
		t.Fatal("shared server did not start")
	}
	return serverURL
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// post sends a GraphQL query over HTTP and decodes the answer into data.
func post(t *testing.T, base, query string, vars map[string]any, data any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r gqlResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	if data != nil {
		if len(r.Errors) > 0 {
			t.Fatalf("query %q: errors %s", query, raw)
		}
		if err := json.Unmarshal(r.Data, data); err != nil {
			t.Fatalf("decoding data %s: %v", r.Data, err)
		}
	}
	return r
}

type idName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func ids(ns []idName) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}

func TestWhoCommissions(t *testing.T) {
	base := sharedServer(t)
	for _, tc := range []struct{ service, want string }{
		{"svc-specialised", "nhs-england"},
		{"svc-primary-medical", "nhs-england"},
		{"svc-planned-hospital-care", "clinical-commissioning-groups"},
		{"svc-sexual-health", "upper-tier-local-authorities"},
	} {
		var d struct{ WhoCommissions []idName }
		post(t, base, `query($s: ID!) { whoCommissions(service: $s) { id name } }`, map[string]any{"s": tc.service}, &d)
		if !slices.Contains(ids(d.WhoCommissions), tc.want) {
			t.Errorf("whoCommissions(%s) = %v, want it to include %s", tc.service, ids(d.WhoCommissions), tc.want)
		}
	}
}

func TestAccountabilityChainReachesParliament(t *testing.T) {
	base := sharedServer(t)
	var d struct{ AccountabilityChain []idName }
	post(t, base, `{ accountabilityChain(from: "ccg-02n") { id name } }`, nil, &d)
	got := ids(d.AccountabilityChain)
	if len(got) == 0 || got[0] != "ccg-02n" || got[len(got)-1] != "uk-parliament" {
		t.Fatalf("chain = %v, want it to run from ccg-02n to uk-parliament", got)
	}
	// NHS England, then the Department, then the Secretary of State, in that order.
	last := -1
	for _, id := range []string{"nhs-england", "department-of-health", "secretary-of-state-for-health"} {
		i := slices.Index(got, id)
		if i <= last {
			t.Fatalf("chain = %v: want %s after the bodies before it", got, id)
		}
		last = i
	}
}

func TestMoneyFromDepartmentToCCGs(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		Path struct {
			Steps []struct {
				Relationship struct {
					Type      string
					AmountGbp float64
					Year      string
				}
				Node idName
			}
		}
	}
	post(t, base, `{ path(from: "department-of-health", to: "clinical-commissioning-groups", types: [FUNDS], directed: true) {
		steps { relationship { type amountGbp year } node { id name } } } }`, nil, &d)
	steps := d.Path.Steps
	if len(steps) != 2 || steps[0].Node.ID != "nhs-england" || steps[1].Node.ID != "clinical-commissioning-groups" {
		t.Fatalf("path = %+v, want department-of-health -> nhs-england -> clinical-commissioning-groups", steps)
	}
	if steps[0].Relationship.AmountGbp != 95.6e9 || steps[0].Relationship.Year != "2013/14" {
		t.Errorf("DH -> NHS England = %+v, want £95.6bn in 2013/14", steps[0].Relationship)
	}
	if steps[1].Relationship.AmountGbp != 64.7e9 {
		t.Errorf("NHS England -> CCGs = %+v, want £64.7bn", steps[1].Relationship)
	}
}

func TestMoneyFlowStartsAtTheTop(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		MoneyFlow []struct {
			Start idName
			Steps []struct{ Node idName }
		}
	}
	post(t, base, `{ moneyFlow(to: "clinical-commissioning-groups") { start { id name } steps { node { id name } } } }`, nil, &d)
	if len(d.MoneyFlow) == 0 {
		t.Fatal("no money flows to the CCGs")
	}
	for _, p := range d.MoneyFlow {
		if p.Steps[len(p.Steps)-1].Node.ID != "clinical-commissioning-groups" {
			t.Errorf("flow %+v does not end at the CCGs", p)
		}
	}
	if d.MoneyFlow[0].Start.ID != "hm-treasury" {
		t.Errorf("first flow starts at %s, want hm-treasury", d.MoneyFlow[0].Start.ID)
	}
}

func TestWhoRegulatesFoundationTrusts(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		Organisation struct{ RegulatedBy []idName }
	}
	post(t, base, `{ organisation(id: "nhs-foundation-trusts") { regulatedBy { id name } } }`, nil, &d)
	got := ids(d.Organisation.RegulatedBy)
	for _, want := range []string{"monitor", "care-quality-commission"} {
		if !slices.Contains(got, want) {
			t.Errorf("regulatedBy = %v, want %s among them", got, want)
		}
	}
}

func TestPublicHealthEngland(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		Organisation struct {
			Name, Role    string
			Kind          string
			Funds         []struct{ To idName }
			Relationships []struct {
				Type string
				To   idName
			}
		}
	}
	post(t, base, `{ organisation(id: "public-health-england") { name role kind funds { to { id name } }
		relationships(direction: OUTGOING) { type to { id name } } } }`, nil, &d)
	o := d.Organisation
	if o.Name != "Public Health England" || o.Kind != "EXECUTIVE_AGENCY" || !strings.Contains(strings.ToLower(o.Role), "health") {
		t.Errorf("PHE = %+v", o)
	}
	found := false
	for _, r := range o.Relationships {
		if r.Type == "SUPPORTS" && r.To.ID == "nhs-england" {
			found = true
		}
		if r.Type == "FUNDS" && !slices.ContainsFunc(o.Funds, func(f struct{ To idName }) bool { return f.To.ID == r.To.ID }) {
			t.Errorf("FUNDS edge to %s missing from funds", r.To.ID)
		}
	}
	if !found {
		t.Errorf("PHE relationships %+v lack SUPPORTS nhs-england", o.Relationships)
	}
}

func TestInstanceCounts(t *testing.T) {
	base := sharedServer(t)
	for _, tc := range []struct {
		class string
		want  int
	}{
		{"clinical-commissioning-groups", 211},
		{"nhse-area-teams", 27},
		{"nhse-regional-teams", 4},
		{"health-and-wellbeing-boards", 152},
		{"upper-tier-local-authorities", 152},
		{"local-healthwatch", 152},
	} {
		var d struct{ Organisations struct{ TotalCount int } }
		post(t, base, `query($c: ID!) { organisations(filter: {instanceOf: $c}) { totalCount } }`, map[string]any{"c": tc.class}, &d)
		if d.Organisations.TotalCount != tc.want {
			t.Errorf("instances of %s = %d, want %d", tc.class, d.Organisations.TotalCount, tc.want)
		}
	}
}

func TestAreaTeamCCGs(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		Organisations struct {
			TotalCount int
			Edges      []struct{ Node idName }
		}
	}
	post(t, base, `{ organisations(filter: {partOf: "area-team-q52"}, first: 50) { totalCount edges { node { id name } } } }`, nil, &d)
	// West Yorkshire (Q52) had 10 CCGs in April 2013 (reference ccg-2013.csv).
	if d.Organisations.TotalCount != 10 || len(d.Organisations.Edges) != 10 {
		t.Fatalf("area-team-q52 parts = %d (%d edges), want 10", d.Organisations.TotalCount, len(d.Organisations.Edges))
	}
	for _, e := range d.Organisations.Edges {
		if !strings.HasPrefix(e.Node.ID, "ccg-") {
			t.Errorf("part %s is not a CCG", e.Node.ID)
		}
	}
}

func TestWhatReplacedPrimaryCareTrusts(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		Organisation struct {
			Active        bool
			Relationships []struct{ To idName }
		}
	}
	post(t, base, `{ organisation(id: "primary-care-trusts") { active relationships(types: [SUCCEEDED_BY], direction: OUTGOING) { to { id name } } } }`, nil, &d)
	var got []string
	for _, r := range d.Organisation.Relationships {
		got = append(got, r.To.ID)
	}
	if d.Organisation.Active {
		t.Error("primary care trusts reported active in April 2013")
	}
	for _, want := range []string{"clinical-commissioning-groups", "nhs-england", "upper-tier-local-authorities"} {
		if !slices.Contains(got, want) {
			t.Errorf("PCT successors = %v, want %s", got, want)
		}
	}
}

func TestSourcesAttached(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		Organisation struct {
			Sources []struct{ Title, URL string }
			Funds   []struct {
				Confidence string
				Sources    []struct{ Title, URL string }
			}
		}
	}
	post(t, base, `{ organisation(id: "department-of-health") { sources { title url } funds { confidence sources { title url } } } }`, nil, &d)
	if len(d.Organisation.Sources) == 0 || len(d.Organisation.Funds) == 0 {
		t.Fatalf("DH = %+v, want sources and funding edges", d.Organisation)
	}
	for _, f := range d.Organisation.Funds {
		if len(f.Sources) == 0 || f.Sources[0].Title == "" || !strings.HasPrefix(f.Sources[0].URL, "http") || f.Confidence == "" {
			t.Errorf("funding edge without a full source: %+v", f)
		}
	}
}

func TestGETQuery(t *testing.T) {
	base := sharedServer(t)
	q := url.Values{"query": {`{ organisation(id: "nhs-england") { displayName shortName tier } }`}}
	resp, err := http.Get(base + "/graphql?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data struct {
			Organisation struct{ DisplayName, ShortName, Tier string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || r.Data.Organisation.DisplayName != "NHS England" || r.Data.Organisation.Tier != "NATIONAL" {
		t.Errorf("GET = %d %+v", resp.StatusCode, r.Data)
	}
}

func TestErrors(t *testing.T) {
	base := sharedServer(t)
	for _, tc := range []struct {
		name, query, code string
		mention           []string
	}{
		{"first over cap", `{ organisations(first: 1000) { totalCount } }`, "BAD_USER_INPUT", []string{"first", "1 to 100"}},
		{"depth over max", `{ neighbourhood(id: "nhs-england", depth: 9) { nodes { id } } }`, "BAD_USER_INPUT", []string{"depth", "0 to 4"}},
		{"hops over max", `{ path(from: "nhs-england", to: "monitor", maxHops: 99) { length } }`, "BAD_USER_INPUT", []string{"maxHops", "1 to 8"}},
		{"unknown type", `{ organisation(id: "nhs-england") { relationships(types: [OWNS]) { id } } }`, "GRAPHQL_VALIDATION_FAILED", []string{"OWNS", "ACCOUNTABLE_TO", "INSTANCE_OF"}},
		{"unknown type in variable", `query($t: [RelationshipType!]) { organisation(id: "nhs-england") { relationships(types: $t) { id } } }`, "GRAPHQL_VALIDATION_FAILED", []string{"OWNS", "FUNDS"}},
		{"unknown service", `{ whoCommissions(service: "svc-nothing") { id } }`, "NOT_FOUND", []string{"svc-nothing"}},
		{"bad cursor", `{ organisations(after: "xyz") { totalCount } }`, "BAD_USER_INPUT", []string{"after", "cursor"}},
		{"syntax", `{ organisation(id: "nhs-england") { name }`, "GRAPHQL_PARSE_FAILED", nil},
		{"empty search", `{ search(text: "  ...  ") { score } }`, "BAD_USER_INPUT", []string{"text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]any{}
			if strings.Contains(tc.query, "$t") {
				vars["t"] = []string{"OWNS"}
			}
			r := post(t, base, tc.query, vars, nil)
			if len(r.Errors) == 0 {
				t.Fatalf("no error; data %s", r.Data)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != tc.code {
				t.Errorf("code = %v, want %s (message %q)", e.Extensions["code"], tc.code, e.Message)
			}
			for _, m := range tc.mention {
				if !strings.Contains(e.Message, m) {
					t.Errorf("message %q does not mention %q", e.Message, m)
				}
			}
			if e.Extensions["requestId"] == nil || e.Extensions["requestId"] == "" {
				t.Errorf("error without a requestId: %+v", e)
			}
		})
	}
}

func TestUnknownIDIsNull(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		Organisation *idName
		Service      *idName
	}
	post(t, base, `{ organisation(id: "no-such-body") { id name } service(id: "svc-none") { id name } }`, nil, &d)
	if d.Organisation != nil || d.Service != nil {
		t.Errorf("unknown ids gave %+v", d)
	}
}

func TestPlaygroundAndExplorer(t *testing.T) {
	base := sharedServer(t)
	for _, tc := range []struct {
		path    string
		status  int
		mention string
	}{
		{"/playground/", 200, "Who commissions specialised services?"},
		{"/", 200, "1 April 2013"},
		{"/org/nhs-england", 200, "NHS England"},
		{"/no/such/page", 404, "<form"},
	} {
		resp, err := http.Get(base + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.mention) {
			t.Errorf("GET %s = %d, want %d with %q", tc.path, resp.StatusCode, tc.status, tc.mention)
		}
	}
}

func TestServeFlagsAndEnv(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
	}{
		{"bad addr", []string{"--addr", "nowhere"}, nil, "--addr"},
		{"bad log format", []string{"--log-format", "xml"}, nil, "text, json"},
		{"bad env timeout", nil, map[string]string{"CAREMAP_REQUEST_TIMEOUT": "soon"}, "--request-timeout"},
		{"bad neo4j uri", nil, map[string]string{"NEO4J_URI": "http://x"}, "Bolt URI"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseServe(tc.args, func(k string) string { return tc.env[k] }, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want it to mention %q", err, tc.wantErr)
			}
		})
	}
	cfg, err := parseServe(nil, func(k string) string { return map[string]string{"CAREMAP_ADDR": "127.0.0.1:9999"}[k] }, io.Discard)
	if err != nil || cfg.Addr != "127.0.0.1:9999" {
		t.Errorf("CAREMAP_ADDR: cfg %+v err %v", cfg, err)
	}
}

func TestGracefulStop(t *testing.T) {
	base := startServer(t)
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz = %d", resp.StatusCode)
	}
	// The cleanup cancels the context and fails the test unless run returns nil.
}

func TestDiagramsServed(t *testing.T) {
	base := sharedServer(t)
	for _, tc := range []struct{ path, ctype, prefix string }{
		{"/diagram.svg", "image/svg+xml", "<?xml"},
		{"/diagram/nhs-england.png", "image/png", "\x89PNG"},
		{"/diagram/nhs-england.dot", "text/vnd.graphviz", "digraph"},
	} {
		resp, err := http.Get(base + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) || !strings.HasPrefix(string(body), tc.prefix) {
			t.Errorf("GET %s = %d %s %.20q, want %s starting %q", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.ctype, tc.prefix)
		}
	}
	resp, err := http.Get(base + "/diagram/no-such-body.svg")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("unknown id: %d, want 404", resp.StatusCode)
	}
	_, metrics := getStatus(t, base+"/metrics")
	for _, want := range []string{"caremap_render_cache_misses_total", "caremap_render_queue 0", "caremap_render_busy_workers 0"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestRenderSubcommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "nhse.svg")
	var stdout bytes.Buffer
	if err := run(t.Context(), []string{"render", "--depth", "1", "nhs-england", "-o", out}, func(string) string { return "" }, &stdout, io.Discard); err != nil {
		t.Fatalf("render: %v\n%s", err, stdout.String())
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), `xlink:href="/org/nhs-england"`) {
		t.Errorf("render wrote %.100q (%v), want an SVG with NHS England", b, err)
	}
}

func TestDiagramField(t *testing.T) {
	base := sharedServer(t)
	var d struct {
		Diagram struct{ SvgUrl, PdfUrl, PngUrl, DotUrl, Svg string }
	}
	post(t, base, `{ diagram(focus: "nhs-england", depth: 1, types: [FUNDS, ACCOUNTABLE_TO], theme: DARK) { svgUrl pdfUrl pngUrl dotUrl svg } }`, nil, &d)
	g := d.Diagram
	if g.SvgUrl != "/diagram/nhs-england.svg?theme=dark&types=ACCOUNTABLE_TO%2CFUNDS" || !strings.HasSuffix(g.PdfUrl, ".pdf?theme=dark&types=ACCOUNTABLE_TO%2CFUNDS") {
		t.Errorf("urls = %+v", g)
	}
	if !strings.Contains(g.Svg, "<svg") || !strings.Contains(g.Svg, `/org/nhs-england`) {
		t.Errorf("svg = %.200q", g.Svg)
	}
	var v struct {
		Diagram struct{ SvgUrl string }
	}
	post(t, base, `{ diagram(view: MONEY, theme: AUTO) { svgUrl } }`, nil, &v)
	if v.Diagram.SvgUrl != "/diagram.svg?theme=auto&view=money" {
		t.Errorf("money view: svgUrl %q", v.Diagram.SvgUrl)
	}
	// The URL serves the same picture.
	resp, err := http.Get(base + g.SvgUrl)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != g.Svg {
		t.Errorf("GET %s differs from the inline SVG", g.SvgUrl)
	}
	for _, tc := range []struct{ query, code, mention string }{
		{`{ diagram(focus: "nhs-england", depth: 7) { svgUrl } }`, "BAD_USER_INPUT", "0 to 4"},
		{`{ diagram(focus: "no-such-body") { svg } }`, "NOT_FOUND", "no-such-body"},
		{`{ diagram(view: MONEY, types: [PROVIDES]) { svgUrl } }`, "BAD_USER_INPUT", "with view money"},
	} {
		r := post(t, base, tc.query, nil, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != tc.code || !strings.Contains(r.Errors[0].Message, tc.mention) {
			t.Errorf("%s: errors %+v, want %s mentioning %q", tc.query, r.Errors, tc.code, tc.mention)
		}
	}
}
