package privatenetwork

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/security"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/subnet"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/vpc"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tcenv"
)

// Type is the component's type token.
const Type = "modelfort:tencentcloud:PrivateNetwork"

// pkg prefixes the component's errors.
const pkg = "privatenetwork"

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

// NewNetwork creates a network. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to every resource it creates.
func NewNetwork(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Network, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := tcenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	if err := a.placeZones(env); err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	rules, err := a.rules()
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}

	n := &Network{Region: env.Region, ZoneNames: slices.Clone(a.Zones), Tiers: slices.Sorted(maps.Keys(a.Tiers)), Groups: map[string]*security.Group{}}
	in, err := component.Register(ctx, Type, name, n, opts...)
	if err != nil {
		return nil, err
	}
	tags := tcenv.Tags(a.Tags)
	if n.Vpc, err = vpc.NewInstance(ctx, name, &vpc.InstanceArgs{
		Name:        pulumi.String(name),
		CidrBlock:   pulumi.String(a.CidrBlock),
		IsMulticast: pulumi.Bool(false),
		Tags:        tags,
	}, in); err != nil {
		return nil, err
	}
	if err := n.newSubnets(ctx, name, a, tags, in); err != nil {
		return nil, err
	}
	if err := n.newGroups(ctx, name, a, rules, tags, in); err != nil {
		return nil, err
	}
	n.VpcId = n.Vpc.ID().ToStringOutput()
	n.CidrBlock = n.Vpc.CidrBlock
	n.Zones = pulumi.ToStringArray(a.Zones).ToStringArrayOutput()
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId": n.VpcId, "cidrBlock": n.CidrBlock, "subnetIds": n.SubnetIds,
		"zones": n.Zones, "securityGroupIds": n.SecurityGroupIds,
	})
}

// placeZones fills in the zones a leaves out with the region's first
// ZoneCount zones, and checks that every zone is one of the region's.
func (a *Args) placeZones(env tcenv.Env) error {
	if len(a.Zones) == 0 {
		if len(env.Zones) < a.ZoneCount {
			return fmt.Errorf("ZoneCount is %d; allowed values are at most %d, the zones of %s (%s)", a.ZoneCount, len(env.Zones), env.Region, strings.Join(env.Zones, ", "))
		}
		a.Zones = env.Zones[:a.ZoneCount]
	}
	for _, z := range a.Zones {
		if !slices.Contains(env.Zones, z) {
			return fmt.Errorf("Zones has %q; allowed values are the zones of %s: %s", z, env.Region, strings.Join(env.Zones, ", "))
		}
	}
	return nil
}
