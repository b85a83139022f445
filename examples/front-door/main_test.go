package main

import (
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	in := rec.Find("aws:apigateway/integration:Integration", "models-invocations")
	plan := rec.Find("aws:apigateway/usagePlan:UsagePlan", "models")
	stage := rec.Find("aws:apigateway/stage:Stage", "models")
	assoc := rec.Find("aws:wafv2/webAclAssociation:WebAclAssociation", "models-0")
	if in == nil || plan == nil || stage == nil || assoc == nil {
		t.Fatalf("integration %v, usage plan %v, stage %v, web ACL association %v", in, plan, stage, assoc)
	}
	if in.Str("type") != "AWS_PROXY" || in.Str("uri") != "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:guarded-invoke/invocations" {
		t.Errorf("integration URI %s", in.Str("uri"))
	}
	if plan.Num("throttleSettings.rateLimit") != 10 || plan.Num("quotaSettings.limit") != 5000 {
		t.Errorf("usage plan: %v", plan.Inputs)
	}
	if assoc.Str("resourceArn") != stage.Out("arn") {
		t.Error("the web ACL does not guard the stage")
	}
	if rec.Find("aws:apigateway/domainName:DomainName", "models") != nil {
		t.Error("a custom domain without domainName")
	}

	rec, err = mocktest.Run(program, mocktest.Config("modelfort:domainName", "api.example.com"),
		mocktest.Config("modelfort:certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"))
	if err != nil {
		t.Fatal(err)
	}
	if d := rec.Find("aws:apigateway/domainName:DomainName", "models"); d == nil || d.Str("securityPolicy") != "TLS_1_2" || d.Str("domainName") != "api.example.com" {
		t.Errorf("custom domain: %v", d)
	}
}
