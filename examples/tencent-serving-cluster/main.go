// Command tencent-serving-cluster is an example of servingcluster.Cluster:
// a managed TKE cluster in a private network, reachable only inside the
// VPC, whose GPU node pool spreads over two zones.
//
//	pulumi config set tencentcloud:region ap-guangzhou
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
	"github.com/modelfort/modelfort/components/tencentcloud/servingcluster"
)

func program(ctx *pulumi.Context) error {
	network, err := privatenetwork.NewNetwork(ctx, "serving", nil)
	if err != nil {
		return err
	}
	cluster, err := servingcluster.NewCluster(ctx, "serving", &servingcluster.Args{
		VpcId:            network.VpcId,
		SubnetIds:        network.SubnetIdInputs(),
		SecurityGroupIds: []pulumi.StringInput{network.GroupID(privatenetwork.TierNodes)},
		InstanceType:     "GN7.2XLARGE32",
		MaxNodes:         4,
		// Lets the example be destroyed; by default deletion protection is
		// on.
		AllowDeletion: true,
	})
	if err != nil {
		return err
	}
	ctx.Export("clusterId", cluster.ClusterId)
	ctx.Export("endpoint", cluster.Endpoint)
	return nil
}

func main() {
	pulumi.Run(program)
}
