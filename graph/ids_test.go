package graph

import (
	"strings"
	"testing"
)

func TestValidID(t *testing.T) {
	for _, id := range []string{"nhs-england", "ccg-02n", "a", "0", "rel-030", strings.Repeat("a", MaxIDLength)} {
		if !ValidID(id) {
			t.Errorf("ValidID(%q) = false, want true", id)
		}
	}
	for _, id := range []string{"", "-a", "a-", "a--b", "NHS", "nhs england", "nhs_england", "<script>", "a/b", `a"b`, "javascript:alert(1)", "../etc/passwd", "é", strings.Repeat("a", MaxIDLength+1)} {
		if ValidID(id) {
			t.Errorf("ValidID(%q) = true, want false", id)
		}
	}
}
