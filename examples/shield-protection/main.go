// Command shield-protection is an example of
// shieldprotection.Protection: a CloudFront distribution protected
// by Shield Advanced, with a Route 53 health check of the application it
// serves associated with the protection (for health-based detection), and
// an alarm on DDoSDetected. It is what this plain program does, with the
// health check's settings checked and the alarm added:
//
//	protection, _ := shield.NewProtection(ctx, "cdn", &shield.ProtectionArgs{
//		Name: pulumi.String("cdn"), ResourceArn: distributionArn})
//	check, _ := route53.NewHealthCheck(ctx, "cdn", &route53.HealthCheckArgs{
//		Type: pulumi.String("HTTPS"), Fqdn: domainName, Port: pulumi.Int(443),
//		ResourcePath: pulumi.String("/health"), RequestInterval: pulumi.Int(30),
//		FailureThreshold: pulumi.Int(3)})
//	shield.NewProtectionHealthCheckAssociation(ctx, "cdn", &shield.ProtectionHealthCheckAssociationArgs{
//		ShieldProtectionId: protection.ID(), HealthCheckArn: check.Arn})
//
// The account must subscribe to Shield Advanced first (a paid, yearly
// commitment that nothing here makes). Run it with a provider in
// us-east-1, where Shield reports CloudFront's metrics.
//
//	pulumi config set aws:region us-east-1
//	pulumi config set distributionArn arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL
//	pulumi config set domainName models.example.com
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/modelfort/modelfort/components/aws/healthcheck"
	"github.com/modelfort/modelfort/components/aws/shieldprotection"
)

func program(ctx *pulumi.Context) error {
	distributionArn := config.Get(ctx, "distributionArn")
	if distributionArn == "" {
		distributionArn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
	}
	domainName := config.Get(ctx, "domainName")
	if domainName == "" {
		domainName = "models.example.com"
	}
	shield, err := shieldprotection.NewProtection(ctx, "edge", &shieldprotection.Args{
		Resources: []shieldprotection.Resource{{
			Name: "cdn",
			// The type (CLOUDFRONT_DISTRIBUTION) is read from the ARN.
			Arn: pulumi.String(distributionArn),
			HealthCheck: &healthcheck.Args{
				FQDN:             pulumi.String(domainName),
				Path:             "/health",
				RequestInterval:  30,
				FailureThreshold: 3,
			},
		}},
	})
	if err != nil {
		return err
	}
	ctx.Export("protectionIds", shield.ProtectionIds)
	ctx.Export("healthCheckIds", shield.HealthCheckIds)
	ctx.Export("healthCheckArns", shield.HealthCheckArns)
	ctx.Export("associationIds", shield.AssociationIds)
	ctx.Export("alarmArns", shield.AlarmArns)
	return nil
}

func main() {
	pulumi.Run(program)
}
