package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/modelfort/modelfort/components/aws/guardedinvoke"
	"github.com/modelfort/modelfort/internal/mocktest"
)

// codeZip writes a stand-in deployment package, so that the test builds
// no handler.
func codeZip(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "guarded-invoke.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	if _, err := w.Create("bootstrap"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestProgram(t *testing.T) {
	code := codeZip(t)
	rec, err := mocktest.Run(program, mocktest.Config("modelfort:code", code))
	if err != nil {
		t.Fatal(err)
	}
	fn := rec.Find("aws:lambda/function:Function", "models")
	version := rec.Find("aws:bedrock/guardrailVersion:GuardrailVersion", "models")
	policy := rec.Find("aws:iam/rolePolicy:RolePolicy", "models")
	runtime, bedrock := rec.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "serving-sagemaker.runtime"), rec.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "serving-bedrock-runtime")
	if fn == nil || version == nil || policy == nil || runtime == nil || bedrock == nil {
		t.Fatalf("function %v, guardrail version %v, role policy %v, VPC endpoints %v %v:\n%s", fn, version, policy, runtime, bedrock, rec)
	}
	if fn.Get("code").ArchiveValue().Path != code {
		t.Errorf("code %v; want the configured zip", fn.Get("code"))
	}
	if fn.Str("environment.variables."+guardedinvoke.EnvEndpointName) != "deepseek-r1-distill" ||
		fn.Str("environment.variables."+guardedinvoke.EnvGuardrailVersion) != version.Out("version") {
		t.Errorf("environment %v", fn.Get("environment.variables"))
	}

	// The function runs in the VPC's private subnets, in the guard tier.
	var subnets []string
	for _, s := range rec.OfType("aws:ec2/subnet:Subnet") {
		subnets = append(subnets, s.ID)
	}
	// Subnets register concurrently: compare them as sets.
	slices.Sort(subnets)
	if got := slices.Sorted(slices.Values(fn.Strs("vpcConfig.subnetIds"))); len(got) != 3 || !slices.Equal(got, subnets) {
		t.Errorf("subnets %v; want the VPC's %v", got, subnets)
	}
	var guard string
	for _, g := range rec.OfType("aws:ec2/securityGroup:SecurityGroup") {
		if g.Str("tags.modelfort:tier") == GuardTier {
			guard = g.ID
		}
	}
	if got := fn.Strs("vpcConfig.securityGroupIds"); guard == "" || !slices.Equal(got, []string{guard}) {
		t.Errorf("security groups %v; want the guard tier %q", got, guard)
	}

	// The role reaches the guardrail and the endpoint through the VPC's
	// endpoints only.
	doc, err := policy.Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	for sid, vpce := range map[string]string{guardedinvoke.SidApplyGuardrail: bedrock.ID, guardedinvoke.SidInvokeEndpoint: runtime.ID} {
		if st := doc.Find(sid); st == nil || !slices.Equal(st.Values("StringEquals", "aws:SourceVpce"), []string{vpce}) {
			t.Errorf("%s: %+v; want aws:SourceVpce %s", sid, st, vpce)
		}
	}
}
