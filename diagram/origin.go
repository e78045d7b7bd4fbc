package diagram

import (
	"net/http"
	"strings"

	"caremap/render"
)

// Origin is the base URL of the explorer as request r reached it, for
// absolute links in drawings and embed code: configured when set (the
// server's --base-url), else the scheme and Host r arrived with; "" when
// neither is a plain http(s) origin (links then stay root-relative). It is
// the one place that decides, so a host allow-list can be put here.
func Origin(r *http.Request, configured string) string {
	if b := strings.TrimRight(configured, "/"); b != "" {
		if render.ValidBaseURL(b) {
			return b
		}
		return ""
	}
	if r == nil || r.Host == "" {
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
