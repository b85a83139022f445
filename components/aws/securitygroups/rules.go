package securitygroups

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/tags"
)

// Direction of a planned rule.
const (
	ingress = "in"
	egress  = "out"
)

// rule is a validated rule of one tier, normalized.
type rule struct {
	tier, direction string
	Rule
	key string // also the suffix of the rule's logical name
}

var (
	ruleDesc        = regexp.MustCompile(`^[a-zA-Z0-9 ._\-:/()#,@\[\]+=;{}!$*]{1,255}$`)
	privateNetworks = []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
		netip.MustParsePrefix("100.64.0.0/10"),
		netip.MustParsePrefix("fc00::/7"),
	}
)

// check validates one rule and normalizes its protocol and ports.
func (a *Args) check(field string, r rule) (rule, error) {
	if !ruleDesc.MatchString(r.Description) {
		return r, fmt.Errorf("%s.Description is %q; every rule needs one: 1 to 255 letters, digits, spaces and ._-:/()#,@[]+=;{}!$*", field, r.Description)
	}
	switch r.Protocol {
	case "", TCP:
		r.Protocol = TCP
	case "all":
		r.Protocol = All
	case UDP, ICMP, All:
	default:
		return r, fmt.Errorf("%s.Protocol is %q; allowed values are tcp, udp, icmp, -1 (all)", field, r.Protocol)
	}
	switch r.Protocol {
	case TCP, UDP:
		if r.ToPort == 0 {
			r.ToPort = r.FromPort
		}
		if r.FromPort < 1 || r.FromPort > 65535 || r.ToPort < r.FromPort || r.ToPort > 65535 {
			return r, fmt.Errorf("%s has ports %d to %d; allowed values are 1 to 65535, FromPort <= ToPort (ToPort 0 means FromPort)", field, r.FromPort, r.ToPort)
		}
	case ICMP:
		if r.FromPort < -1 || r.FromPort > 255 || r.ToPort < -1 || r.ToPort > 255 {
			return r, fmt.Errorf("%s has ICMP type %d and code %d; allowed values are -1 (any) to 255", field, r.FromPort, r.ToPort)
		}
	case All:
		if r.FromPort != 0 || r.ToPort != 0 {
			return r, fmt.Errorf("%s has protocol -1 (all) and ports %d to %d; all protocols means all ports: leave FromPort and ToPort 0", field, r.FromPort, r.ToPort)
		}
	}
	peers := 0
	for _, p := range []string{r.Tier, r.PrefixList, r.CidrBlock} {
		if p != "" {
			peers++
		}
	}
	if peers != 1 {
		return r, fmt.Errorf("%s names %d peers; give exactly one of Tier, PrefixList and CidrBlock", field, peers)
	}
	var peer string
	switch {
	case r.Tier != "":
		if _, ok := a.Tiers[r.Tier]; !ok {
			return r, fmt.Errorf("%s.Tier is %q; allowed values are the declared tiers: %s", field, r.Tier, strings.Join(slices.Sorted(maps.Keys(a.Tiers)), ", "))
		}
		peer = "tier-" + r.Tier
	case r.PrefixList != "":
		if _, ok := a.PrefixLists[r.PrefixList]; !ok {
			allowed := "none (PrefixLists is empty)"
			if len(a.PrefixLists) > 0 {
				allowed = strings.Join(slices.Sorted(maps.Keys(a.PrefixLists)), ", ")
			}
			return r, fmt.Errorf("%s.PrefixList is %q; allowed values are the declared prefix lists: %s", field, r.PrefixList, allowed)
		}
		peer = "prefix-" + r.PrefixList
	default:
		p, err := netip.ParsePrefix(r.CidrBlock)
		if err != nil || p != p.Masked() {
			return r, fmt.Errorf("%s.CidrBlock %q is not a CIDR block (an address with no bits set past the prefix, such as 10.20.0.0/16)", field, r.CidrBlock)
		}
		if r.direction == ingress && p.Bits() == 0 {
			return r, fmt.Errorf("%s.CidrBlock is %s; ingress from anywhere is never allowed: admit a tier, a prefix list or a private CIDR block", field, r.CidrBlock)
		}
		if r.direction == ingress && !private(p) {
			return r, fmt.Errorf("%s.CidrBlock is %s; ingress CIDR blocks must be private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7): public traffic arrives through a tier such as a load balancer", field, r.CidrBlock)
		}
		if !a.Tiers[r.tier].AllowCidrRules {
			return r, fmt.Errorf("%s.CidrBlock is %s; rules of tier %q go to tiers and prefix lists only: set Tiers[%q].AllowCidrRules to allow CIDR blocks", field, r.CidrBlock, r.tier, r.tier)
		}
		peer = "cidr-" + strings.NewReplacer("/", "-", ":", ".").Replace(r.CidrBlock)
	}
	ports := r.Protocol
	switch r.Protocol {
	case All:
		ports = "all"
	case ICMP:
		ports += fmt.Sprintf("%d.%d", r.FromPort, r.ToPort)
	default:
		ports += fmt.Sprint(r.FromPort)
		if r.ToPort != r.FromPort {
			ports += fmt.Sprintf("-%d", r.ToPort)
		}
	}
	r.key = fmt.Sprintf("%s-%s-%s-%s", r.tier, r.direction, peer, ports)
	return r, nil
}

func private(p netip.Prefix) bool {
	for _, n := range privateNetworks {
		if n.Bits() <= p.Bits() && n.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// newRule creates the resource of rule r: a SecurityGroupIngressRule or a
// SecurityGroupEgressRule on its tier's group.
func (a *Args) newRule(ctx *pulumi.Context, name string, s *Groups, r rule, in pulumi.ResourceOrInvokeOption) error {
	var err error
	var referenced, prefix, cidr4, cidr6 pulumi.StringPtrInput
	var fromPort, toPort pulumi.IntPtrInput
	group := s.Groups[r.tier].ID().ToStringOutput()
	protocol, description := pulumi.String(r.Protocol), pulumi.String(r.Description)
	ruleName, ruleTags := name+"-"+r.key, tags.Named(a.Tags, name+"-"+r.key, tierTag, r.tier)
	switch {
	case r.Tier != "":
		referenced = s.Groups[r.Tier].ID().ToStringOutput()
	case r.PrefixList != "":
		prefix = a.PrefixLists[r.PrefixList].ToStringOutput()
	case netip.MustParsePrefix(r.CidrBlock).Addr().Is4():
		cidr4 = pulumi.String(r.CidrBlock)
	default:
		cidr6 = pulumi.String(r.CidrBlock)
	}
	if r.Protocol != All {
		fromPort, toPort = pulumi.Int(r.FromPort), pulumi.Int(r.ToPort)
	}
	if r.direction == ingress {
		_, err = vpc.NewSecurityGroupIngressRule(ctx, ruleName, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: group, IpProtocol: protocol, FromPort: fromPort, ToPort: toPort,
			ReferencedSecurityGroupId: referenced, PrefixListId: prefix, CidrIpv4: cidr4, CidrIpv6: cidr6,
			Description: description, Tags: ruleTags,
		}, in)
	} else {
		_, err = vpc.NewSecurityGroupEgressRule(ctx, ruleName, &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: group, IpProtocol: protocol, FromPort: fromPort, ToPort: toPort,
			ReferencedSecurityGroupId: referenced, PrefixListId: prefix, CidrIpv4: cidr4, CidrIpv6: cidr6,
			Description: description, Tags: ruleTags,
		}, in)
	}
	return err
}
