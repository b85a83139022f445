// Command tencent-private-network is an example of privatenetwork.Network:
// a private VPC with a subnet in each of three zones and the serving tiers
// (clients, internal load balancer, nodes), whose security group rules
// name each other's groups.
//
//	pulumi config set tencentcloud:region ap-guangzhou
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
)

func program(ctx *pulumi.Context) error {
	network, err := privatenetwork.NewNetwork(ctx, "serving", &privatenetwork.Args{
		CidrBlock: "10.20.0.0/16",
		ZoneCount: 3,
	})
	if err != nil {
		return err
	}
	ctx.Export("vpcId", network.VpcId)
	ctx.Export("subnetIds", network.SubnetIds)
	ctx.Export("zones", network.Zones)
	ctx.Export("securityGroupIds", network.SecurityGroupIds)
	return nil
}

func main() {
	pulumi.Run(program)
}
