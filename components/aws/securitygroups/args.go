package securitygroups

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/verify"
)

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
	// tier to the server tier. Default: none.
	Flows []Flow
	// PrefixLists are managed prefix list IDs ("pl-...") by the name that
	// rules use (Rule.PrefixList), for example "s3". Default: none.
	PrefixLists map[string]pulumi.StringInput
	// Tags are added to the groups and rules, with a Name tag and a
	// modelfort:tier tag of the component's own. Default: none.
	Tags map[string]string

	rules []rule // filled in by Validate
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

// groupDesc is what a security group's description may hold.
var groupDesc = regexp.MustCompile(`^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]{1,255}$`)

// Validate checks the arguments and fills in the rules they ask for,
// normalized and in a stable order; its errors name the field and the
// allowed values.
func (a *Args) Validate(name string) error {
	if a.VpcId == nil {
		return errors.New("VpcId is nil; give the ID of the VPC the groups belong to")
	}
	if len(a.Tiers) == 0 {
		return errors.New("Tiers is empty; declare at least one tier")
	}
	tiers := slices.Sorted(maps.Keys(a.Tiers))
	for _, t := range tiers {
		if !verify.IsTierName(t) {
			return fmt.Errorf("Tiers has %q; tier names are 1 to 32 lower-case letters, digits and '-', starting with a letter", t)
		}
		if d := a.Tiers[t].Description; !groupDesc.MatchString(d) {
			return fmt.Errorf("Tiers[%q].Description is %q; give 1 to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*", t, d)
		}
	}
	for _, pl := range slices.Sorted(maps.Keys(a.PrefixLists)) {
		if a.PrefixLists[pl] == nil {
			return fmt.Errorf("PrefixLists[%q] is nil", pl)
		}
	}
	var out []rule
	seen := map[string]string{}
	add := func(field string, r rule) error {
		nr, err := a.check(field, r)
		if err != nil {
			return err
		}
		if first, dup := seen[nr.key]; dup {
			return fmt.Errorf("%s repeats %s (rule %s); remove one", field, first, nr.key)
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
				return fmt.Errorf("%s.%s is %q; allowed values are the declared tiers: %s", field, end.label, end.tier, strings.Join(tiers, ", "))
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

// Validate checks args as NewGroups does, without registering
// anything, for components that create Groups after resources of
// their own. Its errors carry the prefix "securitygroups NAME: ".
func Validate(name string, args *Args) error {
	_, err := component.Prepare(pkg, name, args)
	return err
}
