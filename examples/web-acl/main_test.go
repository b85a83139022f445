package main

import (
	"strings"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	acl := rec.Find("aws:wafv2/webAcl:WebAcl", "models")
	assoc := rec.Find("aws:wafv2/webAclAssociation:WebAclAssociation", "models-0")
	logs := rec.Find("aws:cloudwatch/logGroup:LogGroup", "aws-waf-logs-models")
	if acl == nil || assoc == nil || logs == nil {
		t.Fatalf("web ACL %v, association %v, log group %v", acl, assoc, logs)
	}
	if assoc.Str("resourceArn") != "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/v1" || assoc.Str("webAclArn") != acl.Out("arn") {
		t.Errorf("association: %v", assoc.Inputs)
	}
	if acl.Str("associationConfig.requestBodies[0].apiGateways[0].defaultSizeInspectionLimit") != "KB_32" {
		t.Errorf("a 32 KiB prompt limit needs 32 KB inspected: %v", acl.Get("associationConfig"))
	}
	if !strings.HasPrefix(logs.Str("name"), "aws-waf-logs-") || logs.Str("kmsKeyId") == "" {
		t.Errorf("log group: %v", logs.Inputs)
	}
}
