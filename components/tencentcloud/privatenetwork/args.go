package privatenetwork

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/verify"
)

// Defaults and limits.
const (
	DefaultCidrBlock = "10.0.0.0/16"
	DefaultZoneCount = 2
	MinZoneCount     = 2
	// SubnetBits is how many bits longer than the VPC's each subnet's
	// prefix is: a /16 VPC gets /20 subnets.
	SubnetBits = 4
	// MaxVpcPrefix is the longest VPC prefix that still leaves room for
	// subnets (Tencent Cloud subnets are /28 at most).
	MaxVpcPrefix = 28 - SubnetBits
)

// Protocols of a rule.
const (
	TCP  = "TCP"
	UDP  = "UDP"
	ICMP = "ICMP"
	// All is every protocol and port.
	All = "ALL"
)

// Protocols are the allowed values of a rule's Protocol.
var Protocols = []string{TCP, UDP, ICMP, All}

// Args configures a Network. The zero value is a valid, secure network
// with the serving tiers.
type Args struct {
	// CidrBlock is the VPC's address block, inside 10.0.0.0/8,
	// 172.16.0.0/12 or 192.168.0.0/16, written with its network address,
	// at most /24. Default: 10.0.0.0/16.
	CidrBlock string
	// Zones are the availability zones of the subnets, at least 2,
	// distinct, all in the provider's region. Default: the region's first
	// ZoneCount zones.
	Zones []string
	// ZoneCount is how many zones to use when Zones is empty: 2 to 16 and
	// at most the region's zones; with Zones, their number. Default: 2.
	ZoneCount int
	// PodCidr is the serving cluster's pod and service block, which the
	// default tiers open between nodes: a private block outside CidrBlock.
	// Used only without Tiers. Default: 172.16.0.0/16.
	PodCidr string
	// RemoteClientCidrs are the blocks of other networks (another
	// region's VPC, joined by a CCN) whose clients may call this network's
	// load balancer on TCP 443: the default tiers add an ingress rule on
	// the clb tier and an egress rule on the clients tier for each, since
	// security groups cannot name another region's groups. Used only
	// without Tiers; private blocks outside CidrBlock. Default: none.
	RemoteClientCidrs []string
	// Tiers are the security groups by tier name (lower-case letters,
	// digits and '-', starting with a letter, at most 32 characters): at
	// least one. Default: ServingTiers, with ServingFlows.
	Tiers map[string]Tier
	// Flows let one tier reach another. Used with Tiers; without Tiers,
	// ServingFlows. Default: none.
	Flows []Flow
	// Tags are added to the VPC, subnets and groups. Default: none.
	Tags map[string]string
}

// Tier is one security group.
type Tier struct {
	// Description of the group: 1 to 100 characters. Required.
	Description string
	// Egress lets the tier send to address blocks outside the network's
	// tiers, such as Tencent Cloud's service addresses. Never 0.0.0.0/0
	// or ::/0.
	Egress []CidrRule
	// Ingress lets address blocks that are not tiers reach the tier, such
	// as a cluster's pod network. Never 0.0.0.0/0 or ::/0.
	Ingress []CidrRule
}

// CidrRule is a rule to or from an address block.
type CidrRule struct {
	// CidrBlock is the destination (egress) or source (ingress), an IPv4
	// or IPv6 block with a prefix length of at least 1.
	CidrBlock string
	// Protocol is TCP (the default), UDP, ICMP or ALL; Ports as in Flow.
	Protocol, Ports string
	// Description of the rule: 1 to 100 characters. Required.
	Description string
}

// Flow lets a client tier reach a server tier: an ingress rule on the
// server's group from the client's group, and an egress rule on the
// client's group to the server's.
type Flow struct {
	// Client and Server are tiers (they may be the same tier).
	Client, Server string
	// Protocol is TCP (the default), UDP, ICMP or ALL.
	Protocol string
	// Ports are "443", "80,443", "30000-32767" or ALL (the default); ICMP
	// and ALL take ALL only.
	Ports string
	// Description of both rules: 1 to 100 characters. Required.
	Description string
}

// Validate checks a and fills in its defaults in place; name is the
// component's name. Its errors name the field and the allowed values.
// Zones are checked against the region only by NewNetwork.
func (a *Args) Validate(name string) error {
	if a.CidrBlock == "" {
		a.CidrBlock = DefaultCidrBlock
	}
	p, err := netip.ParsePrefix(a.CidrBlock)
	if err != nil || !verify.IsPrivateIPv4Block(p) || p != p.Masked() || p.Bits() > MaxVpcPrefix {
		return fmt.Errorf("CidrBlock is %q; allowed values are blocks inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, written with their network address, from their base prefix to /%d", a.CidrBlock, MaxVpcPrefix)
	}
	if a.ZoneCount == 0 {
		a.ZoneCount = DefaultZoneCount
		if len(a.Zones) > 0 {
			a.ZoneCount = len(a.Zones)
		}
	}
	if a.ZoneCount < MinZoneCount {
		return fmt.Errorf("ZoneCount is %d; allowed values are at least %d", a.ZoneCount, MinZoneCount)
	}
	if len(a.Zones) > 0 && len(a.Zones) != a.ZoneCount {
		return fmt.Errorf("ZoneCount is %d but Zones has %d zones; give one of them, or the same count", a.ZoneCount, len(a.Zones))
	}
	if len(a.Zones) > 0 && len(a.Zones) < MinZoneCount {
		return fmt.Errorf("Zones has %d zone(s); allowed values are at least %d zones", len(a.Zones), MinZoneCount)
	}
	for i, z := range a.Zones {
		if slices.Contains(a.Zones[:i], z) {
			return fmt.Errorf("Zones has %q twice; give distinct zones", z)
		}
	}
	if 1<<SubnetBits < a.ZoneCount {
		return fmt.Errorf("ZoneCount is %d; allowed values are at most %d", a.ZoneCount, 1<<SubnetBits)
	}
	if a.PodCidr == "" {
		a.PodCidr = DefaultPodCidr
	}
	pods, err := netip.ParsePrefix(a.PodCidr)
	if err != nil || !verify.IsPrivateIPv4Block(pods) || pods != pods.Masked() || pods.Overlaps(p) {
		return fmt.Errorf("PodCidr is %q; allowed values are blocks inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, written with their network address, outside CidrBlock (%s)", a.PodCidr, a.CidrBlock)
	}
	for i, c := range a.RemoteClientCidrs {
		r, err := netip.ParsePrefix(c)
		if err != nil || !verify.IsPrivateIPv4Block(r) || r != r.Masked() || r.Overlaps(p) {
			return fmt.Errorf("RemoteClientCidrs[%d] is %q; allowed values are private blocks written with their network address, outside CidrBlock (%s)", i, c, a.CidrBlock)
		}
	}
	if a.Tiers == nil {
		a.Tiers = ServingTiers(a.CidrBlock, a.PodCidr, a.RemoteClientCidrs...)
		if a.Flows == nil {
			a.Flows = ServingFlows
		}
	}
	if len(a.Tiers) == 0 {
		return fmt.Errorf("Tiers is empty; declare at least one tier, or leave Tiers nil for ServingTiers")
	}
	for _, t := range slices.Sorted(maps.Keys(a.Tiers)) {
		if !verify.IsTierName(t) {
			return fmt.Errorf("Tiers has %q; allowed names are 1 to 32 lower-case letters, digits and '-', starting with a letter", t)
		}
		if err := description(a.Tiers[t].Description); err != nil {
			return fmt.Errorf("Tiers[%q].Description %w", t, err)
		}
	}
	_, err = a.rules()
	return err
}

// Validate checks args as NewNetwork does before it looks anything up,
// on a copy and with the "privatenetwork NAME: " prefix, without
// registering anything, for programs that check their configuration
// before they create resources. Zones are checked against the region only
// by NewNetwork.
func Validate(name string, args *Args) error {
	_, err := component.Prepare(pkg, name, args)
	return err
}
