package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/wormbucket"
)

// WormBucketArgs are wormbucket.Args on the wire.
type WormBucketArgs struct {
	BucketName            string               `pulumi:"bucketName,optional"`
	KMSKeyArn             pulumi.StringInput   `pulumi:"kmsKeyArn,optional"`
	Retention             *Retention           `pulumi:"retention,optional"`
	AccessLogBucket       pulumi.StringInput   `pulumi:"accessLogBucket,optional"`
	AccessLogPrefix       string               `pulumi:"accessLogPrefix,optional"`
	VpcEndpointIds        []pulumi.StringInput `pulumi:"vpcEndpointIds,optional"`
	TrustedPrincipals     []pulumi.StringInput `pulumi:"trustedPrincipals,optional"`
	Writers               []ServiceWriter      `pulumi:"writers,optional"`
	NoncurrentVersionDays int                  `pulumi:"noncurrentVersionDays,optional"`
	AbortMultipartDays    int                  `pulumi:"abortMultipartDays,optional"`
	Tags                  map[string]string    `pulumi:"tags,optional"`
}

// Retention is wormbucket.Retention on the wire.
type Retention struct {
	Mode  string `pulumi:"mode,optional"`
	Days  int    `pulumi:"days,optional"`
	Years int    `pulumi:"years,optional"`
}

// retention converts r; nil stays nil (the component's default).
func (r *Retention) retention() *wormbucket.Retention {
	if r == nil {
		return nil
	}
	return &wormbucket.Retention{Mode: r.Mode, Days: r.Days, Years: r.Years}
}

// ServiceWriter is wormbucket.ServiceWriter on the wire.
type ServiceWriter struct {
	Service   string             `pulumi:"service,optional"`
	Prefix    string             `pulumi:"prefix,optional"`
	SourceArn pulumi.StringInput `pulumi:"sourceArn,optional"`
}

func newWormBucket(ctx *pulumi.Context, name string, a WormBucketArgs, opts ...pulumi.ResourceOption) (*wormbucket.Bucket, error) {
	var writers []wormbucket.ServiceWriter
	for _, w := range a.Writers {
		writers = append(writers, wormbucket.ServiceWriter{Service: w.Service, Prefix: w.Prefix, SourceArn: w.SourceArn})
	}
	return wormbucket.NewBucket(ctx, name, &wormbucket.Args{
		BucketName:            a.BucketName,
		KMSKeyArn:             a.KMSKeyArn,
		Retention:             a.Retention.retention(),
		AccessLogBucket:       a.AccessLogBucket,
		AccessLogPrefix:       a.AccessLogPrefix,
		VpcEndpointIds:        a.VpcEndpointIds,
		TrustedPrincipals:     a.TrustedPrincipals,
		Writers:               writers,
		NoncurrentVersionDays: a.NoncurrentVersionDays,
		AbortMultipartDays:    a.AbortMultipartDays,
		Tags:                  a.Tags,
	}, opts...)
}
