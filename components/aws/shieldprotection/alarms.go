package shieldprotection

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/shield"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/tags"
)

// metricRegions are where Shield reports the metrics of global resources.
var metricRegions = map[string]string{
	CloudFrontDistribution: "us-east-1",
	Route53HostedZone:      "us-east-1",
	GlobalAccelerator:      "us-west-2",
}

// alarmRegions finds where each resource's alarm will be, and checks that
// Shield reports the resource's metrics there.
func (a *Args) alarmRegions(ctx *pulumi.Context, opts []pulumi.ResourceOption) (map[string]string, error) {
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for i, r := range a.Resources {
		region := env.Region
		if r.AlarmProvider != nil {
			alarmEnv, err := awsenv.Lookup(ctx, pulumi.Provider(r.AlarmProvider))
			if err != nil {
				return nil, err
			}
			region = alarmEnv.Region
		}
		want := metricRegions[r.Type]
		if s, ok := r.Arn.(pulumi.String); ok && want == "" {
			want, _ = arnRegions[r.Type](string(s))
		}
		if want != "" && region != want {
			return nil, fmt.Errorf("Resources[%d] (%s) has its Shield metrics in %s but its alarm would be in %s; give Resources[%d].AlarmProvider, a provider in %s",
				i, r.Type, want, region, i, want)
		}
		out[r.Name] = region
	}
	return out, nil
}

// alarm creates the DDoSDetected alarm of the protection p of r, named
// child + "-ddos-detected", through r's AlarmProvider when it has one.
func (a *Args) alarm(ctx *pulumi.Context, child string, r Resource, p *shield.Protection, in pulumi.ResourceOrInvokeOption) (*cloudwatch.MetricAlarm, error) {
	opts := []pulumi.ResourceOption{in}
	if r.AlarmProvider != nil {
		opts = append(opts, pulumi.Provider(r.AlarmProvider))
	}
	actions := pulumi.Array{}
	for _, act := range a.AlarmActions {
		actions = append(actions, act)
	}
	return cloudwatch.NewMetricAlarm(ctx, child+"-ddos-detected", &cloudwatch.MetricAlarmArgs{
		AlarmDescription:   pulumi.Sprintf("Shield Advanced detected a DDoS event on %s (%s)", r.Name, r.Type),
		Namespace:          pulumi.String("AWS/DDoSProtection"),
		MetricName:         pulumi.String("DDoSDetected"),
		Dimensions:         pulumi.StringMap{"ResourceArn": r.Arn},
		Statistic:          pulumi.String("Maximum"),
		Period:             pulumi.Int(60),
		EvaluationPeriods:  pulumi.Int(1),
		Threshold:          pulumi.Float64(1),
		ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
		// Between events Shield reports once a day: no data is no attack.
		TreatMissingData: pulumi.String("notBreaching"),
		AlarmActions:     actions,
		OkActions:        actions,
		Tags:             tags.Of(a.Tags),
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{p}))...)
}
