package main

import (
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
	"github.com/modelfort/modelfort/internal/modelartifact"
	awsstacks "github.com/modelfort/modelfort/stacks/aws"
)

// testDigest is the digest of the artifact that the AWS stacks' tests
// publish (make publish) before serving it.
const testDigest = "0f8f6f0f2ad3f4d1bb2c0de6a4e6b3b5c8e7d9f1a2b3c4d5e6f708192a3b4c5d"

// runStack runs the program with a checked-in stack's config, changed by
// overrides; an AWS stack's artifact is published first (unless overrides
// set modelfort:modelDigest), so that the stack serves.
func runStack(t *testing.T, stack string, overrides map[string]string) (*mocktest.Recording, error) {
	t.Helper()
	values, err := awsstacks.ReadStackFile("Pulumi." + stack + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	opts := []mocktest.Option{mocktest.Stack(stack)}
	if _, ok := overrides["modelfort:modelDigest"]; !ok && !strings.HasPrefix(stack, "tencent-") {
		key := modelartifact.Key(awsstacks.ModelPrefix, testDigest, awsstacks.DefaultModelArtifact)
		opts = append(opts, mocktest.Config("modelfort:modelDigest", testDigest),
			mocktest.Published("models", key, []byte("a model")), mocktest.Published("models-replica", key, []byte("a model")))
	}
	for k, v := range values {
		if o, ok := overrides[k]; ok {
			v = o
		}
		opts = append(opts, mocktest.Config(k, v))
	}
	for k, v := range overrides {
		if _, ok := values[k]; !ok {
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
