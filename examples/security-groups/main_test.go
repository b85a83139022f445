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
	sg := map[string]*mocktest.Resource{}
	for _, tier := range []string{"gateway", "model", "cache"} {
		if sg[tier] = rec.Find("aws:ec2/securityGroup:SecurityGroup", "inference-"+tier); sg[tier] == nil {
			t.Fatalf("no %s tier:\n%s", tier, rec)
		}
	}
	// Who admits whom: the gateway the corporate network, the model the
	// gateway, the cache the model.
	admits := map[string]string{}
	for _, r := range rec.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		for tier, g := range sg {
			if r.Str("securityGroupId") == g.ID {
				admits[tier] += r.Str("referencedSecurityGroupId") + r.Str("cidrIpv4")
			}
		}
	}
	if admits["gateway"] != "10.0.0.0/8" || admits["model"] != sg["gateway"].ID || admits["cache"] != sg["model"].ID {
		t.Errorf("ingress: %v", admits)
	}
	s3 := rec.Find("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "inference-model-out-prefix-s3-tcp443")
	if s3 == nil || !strings.HasPrefix(s3.Str("prefixListId"), "pl-") {
		t.Errorf("the model tier must reach S3 by its prefix list: %v", s3)
	}
}
