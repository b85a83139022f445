package stacks

import (
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func run(t *testing.T, env string, extra ...mocktest.Option) (*mocktest.Recording, error) {
	t.Helper()
	opts := append([]mocktest.Option{
		mocktest.Config("aws:region", "us-east-1"),
		mocktest.Config("modelfort:environment", env),
		mocktest.Config("modelfort:drRegion", "us-west-2"),
		mocktest.Stack(env),
	}, extra...)
	return mocktest.Run(Program, opts...)
}

func TestSitesHaveTheirOwnRegionAndRotatingKey(t *testing.T) {
	rec, err := run(t, "dev")
	if err != nil {
		t.Fatal(err)
	}
	for role, region := range map[string]string{"primary": "us-east-1", "dr": "us-west-2"} {
		prov := rec.Find("pulumi:providers:aws", role)
		if prov == nil || prov.Str("region") != region {
			t.Fatalf("provider %s: %+v", role, prov)
		}
		if prov.Str("defaultTags.tags[\"modelfort:environment\"]") != "dev" {
			t.Errorf("provider %s default tags: %v", role, prov.Get("defaultTags"))
		}
		key := rec.Find("aws:kms/key:Key", role+"-key")
		if key == nil || key.Region != region {
			t.Fatalf("%s key in region %v", role, key)
		}
		if !key.Bool("enableKeyRotation") || key.Num("deletionWindowInDays") != 30 {
			t.Errorf("%s key: rotation %v, deletion window %v", role, key.Bool("enableKeyRotation"), key.Num("deletionWindowInDays"))
		}
		alias := rec.Find("aws:kms/alias:Alias", role+"-key")
		if alias.Str("name") != "alias/modelfort-dev-"+role || alias.Str("targetKeyId") != key.ID || alias.Region != region {
			t.Errorf("%s alias: %v -> %v in %s", role, alias.Str("name"), alias.Str("targetKeyId"), alias.Region)
		}
	}
}

func TestOnlyProdProtectsStatefulResources(t *testing.T) {
	for env, want := range map[string]bool{"dev": false, "staging": false, "prod": true} {
		rec, err := run(t, env)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range rec.OfType("aws:kms/key:Key") {
			if k.Protect != want {
				t.Errorf("%s: %s protect = %v", env, k.Name, k.Protect)
			}
		}
	}
}

func TestConfigRejections(t *testing.T) {
	tests := []struct {
		key, value string
		want       string
	}{
		{"modelfort:environment", "qa", `modelfort:environment is "qa"; allowed values are dev, prod, staging`},
		{"modelfort:environment", "", `modelfort:environment is ""`},
		{"aws:region", "mars-1", `aws:region is "mars-1"`},
		{"modelfort:drRegion", "", `modelfort:drRegion is ""`},
		{"modelfort:drRegion", "us-east-1", "the same as aws:region"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			rec, err := run(t, "dev", mocktest.Config(tt.key, tt.value))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want it to contain %q", err, tt.want)
			}
			if len(rec.Resources) != 0 {
				t.Errorf("bad config registered %d resources", len(rec.Resources))
			}
		})
	}
}

// TestCheckedInStackConfigs loads each Pulumi.<env>.yaml's values through
// the validation, so a broken checked-in config fails here, not in a deploy.
func TestCheckedInStackConfigs(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		cfg, err := readStackConfig("../Pulumi." + env + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Environment != env {
			t.Errorf("Pulumi.%s.yaml declares environment %q", env, cfg.Environment)
		}
		if err := cfg.Validate(); err != nil {
			t.Errorf("Pulumi.%s.yaml: %v", env, err)
		}
	}
}
