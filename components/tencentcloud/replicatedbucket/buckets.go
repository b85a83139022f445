package replicatedbucket

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cos"

	"github.com/modelfort/modelfort/internal/tcenv"
)

// newBucket creates a data bucket (the primary, with its replication r,
// or the replica, with r nil) that logs access to logs, and its policy.
func (a *Args) newBucket(ctx *pulumi.Context, name string, env tcenv.Env, full string, multiAZ bool, logs pulumi.StringOutput, r *replication, opts ...pulumi.ResourceOption) (*cos.Bucket, error) {
	args := &cos.BucketArgs{
		LogEnable:       pulumi.Bool(true),
		LogTargetBucket: logs,
		LogPrefix:       pulumi.String(a.AccessLogPrefix + full + "/"),
		LifecycleRules: cos.BucketLifecycleRuleArray{cos.BucketLifecycleRuleArgs{
			Id:                   pulumi.String("expire-noncurrent-versions"),
			FilterPrefix:         pulumi.String(""),
			NonCurrentExpiration: cos.BucketLifecycleRuleNonCurrentExpirationArgs{NonCurrentDays: pulumi.Int(a.NoncurrentVersionDays)},
		}},
	}
	if r != nil {
		args.ReplicaRole, args.ReplicaRules = pulumi.String(r.role), r.rules
	}
	return a.newCOSBucket(ctx, name, env, full, multiAZ, !a.AllowVersionDeletion, args, opts...)
}

// newLogBucket creates a dedicated access-log bucket and its policy, and
// returns its full name. Logs expire by lifecycle; their versions need no
// deletion guard.
func (a *Args) newLogBucket(ctx *pulumi.Context, name string, env tcenv.Env, custom string, multiAZ bool, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	bucket, err := a.newCOSBucket(ctx, name, env, env.BucketName(custom), multiAZ, false, &cos.BucketArgs{
		LifecycleRules: cos.BucketLifecycleRuleArray{cos.BucketLifecycleRuleArgs{
			Id:                   pulumi.String("expire-logs"),
			FilterPrefix:         pulumi.String(""),
			Expiration:           cos.BucketLifecycleRuleExpirationArgs{Days: pulumi.Int(a.LogRetentionDays)},
			NonCurrentExpiration: cos.BucketLifecycleRuleNonCurrentExpirationArgs{NonCurrentDays: pulumi.Int(1)},
		}},
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return bucket.ID().ToStringOutput(), nil
}

// newCOSBucket creates the bucket full from args with what every bucket
// has (private, encrypted, versioned, multi-AZ where offered, tagged) and
// its policy (BucketPolicy) for the bucket's region.
func (a *Args) newCOSBucket(ctx *pulumi.Context, name string, env tcenv.Env, full string, multiAZ, protectVersions bool, args *cos.BucketArgs, opts ...pulumi.ResourceOption) (*cos.Bucket, error) {
	args.Bucket = pulumi.String(full)
	args.Acl = pulumi.String("private")
	args.EncryptionAlgorithm = pulumi.String(a.EncryptionAlgorithm)
	args.VersioningEnable = pulumi.Bool(true)
	args.MultiAz = pulumi.Bool(multiAZ)
	args.Tags = tcenv.Tags(a.Tags)
	bucket, err := cos.NewBucket(ctx, name, args, opts...)
	if err != nil {
		return nil, err
	}
	if _, err := cos.NewBucketPolicy(ctx, name, &cos.BucketPolicyArgs{
		Bucket: bucket.ID().ToStringOutput(),
		Policy: pulumi.String(BucketPolicy(env.Region, env.BucketResource(full), protectVersions).JSON()),
	}, opts...); err != nil {
		return nil, err
	}
	return bucket, nil
}
