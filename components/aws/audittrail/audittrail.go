// Package audittrail provides Trail, the account's audit record: a
// multi-Region CloudTrail trail with log file validation, encrypted with a
// customer-managed key, delivered into a WORM bucket (wormbucket.Bucket)
// and to a KMS-encrypted CloudWatch Logs group, optionally recording S3
// data events of chosen buckets, and optionally a GuardDuty detector with
// S3 protection.
//
// GuardDuty is off unless asked for: a detector is a per-account,
// per-region singleton that is often managed by an AWS Organizations
// administrator account, and creating a second one fails.
package audittrail

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/iampolicy"
	"github.com/modelfort/modelfort/internal/logretention"
)

// Type is the component's type token.
const Type = "modelfort:aws:AuditTrail"

// Defaults.
const (
	DefaultLogRetentionDays = 365
	// DefaultBucketRetentionDays is the object-lock retention of the log
	// bucket (COMPLIANCE).
	DefaultBucketRetentionDays = 365
)

// LogRetentionDays are the retention periods CloudWatch Logs accepts.
var LogRetentionDays = logretention.Days

// Args configures a Trail. The zero value is a valid, secure trail.
type Args struct {
	// TrailName is the trail's name. Default: "modelfort-NAME".
	TrailName string
	// BucketRetention is the log bucket's object-lock retention. Default:
	// COMPLIANCE for 365 days.
	BucketRetention *wormbucket.Retention
	// LogRetentionDays is how long CloudWatch Logs keeps the events; one
	// of LogRetentionDays. Default: 365.
	LogRetentionDays int
	// DataEventBuckets are ARNs of buckets whose object-level reads and
	// writes are recorded.
	DataEventBuckets []pulumi.StringInput
	// GuardDuty creates a GuardDuty detector with S3 protection.
	GuardDuty bool
	// Tags are added to the trail, key, bucket and log group.
	Tags map[string]string
}

// Trail is a multi-Region CloudTrail trail and where it delivers.
type Trail struct {
	pulumi.ResourceState

	TrailArn     pulumi.StringOutput `pulumi:"trailArn"`
	BucketName   pulumi.StringOutput `pulumi:"bucketName"`
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	KMSKeyArn    pulumi.StringOutput `pulumi:"kmsKeyArn"`
	// DetectorId is the GuardDuty detector, or empty.
	DetectorId pulumi.StringOutput `pulumi:"detectorId"`

	Trail  *cloudtrail.Trail
	Bucket *wormbucket.Bucket
	Key    *kmskey.Key
}

var trailName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{1,126}[a-zA-Z0-9]$`)

// validate checks args and fills in defaults; its errors name the field.
func (a *Args) validate(name string) error {
	if a.TrailName == "" {
		a.TrailName = "modelfort-" + name
	}
	if !trailName.MatchString(a.TrailName) {
		return fmt.Errorf("audittrail %s: TrailName %q is not allowed; use 3 to 128 letters, digits, '.', '_' and '-', starting and ending with a letter or digit", name, a.TrailName)
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if !slices.Contains(LogRetentionDays, a.LogRetentionDays) {
		return fmt.Errorf("audittrail %s: LogRetentionDays is %d; allowed values are %v", name, a.LogRetentionDays, LogRetentionDays)
	}
	if a.BucketRetention == nil {
		a.BucketRetention = &wormbucket.Retention{Mode: wormbucket.Compliance, Days: DefaultBucketRetentionDays}
	}
	for i, b := range a.DataEventBuckets {
		if b == nil {
			return fmt.Errorf("audittrail %s: DataEventBuckets[%d] is nil", name, i)
		}
	}
	return nil
}

// NewTrail creates a trail. Args are checked before anything is
// registered (the log bucket's Args too). Resource options (provider,
// protect, aliases, ...) apply to the component and through it to the
// key, bucket, log group and trail.
func NewTrail(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Trail, error) {
	a := Args{}
	if args != nil {
		a = *args
	}
	if err := a.validate(name); err != nil {
		return nil, err
	}
	if err := wormbucket.Validate(name+"-logs", &wormbucket.Args{Retention: a.BucketRetention}); err != nil {
		return nil, fmt.Errorf("audittrail %s: BucketRetention: %w", name, err)
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("audittrail %s: %w", name, err)
	}
	// CloudTrail checks the bucket policy when the trail is created, and
	// the policy names the trail: its ARN is known from its name.
	trailArn := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", env.Partition, env.Region, env.AccountId, a.TrailName)

	t := &Trail{}
	if err := ctx.RegisterComponentResource(Type, name, t, opts...); err != nil {
		return nil, err
	}
	in := pulumi.Parent(t)
	tags := pulumi.ToStringMap(a.Tags)
	if t.Key, err = kmskey.NewKey(ctx, name, &kmskey.Args{
		Description:       "modelfort audit trail " + name,
		ViaServices:       []string{"s3"},
		ServicePrincipals: []string{"cloudtrail", "logs"},
		Tags:              a.Tags,
	}, in); err != nil {
		return nil, err
	}
	if t.Bucket, err = wormbucket.NewBucket(ctx, name+"-logs", &wormbucket.Args{
		KMSKeyArn: t.Key.Arn,
		Retention: a.BucketRetention,
		Writers:   []wormbucket.ServiceWriter{{Service: env.ServicePrincipal("cloudtrail"), Prefix: "AWSLogs/", SourceArn: pulumi.String(trailArn)}},
		Tags:      a.Tags,
	}, in); err != nil {
		return nil, err
	}
	logGroup, err := cloudwatch.NewLogGroup(ctx, name, &cloudwatch.LogGroupArgs{
		KmsKeyId:        t.Key.Arn,
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		Tags:            tags,
	}, in)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-to-logs", &iam.RoleArgs{
		Description:      pulumi.String("CloudTrail delivery to CloudWatch Logs for modelfort " + name),
		AssumeRolePolicy: iampolicy.AssumedByService(ctx, env.ServicePrincipal("cloudtrail"), env.AccountId, in),
	}, in)
	if err != nil {
		return nil, err
	}
	delivery, err := iam.NewRolePolicy(ctx, name+"-to-logs", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: iampolicy.Document(ctx, iam.GetPolicyDocumentStatementArray{iam.GetPolicyDocumentStatementArgs{
			Sid:       pulumi.String("WriteTrailEvents"),
			Actions:   iampolicy.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
			Resources: pulumi.StringArray{pulumi.Sprintf("%s:log-stream:*", logGroup.Arn)},
		}}, in),
	}, in)
	if err != nil {
		return nil, err
	}
	trailArgs := &cloudtrail.TrailArgs{
		Name:                       pulumi.String(a.TrailName),
		S3BucketName:               t.Bucket.BucketName,
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogFileValidation:    pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		KmsKeyId:                   t.Key.Arn,
		CloudWatchLogsGroupArn:     pulumi.Sprintf("%s:*", logGroup.Arn),
		CloudWatchLogsRoleArn:      role.Arn,
		Tags:                       tags,
	}
	if len(a.DataEventBuckets) > 0 {
		var objects pulumi.StringArray
		for _, b := range a.DataEventBuckets {
			objects = append(objects, pulumi.Sprintf("%s/", b))
		}
		trailArgs.EventSelectors = cloudtrail.TrailEventSelectorArray{&cloudtrail.TrailEventSelectorArgs{
			ReadWriteType:           pulumi.String("All"),
			IncludeManagementEvents: pulumi.Bool(true),
			DataResources: cloudtrail.TrailEventSelectorDataResourceArray{&cloudtrail.TrailEventSelectorDataResourceArgs{
				Type: pulumi.String("AWS::S3::Object"), Values: objects,
			}},
		}}
	}
	// The bucket component waits for its policy; the role for its policy.
	if t.Trail, err = cloudtrail.NewTrail(ctx, name, trailArgs, in, pulumi.DependsOn([]pulumi.Resource{t.Bucket, delivery})); err != nil {
		return nil, err
	}

	t.DetectorId = pulumi.String("").ToStringOutput()
	if a.GuardDuty {
		detector, err := guardduty.NewDetector(ctx, name, &guardduty.DetectorArgs{
			Enable:                     pulumi.Bool(true),
			FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
			Tags:                       tags,
		}, in)
		if err != nil {
			return nil, err
		}
		if _, err := guardduty.NewDetectorFeature(ctx, name+"-s3", &guardduty.DetectorFeatureArgs{
			DetectorId: detector.ID().ToStringOutput(),
			Name:       pulumi.String("S3_DATA_EVENTS"),
			Status:     pulumi.String("ENABLED"),
		}, in); err != nil {
			return nil, err
		}
		t.DetectorId = detector.ID().ToStringOutput()
	}

	t.TrailArn, t.BucketName, t.LogGroupName, t.KMSKeyArn = t.Trail.Arn, t.Bucket.BucketName, logGroup.Name, t.Key.Arn
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{
		"trailArn": t.TrailArn, "bucketName": t.BucketName, "logGroupName": t.LogGroupName, "kmsKeyArn": t.KMSKeyArn, "detectorId": t.DetectorId,
	})
}
