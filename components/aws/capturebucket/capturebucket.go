package capturebucket

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:CaptureBucket"

// pkg prefixes the component's errors.
const pkg = "capturebucket"

// Bucket is an encrypted, private, expiring S3 bucket for captured
// inference data, without object lock.
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
	// ExpirationDays is how long captured objects are kept.
	ExpirationDays int

	// Bucket is the S3 bucket; Key the key Bucket created (nil when
	// KMSKeyArn was given).
	Bucket *s3.BucketV2
	Key    *kmskey.Key
	// The settings that others wait for: a writer (an endpoint that
	// captures) depends on Policy, so that its first object meets the
	// TLS-only and key-only policy; never on the component, whose children
	// register asynchronously.
	Versioning *s3.BucketVersioningV2
	Policy     *s3.BucketPolicy
}

// NewBucket creates a capture bucket. Args are checked before anything is
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
	b := &Bucket{Region: env.Region, ExpirationDays: a.ExpirationDays}
	in, err := component.Register(ctx, Type, name, b, opts...)
	if err != nil {
		return nil, err
	}

	keyArn, key, err := encryption.KeyOrOwn(ctx, pkg, name, a.KMSKeyArn, kmskey.Args{
		Description: "modelfort data-capture bucket " + name,
		ViaServices: []string{"s3"},
		Tags:        a.Tags,
	}, in)
	if err != nil {
		return nil, err
	}
	b.Key = key

	bucketTags := tags.Of(a.Tags)
	bucketTags[PurposeTag] = pulumi.String(Purpose)
	// No object lock, on purpose: captured data must be erasable.
	bucketArgs := &s3.BucketV2Args{ObjectLockEnabled: pulumi.Bool(false), ForceDestroy: pulumi.Bool(false), Tags: bucketTags}
	if a.BucketName != "" {
		bucketArgs.Bucket = pulumi.String(a.BucketName)
	}
	capture, err := newPrivate(ctx, name, private{
		args: bucketArgs,
		encryption: &s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm:   pulumi.String("aws:kms"),
				KmsMasterKeyId: keyArn,
			},
			BucketKeyEnabled: pulumi.Bool(true),
		},
		lifecycle:  a.lifecycleRules(),
		statements: captureStatements(keyArn),
	}, in)
	if err != nil {
		return nil, err
	}
	b.Bucket, b.Versioning, b.Policy = capture.bucket, capture.versioning, capture.policy

	logBucket := a.AccessLogBucket
	if logBucket == nil {
		if logBucket, err = wormbucket.NewAccessLogBucket(ctx, name, b.Bucket.Arn, env, tags.Of(a.Tags), in); err != nil {
			return nil, err
		}
	}
	if _, err := s3.NewBucketLoggingV2(ctx, name, &s3.BucketLoggingV2Args{
		Bucket:       capture.id,
		TargetBucket: logBucket,
		TargetPrefix: pulumi.String(a.AccessLogPrefix),
	}, in); err != nil {
		return nil, err
	}

	b.BucketName, b.Arn = capture.id, b.Bucket.Arn
	b.KMSKeyArn = keyArn.ToStringOutput()
	b.AccessLogBucket = logBucket.ToStringOutput()
	return b, ctx.RegisterResourceOutputs(b, pulumi.Map{
		"bucketName": b.BucketName, "arn": b.Arn, "kmsKeyArn": b.KMSKeyArn, "accessLogBucket": b.AccessLogBucket,
	})
}

// Lifecycle rule IDs.
const (
	RuleExpireCaptures          = "expire-captures"
	RuleExpireNoncurrentVersion = "expire-noncurrent-versions"
	RuleAbortMultipartUploads   = "abort-incomplete-multipart-uploads"
)

// lifecycleRules expire current objects after ExpirationDays, remove
// noncurrent versions after NoncurrentVersionDays (and the delete markers
// left with no version behind them), and abort incomplete multipart
// uploads after AbortMultipartDays.
func (a *Args) lifecycleRules() s3.BucketLifecycleConfigurationV2RuleArray {
	all := &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")}
	return s3.BucketLifecycleConfigurationV2RuleArray{
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:         pulumi.String(RuleExpireCaptures),
			Status:     pulumi.String("Enabled"),
			Filter:     all,
			Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(a.ExpirationDays)},
		},
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String(RuleExpireNoncurrentVersion),
			Status: pulumi.String("Enabled"),
			Filter: all,
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
				NoncurrentDays: pulumi.Int(a.NoncurrentVersionDays),
			},
			Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{ExpiredObjectDeleteMarker: pulumi.Bool(true)},
		},
		&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String(RuleAbortMultipartUploads),
			Status: pulumi.String("Enabled"),
			Filter: all,
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(a.AbortMultipartDays),
			},
		},
	}
}
