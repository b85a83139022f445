// Command audit-trail is an example of audittrail.Trail: a multi-Region
// CloudTrail trail with log file validation, encrypted, delivered into an
// object-locked bucket and to CloudWatch Logs, recording the object-level
// events of a model bucket.
//
//	pulumi config set aws:region us-east-1
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/audittrail"
	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

func program(ctx *pulumi.Context) error {
	models, err := wormbucket.NewBucket(ctx, "models", nil)
	if err != nil {
		return err
	}
	trail, err := audittrail.NewTrail(ctx, "audit", &audittrail.Args{
		DataEventBuckets: []pulumi.StringInput{models.Arn},
		// GuardDuty: true adds a detector with S3 protection, unless the
		// account already has one (for example from AWS Organizations).
	})
	if err != nil {
		return err
	}
	ctx.Export("trailArn", trail.TrailArn)
	ctx.Export("logBucket", trail.BucketName)
	ctx.Export("logGroup", trail.LogGroupName)
	return nil
}

func main() {
	pulumi.Run(program)
}
