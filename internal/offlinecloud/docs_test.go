package offlinecloud

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListEveryKind keeps docs/offline-cloud.md true: a row for every
// type of the Kinds tables, naming each of its computed attributes, and a
// row for every function answered.
func TestDocsListEveryKind(t *testing.T) {
	b, err := os.ReadFile("../../docs/offline-cloud.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "| `") {
			tok := strings.Trim(strings.SplitN(line, "|", 3)[1], " `")
			rows[tok] = line
		}
	}
	for _, c := range []*Cloud{AWS, TencentCloud} {
		for typ, k := range c.Kinds {
			row, ok := rows[typ]
			if !ok {
				t.Errorf("docs/offline-cloud.md has no row for %s", typ)
				continue
			}
			for attr := range k.Computed {
				if !strings.Contains(row, "`"+attr+"`") {
					t.Errorf("docs/offline-cloud.md: the row of %s does not name %s", typ, attr)
				}
			}
		}
		for tok := range c.Invokes {
			if _, ok := rows[tok]; !ok {
				t.Errorf("docs/offline-cloud.md does not list the function %s", tok)
			}
		}
	}
}
