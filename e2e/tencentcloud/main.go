// Command tencentcloud is a small Tencent Cloud program that the
// end-to-end tests run through the real engine, to show that the offline
// tencentcloud stand-in serves the tencentcloud SDK: a KMS key and a COS
// bucket encrypted and versioned, in the configured region.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/cos"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/kms"
	"github.com/tencentcloudstack/pulumi-tencentcloud/sdk/go/tencentcloud/user"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		info, err := user.GetInfo(ctx, &user.GetInfoArgs{})
		if err != nil {
			return err
		}
		key, err := kms.NewKey(ctx, "artifacts", &kms.KeyArgs{
			Alias:                     pulumi.String("modelfort-e2e"),
			KeyRotationEnabled:        pulumi.Bool(true),
			PendingDeleteWindowInDays: pulumi.Int(30),
		})
		if err != nil {
			return err
		}
		bucket, err := cos.NewBucket(ctx, "artifacts", &cos.BucketArgs{
			Bucket:              pulumi.String("modelfort-e2e-" + info.AppId),
			Acl:                 pulumi.String("private"),
			EncryptionAlgorithm: pulumi.String("AES256"),
			VersioningEnable:    pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		ctx.Export("keyId", key.ID())
		ctx.Export("bucketUrl", bucket.CosBucketUrl)
		return nil
	})
}
