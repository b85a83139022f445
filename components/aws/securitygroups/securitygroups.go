package securitygroups

import (
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:SecurityGroups"

// pkg prefixes the component's errors.
const pkg = "securitygroups"

// tierTag is the tag that names a group's or a rule's tier.
const tierTag = "modelfort:tier"

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

// NewGroups creates a security group per tier and the rules
// between them. Args are checked before anything is registered. Resource
// options (provider, protect, aliases, ...) apply to the component and
// through it to every group and rule.
func NewGroups(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Groups, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	s := &Groups{Groups: map[string]*ec2.SecurityGroup{}, Tiers: slices.Sorted(maps.Keys(a.Tiers))}
	in, err := component.Register(ctx, Type, name, s, opts...)
	if err != nil {
		return nil, err
	}
	vpcID := a.VpcId.ToStringOutput()
	ids := pulumi.StringMap{}
	for _, t := range s.Tiers {
		sg, err := ec2.NewSecurityGroup(ctx, name+"-"+t, &ec2.SecurityGroupArgs{
			VpcId:       vpcID,
			Description: pulumi.String(a.Tiers[t].Description),
			Tags:        tags.Named(a.Tags, name+"-"+t, tierTag, t),
		}, in)
		if err != nil {
			return nil, err
		}
		s.Groups[t] = sg
		ids[t] = sg.ID().ToStringOutput()
	}
	for _, r := range a.rules {
		if err := a.newRule(ctx, name, s, r, in); err != nil {
			return nil, err
		}
	}
	s.Ids = ids.ToStringMapOutput()
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"ids": s.Ids})
}
