package capturebucket

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// private describes one of the component's buckets (the capture bucket
// and its access-log bucket): its arguments, default encryption and
// lifecycle rules, and the statements its bucket policy holds besides
// TLS only.
type private struct {
	args       *s3.BucketV2Args
	encryption *s3.BucketServerSideEncryptionConfigurationV2RuleArgs
	lifecycle  s3.BucketLifecycleConfigurationV2RuleArray
	statements func(arn pulumi.StringOutput) iam.GetPolicyDocumentStatementArray
}

// privateBucket is what newPrivate created.
type privateBucket struct {
	bucket     *s3.BucketV2
	id         pulumi.StringOutput
	versioning *s3.BucketVersioningV2
	policy     *s3.BucketPolicy
}

// newPrivate creates a versioned bucket with all four public-access
// blocks, ACLs disabled, default encryption, lifecycle rules (once
// versioning is on) and a bucket policy that denies requests without TLS
// or with TLS below 1.2, followed by p's statements.
func newPrivate(ctx *pulumi.Context, name string, p private, in pulumi.ResourceOrInvokeOption) (*privateBucket, error) {
	b := &privateBucket{}
	var err error
	if b.bucket, err = s3.NewBucketV2(ctx, name, p.args, in); err != nil {
		return nil, err
	}
	b.id = b.bucket.ID().ToStringOutput()
	if _, err := s3.NewBucketPublicAccessBlock(ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket:                b.id,
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, in); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, name, &s3.BucketOwnershipControlsArgs{
		Bucket: b.id,
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, in); err != nil {
		return nil, err
	}
	if b.versioning, err = s3.NewBucketVersioningV2(ctx, name, &s3.BucketVersioningV2Args{
		Bucket:                  b.id,
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, in); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: b.id,
		Rules:  s3.BucketServerSideEncryptionConfigurationV2RuleArray{p.encryption},
	}, in); err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: b.id,
		Rules:  p.lifecycle,
	}, in, pulumi.DependsOn([]pulumi.Resource{b.versioning})); err != nil {
		return nil, err
	}
	arn := b.bucket.Arn
	bucketAndObjects := pulumi.StringArray{arn, pulumi.Sprintf("%s/*", arn)}
	stmts := iam.GetPolicyDocumentStatementArray{
		deny(wormbucket.SidDenyInsecureTransport, bucketAndObjects, iampolicy.Condition("Bool", "aws:SecureTransport", pulumi.String("false")), "s3:*"),
		deny(wormbucket.SidDenyOutdatedTLS, bucketAndObjects, iampolicy.Condition("NumericLessThan", "s3:TlsVersion", pulumi.String("1.2")), "s3:*"),
	}
	stmts = append(stmts, p.statements(arn)...)
	if b.policy, err = s3.NewBucketPolicy(ctx, name, &s3.BucketPolicyArgs{
		Bucket: b.id,
		Policy: iampolicy.Document(ctx, stmts, in),
	}, in); err != nil {
		return nil, err
	}
	return b, nil
}

// deny denies actions on resources to everyone, under condition c when it
// is set (a zero c: always).
func deny(sid string, resources pulumi.StringArray, c iam.GetPolicyDocumentStatementConditionArgs, actions ...string) iam.GetPolicyDocumentStatementArgs {
	s := iam.GetPolicyDocumentStatementArgs{
		Sid: pulumi.String(sid), Effect: pulumi.String("Deny"),
		Actions: iampolicy.Strings(actions...), Resources: resources,
		Principals: iampolicy.Anyone(),
	}
	if c.Test != nil {
		s.Conditions = iam.GetPolicyDocumentStatementConditionArray{c}
	}
	return s
}
