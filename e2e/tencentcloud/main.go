// Command tencentcloud is a small Tencent Cloud program that the
// end-to-end tests run through the real engine, to show that the offline
// tencentcloud stand-in serves the tencentcloud SDK: a KMS key and a COS
// bucket encrypted and versioned, with a TLS-only bucket policy, in the
// configured region.
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
		// The policy pack's tc-cos-tls-only demands a policy that denies
		// requests without HTTPS.
		if _, err := cos.NewBucketPolicy(ctx, "artifacts", &cos.BucketPolicyArgs{
			Bucket: bucket.ID().ToStringOutput(),
			Policy: pulumi.Sprintf(`{"version":"2.0","statement":[{"effect":"deny","principal":{"qcs":["qcs::cam::anyone:anyone"]},`+
				`"action":["name/cos:*"],"resource":["qcs::cos:ap-singapore:uid/%s:%s/*"],"condition":{"bool_equal":{"cos:secure-transport":["false"]}}}]}`,
				info.AppId, bucket.ID()),
		}); err != nil {
			return err
		}
		ctx.Export("keyId", key.ID())
		ctx.Export("bucketUrl", bucket.CosBucketUrl)
		return nil
	})
}
