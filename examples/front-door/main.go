// Command front-door is an example of frontdoor.API: a regional API
// Gateway REST API in front of a SageMaker endpoint, for callers with an
// API key (throttled to 10 requests a second and 5,000 a day by a usage
// plan), guarded by a WAF web ACL, with access logs in a KMS-encrypted log
// group, GET /v1/health for health checks, and, when domainName and
// certificateArn are set, a custom domain with TLS 1.2 at least. Leave Auth
// out for IAM (SigV4) callers.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set endpointName deepseek-r1-distill
//	pulumi config set domainName api.example.com            # optional
//	pulumi config set certificateArn arn:aws:acm:us-east-1:...  # with domainName
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/frontdoor"
)

func program(ctx *pulumi.Context) error {
	endpoint := config.Get(ctx, "endpointName")
	if endpoint == "" {
		endpoint = "deepseek-r1-distill"
	}
	args := &frontdoor.Args{
		EndpointName: pulumi.String(endpoint),
		Auth:         frontdoor.AuthAPIKey,
		RateLimit:    10,
		BurstLimit:   20,
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
