package main

import (
	"slices"
	"testing"

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
	if !slices.Equal(inv.Statement[0].Resource, []string{"arn:aws:sagemaker:us-east-1:123456789012:endpoint/deepseek-r1-distill"}) {
		t.Errorf("invoke: %+v", inv.Statement)
	}
}
