package audittrail

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newDetector creates a GuardDuty detector with S3 protection and returns
// its ID.
func newDetector(ctx *pulumi.Context, name string, tags pulumi.StringMap, in pulumi.ResourceOrInvokeOption) (pulumi.StringOutput, error) {
	detector, err := guardduty.NewDetector(ctx, name, &guardduty.DetectorArgs{
		Enable:                     pulumi.Bool(true),
		FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
		Tags:                       tags,
	}, in)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	id := detector.ID().ToStringOutput()
	if _, err := guardduty.NewDetectorFeature(ctx, name+"-s3", &guardduty.DetectorFeatureArgs{
		DetectorId: id,
		Name:       pulumi.String("S3_DATA_EVENTS"),
		Status:     pulumi.String("ENABLED"),
	}, in); err != nil {
		return pulumi.StringOutput{}, err
	}
	return id, nil
}
