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

// alarms creates the encrypted alarm topic and the 5XX, latency and
// invocation-anomaly alarms.
func (a *Args) alarms(ctx *pulumi.Context, name string, endpoint *sagemaker.Endpoint, in pulumi.ResourceOption) (*sns.Topic, error) {
	_, key, err := encryption.KeyOrOwn(ctx, pkg, name+"-alarms", nil, kmskey.Args{
		Description:       "modelfort alarms of endpoint " + name,
		ViaServices:       []string{"sns"},
		ServicePrincipals: []string{"cloudwatch"},
		Tags:              a.Tags,
	}, in)
	if err != nil {
		return nil, err
	}
	topic, err := sns.NewTopic(ctx, name+"-alarms", &sns.TopicArgs{
		KmsMasterKeyId: key.Arn,
		Tags:           tags.Of(a.Tags),
	}, in)
	if err != nil {
		return nil, err
	}
	for i, email := range a.AlarmEmails {
		if _, err := sns.NewTopicSubscription(ctx, fmt.Sprintf("%s-alarms-%d", name, i), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, in); err != nil {
			return nil, err
		}
	}
	dims := pulumi.StringMap{"EndpointName": endpoint.Name, "VariantName": pulumi.String(VariantName)}
	actions := pulumi.Array{topic.Arn}
	for _, m := range []struct {
		suffix, description, metric, statistic, comparison string
		periods                                            int
		threshold                                          float64
	}{
		{"5xx", "returns 5XX errors", "Invocation5XXErrors", "Sum", "GreaterThanOrEqualToThreshold", 1, float64(a.ErrorThreshold)},
		// ModelLatency is in microseconds.
		{"latency", "answers slowly", "ModelLatency", "Average", "GreaterThanThreshold", 3, float64(a.LatencyThresholdSeconds) * 1e6},
	} {
		if _, err := cloudwatch.NewMetricAlarm(ctx, name+"-"+m.suffix, &cloudwatch.MetricAlarmArgs{
			AlarmDescription:   pulumi.String("Model endpoint " + name + " " + m.description),
			Namespace:          pulumi.String("AWS/SageMaker"),
			MetricName:         pulumi.String(m.metric),
			Dimensions:         dims,
			Statistic:          pulumi.String(m.statistic),
			Period:             pulumi.Int(300),
			EvaluationPeriods:  pulumi.Int(m.periods),
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
	return topic, err
}
