package aws

import (
	"maps"
	"slices"
	"testing"

	"github.com/modelfort/modelfort/policy/rules"
	"github.com/modelfort/modelfort/policy/rules/rulestest"
)

// TestStacksPassEveryRule runs the policy pack's rules over each
// environment's resources: none may be violated, advisory or mandatory.
func TestStacksPassEveryRule(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		rec, err := run(t, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		if vs := rules.Evaluate(rulestest.Stack(rec, env), rules.All()); len(vs) > 0 {
			t.Errorf("%s violates the policy pack:\n%s", env, rules.Table(vs))
		}
	}
}

// TestWeakenedProdYieldsExactlyTheExpectedViolations deploys with dev's
// profile (nothing protected, GOVERNANCE retention, removable vault
// locks, one instance per region, a metadata store in one zone that may be
// deleted, no threat detection) and judges the result as prod: the pack must name exactly those
// weaknesses, each on each resource that has it, and nothing else.
func TestWeakenedProdYieldsExactlyTheExpectedViolations(t *testing.T) {
	rec, err := run(t, "dev", nil)
	if err != nil {
		t.Fatal(err)
	}
	stack := rulestest.Stack(rec, "prod")
	stateful := 0
	for _, r := range stack.Resources {
		if slices.Contains(rules.StatefulTypes, r.Type) {
			stateful++
		}
	}
	want := map[string]int{
		"prod-stateful-protected":      stateful,
		"s3-compliance-retention":      4, // models, its replica, audit logs, their replica
		"backup-vault-compliance-lock": 2, // the vault and its DR copy
		"sagemaker-two-instances":      2, // dev runs one instance per region
		"rds-deletion-protection":      1, // dev's metadata store may be deleted
		"rds-multi-az":                 1, // and runs in one zone
		// dev leaves threat detection to prod or the organization
		// (modelfort:threatDetection unset): once per region.
		"guardduty-every-region":        2,
		"security-hub-every-region":     2,
		"config-recording-every-region": 2,
	}
	got := map[string]int{}
	vs := rules.Evaluate(stack, rules.All())
	for _, v := range vs {
		got[v.RuleID]++
		if v.Level != rules.Mandatory {
			t.Errorf("%s is not mandatory in prod", v.RuleID)
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("violations by rule: got %v, want %v\n%s", got, want, rules.Table(vs))
	}
}
