// Command fault-injection is an example of faultinjection.Experiments:
// the FIS experiment template of a region-outage drill for a private VPC
// (privatevpc.Vpc) standing in for the primary site. Started, the
// experiment cuts all traffic in and out of the VPC's private subnets for
// 15 minutes; it stops early when its stop alarm fires, which anyone
// allowed to put the metric can make it do:
//
//	aws cloudwatch put-metric-data --region REGION --namespace modelfort/Drills \
//	    --metric-name StopRequested --dimensions Experiment=drill --value 1
//
// The config "stopAlarmArn", if set, is a further alarm of the region
// (the serving path's health, say) that stops the experiment, and
// "alarmTopicArn" a topic of the region that the stop alarm notifies;
// without it, the stop alarm notifies an incident routing
// (incidents.Routing) that emails "oncallEmail" (oncall@example.com
// unless set).
//
//	pulumi config set aws:region us-east-1
//	pulumi up
//	aws fis start-experiment --experiment-template-id $(pulumi stack output regionOutageTemplateId)
package main

import (
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/faultinjection"
	"github.com/modelfort/modelfort/components/aws/incidents"
	"github.com/modelfort/modelfort/components/aws/privatevpc"
)

func program(ctx *pulumi.Context) error {
	site, err := privatevpc.NewVpc(ctx, "primary", &privatevpc.Args{CidrBlock: "10.10.0.0/16"})
	if err != nil {
		return err
	}
	var subnets []pulumi.StringInput
	for _, s := range site.PrivateSubnets {
		subnets = append(subnets, s.Arn)
	}
	args := &faultinjection.Args{
		RegionOutage: &faultinjection.RegionOutage{
			SubnetArns: subnets,
			VpcId:      site.VpcId,
			Duration:   15 * time.Minute,
		},
		LogRetentionDays: 90,
		Tags:             map[string]string{"purpose": "dr-drill"},
	}
	if arn := config.Get(ctx, "stopAlarmArn"); arn != "" {
		args.StopAlarmArns = []pulumi.StringInput{pulumi.String(arn)}
	}
	if arn := config.Get(ctx, "alarmTopicArn"); arn != "" {
		args.AlarmTopicArn = pulumi.String(arn)
	} else {
		email := config.Get(ctx, "oncallEmail")
		if email == "" {
			email = "oncall@example.com"
		}
		routing, err := incidents.NewRouting(ctx, "incidents", &incidents.Args{Emails: []string{email}})
		if err != nil {
			return err
		}
		args.AlarmTopicArn = routing.TopicArn
	}
	drill, err := faultinjection.NewExperiments(ctx, "drill", args)
	if err != nil {
		return err
	}
	ctx.Export("regionOutageTemplateId", drill.RegionOutageTemplateId)
	ctx.Export("regionOutageTemplateArn", drill.RegionOutageTemplateArn)
	ctx.Export("stopAlarmName", drill.StopAlarmName)
	ctx.Export("roleArn", drill.RoleArn)
	ctx.Export("logGroupName", drill.LogGroupName)
	ctx.Export("duration", pulumi.String(drill.Duration))
	ctx.Export("stopMetric", pulumi.Sprintf("%s/%s %s=%s", faultinjection.StopMetricNamespace, faultinjection.StopMetricName,
		faultinjection.StopMetricDimension, drill.StopMetricDimensionValue))
	return nil
}

func main() {
	pulumi.Run(program)
}
