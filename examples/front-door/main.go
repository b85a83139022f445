// Command front-door is an example of frontdoor.API: a regional API
// Gateway REST API in front of the guarded handler of a SageMaker
// endpoint (a guardedinvoke.Handler: see examples/guarded-invoke), for
// callers with an
// API key (throttled to 10 requests a second and 5,000 a day by a usage
// plan), guarded by a WAF web ACL, with access logs in a KMS-encrypted log
// group, GET /v1/health for health checks, and, when domainName and
// certificateArn are set, a custom domain with TLS 1.2 at least. Leave Auth
// out for IAM (SigV4) callers.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set handlerArn arn:aws:lambda:us-east-1:111122223333:function:guarded-invoke
//	pulumi config set domainName api.example.com            # optional
//	pulumi config set certificateArn arn:aws:acm:us-east-1:...  # with domainName
//	pulumi up
package main

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/frontdoor"
)

func program(ctx *pulumi.Context) error {
	handler := config.Get(ctx, "handlerArn")
	if handler == "" {
		handler = "arn:aws:lambda:us-east-1:123456789012:function:guarded-invoke"
	}
	region := strings.Split(handler, ":")[3]
	args := &frontdoor.Args{
		Handler: &frontdoor.Handler{
			FunctionName: pulumi.String(handler),
			InvokeArn:    pulumi.String("arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + handler + "/invocations"),
		},
		Auth:       frontdoor.AuthAPIKey,
		RateLimit:  10,
		BurstLimit: 20,
		// The stage's access logs need the region's API Gateway CloudWatch
		// Logs role, which a fresh account lacks: the example sets it.
		// Leave this out where another stack of the account owns it.
		ManageAccountLogging: true,
		DailyQuota:           5000,
		DomainName:           config.Get(ctx, "domainName"),
	}
	if cert := config.Get(ctx, "certificateArn"); cert != "" {
		args.CertificateArn = pulumi.String(cert)
	}
	api, err := frontdoor.NewAPI(ctx, "models", args)
	if err != nil {
		return err
	}
	ctx.Export("invokeUrl", api.InvokeUrl)
	ctx.Export("healthCheckUrl", pulumi.Sprintf("https://%s%s", api.ExecuteApiDomain, api.HealthCheckPath))
	ctx.Export("apiKeyId", api.ApiKeyId)
	ctx.Export("regionalDomainName", api.RegionalDomainName)
	ctx.Export("webAclArn", api.WebAclArn)
	return nil
}

func main() {
	pulumi.Run(program)
}
