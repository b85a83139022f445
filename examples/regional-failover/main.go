// Command regional-failover is an example of failover.Regional: a
// front door (frontdoor.API) for the model endpoint in the primary
// and in the disaster-recovery region, both serving the custom domain
// domainName, and a Route 53 failover record of that name that answers
// with the primary while its health check passes and with the DR region
// when it does not. Health checks every 10 seconds, 3 failures and a TTL
// of 60 seconds make a worst-case failover time of 90 seconds, checked
// against a 5-minute recovery time objective before anything is created.
//
// With cdnAlias and cdnCertificateArn (an ACM certificate in us-east-1),
// a CloudFront distribution with its own web ACL sits in front of both
// regions; shieldAdvanced adds a Shield Advanced protection for accounts
// that subscribe.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set drRegion us-west-2
//	pulumi config set zoneId Z0123456789EXAMPLE
//	pulumi config set domainName api.example.com
//	pulumi config set primaryCertificateArn arn:aws:acm:us-east-1:...
//	pulumi config set drCertificateArn arn:aws:acm:us-west-2:...
//	pulumi config set cdnAlias models.example.com          # optional
//	pulumi config set cdnCertificateArn arn:aws:acm:us-east-1:...
//	pulumi up
package main

import (
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/failover"
	"github.com/modelfort/modelfort/components/aws/frontdoor"
)

// get reads a config value, or returns def.
func get(ctx *pulumi.Context, key, def string) string {
	if v := config.Get(ctx, key); v != "" {
		return v
	}
	return def
}

func program(ctx *pulumi.Context) error {
	drRegion := get(ctx, "drRegion", "us-west-2")
	domain := get(ctx, "domainName", "api.example.com")
	dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(drRegion)})
	if err != nil {
		return err
	}
	// Each region's front door sends to that region's guarded handler
	// (see examples/guarded-invoke).
	door := func(name, region, cert string, opts ...pulumi.ResourceOption) (*frontdoor.API, error) {
		fn := "arn:aws:lambda:" + region + ":123456789012:function:" + get(ctx, "handlerName", "guarded-invoke")
		return frontdoor.NewAPI(ctx, name, &frontdoor.Args{
			Handler: &frontdoor.Handler{
				FunctionName: pulumi.String(fn),
				InvokeArn:    pulumi.String("arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + fn + "/invocations"),
			},
			Auth:       frontdoor.AuthAPIKey,
			DomainName: domain,
			// A fresh account has no API Gateway logging role, which the
			// stage's access logs need: each region's front door sets it.
			ManageAccountLogging: true,
			CertificateArn:       pulumi.String(cert),
		}, opts...)
	}
	primaryRegion := config.Get(ctx, "aws:region")
	if primaryRegion == "" {
		primaryRegion = "us-east-1"
	}
	primary, err := door("models", primaryRegion, get(ctx, "primaryCertificateArn", "arn:aws:acm:"+primaryRegion+":123456789012:certificate/11111111-2222-3333-4444-555555555555"))
	if err != nil {
		return err
	}
	secondary, err := door("models-dr", drRegion, get(ctx, "drCertificateArn", "arn:aws:acm:"+drRegion+":123456789012:certificate/66666666-7777-8888-9999-000000000000"), pulumi.Provider(dr))
	if err != nil {
		return err
	}
	args := &failover.Args{
		ZoneId:                pulumi.String(get(ctx, "zoneId", "Z0123456789EXAMPLE")),
		RecordName:            domain,
		Primary:               failover.FromFrontDoor(primary),
		Secondary:             failover.FromFrontDoor(secondary),
		TTL:                   60,
		HealthCheck:           &failover.HealthCheck{RequestInterval: 10, FailureThreshold: 3},
		RecoveryTimeObjective: 5 * time.Minute,
	}
	if alias := config.Get(ctx, "cdnAlias"); alias != "" {
		cdn, err := aws.NewProvider(ctx, "cdn", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		args.CloudFront = &failover.CloudFront{
			Aliases:        []string{alias},
			CertificateArn: pulumi.String(config.Require(ctx, "cdnCertificateArn")),
			Provider:       cdn,
			ShieldAdvanced: config.GetBool(ctx, "shieldAdvanced"),
		}
	}
	dns, err := failover.NewRegional(ctx, "models", args)
	if err != nil {
		return err
	}
	ctx.Export("recordName", dns.RecordName)
	ctx.Export("worstCaseFailoverSeconds", dns.WorstCaseFailoverSeconds)
	ctx.Export("primaryHealthCheckArn", dns.PrimaryHealthCheckArn)
	ctx.Export("secondaryHealthCheckArn", dns.SecondaryHealthCheckArn)
	ctx.Export("distributionDomainName", dns.DistributionDomainName)
	return nil
}

func main() {
	pulumi.Run(program)
}
