// Command tencent-internal-clb is an example of internalclb.LoadBalancer:
// an INTERNAL CLB in a private network's first zone, with the second as
// its slave zone, bound to the network's load-balancer tier and logging
// to CLS.
//
//	pulumi config set tencentcloud:region ap-guangzhou
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/tencentcloud/internalclb"
	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
)

func program(ctx *pulumi.Context) error {
	network, err := privatenetwork.NewNetwork(ctx, "serving", nil)
	if err != nil {
		return err
	}
	lb, err := internalclb.NewLoadBalancer(ctx, "serving", &internalclb.Args{
		VpcId:            network.VpcId,
		SubnetId:         network.SubnetIdInputs()[0],
		SecurityGroupIds: []pulumi.StringInput{network.GroupID(privatenetwork.TierCLB)},
		// Lets the example be destroyed; by default the CLB is protected.
		AllowDeletion: true,
	})
	if err != nil {
		return err
	}
	ctx.Export("loadBalancerId", lb.LoadBalancerId)
	ctx.Export("vips", lb.Vips)
	return nil
}

func main() {
	pulumi.Run(program)
}
