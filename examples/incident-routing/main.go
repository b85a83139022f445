// Command incident-routing is an example of incidents.Routing: one per
// region, in the primary region and a disaster-recovery region. Each
// sends GuardDuty findings of High severity or more, new HIGH and
// CRITICAL Security Hub findings, and failed AWS Backup jobs of its region
// to an encrypted SNS topic that the address in "email" subscribes to
// (its owner confirms from the message AWS sends), or, with "topicArn", to
// that existing topic of the primary region. With "endpointName", a
// SageMaker endpoint's 5XX alarm notifies the primary routing.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2
//	pulumi config set email oncall@example.com
//	pulumi config set endpointName deepseek-r1   # optional
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/incidents"
)

func program(ctx *pulumi.Context) error {
	drRegion := config.Get(ctx, "drRegion")
	if drRegion == "" {
		drRegion = "us-west-2"
	}
	email := config.Get(ctx, "email")
	if email == "" {
		email = "oncall@example.com"
	}
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
	if err != nil {
		return err
	}
	args := &incidents.Args{Emails: []string{email}}
	if topic := config.Get(ctx, "topicArn"); topic != "" {
		// An existing topic: its policy, key and other subscribers are
		// managed where it is (see the component's README).
		args = &incidents.Args{TopicArn: pulumi.String(topic)}
	}
	primary, err := incidents.NewRouting(ctx, "incidents", args)
	if err != nil {
		return err
	}
	// The DR region's findings and failed jobs, to the same address.
	standby, err := incidents.NewRouting(ctx, "incidents-dr", &incidents.Args{Emails: []string{email}}, pulumi.Provider(dr))
	if err != nil {
		return err
	}
	if endpoint := config.Get(ctx, "endpointName"); endpoint != "" {
		if _, err := cloudwatch.NewMetricAlarm(ctx, "endpoint-5xx", &cloudwatch.MetricAlarmArgs{
			AlarmDescription:   pulumi.String("Model endpoint " + endpoint + " returns 5XX errors"),
			Namespace:          pulumi.String("AWS/SageMaker"),
			MetricName:         pulumi.String("Invocation5XXErrors"),
			Dimensions:         pulumi.StringMap{"EndpointName": pulumi.String(endpoint), "VariantName": pulumi.String("AllTraffic")},
			Statistic:          pulumi.String("Sum"),
			Period:             pulumi.Int(60),
			EvaluationPeriods:  pulumi.Int(3),
			Threshold:          pulumi.Float64(5),
			ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
			TreatMissingData:   pulumi.String("notBreaching"),
			AlarmActions:       primary.AlarmActionsArray(),
			OkActions:          primary.AlarmActionsArray(),
		}); err != nil {
			return err
		}
	}
	ctx.Export("topic", primary.TopicArn)
	ctx.Export("rules", primary.RuleArns)
	ctx.Export("subscriptions", primary.SubscriptionArns)
	ctx.Export("drTopic", standby.TopicArn)
	ctx.Export("drRules", standby.RuleArns)
	return nil
}

func main() {
	pulumi.Run(program)
}
