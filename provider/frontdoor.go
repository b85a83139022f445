package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/modelfort/modelfort/components/aws/frontdoor"
)

// FrontDoorArgs are frontdoor.Args on the wire.
type FrontDoorArgs struct {
	Handler              *FrontDoorHandler  `pulumi:"handler,optional"`
	Auth                 string             `pulumi:"auth,optional"`
	StageName            string             `pulumi:"stageName,optional"`
	RateLimit            float64            `pulumi:"rateLimit,optional"`
	BurstLimit           int                `pulumi:"burstLimit,optional"`
	DailyQuota           int                `pulumi:"dailyQuota,optional"`
	TimeoutMilliseconds  int                `pulumi:"timeoutMilliseconds,optional"`
	DomainName           string             `pulumi:"domainName,optional"`
	CertificateArn       pulumi.StringInput `pulumi:"certificateArn,optional"`
	KMSKeyArn            pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
	LogRetentionDays     int                `pulumi:"logRetentionDays,optional"`
	WebAcl               *WebAclArgs        `pulumi:"webAcl,optional"`
	WebAclArn            pulumi.StringInput `pulumi:"webAclArn,optional"`
	ManageAccountLogging bool               `pulumi:"manageAccountLogging,optional"`
	Tags                 map[string]string  `pulumi:"tags,optional"`
}

// FrontDoorHandler is frontdoor.Handler on the wire.
type FrontDoorHandler struct {
	FunctionName pulumi.StringInput `pulumi:"functionName,optional"`
	InvokeArn    pulumi.StringInput `pulumi:"invokeArn,optional"`
}

func newFrontDoor(ctx *pulumi.Context, name string, a FrontDoorArgs, opts ...pulumi.ResourceOption) (*frontdoor.API, error) {
	args := &frontdoor.Args{
		Auth:                 a.Auth,
		StageName:            a.StageName,
		RateLimit:            a.RateLimit,
		BurstLimit:           a.BurstLimit,
		DailyQuota:           a.DailyQuota,
		TimeoutMilliseconds:  a.TimeoutMilliseconds,
		DomainName:           a.DomainName,
		CertificateArn:       a.CertificateArn,
		KMSKeyArn:            a.KMSKeyArn,
		LogRetentionDays:     a.LogRetentionDays,
		WebAcl:               a.WebAcl.args(),
		WebAclArn:            a.WebAclArn,
		ManageAccountLogging: a.ManageAccountLogging,
		Tags:                 a.Tags,
	}
	if h := a.Handler; h != nil {
		args.Handler = &frontdoor.Handler{FunctionName: h.FunctionName, InvokeArn: h.InvokeArn}
	}
	return frontdoor.NewAPI(ctx, name, args, opts...)
}
