package privatenetwork

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/security"
)

// newGroups creates a security group per tier, then the rules between
// them and to address blocks.
func (n *Network) newGroups(ctx *pulumi.Context, name string, a Args, rules []rule, tags pulumi.MapInput, opts ...pulumi.ResourceOption) error {
	ids := pulumi.StringMap{}
	for _, t := range n.Tiers {
		g, err := security.NewGroup(ctx, name+"-"+t, &security.GroupArgs{
			Name:        pulumi.String(name + "-" + t),
			Description: pulumi.String(a.Tiers[t].Description),
			Tags:        tags,
		}, opts...)
		if err != nil {
			return err
		}
		n.Groups[t] = g
		ids[t] = g.ID().ToStringOutput()
	}
	n.SecurityGroupIds = ids.ToStringMapOutput()
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
		if _, err := security.NewGroupRule(ctx, name+"-"+r.key, args, opts...); err != nil {
			return err
		}
	}
	return nil
}
