// Command web-acl is an example of webacl.ACL: a REGIONAL web ACL in
// front of an existing API Gateway stage, with the AWS managed rule groups,
// 500 requests per client IP per 5 minutes, prompts of up to 32 KiB (so
// API Gateway sends WAF 32 KB of each body), the health check path let
// through the anonymous IP list, and logs in a KMS-encrypted
// aws-waf-logs- group with the authorization headers redacted.
// (frontdoor.API creates such a web ACL for its own stage.)
//
//	pulumi config set aws:region us-east-1
//	pulumi config set stageArn arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/v1
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/webacl"
)

func program(ctx *pulumi.Context) error {
	stageArn := config.Get(ctx, "stageArn")
	if stageArn == "" {
		stageArn = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/v1"
	}
	acl, err := webacl.NewACL(ctx, "models", &webacl.Args{
		RateLimit:       500,
		MaxBodyBytes:    32 * 1024,
		HealthCheckPath: "/v1/health",
		Associations:    []pulumi.StringInput{pulumi.String(stageArn)},
	})
	if err != nil {
		return err
	}
	ctx.Export("webAclArn", acl.Arn)
	ctx.Export("logGroup", acl.LogGroupName)
	return nil
}

func main() {
	pulumi.Run(program)
}
