package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// Resource types the Shield rules look at.
const (
	shieldAutoResponseType = "aws:shield/applicationLayerAutomaticResponse:ApplicationLayerAutomaticResponse"
	distributionType       = "aws:cloudfront/distribution:Distribution"
	// antiDDoSRuleGroup is AWS WAF's Anti-DDoS managed rule group, which
	// supersedes Shield's automatic mitigation for new subscribers from
	// March 26, 2026 (shieldAutoMitigationDocs).
	antiDDoSRuleGroup = "AWSManagedRulesAntiDDoSRuleSet"

	shieldCreateProtectionDocs = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_CreateProtection.html"
	shieldHealthChecksDocs     = "https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-health-checks.html"
	shieldAutoResponseDocs     = "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_EnableApplicationLayerAutomaticResponse.html"
	shieldAutoMitigationDocs   = "https://docs.aws.amazon.com/waf/latest/developerguide/ddos-automatic-app-layer-response.html"
	antiDDoSRuleGroupDocs      = "https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-anti-ddos.html"
)

// The resource ARNs Shield Advanced protects (CreateProtection's
// ResourceArn), and those of automatic mitigation.
var (
	cloudFrontArn  = regexp.MustCompile(`^arn:aws[a-z-]*:cloudfront::[0-9]{12}:distribution/[A-Za-z0-9]+$`)
	hostedZoneArn  = regexp.MustCompile(`^arn:aws[a-z-]*:route53:::hostedzone/[A-Za-z0-9]+$`)
	appLBArn       = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/app/[^/]+/[0-9a-f]+$`)
	classicLBArn   = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/[^/]+$`)
	eipArn         = regexp.MustCompile(`^arn:aws[a-z-]*:ec2:[a-z0-9-]+:[0-9]{12}:eip-allocation/eipalloc-[0-9a-f]+$`)
	acceleratorArn = regexp.MustCompile(`^arn:aws[a-z-]*:globalaccelerator::[0-9]{12}:accelerator/[0-9a-f-]+$`)

	shieldProtectable = []*regexp.Regexp{cloudFrontArn, hostedZoneArn, appLBArn, classicLBArn, eipArn, acceleratorArn}
	shieldMitigable   = []*regexp.Regexp{cloudFrontArn, appLBArn}
)

// shieldRules check that Shield Advanced's associations are of the
// resource types Shield supports, and that CloudFront protections have an
// application layer mitigation.
var shieldRules = []Rule{
	{
		ID:          "shield-association-supported-type",
		Description: "Shield protections are of resource types Shield Advanced protects (CloudFront distributions, Route 53 hosted zones, Application and Classic Load Balancers, Elastic IP allocations, Global Accelerator accelerators); health check associations are not on hosted zones' protections; automatic responses are on CloudFront distributions and Application Load Balancers only.",
		Anchors:     []string{shieldCreateProtectionDocs, shieldHealthChecksDocs, shieldAutoResponseDocs},
		Level:       Mandatory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, p := range s.OfType(shieldProtectionType) {
				arn, known := p.Str("resourceArn")
				if !known || arn == "" {
					continue
				}
				if !matchesAny(shieldProtectable, arn) {
					out = append(out, Violation{URN: p.URN, Message: fmt.Sprintf("the protection's resource %s is not of a type Shield Advanced protects", arn)})
				}
				if hostedZoneArn.MatchString(arn) {
					for _, a := range s.Referring(p, shieldHealthCheckType, "shieldProtectionId") {
						out = append(out, Violation{URN: a.URN, Message: fmt.Sprintf("the health check association is on the protection of hosted zone %s; Shield's health-based detection does not support hosted zones", arn)})
					}
				}
			}
			for _, r := range s.OfType(shieldAutoResponseType) {
				if arn, known := r.Str("resourceArn"); known && arn != "" && !matchesAny(shieldMitigable, arn) {
					out = append(out, Violation{URN: r.URN, Message: fmt.Sprintf("the automatic response is for %s; Shield's application layer automatic mitigation is for CloudFront distributions and Application Load Balancers only", arn)})
				}
			}
			return out
		},
	},
	{
		ID:          "shield-l7-mitigation",
		Description: "Shield protections of CloudFront distributions have an application layer DDoS mitigation: Shield's automatic response, or AWS WAF's Anti-DDoS managed rule group in the distribution's web ACL.",
		Anchors:     []string{shieldAutoMitigationDocs, antiDDoSRuleGroupDocs},
		Level:       Advisory,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, p := range s.OfType(shieldProtectionType) {
				dist := protectedDistribution(s, p)
				arn, known := p.Str("resourceArn")
				if dist == nil && !(known && cloudFrontArn.MatchString(arn)) {
					continue // not a distribution, or not known yet
				}
				if len(sameResource(s, p, shieldAutoResponseType)) > 0 || (dist != nil && antiDDoSInWebACL(s, dist)) {
					continue
				}
				out = append(out, Violation{URN: p.URN, Message: "the protection of a CloudFront distribution has no application layer mitigation: no automatic response (shieldprotection Resource.AutomaticMitigation) and no " + antiDDoSRuleGroup + " in the distribution's web ACL"})
			}
			return out
		},
	},
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// sameResource returns the resources of type typ whose resourceArn is the
// protection's: the same known value, or a value from the same resource.
func sameResource(s *Stack, p *Resource, typ string) []*Resource {
	arn, known := p.Str("resourceArn")
	var out []*Resource
	for _, r := range s.OfType(typ) {
		other, otherKnown := r.Str("resourceArn")
		switch {
		case known && otherKnown && arn != "" && arn == other:
			out = append(out, r)
		case shareAny(p.PropertyDependencies["resourceArn"], r.PropertyDependencies["resourceArn"]):
			out = append(out, r)
		}
	}
	return out
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		if contains(b, x) {
			return true
		}
	}
	return false
}

// protectedDistribution returns the stack's CloudFront distribution that
// a protection protects, if the stack holds it.
func protectedDistribution(s *Stack, p *Resource) *Resource {
	arn, known := p.Str("resourceArn")
	for _, d := range s.OfType(distributionType) {
		if contains(p.PropertyDependencies["resourceArn"], d.URN) {
			return d
		}
		if darn, dknown := d.Str("arn"); known && dknown && arn != "" && arn == darn {
			return d
		}
	}
	return nil
}

// antiDDoSInWebACL reports whether a distribution's web ACL, found in the
// stack, uses the Anti-DDoS managed rule group.
func antiDDoSInWebACL(s *Stack, d *Resource) bool {
	id, known := d.Str("webAclId")
	for _, acl := range s.OfType(webACLType) {
		aclArn, aclKnown := acl.Str("arn")
		if !contains(d.PropertyDependencies["webAclId"], acl.URN) && !(known && aclKnown && id != "" && id == aclArn) {
			continue
		}
		if doc, ok := acl.Str("ruleJson"); ok && strings.Contains(doc, `"`+antiDDoSRuleGroup+`"`) {
			return true
		}
		n, _ := acl.Len("rules")
		for i := 0; i < n; i++ {
			if name, _ := acl.Str(fmt.Sprintf("rules[%d].statement.managedRuleGroupStatement.name", i)); name == antiDDoSRuleGroup {
				return true
			}
		}
	}
	return false
}
