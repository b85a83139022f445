package modelendpoint

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/tags"
)

// alarmSet is what alarms creates that the endpoint exposes.
type alarmSet struct {
	topicArn        pulumi.StringOutput
	errors, latency *cloudwatch.MetricAlarm
}

// alarms creates the encrypted alarm topic (unless AlarmTopicArn is
// given); the 5XX and latency alarms,
// which health checks may watch to fail over (standard resolution, one
// metric, AlarmPeriodSeconds, N out of N of AlarmEvaluationPeriods); and
// the invocation-anomaly alarm.
func (a *Args) alarms(ctx *pulumi.Context, name string, endpoint *sagemaker.Endpoint, in pulumi.ResourceOption) (*alarmSet, error) {
	topicArn, err := a.alarmTopic(ctx, name, in)
	if err != nil {
		return nil, err
	}
	dims := pulumi.StringMap{"EndpointName": endpoint.Name, "VariantName": pulumi.String(VariantName)}
	actions := pulumi.Array{topicArn}
	set := &alarmSet{topicArn: topicArn}
	for _, m := range []struct {
		alarm                                              **cloudwatch.MetricAlarm
		suffix, description, metric, statistic, comparison string
		threshold                                          float64
	}{
		{&set.errors, "5xx", "returns 5XX errors", "Invocation5XXErrors", "Sum", "GreaterThanOrEqualToThreshold", float64(a.ErrorThreshold)},
		// ModelLatency is in microseconds.
		{&set.latency, "latency", "answers slowly", "ModelLatency", "Average", "GreaterThanThreshold", float64(a.LatencyThresholdSeconds) * 1e6},
	} {
		if *m.alarm, err = cloudwatch.NewMetricAlarm(ctx, name+"-"+m.suffix, &cloudwatch.MetricAlarmArgs{
			AlarmDescription: pulumi.String(fmt.Sprintf("Model endpoint %s %s (%d of %d periods of %d s)",
				name, m.description, a.AlarmEvaluationPeriods, a.AlarmEvaluationPeriods, a.AlarmPeriodSeconds)),
			Namespace:          pulumi.String("AWS/SageMaker"),
			MetricName:         pulumi.String(m.metric),
			Dimensions:         dims,
			Statistic:          pulumi.String(m.statistic),
			Period:             pulumi.Int(a.AlarmPeriodSeconds),
			EvaluationPeriods:  pulumi.Int(a.AlarmEvaluationPeriods),
			DatapointsToAlarm:  pulumi.Int(a.AlarmEvaluationPeriods),
			Threshold:          pulumi.Float64(m.threshold),
			ComparisonOperator: pulumi.String(m.comparison),
			TreatMissingData:   pulumi.String("notBreaching"),
			AlarmActions:       actions, OkActions: actions,
		}, in); err != nil {
			return nil, err
		}
	}
	_, err = cloudwatch.NewMetricAlarm(ctx, name+"-invocations-anomaly", &cloudwatch.MetricAlarmArgs{
		AlarmDescription:   pulumi.String("Model endpoint " + name + " receives an unusual number of invocations"),
		ComparisonOperator: pulumi.String("LessThanLowerOrGreaterThanUpperThreshold"),
		EvaluationPeriods:  pulumi.Int(3),
		ThresholdMetricId:  pulumi.String("band"),
		TreatMissingData:   pulumi.String("ignore"),
		AlarmActions:       actions, OkActions: actions,
		MetricQueries: cloudwatch.MetricAlarmMetricQueryArray{
			&cloudwatch.MetricAlarmMetricQueryArgs{
				Id:         pulumi.String("invocations"),
				ReturnData: pulumi.Bool(true),
				Metric: &cloudwatch.MetricAlarmMetricQueryMetricArgs{
					Namespace: pulumi.String("AWS/SageMaker"), MetricName: pulumi.String("Invocations"),
					Dimensions: dims, Period: pulumi.Int(300), Stat: pulumi.String("Sum"),
				},
			},
			&cloudwatch.MetricAlarmMetricQueryArgs{
				Id:         pulumi.String("band"),
				Expression: pulumi.String(fmt.Sprintf("ANOMALY_DETECTION_BAND(invocations, %d)", a.AnomalyBandWidth)),
				Label:      pulumi.String("expected invocations"),
				ReturnData: pulumi.Bool(true),
			},
		},
	}, in)
	if err != nil {
		return nil, err
	}
	return set, nil
}

// alarmTopic returns AlarmTopicArn, or creates the component's own topic,
// encrypted with a key of its own that CloudWatch may use, with
// AlarmEmails subscribed.
func (a *Args) alarmTopic(ctx *pulumi.Context, name string, in pulumi.ResourceOption) (pulumi.StringOutput, error) {
	if a.AlarmTopicArn != nil {
		return a.AlarmTopicArn.ToStringOutput(), nil
	}
	_, key, err := encryption.KeyOrOwn(ctx, pkg, name+"-alarms", nil, kmskey.Args{
		Description:       "modelfort alarms of endpoint " + name,
		ViaServices:       []string{"sns"},
		ServicePrincipals: []string{"cloudwatch"},
		Tags:              a.Tags,
	}, in)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	topic, err := sns.NewTopic(ctx, name+"-alarms", &sns.TopicArgs{
		KmsMasterKeyId: key.Arn,
		Tags:           tags.Of(a.Tags),
	}, in)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	for i, email := range a.AlarmEmails {
		if _, err := sns.NewTopicSubscription(ctx, fmt.Sprintf("%s-alarms-%d", name, i), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, in); err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	return topic.Arn, nil
}
