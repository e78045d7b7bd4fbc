package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"caremap/seed"
)

// injections are strings aimed at every layer: Cypher, Lucene, DOT, HTML,
// SVG, JSON, paths, and the terminal.
var injections = []string{
	`' OR 1=1 --`,
	`"}) DETACH DELETE n //`,
	`MATCH (n) DETACH DELETE n`,
	`title:* OR id:*~`,
	`"; URL="javascript:alert(1)"; x="`,
	`<script>alert(1)</script>`,
	`<svg onload=alert(1)>`,
	`../../../../etc/passwd`,
	"\x00\x1b[31mred\x7f",
	"Ysbyty Gwynedd — 病院 — مستشفى",
	"\u202Eevil\u200b",
	`{{.}} ${7*7} %s%n`,
}

// TestHostileInput sends malformed and abusive requests. Malformed ones
// (not GraphQL over HTTP, or an invalid document) get a 4xx with a clear
// message; well-formed questions that carry hostile strings get an answer
// (null, or an error with a code) — never a 5xx, never internals, and the
// data is unchanged. A client timeout bounds every request: a hang fails.
func TestHostileInput(t *testing.T) {
	base := sharedServer(t)
	client := &http.Client{Timeout: 20 * time.Second}
	do := func(t *testing.T, method, path, ctype, accept string, body []byte) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, bytes.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	gqlBody := func(q string, vars any) []byte {
		b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
		return b
	}
	const gr = "application/graphql-response+json"
	deep := "{ organisation(id: \"nhs-england\") { " + strings.Repeat("partOf { ", 40) + "id" + strings.Repeat(" }", 40) + " } }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := range 500 {
		fmt.Fprintf(&aliases, " a%d: stats { classes }", i)
	}
	aliases.WriteString(" }")

	malformed := []struct {
		name, method, path, ctype string
		body                      []byte
		mention                   string
	}{
		{"invalid JSON", "POST", "/graphql", "application/json", []byte(`{"query": "{ stats { classes } }"`), "not valid JSON"},
		{"JSON not an object", "POST", "/graphql", "application/json", []byte(`[1,2,3]`), ""},
		{"wrong content type", "POST", "/graphql", "text/plain", []byte(`{ stats { classes } }`), "application/json"},
		{"form post", "POST", "/graphql", "application/x-www-form-urlencoded", []byte(`query=%7B%7D`), "application/json"},
		{"oversized variables", "POST", "/graphql", "application/json", gqlBody("query($x: String) { stats { classes } }", map[string]string{"x": strings.Repeat("x", 200<<10)}), "over"},
		{"deep nesting", "POST", "/graphql", "application/json", gqlBody(deep, nil), "levels deep"},
		{"alias flood", "POST", "/graphql", "application/json", gqlBody(aliases.String(), nil), ""},
		{"syntax error", "POST", "/graphql", "application/json", gqlBody("{ organisation(id: ", nil), "GRAPHQL_PARSE_FAILED"},
		{"unknown field", "POST", "/graphql", "application/json", gqlBody("{ password }", nil), "GRAPHQL_VALIDATION_FAILED"},
		{"mutation", "POST", "/graphql", "application/json", gqlBody("mutation { x }", nil), ""},
		{"PUT", "PUT", "/graphql", "application/json", gqlBody("{ stats { classes } }", nil), ""},
		{"DELETE a diagram", "DELETE", "/diagram.svg", "", nil, ""},
		{"oversized URL", "GET", "/graphql?query=" + strings.Repeat("a", 64<<10), "", nil, ""},
		{"diagram unknown parameter", "GET", "/diagram.svg?colour=red", "", nil, "allowed"},
		{"diagram bad format", "GET", "/diagram.gif", "", nil, "svg"},
		{"diagram deep", "GET", "/diagram/nhs-england.svg?depth=99", "", nil, "0 to 4"},
		{"diagram bad type", "GET", "/diagram.svg?types=FUNDS,OWNS", "", nil, "ACCOUNTABLE_TO"},
		{"diagram bad layout", "GET", "/diagram.svg?layout=circo&instances=true", "", nil, ""},
		{"explorer bad depth", "GET", "/org/nhs-england?depth=-1", "", nil, ""},
	}
	for _, tc := range malformed {
		t.Run(tc.name, func(t *testing.T) {
			status, body := do(t, tc.method, tc.path, tc.ctype, gr, tc.body)
			if status < 400 || status > 499 {
				t.Errorf("status %d, want 4xx; body %.300s", status, body)
			}
			if tc.mention != "" && !strings.Contains(body, tc.mention) {
				t.Errorf("body %.300s does not say %q", body, tc.mention)
			}
			if len(tc.body) > 0 && bytes.Contains([]byte(body), tc.body) && len(tc.body) > 20 {
				t.Errorf("the request body was echoed back")
			}
		})
	}

	// Every injection in every argument and every diagram parameter.
	queries := []string{
		`query($s: String!) { organisation(id: $s) { id } }`,
		`query($s: String!) { service(id: $s) { id } }`,
		`query($s: String!) { search(text: $s) { node { id } } }`,
		`query($s: String!) { whoCommissions(service: $s) { id } }`,
		`query($s: String!) { accountabilityChain(from: $s) { id } }`,
		`query($s: String!) { moneyFlow(to: $s) { length } }`,
		`query($s: String!) { path(from: $s, to: "nhs-england") { length } }`,
		`query($s: String!) { neighbourhood(id: $s) { nodes { id } } }`,
		`query($s: String!) { organisations(after: $s) { totalCount } }`,
		`query($s: String!) { organisations(filter: {partOf: $s, instanceOf: $s, group: $s}) { totalCount } }`,
	}
	for qi, q := range queries {
		for ii, s := range injections {
			t.Run(fmt.Sprintf("graphql %d injection %d", qi, ii), func(t *testing.T) {
				q := strings.ReplaceAll(q, "String!", "ID!")
				status, body := do(t, "POST", "/graphql", "application/json", "", gqlBody(q, map[string]string{"s": s}))
				if status != 200 {
					t.Errorf("status %d for %q; body %.300s", status, s, body)
				}
				if strings.Contains(body, "INTERNAL") || strings.Contains(body, "Neo.") || strings.Contains(body, ".go:") ||
					strings.Contains(body, "goroutine") || strings.Contains(body, "bolt://") || strings.Contains(body, "UNWIND") {
					t.Errorf("internals in %.300s", body)
				}
				if strings.Contains(body, "<script>") || strings.Contains(body, "<svg onload") {
					t.Errorf("unescaped markup echoed: %.300s", body)
				}
			})
		}
	}
	for _, p := range []string{"focus", "types", "direction", "layout", "theme", "depth", "instances"} {
		for ii, s := range injections {
			t.Run(fmt.Sprintf("diagram %s injection %d", p, ii), func(t *testing.T) {
				status, body := do(t, "GET", "/diagram.svg?"+p+"="+url.QueryEscape(s), "", "", nil)
				if status != 400 && status != 404 {
					t.Errorf("%s=%q: status %d, want 400 or 404; body %.200s", p, s, status, body)
				}
				if strings.Contains(body, "<script>") || strings.Contains(body, "<svg onload") {
					t.Errorf("unescaped markup echoed: %.300s", body)
				}
			})
		}
		for ii, s := range injections {
			t.Run(fmt.Sprintf("explorer %s injection %d", p, ii), func(t *testing.T) {
				status, body := do(t, "GET", "/path?from="+url.QueryEscape(s)+"&to=nhs-england&"+p+"="+url.QueryEscape(s), "", "", nil)
				if status >= 500 {
					t.Errorf("status %d", status)
				}
				if strings.Contains(body, "<script>alert") || strings.Contains(body, "<svg onload") {
					t.Errorf("unescaped markup echoed")
				}
			})
		}
	}

	// Nothing was changed by any of it.
	var d struct {
		Stats struct{ Organisations, Relationships int }
	}
	post(t, base, `{ stats { organisations relationships } }`, nil, &d)
	ds, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	if d.Stats.Organisations != len(ds.Organisations) || d.Stats.Relationships != len(ds.Relationships) {
		t.Errorf("after the hostile requests: %+v, want the dataset's %d organisations and %d relationships", d.Stats, len(ds.Organisations), len(ds.Relationships))
	}
}
