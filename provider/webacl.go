package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/webacl"
)

// WebAclArgs are webacl.Args on the wire. A CLOUDFRONT web ACL takes a
// us-east-1 provider, as the Go API does: the program's resource option.
type WebAclArgs struct {
	Scope             string               `pulumi:"scope,optional"`
	RateLimit         int                  `pulumi:"rateLimit,optional"`
	RateWindowSeconds int                  `pulumi:"rateWindowSeconds,optional"`
	MaxBodyBytes      int                  `pulumi:"maxBodyBytes,optional"`
	CountRules        []string             `pulumi:"countRules,optional"`
	HealthCheckPath   string               `pulumi:"healthCheckPath,optional"`
	Associations      []pulumi.StringInput `pulumi:"associations,optional"`
	KMSKeyArn         pulumi.StringInput   `pulumi:"kmsKeyArn,optional"`
	LogRetentionDays  int                  `pulumi:"logRetentionDays,optional"`
	LogGroupName      string               `pulumi:"logGroupName,optional"`
	Tags              map[string]string    `pulumi:"tags,optional"`
}

func newWebAcl(ctx *pulumi.Context, name string, a WebAclArgs, opts ...pulumi.ResourceOption) (*webacl.ACL, error) {
	return webacl.NewACL(ctx, name, a.args(), opts...)
}

// args converts a; nil stays nil (a front door's default ACL).
func (a *WebAclArgs) args() *webacl.Args {
	if a == nil {
		return nil
	}
	return &webacl.Args{
		Scope:             a.Scope,
		RateLimit:         a.RateLimit,
		RateWindowSeconds: a.RateWindowSeconds,
		MaxBodyBytes:      a.MaxBodyBytes,
		CountRules:        a.CountRules,
		HealthCheckPath:   a.HealthCheckPath,
		Associations:      a.Associations,
		KMSKeyArn:         a.KMSKeyArn,
		LogRetentionDays:  a.LogRetentionDays,
		LogGroupName:      a.LogGroupName,
		Tags:              a.Tags,
	}
}
