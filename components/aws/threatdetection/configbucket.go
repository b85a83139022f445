package threatdetection

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/tags"
)

// PurposeTag and ConfigPurpose tag the component's AWS Config bucket:
// AWS Config does not deliver to a bucket with object lock
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-config-deliverychannel.html),
// so the bucket is versioned and locked by policy only, and the policy
// pack's s3-object-lock rule has to spare it by this tag.
const (
	PurposeTag    = "modelfort:purpose"
	ConfigPurpose = "config-history"
)

// ConfigBucket is the bucket the component's AWS Config delivers to: its
// own key, versioned, closed to the public, without ACLs, TLS only, and
// writable by AWS Config for this account alone
// (https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html).
type ConfigBucket struct {
	BucketName pulumi.StringOutput
	KMSKeyArn  pulumi.StringOutput

	Key        *kmskey.Key
	Bucket     *s3.BucketV2
	Versioning *s3.BucketVersioningV2
	Encryption *s3.BucketServerSideEncryptionConfigurationV2
	Public     *s3.BucketPublicAccessBlock
	Ownership  *s3.BucketOwnershipControls
	Lifecycle  *s3.BucketLifecycleConfigurationV2
	Policy     *s3.BucketPolicy
	// AccessLogBucket is the bucket S3 logs access to the bucket in.
	AccessLogBucket pulumi.StringOutput
}

func newConfigBucket(ctx *pulumi.Context, name string, writer pulumi.StringInput, userTags map[string]string, env awsenv.Env, in pulumi.ResourceOrInvokeOption) (*ConfigBucket, error) {
	b := &ConfigBucket{}
	var err error
	if _, b.Key, err = encryption.KeyOrOwn(ctx, pkg, name, nil, kmskey.Args{
		Description: "modelfort AWS Config history " + name,
		ViaServices: []string{"s3"},
		// AWS Config writes as the recorder's role (the service-linked
		// role): it may use the key, through S3.
		Users: []pulumi.StringInput{writer},
		Tags:  userTags,
	}, in); err != nil {
		return nil, err
	}
	b.KMSKeyArn = b.Key.Arn
	bucketTags := tags.Of(userTags)
	bucketTags[PurposeTag] = pulumi.String(ConfigPurpose)
	if b.Bucket, err = s3.NewBucketV2(ctx, name, &s3.BucketV2Args{Tags: bucketTags}, in); err != nil {
		return nil, err
	}
	id := b.Bucket.ID()
	b.BucketName = b.Bucket.Bucket
	if b.Versioning, err = s3.NewBucketVersioningV2(ctx, name, &s3.BucketVersioningV2Args{
		Bucket:                  id,
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, in); err != nil {
		return nil, err
	}
	if b.Encryption, err = s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: id,
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: b.Key.Arn,
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}},
	}, in); err != nil {
		return nil, err
	}
	if b.Public, err = s3.NewBucketPublicAccessBlock(ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket: id, BlockPublicAcls: pulumi.Bool(true), BlockPublicPolicy: pulumi.Bool(true),
		IgnorePublicAcls: pulumi.Bool(true), RestrictPublicBuckets: pulumi.Bool(true),
	}, in); err != nil {
		return nil, err
	}
	if b.Ownership, err = s3.NewBucketOwnershipControls(ctx, name, &s3.BucketOwnershipControlsArgs{
		Bucket: id, Rule: &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, in); err != nil {
		return nil, err
	}
	if b.Lifecycle, err = s3.NewBucketLifecycleConfigurationV2(ctx, name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: id,
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("noncurrent-versions"), Status: pulumi.String("Enabled"),
			Filter:                         &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			NoncurrentVersionExpiration:    &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{NoncurrentDays: pulumi.Int(DefaultConfigBucketRetentionDays)},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{DaysAfterInitiation: pulumi.Int(7)},
		}},
	}, in, pulumi.DependsOn([]pulumi.Resource{b.Versioning})); err != nil {
		return nil, err
	}
	arn := b.Bucket.Arn
	account := iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId))
	config := iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("config")))
	stmts := iam.GetPolicyDocumentStatementArray{
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("DenyInsecureTransport"), Effect: pulumi.String("Deny"),
			Actions: iampolicy.Strings("s3:*"), Resources: pulumi.StringArray{arn, pulumi.Sprintf("%s/*", arn)},
			Principals: iampolicy.Anyone(),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("Bool", "aws:SecureTransport", pulumi.String("false"))},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("AWSConfigBucketPermissionsCheck"), Actions: iampolicy.Strings("s3:GetBucketAcl"),
			Resources: pulumi.StringArray{arn}, Principals: config, Conditions: iam.GetPolicyDocumentStatementConditionArray{account},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("AWSConfigBucketExistenceCheck"), Actions: iampolicy.Strings("s3:ListBucket"),
			Resources: pulumi.StringArray{arn}, Principals: config, Conditions: iam.GetPolicyDocumentStatementConditionArray{account},
		},
		iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String("AWSConfigBucketDelivery"), Actions: iampolicy.Strings("s3:PutObject"),
			Resources:  pulumi.StringArray{pulumi.Sprintf("%s/AWSLogs/%s/Config/*", arn, env.AccountId)},
			Principals: config,
			Conditions: iam.GetPolicyDocumentStatementConditionArray{account,
				iampolicy.Condition("StringEquals", "s3:x-amz-acl", pulumi.String("bucket-owner-full-control"))},
		},
	}
	if b.Policy, err = s3.NewBucketPolicy(ctx, name, &s3.BucketPolicyArgs{
		Bucket: id, Policy: iampolicy.Document(ctx, stmts, in),
	}, in, pulumi.DependsOn([]pulumi.Resource{b.Public})); err != nil {
		return nil, err
	}
	// Who read the configuration history is itself worth knowing: S3
	// logs access to a locked bucket of the component's own.
	if b.AccessLogBucket, err = wormbucket.NewAccessLogBucket(ctx, name, b.Bucket.Arn, env, tags.Of(userTags), in); err != nil {
		return nil, err
	}
	if _, err = s3.NewBucketLoggingV2(ctx, name, &s3.BucketLoggingV2Args{
		Bucket: id, TargetBucket: b.AccessLogBucket, TargetPrefix: pulumi.String(""),
	}, in); err != nil {
		return nil, err
	}
	return b, nil
}
