// Command capture-bucket is an example of capturebucket.Bucket: a bucket
// for the prompts and answers that SageMaker data capture records,
// encrypted with a key of its own, private, TLS only, logged, and without
// object lock, so that captured data expires after 14 days, a deleted
// version is gone a day later, and a person's data can be erased on
// request. A model endpoint (modelendpoint.Args.CaptureBucket) or several
// can share it, each under a prefix of its own.
//
//	pulumi config set aws:region us-east-1
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/capturebucket"
)

func program(ctx *pulumi.Context) error {
	captures, err := capturebucket.NewBucket(ctx, "captures", &capturebucket.Args{
		ExpirationDays: 14,
		Tags:           map[string]string{"data": "inference-capture"},
	})
	if err != nil {
		return err
	}
	ctx.Export("bucket", captures.BucketName)
	ctx.Export("kmsKeyArn", captures.KMSKeyArn)
	ctx.Export("accessLogBucket", captures.AccessLogBucket)
	ctx.Export("expirationDays", pulumi.Int(captures.ExpirationDays))
	return nil
}

func main() {
	pulumi.Run(program)
}
