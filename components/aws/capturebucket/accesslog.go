package capturebucket

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// accessLogNoncurrentDays is when the access-log bucket's noncurrent
// versions expire.
const accessLogNoncurrentDays = 30

// newAccessLogBucket creates the bucket that receives the capture
// bucket's access logs, as wormbucket's: private, versioned, SSE-S3 (the
// only encryption log delivery supports), TLS only, expiring logs after
// wormbucket.AccessLogExpirationDays, and writable only by S3 log delivery
// for the source bucket and this account. It returns the bucket's name.
func newAccessLogBucket(ctx *pulumi.Context, name string, source pulumi.StringOutput, env awsenv.Env,
	tags pulumi.StringMap, in pulumi.ResourceOrInvokeOption,
) (pulumi.StringOutput, error) {
	logs, err := newPrivate(ctx, name+"-access-logs", private{
		args: &s3.BucketV2Args{ForceDestroy: pulumi.Bool(false), Tags: tags},
		encryption: &s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		},
		lifecycle: s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:                          pulumi.String("expire-access-logs"),
			Status:                      pulumi.String("Enabled"),
			Filter:                      &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			Expiration:                  &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(wormbucket.AccessLogExpirationDays)},
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{NoncurrentDays: pulumi.Int(accessLogNoncurrentDays)},
		}},
		statements: func(arn pulumi.StringOutput) iam.GetPolicyDocumentStatementArray {
			return iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
				Sid:        pulumi.String(wormbucket.SidLogDelivery),
				Actions:    iampolicy.Strings("s3:PutObject"),
				Resources:  pulumi.StringArray{pulumi.Sprintf("%s/*", arn)},
				Principals: iampolicy.Principals("Service", pulumi.String(env.ServicePrincipal("logging.s3"))),
				Conditions: iam.GetPolicyDocumentStatementConditionArray{
					iampolicy.Condition("ArnLike", "aws:SourceArn", source),
					iampolicy.Condition("StringEquals", "aws:SourceAccount", pulumi.String(env.AccountId)),
				},
			}}
		},
	}, in)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return logs.id, nil
}
