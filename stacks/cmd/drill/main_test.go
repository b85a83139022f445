package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const outputsFile = "testdata/outputs.json"

// The -outputs path in a dry run (CLOUD unset: offline) writes the report,
// marked as a dry run, and calls nothing.
func TestRunDryRunFromOutputsFile(t *testing.T) {
	t.Setenv("CLOUD", "")
	dir := t.TempDir()
	for _, scenario := range []string{"region-outage", "endpoint-failure", "restore", "artifact-corruption"} {
		var out strings.Builder
		if err := run([]string{"-stack", "dev", "-scenario", scenario, "-outputs", outputsFile, "-report", dir}, &out); err != nil {
			t.Fatalf("%s: %v\n%s", scenario, err, out.String())
		}
		if !strings.Contains(out.String(), "# Drill (dry run): "+scenario+" on dev") || !strings.Contains(out.String(), "wrote ") {
			t.Errorf("%s: output:\n%s", scenario, out.String())
		}
		mds, _ := filepath.Glob(filepath.Join(dir, "dev-"+scenario+"-*-dry-run.md"))
		jss, _ := filepath.Glob(filepath.Join(dir, "dev-"+scenario+"-*-dry-run.json"))
		if len(mds) != 1 || len(jss) != 1 {
			t.Fatalf("%s: reports %v %v", scenario, mds, jss)
		}
		b, err := os.ReadFile(jss[0])
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			DryRun  bool   `json:"dryRun"`
			Verdict string `json:"verdict"`
		}
		if err := json.Unmarshal(b, &doc); err != nil || !doc.DryRun || doc.Verdict != "DRY RUN" {
			t.Errorf("%s: JSON report %s (%v)", scenario, b, err)
		}
	}
}

// CLOUD=real with -dry-run is a dry run too.
func TestRunRealDryRun(t *testing.T) {
	t.Setenv("CLOUD", "real")
	var out strings.Builder
	if err := run([]string{"-stack", "dev", "-scenario", "restore", "-outputs", outputsFile, "-report", t.TempDir(), "-dry-run"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "DRY RUN") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestRunFlags(t *testing.T) {
	t.Setenv("CLOUD", "")
	base := []string{"-stack", "dev", "-outputs", outputsFile, "-report", t.TempDir()}
	for _, tc := range []struct {
		cloud string
		args  []string
		want  string
	}{
		{"", []string{"-scenario", "region-outage"}, "-stack is required"},
		{"", append(base[:2:2], "-outputs", outputsFile), "-scenario is required; the scenarios are artifact-corruption, endpoint-failure, region-outage, restore"},
		{"", append(base, "-scenario", "meteor"), `unknown scenario "meteor"; the scenarios are artifact-corruption, endpoint-failure, region-outage, restore`},
		{"", append(base, "-scenario", "restore", "extra"), "unexpected arguments"},
		{"", append(base, "-scenario", "restore", "-poll", "0s"), "-poll and -timeout must be positive"},
		{"", append(base, "-scenario", "restore", "-no-such-flag"), "flag provided but not defined"},
		{"offline", append(base, "-scenario", "restore", "-dry-run=false"), "offline, a drill can only dry-run"},
		{"aws", append(base, "-scenario", "restore"), `CLOUD is "aws"; allowed values are offline, real`},
	} {
		t.Setenv("CLOUD", tc.cloud)
		var out strings.Builder
		err := run(tc.args, &out)
		var ue *usageError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &ue) {
			t.Errorf("%v (CLOUD=%s): %v; want a usage error with %q", tc.args, tc.cloud, err, tc.want)
		}
	}
}

func TestRunMissingOutputs(t *testing.T) {
	t.Setenv("CLOUD", "")
	b, err := os.ReadFile(outputsFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "faultInjection")
	delete(doc, "recoveryBudget")
	b, _ = json.Marshal(doc)
	dir := t.TempDir()
	file := filepath.Join(dir, "outputs.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	var out strings.Builder
	err = run([]string{"-stack", "staging", "-scenario", "region-outage", "-outputs", file, "-report", reports}, &out)
	for _, want := range []string{"faultInjection", "recoveryBudget", "predate drills", "make up STACK=staging"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v does not say %s", err, want)
		}
	}
	if _, err := os.Stat(reports); !os.IsNotExist(err) {
		t.Error("no report without the outputs")
	}
	if err := os.WriteFile(file, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-stack", "dev", "-scenario", "restore", "-outputs", file, "-report", reports}, &out); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("bad JSON: %v", err)
	}
}
