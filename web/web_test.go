package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"caremap/graph"
	"caremap/graph/memory"
	"caremap/seed"
)

var (
	storeOnce sync.Once
	testStore graph.Store
	testTerms []graph.Term
	storeErr  error
)

// newStore returns the embedded store over the real dataset, built once.
func newStore(t testing.TB) graph.Store {
	t.Helper()
	storeOnce.Do(func() {
		ds, err := seed.Load()
		if err != nil {
			storeErr = err
			return
		}
		testTerms = ds.Glossary
		testStore, storeErr = memory.New(ds)
	})
	if storeErr != nil {
		t.Fatal(storeErr)
	}
	return testStore
}

type response struct {
	code   int
	header http.Header
	body   string
}

// get fetches target from h as a request to http://example.com.
func get(t testing.TB, h http.Handler, target string) response {
	t.Helper()
	return do(t, h, http.MethodGet, target)
}

func do(t testing.TB, h http.Handler, method, target string) response {
	t.Helper()
	req := httptest.NewRequestWithContext(context.Background(), method, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{code: rec.Code, header: res.Header, body: string(b)}
}

var examples = []Example{{Key: "gp-services", Name: "Who commissions GP services?", Description: "The organisations that buy GP services."}}

func newHandler(t testing.TB) http.Handler {
	t.Helper()
	st := newStore(t)
	return Handler(Config{Store: st, Glossary: testTerms, Examples: examples, Hosts: []string{"example.com"}, RequestID: func(context.Context) string { return "req-123" }})
}

func TestPages(t *testing.T) {
	h := newHandler(t)
	st, err := newStore(t).Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		target string
		want   []string // substrings of the body, in any order
		not    []string
	}{
		{"/", []string{
			"<h1>The health and care system in England, April 2013</h1>",
			`<object data="/diagram.svg?theme=auto" type="image/svg+xml"`,
			`href="/diagram.pdf" download`,
			`<a href="/?view=money#whole" title="Who funds whom`, `<a class="skip-diagram" href="#after-system">Skip the diagram</a>`, `<span id="after-system" tabindex="-1">`,
			`aria-current="true">Overview</a>`,
			fmt.Sprintf("%d organisations", st.Organisations), fmt.Sprintf("%d relationships", st.Relationships),
			`<th scope="row">accountable to</th>`, "Money flows from one body to the other",
			`<a href="/playground/?example=gp-services">Who commissions GP services?</a>`,
			`<h2 id="data">Take the data away</h2>`, `<a href="/export/relationships.csv" download>Relationships (CSV)</a>`, `<a href="/export/caremap.graphml" download>`,
			`action="/search"`, `data-instant`,
			`&lt;object data=&#34;http://example.com/diagram.svg?fit=width&amp;amp;theme=auto&#34;`,
		}, nil},
		{"/?view=money", []string{`<object data="/diagram.svg?theme=auto&amp;view=money"`, `aria-current="true">Money</a>`, `href="/diagram.pdf?view=money" download`}, nil},
		{"/search?q=commissioning+board", []string{
			`<a href="/org/nhs-england">NHS England</a> <span class="muted">(NHS England / NHS CB)</span> <span class="muted legal-name">legal name: NHS Commissioning Board</span>`,
		}, nil},
		{"/org/phso", []string{"<h1>Parliamentary and Health Service Ombudsman</h1>",
			`<p class="legal-name">Legal name: Parliamentary Commissioner for Administration and Health Service Commissioner for England</p>`}, nil},
		{"/search?q=specialised", []string{
			`<a href="/service/svc-specialised">Specialised services</a>`,
			`<a href="/org/specialised-commissioning-hubs">`,
			`value="specialised"`,
		}, []string{"Nothing matches"}},
		{"/search?q=zzzzqqq", []string{"Nothing matches “zzzzqqq”"}, nil},
		{"/search", []string{"Type a name"}, nil},
		{"/search?q=%21%21%21", []string{"Type a name"}, nil},
		{"/org/nhs-england", []string{
			"<h1>NHS England</h1>", `<p class="legal-name">Legal name: NHS Commissioning Board</p>`,
			"<dt>Short name</dt><dd>NHS England / NHS CB</dd>",
			"<dt>Tier</dt><dd>national</dd>",
			"<dt>Budget</dt><dd>£95.6bn total 2013/14",
			"high confidence",
			`<a href="https://www.england.nhs.uk/allocations-2013-14/" rel="noopener">NHS England, NHS allocations for 2013/14</a>`,
			`<caption>Funded by <a class="csv" href="/org/nhs-england/relationships.csv?direction=INCOMING&amp;type=FUNDS" download>Download CSV<span class="visually-hidden"> of Funded by</span></a></caption>`,
			"<caption>Funds <a", `href="/org/nhs-england/relationships.csv?direction=OUTGOING&amp;type=FUNDS"`,
			`<a href="/org/department-of-health">Department of Health</a>`,
			"<td>£95.6bn (2013/14)</td>", "<td>£64.7bn (2013/14)</td>",
			"<caption>Accountable to <a", "<caption>Holds to account <a",
			`<a href="/service/svc-specialised">Specialised services</a>`,
			`<object data="/diagram/nhs-england.svg?theme=auto" type="image/svg+xml"`,
			`href="/diagram/nhs-england.svg" download`, `href="/diagram/nhs-england.pdf" download`,
			`href="/diagram/nhs-england.png" download`, `href="/diagram/nhs-england.dot" download`,
			`&lt;img src=&#34;http://example.com/diagram/nhs-england.svg?theme=auto&#34;`,
			`&lt;object data=&#34;http://example.com/diagram/nhs-england.svg?fit=width&amp;amp;theme=auto&#34; type=&#34;image/svg&#43;xml&#34;`,
			`<option value="1" selected>1</option>`,
			`name="types" value="FUNDS" checked`, `<input type="hidden" name="view" value="overview">`,
			`<a href="/org/nhs-england?view=accountability#neighbourhood"`,
		}, []string{`id="instances"`, `id="local"`, `name="types" value="PROVIDES"`}},
		{"/org/nhs-england?depth=2&types=FUNDS&types=ACCOUNTABLE_TO&direction=outgoing", []string{
			`<object data="/diagram/nhs-england.svg?depth=2&amp;direction=OUTGOING&amp;theme=auto&amp;types=ACCOUNTABLE_TO%2CFUNDS"`,
			`href="/diagram/nhs-england.pdf?depth=2&amp;direction=OUTGOING&amp;types=ACCOUNTABLE_TO%2CFUNDS" download`,
			`<option value="2" selected>2</option>`,
			`<option value="OUTGOING" selected>`,
			`name="types" value="FUNDS" checked`,
			`name="types" value="PROVIDES">`, // no view: types choose from every type
			`<a href="/org/nhs-england?depth=2&amp;direction=OUTGOING&amp;view=money#neighbourhood"`,
		}, nil},
		{"/org/nhs-england?view=money&depth=2", []string{
			`<object data="/diagram/nhs-england.svg?depth=2&amp;theme=auto&amp;view=money"`,
			`<input type="hidden" name="view" value="money">`, `name="types" value="FUNDS" checked`,
		}, []string{`name="types" value="ACCOUNTABLE_TO"`}},
		{"/org/clinical-commissioning-groups", []string{
			"<h1>Clinical commissioning groups</h1>", "211 bodies of one kind",
			`<h2 id="instances">The 211 real bodies</h2>`, "Showing 1 to 50, page 1 of 5.",
			`<caption>The real bodies <a class="csv" href="/org/clinical-commissioning-groups/instances.csv" download>`,
			`href="/org/clinical-commissioning-groups?page=2#instances" rel="next"`,
			`<a href="/org/ccg-02n">NHS Airedale, Wharfedale and Craven CCG</a>`,
		}, []string{"<caption>Instances</caption>"}},
		{"/org/clinical-commissioning-groups?page=5", []string{"Showing 201 to 211, page 5 of 5.", `rel="prev"`}, []string{`rel="next"`}},
		{"/org/clinical-commissioning-groups?filter=leeds", []string{"3 of 211 match “leeds”", "NHS Leeds North CCG",
			`href="/org/clinical-commissioning-groups/instances.csv?filter=leeds" download>`}, []string{"Airedale"}},
		{"/org/clinical-commissioning-groups?filter=02n", []string{"1 of 211 match", "Airedale"}, nil},
		{"/org/clinical-commissioning-groups?filter=nothing+like+this", []string{"Nothing matches “nothing like this”"}, nil},
		{"/org/ccg-02n", []string{
			`One of <a href="/org/clinical-commissioning-groups">Clinical commissioning groups</a>`,
			"<dt>ODS code</dt><dd><code>02N</code></dd>", "<dt>ONS code</dt><dd><code>E38000001</code></dd>",
			// The local facts: the CCG list gives no allocation for 02N, so its class's stands in.
			`<h2 id="local">On 1 April 2013</h2>`, "<dt>Registered patients</dt>", "<strong>156,293</strong>",
			"<dt>Member GP practices</dt>", "<strong>17</strong>", `href="#g-rel-member-of"`,
			"The dataset has no figure for this body alone. For all of them together:", "<strong>£64.7bn (2013/14)</strong>",
			"<dt>Councils of its area</dt>", `<a href="/org/council-e08000032">Bradford (metropolitan district)</a>`,
			`<a href="/org/hwb-e08000032">Bradford Health and Wellbeing Board</a>`,
			"<dt>Replaced</dt>", `<a href="/org/pct-5ny">`,
			// What it does as one of its class.
			`<h2 id="as-class">As one of the 211 CCGs</h2>`,
			"As one of the 211 CCGs, NHS Airedale, Wharfedale and Craven CCG is accountable to NHS England; is funded by NHS England; commissions community health services,",
			`<a href="/org/nhs-england">NHS England</a> <strong>£64.7bn (2013/14)</strong> <span class="muted">for all of them</span>`,
			`<dt><span class="swatch rel-commissions" aria-hidden="true"></span> Commissions</dt>`,
			// The local diagram: the real bodies around it, every tie.
			`<object data="/diagram/ccg-02n.svg?instances=true&amp;theme=auto&amp;view=all"`,
			`<input type="hidden" name="instances" value="true">`, `aria-current="true">Every relationship</a>`,
			`<a href="/org/ccg-02n?view=overview#neighbourhood"`,
		}, []string{`id="show-instances"`}},
		{"/org/ccg-02n?types=FUNDS", []string{`<object data="/diagram/ccg-02n.svg?instances=true&amp;theme=auto&amp;types=FUNDS"`}, nil},
		{"/org/ccg-02n?view=overview", []string{`<object data="/diagram/ccg-02n.svg?instances=true&amp;theme=auto"`, `aria-current="true">Overview</a>`}, nil},
		{"/org/ccg-00c", []string{
			"<dt>Money received</dt>", "<strong>£130m (2013/14)</strong>", "2013/14 programme allocation (announced December 2012)",
			`<a href="/org/pct-5j9">Darlington (primary care trust)</a> <strong>105,876 patients, 100.0% of the predecessor&#39;s</strong>`,
		}, []string{"The dataset has no figure for this body alone"}},
		{"/org/hwb-e08000032", []string{"As one of the 152 HWBs, Bradford Health and Wellbeing Board is part of upper-tier and unitary local authorities."}, nil},
		{"/org/sha-q30", []string{"As one of the 10 SHAs, North East (strategic health authority) holds to account PCTs"}, nil},
		{"/org/pct-5qg", []string{
			"<dt>Status</dt><dd>abolished 2013-03-31</dd>", "<dt>Answers to</dt>", "South Central (strategic health authority)",
			"<dt>Replaced by</dt>", "<strong>153,022 patients, 35.0% of the predecessor&#39;s</strong>", "medium confidence",
		}, nil},
		{"/org/council-e08000032", []string{
			"<dt>Money received</dt>", "<strong>£2.66bn (2013/14)</strong>", `<a href="/org/public-health-england">Public Health England</a>`,
			"<strong>£859m (2013/14)</strong>", "<dt>Health and wellbeing board</dt>", "<dt>CCGs of its area</dt>",
			`<a href="/org/ccg-02n">NHS Airedale, Wharfedale and Craven CCG</a>`,
		}, nil},
		{"/org/gp-practices", []string{
			`<h2 id="instances">The 8053 real bodies</h2>`, "Showing 1 to 50, page 1 of 162.",
		}, []string{`id="local"`}},
		{"/org/gp-practices?page=162", []string{"Showing 8051 to 8053, page 162 of 162."}, []string{`rel="next"`}},
		{"/org/gp-practices?filter=densham", []string{"1 of 8053 match “densham”", `<a href="/org/practice-a81001">The Densham Surgery</a>`}, nil},
		{"/org/trust-rax", []string{
			"<h1>Kingston Hospital NHS Trust</h1>", `One of <a href="/org/nhs-trusts">NHS trusts</a>`,
			"<dt>Foundation trust</dt>", "authorised as one on 2013-05-01, after 1 April 2013: an NHS trust that day",
			"<dt>Regulated by</dt>", `<a href="/org/care-quality-commission">Care Quality Commission</a>`,
			"<dt>Answers to</dt>", `<a href="/org/nhs-trust-development-authority">NHS Trust Development Authority</a>`,
		}, []string{`<a href="/org/monitor">Monitor</a> `}},
		{"/org/trust-rm3", []string{
			"<h1>Salford Royal NHS Foundation Trust</h1>", "<strong>since 2006-08-01</strong>",
			`<a href="/org/monitor">Monitor</a>`, "licensing (provider licence)",
		}, nil},
		{"/org/trust-rcx", []string{"<strong>by 2012-03-31</strong>", "its authorisation date was not found"}, nil},
		{"/org/practice-a81001", []string{"<dt>Registered patients</dt>", "<strong>4,088</strong>", "<dt>Member of</dt>"}, nil},
		{"/service/svc-specialised", []string{
			"<h1>Specialised services</h1>",
			"<h3>Commissioned by</h3>",
			`<li><a href="/org/nhs-england">NHS England</a></li>`,
			`<li><a href="/org/nhs-foundation-trusts">NHS foundation trusts</a></li>`,
			`<object data="/diagram/svc-specialised.svg?theme=auto"`,
		}, nil},
		{"/commissioning", []string{
			"<h1>Who commissions what</h1>", `<caption>Who commissions each service, April 2013 <a class="csv" href="/commissioning.csv" download>`,
			`<th scope="col"><a href="/org/nhs-england">NHS England</a></th>`, `<th scope="col"><a href="/org/clinical-commissioning-groups">211 CCGs</a></th>`,
			`<th scope="row"><a href="/service/svc-specialised">Specialised services</a>`,
			`<td data-label="NHS England">`, `<a class="yes" href="#r-rel-117">commissions</a>`, `<a href="#r-rel-136">145 FTs</a>`,
			`<li id="r-rel-117"><p>NHS England commissions specialised services.`, `<li id="r-rel-136"><p>NHS England commissions the 145 FTs. <span class="muted">For</span> <a href="/service/svc-specialised">Specialised services</a>`,
			"4 services have no commissioner recorded in the dataset",
			`<a href="https://www.england.nhs.uk/allocations-2013-14/" rel="noopener">`,
		}, nil},
		{"/path", []string{`<datalist id="nodes">`, `<option value="nhs-england" label="NHS England">`, `<option value="svc-specialised"`, `value="any" checked`}, []string{"The shortest path"}},
		{"/path?from=department-of-health&to=ccg-02n&by=money", []string{
			"The Department of Health funds NHS England £95.6bn (2013/14), which allocates £64.7bn (2013/14) to the 211 CCGs, which include NHS Airedale, Wharfedale and Craven CCG.",
			`value="money" checked`,
			`<span class="arrow rel-funds">`, `<span class="arrow rel-instance-of back"><span class="arrow-label">include</span>`, `<span class="arrow-label">funds £95.6bn (2013/14)</span>`,
		}, nil},
		{"/path?from=ccg-02n&to=uk-parliament&by=accountability", []string{
			"NHS Airedale, Wharfedale and Craven CCG is part of West Yorkshire (NHS England area team), which is part of North of England (NHS England region), which is part of NHS England, " +
				"which is accountable to the Department of Health, which is accountable to the Secretary of State for Health, which is accountable to the Parliament of the United Kingdom.",
			`<h2 id="answer">The chain of accountability</h2>`,
		}, nil},
		{"/path?from=uk-parliament&to=nhs-england&by=accountability", []string{"The Parliament of the United Kingdom holds the Secretary of State for Health to account, which holds the Department of Health to account, which holds NHS England to account."}, nil},
		{"/path?from=care-quality-commission&to=nhs-england&by=accountability", []string{"The Care Quality Commission is accountable to the Department of Health, which holds NHS England to account."}, nil},
		{"/path?from=trust-rax&to=uk-parliament&by=accountability", []string{"Kingston Hospital NHS Trust is accountable to the NHS Trust Development Authority, which is accountable to the Department of Health,"}, nil},
		{"/path?from=trust-rcb&to=uk-parliament&by=accountability", []string{
			"York Teaching Hospital NHS Foundation Trust’s chain of accountability stops at the 145 FTs: the dataset records nobody they answer to.",
			`<h2 id="answer">The chain of accountability, as far as it goes</h2>`, `href="/org/nhs-foundation-trusts"`,
			`<a href="/path?by=any&amp;from=trust-rcb&amp;to=uk-parliament">by any tie</a>`,
		}, nil},
		{"/path?from=ccg-02n&to=council-e08000032&by=money", []string{
			"NHS Airedale, Wharfedale and Craven CCG is one of the 211 CCGs, which are funded by NHS England (£64.7bn, 2013/14), which funds the 152 upper-tier and unitary local authorities £859m (2013/14), which include Bradford (metropolitan district).",
			`<h2 id="answer">How the money flows</h2>`,
		}, nil},
		{"/path?from=department-of-health&to=trust-rax&by=money", []string{"are not connected by money"}, []string{`id="answer"`}},
		{"/path?from=clinical-commissioning-groups&to=department-of-health&by=money", []string{"The 211 CCGs are funded by NHS England (£64.7bn, 2013/14), which is funded by the Department of Health (£95.6bn, 2013/14)."}, nil},
		{"/path?from=svc-specialised&to=svc-specialised", []string{"Specialised services is where the path starts and ends."}, nil},
		{"/path?from=svc-fertility&to=uk-parliament&by=money", []string{"are not connected by money"}, []string{`id="answer"`}},
		{"/path?from=care-quality-commission&to=nhs-england", []string{`<h2 id="answer">The shortest path</h2>`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			res := get(t, h, tc.target)
			if res.code != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200\n%s", tc.target, res.code, res.body)
			}
			checkPage(t, tc.target, res)
			res.body = unglossed(res.body) // the glossary's links are checked on their own
			for _, w := range tc.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("GET %s: body lacks %q", tc.target, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(res.body, w) {
					t.Errorf("GET %s: body has %q", tc.target, w)
				}
			}
		})
	}
}

// glossLink is the markup of an abbreviation linked to its glossary entry.
var glossLink = regexp.MustCompile(`<a class="gloss" href="/glossary#[a-z0-9-]+"><abbr title="[^"]*">([^<]*)</abbr></a>`)

// unglossed removes the glossary's links, keeping the abbreviations.
func unglossed(body string) string { return glossLink.ReplaceAllString(body, "$1") }

var (
	scriptTag  = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	inlineAttr = regexp.MustCompile(`(?i)\s(on[a-z]+|style)\s*=`)
	anyTag     = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	quoted     = regexp.MustCompile(`"[^"]*"`)
	h1Tag      = regexp.MustCompile(`<h1[ >]`)
	headings   = regexp.MustCompile(`<h([1-6])[ >]`)
)

// checkPage asserts what every HTML page must be: the security headers,
// no inline script or style, one h1, headings in order, a skip link, and
// every input labelled.
func checkPage(t *testing.T, target string, res response) {
	t.Helper()
	if ct := res.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", target, ct)
	}
	csp := res.header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("GET %s: CSP %q lacks %q", target, csp, d)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("GET %s: CSP %q allows inline code", target, csp)
	}
	if res.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET %s: no X-Content-Type-Options: nosniff", target)
	}
	for _, tag := range scriptTag.FindAllString(res.body, -1) {
		if !strings.Contains(tag, ` src="/static/`) {
			t.Errorf("GET %s: inline or foreign script %s", target, tag)
		}
	}
	if n := strings.Count(res.body, "<script"); n != 1 {
		t.Errorf("GET %s: %d script elements, want 1", target, n)
	}
	for _, tag := range anyTag.FindAllString(res.body, -1) {
		if m := inlineAttr.FindString(quoted.ReplaceAllString(tag, `""`)); m != "" {
			t.Errorf("GET %s: inline event handler or style attribute %q in %s", target, m, tag)
		}
	}
	if n := len(h1Tag.FindAllString(res.body, -1)); n != 1 {
		t.Errorf("GET %s: %d h1 elements, want 1", target, n)
	}
	prev := 0
	for _, m := range headings.FindAllStringSubmatch(res.body, -1) {
		level := int(m[1][0] - '0')
		if level > prev+1 {
			t.Errorf("GET %s: heading h%d follows h%d", target, level, prev)
		}
		prev = level
	}
	for _, want := range []string{`<a class="skip" href="#main">`, `<main id="main"`, `<html lang="en-GB">`, `name="viewport"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("GET %s: lacks %s", target, want)
		}
	}
	ids := regexp.MustCompile(`<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"`).FindAllStringSubmatch(res.body, -1)
	for _, m := range ids {
		if !strings.Contains(res.body, `for="`+m[1]+`"`) {
			t.Errorf("GET %s: input %q has no label", target, m[1])
		}
	}
	// Hidden inputs carry state, not questions: they need no label.
	controls := len(regexp.MustCompile(`<(?:input|select|textarea)\b`).FindAllString(res.body, -1)) - strings.Count(res.body, `<input type="hidden"`)
	if n := controls; n != len(ids) {
		t.Errorf("GET %s: %d form controls but %d with ids (every control needs an id and a label)", target, n, len(ids))
	}
}

func TestErrors(t *testing.T) {
	h := newHandler(t)
	long := strings.Repeat("a", 201)
	tests := []struct {
		target string
		code   int
		want   []string
	}{
		{"/org/no-such-body", 404, []string{"There is no organisation with the id &#34;no-such-body&#34;.", `action="/search"`, "req-123"}},
		{"/service/no-such-service", 404, []string{"There is no service with the id &#34;no-such-service&#34;."}},
		{"/path?from=nobody&to=nhs-england", 404, []string{"There is no organisation or service with the id &#34;nobody&#34;."}},
		{"/no/such/page", 404, []string{"There is no page at this address."}},
		{"/org/" + long, 404, []string{"There is no organisation"}},
		{"/org/nhs-england?depth=9", 400, []string{"depth", "Allowed: an integer from 0 to 4"}},
		{"/org/nhs-england?depth=deep", 400, []string{"Allowed: an integer from 0 to 4"}},
		{"/org/nhs-england?types=FUNDS,FRIENDS", 400, []string{"&#34;FRIENDS&#34;", "ACCOUNTABLE_TO, FUNDS, COMMISSIONS"}},
		{"/org/nhs-england?direction=up", 400, []string{"Allowed: OUTGOING, INCOMING, BOTH"}},
		{"/org/nhs-england?instances=maybe", 400, []string{"Allowed: true or false"}},
		{"/service/svc-specialised?depth=-1", 400, []string{"an integer from 0 to 4"}},
		{"/org/clinical-commissioning-groups?page=99", 400, []string{"a page number from 1 to 5"}},
		{"/org/clinical-commissioning-groups?page=0", 400, []string{"a page number from 1"}},
		{"/path?from=nhs-england&to=monitor&by=magic", 400, []string{"Allowed: accountability, money, any"}},
		{"/path?from=nhs-england", 400, []string{"both from and to are needed"}},
		{"/search?q=nhs&format=xml", 400, []string{"Allowed: html or json"}},
		{"/search?q=nhs&limit=500", 400, []string{"an integer from 1 to 50"}},
		{"/search?q=" + long, 400, []string{"at most 200 characters"}},
	}
	for _, tc := range tests {
		t.Run(tc.target[:min(len(tc.target), 60)], func(t *testing.T) {
			res := get(t, h, tc.target)
			if res.code != tc.code {
				t.Fatalf("GET %s: status %d, want %d\n%s", tc.target, res.code, tc.code, res.body)
			}
			checkPage(t, tc.target, res)
			for _, w := range tc.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("GET %s: body lacks %q", tc.target, w)
				}
			}
		})
	}
}

func TestRedirectsBetweenKinds(t *testing.T) {
	h := newHandler(t)
	for target, want := range map[string]string{
		"/org/svc-specialised": "/service/svc-specialised",
		"/service/nhs-england": "/org/nhs-england",
	} {
		res := get(t, h, target)
		if res.code != http.StatusFound || res.header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 302 to %q", target, res.code, res.header.Get("Location"), want)
		}
	}
}

// TestEscaping sends hostile text in every parameter a page shows and
// checks that it comes back as text, never as markup.
func TestEscaping(t *testing.T) {
	h := newHandler(t)
	hostile := `xq"><script>window.__pwned=1</script><img src=x onerror=alert(1)>`
	q := url.QueryEscape(hostile)
	for _, target := range []string{
		"/search?q=" + q,
		"/org/" + url.PathEscape(hostile),
		"/service/" + url.PathEscape(hostile),
		"/org/clinical-commissioning-groups?filter=" + q,
		"/org/nhs-england?types=" + q,
		"/org/nhs-england?depth=" + q,
		"/path?from=" + q + "&to=nhs-england",
		"/path?from=nhs-england&to=monitor&by=" + q,
		"/no-page?q=" + q,
	} {
		res := get(t, h, target)
		if res.code >= 500 {
			t.Errorf("GET %s: status %d", target, res.code)
		}
		for _, bad := range []string{"<script>window", "<img src=x", `xq"`} {
			if strings.Contains(res.body, bad) {
				t.Errorf("GET %s: hostile %q came back unescaped", target, bad)
			}
		}
		if res.code != 404 || !strings.HasPrefix(target, "/no-page") {
			checkPage(t, target, res)
		}
	}
	// The JSON search escapes for HTML too, so a sloppy consumer is safe.
	res := get(t, h, "/search?format=json&q="+q)
	if strings.Contains(res.body, "<script>") {
		t.Errorf("JSON search echoes <script>: %s", res.body)
	}
}

func TestSearchJSON(t *testing.T) {
	h := newHandler(t)
	res := get(t, h, "/search?format=json&limit=3&q=specialised")
	if res.code != 200 || res.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", res.code, res.header.Get("Content-Type"))
	}
	var got struct {
		Query string
		Hits  []searchJSON
	}
	if err := json.Unmarshal([]byte(res.body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Query != "specialised" || len(got.Hits) != 3 {
		t.Fatalf("got %+v, want 3 hits for specialised", got)
	}
	want := searchJSON{ID: "svc-specialised", Name: "Specialised services", Kind: "service", URL: "/service/svc-specialised"}
	if got.Hits[0] != want {
		t.Errorf("first hit %+v, want %+v", got.Hits[0], want)
	}
	res = get(t, h, "/search?format=json&q=")
	if res.code != 200 || !strings.Contains(res.body, `"hits":[]`) {
		t.Errorf("empty query: %d %s", res.code, res.body)
	}
}

func TestStatic(t *testing.T) {
	h := newHandler(t)
	total := 0
	for _, name := range []string{"site.css", "site.js", "legend.css", "icon.svg"} {
		u := assetURL(name)
		res := get(t, h, u)
		if res.code != 200 {
			t.Fatalf("GET %s: %d", u, res.code)
		}
		if cc := res.header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q", u, cc)
		}
		if res.header.Get("ETag") == "" || res.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: headers %v", u, res.header)
		}
		if name != "icon.svg" {
			total += len(res.body)
		}
		// Without the hash (or with an old one) it must revalidate.
		res = get(t, h, staticPrefix+name+"?v=old")
		if cc := res.header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
			t.Errorf("GET %s?v=old: Cache-Control %q", name, cc)
		}
	}
	if total > 16<<10 {
		t.Errorf("CSS and script weigh %d bytes, want a few KB", total)
	}
	if res := get(t, h, "/static/nope.js"); res.code != 404 {
		t.Errorf("GET /static/nope.js: %d", res.code)
	}
	if css := get(t, h, assetURL("legend.css")).body; !strings.Contains(css, ".rel-funds{--rel:#1b7f3a}") {
		t.Errorf("legend.css lacks the FUNDS colour:\n%s", css)
	}
}

func TestHead(t *testing.T) {
	res := do(t, newHandler(t), http.MethodHead, "/org/nhs-england")
	if res.code != 200 || res.body != "" {
		t.Errorf("HEAD: %d with %d bytes", res.code, len(res.body))
	}
}

// failingStore fails every call with err.
type failingStore struct {
	graph.Store
	err error
}

func (f failingStore) Stats(context.Context) (graph.Stats, error) { return graph.Stats{}, f.err }
func (f failingStore) Organisation(context.Context, string) (graph.Organisation, error) {
	return graph.Organisation{}, f.err
}
func (f failingStore) Service(context.Context, string) (graph.Service, error) {
	return graph.Service{}, f.err
}
func (f failingStore) Search(context.Context, string, int) ([]graph.SearchHit, error) {
	return nil, f.err
}
func (f failingStore) Organisations(context.Context, graph.OrganisationFilter, graph.Page) (graph.OrganisationPage, error) {
	return graph.OrganisationPage{}, f.err
}

func TestStoreFailures(t *testing.T) {
	secret := "neo4j://10.0.0.7:7687 password=hunter2"
	tests := []struct {
		err    error
		code   int
		want   string
		logged bool
	}{
		{fmt.Errorf("organisation: %s: %w", secret, graph.ErrUnavailable), 503, "not available at the moment", true},
		{fmt.Errorf("organisation: %s: %w", secret, context.DeadlineExceeded), 503, "not available at the moment", true},
		{errors.New(secret), 500, "Something went wrong on our side", true},
	}
	for _, tc := range tests {
		var logs bytes.Buffer
		h := Handler(Config{Store: failingStore{err: tc.err}, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		for _, target := range []string{"/", "/org/nhs-england", "/service/svc-specialised", "/search?q=nhs", "/path?from=a&to=b"} {
			res := get(t, h, target)
			if res.code != tc.code {
				t.Errorf("%v: GET %s: status %d, want %d", tc.err, target, res.code, tc.code)
			}
			if !strings.Contains(res.body, tc.want) || strings.Contains(res.body, "hunter2") || strings.Contains(res.body, "neo4j") {
				t.Errorf("%v: GET %s: body does not say %q or leaks the error:\n%s", tc.err, target, tc.want, res.body)
			}
			if tc.code == 503 && res.header.Get("Retry-After") == "" {
				t.Errorf("GET %s: 503 without Retry-After", target)
			}
		}
		if tc.logged && !strings.Contains(logs.String(), "hunter2") {
			t.Errorf("%v: the internal error was not logged: %s", tc.err, logs.String())
		}
	}
}

func TestHandlerNeedsAStore(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Handler with no store did not panic")
		}
	}()
	Handler(Config{})
}

func TestBaseURL(t *testing.T) {
	h := Handler(Config{Store: newStore(t), BaseURL: "https://caremap.example.org/"})
	res := get(t, h, "/org/monitor")
	if !strings.Contains(res.body, "&lt;img src=&#34;https://caremap.example.org/diagram/monitor.svg?theme=auto&#34;") {
		t.Errorf("embed code does not use BaseURL")
	}
}

// TestEmbedCodeTrustsOnlyAllowedHosts: without BaseURL, embed code names the
// request's host only when it is allowed; any other Host header (the
// client's to choose) gives relative URLs.
func TestEmbedCodeTrustsOnlyAllowedHosts(t *testing.T) {
	h := Handler(Config{Store: newStore(t), Hosts: []string{"127.0.0.1:8080", "localhost:8080"}})
	for _, tc := range []struct{ host, want string }{
		{"127.0.0.1:8080", "&lt;img src=&#34;http://127.0.0.1:8080/diagram/monitor.svg?theme=auto&#34;"},
		{"LOCALHOST:8080", "&lt;img src=&#34;http://LOCALHOST:8080/diagram/monitor.svg?theme=auto&#34;"},
		{"evil.example", "&lt;img src=&#34;/diagram/monitor.svg?theme=auto&#34;"},
		{"127.0.0.1:8080.evil.example", "&lt;img src=&#34;/diagram/monitor.svg?theme=auto&#34;"},
	} {
		req := httptest.NewRequest("GET", "/org/monitor", nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if body := rec.Body.String(); !strings.Contains(body, tc.want) || strings.Contains(body, "evil") {
			t.Errorf("Host %s: embed code lacks %s (or names the host)", tc.host, tc.want)
		}
	}
}
