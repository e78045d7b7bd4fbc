package gql

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// RequestKey returns what identifies the answer to a GET (or HEAD) request
// on this endpoint, the dataset aside: the query's tokens (so spacing and
// comments do not matter), the operation name, the variables and
// extensions re-encoded with their keys sorted, and the Accept header (the
// answer's media type follows it). ok is false for any other method and for
// a request whose parts do not parse: its answer is an error, never cached.
//
// A request that sends only an automatic persisted query's hash is keyed
// by that hash, which names one query text; a CDN caches such a request by
// its URL.
func RequestKey(r *http.Request, limits Limits) (words []string, ok bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return nil, false
	}
	if limits == (Limits{}) {
		limits = DefaultLimits
	}
	q := r.URL.Query()
	query, doc := q.Get("query"), ""
	if query != "" {
		if len(query) > limits.MaxBytes {
			return nil, false
		}
		if doc, ok = normalKey(query, limits.MaxTokens); !ok {
			return nil, false
		}
	}
	vars, ok := normalJSON(q.Get("variables"))
	if !ok {
		return nil, false
	}
	ext, ok := normalJSON(q.Get("extensions"))
	if !ok || (query == "" && ext == "") {
		return nil, false
	}
	accept := strings.ToLower(strings.Join(r.Header.Values("Accept"), ","))
	return []string{"graphql", doc, q.Get("operationName"), vars, ext, accept}, true
}

// normalJSON re-encodes a JSON object with its keys sorted and numbers as
// written; "" stays "". ok is false when s is not a JSON object.
func normalJSON(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return "", false
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", false
	}
	return b.String(), true
}
