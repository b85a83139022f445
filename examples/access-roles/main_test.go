package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/modelfort/modelfort/components/aws/accessroles"
	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("modelfort:repository", "acme/llm"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.OfType("aws:iam/role:Role")); n != 4 {
		t.Fatalf("%d roles; want deploy, publish, invoke and audit:\n%s", n, rec)
	}
	bucket, key := rec.Find("aws:s3/bucketV2:BucketV2", "models"), rec.Find("aws:kms/key:Key", "models")
	p, err := rec.Find("aws:iam/rolePolicy:RolePolicy", "models-publish").Policy("policy")
	if err != nil {
		t.Fatal(err)
	}
	if w := p.Find("WriteModelObjects"); w == nil || !slices.Equal(w.Resource, []string{bucket.Out("arn") + "/deepseek-r1-distill/*"}) {
		t.Errorf("publish writes: %+v", w)
	}
	if e := p.Find("EncryptWithModelKeyThroughS3"); e == nil || !slices.Equal(e.Resource, []string{key.Out("arn")}) {
		t.Errorf("publish encrypts: %+v", e)
	}
	trust, _ := rec.Find("aws:iam/role:Role", "models-deploy").Policy("assumeRolePolicy")
	if s := trust.Find("CIAssumesWithWebIdentity"); s == nil ||
		!slices.Equal(s.Values("StringLike", "token.actions.githubusercontent.com:sub"), []string{"repo:acme/llm:environment:prod"}) {
		t.Errorf("deploy trust: %+v", trust.Statement)
	}
	inv, _ := rec.Find("aws:iam/rolePolicy:RolePolicy", "models-invoke").Policy("policy")
	if s := inv.Find(accessroles.SidInvokeAPIs); s == nil || !slices.Equal(s.Action, []string{"execute-api:Invoke"}) ||
		!slices.Equal(s.Resource, []string{"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/v1/POST/invocations"}) {
		t.Errorf("invoke: %+v", inv.Statement)
	}
	assertRuntimeDenied(t, rec, nil)
}

// TestRuntimeVpcEndpoint: with runtimeVpcEndpointId the roles' deny
// spares that VPC endpoint, and the invoke role calls the front door
// named by frontDoorApiId.
func TestRuntimeVpcEndpoint(t *testing.T) {
	rec, err := mocktest.Run(program, mocktest.Config("modelfort:frontDoorApiId", "z9y8x7w6v5"),
		mocktest.Config("modelfort:runtimeVpcEndpointId", "vpce-0a1b2c3d4e5f60718"))
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := rec.Find("aws:iam/rolePolicy:RolePolicy", "models-invoke").Policy("policy")
	if s := inv.Find(accessroles.SidInvokeAPIs); s == nil || !slices.Equal(s.Resource, []string{"arn:aws:execute-api:us-east-1:123456789012:z9y8x7w6v5/v1/POST/invocations"}) {
		t.Errorf("invoke: %+v", inv.Statement)
	}
	assertRuntimeDenied(t, rec, []string{"vpce-0a1b2c3d4e5f60718"})
}

// assertRuntimeDenied: each of the four roles' inline policy denies the
// SageMaker runtime (through no VPC endpoint but vpces) and allows no
// SageMaker action.
func assertRuntimeDenied(t *testing.T, rec *mocktest.Recording, vpces []string) {
	t.Helper()
	for _, kind := range []string{accessroles.KindDeploy, accessroles.KindPublish, accessroles.KindInvoke, accessroles.KindAudit} {
		rp := rec.Find("aws:iam/rolePolicy:RolePolicy", "models-"+kind)
		if rp == nil || rp.Str("role") != rec.Find("aws:iam/role:Role", "models-"+kind).ID {
			t.Errorf("the %s role has no inline policy:\n%s", kind, rec)
			continue
		}
		p, err := rp.Policy("policy")
		if err != nil {
			t.Fatal(err)
		}
		d := p.Find(accessroles.SidDenyRuntime)
		if d == nil || d.Effect != "Deny" || !slices.Equal(d.Action, accessroles.RuntimeInvokeActions) || !slices.Equal(d.Resource, []string{"*"}) ||
			!slices.Equal(d.Values("StringNotEquals", "aws:SourceVpce"), vpces) || (vpces == nil) != (d.Condition == nil) {
			t.Errorf("%s role's runtime deny: %+v", kind, d)
		}
		for _, s := range p.Statement {
			for _, a := range s.Action {
				if s.Effect == "Allow" && strings.HasPrefix(a, "sagemaker:") {
					t.Errorf("the %s role may %s", kind, a)
				}
			}
		}
	}
}
