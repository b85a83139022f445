// Command threat-detection is an example of threatdetection.Detection:
// one per region, in the primary region and a disaster-recovery region.
// The primary region owns its GuardDuty detector (or, with
// "organizationManaged", verifies the organization's), scans the model
// bucket with GuardDuty Malware Protection for S3, enables Security Hub
// with AWS Foundational Security Best Practices, and records AWS Config
// with the managed rules, creating the account's AWS Config
// service-linked role and recording global (IAM) resources. The DR region
// does the same without a malware plan, takes the primary's service-linked
// role, and records no global resources.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2
//	pulumi config set organizationManaged true   # optional
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/threatdetection"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

func program(ctx *pulumi.Context) error {
	drRegion := config.Get(ctx, "drRegion")
	if drRegion == "" {
		drRegion = "us-west-2"
	}
	orgManaged := config.GetBool(ctx, "organizationManaged")
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
	if err != nil {
		return err
	}
	models, err := wormbucket.NewBucket(ctx, "models", nil)
	if err != nil {
		return err
	}
	primary, err := threatdetection.NewDetection(ctx, "detection", &threatdetection.Args{
		GuardDuty: threatdetection.GuardDuty{OrganizationManaged: orgManaged},
		// Every uploaded model artifact is scanned and tagged.
		MalwareScanBuckets: []threatdetection.MalwareScanBucket{
			{Key: "models", BucketName: models.BucketName, KMSKeyArns: []pulumi.StringInput{models.KMSKeyArn}},
		},
	})
	if err != nil {
		return err
	}
	standby, err := threatdetection.NewDetection(ctx, "detection-dr", &threatdetection.Args{
		GuardDuty: threatdetection.GuardDuty{OrganizationManaged: orgManaged},
		// The account's one AWS Config service-linked role, and IAM
		// recorded once, in the primary region.
		ConfigRoleArn:     primary.ConfigRoleArn,
		NoGlobalResources: true,
	}, pulumi.Provider(dr))
	if err != nil {
		return err
	}
	ctx.Export("detector", primary.DetectorId)
	ctx.Export("malwarePlans", primary.MalwareProtectionPlanArns)
	ctx.Export("standard", primary.SecurityHubStandardsArn)
	ctx.Export("configRules", primary.ConfigRuleNames)
	ctx.Export("drDetector", standby.DetectorId)
	ctx.Export("drConfigRecorder", standby.ConfigRecorderName)
	return nil
}

func main() {
	pulumi.Run(program)
}
