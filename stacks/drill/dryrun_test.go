package drill

import (
	"encoding/json"
	"strings"
	"testing"
)

// A dry run calls no AWS API, whatever its clients, and lists the steps
// of a real run with the resources they touch.
func TestDryRunCallsNothing(t *testing.T) {
	for scenario, mentions := range map[string][]string{
		"region-outage":       {"StartExperiment", templateID, primaryCheck, drCheck, "PutMetricData", "StopExperiment", stopAlarm, domain},
		"endpoint-failure":    {"UpdateHealthCheck", endpointCheck1, endpointCheck2, "Inverted=false", domain},
		"restore":             {"ListRecoveryPointsByBackupVault", copyVault, modelArn, "StartRestoreJob", "SSE-KMS", replicaKey, backupRole, replicaBucket + "-drill-"},
		"artifact-corruption": {"CopyObject", "PutObject", modelBucket, replicaBucket, modelKey, "drills/"},
	} {
		t.Run(scenario, func(t *testing.T) {
			f, _, opts := setup(t, scenario)
			opts.DryRun = true
			res, err := run(t, opts)
			if err != nil {
				t.Fatal(err)
			}
			if n := f.Requests(); n != 0 {
				t.Errorf("a dry run sent %d requests: %v", n, f.Calls(""))
			}
			r := NewReport(*res)
			if r.Failed() || r.Verdict() != "DRY RUN" {
				t.Errorf("verdict %s", r.Verdict())
			}
			for _, l := range r.Lines {
				if l.Status != NotMeasured || l.Measured != "not measured" {
					t.Errorf("line %+v", l)
				}
			}
			md := r.Markdown()
			if !strings.Contains(md, "# Drill (dry run): "+scenario+" on dev") || !strings.Contains(md, "Steps a real run takes") {
				t.Errorf("report:\n%s", md)
			}
			for _, m := range mentions {
				if !strings.Contains(md, m) {
					t.Errorf("the dry run does not mention %s:\n%s", m, md)
				}
			}
			b, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				DryRun  bool   `json:"dryRun"`
				Verdict string `json:"verdict"`
				Steps   []any  `json:"steps"`
			}
			if err := json.Unmarshal(b, &doc); err != nil || !doc.DryRun || doc.Verdict != "DRY RUN" || len(doc.Steps) == 0 {
				t.Errorf("JSON %s (%v)", b, err)
			}
		})
	}
}

// A dry run still validates the outputs, and needs no clients.
func TestDryRunValidatesOutputs(t *testing.T) {
	raw := testOutputs(t)
	delete(raw, "faultInjection")
	_, err := Run(t.Context(), Options{Stack: "dev", Scenario: "region-outage", Outputs: raw, DryRun: true})
	if err == nil || !strings.Contains(err.Error(), "faultInjection") {
		t.Fatalf("err %v", err)
	}
	res, err := Run(t.Context(), Options{Stack: "dev", Scenario: "restore", Outputs: raw, DryRun: true})
	if err != nil || !res.DryRun {
		t.Fatalf("%v, %v", res, err)
	}
}

func TestDryRunNothingPublished(t *testing.T) {
	raw := testOutputs(t)
	raw["modelDigest"], raw["modelArtifactKey"] = "", ""
	res, err := Run(t.Context(), Options{Stack: "dev", Scenario: "artifact-corruption", Outputs: raw, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if md := NewReport(*res).Markdown(); !strings.Contains(md, "no model is published yet") {
		t.Errorf("report:\n%s", md)
	}
}
