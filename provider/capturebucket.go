package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/capturebucket"
)

// CaptureBucketArgs are capturebucket.Args on the wire.
type CaptureBucketArgs struct {
	BucketName            string             `pulumi:"bucketName,optional"`
	KMSKeyArn             pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
	ExpirationDays        int                `pulumi:"expirationDays,optional"`
	NoncurrentVersionDays int                `pulumi:"noncurrentVersionDays,optional"`
	AbortMultipartDays    int                `pulumi:"abortMultipartDays,optional"`
	AccessLogBucket       pulumi.StringInput `pulumi:"accessLogBucket,optional"`
	AccessLogPrefix       string             `pulumi:"accessLogPrefix,optional"`
	Tags                  map[string]string  `pulumi:"tags,optional"`
}

func newCaptureBucket(ctx *pulumi.Context, name string, a CaptureBucketArgs, opts ...pulumi.ResourceOption) (*capturebucket.Bucket, error) {
	return capturebucket.NewBucket(ctx, name, &capturebucket.Args{
		BucketName:            a.BucketName,
		KMSKeyArn:             a.KMSKeyArn,
		ExpirationDays:        a.ExpirationDays,
		NoncurrentVersionDays: a.NoncurrentVersionDays,
		AbortMultipartDays:    a.AbortMultipartDays,
		AccessLogBucket:       a.AccessLogBucket,
		AccessLogPrefix:       a.AccessLogPrefix,
		Tags:                  a.Tags,
	}, opts...)
}
