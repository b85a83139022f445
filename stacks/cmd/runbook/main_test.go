package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	outputs := filepath.Join(dir, "outputs.json")
	if err := os.WriteFile(outputs, []byte(`{"modelBucket": "models-abc"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := run(&b, "staging", "../../..", outputs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "# Disaster-recovery runbook: staging") || !strings.Contains(b.String(), "models-abc") {
		t.Errorf("runbook:\n%s", b.String())
	}
	if err := run(&b, "nosuch", "../../..", ""); err == nil {
		t.Error("a missing stack file must fail")
	}
	if err := os.WriteFile(outputs, []byte(`not json`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(&b, "staging", "../../..", outputs); err == nil || !strings.Contains(err.Error(), "outputs.json") {
		t.Errorf("bad outputs: %v", err)
	}
}
