package main

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/modelfort/modelfort/policy/rules"
)

func levels(t *testing.T, env string) map[string]policyx.EnforcementLevel {
	t.Helper()
	pack, err := newPack(env, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	if pack.Name() != Name {
		t.Errorf("pack name %q", pack.Name())
	}
	out := map[string]policyx.EnforcementLevel{}
	for _, p := range pack.Policies() {
		out[p.Name()] = p.EnforcementLevel()
	}
	return out
}

func TestEveryRuleIsMandatoryInProd(t *testing.T) {
	got := levels(t, "prod")
	for _, r := range rules.All() {
		if got[r.ID] != policyx.EnforcementLevelMandatory {
			t.Errorf("%s is %v in prod", r.ID, got[r.ID])
		}
	}
}

func TestOutsideProdRulesKeepTheirLevel(t *testing.T) {
	got := levels(t, "dev")
	for _, r := range rules.All() {
		level, present := got[r.ID]
		switch {
		case r.ProdOnly && present:
			t.Errorf("prod-only rule %s is in dev's pack", r.ID)
		case r.ProdOnly:
		case r.Level == rules.Mandatory && level != policyx.EnforcementLevelMandatory,
			r.Level == rules.Advisory && level != policyx.EnforcementLevelAdvisory:
			t.Errorf("%s is %v in dev", r.ID, level)
		}
	}
}

func TestConvert(t *testing.T) {
	r := convert(policyx.AnalyzerResource{
		URN: "urn:x", Type: "aws:kms/key:Key", Name: "k",
		Properties:           resource.FromResourcePropertyMap(resource.PropertyMap{"enableKeyRotation": resource.NewProperty(true)}),
		Options:              pulumi.ResourceOptions{Protect: true},
		PropertyDependencies: map[string][]string{"policy": {"urn:y"}},
	})
	if on, known := r.Bool("enableKeyRotation"); !on || !known || !r.Protect || r.PropertyDependencies["policy"][0] != "urn:y" {
		t.Errorf("converted %+v", r)
	}
}
