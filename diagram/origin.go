package diagram

import (
	"net/http"
	"slices"
	"strings"

	"caremap/render"
)

// Origin is the base URL of the explorer as request r reached it, for
// absolute links in drawings and embed code: configured when set (the
// server's --base-url), else the scheme and Host r arrived with if that
// Host is one of hosts (lower case host[:port]; the server's
// --allowed-hosts, by default its listen address); "" otherwise, or when
// neither is a plain http(s) origin (links then stay root-relative). The
// Host header is the client's to choose: trusted on its own, it would put
// an attacker's host in embed code a proxy may cache for others, and split
// the render cache (its key holds the origin) once per made-up host.
func Origin(r *http.Request, configured string, hosts []string) string {
	if b := strings.TrimRight(configured, "/"); b != "" {
		if render.ValidBaseURL(b) {
			return b
		}
		return ""
	}
	if r == nil || r.Host == "" || !slices.Contains(hosts, strings.ToLower(r.Host)) {
		return ""
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if b := scheme + "://" + r.Host; render.ValidBaseURL(b) {
		return b
	}
	return ""
}
