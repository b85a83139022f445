package provider

import (
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/faultinjection"
)

// FaultInjectionArgs are faultinjection.Args on the wire.
type FaultInjectionArgs struct {
	RegionOutage     *RegionOutage        `pulumi:"regionOutage,optional"`
	StopAlarmArns    []pulumi.StringInput `pulumi:"stopAlarmArns,optional"`
	AlarmTopicArn    pulumi.StringInput   `pulumi:"alarmTopicArn,optional"`
	LogRetentionDays int                  `pulumi:"logRetentionDays,optional"`
	KMSKeyArn        pulumi.StringInput   `pulumi:"kmsKeyArn,optional"`
	Tags             map[string]string    `pulumi:"tags,optional"`
}

// RegionOutage is faultinjection.RegionOutage on the wire.
type RegionOutage struct {
	SubnetArns []pulumi.StringInput `pulumi:"subnetArns,optional"`
	VpcId      pulumi.StringInput   `pulumi:"vpcId,optional"`
	// DurationMinutes is how long the subnets stay cut off, in minutes.
	// Allowed: 1 to 720 (12 hours). Default (0): 10.
	DurationMinutes int `pulumi:"durationMinutes,optional"`
}

func newFaultInjection(ctx *pulumi.Context, name string, a FaultInjectionArgs, opts ...pulumi.ResourceOption) (*faultinjection.Experiments, error) {
	args := &faultinjection.Args{
		StopAlarmArns:    a.StopAlarmArns,
		AlarmTopicArn:    a.AlarmTopicArn,
		LogRetentionDays: a.LogRetentionDays,
		KMSKeyArn:        a.KMSKeyArn,
		Tags:             a.Tags,
	}
	if o := a.RegionOutage; o != nil {
		args.RegionOutage = &faultinjection.RegionOutage{
			SubnetArns: o.SubnetArns,
			VpcId:      o.VpcId,
			Duration:   time.Duration(o.DurationMinutes) * time.Minute,
		}
	}
	return faultinjection.NewExperiments(ctx, name, args, opts...)
}
