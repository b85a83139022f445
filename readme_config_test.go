package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	awsstacks "github.com/modelfort/modelfort/stacks/aws"
	"github.com/modelfort/modelfort/stacks/stackconfig"
)

// TestREADMEConfigTablesMatchTheDeclarations: the README's configuration
// tables (rows whose first cell names modelfort keys) name every declared
// key, and no key that is not declared; and every checked-in stack file
// holds declared keys of its type only.
func TestREADMEConfigTablesMatchTheDeclarations(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	keyRe := regexp.MustCompile("`(modelfort:[a-zA-Z]+)`")
	documented := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.Contains(cells[1], "`modelfort:") {
			continue
		}
		for _, m := range keyRe.FindAllStringSubmatch(cells[1], -1) {
			documented[m[1]] = true
		}
	}
	var declared []string
	for _, d := range stackconfig.Declared() {
		declared = append(declared, d.Key())
		if !documented[d.Key()] {
			t.Errorf("%s is declared but has no row in the README's configuration tables", d.Key())
		}
	}
	for k := range documented {
		if !slices.Contains(declared, k) {
			t.Errorf("the README documents %s, which is not declared (stacks/stackconfig/declared.go)", k)
		}
	}
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !strings.HasPrefix(f.Name(), "Pulumi.") || f.Name() == "Pulumi.yaml" {
			continue
		}
		values, err := awsstacks.ReadStackFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := stackconfig.Check(values); err != nil {
			t.Errorf("%s: %v", f.Name(), err)
		}
	}
}

// TestProgramRefusesAnUndeclaredKey: the configuration the language host
// passes is checked before anything else.
func TestProgramRefusesAnUndeclaredKey(t *testing.T) {
	if err := checkConfig(`{"modelfort:environment":"dev","modelfort:retentionDay":"7"}`); err == nil ||
		!strings.Contains(err.Error(), "did you mean modelfort:retentionDays?") {
		t.Errorf("err = %v", err)
	}
	if err := checkConfig(""); err != nil {
		t.Errorf("no configuration passed (mocks): %v", err)
	}
}
