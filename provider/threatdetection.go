package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/threatdetection"
)

// ThreatDetectionArgs are threatdetection.Args on the wire.
type ThreatDetectionArgs struct {
	GuardDuty          *GuardDuty          `pulumi:"guardDuty,optional"`
	MalwareScanBuckets []MalwareScanBucket `pulumi:"malwareScanBuckets,optional"`
	Standard           string              `pulumi:"standard,optional"`
	NoSecurityHub      bool                `pulumi:"noSecurityHub,optional"`
	NoConfig           bool                `pulumi:"noConfig,optional"`
	ConfigRoleArn      pulumi.StringInput  `pulumi:"configRoleArn,optional"`
	ConfigBucketName   pulumi.StringInput  `pulumi:"configBucketName,optional"`
	NoGlobalResources  bool                `pulumi:"noGlobalResources,optional"`
	ExcludeRules       []string            `pulumi:"excludeRules,optional"`
	Tags               map[string]string   `pulumi:"tags,optional"`
}

// GuardDuty is threatdetection.GuardDuty on the wire.
type GuardDuty struct {
	OrganizationManaged        bool   `pulumi:"organizationManaged,optional"`
	FindingPublishingFrequency string `pulumi:"findingPublishingFrequency,optional"`
}

// MalwareScanBucket is threatdetection.MalwareScanBucket on the wire.
type MalwareScanBucket struct {
	Key        string               `pulumi:"key,optional"`
	BucketName pulumi.StringInput   `pulumi:"bucketName,optional"`
	KMSKeyArns []pulumi.StringInput `pulumi:"kmsKeyArns,optional"`
}

func newThreatDetection(ctx *pulumi.Context, name string, a ThreatDetectionArgs, opts ...pulumi.ResourceOption) (*threatdetection.Detection, error) {
	args := &threatdetection.Args{
		Standard:          a.Standard,
		NoSecurityHub:     a.NoSecurityHub,
		NoConfig:          a.NoConfig,
		ConfigRoleArn:     a.ConfigRoleArn,
		ConfigBucketName:  a.ConfigBucketName,
		NoGlobalResources: a.NoGlobalResources,
		ExcludeRules:      a.ExcludeRules,
		Tags:              a.Tags,
	}
	if g := a.GuardDuty; g != nil {
		args.GuardDuty = threatdetection.GuardDuty{OrganizationManaged: g.OrganizationManaged, FindingPublishingFrequency: g.FindingPublishingFrequency}
	}
	for _, b := range a.MalwareScanBuckets {
		args.MalwareScanBuckets = append(args.MalwareScanBuckets, threatdetection.MalwareScanBucket{Key: b.Key, BucketName: b.BucketName, KMSKeyArns: b.KMSKeyArns})
	}
	return threatdetection.NewDetection(ctx, name, args, opts...)
}
