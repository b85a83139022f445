// Package securitygroups provides Groups, one security group per
// tier of an application (for example "endpoint", "database",
// "vpc-endpoints"), declared together as a set, with rules written between
// the tiers.
//
// A rule's peer is another tier of the set (a security-group reference), a
// named prefix list (for example the S3 prefix list of a gateway endpoint)
// or, only where a tier allows it explicitly, a CIDR block. Ingress from
// 0.0.0.0/0 or ::/0, or from any address outside private address space, is
// never accepted. Egress goes to tiers and prefix lists only, unless a tier
// allows CIDR rules.
//
// Every group and every rule has a description. Rules are separate
// resources of package vpc (SecurityGroupIngressRule and
// SecurityGroupEgressRule), never inline blocks, so that no two resources
// fight over the ownership of a rule. A group created this way has no
// rules but its own: the provider removes the allow-all egress rule that
// AWS adds to a new group.
package securitygroups

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type is the component's type token.
const Type = "modelfort:aws:SecurityGroups"

// Protocols of a rule.
const (
	TCP  = "tcp"
	UDP  = "udp"
	ICMP = "icmp"
	// All is every protocol and port ("-1").
	All = "-1"
)

// Args configures Groups. VpcId and at least one tier are
// required; everything else is optional.
type Args struct {
	// VpcId is the VPC the groups belong to. Required.
	VpcId pulumi.StringInput
	// Tiers are the tiers by name: lower-case letters, digits and '-',
	// starting with a letter, at most 32 characters. At least one.
	Tiers map[string]Tier
	// Flows are tier-to-tier connections: each is an ingress rule on the
	// server tier from the client tier and an egress rule on the client
	// tier to the server tier.
	Flows []Flow
	// PrefixLists are managed prefix list IDs ("pl-...") by the name that
	// rules use (Rule.PrefixList), for example "s3".
	PrefixLists map[string]pulumi.StringInput
	// Tags are added to the groups and rules.
	Tags map[string]string

	rules []rule // filled in by validate
}

// Tier is one security group and its own rules.
type Tier struct {
	// Description of the group. Required: up to 255 letters, digits,
	// spaces and ._-:/()#,@[]+=&;{}!$*.
	Description string
	// Ingress are the rules that admit traffic into the tier.
	Ingress []Rule
	// Egress are the rules that let traffic out of the tier. Without any,
	// the tier sends nothing.
	Egress []Rule
	// AllowCidrRules lets this tier's rules name a CIDR block (explicit
	// loosening): ingress from private address space only (10.0.0.0/8,
	// 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7), egress to
	// any block.
	AllowCidrRules bool
}

// Rule is one ingress or egress rule. Exactly one of Tier, PrefixList and
// CidrBlock names the peer: the source of ingress, the destination of
// egress.
type Rule struct {
	// Description of the rule. Required: up to 255 letters, digits, spaces
	// and ._-:/()#,@[]+=;{}!$*.
	Description string
	// Protocol is "tcp" (the default), "udp", "icmp" or "-1" (all, also
	// written "all").
	Protocol string
	// FromPort and ToPort are the port range, 1 to 65535 (ToPort 0 means
	// FromPort alone); for icmp the ICMP type and code (-1 for any); for
	// "-1" both 0.
	FromPort, ToPort int
	// Tier is a tier of the set (it may be the rule's own tier).
	Tier string
	// PrefixList is a name in Args.PrefixLists.
	PrefixList string
	// CidrBlock is an IPv4 or IPv6 block; only where the tier sets
	// AllowCidrRules.
	CidrBlock string
}

// Flow lets a client tier reach a server tier.
type Flow struct {
	// Client and Server are tiers of the set.
	Client, Server string
	// Protocol, FromPort and ToPort are as in Rule.
	Protocol         string
	FromPort, ToPort int
	// Description of both rules. Required.
	Description string
}

// Groups is one security group per tier, and the rules between
// them.
type Groups struct {
	pulumi.ResourceState

	// Ids are the security group IDs by tier name.
	Ids pulumi.StringMapOutput `pulumi:"ids"`

	// Groups are the security groups by tier name.
	Groups map[string]*ec2.SecurityGroup
	// Tiers are the tier names, sorted.
	Tiers []string
}

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
	tierName        = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)
	groupDesc       = regexp.MustCompile(`^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]{1,255}$`)
	ruleDesc        = regexp.MustCompile(`^[a-zA-Z0-9 ._\-:/()#,@\[\]+=;{}!$*]{1,255}$`)
	privateNetworks = []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
		netip.MustParsePrefix("100.64.0.0/10"),
		netip.MustParsePrefix("fc00::/7"),
	}
)

// validate checks args and fills in a.rules, the rules they ask for,
// normalized and in a stable order; its errors name the field.
func (a *Args) validate(name string) error {
	if a.VpcId == nil {
		return fmt.Errorf("securitygroups %s: VpcId is nil; give the ID of the VPC the groups belong to", name)
	}
	if len(a.Tiers) == 0 {
		return fmt.Errorf("securitygroups %s: Tiers is empty; declare at least one tier", name)
	}
	tiers := sortedKeys(a.Tiers)
	for _, t := range tiers {
		if !tierName.MatchString(t) {
			return fmt.Errorf("securitygroups %s: Tiers has %q; tier names are 1 to 32 lower-case letters, digits and '-', starting with a letter", name, t)
		}
		if d := a.Tiers[t].Description; !groupDesc.MatchString(d) {
			return fmt.Errorf("securitygroups %s: Tiers[%q].Description is %q; give 1 to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*", name, t, d)
		}
	}
	for _, pl := range sortedKeys(a.PrefixLists) {
		if a.PrefixLists[pl] == nil {
			return fmt.Errorf("securitygroups %s: PrefixLists[%q] is nil", name, pl)
		}
	}
	var out []rule
	seen := map[string]string{}
	add := func(field string, r rule) error {
		nr, err := a.check(field, r)
		if err != nil {
			return fmt.Errorf("securitygroups %s: %w", name, err)
		}
		if first, dup := seen[nr.key]; dup {
			return fmt.Errorf("securitygroups %s: %s repeats %s (rule %s); remove one", name, field, first, nr.key)
		}
		seen[nr.key] = field
		out = append(out, nr)
		return nil
	}
	for _, t := range tiers {
		for i, r := range a.Tiers[t].Ingress {
			if err := add(fmt.Sprintf("Tiers[%q].Ingress[%d]", t, i), rule{tier: t, direction: ingress, Rule: r}); err != nil {
				return err
			}
		}
		for i, r := range a.Tiers[t].Egress {
			if err := add(fmt.Sprintf("Tiers[%q].Egress[%d]", t, i), rule{tier: t, direction: egress, Rule: r}); err != nil {
				return err
			}
		}
	}
	for i, f := range a.Flows {
		field := fmt.Sprintf("Flows[%d]", i)
		for _, end := range []struct{ label, tier string }{{"Client", f.Client}, {"Server", f.Server}} {
			if _, ok := a.Tiers[end.tier]; !ok {
				return fmt.Errorf("securitygroups %s: %s.%s is %q; allowed values are the declared tiers: %s", name, field, end.label, end.tier, strings.Join(tiers, ", "))
			}
		}
		r := Rule{Description: f.Description, Protocol: f.Protocol, FromPort: f.FromPort, ToPort: f.ToPort}
		fromClient, toServer := r, r
		fromClient.Tier, toServer.Tier = f.Client, f.Server
		if err := add(field, rule{tier: f.Server, direction: ingress, Rule: fromClient}); err != nil {
			return err
		}
		if err := add(field, rule{tier: f.Client, direction: egress, Rule: toServer}); err != nil {
			return err
		}
	}
	a.rules = out
	return nil
}

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
			return r, fmt.Errorf("%s.Tier is %q; allowed values are the declared tiers: %s", field, r.Tier, strings.Join(sortedKeys(a.Tiers), ", "))
		}
		peer = "tier-" + r.Tier
	case r.PrefixList != "":
		if _, ok := a.PrefixLists[r.PrefixList]; !ok {
			allowed := "none (PrefixLists is empty)"
			if len(a.PrefixLists) > 0 {
				allowed = strings.Join(sortedKeys(a.PrefixLists), ", ")
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

// Validate checks args as NewGroups does, without registering
// anything, for components that create Groups after resources of
// their own.
func Validate(name string, args *Args) error {
	a := Args{}
	if args != nil {
		a = *args
	}
	return a.validate(name)
}

// NewGroups creates a security group per tier and the rules
// between them. Args are checked before anything is registered. Resource
// options (provider, protect, aliases, ...) apply to the component and
// through it to every group and rule.
func NewGroups(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Groups, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	s := &Groups{Groups: map[string]*ec2.SecurityGroup{}, Tiers: sortedKeys(a.Tiers)}
	if err := ctx.RegisterComponentResource(Type, name, s, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(s)
	vpcID := a.VpcId.ToStringOutput()
	ids := pulumi.StringMap{}
	for _, t := range s.Tiers {
		sg, err := ec2.NewSecurityGroup(ctx, name+"-"+t, &ec2.SecurityGroupArgs{
			VpcId:       vpcID,
			Description: pulumi.String(a.Tiers[t].Description),
			Tags:        tagsOf(a.Tags, name+"-"+t, t),
		}, in)
		if err != nil {
			return nil, err
		}
		s.Groups[t] = sg
		ids[t] = sg.ID().ToStringOutput()
	}
	for _, r := range a.rules {
		var err error
		var referenced, prefix, cidr4, cidr6 pulumi.StringPtrInput
		var fromPort, toPort pulumi.IntPtrInput
		group := s.Groups[r.tier].ID().ToStringOutput()
		protocol, description := pulumi.String(r.Protocol), pulumi.String(r.Description)
		ruleName, ruleTags := name+"-"+r.key, tagsOf(a.Tags, name+"-"+r.key, r.tier)
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
		if err != nil {
			return nil, err
		}
	}
	s.Ids = ids.ToStringMapOutput()
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"ids": s.Ids})
}

// tagsOf adds a Name tag and the tier's tag to the caller's tags.
func tagsOf(tags map[string]string, nameTag, tier string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for k, v := range tags {
		out[k] = pulumi.String(v)
	}
	out["Name"] = pulumi.String(nameTag)
	out["modelfort:tier"] = pulumi.String(tier)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
