package web

import (
	"context"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"caremap/export"
	"caremap/graph"
)

// readCSV fetches target and parses it as CSV with the header want.
func readCSV(t *testing.T, h http.Handler, target string, want []string) [][]string {
	t.Helper()
	res := get(t, h, target)
	if res.code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, res.code, res.body)
	}
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv; charset=utf-8") {
		t.Errorf("GET %s: Content-Type %q", target, ct)
	}
	if cd := res.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="`) || !strings.HasSuffix(cd, `.csv"`) {
		t.Errorf("GET %s: Content-Disposition %q", target, cd)
	}
	if res.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET %s: no nosniff", target)
	}
	rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: not CSV: %v", target, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], want) {
		t.Fatalf("GET %s: header %v, want %v", target, rows[0], want)
	}
	for i, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("GET %s: row %d has a cell a spreadsheet would run as a formula: %q", target, i, cell)
			}
		}
	}
	return rows[1:]
}

// record maps a row to its columns.
func record(cols, row []string) map[string]string {
	m := make(map[string]string, len(cols))
	for i, c := range cols {
		m[c] = row[i]
	}
	return m
}

// sourcesOf reads back the sources of a row, or with a prefix such as
// "registered_patients_" those of one of its figures.
func sourcesOf(rec map[string]string, prefix string) []graph.Source {
	titles, urls := export.SplitList(rec[prefix+"source_titles"]), export.SplitList(rec[prefix+"source_urls"])
	if len(titles) == 0 {
		return nil
	}
	out := make([]graph.Source, len(titles))
	for i := range titles {
		out[i] = graph.Source{Title: titles[i], URL: urls[i]}
	}
	return out
}

// figureOf reads back the figure name of a row (nil where it is empty).
func figureOf(rec map[string]string, name string) *graph.Figure {
	v := num(rec[name])
	if v == nil {
		return nil
	}
	return &graph.Figure{Value: *v, AsOf: rec[name+"_as_of"], Note: rec[name+"_note"], Sources: sourcesOf(rec, name+"_")}
}

func num(s string) *int64 {
	if s == "" {
		return nil
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return &n
}

// TestExportsRoundTrip downloads the whole dataset as CSV and reads it
// back: every organisation, service and relationship the store holds,
// each field as the store has it.
func TestExportsRoundTrip(t *testing.T) {
	h := newHandler(t)
	st := newStore(t)
	sg, err := st.Graph(t.Context(), wholeDataset)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	orgs, svcs := map[string]graph.Organisation{}, map[string]graph.Service{}
	for _, n := range sg.Nodes {
		if o := n.Organisation; o != nil {
			orgs[o.ID] = *o
		} else {
			svcs[n.Service.ID] = *n.Service
		}
	}
	rels := map[string]graph.Relationship{}
	for _, r := range sg.Edges {
		rels[r.ID] = r
	}

	figures := 0
	rows := readCSV(t, h, "/export/organisations.csv", export.OrganisationColumns)
	if len(rows) != stats.Organisations || len(rows) != len(orgs) {
		t.Errorf("organisations.csv has %d rows, the store %d organisations", len(rows), stats.Organisations)
	}
	for _, row := range rows {
		r := record(export.OrganisationColumns, row)
		o, ok := orgs[r["id"]]
		if !ok {
			t.Errorf("organisations.csv: unknown id %q", r["id"])
			continue
		}
		got := graph.Organisation{ID: r["id"], Name: r["name"], OperatingName: r["operating_name"], ShortName: r["short_name"],
			Kind: graph.Kind(r["kind"]), LegalForm: r["legal_form"], Tier: graph.Tier(r["tier"]), Group: r["group"], Status: r["status"],
			CountNote: r["count_note"], InstanceOf: r["instance_of"], Codes: graph.Codes{ODS: r["ods_code"], ONS: r["ons_code"]},
			ValidFrom: r["valid_from"], ValidTo: r["valid_to"],
			RegisteredPatients: figureOf(r, "registered_patients"), MemberPractices: figureOf(r, "member_practices"),
			FTAuthorised: r["foundation_trust_since"], FTBy: r["foundation_trust_by"], Role: r["role"],
			Budget: r["budget"], Established: r["established"], Notes: r["notes"], Confidence: graph.Confidence(r["confidence"]),
			Sources: sourcesOf(r, "")}
		want := o
		want.Count = 0 // written as at least 1: checked below
		if !reflect.DeepEqual(got, want) {
			t.Errorf("organisations.csv: %s reads back as\n %+v\nwant\n %+v", o.ID, got, want)
		}
		if n, _ := strconv.Atoi(r["count"]); n != max(o.Count, 1) || r["display_name"] != o.DisplayName() {
			t.Errorf("organisations.csv: %s count %s, display name %q", o.ID, r["count"], r["display_name"])
		}
		if o.RegisteredPatients != nil {
			figures++
		}
	}
	if figures < 8000 {
		t.Errorf("organisations.csv: only %d bodies with registered patients", figures)
	}

	rows = readCSV(t, h, "/export/services.csv", export.ServiceColumns)
	if len(rows) != stats.Services {
		t.Errorf("services.csv has %d rows, the store %d services", len(rows), stats.Services)
	}
	for _, row := range rows {
		r := record(export.ServiceColumns, row)
		got := graph.Service{ID: r["id"], Name: r["name"], Description: r["description"], Domain: r["domain"], Notes: r["notes"],
			Confidence: graph.Confidence(r["confidence"]), Sources: sourcesOf(r, "")}
		if fmt.Sprint(got) != fmt.Sprint(svcs[r["id"]]) {
			t.Errorf("services.csv: %s reads back as %+v, want %+v", r["id"], got, svcs[r["id"]])
		}
	}

	rows = readCSV(t, h, "/export/relationships.csv", export.RelationshipColumns)
	if len(rows) != stats.Relationships || len(rows) != len(rels) {
		t.Errorf("relationships.csv has %d rows, the store %d relationships", len(rows), stats.Relationships)
	}
	seen := map[string]bool{}
	for _, row := range rows {
		r := record(export.RelationshipColumns, row)
		want, ok := rels[r["id"]]
		if !ok || seen[r["id"]] {
			t.Errorf("relationships.csv: unknown or repeated id %q", r["id"])
			continue
		}
		seen[r["id"]] = true
		got := graph.Relationship{ID: r["id"], Type: graph.RelType(r["type"]), From: r["from"], To: r["to"], AmountGBP: num(r["amount_gbp"]),
			Year: r["year"], Services: export.SplitList(r["services"]), Mechanism: r["mechanism"], Mode: r["mode"], Note: r["note"],
			ValidFrom: r["valid_from"], ValidTo: r["valid_to"], Confidence: graph.Confidence(r["confidence"]), Sources: sourcesOf(r, ""),
			Patients: num(r["patients"])}
		if r["share"] != "" {
			f, _ := strconv.ParseFloat(r["share"], 64)
			got.Share = &f
		}
		if !sameRel(got, want) {
			t.Errorf("relationships.csv: %s reads back as\n %+v\nwant\n %+v", want.ID, got, want)
		}
		if n := nodeName(sg, want.From); r["from_name"] != n {
			t.Errorf("relationships.csv: %s from_name %q, want %q", want.ID, r["from_name"], n)
		}
	}
}

func nodeName(sg graph.Subgraph, id string) string {
	for _, n := range sg.Nodes {
		if n.ID() == id {
			return n.DisplayName()
		}
	}
	return id
}

// sameRel compares two relationships field by field, pointers by value.
func sameRel(a, b graph.Relationship) bool {
	eq := func(x, y *int64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	eqf := func(x, y *float64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	if !eq(a.AmountGBP, b.AmountGBP) || !eq(a.Patients, b.Patients) || !eqf(a.Share, b.Share) {
		return false
	}
	a.AmountGBP, a.Patients, a.Share, b.AmountGBP, b.Patients, b.Share = nil, nil, nil, nil, nil, nil
	return fmt.Sprint(a) == fmt.Sprint(b) && slices.Equal(a.Services, b.Services)
}

// graphML is what a GraphML reader needs of the export.
type graphML struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string   `xml:"id,attr"`
			Data []mlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string   `xml:"id,attr"`
			Source string   `xml:"source,attr"`
			Target string   `xml:"target,attr"`
			Data   []mlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type mlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func dataOf(ds []mlData, key string) string {
	for _, d := range ds {
		if d.Key == key {
			return d.Value
		}
	}
	return ""
}

// TestGraphMLParses downloads the whole graph as GraphML and parses it:
// every node and edge is there, every edge joins two nodes, every data key
// is declared, and values read back.
func TestGraphMLParses(t *testing.T) {
	h := newHandler(t)
	res := get(t, h, "/export/caremap.graphml")
	if res.code != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "application/graphml+xml") {
		t.Fatalf("GET /export/caremap.graphml: %d %s", res.code, res.header.Get("Content-Type"))
	}
	var g graphML
	if err := xml.Unmarshal([]byte(res.body), &g); err != nil {
		t.Fatalf("the GraphML does not parse: %v", err)
	}
	if g.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || g.Graph.EdgeDefault != "directed" {
		t.Errorf("namespace %q, edgedefault %q", g.XMLName.Space, g.Graph.EdgeDefault)
	}
	stats, err := newStore(t).Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Graph.Nodes) != stats.Organisations+stats.Services || len(g.Graph.Edges) != stats.Relationships {
		t.Errorf("%d nodes and %d edges, want %d and %d", len(g.Graph.Nodes), len(g.Graph.Edges), stats.Organisations+stats.Services, stats.Relationships)
	}
	keys := map[string]string{}
	for _, k := range g.Keys {
		keys[k.ID] = k.For
	}
	nodes := map[string]bool{}
	for _, n := range g.Graph.Nodes {
		nodes[n.ID] = true
		for _, d := range n.Data {
			if keys[d.Key] != "node" {
				t.Fatalf("node %s: data key %q is not declared for nodes", n.ID, d.Key)
			}
		}
		if n.ID == "nhs-england" && (dataOf(n.Data, "label") != "NHS England" || dataOf(n.Data, "name") != "NHS Commissioning Board" || dataOf(n.Data, "kind") != "NON_DEPARTMENTAL_BODY") {
			t.Errorf("nhs-england: %+v", n.Data)
		}
	}
	found := false
	for _, e := range g.Graph.Edges {
		if !nodes[e.Source] || !nodes[e.Target] {
			t.Fatalf("edge %s joins %s and %s, not both nodes", e.ID, e.Source, e.Target)
		}
		for _, d := range e.Data {
			if keys[d.Key] != "edge" {
				t.Fatalf("edge %s: data key %q is not declared for edges", e.ID, d.Key)
			}
		}
		if e.ID == "rel-030" {
			found = e.Source == "department-of-health" && e.Target == "nhs-england" && dataOf(e.Data, "type") == "FUNDS" &&
				dataOf(e.Data, "amount_gbp") == "95600000000" && strings.HasPrefix(dataOf(e.Data, "edge_sources"), "https://")
		}
	}
	if !found {
		t.Error("rel-030 (DH funds NHS England £95.6bn) is not as the dataset has it")
	}
}

func TestExportsConditional(t *testing.T) {
	h := newHandler(t)
	res := get(t, h, "/export/relationships.csv")
	etag := res.header.Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]{32}-relationships\.csv"$`).MatchString(etag) {
		t.Fatalf("ETag %q", etag)
	}
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/export/relationships.csv", nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag || rec.Header().Get("Cache-Control") != res.header.Get("Cache-Control") {
		t.Errorf("If-None-Match: %d with %d bytes, headers %v; want 304, none, the ETag and Cache-Control of the 200", rec.Code, rec.Body.Len(), rec.Header())
	}
	if cd := res.header.Get("Content-Disposition"); cd != `attachment; filename="caremap-relationships.csv"` || res.header.Get("Cache-Control") != "no-cache" {
		t.Errorf("200: Content-Disposition %q, Cache-Control %q", cd, res.header.Get("Cache-Control"))
	}
	if cd := get(t, h, "/export/caremap.graphml").header.Get("Content-Disposition"); cd != `attachment; filename="caremap.graphml"` {
		t.Errorf("caremap.graphml: Content-Disposition %q", cd)
	}
	req.Header.Set("If-None-Match", `"0123456789abcdef0123456789abcdef-relationships.csv"`)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
		t.Errorf("If-None-Match of another version: %d with %d bytes, want 200 and the file", rec.Code, rec.Body.Len())
	}
}

// TestTableCSVs: the CSV beside each kind of table holds its rows.
func TestTableCSVs(t *testing.T) {
	h := newHandler(t)
	rows := readCSV(t, h, "/org/nhs-england/relationships.csv?type=FUNDS&direction=INCOMING", export.RelationshipColumns)
	if len(rows) != 1 || rows[0][0] != "rel-030" || rows[0][3] != "Department of Health" || rows[0][6] != "95600000000" {
		t.Errorf("NHS England's funders: %v", rows)
	}
	rows = readCSV(t, h, "/service/svc-specialised/relationships.csv?type=commissions&direction=incoming", export.RelationshipColumns)
	if len(rows) != 2 {
		t.Errorf("who commissions specialised services: %v", rows)
	}
	rows = readCSV(t, h, "/org/clinical-commissioning-groups/instances.csv?filter=leeds", export.OrganisationColumns)
	if len(rows) != 3 {
		t.Errorf("Leeds CCGs: %d rows", len(rows))
	}
	if rows = readCSV(t, h, "/org/clinical-commissioning-groups/instances.csv", export.OrganisationColumns); len(rows) != 211 {
		t.Errorf("CCGs: %d rows", len(rows))
	}
	m, err := graph.Commissioning(t.Context(), newStore(t))
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	for _, row := range m.Rows {
		for _, c := range row.Cells {
			if !c.Empty() {
				filled++
			}
		}
	}
	rows = readCSV(t, h, "/commissioning.csv", export.CommissioningColumns)
	if len(rows) != filled {
		t.Errorf("commissioning.csv: %d rows, %d filled cells", len(rows), filled)
	}
	for _, row := range rows {
		if r := record(export.CommissioningColumns, row); r["service"] == "svc-specialised" && r["commissioner"] == "nhs-england" &&
			(r["relationships"] != "rel-117 | rel-136 | rel-137" || r["provider_names"] != "NHS foundation trusts | NHS trusts") {
			t.Errorf("specialised × NHS England: %v", r)
		}
	}
	if rows = readCSV(t, h, "/export/relationship-types.csv", export.RelationshipTypeColumns); len(rows) != len(graph.RelTypes) {
		t.Errorf("relationship-types.csv: %d rows", len(rows))
	}
	for _, bad := range []struct {
		target string
		code   int
	}{
		{"/org/nhs-england/relationships.csv?type=LIKES", http.StatusBadRequest},
		{"/org/nhs-england/relationships.csv?direction=up", http.StatusBadRequest},
		{"/org/nobody/relationships.csv", http.StatusNotFound},
		{"/service/nhs-england/relationships.csv", http.StatusNotFound},
		{"/org/clinical-commissioning-groups/instances.csv?filter=" + strings.Repeat("x", 201), http.StatusBadRequest},
	} {
		if res := get(t, h, bad.target); res.code != bad.code || !strings.Contains(res.body, "<h1>") {
			t.Errorf("GET %s: %d, want %d with the error page", bad.target, res.code, bad.code)
		}
	}
}

// TestDownloadParams: a download never silently ignores a parameter (the
// whole dataset when a part was meant): an unknown or repeated one is a
// 400 naming it and what the address allows.
func TestDownloadParams(t *testing.T) {
	h := newHandler(t)
	for _, c := range []struct{ target, param, allowed string }{
		{"/export/relationships.csv?type=FUNDS", "type", "no parameters"},
		{"/export/caremap.graphml?instances=false", "instances", "no parameters"},
		{"/export/organisations.csv?id=nhs-england", "id", "no parameters"},
		{"/export/relationship-types.csv?x=1", "x", "no parameters"},
		{"/commissioning.csv?service=svc-gp", "service", "no parameters"},
		{"/org/nhs-england/relationships.csv?types=FUNDS", "types", "type (a relationship type) and direction"},
		{"/org/nhs-england/relationships.csv?type=FUNDS&type=COMMISSIONS", "type", "at most once"},
		{"/service/svc-specialised/relationships.csv?page=2", "page", "type (a relationship type) and direction"},
		{"/org/clinical-commissioning-groups/instances.csv?page=2", "page", "filter"},
		{"/export/services.csv?" + strings.Repeat("k", 300) + "=1", strings.Repeat("k", 200) + "…", "no parameters"},
	} {
		res := get(t, h, c.target)
		if res.code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", c.target, res.code)
			continue
		}
		if want := html.EscapeString(fmt.Sprintf("The parameter %q is not valid here.", c.param)); !strings.Contains(res.body, want) || !strings.Contains(res.body, c.allowed) {
			t.Errorf("GET %s: the page does not say %s and %q", c.target, want, c.allowed)
		}
		if cd := res.header.Get("Content-Disposition"); cd != "" {
			t.Errorf("GET %s: an error page served as a download (%s)", c.target, cd)
		}
	}
	for _, ok := range []string{
		"/export/relationship-types.csv",
		"/org/nhs-england/relationships.csv?type=FUNDS&direction=INCOMING",
		"/org/clinical-commissioning-groups/instances.csv?filter=leeds",
	} {
		if res := get(t, h, ok); res.code != http.StatusOK {
			t.Errorf("GET %s: %d", ok, res.code)
		}
	}
}

// TestEveryTableHasACSV: on every page type, each table has a "Download
// CSV" link beside it, and the link answers with CSV.
func TestEveryTableHasACSV(t *testing.T) {
	h := newHandler(t)
	table := regexp.MustCompile(`(?s)<table\b.*?</table>`)
	link := regexp.MustCompile(`<a class="csv" href="([^"]+)" download>Download CSV<span class="visually-hidden"> of [^<]+</span></a>`)
	checked := map[string]bool{}
	tables := 0
	for _, target := range pageTypes {
		res := get(t, h, target)
		for _, tb := range table.FindAllString(res.body, -1) {
			tables++
			m := link.FindStringSubmatch(tb)
			if m == nil {
				t.Errorf("GET %s: a table without a Download CSV link: %.120s", target, tb)
				continue
			}
			href := strings.ReplaceAll(m[1], "&amp;", "&")
			if checked[href] {
				continue
			}
			checked[href] = true
			if r := get(t, h, href); r.code != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
				t.Errorf("GET %s (from %s): %d %s", href, target, r.code, r.header.Get("Content-Type"))
			}
		}
	}
	if tables < 20 {
		t.Errorf("only %d tables on the page types", tables)
	}
}

// blockingStore holds every Graph call until release is closed.
type blockingStore struct {
	graph.Store
	entered chan struct{}
	release chan struct{}
}

func (b blockingStore) Graph(ctx context.Context, q graph.GraphQuery) (graph.Subgraph, error) {
	b.entered <- struct{}{}
	<-b.release
	return b.Store.Graph(ctx, q)
}

// TestExportsBounded: whole-dataset downloads run maxExports at a time;
// one more is refused as busy, with Retry-After, and served once a slot
// is free.
func TestExportsBounded(t *testing.T) {
	bs := blockingStore{Store: newStore(t), entered: make(chan struct{}, maxExports), release: make(chan struct{})}
	h := Handler(Config{Store: bs})
	var wg sync.WaitGroup
	codes := make(chan int, maxExports)
	for range maxExports {
		wg.Go(func() { codes <- get(t, h, "/export/organisations.csv").code })
	}
	for range maxExports {
		select {
		case <-bs.entered:
		case <-time.After(10 * time.Second):
			t.Fatal("the downloads did not start")
		}
	}
	res := get(t, h, "/export/caremap.graphml")
	if res.code != http.StatusServiceUnavailable || res.header.Get("Retry-After") == "" || !strings.Contains(res.body, "busy") {
		t.Errorf("a third download: %d, Retry-After %q", res.code, res.header.Get("Retry-After"))
	}
	close(bs.release)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("a download that ran: %d", c)
		}
	}
	go func() { <-bs.entered }()
	if res := get(t, h, "/export/services.csv"); res.code != http.StatusOK {
		t.Errorf("a download after: %d", res.code)
	}
}
