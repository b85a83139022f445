package audittrail

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/kmskey"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
	"github.com/modelfort/modelfort/internal/awsenv"
	"github.com/modelfort/modelfort/internal/component"
	"github.com/modelfort/modelfort/internal/encryption"
	"github.com/modelfort/modelfort/internal/tags"
)

// Type is the component's type token.
const Type = "modelfort:aws:AuditTrail"

// pkg prefixes the component's errors.
const pkg = "audittrail"

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

// NewTrail creates a trail. Args are checked before anything is
// registered (the log bucket's Args too). Resource options (provider,
// protect, aliases, ...) apply to the component and through it to the
// key, bucket, log group and trail.
func NewTrail(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Trail, error) {
	a, err := component.Prepare(pkg, name, args)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Lookup(ctx, opts...)
	if err != nil {
		return nil, component.Errorf(pkg, name, err)
	}
	// CloudTrail checks the bucket policy when the trail is created, and
	// the policy names the trail: its ARN is known from its name.
	trailArn := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", env.Partition, env.Region, env.AccountId, a.TrailName)

	t := &Trail{}
	in, err := component.Register(ctx, Type, name, t, opts...)
	if err != nil {
		return nil, err
	}
	trailTags := tags.Of(a.Tags)
	// Always a key of its own (nil: none given), named as every
	// component's own key is.
	if _, t.Key, err = encryption.KeyOrOwn(ctx, pkg, name, nil, kmskey.Args{
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
	logs, err := toLogs(ctx, name, t.Key.Arn, a.LogRetentionDays, trailTags, env, in)
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
		CloudWatchLogsGroupArn:     pulumi.Sprintf("%s:*", logs.group.Arn),
		CloudWatchLogsRoleArn:      logs.role.Arn,
		Tags:                       trailTags,
		EventSelectors:             dataEvents(a.DataEventBuckets),
		InsightSelectors:           insights(a.NoInsights),
	}
	// CloudTrail refuses a trail whose bucket policy does not let it
	// write yet (InsufficientS3BucketPolicyException), and log files
	// written before the object lock is configured would not be locked:
	// the trail waits for those resources themselves, not for the bucket
	// component, whose children register asynchronously. And for the
	// role's policy, before it delivers to CloudWatch Logs.
	after := pulumi.DependsOn([]pulumi.Resource{t.Bucket.Policy, t.Bucket.ObjectLock, logs.delivery})
	if t.Trail, err = cloudtrail.NewTrail(ctx, name, trailArgs, in, after); err != nil {
		return nil, err
	}

	t.DetectorId = pulumi.String("").ToStringOutput()
	if a.GuardDuty {
		if t.DetectorId, err = newDetector(ctx, name, trailTags, in); err != nil {
			return nil, err
		}
	}

	t.TrailArn, t.BucketName, t.LogGroupName, t.KMSKeyArn = t.Trail.Arn, t.Bucket.BucketName, logs.group.Name, t.Key.Arn
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{
		"trailArn": t.TrailArn, "bucketName": t.BucketName, "logGroupName": t.LogGroupName, "kmsKeyArn": t.KMSKeyArn, "detectorId": t.DetectorId,
	})
}

// InsightTypes are the CloudTrail Insights the trail logs unless
// NoInsights: unusual rates of write management API calls and of API
// errors
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html).
// Insights analyse the trail's management events (API call rate: write
// events; error rate: read and write), which the trail always records:
// without event selectors all of them, and with data events too
// (IncludeManagementEvents true, ReadWriteType All).
var InsightTypes = []string{"ApiCallRateInsight", "ApiErrorRateInsight"}

// insights are the trail's insight selectors, or nil with NoInsights.
func insights(off bool) cloudtrail.TrailInsightSelectorArrayInput {
	if off {
		return nil
	}
	var out cloudtrail.TrailInsightSelectorArray
	for _, t := range InsightTypes {
		out = append(out, &cloudtrail.TrailInsightSelectorArgs{InsightType: pulumi.String(t)})
	}
	return out
}

// dataEvents records the object-level events of buckets, or is nil for
// none (management events only).
func dataEvents(buckets []pulumi.StringInput) cloudtrail.TrailEventSelectorArrayInput {
	if len(buckets) == 0 {
		return nil
	}
	var objects pulumi.StringArray
	for _, b := range buckets {
		objects = append(objects, pulumi.Sprintf("%s/", b))
	}
	return cloudtrail.TrailEventSelectorArray{&cloudtrail.TrailEventSelectorArgs{
		ReadWriteType:           pulumi.String("All"),
		IncludeManagementEvents: pulumi.Bool(true),
		DataResources: cloudtrail.TrailEventSelectorDataResourceArray{&cloudtrail.TrailEventSelectorDataResourceArgs{
			Type: pulumi.String("AWS::S3::Object"), Values: objects,
		}},
	}}
}
