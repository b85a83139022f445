// Package privatevpc provides Vpc, a VPC for private model
// endpoints: private subnets spread over several availability zones, no
// way in from the internet, VPC endpoints for the AWS services a private
// SageMaker endpoint needs, a security group per workload tier, and flow
// logs of all traffic.
//
// A Vpc is, without any arguments: 10.0.0.0/16 with a private
// subnet (and a route table of its own) in each of three availability
// zones of the region; DNS support and host names on; no internet gateway,
// no NAT and no public IP addresses; the default security group taken
// under management with no rules, so that nothing uses it; the default
// network ACL taken under management; flow logs of ALL traffic to a
// CloudWatch Logs group encrypted with a customer-managed key (its own,
// unless one is given), kept 365 days and written through a role that
// only VPC flow logs of this account may assume and that may only write
// to that group (and look it up); an S3 gateway endpoint on the private
// route tables; interface endpoints with private DNS for SageMaker (API
// and runtime), KMS, CloudWatch Logs and monitoring, STS and ECR (API and
// DKR) in every private subnet; and, through securitygroups.Groups,
// a tier "endpoint" (model endpoints) and a tier "vpc-endpoints" (the
// interface endpoints) that admits HTTPS from the workload tiers only.
//
// The network ACL is the coarse layer, security groups the fine one. The
// default network ACL, which every subnet of the component uses, allows
// any traffic within the VPC and, leaving the VPC, HTTPS only (to S3
// through the gateway endpoint, or to the internet through NAT when
// InternetEgress is on) with its replies on TCP ports 1024 to 65535 except
// 3389. Network ACLs are stateless and cannot name prefix lists, hence the
// replies from 0.0.0.0/0; without an internet gateway nothing outside the
// VPC can reach a subnet, and no rule from 0.0.0.0/0 covers ports 22 or
// 3389.
//
// InternetEgress is an explicit loosening: it adds an internet gateway, a
// small NAT subnet with a NAT gateway in each zone, and a default route
// from each private subnet to the NAT gateway of its zone. Workloads never
// run in the NAT subnets, and no subnet maps public IP addresses.
//
// Subnet layout: without explicit CIDRs, the VPC's block is cut into 2^k
// equal blocks, the smallest k with 2^k > zones: the first blocks are the
// private subnets, and the NAT subnets are /28 blocks at the start of the
// next one. The NAT block is reserved even without InternetEgress, so that
// turning it on later renumbers nothing.
package privatevpc

import (
	"fmt"
	"math/bits"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/securitygroups"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/logretention"
)

// Type is the component's type token.
const Type = "modelfort:aws:PrivateVpc"

// Defaults and limits.
const (
	DefaultCidrBlock            = "10.0.0.0/16"
	DefaultZoneCount            = 3
	MinZones                    = 2
	DefaultFlowLogRetentionDays = 365
	// DefaultFlowLogAggregationSeconds is the flow logs' capture window:
	// 60 seconds (the other value AWS allows is 600).
	DefaultFlowLogAggregationSeconds = 60
	// DefaultEndpointTier is the workload tier of model endpoints.
	DefaultEndpointTier = "endpoint"
	// VpcEndpointsTier is the tier of the interface endpoints' security
	// group; the name is reserved.
	VpcEndpointsTier = "vpc-endpoints"
	// S3PrefixList is the name under which rules reach S3 through the
	// gateway endpoint (securitygroups.Rule.PrefixList); reserved.
	S3PrefixList = "s3"
	// MinVpcPrefix and MaxVpcPrefix bound the VPC's block: AWS allows
	// /16 at most, and a /24 leaves each of three zones a /26.
	MinVpcPrefix = 16
	MaxVpcPrefix = 24
	// MaxPrivateSubnetPrefix is the smallest private subnet, /26 (59
	// usable addresses): every interface endpoint takes an address in
	// each subnet, and every endpoint instance another.
	MaxPrivateSubnetPrefix = 26
	// MaxSubnetPrefix is the smallest subnet AWS allows, /28 (NAT
	// subnets).
	MaxSubnetPrefix = 28
	// NatSubnetPrefix is the size of the NAT subnets of the default
	// layout.
	NatSubnetPrefix = 28
)

// DefaultInterfaceEndpoints are the services a private SageMaker model
// endpoint needs, by the last part of their VPC endpoint service name
// ("com.amazonaws.REGION.NAME").
var DefaultInterfaceEndpoints = []string{"sagemaker.api", "sagemaker.runtime", "kms", "logs", "monitoring", "sts", "ecr.api", "ecr.dkr"}

// FlowLogRetentionDays are the retention periods CloudWatch Logs accepts.
var FlowLogRetentionDays = logretention.Days

// Args configures a Vpc. The zero value is a valid, secure VPC.
type Args struct {
	// CidrBlock is the VPC's IPv4 block: private address space
	// (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), /16 to /24. Default:
	// 10.0.0.0/16.
	CidrBlock string
	// Zones are the availability zones, by name, at least 2, all of the
	// region. Default: the first ZoneCount zones of the region that need
	// no opt-in.
	Zones []string
	// ZoneCount is how many zones to take from the region when Zones is
	// empty: at least 2. Default: 3.
	ZoneCount int
	// PrivateSubnetCidrs are the private subnets' blocks, one per zone in
	// order: inside CidrBlock, /16 to /26, not overlapping. Default: the
	// layout described in the package documentation.
	PrivateSubnetCidrs []string
	// InternetEgress adds an internet gateway and a NAT gateway per zone,
	// in NAT subnets of their own, for HTTPS to the internet (explicit
	// loosening). Default: off.
	InternetEgress bool
	// NatSubnetCidrs are the NAT subnets' blocks, one per zone in order,
	// with InternetEgress only: inside CidrBlock, /16 to /28, overlapping
	// nothing. Default: the layout described in the package documentation.
	NatSubnetCidrs []string
	// Tiers are the workload tiers: a security group each (see
	// securitygroups.Tier). The tier "vpc-endpoints" is added by the
	// component and may not be declared. Default: one tier, "endpoint"
	// (model endpoints).
	Tiers map[string]securitygroups.Tier
	// Flows are connections between tiers (see securitygroups.Flow); they
	// may name "vpc-endpoints".
	Flows []securitygroups.Flow
	// PrefixLists are further prefix lists the tiers' rules may name; "s3"
	// is the S3 gateway endpoint's and is added by the component.
	PrefixLists map[string]pulumi.StringInput
	// EndpointTier is the tier whose security group model endpoints use
	// (the EndpointTierSecurityGroupId output). Default: "endpoint".
	EndpointTier string
	// EndpointClientTiers are the tiers that reach the VPC endpoints: each
	// gets HTTPS to the "vpc-endpoints" tier and to S3's prefix list.
	// Default: every tier of Tiers.
	EndpointClientTiers []string
	// InterfaceEndpoints are the services that get an interface endpoint,
	// by the last part of their service name ("sagemaker.runtime").
	// Default (nil or empty): DefaultInterfaceEndpoints. S3 always has a
	// gateway endpoint and may not be listed.
	InterfaceEndpoints []string
	// EndpointPolicies are VPC endpoint policies (JSON) by service: "s3"
	// or a service of InterfaceEndpoints. Default: none (the service's
	// default policy, which allows any principal of any account: IAM and
	// resource policies still apply).
	EndpointPolicies map[string]pulumi.StringInput
	// FlowLogKMSKeyArn encrypts the flow-log group. Default: a dedicated
	// key (kmskey.Key) usable by CloudWatch Logs of this account only.
	FlowLogKMSKeyArn pulumi.StringInput
	// FlowLogRetentionDays is how long flow logs are kept; one of
	// FlowLogRetentionDays. Default: 365.
	FlowLogRetentionDays int
	// FlowLogAggregationSeconds is the capture window: 60 or 600.
	// Default: 60.
	FlowLogAggregationSeconds int
	// Tags are added to every resource.
	Tags map[string]string
}

// Vpc is a private, multi-AZ VPC with endpoints, tiers and flow
// logs.
type Vpc struct {
	pulumi.ResourceState

	// VpcId and CidrBlock identify the VPC.
	VpcId     pulumi.StringOutput `pulumi:"vpcId"`
	CidrBlock pulumi.StringOutput `pulumi:"cidrBlock"`
	// PrivateSubnetIds are the private subnets, one per zone, in the order
	// of AvailabilityZones and AvailabilityZoneIds (their zones).
	PrivateSubnetIds    pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	AvailabilityZones   pulumi.StringArrayOutput `pulumi:"availabilityZones"`
	AvailabilityZoneIds pulumi.StringArrayOutput `pulumi:"availabilityZoneIds"`
	// PrivateRouteTableIds are the private subnets' route tables.
	PrivateRouteTableIds pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	// S3EndpointId and S3PrefixListId are the S3 gateway endpoint and its
	// prefix list (for aws:SourceVpce conditions and egress rules).
	S3EndpointId   pulumi.StringOutput `pulumi:"s3EndpointId"`
	S3PrefixListId pulumi.StringOutput `pulumi:"s3PrefixListId"`
	// VpcEndpointIds are every VPC endpoint's ID by service ("s3",
	// "sagemaker.runtime", ...).
	VpcEndpointIds pulumi.StringMapOutput `pulumi:"vpcEndpointIds"`
	// VpcEndpointSecurityGroupId is the interface endpoints' group (tier
	// "vpc-endpoints").
	VpcEndpointSecurityGroupId pulumi.StringOutput `pulumi:"vpcEndpointSecurityGroupId"`
	// EndpointTierSecurityGroupId is the group of the model endpoints'
	// tier (EndpointTier).
	EndpointTierSecurityGroupId pulumi.StringOutput `pulumi:"endpointTierSecurityGroupId"`
	// TierSecurityGroupIds are the security group IDs by tier name.
	TierSecurityGroupIds pulumi.StringMapOutput `pulumi:"tierSecurityGroupIds"`
	// NatGatewayIds are the NAT gateways, one per zone, or empty.
	NatGatewayIds pulumi.StringArrayOutput `pulumi:"natGatewayIds"`
	// FlowLogId, FlowLogGroupName and FlowLogKMSKeyArn are the flow log,
	// its log group and the group's key.
	FlowLogId        pulumi.StringOutput `pulumi:"flowLogId"`
	FlowLogGroupName pulumi.StringOutput `pulumi:"flowLogGroupName"`
	FlowLogKMSKeyArn pulumi.StringOutput `pulumi:"flowLogKmsKeyArn"`

	// Region is where the VPC lives; Zones its availability zones, in
	// subnet order; PrivateSubnetCidrs and NatSubnetCidrs the subnets'
	// blocks (NatSubnetCidrs empty without InternetEgress).
	Region             string
	Zones              []string
	PrivateSubnetCidrs []string
	NatSubnetCidrs     []string

	// Vpc, PrivateSubnets and Endpoints (by service) are the resources;
	// SecurityGroups the tiers; Key the flow-log key the component created
	// (nil when FlowLogKMSKeyArn was given).
	Vpc            *ec2.Vpc
	PrivateSubnets []*ec2.Subnet
	Endpoints      map[string]*ec2.VpcEndpoint
	SecurityGroups *securitygroups.Groups
	Key            *kmskey.Key
}

var (
	serviceName = regexp.MustCompile(`^[a-z0-9]+([.-][a-z0-9]+)*$`)
	rfc1918     = []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
	}
)

// validate checks args and fills in defaults; its errors name the field.
// What needs the region (zones, and the subnet layout that depends on
// their number) is checked by place.
func (a *Args) validate(name string) error {
	if a.CidrBlock == "" {
		a.CidrBlock = DefaultCidrBlock
	}
	vpc, err := netip.ParsePrefix(a.CidrBlock)
	if err != nil || !vpc.Addr().Is4() || vpc != vpc.Masked() {
		return fmt.Errorf("privatevpc %s: CidrBlock %q is not an IPv4 CIDR block (an address with no bits set past the prefix, such as %s)", name, a.CidrBlock, DefaultCidrBlock)
	}
	if vpc.Bits() < MinVpcPrefix || vpc.Bits() > MaxVpcPrefix {
		return fmt.Errorf("privatevpc %s: CidrBlock is %s; allowed prefix lengths are /%d to /%d (AWS allows /%d at most; a smaller block leaves no room for a subnet of at least /%d in each zone)", name, a.CidrBlock, MinVpcPrefix, MaxVpcPrefix, MinVpcPrefix, MaxPrivateSubnetPrefix)
	}
	if !slices.ContainsFunc(rfc1918, func(p netip.Prefix) bool { return p.Bits() <= vpc.Bits() && p.Contains(vpc.Addr()) }) {
		return fmt.Errorf("privatevpc %s: CidrBlock is %s; allowed values are blocks of private address space: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16", name, a.CidrBlock)
	}
	switch {
	case len(a.Zones) > 0 && len(a.Zones) < MinZones:
		return fmt.Errorf("privatevpc %s: Zones has %d zone (%s); a VPC that survives the loss of a zone needs at least %d", name, len(a.Zones), strings.Join(a.Zones, ", "), MinZones)
	case len(a.Zones) > 0 && a.ZoneCount != 0 && a.ZoneCount != len(a.Zones):
		return fmt.Errorf("privatevpc %s: ZoneCount is %d and Zones names %d; give one of them", name, a.ZoneCount, len(a.Zones))
	case len(a.Zones) > 0:
		a.ZoneCount = len(a.Zones)
	case a.ZoneCount == 0:
		a.ZoneCount = DefaultZoneCount
	case a.ZoneCount < MinZones:
		return fmt.Errorf("privatevpc %s: ZoneCount is %d; a VPC that survives the loss of a zone needs at least %d (0 means %d)", name, a.ZoneCount, MinZones, DefaultZoneCount)
	}
	for i, z := range a.Zones {
		if j := slices.Index(a.Zones, z); j != i {
			return fmt.Errorf("privatevpc %s: Zones[%d] repeats Zones[%d] (%s); give distinct zones", name, i, j, z)
		}
	}
	if len(a.NatSubnetCidrs) > 0 && !a.InternetEgress {
		return fmt.Errorf("privatevpc %s: NatSubnetCidrs is set without InternetEgress; NAT subnets exist only with InternetEgress", name)
	}
	for _, f := range []struct {
		field string
		cidrs []string
	}{{"PrivateSubnetCidrs", a.PrivateSubnetCidrs}, {"NatSubnetCidrs", a.NatSubnetCidrs}} {
		if len(f.cidrs) > 0 && len(f.cidrs) != a.ZoneCount {
			return fmt.Errorf("privatevpc %s: %s has %d blocks for %d zones; give one per zone", name, f.field, len(f.cidrs), a.ZoneCount)
		}
	}

	if a.FlowLogRetentionDays == 0 {
		a.FlowLogRetentionDays = DefaultFlowLogRetentionDays
	}
	if !slices.Contains(FlowLogRetentionDays, a.FlowLogRetentionDays) {
		return fmt.Errorf("privatevpc %s: FlowLogRetentionDays is %d; allowed values are %v", name, a.FlowLogRetentionDays, FlowLogRetentionDays)
	}
	if a.FlowLogAggregationSeconds == 0 {
		a.FlowLogAggregationSeconds = DefaultFlowLogAggregationSeconds
	}
	if a.FlowLogAggregationSeconds != 60 && a.FlowLogAggregationSeconds != 600 {
		return fmt.Errorf("privatevpc %s: FlowLogAggregationSeconds is %d; allowed values are 60 and 600", name, a.FlowLogAggregationSeconds)
	}

	if len(a.InterfaceEndpoints) == 0 {
		a.InterfaceEndpoints = slices.Clone(DefaultInterfaceEndpoints)
	}
	for i, s := range a.InterfaceEndpoints {
		switch {
		case s == S3PrefixList:
			return fmt.Errorf("privatevpc %s: InterfaceEndpoints has %q; S3 is reached through the gateway endpoint the component always creates", name, s)
		case !serviceName.MatchString(s) || strings.Contains(s, "amazonaws"):
			return fmt.Errorf("privatevpc %s: InterfaceEndpoints[%d] is %q; give the last part of a service name, such as sagemaker.runtime", name, i, s)
		case slices.Index(a.InterfaceEndpoints, s) != i:
			return fmt.Errorf("privatevpc %s: InterfaceEndpoints[%d] repeats %q", name, i, s)
		}
	}
	services := append([]string{S3PrefixList}, a.InterfaceEndpoints...)
	for _, s := range sortedKeys(a.EndpointPolicies) {
		if !slices.Contains(services, s) {
			return fmt.Errorf("privatevpc %s: EndpointPolicies has %q; allowed values are the endpoints' services: %s", name, s, strings.Join(services, ", "))
		}
		if a.EndpointPolicies[s] == nil {
			return fmt.Errorf("privatevpc %s: EndpointPolicies[%q] is nil", name, s)
		}
	}
	if err := kmskey.CheckArn("FlowLogKMSKeyArn", a.FlowLogKMSKeyArn); err != nil {
		return fmt.Errorf("privatevpc %s: %w", name, err)
	}

	if len(a.Tiers) == 0 {
		a.Tiers = map[string]securitygroups.Tier{DefaultEndpointTier: {Description: "modelfort model endpoints"}}
	}
	if _, ok := a.Tiers[VpcEndpointsTier]; ok {
		return fmt.Errorf("privatevpc %s: Tiers has %q, which the component adds for the interface endpoints; name the tier otherwise", name, VpcEndpointsTier)
	}
	if _, ok := a.PrefixLists[S3PrefixList]; ok {
		return fmt.Errorf("privatevpc %s: PrefixLists has %q, which the component adds for the S3 gateway endpoint; name the prefix list otherwise", name, S3PrefixList)
	}
	tiers := sortedKeys(a.Tiers)
	if a.EndpointTier == "" {
		a.EndpointTier = DefaultEndpointTier
	}
	if _, ok := a.Tiers[a.EndpointTier]; !ok {
		return fmt.Errorf("privatevpc %s: EndpointTier is %q; allowed values are the declared tiers: %s", name, a.EndpointTier, strings.Join(tiers, ", "))
	}
	if len(a.EndpointClientTiers) == 0 {
		a.EndpointClientTiers = tiers
	}
	for i, t := range a.EndpointClientTiers {
		if _, ok := a.Tiers[t]; !ok {
			return fmt.Errorf("privatevpc %s: EndpointClientTiers[%d] is %q; allowed values are the declared tiers: %s", name, i, t, strings.Join(tiers, ", "))
		}
		if slices.Index(a.EndpointClientTiers, t) != i {
			return fmt.Errorf("privatevpc %s: EndpointClientTiers[%d] repeats %q", name, i, t)
		}
	}
	// The tiers as SecurityGroups will see them, with placeholders for the
	// IDs that do not exist yet.
	if err := securitygroups.Validate(name, a.groups(pulumi.String("vpc-validation"), pulumi.String("pl-validation"))); err != nil {
		return fmt.Errorf("privatevpc %s: Tiers: %w", name, err)
	}
	return nil
}

// groups returns the Args of the component's SecurityGroups: the workload
// tiers with HTTPS to S3 for the endpoint clients, the "vpc-endpoints"
// tier, and a flow from each client to it.
func (a *Args) groups(vpcID, s3PrefixList pulumi.StringInput) *securitygroups.Args {
	tiers := map[string]securitygroups.Tier{
		VpcEndpointsTier: {Description: "modelfort VPC interface endpoints: HTTPS from the workload tiers only"},
	}
	for name, t := range a.Tiers {
		if slices.Contains(a.EndpointClientTiers, name) {
			t.Egress = append(slices.Clone(t.Egress), securitygroups.Rule{
				Description: "HTTPS to S3 through the gateway endpoint", FromPort: 443, PrefixList: S3PrefixList,
			})
		}
		tiers[name] = t
	}
	lists := map[string]pulumi.StringInput{S3PrefixList: s3PrefixList}
	for k, v := range a.PrefixLists {
		lists[k] = v
	}
	flows := slices.Clone(a.Flows)
	for _, c := range a.EndpointClientTiers {
		flows = append(flows, securitygroups.Flow{
			Client: c, Server: VpcEndpointsTier, FromPort: 443, Description: "HTTPS to the VPC interface endpoints",
		})
	}
	return &securitygroups.Args{VpcId: vpcID, Tiers: tiers, Flows: flows, PrefixLists: lists, Tags: a.Tags}
}

// place chooses the zones from those the region offers and lays out the
// subnets; its errors name the field.
func (a *Args) place(name, region string, available []string) (zones []string, private, nat []netip.Prefix, err error) {
	if len(a.Zones) > 0 {
		for i, z := range a.Zones {
			if !slices.Contains(available, z) {
				return nil, nil, nil, fmt.Errorf("privatevpc %s: Zones[%d] is %q; allowed values are the zones of %s: %s", name, i, z, region, strings.Join(available, ", "))
			}
		}
		zones = a.Zones
	} else {
		if a.ZoneCount > len(available) {
			return nil, nil, nil, fmt.Errorf("privatevpc %s: ZoneCount is %d; %s offers %d zones (%s)", name, a.ZoneCount, region, len(available), strings.Join(available, ", "))
		}
		zones = available[:a.ZoneCount]
	}
	vpc := netip.MustParsePrefix(a.CidrBlock)
	n := len(zones)
	k := bits.Len(uint(n)) // the smallest k with 2^k > n
	blockBits := vpc.Bits() + k
	if len(a.PrivateSubnetCidrs) == 0 && blockBits > MaxPrivateSubnetPrefix {
		return nil, nil, nil, fmt.Errorf("privatevpc %s: CidrBlock %s is too small for %d zones: each private subnet would be a /%d, and the smallest allowed is a /%d; give a larger CidrBlock or PrivateSubnetCidrs", name, a.CidrBlock, n, blockBits, MaxPrivateSubnetPrefix)
	}
	if private, err = parseSubnets(name, "PrivateSubnetCidrs", a.PrivateSubnetCidrs, vpc, MaxPrivateSubnetPrefix); err != nil {
		return nil, nil, nil, err
	}
	if private == nil {
		for i := range n {
			private = append(private, subnet(vpc, blockBits, i))
		}
	}
	if a.InternetEgress {
		if nat, err = parseSubnets(name, "NatSubnetCidrs", a.NatSubnetCidrs, vpc, MaxSubnetPrefix); err != nil {
			return nil, nil, nil, err
		}
		if nat == nil {
			if blockBits > MaxSubnetPrefix || 1<<(NatSubnetPrefix-blockBits) < n {
				return nil, nil, nil, fmt.Errorf("privatevpc %s: CidrBlock %s leaves no room for %d NAT subnets of /%d after the private subnets; give NatSubnetCidrs", name, a.CidrBlock, n, NatSubnetPrefix)
			}
			spare := subnet(vpc, blockBits, n)
			for i := range n {
				nat = append(nat, subnet(spare, NatSubnetPrefix, i))
			}
		}
	}
	all := append(slices.Clone(private), nat...)
	label := func(i int) string {
		if i < len(private) {
			return fmt.Sprintf("PrivateSubnetCidrs[%d] %s", i, all[i])
		}
		return fmt.Sprintf("NatSubnetCidrs[%d] %s", i-len(private), all[i])
	}
	for i := range all {
		for j := range i {
			if all[i].Overlaps(all[j]) {
				return nil, nil, nil, fmt.Errorf("privatevpc %s: %s overlaps %s; subnets may not overlap", name, label(i), label(j))
			}
		}
	}
	return zones, private, nat, nil
}

// parseSubnets checks explicit subnet blocks: canonical IPv4 blocks inside
// the VPC's, no smaller than /maxBits.
func parseSubnets(name, field string, cidrs []string, vpc netip.Prefix, maxBits int) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for i, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil || !p.Addr().Is4() || p != p.Masked() {
			return nil, fmt.Errorf("privatevpc %s: %s[%d] %q is not an IPv4 CIDR block (an address with no bits set past the prefix)", name, field, i, c)
		}
		if p.Bits() < vpc.Bits() || !vpc.Contains(p.Addr()) {
			return nil, fmt.Errorf("privatevpc %s: %s[%d] %s is not inside CidrBlock %s", name, field, i, c, vpc)
		}
		if p.Bits() > maxBits {
			return nil, fmt.Errorf("privatevpc %s: %s[%d] is %s; allowed prefix lengths are /%d to /%d", name, field, i, c, MinVpcPrefix, maxBits)
		}
		out = append(out, p)
	}
	return out, nil
}

// subnet returns the i-th block of length bits inside p.
func subnet(p netip.Prefix, length, i int) netip.Prefix {
	a := p.Addr().As4()
	base := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	base += uint32(i) << (32 - length)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(base >> 24), byte(base >> 16), byte(base >> 8), byte(base)}), length)
}

// NewVpc creates a VPC. Args are checked before anything is
// registered (the tiers' too). Resource options (provider, protect,
// aliases, ...) apply to the component and through it to every resource it
// creates, and the zones are those of the provider's region.
func NewVpc(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Vpc, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("privatevpc %s: %w", name, err)
	}
	available, err := availableZones(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("privatevpc %s: %w", name, err)
	}
	zones, private, nat, err := a.place(name, env.Region, available)
	if err != nil {
		return nil, err
	}

	v := &Vpc{Region: env.Region, Zones: zones, PrivateSubnetCidrs: strs(private), NatSubnetCidrs: strs(nat), Endpoints: map[string]*ec2.VpcEndpoint{}}
	if err := ctx.RegisterComponentResource(Type, name, v, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(v)

	if v.Vpc, err = ec2.NewVpc(ctx, name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(a.CidrBlock),
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true),
		Tags:               a.tags(name),
	}, in); err != nil {
		return nil, err
	}
	vpcID := v.Vpc.ID().ToStringOutput()
	// Adopted with no rules: AWS's default group lets its members talk to
	// each other and out anywhere; managed, it admits and sends nothing.
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpcID,
		Tags:  a.tags(name + "-default-unused"),
	}, in); err != nil {
		return nil, err
	}

	var subnetIDs, zoneNames, zoneIDs, routeTableIDs, natIDs, allSubnets pulumi.StringArray
	routeTables := make([]*ec2.RouteTable, len(zones))
	for i, zone := range zones {
		sn, err := ec2.NewSubnet(ctx, name+"-private-"+zone, &ec2.SubnetArgs{
			VpcId:               vpcID,
			CidrBlock:           pulumi.String(private[i].String()),
			AvailabilityZone:    pulumi.String(zone),
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                a.tags(name+"-private-"+zone, "modelfort:subnet", "private"),
		}, in)
		if err != nil {
			return nil, err
		}
		v.PrivateSubnets = append(v.PrivateSubnets, sn)
		// A route table per subnet: each zone's default route, with
		// InternetEgress, goes to its own zone's NAT gateway.
		rt, err := ec2.NewRouteTable(ctx, name+"-private-"+zone, &ec2.RouteTableArgs{
			VpcId: vpcID,
			Tags:  a.tags(name+"-private-"+zone, "modelfort:subnet", "private"),
		}, in)
		if err != nil {
			return nil, err
		}
		routeTables[i] = rt
		if _, err := ec2.NewRouteTableAssociation(ctx, name+"-private-"+zone, &ec2.RouteTableAssociationArgs{
			SubnetId:     sn.ID().ToStringOutput(),
			RouteTableId: rt.ID().ToStringOutput(),
		}, in); err != nil {
			return nil, err
		}
		subnetIDs = append(subnetIDs, sn.ID().ToStringOutput())
		zoneNames = append(zoneNames, sn.AvailabilityZone)
		zoneIDs = append(zoneIDs, sn.AvailabilityZoneId)
		routeTableIDs = append(routeTableIDs, rt.ID().ToStringOutput())
	}
	allSubnets = append(allSubnets, subnetIDs...)

	if a.InternetEgress {
		ids, natSubnets, err := a.internetEgress(ctx, name, vpcID, zones, nat, routeTables, in)
		if err != nil {
			return nil, err
		}
		natIDs = ids
		allSubnets = append(allSubnets, natSubnets...)
	}

	if _, err := ec2.NewDefaultNetworkAcl(ctx, name+"-default", &ec2.DefaultNetworkAclArgs{
		DefaultNetworkAclId: v.Vpc.DefaultNetworkAclId,
		SubnetIds:           allSubnets,
		Ingress:             networkAclIngress(a.CidrBlock),
		Egress:              networkAclEgress(a.CidrBlock),
		Tags:                a.tags(name + "-default"),
	}, in); err != nil {
		return nil, err
	}

	flowLog, logGroup, keyArn, err := a.flowLogs(ctx, name, v, env, vpcID, in)
	if err != nil {
		return nil, err
	}

	endpointIDs := pulumi.StringMap{}
	s3, err := ec2.NewVpcEndpoint(ctx, name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           vpcID,
		ServiceName:     pulumi.String(serviceNameOf(env, S3PrefixList)),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   routeTableIDs,
		Policy:          policyOf(a.EndpointPolicies[S3PrefixList]),
		Tags:            a.tags(name + "-s3"),
	}, in)
	if err != nil {
		return nil, err
	}
	v.Endpoints[S3PrefixList] = s3
	endpointIDs[S3PrefixList] = s3.ID().ToStringOutput()

	if v.SecurityGroups, err = securitygroups.NewGroups(ctx, name, a.groups(vpcID, s3.PrefixListId), in); err != nil {
		return nil, err
	}
	endpointSG := v.SecurityGroups.Groups[VpcEndpointsTier].ID().ToStringOutput()
	for _, svc := range a.InterfaceEndpoints {
		ep, err := ec2.NewVpcEndpoint(ctx, name+"-"+svc, &ec2.VpcEndpointArgs{
			VpcId:             vpcID,
			ServiceName:       pulumi.String(serviceNameOf(env, svc)),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         subnetIDs,
			SecurityGroupIds:  pulumi.StringArray{endpointSG},
			Policy:            policyOf(a.EndpointPolicies[svc]),
			Tags:              a.tags(name + "-" + svc),
		}, in)
		if err != nil {
			return nil, err
		}
		v.Endpoints[svc] = ep
		endpointIDs[svc] = ep.ID().ToStringOutput()
	}

	v.VpcId, v.CidrBlock = vpcID, v.Vpc.CidrBlock
	v.PrivateSubnetIds, v.AvailabilityZones, v.AvailabilityZoneIds = subnetIDs.ToStringArrayOutput(), zoneNames.ToStringArrayOutput(), zoneIDs.ToStringArrayOutput()
	v.PrivateRouteTableIds = routeTableIDs.ToStringArrayOutput()
	v.S3EndpointId, v.S3PrefixListId = s3.ID().ToStringOutput(), s3.PrefixListId
	v.VpcEndpointIds = endpointIDs.ToStringMapOutput()
	v.VpcEndpointSecurityGroupId = endpointSG
	v.EndpointTierSecurityGroupId = v.SecurityGroups.Groups[a.EndpointTier].ID().ToStringOutput()
	v.TierSecurityGroupIds = v.SecurityGroups.Ids
	v.NatGatewayIds = append(pulumi.StringArray{}, natIDs...).ToStringArrayOutput()
	v.FlowLogId, v.FlowLogGroupName, v.FlowLogKMSKeyArn = flowLog.ID().ToStringOutput(), logGroup.Name, keyArn
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{
		"vpcId": v.VpcId, "cidrBlock": v.CidrBlock,
		"privateSubnetIds": v.PrivateSubnetIds, "availabilityZones": v.AvailabilityZones, "availabilityZoneIds": v.AvailabilityZoneIds,
		"privateRouteTableIds": v.PrivateRouteTableIds, "s3EndpointId": v.S3EndpointId, "s3PrefixListId": v.S3PrefixListId,
		"vpcEndpointIds": v.VpcEndpointIds, "vpcEndpointSecurityGroupId": v.VpcEndpointSecurityGroupId,
		"endpointTierSecurityGroupId": v.EndpointTierSecurityGroupId, "tierSecurityGroupIds": v.TierSecurityGroupIds,
		"natGatewayIds": v.NatGatewayIds, "flowLogId": v.FlowLogId, "flowLogGroupName": v.FlowLogGroupName, "flowLogKmsKeyArn": v.FlowLogKMSKeyArn,
	})
}

// internetEgress creates the internet gateway, the NAT subnets (one route
// table for them all, to the internet gateway) and a NAT gateway per zone,
// and routes each private subnet's default route to its zone's gateway. It
// returns the NAT gateways' and NAT subnets' IDs.
func (a *Args) internetEgress(ctx *pulumi.Context, name string, vpcID pulumi.StringOutput, zones []string, cidrs []netip.Prefix, private []*ec2.RouteTable, in pulumi.ResourceOrInvokeOption) (natIDs, subnetIDs pulumi.StringArray, err error) {
	igw, err := ec2.NewInternetGateway(ctx, name, &ec2.InternetGatewayArgs{VpcId: vpcID, Tags: a.tags(name)}, in)
	if err != nil {
		return nil, nil, err
	}
	rt, err := ec2.NewRouteTable(ctx, name+"-nat", &ec2.RouteTableArgs{VpcId: vpcID, Tags: a.tags(name+"-nat", "modelfort:subnet", "nat")}, in)
	if err != nil {
		return nil, nil, err
	}
	if _, err := ec2.NewRoute(ctx, name+"-nat-internet", &ec2.RouteArgs{
		RouteTableId:         rt.ID().ToStringOutput(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
		GatewayId:            igw.ID().ToStringOutput(),
	}, in); err != nil {
		return nil, nil, err
	}
	for i, zone := range zones {
		sn, err := ec2.NewSubnet(ctx, name+"-nat-"+zone, &ec2.SubnetArgs{
			VpcId:               vpcID,
			CidrBlock:           pulumi.String(cidrs[i].String()),
			AvailabilityZone:    pulumi.String(zone),
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                a.tags(name+"-nat-"+zone, "modelfort:subnet", "nat"),
		}, in)
		if err != nil {
			return nil, nil, err
		}
		if _, err := ec2.NewRouteTableAssociation(ctx, name+"-nat-"+zone, &ec2.RouteTableAssociationArgs{
			SubnetId:     sn.ID().ToStringOutput(),
			RouteTableId: rt.ID().ToStringOutput(),
		}, in); err != nil {
			return nil, nil, err
		}
		eip, err := ec2.NewEip(ctx, name+"-nat-"+zone, &ec2.EipArgs{Domain: pulumi.String("vpc"), Tags: a.tags(name + "-nat-" + zone)},
			in, pulumi.DependsOn([]pulumi.Resource{igw}))
		if err != nil {
			return nil, nil, err
		}
		gw, err := ec2.NewNatGateway(ctx, name+"-"+zone, &ec2.NatGatewayArgs{
			SubnetId:         sn.ID().ToStringOutput(),
			AllocationId:     eip.AllocationId,
			ConnectivityType: pulumi.String("public"),
			Tags:             a.tags(name + "-" + zone),
		}, in)
		if err != nil {
			return nil, nil, err
		}
		if _, err := ec2.NewRoute(ctx, name+"-private-"+zone+"-internet", &ec2.RouteArgs{
			RouteTableId:         private[i].ID().ToStringOutput(),
			DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
			NatGatewayId:         gw.ID().ToStringOutput(),
		}, in); err != nil {
			return nil, nil, err
		}
		natIDs = append(natIDs, gw.ID().ToStringOutput())
		subnetIDs = append(subnetIDs, sn.ID().ToStringOutput())
	}
	return natIDs, subnetIDs, nil
}

// flowLogs creates the key (unless given), the log group, the delivery
// role and the flow log of all the VPC's traffic.
func (a *Args) flowLogs(ctx *pulumi.Context, name string, v *Vpc, env awsenv.Env, vpcID pulumi.StringOutput, in pulumi.ResourceOrInvokeOption) (*ec2.FlowLog, *cloudwatch.LogGroup, pulumi.StringOutput, error) {
	keyArn := a.FlowLogKMSKeyArn
	if keyArn == nil {
		var err error
		if v.Key, err = kmskey.NewKey(ctx, name+"-flow-logs", &kmskey.Args{
			Description:       "modelfort VPC flow logs " + name,
			ServicePrincipals: []string{"logs"},
			Tags:              a.Tags,
		}, in); err != nil {
			return nil, nil, pulumi.StringOutput{}, err
		}
		keyArn = v.Key.Arn
	}
	logGroup, err := cloudwatch.NewLogGroup(ctx, name+"-flow-logs", &cloudwatch.LogGroupArgs{
		KmsKeyId:        keyArn,
		RetentionInDays: pulumi.Int(a.FlowLogRetentionDays),
		Tags:            a.tags(name + "-flow-logs"),
	}, in)
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, err
	}
	// Flow logs of this account only (the confused-deputy guard AWS
	// recommends).
	trust := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
		Sid:        pulumi.String("FlowLogsOfThisAccountAssume"),
		Actions:    iampolicy.Strings("sts:AssumeRole"),
		Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("vpc-flow-logs"))),
		Conditions: iam.GetPolicyDocumentStatementConditionArray{
			iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
			iampolicy.Condition("ArnLike", "aws:SourceArn", pulumi.Sprintf("arn:%s:ec2:%s:%s:vpc-flow-log/*", env.Partition, env.Region, env.AccountId)),
		},
	}}, in)
	role, err := iam.NewRole(ctx, name+"-flow-logs", &iam.RoleArgs{
		Description:      pulumi.String("VPC flow log delivery to CloudWatch Logs for modelfort " + name),
		AssumeRolePolicy: trust,
		Tags:             a.tags(name + "-flow-logs"),
	}, in)
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, err
	}
	delivery, err := iam.NewRolePolicy(ctx, name+"-flow-logs", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{
			iam.GetPolicyDocumentStatementArgs{
				Sid:       pulumi.String("WriteFlowLogs"),
				Actions:   iampolicy.Strings("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
				Resources: pulumi.StringArray{logGroup.Arn, pulumi.Sprintf("%s:log-stream:*", logGroup.Arn)},
			},
			// The service looks its log group up before it writes; it may
			// not create one.
			iam.GetPolicyDocumentStatementArgs{
				Sid:       pulumi.String("FindFlowLogGroup"),
				Actions:   iampolicy.Strings("logs:DescribeLogGroups"),
				Resources: pulumi.StringArray{pulumi.Sprintf("arn:%s:logs:%s:%s:log-group:*", env.Partition, env.Region, env.AccountId)},
			},
		}, in),
	}, in)
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, err
	}
	flowLog, err := ec2.NewFlowLog(ctx, name, &ec2.FlowLogArgs{
		VpcId:                  vpcID,
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         logGroup.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(a.FlowLogAggregationSeconds),
		Tags:                   a.tags(name),
	}, in, pulumi.DependsOn([]pulumi.Resource{delivery}))
	if err != nil {
		return nil, nil, pulumi.StringOutput{}, err
	}
	return flowLog, logGroup, keyArn.ToStringOutput(), nil
}

// networkAclIngress: anything from inside the VPC; from outside, replies
// to HTTPS on TCP 1024 to 65535, never port 3389 (nor 22, below 1024).
func networkAclIngress(vpcCidr string) ec2.DefaultNetworkAclIngressArray {
	return ec2.DefaultNetworkAclIngressArray{
		ec2.DefaultNetworkAclIngressArgs{RuleNo: pulumi.Int(100), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"), CidrBlock: pulumi.String(vpcCidr), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0)},
		ec2.DefaultNetworkAclIngressArgs{RuleNo: pulumi.Int(200), Action: pulumi.String("allow"), Protocol: pulumi.String("tcp"), CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(1024), ToPort: pulumi.Int(3388)},
		ec2.DefaultNetworkAclIngressArgs{RuleNo: pulumi.Int(210), Action: pulumi.String("allow"), Protocol: pulumi.String("tcp"), CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(3390), ToPort: pulumi.Int(65535)},
	}
}

// networkAclEgress: anything inside the VPC; out of it, HTTPS only.
func networkAclEgress(vpcCidr string) ec2.DefaultNetworkAclEgressArray {
	return ec2.DefaultNetworkAclEgressArray{
		ec2.DefaultNetworkAclEgressArgs{RuleNo: pulumi.Int(100), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"), CidrBlock: pulumi.String(vpcCidr), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0)},
		ec2.DefaultNetworkAclEgressArgs{RuleNo: pulumi.Int(200), Action: pulumi.String("allow"), Protocol: pulumi.String("tcp"), CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443)},
	}
}

// availableZones asks the provider that opts select for the region's
// available zones that need no opt-in (no Local or Wavelength Zones).
func availableZones(ctx *pulumi.Context, opts ...pulumi.ResourceOption) ([]string, error) {
	ro, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return nil, err
	}
	var inv []pulumi.InvokeOption
	if ro.Parent != nil {
		inv = append(inv, pulumi.Parent(ro.Parent))
	}
	if ro.Provider != nil {
		inv = append(inv, pulumi.Provider(ro.Provider))
	}
	state := "available"
	res, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		State:   &state,
		Filters: []aws.GetAvailabilityZonesFilter{{Name: "opt-in-status", Values: []string{"opt-in-not-required"}}},
	}, inv...)
	if err != nil {
		return nil, fmt.Errorf("looking up the availability zones: %w", err)
	}
	return res.Names, nil
}

// serviceNameOf is a VPC endpoint service name: "com.amazonaws.REGION.s3".
func serviceNameOf(env awsenv.Env, service string) string {
	return fmt.Sprintf("com.amazonaws.%s.%s", env.Region, service)
}

func policyOf(p pulumi.StringInput) pulumi.StringPtrInput {
	if p == nil {
		return nil
	}
	return p.ToStringOutput()
}

// tags adds a Name tag, and further key-value pairs, to the caller's tags.
func (a *Args) tags(nameTag string, kv ...string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for k, v := range a.Tags {
		out[k] = pulumi.String(v)
	}
	out["Name"] = pulumi.String(nameTag)
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = pulumi.String(kv[i+1])
	}
	return out
}

func strs(ps []netip.Prefix) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
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
