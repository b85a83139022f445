package capturebucket

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Statement IDs of the bucket policy. It also holds wormbucket's
// SidDenyInsecureTransport, SidDenyOutdatedTLS, SidDenyOtherEncryption and
// SidDenyOtherKey, with the same meaning.
const (
	// SidDenyObjectLock denies turning on object lock, which S3 allows on
	// a versioned bucket and which would make erasure impossible.
	SidDenyObjectLock = "DenyObjectLock"
)

// captureStatements are the capture bucket's statements besides TLS only:
// uploads with the bucket's key only, and no object lock.
func captureStatements(keyArn pulumi.StringInput) func(arn pulumi.StringOutput) iam.GetPolicyDocumentStatementArray {
	return func(arn pulumi.StringOutput) iam.GetPolicyDocumentStatementArray {
		objects := pulumi.StringArray{pulumi.Sprintf("%s/*", arn)}
		return iam.GetPolicyDocumentStatementArray{
			deny(wormbucket.SidDenyOtherEncryption, objects,
				iampolicy.Condition("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption", pulumi.String("aws:kms")), "s3:PutObject"),
			deny(wormbucket.SidDenyOtherKey, objects,
				iampolicy.Condition("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption-aws-kms-key-id", keyArn), "s3:PutObject"),
			deny(SidDenyObjectLock, pulumi.StringArray{arn}, iam.GetPolicyDocumentStatementConditionArgs{}, "s3:PutBucketObjectLockConfiguration"),
		}
	}
}
