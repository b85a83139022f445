// Command tencent-failover is an example of failover.Failover: one private
// name, model.modelfort.internal, that clients in two regions resolve to
// the active region's internal load balancer, over a Cloud Connect Network
// that joins the regions' VPCs.
//
//	pulumi config set tencentcloud:region ap-guangzhou
//	pulumi up
//	pulumi config set active ap-shanghai && pulumi up   # fail over
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"

	"github.com/modelfort/modelfort/components/tencentcloud/failover"
	"github.com/modelfort/modelfort/components/tencentcloud/internalclb"
	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
)

// site is a region's network and internal load balancer.
func site(ctx *pulumi.Context, region, cidr string) (failover.Site, error) {
	prov, err := tencentcloud.NewProvider(ctx, region, &tencentcloud.ProviderArgs{Region: pulumi.String(region)})
	if err != nil {
		return failover.Site{}, err
	}
	in := pulumi.Provider(prov)
	network, err := privatenetwork.NewNetwork(ctx, region, &privatenetwork.Args{CidrBlock: cidr}, in)
	if err != nil {
		return failover.Site{}, err
	}
	lb, err := internalclb.NewLoadBalancer(ctx, region, &internalclb.Args{
		VpcId:            network.VpcId,
		SubnetId:         network.SubnetIdInputs()[0],
		SecurityGroupIds: []pulumi.StringInput{network.GroupID(privatenetwork.TierCLB)},
		ClbName:          "modelfort-example-" + region,
		AllowDeletion:    true,
	}, in)
	if err != nil {
		return failover.Site{}, err
	}
	return failover.Site{Region: region, VpcId: network.VpcId, Address: lb.Vips.Index(pulumi.Int(0))}, nil
}

func program(ctx *pulumi.Context) error {
	primary, err := site(ctx, "ap-guangzhou", "10.0.0.0/16")
	if err != nil {
		return err
	}
	replica, err := site(ctx, "ap-shanghai", "10.1.0.0/16")
	if err != nil {
		return err
	}
	active := config.Get(ctx, "active")
	if active == "" {
		active = primary.Region
	}
	f, err := failover.NewFailover(ctx, "serving", &failover.Args{
		Domain: "modelfort.internal",
		Sites:  []failover.Site{primary, replica},
		Active: active,
	})
	if err != nil {
		return err
	}
	ctx.Export("name", f.Name)
	ctx.Export("address", f.Address)
	return nil
}

func main() {
	pulumi.Run(program)
}
