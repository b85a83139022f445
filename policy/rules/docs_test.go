package rules

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsEveryRule keeps the rule table of policy/README.md true.
func TestREADMEListsEveryRule(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range All() {
		if !strings.Contains(string(b), "| `"+r.ID+"` | "+r.Description+" |") {
			t.Errorf("policy/README.md has no row for rule %s with its description", r.ID)
		}
	}
}
