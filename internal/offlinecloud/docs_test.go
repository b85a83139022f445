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
	for _, c := range []*Cloud{AWS, TencentCloud, Kubernetes} {
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

// TestDocsListEveryRule keeps the table "Rules the stand-in applies" of
// docs/offline-cloud.md true: a row for every rule, naming its type and
// its source.
func TestDocsListEveryRule(t *testing.T) {
	b, err := os.ReadFile("../../docs/offline-cloud.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	_, section, ok := strings.Cut(doc, "## Rules the stand-in applies")
	if !ok {
		t.Fatal("docs/offline-cloud.md has no section \"Rules the stand-in applies\"")
	}
	rows := map[string][]string{} // a rule of two types has a row for each
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "| `") {
			id := strings.Trim(strings.SplitN(line, "|", 3)[1], " `")
			rows[id] = append(rows[id], line)
		}
	}
	for _, c := range []*Cloud{AWS, TencentCloud, Kubernetes} {
		for typ, rules := range c.Rules {
			for _, r := range rules {
				found := false
				for _, row := range rows[r.ID] {
					found = found || strings.Contains(row, "`"+typ+"`") && strings.Contains(row, r.Source)
				}
				if !found {
					t.Errorf("docs/offline-cloud.md: the rule table has no row for %s of %s, citing %s", r.ID, typ, r.Source)
				}
			}
		}
	}
}

// TestDocsListEveryAccountRule keeps the tables of "The offline account"
// true: a row for every unique name and prerequisite, with its type and
// source.
func TestDocsListEveryAccountRule(t *testing.T) {
	b, err := os.ReadFile("../../docs/offline-cloud.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "## The offline account")
	if !ok {
		t.Fatal("docs/offline-cloud.md has no section \"The offline account\"")
	}
	has := func(id, typ, source string) bool {
		for _, line := range strings.Split(section, "\n") {
			if strings.HasPrefix(line, "| `"+id+"` | `"+typ+"` |") && strings.Contains(line, source) {
				return true
			}
		}
		return false
	}
	for _, c := range []*Cloud{AWS, TencentCloud, Kubernetes} {
		for typ, us := range c.Names {
			for _, u := range us {
				if !has(u.ID, typ, u.Source) {
					t.Errorf("docs/offline-cloud.md has no row for %s of %s, citing %s", u.ID, typ, u.Source)
				}
			}
		}
		for typ, ps := range c.Prerequisites {
			for _, p := range ps {
				if !has(p.ID, typ, p.Source) {
					t.Errorf("docs/offline-cloud.md has no row for %s of %s, citing %s", p.ID, typ, p.Source)
				}
			}
		}
	}
}
