package wormbucket

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/encryption"
)

// The replication alarms watch the S3 Replication metrics of the rule, in
// the AWS/S3 namespace, by the dimensions SourceBucket, DestinationBucket
// and RuleId ("S3 Replication dimensions in CloudWatch",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html).
// S3 publishes them per minute once the rule's Metrics are enabled (S3 RTC
// turns them on; the rule enables both), "minute-by-minute", best effort
// ("Using S3 Replication metrics",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
// That page also says where each lands, which decides where each alarm
// lives: ReplicationLatency, BytesPendingReplication and
// OperationsPendingReplication in the destination bucket's region,
// OperationsFailedReplication in the source bucket's. A CloudWatch alarm
// watches metrics of its own region and notifies SNS topics of its own
// region only (PutMetricAlarm answers "Invalid region X specified. Only Y
// is supported" otherwise: https://github.com/cds-snc/notification-terraform/pull/128),
// so each region gets its alarm and its topic.
const (
	// ReplicationMetricsNamespace is where S3 publishes replication metrics.
	ReplicationMetricsNamespace = "AWS/S3"
	// LatencyMetric is the maximum number of seconds by which the
	// destination is behind the source for the rule; its valid statistic
	// is Maximum.
	LatencyMetric = "ReplicationLatency"
	// FailedMetric counts the operations (objects, delete markers, tags,
	// ACLs, Object Lock) of the rule that failed to replicate; its Sum is
	// the number of failures in a period. A failed object is not retried:
	// it stays missing in the replica until it is uploaded again. (A
	// temporary failure, a bucket or region unavailable, leaves it
	// PENDING instead, which the latency alarm sees: "Getting replication
	// status information",
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-status.html.)
	FailedMetric = "OperationsFailedReplication"

	// LatencyAlarmThresholdSeconds is the RTC target: the latency alarm
	// fires when the replica is more than this behind, the recovery point
	// missed.
	LatencyAlarmThresholdSeconds = ReplicationTimeMinutes * 60
	// LatencyAlarmPeriodSeconds is one minute, the resolution at which S3
	// publishes the metric (standard resolution).
	LatencyAlarmPeriodSeconds = 60
	// LatencyAlarmEvaluationPeriods is how many periods in a row must all
	// breach (N out of N): a replica that missed the target stays behind
	// until the backlog clears, while one stray or late data point of a
	// best-effort metric does not page anyone.
	LatencyAlarmEvaluationPeriods = 3
	// LatencyAlarmDetection is how long the latency alarm takes to see
	// the recovery point missed: period times evaluation periods. S3's
	// and CloudWatch's own delivery delay comes on top.
	LatencyAlarmDetection = LatencyAlarmPeriodSeconds * LatencyAlarmEvaluationPeriods * time.Second

	// FailedAlarmPeriodSeconds is one minute: S3 aggregates failures per
	// minute, and a single failure fires the alarm (Sum > 0, 1 of 1).
	FailedAlarmPeriodSeconds = 60
)

// replicationAlarms is what alarms creates.
type replicationAlarms struct {
	topicArn, destinationTopicArn pulumi.StringOutput
	topic, destinationTopic       *sns.Topic
	latency, failed               *cloudwatch.MetricAlarm
}

// alarms creates the failed-operations alarm in the source region (the
// component's provider) and the latency alarm in the destination region
// (dst, the destination bucket's provider), each notifying a topic of its
// region: the given one, or one of the component's own, encrypted with a
// key of its own that CloudWatch may use to publish to it.
//
// No alarm watches BytesPendingReplication or OperationsPendingReplication
// growing: "growing" needs metric math over the series and a threshold
// that depends on the traffic, while ReplicationLatency already says how
// old the backlog is, which is what the recovery point is about.
//
// Missing data is not breaching. OperationsFailedReplication is not
// published while nothing replicates (repl-metrics.html): no data is no
// failure, where "ignore" (which the metrics page suggests, to keep the
// state) would leave the alarm without data on a quiet bucket.
// ReplicationLatency is published even when nothing replicates; it stops
// when the destination bucket is deleted, and then the failed-operations
// alarm, which S3 keeps publishing, fires instead.
func (a *ReplicationArgs) alarms(ctx *pulumi.Context, name, ruleID string, dst pulumi.ProviderResource, in pulumi.ResourceOrInvokeOption) (*replicationAlarms, error) {
	set := &replicationAlarms{}
	var err error
	inDst := []pulumi.ResourceOption{in, pulumi.Provider(dst)}
	if set.topicArn, set.topic, err = a.alarmTopic(ctx, name+"-alarms", a.AlarmTopicArn, a.Source.Region, in); err != nil {
		return nil, err
	}
	if set.destinationTopicArn, set.destinationTopic, err = a.alarmTopic(ctx, name+"-destination-alarms", a.DestinationAlarmTopicArn, a.Destination.Region, inDst...); err != nil {
		return nil, err
	}
	dims := pulumi.StringMap{
		"SourceBucket":      a.Source.BucketName,
		"DestinationBucket": a.Destination.BucketName,
		"RuleId":            pulumi.String(ruleID),
	}
	if set.latency, err = cloudwatch.NewMetricAlarm(ctx, name+"-latency", &cloudwatch.MetricAlarmArgs{
		AlarmDescription: pulumi.String(fmt.Sprintf("Replication %s: the replica is more than %d minutes behind its source, the recovery point missed (%d of %d periods of %d s)",
			name, ReplicationTimeMinutes, LatencyAlarmEvaluationPeriods, LatencyAlarmEvaluationPeriods, LatencyAlarmPeriodSeconds)),
		Namespace:          pulumi.String(ReplicationMetricsNamespace),
		MetricName:         pulumi.String(LatencyMetric),
		Dimensions:         dims,
		Statistic:          pulumi.String("Maximum"),
		Period:             pulumi.Int(LatencyAlarmPeriodSeconds),
		EvaluationPeriods:  pulumi.Int(LatencyAlarmEvaluationPeriods),
		DatapointsToAlarm:  pulumi.Int(LatencyAlarmEvaluationPeriods),
		Threshold:          pulumi.Float64(LatencyAlarmThresholdSeconds),
		ComparisonOperator: pulumi.String("GreaterThanThreshold"),
		TreatMissingData:   pulumi.String("notBreaching"),
		AlarmActions:       pulumi.Array{set.destinationTopicArn},
		OkActions:          pulumi.Array{set.destinationTopicArn},
	}, inDst...); err != nil {
		return nil, err
	}
	if set.failed, err = cloudwatch.NewMetricAlarm(ctx, name+"-failed", &cloudwatch.MetricAlarmArgs{
		AlarmDescription:   pulumi.String(fmt.Sprintf("Replication %s: operations failed to replicate; their objects are missing in the replica", name)),
		Namespace:          pulumi.String(ReplicationMetricsNamespace),
		MetricName:         pulumi.String(FailedMetric),
		Dimensions:         dims,
		Statistic:          pulumi.String("Sum"),
		Period:             pulumi.Int(FailedAlarmPeriodSeconds),
		EvaluationPeriods:  pulumi.Int(1),
		DatapointsToAlarm:  pulumi.Int(1),
		Threshold:          pulumi.Float64(0),
		ComparisonOperator: pulumi.String("GreaterThanThreshold"),
		TreatMissingData:   pulumi.String("notBreaching"),
		AlarmActions:       pulumi.Array{set.topicArn},
		OkActions:          pulumi.Array{set.topicArn},
	}, in); err != nil {
		return nil, err
	}
	return set, nil
}

// alarmTopic returns given when it is set, with a nil topic. Otherwise it
// creates the topic named name in region (opts select its provider),
// encrypted with a key of its own (SNS encrypts with it; CloudWatch, as a
// service principal of this account, uses it to publish), and subscribes
// AlarmEmails to it.
func (a *ReplicationArgs) alarmTopic(ctx *pulumi.Context, name string, given pulumi.StringInput, region string, opts ...pulumi.ResourceOption) (pulumi.StringOutput, *sns.Topic, error) {
	if given != nil {
		return given.ToStringOutput(), nil, nil
	}
	_, key, err := encryption.KeyOrOwn(ctx, replicationPkg, name, nil, kmskey.Args{
		Description:       fmt.Sprintf("modelfort replication alarms %s (%s)", name, region),
		ViaServices:       []string{"sns"},
		ServicePrincipals: []string{"cloudwatch"},
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	topic, err := sns.NewTopic(ctx, name, &sns.TopicArgs{KmsMasterKeyId: key.Arn}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	for i, email := range a.AlarmEmails {
		if _, err := sns.NewTopicSubscription(ctx, fmt.Sprintf("%s-%d", name, i), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, opts...); err != nil {
			return pulumi.StringOutput{}, nil, err
		}
	}
	return topic.Arn, topic, nil
}
