package wormbucket

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
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

// Replication copies every object version, delete marker and
// KMS-encrypted object of a Bucket to a Bucket in another region, under
// S3 Replication Time Control (15 minutes) with replication metrics.
type Replication struct {
	pulumi.ResourceState

	// RoleArn is the replication role.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	// RecoveryPointMinutes is the replication time target.
	RecoveryPointMinutes pulumi.IntOutput `pulumi:"recoveryPointMinutes"`

	Role   *iam.Role
	Policy *iam.RolePolicy
	Config *s3.BucketReplicationConfig
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
// S3 keeps a replication configuration with the source bucket.
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

	r := &Replication{}
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
		Policy: replicationPolicy(ctx, a.Source, a.Destination, env, in),
	}, in); err != nil {
		return nil, err
	}
	cfg := &s3.BucketReplicationConfigArgs{
		Bucket: a.Source.BucketName,
		Role:   r.Role.Arn,
		Token:  a.ObjectLockToken,
		Rules: s3.BucketReplicationConfigRuleArray{&s3.BucketReplicationConfigRuleArgs{
			Id:       pulumi.String("replicate-everything-to-" + a.Destination.Region),
			Status:   pulumi.String("Enabled"),
			Priority: pulumi.Int(1),
			Filter:   &s3.BucketReplicationConfigRuleFilterArgs{Prefix: pulumi.String("")},
			DeleteMarkerReplication: &s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs{
				Status: pulumi.String("Enabled"),
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
	r.RoleArn = r.Role.Arn
	r.RecoveryPointMinutes = pulumi.Int(ReplicationTimeMinutes).ToIntOutput()
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"roleArn": r.RoleArn, "recoveryPointMinutes": r.RecoveryPointMinutes})
}

// replicationPolicy lets the role read the source's versions, decrypt them
// with the source key, encrypt with the destination key and write into the
// destination, and nothing else.
func replicationPolicy(ctx *pulumi.Context, src, dst *Bucket, env awsenv.Env, in pulumi.InvokeOption) pulumi.StringOutput {
	viaS3 := func(b *Bucket) iam.GetPolicyDocumentStatementConditionArray {
		return iam.GetPolicyDocumentStatementConditionArray{
			iampolicy.Condition("StringEquals", "kms:ViaService", pulumi.Sprintf("s3.%s.%s", b.Region, env.DNSSuffix)),
			// With an S3 Bucket Key the encryption context is the bucket's
			// ARN; without one, the object's.
			iampolicy.Condition("StringLike", "kms:EncryptionContext:aws:s3:arn", b.Arn, pulumi.Sprintf("%s/*", b.Arn)),
		}
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
			Actions:   pulumi.ToStringArray([]string{"s3:ObjectOwnerOverrideToBucketOwner", "s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"}),
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
