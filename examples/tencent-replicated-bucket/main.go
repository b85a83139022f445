// Command tencent-replicated-bucket is an example of
// replicatedbucket.Bucket: a private, versioned, encrypted COS bucket for
// model artifacts in the primary region, replicated to a bucket in a
// second region through a CAM role that may do nothing else.
//
//	pulumi config set tencentcloud:region ap-guangzhou
//	pulumi config set replicaRegion ap-shanghai
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud"

	"github.com/modelfort/modelfort/components/tencentcloud/replicatedbucket"
)

func program(ctx *pulumi.Context) error {
	replicaRegion := config.Get(ctx, "replicaRegion")
	if replicaRegion == "" {
		replicaRegion = "ap-shanghai"
	}
	replica, err := tencentcloud.NewProvider(ctx, "replica", &tencentcloud.ProviderArgs{Region: pulumi.String(replicaRegion)})
	if err != nil {
		return err
	}
	models, err := replicatedbucket.NewBucket(ctx, "models", &replicatedbucket.Args{
		Name:            "modelfort-example-models",
		ReplicaProvider: replica,
		// Lets the example be emptied and deleted; the default denies the
		// permanent deletion of object versions.
		AllowVersionDeletion: true,
	})
	if err != nil {
		return err
	}
	ctx.Export("bucket", models.BucketName)
	ctx.Export("bucketUrl", models.BucketUrl)
	ctx.Export("replicaBucket", models.ReplicaBucketName)
	ctx.Export("replicationRole", models.ReplicationRole)
	return nil
}

func main() {
	pulumi.Run(program)
}
