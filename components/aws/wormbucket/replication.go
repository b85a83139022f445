package wormbucket

import (
	"errors"
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// ReplicationType is the Replication component's type token.
const ReplicationType = "modelfort:aws:BucketReplication"

// replicationPkg prefixes the Replication component's errors
// ("replication NAME: ..."), as it always has.
const replicationPkg = "replication"

// ReplicationTimeMinutes is the S3 Replication Time Control target: AWS
// replicates 99.99% of objects within it, which makes it the recovery point
// objective of replicated data.
const ReplicationTimeMinutes = 15

// Replication copies every new object version and KMS-encrypted object
// of a Bucket (and its delete markers only when ReplicateDeleteMarkers
// says so) to a Bucket in another region, under S3 Replication Time
// Control (15 minutes) with replication metrics, and alarms when the
// replica falls behind that target or an operation fails to replicate.
type Replication struct {
	pulumi.ResourceState

	// RoleArn is the replication role.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	// RecoveryPointMinutes is the replication time target.
	RecoveryPointMinutes pulumi.IntOutput `pulumi:"recoveryPointMinutes"`
	// AlarmTopicArn is the topic, in the source region, that the
	// failed-operations alarm notifies; DestinationAlarmTopicArn the one,
	// in the destination region, that the latency alarm notifies (the
	// given ones, or the component's own).
	AlarmTopicArn            pulumi.StringOutput `pulumi:"alarmTopicArn"`
	DestinationAlarmTopicArn pulumi.StringOutput `pulumi:"destinationAlarmTopicArn"`
	// LatencyAlarmName is the alarm, in the destination region, on the
	// rule's ReplicationLatency above the RTC target; FailedAlarmName the
	// one, in the source region, on its OperationsFailedReplication.
	LatencyAlarmName pulumi.StringOutput `pulumi:"latencyAlarmName"`
	FailedAlarmName  pulumi.StringOutput `pulumi:"failedAlarmName"`

	// RuleId is the replication rule's ID, the RuleId dimension of its
	// metrics.
	RuleId string
	// Detection is how long the latency alarm takes to see the recovery
	// point missed (LatencyAlarmDetection: period times evaluation
	// periods), for a recovery budget to add to RecoveryPointMinutes.
	Detection time.Duration

	Role   *iam.Role
	Policy *iam.RolePolicy
	Config *s3.BucketReplicationConfig
	// AlarmTopic and DestinationAlarmTopic are the topics the component
	// created (nil when given); LatencyAlarm and FailedAlarm the alarms.
	AlarmTopic, DestinationAlarmTopic *sns.Topic
	LatencyAlarm, FailedAlarm         *cloudwatch.MetricAlarm
}

// Statement IDs of the replication role's policy.
const (
	SidReadSourceBucket     = "ReadSourceReplicationConfiguration"
	SidReadSourceVersions   = "ReadSourceObjectVersions"
	SidReplicateIntoDest    = "ReplicateIntoDestination"
	SidDecryptWithSourceKey = "DecryptWithSourceKey"
	SidEncryptWithDestKey   = "EncryptWithDestinationKey"
)

// sourceVersionReads are what the role may read of the source's versions.
var sourceVersionReads = []string{
	"s3:GetObjectLegalHold", "s3:GetObjectRetention", "s3:GetObjectVersionAcl",
	"s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging",
}

// NewReplication replicates args.Source to args.Destination. The
// resource options must select the source bucket's region (its provider):
// S3 keeps a replication configuration with the source bucket. The
// latency alarm and its topic act in the destination's region, through
// the provider Destination was created with, which must be an explicit
// one (not the stack's default).
func NewReplication(ctx *pulumi.Context, name string, args *ReplicationArgs, opts ...pulumi.ResourceOption) (*Replication, error) {
	a, err := component.Prepare(replicationPkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(replicationPkg, name, err)
	}
	if env.Region != a.Source.Region {
		return nil, component.Errorf(replicationPkg, name, fmt.Errorf("the provider acts in %s, but Source is in %s; pass the source region's provider", env.Region, a.Source.Region))
	}
	// The latency metric is published in the destination's region, so its
	// alarm must be created there, with the provider that made Destination.
	dstProvider := a.Destination.GetProvider(bucketToken)
	if dstProvider == nil {
		return nil, component.Errorf(replicationPkg, name, errors.New("Destination was created with the stack's default provider; create it with an explicit provider for its region (pulumi.Provider), which the latency alarm, whose metric S3 publishes there, needs too"))
	}

	ruleID := "replicate-everything-to-" + a.Destination.Region
	r := &Replication{RuleId: ruleID, Detection: LatencyAlarmDetection}
	in, err := component.Register(ctx, ReplicationType, name, r, opts...)
	if err != nil {
		return nil, err
	}
	if r.Role, err = iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("S3 replication for modelfort " + name),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, env.ServicePrincipal("s3"), env.AccountId, in),
	}, in); err != nil {
		return nil, err
	}
	if r.Policy, err = iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role:   r.Role.Name,
		Policy: replicationPolicy(ctx, a.Source, a.Destination, a.ReplicateDeleteMarkers, env, in),
	}, in); err != nil {
		return nil, err
	}
	cfg := &s3.BucketReplicationConfigArgs{
		Bucket: a.Source.BucketName,
		Role:   r.Role.Arn,
		Token:  a.ObjectLockToken,
		Rules: s3.BucketReplicationConfigRuleArray{&s3.BucketReplicationConfigRuleArgs{
			Id:       pulumi.String(ruleID),
			Status:   pulumi.String("Enabled"),
			Priority: pulumi.Int(1),
			// A rule with a Filter is of the current configuration version,
			// whose delete markers replicate only when this says so; deletes
			// of a specific version never do ("How delete operations affect
			// replication", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html).
			Filter: &s3.BucketReplicationConfigRuleFilterArgs{Prefix: pulumi.String("")},
			DeleteMarkerReplication: &s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs{
				Status: pulumi.String(enabled(a.ReplicateDeleteMarkers)),
			},
			SourceSelectionCriteria: &s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs{
				SseKmsEncryptedObjects: &s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs{
					Status: pulumi.String("Enabled"),
				},
				ReplicaModifications: &s3.BucketReplicationConfigRuleSourceSelectionCriteriaReplicaModificationsArgs{
					Status: pulumi.String("Enabled"),
				},
			},
			Destination: &s3.BucketReplicationConfigRuleDestinationArgs{
				Bucket:       a.Destination.Arn,
				StorageClass: pulumi.String(a.StorageClass),
				EncryptionConfiguration: &s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs{
					ReplicaKmsKeyId: a.Destination.KMSKeyArn,
				},
				ReplicationTime: &s3.BucketReplicationConfigRuleDestinationReplicationTimeArgs{
					Status: pulumi.String("Enabled"),
					Time: &s3.BucketReplicationConfigRuleDestinationReplicationTimeTimeArgs{
						Minutes: pulumi.Int(ReplicationTimeMinutes),
					},
				},
				// Replication metrics: what the alarms watch.
				Metrics: &s3.BucketReplicationConfigRuleDestinationMetricsArgs{
					Status: pulumi.String("Enabled"),
					EventThreshold: &s3.BucketReplicationConfigRuleDestinationMetricsEventThresholdArgs{
						Minutes: pulumi.Int(ReplicationTimeMinutes),
					},
				},
			},
		}},
	}
	// S3 accepts the configuration only once both buckets are versioned
	// and the role may act.
	after := pulumi.DependsOn([]pulumi.Resource{a.Source.Versioning, a.Destination.Versioning, r.Policy})
	if r.Config, err = s3.NewBucketReplicationConfig(ctx, name, cfg, in, after); err != nil {
		return nil, err
	}
	al, err := a.alarms(ctx, name, ruleID, dstProvider, in)
	if err != nil {
		return nil, err
	}
	r.AlarmTopic, r.DestinationAlarmTopic = al.topic, al.destinationTopic
	r.LatencyAlarm, r.FailedAlarm = al.latency, al.failed
	r.AlarmTopicArn, r.DestinationAlarmTopicArn = al.topicArn, al.destinationTopicArn
	r.LatencyAlarmName, r.FailedAlarmName = al.latency.Name, al.failed.Name
	r.RoleArn = r.Role.Arn
	r.RecoveryPointMinutes = pulumi.Int(ReplicationTimeMinutes).ToIntOutput()
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"roleArn": r.RoleArn, "recoveryPointMinutes": r.RecoveryPointMinutes,
		"alarmTopicArn": r.AlarmTopicArn, "destinationAlarmTopicArn": r.DestinationAlarmTopicArn,
		"latencyAlarmName": r.LatencyAlarmName, "failedAlarmName": r.FailedAlarmName,
	})
}

// bucketToken is the type of the bucket resource: a Bucket's provider for
// it is the one that made the bucket.
const bucketToken = "aws:s3/bucketV2:BucketV2"

// enabled is the Status of a setting that is on when on is true.
func enabled(on bool) string {
	if on {
		return "Enabled"
	}
	return "Disabled"
}

// replicationPolicy lets the role read the source's versions, decrypt them
// with the source key, encrypt with the destination key and write into the
// destination, and nothing else. s3:ReplicateDelete, which replicates
// delete markers ("Setting up permissions",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html),
// only when deleteMarkers: a rule changed behind the component's back
// cannot make the role hide the replica's objects.
func replicationPolicy(ctx *pulumi.Context, src, dst *Bucket, deleteMarkers bool, env awsenv.Env, in pulumi.InvokeOption) pulumi.StringOutput {
	viaS3 := func(b *Bucket) iam.GetPolicyDocumentStatementConditionArray {
		return iam.GetPolicyDocumentStatementConditionArray{
			iampolicy.Condition("StringEquals", "kms:ViaService", pulumi.Sprintf("s3.%s.%s", b.Region, env.DNSSuffix)),
			// With an S3 Bucket Key the encryption context is the bucket's
			// ARN; without one, the object's.
			iampolicy.Condition("StringLike", "kms:EncryptionContext:aws:s3:arn", b.Arn, pulumi.Sprintf("%s/*", b.Arn)),
		}
	}
	replicate := []string{"s3:ObjectOwnerOverrideToBucketOwner", "s3:ReplicateObject", "s3:ReplicateTags"}
	if deleteMarkers {
		replicate = []string{"s3:ObjectOwnerOverrideToBucketOwner", "s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"}
	}
	return iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidReadSourceBucket),
			Actions:   pulumi.ToStringArray([]string{"s3:GetReplicationConfiguration", "s3:ListBucket"}),
			Resources: pulumi.StringArray{src.Arn},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidReadSourceVersions),
			Actions:   pulumi.ToStringArray(sourceVersionReads),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s/*", src.Arn)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String(SidReplicateIntoDest),
			Actions:   pulumi.ToStringArray(replicate),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s/*", dst.Arn)},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidDecryptWithSourceKey),
			Actions:    pulumi.StringArray{pulumi.String("kms:Decrypt")},
			Resources:  pulumi.StringArray{src.KMSKeyArn},
			Conditions: viaS3(src),
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidEncryptWithDestKey),
			Actions:    pulumi.ToStringArray([]string{"kms:Encrypt", "kms:GenerateDataKey"}),
			Resources:  pulumi.StringArray{dst.KMSKeyArn},
			Conditions: viaS3(dst),
		},
	}, in)
}
