package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/audittrail"
)

// AuditTrailArgs are audittrail.Args on the wire.
type AuditTrailArgs struct {
	TrailName        string               `pulumi:"trailName,optional"`
	BucketRetention  *Retention           `pulumi:"bucketRetention,optional"`
	LogRetentionDays int                  `pulumi:"logRetentionDays,optional"`
	DataEventBuckets []pulumi.StringInput `pulumi:"dataEventBuckets,optional"`
	GuardDuty        bool                 `pulumi:"guardDuty,optional"`
	NoInsights       bool                 `pulumi:"noInsights,optional"`
	Tags             map[string]string    `pulumi:"tags,optional"`
}

func newAuditTrail(ctx *pulumi.Context, name string, a AuditTrailArgs, opts ...pulumi.ResourceOption) (*audittrail.Trail, error) {
	return audittrail.NewTrail(ctx, name, &audittrail.Args{
		TrailName:        a.TrailName,
		BucketRetention:  a.BucketRetention.retention(),
		LogRetentionDays: a.LogRetentionDays,
		DataEventBuckets: a.DataEventBuckets,
		GuardDuty:        a.GuardDuty,
		NoInsights:       a.NoInsights,
		Tags:             a.Tags,
	}, opts...)
}
