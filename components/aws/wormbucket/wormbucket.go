package wormbucket

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:WormBucket"

// pkg prefixes the Bucket component's errors.
const pkg = "wormbucket"

// Bucket is an object-locked, encrypted, private S3 bucket.
type Bucket struct {
	pulumi.ResourceState

	// BucketName and Arn identify the bucket.
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	Arn        pulumi.StringOutput `pulumi:"arn"`
	// KMSKeyArn is the key that encrypts it.
	KMSKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`
	// AccessLogBucket is the bucket that receives its access logs.
	AccessLogBucket pulumi.StringOutput `pulumi:"accessLogBucket"`

	// Region is where the bucket lives.
	Region string
	// Retention is the default retention in force.
	Retention Retention

	// Bucket is the S3 bucket; Key the key Bucket created (nil when
	// KMSKeyArn was given).
	Bucket *s3.BucketV2
	Key    *kmskey.Key
	// The settings that others wait for: a resource that needs one in
	// force depends on it (pulumi.DependsOn), never on the component,
	// whose children register asynchronously. Versioning must be on
	// before replication is configured; ObjectLock before objects are
	// written that must be locked; Policy before a service writer (such
	// as CloudTrail, which checks the policy when a trail is created)
	// writes.
	Versioning *s3.BucketVersioningV2
	ObjectLock *s3.BucketObjectLockConfigurationV2
	Policy     *s3.BucketPolicy
}

// NewBucket creates a bucket. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to every bucket and key it creates.
func NewBucket(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Bucket, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	b := &Bucket{Region: env.Region, Retention: *a.Retention}
	in, err := component.Register(ctx, Type, name, b, opts...)
	if err != nil {
		return nil, err
	}
	bucketTags := tags.Of(a.Tags)

	keyArn, key, err := encryption.KeyOrOwn(ctx, pkg, name, a.KMSKeyArn, kmskey.Args{
		Description: "modelfort WORM bucket " + name,
		ViaServices: []string{"s3"},
		Tags:        a.Tags,
	}, in)
	if err != nil {
		return nil, err
	}
	b.Key = key

	bucketArgs := &s3.BucketV2Args{ObjectLockEnabled: pulumi.Bool(true), ForceDestroy: pulumi.Bool(false), Tags: bucketTags}
	if a.BucketName != "" {
		bucketArgs.Bucket = pulumi.String(a.BucketName)
	}
	if b.Bucket, err = s3.NewBucketV2(ctx, name, bucketArgs, in); err != nil {
		return nil, err
	}
	id := b.Bucket.ID().ToStringOutput()
	if err := lockDown(ctx, name, id, in); err != nil {
		return nil, err
	}
	if b.Versioning, err = s3.NewBucketVersioningV2(ctx, name, &s3.BucketVersioningV2Args{
		Bucket:                  id,
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, in); err != nil {
		return nil, err
	}
	afterVersioning := pulumi.DependsOn([]pulumi.Resource{b.Versioning})
	retention := &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{Mode: pulumi.String(a.Retention.Mode)}
	if a.Retention.Days > 0 {
		retention.Days = pulumi.Int(a.Retention.Days)
	} else {
		retention.Years = pulumi.Int(a.Retention.Years)
	}
	if b.ObjectLock, err = s3.NewBucketObjectLockConfigurationV2(ctx, name, &s3.BucketObjectLockConfigurationV2Args{
		Bucket:            id,
		ObjectLockEnabled: pulumi.String("Enabled"),
		Rule:              &s3.BucketObjectLockConfigurationV2RuleArgs{DefaultRetention: retention},
	}, in, afterVersioning); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: id,
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm:   pulumi.String("aws:kms"),
				KmsMasterKeyId: keyArn,
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}},
	}, in); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: id,
		Rules:  a.lifecycleRules(),
	}, in, afterVersioning); err != nil {
		return nil, err
	}

	logBucket := a.AccessLogBucket
	if logBucket == nil {
		if logBucket, err = NewAccessLogBucket(ctx, name, b.Bucket.Arn, env, bucketTags, in); err != nil {
			return nil, err
		}
	}
	if _, err := s3.NewBucketLoggingV2(ctx, name, &s3.BucketLoggingV2Args{
		Bucket:       id,
		TargetBucket: logBucket,
		TargetPrefix: pulumi.String(a.AccessLogPrefix),
	}, in); err != nil {
		return nil, err
	}

	if b.Policy, err = s3.NewBucketPolicy(ctx, name, &s3.BucketPolicyArgs{
		Bucket: id,
		Policy: a.policy(ctx, b.Bucket.Arn, keyArn, in),
	}, in); err != nil {
		return nil, err
	}

	b.BucketName, b.Arn = id, b.Bucket.Arn
	b.KMSKeyArn = keyArn.ToStringOutput()
	b.AccessLogBucket = logBucket.ToStringOutput()
	return b, ctx.RegisterResourceOutputs(b, pulumi.Map{
		"bucketName": b.BucketName, "arn": b.Arn, "kmsKeyArn": b.KMSKeyArn, "accessLogBucket": b.AccessLogBucket,
	})
}

// lifecycleRules expire noncurrent versions (once their retention allows)
// and abort incomplete multipart uploads.
func (a *Args) lifecycleRules() s3.BucketLifecycleConfigurationV2RuleArray {
	return s3.BucketLifecycleConfigurationV2RuleArray{
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("expire-noncurrent-versions"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
				NoncurrentDays: pulumi.Int(a.NoncurrentVersionDays),
			},
		},
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("abort-incomplete-multipart-uploads"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(a.AbortMultipartDays),
			},
		},
	}
}

// lockDown blocks public access and disables ACLs.
func lockDown(ctx *pulumi.Context, name string, bucket pulumi.StringOutput, in pulumi.ResourceOption) error {
	if _, err := s3.NewBucketPublicAccessBlock(ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket,
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, in); err != nil {
		return err
	}
	_, err := s3.NewBucketOwnershipControls(ctx, name, &s3.BucketOwnershipControlsArgs{
		Bucket: bucket,
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, in)
	return err
}
