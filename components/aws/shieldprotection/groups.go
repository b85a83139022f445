package shieldprotection

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/shield"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/tags"
)

// groups creates the protection groups, after every protection (a
// group's members must be protected first).
func (a *Args) groups(ctx *pulumi.Context, name string, protections []pulumi.Resource, out outputMaps, in pulumi.ResourceOrInvokeOption) error {
	byName := map[string]pulumi.StringInput{}
	for _, r := range a.Resources {
		byName[r.Name] = r.Arn
	}
	for _, g := range a.Groups {
		groupArgs := &shield.ProtectionGroupArgs{
			ProtectionGroupId: pulumi.String(g.ID),
			Pattern:           pulumi.String(g.Pattern),
			Aggregation:       pulumi.String(g.Aggregation),
			Tags:              tags.Of(a.Tags),
		}
		if g.ResourceType != "" {
			groupArgs.ResourceType = pulumi.String(g.ResourceType)
		}
		if len(g.Members)+len(g.MemberArns) > 0 {
			members := pulumi.StringArray{}
			for _, m := range g.Members {
				members = append(members, byName[m])
			}
			groupArgs.Members = append(members, g.MemberArns...)
		}
		group, err := shield.NewProtectionGroup(ctx, name+"-"+g.ID, groupArgs, in, pulumi.DependsOn(protections))
		if err != nil {
			return err
		}
		out.groupIDs[g.ID] = group.ID().ToStringOutput()
		out.groupArns[g.ID] = group.ProtectionGroupArn
	}
	return nil
}
