package web

import (
	"os"
	"strings"
	"testing"
)

// TestREADMENamesEveryAddress: the README's table of the explorer's
// addresses names every page and download the explorer serves.
func TestREADMENamesEveryAddress(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, p := range Patterns {
		path := strings.TrimPrefix(p, "GET ")
		if path == staticPrefix {
			continue
		}
		path = strings.TrimSuffix(path, "{$}")
		if !strings.Contains(readme, "| `"+path+"`") && !strings.Contains(readme, "`"+path+"?") && !strings.Contains(readme, ", `"+path+"`") {
			t.Errorf("the README's table of addresses does not name %s", path)
		}
	}
}
