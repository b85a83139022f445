package drill

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseOutputs(t *testing.T) {
	needs, err := NeededOutputs("region-outage")
	if err != nil {
		t.Fatal(err)
	}
	o, err := ParseOutputs("dev", testOutputs(t), needs)
	if err != nil {
		t.Fatal(err)
	}
	if o.HealthCheckIDs != (Sites{primaryCheck, drCheck}) || o.FaultInjection.RegionOutageTemplateID != templateID ||
		o.FaultInjection.StopMetricDimensionValue != "modelfort-dev-region-outage" || o.DomainName != domain {
		t.Errorf("outputs %+v", o)
	}
	if !slices.Equal(o.EndpointHealthCheckIDs.Primary, []string{endpointCheck1, endpointCheck2}) {
		t.Errorf("endpoint checks %v", o.EndpointHealthCheckIDs)
	}
	b := o.Budget
	if b.RTOSeconds.Detection != 240 || b.RTOSeconds.Worst != 300 || b.RTOSeconds.Target != 7200 || b.RPOMinutes.Backups != 60 || b.RPOMinutes.ModelArtifacts != 15 {
		t.Errorf("budget %+v", b)
	}
	// Numbers may come as json.Number or int too.
	raw := testOutputs(t)
	raw["recoveryBudget"].(map[string]any)["rtoSeconds"].(map[string]any)["detection"] = json.Number("120")
	raw["recoveryBudget"].(map[string]any)["rpoMinutes"].(map[string]any)["backups"] = 30
	if o, err := ParseOutputs("dev", raw, needs); err != nil || o.Budget.RTOSeconds.Detection != 120 || o.Budget.RPOMinutes.Backups != 30 {
		t.Errorf("%+v, %v", o, err)
	}
}

func TestParseOutputsNamesWhatIsMissing(t *testing.T) {
	raw := testOutputs(t)
	delete(raw, "healthCheckIds")
	delete(raw["faultInjection"].(map[string]any), "stopAlarmName")
	raw["hostedZoneId"] = ""
	needs, _ := NeededOutputs("region-outage")
	_, err := ParseOutputs("prod", raw, needs)
	var me *MissingOutputsError
	if !errors.As(err, &me) {
		t.Fatalf("err %v", err)
	}
	for _, want := range []string{"hostedZoneId", "healthCheckIds", "faultInjection.stopAlarmName", "predate drills", "make up STACK=prod"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %s", err, want)
		}
	}
	// What a scenario does not need may be missing.
	needs, _ = NeededOutputs("restore")
	if _, err := ParseOutputs("prod", raw, needs); err != nil {
		t.Errorf("restore needs no health checks: %v", err)
	}
	// An empty stack misses everything a drill needs.
	_, err = ParseOutputs("dev", map[string]any{}, needs)
	for _, want := range []string{"environment", "recoveryBudget", "backupCopyVaultArn", "modelDigest"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v does not name %s", err, want)
		}
	}
}

func TestParseOutputsInvalid(t *testing.T) {
	raw := testOutputs(t)
	raw["recoveryBudget"].(map[string]any)["rtoSeconds"].(map[string]any)["detection"] = "soon"
	raw["recoveryBudget"].(map[string]any)["rpoMinutes"].(map[string]any)["backups"] = 1.5
	raw["endpointHealthCheckIds"] = map[string]any{"primary": "hc-1", "dr": []any{}}
	raw["domainName"] = "[secret]"
	needs, _ := NeededOutputs("endpoint-failure")
	_, err := ParseOutputs("dev", raw, needs)
	for _, want := range []string{"recoveryBudget.rtoSeconds.detection is a string", "recoveryBudget.rpoMinutes.backups is 1.5", "endpointHealthCheckIds.primary is a string, not a list", "domainName is a secret"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v does not say %s", err, want)
		}
	}
}

func TestUnknownScenario(t *testing.T) {
	_, err := NeededOutputs("meteor")
	if err == nil || !strings.Contains(err.Error(), "artifact-corruption, endpoint-failure, region-outage, restore") {
		t.Errorf("err %v", err)
	}
	if _, err := Run(t.Context(), Options{Scenario: "meteor"}); err == nil {
		t.Error("no error")
	}
}
