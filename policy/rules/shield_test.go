package rules

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const (
	shieldDist   = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
	shieldZone   = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"
	shieldALBArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/models/50dc6c495c0c9188"
	shieldNLBArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/models/50dc6c495c0c9188"
	shieldEIPArn = "arn:aws:ec2:us-east-1:123456789012:eip-allocation/eipalloc-0123456789abcdef0"
)

// The Shield rules join TestEveryRuleHasAPassingAndAViolatingCase once
// registered (registry.go); TestShieldRulesCases runs them until then.
func init() {
	cases["shield-association-supported-type"] = struct{ pass, fail *Stack }{
		one("dev",
			protection("cdn", "p-1", shieldDist), healthCheckAssoc("cdn", "p-1"), autoResponse("cdn", shieldDist, "BLOCK"),
			protection("zone", "p-2", shieldZone)),
		one("dev", protection("zone", "p-2", shieldZone), healthCheckAssoc("zone", "p-2")),
	}
	cases["shield-l7-mitigation"] = struct{ pass, fail *Stack }{
		one("dev", protection("cdn", "p-1", shieldDist), healthCheckAssoc("cdn", "p-1"), autoResponse("cdn", shieldDist, "COUNT")),
		one("dev", protection("cdn", "p-1", shieldDist), healthCheckAssoc("cdn", "p-1")),
	}
}

func protection(name, id, arn string) *Resource {
	return res(shieldProtectionType, name, map[string]any{"id": id, "name": name, "resourceArn": arn})
}

func healthCheckAssoc(name, protectionID string) *Resource {
	return res(shieldHealthCheckType, name, map[string]any{"shieldProtectionId": protectionID, "healthCheckArn": "arn:aws:route53:::healthcheck/" + name})
}

func autoResponse(name, arn, action string) *Resource {
	return res(shieldAutoResponseType, name, map[string]any{"resourceArn": arn, "action": action})
}

func shieldRule(t *testing.T, id string) Rule {
	t.Helper()
	for _, r := range shieldRules {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return Rule{}
}

func TestShieldSupportedTypes(t *testing.T) {
	rule := shieldRule(t, "shield-association-supported-type")
	for _, arn := range []string{shieldDist, shieldZone, shieldALBArn, shieldEIPArn,
		"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/classic",
		"arn:aws:globalaccelerator::123456789012:accelerator/1234abcd-abcd-1234-abcd-1234abcdef01"} {
		if vs := Evaluate(one("dev", protection("p", "p-1", arn)), []Rule{rule}); len(vs) != 0 {
			t.Errorf("%s: %s", arn, Table(vs))
		}
	}
	// A Network Load Balancer is protected through its Elastic IPs, an
	// API Gateway stage through CloudFront.
	for _, arn := range []string{shieldNLBArn, "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/v1"} {
		vs := Evaluate(one("dev", protection("p", "p-1", arn)), []Rule{rule})
		if len(vs) != 1 || !strings.Contains(vs[0].Message, "is not of a type Shield Advanced protects") {
			t.Errorf("%s: %v", arn, vs)
		}
	}
	// Automatic responses: CloudFront and ALB only.
	for arn, want := range map[string]int{shieldDist: 0, shieldALBArn: 0, shieldEIPArn: 1, shieldZone: 1, shieldNLBArn: 1} {
		if vs := Evaluate(one("dev", autoResponse("r", arn, "BLOCK")), []Rule{rule}); len(vs) != want {
			t.Errorf("automatic response on %s: %v", arn, vs)
		}
	}
	// A health check association found by the protection it came from.
	zone := protection("zone", "", shieldZone)
	zone.Props["id"] = unknown
	assoc := res(shieldHealthCheckType, "zone", map[string]any{"healthCheckArn": "arn:aws:route53:::healthcheck/h"}).from("shieldProtectionId", zone)
	assoc.Props["shieldProtectionId"] = unknown
	if vs := Evaluate(one("dev", zone, assoc), []Rule{rule}); len(vs) != 1 || vs[0].URN != assoc.URN || !strings.Contains(vs[0].Message, "hosted zone") {
		t.Errorf("association by dependency: %v", vs)
	}
}

func TestShieldL7Mitigation(t *testing.T) {
	rule := shieldRule(t, "shield-l7-mitigation")
	dist := res(distributionType, "cdn", map[string]any{"arn": shieldDist, "webAclId": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1"})
	antiDDoS := func(rules ...any) *Resource {
		return res(webACLType, "cdn", map[string]any{"arn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1", "rules": rules})
	}
	managed := func(name string) any {
		return map[string]any{"name": name, "statement": map[string]any{"managedRuleGroupStatement": map[string]any{"name": name, "vendorName": "AWS"}}}
	}
	p := func() *Resource { return protection("cdn", "p-1", shieldDist) }
	for name, c := range map[string]struct {
		s    *Stack
		want int
	}{
		"automatic response":                {one("dev", p(), autoResponse("cdn", shieldDist, "BLOCK")), 0},
		"anti-DDoS rule group":              {one("dev", p(), dist, antiDDoS(managed("AWSManagedRulesCommonRuleSet"), managed(antiDDoSRuleGroup))), 0},
		"other rule groups only":            {one("dev", p(), dist, antiDDoS(managed("AWSManagedRulesCommonRuleSet"))), 1},
		"response for another distribution": {one("dev", p(), autoResponse("other", strings.Replace(shieldDist, "E2QW", "E9XX", 1), "BLOCK")), 1},
		"an Elastic IP":                     {one("dev", protection("eip", "p-2", shieldEIPArn)), 0},
		"a load balancer":                   {one("dev", protection("alb", "p-3", shieldALBArn)), 0},
	} {
		if vs := Evaluate(c.s, []Rule{rule}); len(vs) != c.want {
			t.Errorf("%s: %d violations, want %d:\n%s", name, len(vs), c.want, Table(vs))
		}
	}
	// During a preview: the distribution's ARN is unknown, the protection
	// and the response both take it from the distribution.
	d := res(distributionType, "cdn", map[string]any{})
	d.Props["arn"] = unknown
	prot := protection("cdn", "p-1", "").from("resourceArn", d)
	prot.Props["resourceArn"] = unknown
	resp := autoResponse("cdn", "", "BLOCK").from("resourceArn", d)
	resp.Props["resourceArn"] = unknown
	if vs := Evaluate(one("dev", d, prot, resp), []Rule{rule}); len(vs) != 0 {
		t.Errorf("by dependency: %s", Table(vs))
	}
	if vs := Evaluate(one("dev", d, prot), []Rule{rule}); len(vs) != 1 {
		t.Errorf("a distribution known by dependency without mitigation: %v", vs)
	}
}

// TestShieldRulesSkipUnknownValues: nothing known, nothing said.
func TestShieldRulesSkipUnknownValues(t *testing.T) {
	s := one("prod",
		&Resource{URN: "urn:p", Type: shieldProtectionType, Props: resource.PropertyMap{"id": unknown, "resourceArn": unknown}},
		&Resource{URN: "urn:a", Type: shieldHealthCheckType, Props: resource.PropertyMap{"shieldProtectionId": unknown}},
		&Resource{URN: "urn:r", Type: shieldAutoResponseType, Props: resource.PropertyMap{"resourceArn": unknown, "action": unknown}},
	)
	if vs := Evaluate(s, shieldRules); len(vs) != 0 {
		t.Errorf("unknown values reported:\n%s", Table(vs))
	}
}
