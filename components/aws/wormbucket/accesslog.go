package wormbucket

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// AccessLogExpirationDays is how long the access-log bucket that Bucket
// creates keeps logs.
const AccessLogExpirationDays = 365

// SidLogDelivery is the access-log bucket's statement that lets S3 deliver
// the source bucket's access logs.
const SidLogDelivery = "S3DeliversAccessLogs"

// NewAccessLogBucket creates NAME-access-logs, the bucket that receives
// the access logs of the bucket source (an ARN): private, versioned,
// SSE-S3 (the only encryption log delivery supports), TLS only, and
// expiring logs after AccessLogExpirationDays. Only S3's log delivery, for
// the source bucket and this account, may write into it. It returns the
// bucket's name. Bucket uses it, and so do other components whose buckets
// log (capturebucket), so that every access-log bucket is made one way.
func NewAccessLogBucket(ctx *pulumi.Context, name string, source pulumi.StringOutput, env awsenv.Env,
	tags pulumi.StringMap, in pulumi.ResourceOrInvokeOption,
) (pulumi.StringOutput, error) {
	logs := name + "-access-logs"
	bucket, err := s3.NewBucketV2(ctx, logs, &s3.BucketV2Args{ForceDestroy: pulumi.Bool(false), Tags: tags}, in)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	id := bucket.ID().ToStringOutput()
	if err := lockDown(ctx, logs, id, in); err != nil {
		return pulumi.StringOutput{}, err
	}
	versioning, err := s3.NewBucketVersioningV2(ctx, logs, &s3.BucketVersioningV2Args{
		Bucket:                  id,
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, in)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, logs, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: id,
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}},
	}, in); err != nil {
		return pulumi.StringOutput{}, err
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, logs, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: id,
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:                          pulumi.String("expire-access-logs"),
			Status:                      pulumi.String("Enabled"),
			Filter:                      &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			Expiration:                  &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(AccessLogExpirationDays)},
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{NoncurrentDays: pulumi.Int(30)},
		}},
	}, in, pulumi.DependsOn([]pulumi.Resource{versioning})); err != nil {
		return pulumi.StringOutput{}, err
	}
	arn := bucket.Arn
	bucketAndObjects := pulumi.StringArray{arn, pulumi.Sprintf("%s/*", arn)}
	doc := iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{
		deny(SidDenyInsecureTransport, "s3:*", bucketAndObjects, iampolicy.Condition("Bool", "aws:SecureTransport", pulumi.String("false"))),
		deny(SidDenyOutdatedTLS, "s3:*", bucketAndObjects, iampolicy.Condition("NumericLessThan", "s3:TlsVersion", pulumi.String("1.2"))),
		iam.GetPolicyDocumentStatementArgs{
			Sid:        pulumi.String(SidLogDelivery),
			Actions:    pulumi.StringArray{pulumi.String("s3:PutObject")},
			Resources:  pulumi.StringArray{pulumi.Sprintf("%s/*", arn)},
			Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("logging.s3"))),
			Conditions: iam.GetPolicyDocumentStatementConditionArray{
				iampolicy.Condition("ArnLike", "aws:SourceArn", source),
				iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
			},
		},
	}, in)
	if _, err := s3.NewBucketPolicy(ctx, logs, &s3.BucketPolicyArgs{Bucket: id, Policy: doc}, in); err != nil {
		return pulumi.StringOutput{}, err
	}
	return id, nil
}
