package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/securitygroups"
)

// SecurityGroupsArgs are securitygroups.Args on the wire.
type SecurityGroupsArgs struct {
	VpcId       pulumi.StringInput            `pulumi:"vpcId,optional"`
	Tiers       map[string]SecurityGroupTier  `pulumi:"tiers,optional"`
	Flows       []SecurityGroupFlow           `pulumi:"flows,optional"`
	PrefixLists map[string]pulumi.StringInput `pulumi:"prefixLists,optional"`
	Tags        map[string]string             `pulumi:"tags,optional"`
}

// SecurityGroupTier is securitygroups.Tier on the wire.
type SecurityGroupTier struct {
	Description    string              `pulumi:"description,optional"`
	Ingress        []SecurityGroupRule `pulumi:"ingress,optional"`
	Egress         []SecurityGroupRule `pulumi:"egress,optional"`
	AllowCidrRules bool                `pulumi:"allowCidrRules,optional"`
}

// SecurityGroupRule is securitygroups.Rule on the wire.
type SecurityGroupRule struct {
	Description string `pulumi:"description,optional"`
	Protocol    string `pulumi:"protocol,optional"`
	FromPort    int    `pulumi:"fromPort,optional"`
	ToPort      int    `pulumi:"toPort,optional"`
	Tier        string `pulumi:"tier,optional"`
	PrefixList  string `pulumi:"prefixList,optional"`
	CidrBlock   string `pulumi:"cidrBlock,optional"`
}

// SecurityGroupFlow is securitygroups.Flow on the wire.
type SecurityGroupFlow struct {
	Client      string `pulumi:"client,optional"`
	Server      string `pulumi:"server,optional"`
	Protocol    string `pulumi:"protocol,optional"`
	FromPort    int    `pulumi:"fromPort,optional"`
	ToPort      int    `pulumi:"toPort,optional"`
	Description string `pulumi:"description,optional"`
}

// securityGroupTiers converts tiers; nil stays nil.
func securityGroupTiers(tiers map[string]SecurityGroupTier) map[string]securitygroups.Tier {
	if tiers == nil {
		return nil
	}
	rules := func(rs []SecurityGroupRule) []securitygroups.Rule {
		var out []securitygroups.Rule
		for _, r := range rs {
			out = append(out, securitygroups.Rule{
				Description: r.Description, Protocol: r.Protocol, FromPort: r.FromPort, ToPort: r.ToPort,
				Tier: r.Tier, PrefixList: r.PrefixList, CidrBlock: r.CidrBlock,
			})
		}
		return out
	}
	out := make(map[string]securitygroups.Tier, len(tiers))
	for name, t := range tiers {
		out[name] = securitygroups.Tier{
			Description:    t.Description,
			Ingress:        rules(t.Ingress),
			Egress:         rules(t.Egress),
			AllowCidrRules: t.AllowCidrRules,
		}
	}
	return out
}

// securityGroupFlows converts flows.
func securityGroupFlows(flows []SecurityGroupFlow) []securitygroups.Flow {
	var out []securitygroups.Flow
	for _, f := range flows {
		out = append(out, securitygroups.Flow{
			Client: f.Client, Server: f.Server, Protocol: f.Protocol,
			FromPort: f.FromPort, ToPort: f.ToPort, Description: f.Description,
		})
	}
	return out
}

func newSecurityGroups(ctx *pulumi.Context, name string, a SecurityGroupsArgs, opts ...pulumi.ResourceOption) (*securitygroups.Groups, error) {
	return securitygroups.NewGroups(ctx, name, &securitygroups.Args{
		VpcId:       a.VpcId,
		Tiers:       securityGroupTiers(a.Tiers),
		Flows:       securityGroupFlows(a.Flows),
		PrefixLists: a.PrefixLists,
		Tags:        a.Tags,
	}, opts...)
}
