package main

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/modelfort/modelfort/internal/mocktest"
)

// runStack runs the program with a checked-in stack's config, changed by
// overrides.
func runStack(t *testing.T, stack string, overrides map[string]string) (*mocktest.Recording, error) {
	t.Helper()
	b, err := os.ReadFile("Pulumi." + stack + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Config map[string]string `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	opts := []mocktest.Option{mocktest.Stack(stack)}
	for k, v := range f.Config {
		if o, ok := overrides[k]; ok {
			v = o
		}
		opts = append(opts, mocktest.Config(k, v))
	}
	for k, v := range overrides {
		if _, ok := f.Config[k]; !ok {
			opts = append(opts, mocktest.Config(k, v))
		}
	}
	return mocktest.Run(program, opts...)
}

// TestProgramDispatchesOnModelfortCloud: modelfort:cloud selects the AWS
// or the Tencent Cloud stacks; any other value fails before anything is
// registered.
func TestProgramDispatchesOnModelfortCloud(t *testing.T) {
	for _, tt := range []struct {
		stack, cloud, provider, other string
	}{
		{"dev", "", "pulumi:providers:aws", "pulumi:providers:tencentcloud"},
		{"dev", "aws", "pulumi:providers:aws", "pulumi:providers:tencentcloud"},
		{"tencent-dev", "tencentcloud", "pulumi:providers:tencentcloud", "pulumi:providers:aws"},
	} {
		rec, err := runStack(t, tt.stack, map[string]string{"modelfort:cloud": tt.cloud})
		if err != nil {
			t.Fatalf("%s with cloud %q: %v", tt.stack, tt.cloud, err)
		}
		if n, m := len(rec.OfType(tt.provider)), len(rec.OfType(tt.other)); n < 2 || m != 0 {
			t.Errorf("%s with cloud %q: %d %s (want the primary and the DR or replica one) and %d %s (want none)", tt.stack, tt.cloud, n, tt.provider, m, tt.other)
		}
	}
	rec, err := runStack(t, "tencent-dev", map[string]string{"modelfort:cloud": "gcp"})
	if err == nil || !strings.Contains(err.Error(), `modelfort:cloud is "gcp"; allowed values are aws (the default) and tencentcloud`) || len(rec.Resources) != 0 {
		t.Errorf("cloud gcp: %v\n%s", err, rec)
	}
}
