package privatevpc

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/securitygroups"
)

// groups returns the Args of the component's Groups: the workload tiers
// with HTTPS to S3 for the endpoint clients, the "vpc-endpoints" tier, and
// a flow from each client to it.
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
