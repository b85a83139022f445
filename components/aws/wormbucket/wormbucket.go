// Package wormbucket provides Bucket, an S3 bucket for data that must not be
// changed or lost (model weights, training data, audit logs): write once,
// read many. And Replication, which copies such a bucket to a bucket in a
// disaster-recovery region.
//
// A Bucket is, without any arguments: object-locked with a default
// retention (COMPLIANCE, 30 days), versioned, encrypted with SSE-KMS under a
// customer-managed key (its own, unless one is given) with an S3 Bucket Key,
// closed to the public (all four public-access blocks), free of ACLs
// (BucketOwnerEnforced), guarded by a bucket policy that denies requests
// without TLS, with TLS below 1.2, and uploads that ask for another key or
// another kind of encryption, logged to an access-log bucket, and cleaned of
// noncurrent versions and incomplete multipart uploads by lifecycle rules.
//
// S3 server access logs can only be delivered to a bucket with SSE-S3
// encryption and no default object-lock retention, so the access-log bucket
// that Bucket creates when none is given uses AES256 and no object lock.
package wormbucket

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
)

// Type is the component's type token.
const Type = "modelfort:aws:WormBucket"

// Retention modes of S3 Object Lock.
const (
	// Compliance: no one, not even the account root, can shorten the
	// retention or delete a locked object version before it ends.
	Compliance = "COMPLIANCE"
	// Governance: principals with s3:BypassGovernanceRetention can.
	Governance = "GOVERNANCE"
)

// Defaults.
const (
	DefaultRetentionDays         = 30
	DefaultNoncurrentVersionDays = 365
	DefaultAbortMultipartDays    = 7
	DefaultAccessLogPrefix       = "access-logs/"
	// AccessLogExpirationDays is how long the access-log bucket that
	// Bucket creates keeps logs.
	AccessLogExpirationDays = 365
)

// Retention is an object-lock default retention: a mode and either Days or
// Years, not both.
type Retention struct {
	// Mode is COMPLIANCE or GOVERNANCE.
	Mode string
	// Days is 1 to 36500; Years is 1 to 100.
	Days, Years int
}

// ServiceWriter lets an AWS service write objects into the bucket, for
// example CloudTrail delivering logs.
type ServiceWriter struct {
	// Service is the service principal, "cloudtrail.amazonaws.com".
	Service string
	// Prefix is the key prefix it may write under, "AWSLogs/".
	Prefix string
	// SourceArn is the ARN of the resource (a trail) on whose behalf the
	// service writes (aws:SourceArn).
	SourceArn pulumi.StringInput
}

// Args configures a Bucket. The zero value is a valid, secure bucket.
type Args struct {
	// BucketName is the bucket's physical name. Default: generated from
	// the component's name.
	BucketName string
	// KMSKeyArn is the customer-managed key that encrypts the bucket.
	// Default: a dedicated key (kmskey.Key), usable through S3 only.
	KMSKeyArn pulumi.StringInput
	// Retention is the default retention of every new object version.
	// Default: COMPLIANCE for 30 days.
	Retention *Retention
	// AccessLogBucket is the name of the bucket that receives the access
	// logs. Default: a dedicated access-log bucket.
	AccessLogBucket pulumi.StringInput
	// AccessLogPrefix is the key prefix of the access logs. Default:
	// "access-logs/".
	AccessLogPrefix string
	// VpcEndpointIds, when set, makes the bucket deny every request that
	// does not come through one of these VPC endpoints, except requests of
	// TrustedPrincipals.
	VpcEndpointIds []pulumi.StringInput
	// TrustedPrincipals are IAM principal ARNs exempt from VpcEndpointIds,
	// such as a replication role or a deployment role.
	TrustedPrincipals []pulumi.StringInput
	// Writers are AWS services allowed to write into the bucket.
	Writers []ServiceWriter
	// NoncurrentVersionDays is when noncurrent versions expire (once their
	// retention allows). Default: 365.
	NoncurrentVersionDays int
	// AbortMultipartDays is when incomplete multipart uploads are
	// aborted. Default: 7.
	AbortMultipartDays int
	// Tags are added to the buckets.
	Tags map[string]string
}

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

	// Bucket is the S3 bucket; Versioning its versioning; Key the key
	// Bucket created (nil when KMSKeyArn was given).
	Bucket     *s3.BucketV2
	Versioning *s3.BucketVersioningV2
	Key        *kmskey.Key
}

var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if err := kmskey.CheckArn("KMSKeyArn", a.KMSKeyArn); err != nil {
		return fmt.Errorf("wormbucket %s: %w", name, err)
	}
	if a.BucketName != "" && (!bucketName.MatchString(a.BucketName) || strings.Contains(a.BucketName, "..")) {
		return fmt.Errorf("wormbucket %s: BucketName %q is not a valid S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)", name, a.BucketName)
	}
	if a.Retention == nil {
		a.Retention = &Retention{Mode: Compliance, Days: DefaultRetentionDays}
	}
	r := *a.Retention
	switch {
	case r.Mode != Compliance && r.Mode != Governance:
		return fmt.Errorf("wormbucket %s: Retention.Mode is %q; allowed values are %s and %s", name, r.Mode, Compliance, Governance)
	case r.Days != 0 && r.Years != 0:
		return fmt.Errorf("wormbucket %s: Retention has Days (%d) and Years (%d); give one of them", name, r.Days, r.Years)
	case r.Days == 0 && r.Years == 0:
		return fmt.Errorf("wormbucket %s: Retention is 0; give Days (1 to 36500) or Years (1 to 100)", name)
	case r.Days < 0 || r.Days > 36500:
		return fmt.Errorf("wormbucket %s: Retention.Days is %d; allowed values are 1 to 36500", name, r.Days)
	case r.Years < 0 || r.Years > 100:
		return fmt.Errorf("wormbucket %s: Retention.Years is %d; allowed values are 1 to 100", name, r.Years)
	}
	if a.NoncurrentVersionDays == 0 {
		a.NoncurrentVersionDays = DefaultNoncurrentVersionDays
	}
	if a.NoncurrentVersionDays < 1 {
		return fmt.Errorf("wormbucket %s: NoncurrentVersionDays is %d; it must be at least 1 (0 means %d)", name, a.NoncurrentVersionDays, DefaultNoncurrentVersionDays)
	}
	if a.AbortMultipartDays == 0 {
		a.AbortMultipartDays = DefaultAbortMultipartDays
	}
	if a.AbortMultipartDays < 1 {
		return fmt.Errorf("wormbucket %s: AbortMultipartDays is %d; it must be at least 1 (0 means %d)", name, a.AbortMultipartDays, DefaultAbortMultipartDays)
	}
	if a.AccessLogPrefix == "" {
		a.AccessLogPrefix = DefaultAccessLogPrefix
	}
	for i, id := range a.VpcEndpointIds {
		if id == nil {
			return fmt.Errorf("wormbucket %s: VpcEndpointIds[%d] is nil", name, i)
		}
	}
	for i, p := range a.TrustedPrincipals {
		if p == nil {
			return fmt.Errorf("wormbucket %s: TrustedPrincipals[%d] is nil", name, i)
		}
	}
	if len(a.TrustedPrincipals) > 0 && len(a.VpcEndpointIds) == 0 {
		return fmt.Errorf("wormbucket %s: TrustedPrincipals are exemptions from VpcEndpointIds, which is empty", name)
	}
	for i, w := range a.Writers {
		if !strings.HasSuffix(w.Service, ".amazonaws.com") {
			return fmt.Errorf("wormbucket %s: Writers[%d].Service is %q; it must be a service principal such as cloudtrail.amazonaws.com", name, i, w.Service)
		}
		if w.SourceArn == nil {
			return fmt.Errorf("wormbucket %s: Writers[%d].SourceArn is nil; a service may write only on behalf of a named resource", name, i)
		}
	}
	return nil
}

// Validate checks args as NewBucket does, without registering anything,
// for components that create a Bucket after resources of their own.
func Validate(name string, args *Args) error {
	a := Args{}
	if args != nil {
		a = *args
	}
	return a.validate(name)
}

// NewBucket creates a bucket. Args are checked before anything is
// registered. Resource options (provider, protect, aliases, ...) apply to
// the component and through it to every bucket and key it creates.
func NewBucket(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Bucket, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("wormbucket %s: %w", name, err)
	}
	b := &Bucket{Region: env.Region, Retention: *a.Retention}
	if err := ctx.RegisterComponentResource(Type, name, b, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(b)
	tags := pulumi.ToStringMap(a.Tags)

	keyArn := a.KMSKeyArn
	if keyArn == nil {
		b.Key, err = kmskey.NewKey(ctx, name, &kmskey.Args{
			Description: "modelfort WORM bucket " + name,
			ViaServices: []string{"s3"},
			Tags:        a.Tags,
		}, in)
		if err != nil {
			return nil, err
		}
		keyArn = b.Key.Arn
	}

	bucketArgs := &s3.BucketV2Args{ObjectLockEnabled: pulumi.Bool(true), ForceDestroy: pulumi.Bool(false), Tags: tags}
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
	retention := &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{Mode: pulumi.String(a.Retention.Mode)}
	if a.Retention.Days > 0 {
		retention.Days = pulumi.Int(a.Retention.Days)
	} else {
		retention.Years = pulumi.Int(a.Retention.Years)
	}
	if _, err := s3.NewBucketObjectLockConfigurationV2(ctx, name, &s3.BucketObjectLockConfigurationV2Args{
		Bucket:            id,
		ObjectLockEnabled: pulumi.String("Enabled"),
		Rule:              &s3.BucketObjectLockConfigurationV2RuleArgs{DefaultRetention: retention},
	}, in, pulumi.DependsOn([]pulumi.Resource{b.Versioning})); err != nil {
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
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{
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
		},
	}, in, pulumi.DependsOn([]pulumi.Resource{b.Versioning})); err != nil {
		return nil, err
	}

	logBucket := a.AccessLogBucket
	if logBucket == nil {
		if logBucket, err = newAccessLogBucket(ctx, name, b.Bucket.Arn, env, tags, in); err != nil {
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

	if _, err := s3.NewBucketPolicy(ctx, name, &s3.BucketPolicyArgs{
		Bucket: id,
		Policy: a.policy(ctx, b.Bucket.Arn, keyArn, pulumi.Parent(b)),
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
