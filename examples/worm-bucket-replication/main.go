// Command worm-bucket-replication is an example of wormbucket.Bucket and
// wormbucket.Replication: an object-locked bucket for model artifacts in
// the primary region, its copy in a disaster-recovery region, each with
// its own key, and replication between them under S3 Replication Time
// Control.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

func program(ctx *pulumi.Context) error {
	drRegion := config.Get(ctx, "drRegion")
	if drRegion == "" {
		drRegion = "us-west-2"
	}
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
	if err != nil {
		return err
	}
	// A short GOVERNANCE retention keeps the example easy to clean up; the
	// default is COMPLIANCE for 30 days.
	retention := &wormbucket.Retention{Mode: wormbucket.Governance, Days: 1}
	models, err := wormbucket.NewBucket(ctx, "models", &wormbucket.Args{Retention: retention})
	if err != nil {
		return err
	}
	replica, err := wormbucket.NewBucket(ctx, "models-replica", &wormbucket.Args{Retention: retention}, pulumi.Provider(dr))
	if err != nil {
		return err
	}
	repl, err := wormbucket.NewReplication(ctx, "models", &wormbucket.ReplicationArgs{Source: models, Destination: replica})
	if err != nil {
		return err
	}
	ctx.Export("bucket", models.BucketName)
	ctx.Export("replicaBucket", replica.BucketName)
	ctx.Export("replicationRole", repl.RoleArn)
	ctx.Export("recoveryPointMinutes", repl.RecoveryPointMinutes)
	return nil
}

func main() {
	pulumi.Run(program)
}
