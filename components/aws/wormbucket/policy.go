package wormbucket

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Statement IDs of the bucket policy.
const (
	SidDenyInsecureTransport = "DenyInsecureTransport"
	SidDenyOutdatedTLS       = "DenyTLSBelow1.2"
	SidDenyOtherEncryption   = "DenyUploadsWithOtherEncryption"
	SidDenyOtherKey          = "DenyUploadsWithOtherKMSKey"
	SidDenyOutsideEndpoints  = "DenyAccessOutsideVpcEndpoints"
)

// policy is the bucket policy: TLS only, 1.2 or later, the bucket's key
// only, optionally VPC endpoints only, and the service writers.
func (a *Args) policy(ctx *pulumi.Context, arn pulumi.StringOutput, keyArn pulumi.StringInput, opts ...pulumi.InvokeOption) pulumi.StringOutput {
	bucketAndObjects := pulumi.StringArray{arn, pulumi.Sprintf("%s/*", arn)}
	objects := pulumi.StringArray{pulumi.Sprintf("%s/*", arn)}
	stmts := iam.GetPolicyDocumentStatementArray{
		deny(SidDenyInsecureTransport, "s3:*", bucketAndObjects, iampolicy.Condition("Bool", "aws:SecureTransport", pulumi.String("false"))),
		deny(SidDenyOutdatedTLS, "s3:*", bucketAndObjects, iampolicy.Condition("NumericLessThan", "s3:TlsVersion", pulumi.String("1.2"))),
		deny(SidDenyOtherEncryption, "s3:PutObject", objects,
			iampolicy.Condition("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption", pulumi.String("aws:kms"))),
		deny(SidDenyOtherKey, "s3:PutObject", objects,
			iampolicy.Condition("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption-aws-kms-key-id", keyArn)),
	}
	if len(a.VpcEndpointIds) > 0 {
		conds := iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringNotEquals", "aws:SourceVpce", a.VpcEndpointIds...)}
		if len(a.TrustedPrincipals) > 0 {
			conds = append(conds, iampolicy.Condition("ArnNotLike", "aws:PrincipalArn", a.TrustedPrincipals...))
		}
		stmts = append(stmts, iam.GetPolicyDocumentStatementArgs{
			Sid: pulumi.String(SidDenyOutsideEndpoints), Effect: pulumi.String("Deny"),
			Actions: pulumi.StringArray{pulumi.String("s3:*")}, Resources: bucketAndObjects,
			Principals: iampolicy.Anyone(), Conditions: conds,
		})
	}
	for i, w := range a.Writers {
		principal := iampolicy.Principals("Service", pulumi.String(w.Service))
		source := iam.GetPolicyDocumentStatementConditionArray{iampolicy.Condition("StringEquals", "aws:SourceArn", w.SourceArn)}
		stmts = append(stmts,
			iam.GetPolicyDocumentStatementArgs{
				Sid:     pulumi.Sprintf("Writer%dReadsBucketAcl", i),
				Actions: pulumi.StringArray{pulumi.String("s3:GetBucketAcl")}, Resources: pulumi.StringArray{arn},
				Principals: principal, Conditions: source,
			},
			iam.GetPolicyDocumentStatementArgs{
				Sid:     pulumi.Sprintf("Writer%dPutsObjects", i),
				Actions: pulumi.StringArray{pulumi.String("s3:PutObject")}, Resources: pulumi.StringArray{pulumi.Sprintf("%s/%s*", arn, w.Prefix)},
				Principals: principal, Conditions: source,
			})
	}
	return iampolicy.Document(ctx, stmts, opts...)
}

func deny(sid, action string, resources pulumi.StringArray, c iam.GetPolicyDocumentStatementConditionArgs) iam.GetPolicyDocumentStatementArgs {
	return iam.GetPolicyDocumentStatementArgs{
		Sid: pulumi.String(sid), Effect: pulumi.String("Deny"),
		Actions: pulumi.StringArray{pulumi.String(action)}, Resources: resources,
		Principals: iampolicy.Anyone(), Conditions: iam.GetPolicyDocumentStatementConditionArray{c},
	}
}
