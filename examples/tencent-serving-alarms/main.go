// Command tencent-serving-alarms is an example of servingalarms.Alarms:
// the Cloud Monitor alarm policies of a serving site (its internal CLB,
// its TKE cluster's nodes and GPUs, its model bucket), notifying the
// people of a notification template, and the workload's CLS log topic in
// the CLB's log set.
//
// Cloud Monitor notification templates cannot be created with this
// provider: make one in the console (Alarm Management > Notification
// Templates) and pass its ID.
//
//	pulumi config set tencentcloud:region ap-guangzhou
//	pulumi config set alarms:noticeId notice-xxxxxxxx
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/tencentcloud/internalclb"
	"github.com/modelfort/modelfort/components/tencentcloud/privatenetwork"
	"github.com/modelfort/modelfort/components/tencentcloud/servingalarms"
	"github.com/modelfort/modelfort/components/tencentcloud/servingcluster"
)

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "alarms")
	network, err := privatenetwork.NewNetwork(ctx, "serving", nil)
	if err != nil {
		return err
	}
	lb, err := internalclb.NewLoadBalancer(ctx, "serving", &internalclb.Args{
		VpcId:            network.VpcId,
		SubnetId:         network.SubnetIdInputs()[0],
		SecurityGroupIds: []pulumi.StringInput{network.GroupID(privatenetwork.TierCLB)},
		AllowDeletion:    true,
	})
	if err != nil {
		return err
	}
	cluster, err := servingcluster.NewCluster(ctx, "serving", &servingcluster.Args{
		VpcId:            network.VpcId,
		SubnetIds:        network.SubnetIdInputs(),
		SecurityGroupIds: []pulumi.StringInput{network.GroupID(privatenetwork.TierNodes)},
		InstanceType:     "GN7.2XLARGE32",
		AllowDeletion:    true,
	})
	if err != nil {
		return err
	}
	alarms, err := servingalarms.NewAlarms(ctx, "serving", &servingalarms.Args{
		LoadBalancerId: lb.LoadBalancerId,
		Vip:            lb.Vips.Index(pulumi.Int(0)),
		VpcId:          network.VpcId,
		// The serving cluster's Service opens HTTPS on 443.
		Listeners: []servingalarms.Listener{{Port: 443, Protocol: "HTTPS"}},
		ClusterId: cluster.ClusterId,
		NoticeIds: []pulumi.StringInput{pulumi.String(cfg.Require("noticeId"))},
		// The workload's topic joins the CLB's access logs.
		LogSetId: lb.LogSetId,
	})
	if err != nil {
		return err
	}
	ctx.Export("policyIds", alarms.PolicyIds)
	ctx.Export("logTopicId", alarms.LogTopicId)
	return nil
}

func main() {
	pulumi.Run(program)
}
