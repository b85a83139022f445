// Package privatenetwork provides Network, a private Tencent Cloud VPC for
// model serving: a subnet in each of at least two availability zones and
// one security group per tier of the application, whose rules name other
// tiers' groups.
//
// Without arguments a Network is a 10.0.0.0/16 VPC with a /20 subnet in
// each of the region's first two zones, no route to or from the internet
// (no NAT or internet gateway: the VPC's default route table holds only its
// local route), multicast off, and the serving tiers (ServingTiers): the
// "clients" that call the model, the internal load balancer "clb" and the
// serving cluster's "nodes", with flows clients -> clb (TCP 443), clb ->
// nodes (TCP 30000-32767, the node ports) and nodes -> nodes (all), and
// nodes' egress to the VPC (TCP 443, the cluster's private API endpoint),
// to Tencent Cloud's internal service addresses (169.254.0.0/16, TCP 80
// and 443: COS, the image registry) and to Tencent Cloud's internal DNS
// servers (UDP 53).
//
// Rules: ingress comes only from other tiers' security groups (Flows),
// never from an address block, so 0.0.0.0/0 can never be admitted. Egress
// goes to tiers, or to address blocks a tier names (Tier.Egress), never
// to 0.0.0.0/0 or ::/0. Every group and every rule has a description. A
// Tencent Cloud security group without rules admits and sends nothing.
//
// Provider gaps (pulumi-tencentcloud v0.1.2): there is no VPC flow-log
// resource (newer providers have vpc.FlowLog and vpc.FlowLogConfig), so a
// Network has no flow logs; enable them in the console or with a newer
// provider. Tencent Cloud security groups belong to a region, not to a
// VPC: the groups are usable by any VPC of the region, and only the
// instances attached to them decide which VPC they filter.
package privatenetwork

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/security"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/subnet"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/vpc"

	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:PrivateNetwork"

// Defaults.
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

// Tiers of ServingTiers.
const (
	TierClients = "clients"
	TierCLB     = "clb"
	TierNodes   = "nodes"
)

// Protocols of a rule.
const (
	TCP  = "TCP"
	UDP  = "UDP"
	ICMP = "ICMP"
	// All is every protocol and port.
	All = "ALL"
)

// ServiceCidr is where Tencent Cloud's services (COS, the container
// registry, the metadata service) answer on the internal network.
const ServiceCidr = "169.254.0.0/16"

// DNSServers are Tencent Cloud's internal DNS servers.
var DNSServers = []string{"183.60.82.98/32", "183.60.83.19/32"}

// Args configures a Network. The zero value is a valid, secure network
// with the serving tiers.
type Args struct {
	// CidrBlock is the VPC's address block, inside 10.0.0.0/8,
	// 172.16.0.0/12 or 192.168.0.0/16, at most /24. Default: 10.0.0.0/16.
	CidrBlock string
	// Zones are the availability zones of the subnets, at least 2, all in
	// the provider's region. Default: the region's first ZoneCount zones.
	Zones []string
	// ZoneCount is how many zones to use when Zones is empty: at least 2.
	// Default: 2.
	ZoneCount int
	// Tiers are the security groups by tier name (lower-case letters,
	// digits and '-', starting with a letter, at most 32 characters).
	// Default: ServingTiers, with ServingFlows.
	Tiers map[string]Tier
	// Flows let one tier reach another. Used with Tiers; without Tiers,
	// ServingFlows.
	Flows []Flow
	// Tags are added to the VPC, subnets and groups.
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
}

// CidrRule is an egress rule to an address block.
type CidrRule struct {
	// CidrBlock is the destination, an IPv4 or IPv6 block with a prefix
	// length of at least 1.
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

// ServingTiers are the default tiers; vpcCidr is the network's block.
func ServingTiers(vpcCidr string) map[string]Tier {
	nodeEgress := []CidrRule{
		{CidrBlock: vpcCidr, Protocol: TCP, Ports: "443", Description: "nodes reach the cluster's private API endpoint"},
		{CidrBlock: ServiceCidr, Protocol: TCP, Ports: "80,443", Description: "nodes reach Tencent Cloud services (COS, image registry) internally"},
	}
	for _, dns := range DNSServers {
		nodeEgress = append(nodeEgress, CidrRule{CidrBlock: dns, Protocol: UDP, Ports: "53", Description: "nodes resolve names with Tencent Cloud's internal DNS"})
	}
	return map[string]Tier{
		TierClients: {Description: "callers of the model service inside the VPC"},
		TierCLB:     {Description: "internal load balancer of the model service"},
		TierNodes:   {Description: "serving cluster nodes", Egress: nodeEgress},
	}
}

// ServingFlows are the default flows between ServingTiers.
var ServingFlows = []Flow{
	{Client: TierClients, Server: TierCLB, Protocol: TCP, Ports: "443", Description: "clients call the model service over TLS"},
	{Client: TierCLB, Server: TierNodes, Protocol: TCP, Ports: "30000-32767", Description: "the load balancer forwards to the serving node ports"},
	{Client: TierNodes, Server: TierNodes, Protocol: All, Ports: All, Description: "cluster traffic between serving nodes"},
}

// Network is a private VPC with subnets in several zones and tiered
// security groups.
type Network struct {
	pulumi.ResourceState

	// VpcId is the VPC's ID.
	VpcId pulumi.StringOutput `pulumi:"vpcId"`
	// CidrBlock is the VPC's address block.
	CidrBlock pulumi.StringOutput `pulumi:"cidrBlock"`
	// SubnetIds are the subnets, one per zone, in the order of Zones.
	SubnetIds pulumi.StringArrayOutput `pulumi:"subnetIds"`
	// Zones are the subnets' zones.
	Zones pulumi.StringArrayOutput `pulumi:"zones"`
	// SecurityGroupIds are the groups by tier.
	SecurityGroupIds pulumi.StringMapOutput `pulumi:"securityGroupIds"`

	// Region is where the network lives.
	Region string
	// ZoneNames are the subnets' zones, in order.
	ZoneNames []string
	// Tiers are the tier names, sorted.
	Tiers []string

	// Vpc is the VPC.
	Vpc *vpc.Instance
	// Subnets are the subnets, in the order of ZoneNames.
	Subnets []*subnet.Instance
	// Groups are the security groups by tier.
	Groups map[string]*security.Group
}

// SubnetIdInputs returns the subnets' IDs as inputs, in the order of Zones.
func (n *Network) SubnetIdInputs() []pulumi.StringInput {
	out := make([]pulumi.StringInput, len(n.Subnets))
	for i, s := range n.Subnets {
		out[i] = s.ID().ToStringOutput()
	}
	return out
}

// GroupID returns the security group ID of a tier.
func (n *Network) GroupID(tier string) pulumi.StringOutput {
	g, ok := n.Groups[tier]
	if !ok {
		return pulumi.String("").ToStringOutput()
	}
	return g.ID().ToStringOutput()
}

var (
	tierName    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)
	privateNets = []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
	}
)

// rule is one planned security group rule.
type rule struct {
	key         string // the suffix of its logical name
	tier        string // the group it belongs to
	direction   string // "ingress" or "egress"
	peerTier    string
	cidr        string
	protocol    string
	ports       string
	description string
}

// validate checks args that need no lookup and fills in defaults; its
// errors name the field.
func (a *Args) validate(name string) error {
	if a.CidrBlock == "" {
		a.CidrBlock = DefaultCidrBlock
	}
	p, err := netip.ParsePrefix(a.CidrBlock)
	inside := err == nil && p.Addr().Is4() && slices.ContainsFunc(privateNets, func(n netip.Prefix) bool {
		return n.Bits() <= p.Bits() && n.Contains(p.Addr())
	})
	if !inside || p != p.Masked() || p.Bits() > MaxVpcPrefix {
		return fmt.Errorf("privatenetwork %s: CidrBlock is %q; allowed values are blocks inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, written with their network address, from their base prefix to /%d", name, a.CidrBlock, MaxVpcPrefix)
	}
	if a.ZoneCount == 0 {
		a.ZoneCount = DefaultZoneCount
		if len(a.Zones) > 0 {
			a.ZoneCount = len(a.Zones)
		}
	}
	if a.ZoneCount < MinZoneCount {
		return fmt.Errorf("privatenetwork %s: ZoneCount is %d; allowed values are at least %d", name, a.ZoneCount, MinZoneCount)
	}
	if len(a.Zones) > 0 && len(a.Zones) != a.ZoneCount {
		return fmt.Errorf("privatenetwork %s: ZoneCount is %d but Zones has %d zones; give one of them, or the same count", name, a.ZoneCount, len(a.Zones))
	}
	if len(a.Zones) > 0 && len(a.Zones) < MinZoneCount {
		return fmt.Errorf("privatenetwork %s: Zones has %d zone(s); allowed values are at least %d zones", name, len(a.Zones), MinZoneCount)
	}
	for i, z := range a.Zones {
		if slices.Contains(a.Zones[:i], z) {
			return fmt.Errorf("privatenetwork %s: Zones has %q twice; give distinct zones", name, z)
		}
	}
	if 1<<SubnetBits < a.ZoneCount {
		return fmt.Errorf("privatenetwork %s: ZoneCount is %d; allowed values are at most %d", name, a.ZoneCount, 1<<SubnetBits)
	}
	if a.Tiers == nil {
		a.Tiers = ServingTiers(a.CidrBlock)
		if a.Flows == nil {
			a.Flows = ServingFlows
		}
	}
	if len(a.Tiers) == 0 {
		return fmt.Errorf("privatenetwork %s: Tiers is empty; declare at least one tier, or leave Tiers nil for ServingTiers", name)
	}
	for _, t := range sortedKeys(a.Tiers) {
		if !tierName.MatchString(t) {
			return fmt.Errorf("privatenetwork %s: Tiers has %q; allowed names are 1 to 32 lower-case letters, digits and '-', starting with a letter", name, t)
		}
		if err := description(a.Tiers[t].Description); err != nil {
			return fmt.Errorf("privatenetwork %s: Tiers[%q].Description %w", name, t, err)
		}
	}
	_, err = a.rules(name)
	return err
}

// Validate checks args as NewNetwork does before it looks anything up,
// without registering anything, for programs that check their
// configuration before they create resources. Zones are checked against
// the region only by NewNetwork.
func Validate(name string, args *Args) error {
	a := Args{}
	if args != nil {
		a = *args
	}
	return a.validate(name)
}

// rules returns the rules that the tiers and flows ask for, in a stable
// order.
func (a *Args) rules(name string) ([]rule, error) {
	var out []rule
	seen := map[string]string{}
	add := func(field string, r rule) error {
		if prev, dup := seen[r.key]; dup {
			return fmt.Errorf("privatenetwork %s: %s repeats %s; remove one", name, field, prev)
		}
		seen[r.key] = field
		out = append(out, r)
		return nil
	}
	for i, f := range a.Flows {
		field := fmt.Sprintf("Flows[%d]", i)
		for _, t := range []string{f.Client, f.Server} {
			if _, ok := a.Tiers[t]; !ok {
				return nil, fmt.Errorf("privatenetwork %s: %s names tier %q; allowed values are %s", name, field, t, strings.Join(sortedKeys(a.Tiers), ", "))
			}
		}
		proto, ports, err := protocolPorts(f.Protocol, f.Ports)
		if err != nil {
			return nil, fmt.Errorf("privatenetwork %s: %s.%w", name, field, err)
		}
		if err := description(f.Description); err != nil {
			return nil, fmt.Errorf("privatenetwork %s: %s.Description %w", name, field, err)
		}
		slug := slugOf(proto, ports)
		if err := add(field, rule{key: f.Server + "-from-" + f.Client + "-" + slug, tier: f.Server, direction: "ingress",
			peerTier: f.Client, protocol: proto, ports: ports, description: f.Description}); err != nil {
			return nil, err
		}
		if err := add(field, rule{key: f.Client + "-to-" + f.Server + "-" + slug, tier: f.Client, direction: "egress",
			peerTier: f.Server, protocol: proto, ports: ports, description: f.Description}); err != nil {
			return nil, err
		}
	}
	for _, t := range sortedKeys(a.Tiers) {
		for i, c := range a.Tiers[t].Egress {
			field := fmt.Sprintf("Tiers[%q].Egress[%d]", t, i)
			p, err := netip.ParsePrefix(c.CidrBlock)
			if err != nil || p != p.Masked() {
				return nil, fmt.Errorf("privatenetwork %s: %s.CidrBlock is %q; give an IPv4 or IPv6 block written with its network address", name, field, c.CidrBlock)
			}
			if p.Bits() == 0 {
				return nil, fmt.Errorf("privatenetwork %s: %s.CidrBlock is %q, the whole internet; allowed values are narrower blocks", name, field, c.CidrBlock)
			}
			proto, ports, err := protocolPorts(c.Protocol, c.Ports)
			if err != nil {
				return nil, fmt.Errorf("privatenetwork %s: %s.%w", name, field, err)
			}
			if err := description(c.Description); err != nil {
				return nil, fmt.Errorf("privatenetwork %s: %s.Description %w", name, field, err)
			}
			key := t + "-to-" + strings.NewReplacer(".", "-", "/", "-", ":", "-").Replace(c.CidrBlock) + "-" + slugOf(proto, ports)
			if err := add(field, rule{key: key, tier: t, direction: "egress", cidr: c.CidrBlock,
				protocol: proto, ports: ports, description: c.Description}); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

var portPattern = regexp.MustCompile(`^[0-9]+(-[0-9]+)?$`)

// protocolPorts normalizes a protocol and its ports.
func protocolPorts(protocol, ports string) (string, string, error) {
	proto := strings.ToUpper(protocol)
	if proto == "" {
		proto = TCP
	}
	if !slices.Contains([]string{TCP, UDP, ICMP, All}, proto) {
		return "", "", fmt.Errorf("Protocol is %q; allowed values are TCP, UDP, ICMP and ALL", protocol)
	}
	p := strings.ToUpper(ports)
	if p == "" {
		p = All
	}
	if proto == ICMP || proto == All {
		if p != All {
			return "", "", fmt.Errorf("Ports is %q; protocol %s takes ALL only", ports, proto)
		}
		return proto, p, nil
	}
	if p == All {
		return proto, p, nil
	}
	for _, part := range strings.Split(p, ",") {
		if !portPattern.MatchString(part) {
			return "", "", fmt.Errorf("Ports is %q; allowed values are ALL, a port (443), ports (80,443) or a range (30000-32767) within 1 to 65535", ports)
		}
		lo, hi, _ := strings.Cut(part, "-")
		if hi == "" {
			hi = lo
		}
		l, _ := strconv.Atoi(lo)
		h, _ := strconv.Atoi(hi)
		if l < 1 || h > 65535 || l > h {
			return "", "", fmt.Errorf("Ports is %q; allowed values are ALL, a port (443), ports (80,443) or a range (30000-32767) within 1 to 65535", ports)
		}
	}
	return proto, p, nil
}

func slugOf(proto, ports string) string {
	return strings.ToLower(proto) + "-" + strings.NewReplacer(",", "-", " ", "").Replace(strings.ToLower(ports))
}

func description(d string) error {
	if strings.TrimSpace(d) == "" || len([]rune(d)) > 100 {
		return fmt.Errorf("is %q; give 1 to 100 characters", d)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NewNetwork creates a network. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to every resource it creates.
func NewNetwork(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Network, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("privatenetwork %s: %w", name, err)
	}
	if len(a.Zones) == 0 {
		if len(env.Zones) < a.ZoneCount {
			return nil, fmt.Errorf("privatenetwork %s: ZoneCount is %d; allowed values are at most %d, the zones of %s (%s)", name, a.ZoneCount, len(env.Zones), env.Region, strings.Join(env.Zones, ", "))
		}
		a.Zones = env.Zones[:a.ZoneCount]
	}
	for _, z := range a.Zones {
		if !slices.Contains(env.Zones, z) {
			return nil, fmt.Errorf("privatenetwork %s: Zones has %q; allowed values are the zones of %s: %s", name, z, env.Region, strings.Join(env.Zones, ", "))
		}
	}
	rules, err := a.rules(name)
	if err != nil {
		return nil, err
	}

	n := &Network{Region: env.Region, ZoneNames: slices.Clone(a.Zones), Tiers: sortedKeys(a.Tiers), Groups: map[string]*security.Group{}}
	if err := ctx.RegisterComponentResource(Type, name, n, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(n)
	tags := tcenv.Tags(a.Tags)
	if n.Vpc, err = vpc.NewInstance(ctx, name, &vpc.InstanceArgs{
		Name:        pulumi.String(name),
		CidrBlock:   pulumi.String(a.CidrBlock),
		IsMulticast: pulumi.Bool(false),
		Tags:        tags,
	}, in); err != nil {
		return nil, err
	}
	block := netip.MustParsePrefix(a.CidrBlock)
	var subnetIDs pulumi.StringArray
	for i, zone := range a.Zones {
		s, err := subnet.NewInstance(ctx, name+"-"+zone, &subnet.InstanceArgs{
			Name:             pulumi.String(name + "-" + zone),
			VpcId:            n.Vpc.ID().ToStringOutput(),
			AvailabilityZone: pulumi.String(zone),
			CidrBlock:        pulumi.String(nthSubnet(block, i).String()),
			IsMulticast:      pulumi.Bool(false),
			Tags:             tags,
		}, in)
		if err != nil {
			return nil, err
		}
		n.Subnets = append(n.Subnets, s)
		subnetIDs = append(subnetIDs, s.ID().ToStringOutput())
	}
	ids := pulumi.StringMap{}
	for _, t := range n.Tiers {
		g, err := security.NewGroup(ctx, name+"-"+t, &security.GroupArgs{
			Name:        pulumi.String(name + "-" + t),
			Description: pulumi.String(a.Tiers[t].Description),
			Tags:        tags,
		}, in)
		if err != nil {
			return nil, err
		}
		n.Groups[t] = g
		ids[t] = g.ID().ToStringOutput()
	}
	for _, r := range rules {
		args := &security.GroupRuleArgs{
			SecurityGroupId: n.Groups[r.tier].ID().ToStringOutput(),
			Type:            pulumi.String(r.direction),
			Policy:          pulumi.String("ACCEPT"),
			Description:     pulumi.String(r.description),
		}
		if r.peerTier != "" {
			args.SourceSgid = n.Groups[r.peerTier].ID().ToStringOutput()
		} else {
			args.CidrIp = pulumi.String(r.cidr)
		}
		if r.protocol != All {
			args.IpProtocol = pulumi.String(r.protocol)
			if r.ports != All {
				args.PortRange = pulumi.String(r.ports)
			}
		}
		if _, err := security.NewGroupRule(ctx, name+"-"+r.key, args, in); err != nil {
			return nil, err
		}
	}

	n.VpcId = n.Vpc.ID().ToStringOutput()
	n.CidrBlock = n.Vpc.CidrBlock
	n.SubnetIds = subnetIDs.ToStringArrayOutput()
	n.Zones = pulumi.ToStringArray(a.Zones).ToStringArrayOutput()
	n.SecurityGroupIds = ids.ToStringMapOutput()
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId": n.VpcId, "cidrBlock": n.CidrBlock, "subnetIds": n.SubnetIds,
		"zones": n.Zones, "securityGroupIds": n.SecurityGroupIds,
	})
}

// nthSubnet returns the i-th subnet of block, SubnetBits longer.
func nthSubnet(block netip.Prefix, i int) netip.Prefix {
	a := block.Addr().As4()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	bits := block.Bits() + SubnetBits
	v += uint32(i) << (32 - bits)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), bits)
}
