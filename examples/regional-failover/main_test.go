package main

import (
	"slices"
	"testing"

	"github.com/modelfort/modelfort/internal/mocktest"
)

func TestProgram(t *testing.T) {
	rec, err := mocktest.Run(program)
	if err != nil {
		t.Fatal(err)
	}
	primary, secondary := rec.Find("aws:route53/record:Record", "models-primary"), rec.Find("aws:route53/record:Record", "models-secondary")
	if primary == nil || secondary == nil {
		t.Fatalf("records %v, %v", primary, secondary)
	}
	for _, r := range []struct {
		record *mocktest.Resource
		door   string
		policy string
	}{{primary, "models", "PRIMARY"}, {secondary, "models-dr", "SECONDARY"}} {
		domain := rec.Find("aws:apigateway/domainName:DomainName", r.door)
		if r.record.Str("name") != "api.example.com" || r.record.Str("failoverRoutingPolicies[0].type") != r.policy || r.record.Num("ttl") != 60 ||
			!slices.Equal(r.record.Strs("records"), []string{domain.Out("regionalDomainName")}) {
			t.Errorf("%s record: %v", r.policy, r.record.Inputs)
		}
	}
	if d := rec.Find("aws:apigateway/domainName:DomainName", "models-dr"); d.Region != "us-west-2" {
		t.Errorf("the DR front door is in %s", d.Region)
	}
	if hc := rec.Find("aws:route53/healthCheck:HealthCheck", "models-primary"); hc.Num("requestInterval") != 10 || hc.Num("failureThreshold") != 3 {
		t.Errorf("health check: %v", hc.Inputs)
	}
	if len(rec.OfType("aws:cloudfront/distribution:Distribution")) != 0 {
		t.Error("a distribution without cdnAlias")
	}

	rec, err = mocktest.Run(program, mocktest.Config("aws:region", "eu-west-1"), mocktest.Config("modelfort:drRegion", "eu-central-1"),
		mocktest.Config("modelfort:primaryCertificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"),
		mocktest.Config("modelfort:cdnAlias", "models.example.com"),
		mocktest.Config("modelfort:cdnCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"),
		mocktest.Config("modelfort:shieldAdvanced", "true"))
	if err != nil {
		t.Fatal(err)
	}
	d, acl := rec.Find("aws:cloudfront/distribution:Distribution", "models"), rec.Find("aws:wafv2/webAcl:WebAcl", "models-cdn")
	if d == nil || acl == nil || acl.Region != "us-east-1" || acl.Str("scope") != "CLOUDFRONT" || d.Str("webAclId") != acl.Out("arn") {
		t.Fatalf("distribution %v with web ACL %v", d, acl)
	}
	if p := rec.Find("aws:shield/protection:Protection", "models-cdn-distribution"); p == nil || p.Str("resourceArn") != d.Out("arn") {
		t.Errorf("Shield Advanced protection: %v", p)
	}
}
