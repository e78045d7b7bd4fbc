package main

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"caremap/playground"
)

// exponent finds a number written with an exponent, as 9.56e+10: money in an
// example's answer must read as amountText ("£95.6bn"), not as a float.
var exponent = regexp.MustCompile(`[:\[,]-?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+[,}\]]`)

// TestPlaygroundExamplesAnswer asks every playground example of the real
// server and demands an answer a newcomer can use: data without errors, no
// empty list in it, no question answered null, and no money written as a
// float.
func TestPlaygroundExamplesAnswer(t *testing.T) {
	base := sharedServer(t)
	for _, ex := range playground.DefaultExamples {
		t.Run(ex.Key, func(t *testing.T) {
			var data any
			r := post(t, base, ex.Query, nil, &data)
			if len(r.Errors) > 0 {
				t.Fatalf("%q: errors %+v", ex.Name, r.Errors)
			}
			for k, v := range data.(map[string]any) {
				if v == nil {
					t.Errorf("%q answers null to %s", ex.Name, k)
				}
			}
			for _, gap := range gaps("data", data) {
				t.Errorf("%q answers nothing at %s", ex.Name, gap)
			}
			if m := exponent.FindIndex(r.Data); m != nil {
				t.Errorf("%q writes a number with an exponent: …%s…", ex.Name, r.Data[max(0, m[0]-80):m[1]+20])
			}
		})
	}
}

// TestPlaygroundExampleLinks: /playground?example=<key>, as the home page
// links, reaches the playground with the key kept; an unknown key is a 404
// that names the keys there are.
func TestPlaygroundExampleLinks(t *testing.T) {
	base := sharedServer(t)
	key := playground.DefaultExamples[1].Key
	resp, err := http.Get(base + "/playground?example=" + key)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.RequestURI() != "/playground/?example="+key {
		t.Errorf("GET /playground?example=%s ended at %s with %d, want /playground/?example=%[1]s, 200", key, resp.Request.URL.RequestURI(), resp.StatusCode)
	}
	resp, err = http.Get(base + "/playground/?example=nope")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), key) {
		t.Errorf("unknown example: %d %q, want a 404 naming %s", resp.StatusCode, body, key)
	}
	resp, err = http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, ex := range playground.DefaultExamples {
		if want := `href="/playground/?example=` + ex.Key + `"`; !strings.Contains(string(body), want) {
			t.Errorf("home page lacks the link %s", want)
		}
	}
}

// gaps lists the empty lists in a JSON answer. (A null leaf is an optional
// fact the source does not give, such as a tie's share.)
func gaps(at string, v any) []string {
	switch v := v.(type) {
	case []any:
		if len(v) == 0 {
			return []string{at + " (empty list)"}
		}
		var out []string
		for i, e := range v {
			out = append(out, gaps(fmt.Sprintf("%s[%d]", at, i), e)...)
		}
		return out
	case map[string]any:
		var out []string
		for k, e := range v {
			out = append(out, gaps(at+"."+k, e)...)
		}
		return out
	}
	return nil
}
